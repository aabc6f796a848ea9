/* p: print the value of an expression, like gdb's print as crash shows it. */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"

static int value_count;		/* gdb's $N history numbers */

/* A pointer to char (gdb prints those as strings, without the type). */
static bool is_char_pointer(const struct ktype *ptr)
{
	const struct ktype *t = ktype_strip(ktype_target(ptr).type);
	return t && ktype_kind(t) == KT_INT && ktype_size(t) == 1;
}

static int p_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	unsigned flags = crash_radix(s) == 16 ? TP_HEX : 0;
	char expr[1024] = "";
	size_t len = 0;
	int opt;
	bool format = false;
	struct kexpr e;

	while ((opt = getopt(argc, argv, "xdXD")) != -1) {
		switch (opt) {
		case 'x': flags |= TP_HEX; break;
		case 'd': flags &= ~(unsigned)TP_HEX; break;
		/* p/x, p/d (the shell passes gdb's format as -X, -D) */
		case 'X': flags |= TP_HEX; format = true; break;
		case 'D': flags &= ~(unsigned)TP_HEX; format = true; break;
		default: return -1;
		}
	}
	for (int i = optind; i < argc; i++)
		len += (size_t)snprintf(expr + len, sizeof(expr) - len, "%s%s", i > optind ? " " : "",
					argv[i]);
	if (!*expr)
		return crash_error(s, "an expression is needed");
	if (kexpr_eval(k, expr, &e) != 0)
		return crash_error(s, "%s", err_get());

	struct kernel_sym ks;
	bool sym = e.bare_symbol && kernel_symbol_info(k, expr, &ks) == 0 && !ks.module;
	if (sym && e.lvalue && ks.percpu) {
		/* a per-cpu variable: its type and each CPU's copy */
		char d[512];
		tp_decl(e.type, expr, d, sizeof(d));
		fprintf(out, "PER-CPU DATA TYPE:\n  %s;\nPER-CPU ADDRESSES:\n", d);
		for (int cpu = 0; cpu < kernel_nr_cpus(k); cpu++) {
			uint64_t a;
			if (kernel_percpu_symbol(k, expr, cpu, &a) == 0)
				fprintf(out, "  [%d]: %" PRIx64 "\n", cpu, a);
		}
		return 0;
	}
	/* crash names a plain symbol's value ("jiffies = $1 = ..."), but not
	 * under gdb's p/x or p/d */
	if (e.bare_symbol && e.lvalue && !format)
		fprintf(out, "%s = ", expr);
	fprintf(out, "$%d = ", ++value_count);
	if (e.lvalue && e.has_type && !e.bit_size) {
		/* gdb shows a top-level pointer with its type, except char * */
		const struct ktype *st = ktype_strip(e.type.type);
		if (ktype_kind(st) == KT_POINTER && !is_char_pointer(st)) {
			char d[256];
			tp_decl(e.type, NULL, d, sizeof(d));
			fprintf(out, "(%s) ", d);
		}
		long size = ktype_size(e.type.type);
		if (size < 0 && sym)
			size = (long)ks.size;
		if (tp_value_at_sized(k, out, e.type, e.addr, size, 0, flags) != 0) {
			fputc('\n', out);
			return crash_error(s, "%s", err_get());
		}
	} else {
		uint64_t v;
		if (kexpr_int(k, &e, &v) != 0) {
			fputc('\n', out);
			return crash_error(s, "%s", err_get());
		}
		if (e.has_type && ktype_kind(ktype_strip(e.type.type)) == KT_POINTER) {
			char d[256];
			tp_decl(e.type, NULL, d, sizeof(d));
			fprintf(out, "(%s) 0x%" PRIx64, d, v);
			tp_pointer_suffix(k, out, v);
		} else if (e.has_type) {
			tp_value(k, out, e.type, (unsigned char *)&v, sizeof(v), 0, flags);
		} else {
			fprintf(out, (flags & TP_HEX) ? "0x%" PRIx64 : "%" PRIu64, v);
		}
	}
	fputc('\n', out);
	return 0;
}

static const struct crash_cmd p_cmd = {
	.name = "p",
	.run = p_run,
	.summary = "print the value of an expression",
	.synopsis = "[-x|-d] expression",
	.description =
		"Evaluates a C expression over the kernel's symbols and types and prints\n"
		"its value: globals, struct and union members (. and ->), array\n"
		"elements, casts such as (struct task_struct *)ADDR, the unary operators\n"
		"* & - ~ !, and integer arithmetic.  Structures are printed member by\n"
		"member; character arrays as strings.\n"
		"\n"
		"  -x  integers in hexadecimal\n"
		"  -d  integers in decimal (the default unless set radix 16)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> p jiffies\n"
		"  jiffies = $1 = 4294895258\n"
		"  crash> p init_task.comm\n"
		"  $2 = \"swapper/0\\000\\000\\000\\000\\000\\000\"\n"
		"  crash> p ((struct task_struct *)0xffff8f3e811fc180)->pid\n"
		"  $3 = 1\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(p_cmd)
