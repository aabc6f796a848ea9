/* irq: interrupt descriptors and their actions, the IDT, softirq vectors,
 * affinity and per-CPU counts, in crash's layouts. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

/* s centred in width (the odd space goes right), as crash pads columns. */
static void centre(FILE *out, int width, const char *s)
{
	int len = (int)strlen(s), l = len < width ? (width - len) / 2 : 0;
	int r = len < width ? width - len - l : 0;
	fprintf(out, "%*s%s%*s", l, "", s, r, "");
}

struct table {
	unsigned n;
	uint64_t *desc; /* by IRQ number, 0 when none */
};

static int collect(void *arg, unsigned irq, uint64_t desc)
{
	struct table *t = arg;
	if (irq < t->n)
		t->desc[irq] = desc;
	return 0;
}

static int load_table(struct crash_session *s, struct table *t)
{
	struct kernel *k = crash_kernel(s);
	if (irq_count(k, &t->n) < 0)
		return crash_error(s, "%s", err_get());
	t->desc = xcalloc(t->n ? t->n : 1, sizeof *t->desc);
	if (irq_desc_each(k, collect, t) < 0) {
		free(t->desc);
		return crash_error(s, "%s", err_get());
	}
	return 0;
}

static void print_header(FILE *out)
{
	centre(out, 5, "IRQ");
	fputc(' ', out);
	centre(out, 16, "IRQ_DESC/_DATA");
	fputs("  ", out);
	centre(out, 16, "IRQACTION");
	fputs("  NAME\n", out);
}

static void print_irq(struct crash_session *s, unsigned irq, uint64_t desc)
{
	FILE *out = crash_out(s);
	char num[16];
	struct irq_info info;
	snprintf(num, sizeof num, "%u", irq);
	centre(out, 5, num);
	fputc(' ', out);
	if (!desc) {
		centre(out, 16, "(unused)");
		fputs("  ", out);
		centre(out, 16, "(unused)");
		fputs("  \n", out);
		return;
	}
	fprintf(out, "%016llx  ", (unsigned long long)desc);
	if (irq_read(crash_kernel(s), irq, desc, &info) < 0 || info.nactions == 0) {
		centre(out, 16, "(unused)");
		fputs("  \n", out);
		return;
	}
	for (int i = 0; i < info.nactions; i++) {
		if (i)
			fprintf(out, "%5s %16s  ", "", "");
		fprintf(out, "%016llx  \"%s\"\n", (unsigned long long)info.action[i].addr, info.action[i].name);
	}
}

static void print_sym(struct crash_session *s, uint64_t addr, bool brackets)
{
	uint64_t off = 0;
	const char *name = kernel_symbol_at(crash_kernel(s), addr, &off);
	FILE *out = crash_out(s);
	if (!name) {
		fprintf(out, brackets ? "<%llx>" : "%llx", (unsigned long long)addr);
		return;
	}
	fputs(brackets ? "<" : "", out);
	if (off)
		fprintf(out, "%s+%llu", name, (unsigned long long)off);
	else
		fputs(name, out);
	fputs(brackets ? ">" : "", out);
}

/* A symbol and offset as JSON ("name+off"), null when none. */
static struct json_object *sym_json(struct crash_session *s, uint64_t addr)
{
	uint64_t off = 0;
	const char *name = kernel_symbol_at(crash_kernel(s), addr, &off);
	char buf[256];
	if (!name)
		return NULL;
	if (off)
		snprintf(buf, sizeof buf, "%s+%llu", name, (unsigned long long)off);
	else
		snprintf(buf, sizeof buf, "%s", name);
	return crash_json_str(buf);
}

/* irq [-u] [index ...] in JSON: one object per IRQ, desc null when unused. */
static struct json_object *irq_json(struct crash_session *s, unsigned irq, uint64_t desc)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	struct irq_info info;
	json_object_object_add(o, "irq", json_object_new_int64(irq));
	json_object_object_add(o, "desc", desc ? crash_json_addr(desc) : NULL);
	if (desc && irq_read(crash_kernel(s), irq, desc, &info) == 0)
		for (int i = 0; i < info.nactions; i++) {
			struct json_object *x = json_object_new_object();
			json_object_object_add(x, "address", crash_json_addr(info.action[i].addr));
			json_object_object_add(x, "name", crash_json_str(info.action[i].name));
			json_object_array_add(a, x);
		}
	json_object_object_add(o, "actions", a);
	return o;
}

/* A document of one member, key, holding rows. */
static void emit_rows(struct crash_session *s, const char *key, struct json_object *rows)
{
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, key, rows);
	crash_json_emit(s, d);
}

static int do_idt(struct crash_session *s)
{
	FILE *out = crash_out(s);
	struct json_object *rows = crash_json(s) ? json_object_new_array() : NULL;
	for (int v = 0; v < 256; v++) {
		uint64_t fn;
		char num[16];
		if (idt_handler(crash_kernel(s), v, &fn) < 0) {
			if (rows)
				emit_rows(s, "idt", rows);
			return crash_error(s, "%s", err_get());
		}
		if (rows) {
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "vector", json_object_new_int(v));
			json_object_object_add(o, "handler", crash_json_addr(fn));
			json_object_object_add(o, "symbol", sym_json(s, fn));
			json_object_array_add(rows, o);
			continue;
		}
		snprintf(num, sizeof num, "[%d]", v);
		fprintf(out, "%5s ", num);
		print_sym(s, fn, false);
		fputc('\n', out);
	}
	if (rows)
		emit_rows(s, "idt", rows);
	return 0;
}

static int do_softirq(struct crash_session *s)
{
	FILE *out = crash_out(s);
	struct kernel *k = crash_kernel(s);
	int n;
	if (softirq_vec_count(k, &n) < 0)
		return crash_error(s, "%s", err_get());
	struct json_object *rows = crash_json(s) ? json_object_new_array() : NULL;
	if (!rows) {
		fputs("SOFTIRQ_VEC ", out);
		centre(out, 16, "ACTION");
		fputc('\n', out);
	}
	for (int i = 0; i < n; i++) {
		uint64_t fn;
		char num[16];
		if (softirq_vec_action(k, i, &fn) < 0) {
			if (rows)
				emit_rows(s, "softirqs", rows);
			return crash_error(s, "%s", err_get());
		}
		if (!fn)
			continue;
		if (rows) {
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "vector", json_object_new_int(i));
			json_object_object_add(o, "action", crash_json_addr(fn));
			json_object_object_add(o, "symbol", sym_json(s, fn));
			json_object_array_add(rows, o);
			continue;
		}
		snprintf(num, sizeof num, "[%d]", i);
		centre(out, 11, num);
		fprintf(out, " %016llx  ", (unsigned long long)fn);
		print_sym(s, fn, true);
		fputc('\n', out);
	}
	if (rows)
		emit_rows(s, "softirqs", rows);
	return 0;
}

/* "1,3,5-7", "all" or "a" into sel[0..ncpus-1]. */
/* irq -s in JSON: per IRQ in use, its counts on the selected CPUs (null
 * where unreadable), chip, flow and action names. */
static void stats_rows(struct crash_session *s, struct table *t, const bool *sel, int ncpus,
		       struct json_object *rows)
{
	struct kernel *k = crash_kernel(s);
	for (unsigned irq = 0; irq < t->n; irq++) {
		struct irq_info info;
		if (!t->desc[irq] || irq_read(k, irq, t->desc[irq], &info) < 0 || !info.nactions)
			continue;
		struct json_object *o = json_object_new_object(), *cn = json_object_new_array(),
				   *an = json_object_new_array();
		for (int c = 0; c < ncpus; c++) {
			uint64_t n = 0;
			if (sel[c])
				json_object_array_add(cn, irq_cpu_count(k, t->desc[irq], c, &n) < 0 ? NULL
							  : json_object_new_uint64(n));
		}
		for (int i = 0; i < info.nactions; i++)
			json_object_array_add(an, crash_json_str(info.action[i].name));
		json_object_object_add(o, "irq", json_object_new_int64(irq));
		json_object_object_add(o, "counts", cn);
		json_object_object_add(o, "chip", crash_json_str(info.chip));
		json_object_object_add(o, "flow", info.flow[0] ? crash_json_str(info.flow) : NULL);
		json_object_object_add(o, "actions", an);
		json_object_array_add(rows, o);
	}
}

static int do_stats(struct crash_session *s, struct table *t, const char *cpuarg)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int ncpus = kernel_nr_cpus(k);
	bool *sel = xcalloc((size_t)ncpus, sizeof *sel);
	if (cpuarg) {
		if (crash_parse_cpus(cpuarg, sel, ncpus) < 0) {
			free(sel);
			return crash_error(s, "invalid cpu list: %s", cpuarg);
		}
	} else {
		/* Every possible CPU: after a panic the other CPUs are marked
		 * offline by the stop IPI, but their counts still matter. */
		for (int c = 0; c < ncpus; c++)
			sel[c] = true;
	}
	struct json_object *rows = crash_json(s) ? json_object_new_array() : NULL;
	if (rows) {
		struct json_object *cl = json_object_new_array();
		for (int c = 0; c < ncpus; c++)
			if (sel[c])
				json_object_array_add(cl, json_object_new_int(c));
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "cpus", cl);
		json_object_object_add(d, "irqs", rows);
		stats_rows(s, t, sel, ncpus, rows);
		crash_json_emit(s, d);
		free(sel);
		return 0;
	}
	fputs("    ", out);
	for (int c = 0; c < ncpus; c++) {
		char name[16];
		snprintf(name, sizeof name, "CPU%d", c);
		if (sel[c])
			fprintf(out, "%11s", name);
	}
	fputs(" \n", out);
	for (unsigned irq = 0; irq < t->n; irq++) {
		struct irq_info info;
		if (!t->desc[irq] || irq_read(k, irq, t->desc[irq], &info) < 0 || !info.nactions)
			continue;
		fprintf(out, "%3u:", irq);
		for (int c = 0; c < ncpus; c++) {
			uint64_t n = 0;
			if (!sel[c])
				continue;
			if (irq_cpu_count(k, t->desc[irq], c, &n) < 0)
				fprintf(out, "%11s", "?");
			else
				fprintf(out, "%11llu", (unsigned long long)n);
		}
		char chip[80];
		snprintf(chip, sizeof chip, "%s%s%s", info.chip, info.flow[0] ? "-" : "", info.flow);
		fprintf(out, "  %-16s ", chip);
		for (int i = 0; i < info.nactions; i++)
			fprintf(out, "%s%s", i ? ", " : "", info.action[i].name);
		fputc('\n', out);
	}
	free(sel);
	return 0;
}

static int do_affinity(struct crash_session *s, struct table *t)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int ncpus = kernel_nr_cpus(k);
	struct json_object *rows = crash_json(s) ? json_object_new_array() : NULL, *o = NULL, *cl = NULL;
	if (!rows)
		fputs("IRQ NAME                 AFFINITY\n", out);
	for (unsigned irq = 0; irq < t->n; irq++) {
		struct irq_info info;
		char names[256] = "";
		size_t len = 0;
		if (!t->desc[irq] || irq_read(k, irq, t->desc[irq], &info) < 0 || !info.nactions)
			continue;
		for (int i = 0; i < info.nactions && len < sizeof names; i++)
			len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? "," : "", info.action[i].name);
		if (rows) {
			struct json_object *an = json_object_new_array();
			for (int i = 0; i < info.nactions; i++)
				json_object_array_add(an, crash_json_str(info.action[i].name));
			o = json_object_new_object();
			cl = json_object_new_array();
			json_object_object_add(o, "irq", json_object_new_int64(irq));
			json_object_object_add(o, "actions", an);
			json_object_object_add(o, "affinity", cl);
			json_object_array_add(rows, o);
			for (int c = 0; c < ncpus; c++) {
				bool in = false;
				if (irq_affinity_has(k, t->desc[irq], c, &in) < 0)
					break;
				if (in)
					json_object_array_add(cl, json_object_new_int(c));
			}
			continue;
		}
		fprintf(out, "%3u %-20s ", irq, names);
		/* The CPU list as /proc/irq/N/smp_affinity_list: 0-1,3 */
		bool first = true;
		for (int c = 0; c < ncpus;) {
			bool in = false;
			if (irq_affinity_has(k, t->desc[irq], c, &in) < 0)
				break;
			if (!in) {
				c++;
				continue;
			}
			int e = c;
			for (;;) {
				bool next = false;
				if (e + 1 >= ncpus || irq_affinity_has(k, t->desc[irq], e + 1, &next) < 0 || !next)
					break;
				e++;
			}
			fprintf(out, first ? "" : ",");
			if (e > c)
				fprintf(out, "%d-%d", c, e);
			else
				fprintf(out, "%d", c);
			first = false;
			c = e + 1;
		}
		fputc('\n', out);
	}
	if (rows)
		emit_rows(s, "irqs", rows);
	return 0;
}

static int cmd_irq(struct crash_session *s, int argc, char **argv)
{
	bool inuse = false, idt = false, bh = false, aff = false, stats = false;
	const char *cpuarg = NULL;
	int c;
	while ((c = getopt(argc, argv, "udbasc:")) != -1) {
		switch (c) {
		case 'u': inuse = true; break;
		case 'd': idt = true; break;
		case 'b': bh = true; break;
		case 'a': aff = true; break;
		case 's': stats = true; break;
		case 'c': cpuarg = optarg; break;
		default: return crash_error(s, "usage: irq [[[index ...] | -u ] | -d | -b | -a | -s [-c cpu]]");
		}
	}
	if (cpuarg && !stats)
		return crash_error(s, "-c is only usable with -s");
	if (idt)
		return do_idt(s);
	if (bh)
		return do_softirq(s);
	struct table t;
	if (load_table(s, &t) < 0)
		return -1;
	int ret = 0;
	if (stats) {
		ret = do_stats(s, &t, cpuarg);
	} else if (aff) {
		ret = do_affinity(s, &t);
	} else if (crash_json(s)) {
		struct json_object *rows = json_object_new_array();
		for (int i = optind; i < argc; i++) {
			char *end;
			errno = 0;
			unsigned long irq = strtoul(argv[i], &end, 0);
			if (*end || errno || irq >= t.n) {
				ret = crash_error(s, "invalid IRQ value: %s", argv[i]);
				continue;
			}
			json_object_array_add(rows, irq_json(s, (unsigned)irq, t.desc[irq]));
		}
		for (unsigned irq = 0; optind >= argc && irq < t.n; irq++)
			if (!inuse || t.desc[irq])
				json_object_array_add(rows, irq_json(s, irq, t.desc[irq]));
		emit_rows(s, "irqs", rows);
	} else if (optind < argc) {
		print_header(crash_out(s));
		for (int i = optind; i < argc; i++) {
			char *end;
			errno = 0;
			unsigned long irq = strtoul(argv[i], &end, 0);
			if (*end || errno || irq >= t.n) {
				ret = crash_error(s, "invalid IRQ value: %s", argv[i]);
				continue;
			}
			print_irq(s, (unsigned)irq, t.desc[irq]);
		}
	} else {
		print_header(crash_out(s));
		for (unsigned irq = 0; irq < t.n; irq++)
			if (!inuse || t.desc[irq])
				print_irq(s, irq, t.desc[irq]);
	}
	free(t.desc);
	return ret;
}

static const struct crash_cmd irq_cmd = {
	.name = "irq",
	.run = cmd_irq,
	.summary = "IRQ data",
	.synopsis = "irq [[[index ...] | -u ] | -d | -b | -a | -s [-c cpu]]",
	.description =
		"Lists each IRQ number with its irq_desc address, its irqaction(s) and\n"
		"their names; \"(unused)\" where there is no descriptor or no action.\n"
		"  index ...  only these IRQs\n"
		"  -u         only IRQs that have a descriptor\n"
		"  -d         the x86_64 interrupt descriptor table: vector and handler\n"
		"  -b         the softirq vectors and their action functions\n"
		"  -a         the CPU affinity of each IRQ in use\n"
		"  -s         per-CPU interrupt counts, like /proc/interrupts\n"
		"  -c cpus    with -s: only these CPUs (\"1,3,5-7\", \"all\" or \"a\")\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(irq_cmd)
