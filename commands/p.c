/* p, print and output: the value of an expression as gdb prints it
 * (kernel-types/expr.h), with crash's additions: "sym = $N = ..." for a
 * plain symbol, a per-cpu symbol's addresses or its copy on CPUs
 * (sym:cpuspec), -x/-d and the session's radix. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"
#include "json_value.h"

struct popts {
	struct kx_format fmt;
	bool letter;		/* a /FMT was given */
	bool gdb;		/* -G: gdb's own form, no crash prefixes */
	const char *text;	/* the expression as typed */
};

/* Options first: -x, -d, /FMT (p/x reaches here as "p /x"), and -G from
 * the gdb command; the rest of the line is the expression. */
static int parse_args(struct crash_session *s, int argc, char **argv, struct popts *o)
{
	int i, count;
	memset(o, 0, sizeof(*o));
	o->fmt.radix = crash_radix(s);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '/' && a[1]) {
			struct kx_format f;
			if (kx_parse_format(a, &count, &f) != 0)
				return crash_error(s, "%s", err_get());
			if (count >= 0 && count != 1)
				return crash_error(s, "Item count other than 1 is meaningless in \"print\" command.");
			if (f.size)
				return crash_error(s, "Size letters are meaningless in \"print\" command.");
			o->fmt.letter = f.letter;
			o->letter = f.letter != 0;
		} else if (!strcmp(a, "-x")) {
			o->fmt.radix = 16;
		} else if (!strcmp(a, "-d")) {
			o->fmt.radix = 10;
		} else if (!strcmp(a, "-G")) {
			o->gdb = true;
		} else if (!strcmp(a, "-u")) {
			return crash_error(s, "-u: user-space expressions are not supported");
		} else if (!strcmp(a, "--")) {
			i++;
			break;
		} else {
			break;
		}
	}
	o->text = crash_arg_text(s, i);
	return 0;
}

/* The value as text, or NULL with err_get(). */
static char *printed(struct crash_session *s, const struct kx_value *v, const struct kx_format *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int rc = kx_print(crash_kernel(s), mem, v, f);
	fclose(mem);
	if (rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* The JSON of a value (commands/json/p.schema.json): {expression,
 * symbol, history, type, address, value}; the history number as text
 * gives it. */
static struct json_object *value_json(struct crash_session *s, const struct kx_value *v,
				      const char *expr, int history)
{
	struct kernel *k = crash_kernel(s);
	struct json_object *val = NULL;
	if (json_value_kx(k, v, &val) != 0)
		return NULL;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "expression", crash_json_str(expr));
	json_object_object_add(o, "symbol", crash_json_str(v->symbol));
	if (history > 0)
		json_object_object_add(o, "history", json_object_new_int(history));
	json_object_object_add(o, "type", json_type_name(v->type));
	json_object_object_add(o, "address", v->where == KX_MEMORY ? crash_json_addr(v->addr) : NULL);
	json_object_object_add(o, "value", val);
	return o;
}

/* "[prefix = ]$N = value" and the value into the history. */
static int show(struct crash_session *s, const struct kx_value *v, const struct popts *o,
		const char *prefix)
{
	if (crash_json(s)) {
		struct json_object *d = value_json(s, v, prefix ? prefix : o->text, 0);
		if (!d)
			return crash_error(s, "%s", err_get());
		json_object_object_add(d, "history", json_object_new_int(kx_history_add(crash_kernel(s), v)));
		crash_json_emit(s, d);
		return 0;
	}
	char *text = printed(s, v, &o->fmt);
	if (!text)
		return crash_error(s, "%s", err_get());
	int n = kx_history_add(crash_kernel(s), v);
	FILE *out = crash_out(s);
	if (prefix)
		fprintf(out, "%s = ", prefix);
	/* crash puts a function's value on a line of its own after "sym = " */
	if (prefix && ktype_kind(ktype_strip(v->type.type)) == KT_FUNCTION && !o->letter)
		fprintf(out, "$%d = \n %s\n", n, text);
	else
		fprintf(out, "$%d = %s\n", n, text);
	free(text);
	return 0;
}

static void percpu_addresses(struct crash_session *s, const char *name, const struct kx_value *v)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	char d[512];
	if (crash_json(s)) {
		struct json_object *j = json_object_new_object(), *a = json_object_new_array();
		json_object_object_add(j, "expression", crash_json_str(name));
		json_object_object_add(j, "symbol", crash_json_str(name));
		json_object_object_add(j, "type", json_type_name(v->type));
		json_object_object_add(j, "percpu_offset", crash_json_addr(v->addr));
		for (int cpu = 0; cpu < kernel_nr_cpus(k); cpu++) {
			uint64_t a2;
			if (kernel_percpu_ptr(k, v->addr, cpu, &a2) != 0)
				continue;
			struct json_object *c = json_object_new_object();
			json_object_object_add(c, "cpu", json_object_new_int(cpu));
			json_object_object_add(c, "address", crash_json_addr(a2));
			json_object_array_add(a, c);
		}
		json_object_object_add(j, "percpu_addresses", a);
		crash_json_emit(s, j);
		return;
	}
	tp_decl(v->type, name, d, sizeof(d));
	fprintf(out, "PER-CPU DATA TYPE:\n  %s;\nPER-CPU ADDRESSES:\n", d);
	for (int cpu = 0; cpu < kernel_nr_cpus(k); cpu++) {
		uint64_t a;
		if (kernel_percpu_ptr(k, v->addr, cpu, &a) == 0)
			fprintf(out, "  [%d]: %" PRIx64 "\n", cpu, a);
	}
}

/* sym:cpuspec: the per-cpu symbol's copy on each CPU. */
static int per_cpu(struct crash_session *s, const char *name, const char *spec, const struct popts *o)
{
	struct kernel *k = crash_kernel(s);
	struct kx_value v;
	if (kx_eval(k, name, 0, &v) != 0)
		return crash_error(s, "%s", err_get());
	if (!v.percpu || v.where != KX_MEMORY) {
		/* crash's words, without the command's name */
		fflush(crash_out(s));
		fprintf(stderr, "WARNING: %s is not percpu; cpuspec ignored.\n", name);
		return show(s, &v, o, o->letter || o->gdb || !v.symbol ? NULL : name);
	}
	int ncpus = kernel_nr_cpus(k);
	bool *sel = xcalloc((size_t)ncpus, sizeof(*sel));
	int rc = 0;
	if (addrarg_cpus(k, spec, sel, ncpus) != 0) {
		free(sel);
		return crash_error(s, "%s", err_get());
	}
	for (int cpu = 0; cpu < ncpus && rc == 0; cpu++) {
		struct kx_value c = v;
		char prefix[300];
		if (!sel[cpu])
			continue;
		if (kernel_percpu_ptr(k, v.addr, cpu, &c.addr) != 0) {
			rc = crash_error(s, "%s", err_get());
			break;
		}
		c.percpu = false;
		snprintf(prefix, sizeof(prefix), "per_cpu(%s, %d)", name, cpu);
		rc = show(s, &c, o, prefix);
	}
	free(sel);
	return rc;
}

static bool is_name(const char *s)
{
	if (!(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(s);
}

static int p_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	struct popts o;
	struct kx_value v;
	char base[256];
	const char *spec;

	if (parse_args(s, argc, argv, &o) != 0)
		return -1;
	/* print alone shows the last value again, as gdb does */
	const char *text = o.text && *o.text ? o.text : "$";
	if (!o.gdb && addrarg_split_cpuspec(text, base, sizeof(base), &spec) && is_name(base))
		return per_cpu(s, base, spec, &o);
	if (kx_eval(k, text, 0, &v) != 0)
		return crash_error(s, "%s", err_get());
	if (v.symbol && v.percpu && v.where == KX_MEMORY && !o.gdb) {
		percpu_addresses(s, v.symbol, &v);
		return 0;
	}
	/* crash names a plain symbol's value ("jiffies = $1 = ..."), but not
	 * under gdb's p/x */
	return show(s, &v, &o, v.symbol && !o.letter && !o.gdb ? v.symbol : NULL);
}

static int output_run(struct crash_session *s, int argc, char **argv)
{
	struct popts o;
	struct kx_value v;
	if (parse_args(s, argc, argv, &o) != 0)
		return -1;
	if (!o.text || !*o.text)
		return crash_error(s, "Argument required (expression to compute).");
	if (kx_eval(crash_kernel(s), o.text, 0, &v) != 0)
		return crash_error(s, "%s", err_get());
	char *text = printed(s, &v, &o.fmt);
	if (!text)
		return crash_error(s, "%s", err_get());
	fputs(text, crash_out(s));
	free(text);
	return 0;
}

#define P_HELP                                                                                    \
	"Evaluates a C expression as gdb does and prints its value as gdb's print\n"              \
	"does, numbered in the value history ($1, $2, ...).  The expression may use\n"            \
	"every C operator (?: and the comma included), casts to any type, sizeof,\n"              \
	"character and string literals, enumerators, gdb's arr[0]@N and {type} addr,\n"           \
	"'file.c'::var and func::var, the current context's registers ($pc, $sp,\n"               \
	"$rip, $rax, ...), the history ($, $$, $N) and convenience variables\n"                   \
	"($name = expr).  Numbers are decimal unless written 0x; overflow, division\n"             \
	"by zero and shift counts as wide as the type are errors.\n"                              \
	"\n"                                                                                      \
	"  /FMT  gdb's format letter: x (hex), d (signed), u (unsigned), o (octal),\n"            \
	"        t (binary), z (zero-padded hex), c (character), a (address),\n"                  \
	"        f (floating), s (string); p/x expr is p /x expr\n"                               \
	"  -x    integers in hexadecimal (as set radix 16)\n"                                     \
	"  -d    integers in decimal (the default unless set radix 16)\n"                         \
	"\n"                                                                                      \
	"A plain symbol's value is shown as \"symbol = $N = value\" (not with /FMT).\n"            \
	"A per-cpu symbol alone shows its type and its address on every CPU;\n"                   \
	"symbol:cpuspec shows its copy on CPUs: \":\" the current context's CPU, \":a\"\n"       \
	"every CPU, \":1\", \":0-1\", \":1,3\".  gdb's print settings (set print pretty,\n"      \
	"repeats, elements, null-stop, symbol, union) are changed with set print ...\n"          \
	"or gdb set print ....\n"

static const struct crash_cmd p_cmd = {
	.name = "p",
	.run = p_run,
	.summary = "print the value of an expression",
	.synopsis = "[/FMT] [-x|-d] [expression | symbol[:cpuspec]]",
	.description = P_HELP
		"\n"
		"EXAMPLES\n"
		"  crash> p jiffies\n"
		"  jiffies = $1 = 4294895258\n"
		"  crash> p/x init_task.pid\n"
		"  $2 = 0x0\n"
		"  crash> p init_task.comm\n"
		"  $3 = \"swapper/0\\000\\000\\000\\000\\000\\000\"\n"
		"  crash> p ((struct task_struct *)0xffff8f3e811fc180)->pid\n"
		"  $4 = 1\n"
		"  crash> p sizeof(struct task_struct) * 2\n"
		"  $5 = 19456\n"
		"  crash> p irq_stat:1\n"
		"  per_cpu(irq_stat, 1) = $6 = {\n"
		"    __softirq_pending = 0,\n"
		"  ...\n"
		"  crash> p/c 65\n"
		"  $7 = 65 'A'\n"
		"  crash> p $pc\n"
		"  $8 = (void (*)()) 0xffffffff96a1b09e <crash_setup_regs+30>\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(p_cmd)

static const struct crash_cmd print_cmd = {
	.name = "print",
	.run = p_run,
	.summary = "print the value of an expression (gdb's name for p)",
	.synopsis = "[/FMT] [-x|-d] [expression | symbol[:cpuspec]]",
	.description = "The same command as p.\n\n" P_HELP,
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(print_cmd)

static const struct crash_cmd output_cmd = {
	.name = "output",
	.run = output_run,
	.summary = "print the value of an expression, gdb's output",
	.synopsis = "[/FMT] expression",
	.description =
		"As p, but the value alone: no \"$N = \", no history entry, no newline\n"
		"after it (gdb's output command, for scripts).\n"
		"\n"
		"EXAMPLES\n"
		"  crash> output init_task.pid\n"
		"  0crash>\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(output_cmd)
