/* struct and union: a type's definition, or the object at an address.
 * Both commands share this file: they differ only in the keyword. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"

#define MAX_MEMBERS 32

static int member_decl(FILE *out, const struct ktype *type, const char *m, bool offsets)
{
	struct kmember_ref r;
	char d[512];
	const char *last = strrchr(m, '.');

	if (ktype_member(type, m, &r) != 0)
		return -1;
	tp_decl(r.type, last ? last + 1 : m, d, sizeof(d));
	if (offsets)
		fprintf(out, "   [%ld] %s;\n", r.offset, d);
	else
		fprintf(out, "    %s;\n", d);
	return 0;
}

static void offsets_at(FILE *out, const struct ktype *type, uint64_t addr)
{
	size_t n = ktype_nmembers(type);
	for (size_t i = 0; i < n; i++) {
		const struct kmember *m = ktype_member_at(type, i);
		char d[512];
		/* a bitfield: the address of the byte it starts in */
		tp_decl(m->type, m->name ? m->name : "", d, sizeof(d));
		fprintf(out, "  [%" PRIx64 "] %s;\n", addr + m->bit_offset / 8, d);
	}
}

static int run(struct crash_session *s, int argc, char **argv, const char *kw)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	unsigned flags = crash_radix(s) == 16 ? TP_HEX : 0;
	bool offsets = false, have_addr = false;
	char *spec, *dot, *members[MAX_MEMBERS];
	int nmembers = 0, opt, count = 1, rc = 0, naddrs = 0;
	uint64_t addr = 0, *addrs = NULL;
	int *cpus = NULL;
	const struct ktype *type;
	struct kqtype qt;
	char tname[256];

	while ((opt = getopt(argc, argv, "oxd")) != -1) {
		switch (opt) {
		case 'o': offsets = true; break;
		case 'x': flags |= TP_HEX; break;
		case 'd': flags &= ~(unsigned)TP_HEX; break;
		default: return -1;
		}
	}
	if (optind >= argc)
		return crash_error(s, "a %s name is needed", kw);
	spec = xstrdup(argv[optind++]);
	dot = strchr(spec, '.');
	if (dot) {
		*dot++ = '\0';
		for (char *save, *m = strtok_r(dot, ",", &save); m && nmembers < MAX_MEMBERS;
		     m = strtok_r(NULL, ",", &save))
			members[nmembers++] = m;
	}
	snprintf(tname, sizeof(tname), "%s %s", kw, spec);
	/* a typedef of a struct names it too (irq_cpustat_t) */
	if (ktype_lookup(k, tname, &qt) != 0 &&
	    (ktype_lookup(k, spec, &qt) != 0 || ktype_kind(qt.type) != KT_TYPEDEF ||
	     ktype_kind(ktype_strip(qt.type)) != (kw[0] == 's' ? KT_STRUCT : KT_UNION))) {
		rc = crash_error(s, "invalid data structure reference: %s", spec);
		goto out;
	}
	type = ktype_strip(qt.type);
	for (; optind < argc; optind++) {
		const char *arg = argv[optind];
		char *end;
		if (!have_addr) {
			/* an address, a symbol, an expression; with a cpuspec,
			 * one per CPU */
			int max = kernel_nr_cpus(k) + 1;
			addrs = xcalloc((size_t)max, sizeof(*addrs));
			cpus = xcalloc((size_t)max, sizeof(*cpus));
			naddrs = addrarg_resolve_cpus(k, arg, addrs, cpus, max);
			if (naddrs <= 0) {
				rc = crash_error(s, "invalid address: %s (%s)", arg, err_get());
				goto out;
			}
			addr = addrs[0];
			have_addr = true;
		} else {
			count = (int)strtol(arg, &end, 10);
			if (*end || count <= 0 || count > 100000) {
				rc = crash_error(s, "invalid count: %s", arg);
				goto out;
			}
		}
	}

	/* Every member named must exist before anything is printed. */
	for (int i = 0; i < nmembers; i++) {
		struct kmember_ref r;
		if (ktype_member(type, members[i], &r) != 0) {
			rc = crash_error(s, "%s", err_get());
			goto out;
		}
	}
	if (!have_addr) {
		if (!nmembers) {
			tp_definition(k, out, (struct kqtype){ type, 0 }, offsets ? TP_OFFSETS : 0, true);
			goto out;
		}
		fprintf(out, "%s %s {\n", kw, spec);
		for (int i = 0; i < nmembers; i++)
			if (member_decl(out, type, members[i], true) != 0)
				rc = crash_error(s, "%s", err_get());
		fprintf(out, "}\n");
		goto out;
	}

	long size = ktype_size(type);
	for (int c = 0; c < naddrs && !crash_interrupted(); c++) {
		addr = addrs[c];
		/* crash heads each CPU's copy with its address */
		if (cpus[c] >= 0)
			fprintf(out, "[%d]: %" PRIx64 "\n", cpus[c], addr);
		for (int n = 0; n < count; n++) {
			uint64_t a = addr + (uint64_t)n * (uint64_t)(size > 0 ? size : 0);
			if (crash_interrupted())
				break;
			if (n)
				fputc('\n', out);
			if (offsets) {
				fprintf(out, "%s %s {\n", kw, spec);
				offsets_at(out, type, a);
				fprintf(out, "}\nSIZE: %ld\n", size);
				continue;
			}
			if (nmembers) {
				for (int i = 0; i < nmembers; i++)
					if (tp_member_value(k, out, type, a, members[i], flags) != 0) {
						rc = crash_error(s, "%s", err_get());
						goto out;
					}
				continue;
			}
			/* print into memory first: an unreadable object prints
			 * only the error */
			char *text = NULL;
			size_t tlen = 0;
			FILE *mem = open_memstream(&text, &tlen);
			int bad = tp_value_at(k, mem, (struct kqtype){ type, 0 }, a, 0, flags);
			fclose(mem);
			if (bad) {
				free(text);
				rc = crash_error(s, "%s", err_get());
				goto out;
			}
			fprintf(out, "%s %s %s\n", kw, spec, text);
			free(text);
		}
	}
out:
	free(addrs);
	free(cpus);
	free(spec);
	return rc;
}

static int struct_run(struct crash_session *s, int argc, char **argv)
{
	return run(s, argc, argv, "struct");
}

static int union_run(struct crash_session *s, int argc, char **argv)
{
	return run(s, argc, argv, "union");
}

/* crash's "*": struct or union, whichever the name is */
static int star_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	char name[256], tn[300];
	struct kqtype t;
	int i = 1;
	while (i < argc && argv[i][0] == '-')
		i++;
	if (i >= argc)
		return crash_error(s, "a struct or union name is needed");
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[i], "."), argv[i]);
	snprintf(tn, sizeof(tn), "union %s", name);
	bool uni = ktype_lookup(k, tn, &t) == 0 && ktype_kind(ktype_strip(t.type)) == KT_UNION;
	if (!uni && ktype_lookup(k, name, &t) == 0 && ktype_kind(t.type) == KT_TYPEDEF)
		uni = ktype_kind(ktype_strip(t.type)) == KT_UNION;
	err_clear();
	return run(s, argc, argv, uni ? "union" : "struct");
}

#define STRUCT_HELP(kw)                                                                         \
	"Without an address, shows the definition of the " kw " with its size; with\n"          \
	"an address, the " kw " stored there, member by member.  The address is hex, a\n"      \
	"symbol, symbol+offset or an expression (\"&init_task.tasks\", \"(ptr->next)\");\n"  \
	"with :cpuspec (\":\" the current context's CPU, \":a\" every CPU, \":1,3\",\n"   \
	"\":0-1\") the copy of a per-cpu symbol or offset on each CPU, headed by\n"           \
	"\"[CPU]: ADDRESS\".  A typedef of a " kw " names it too.  A\n"                         \
	"comma-separated member list after a dot limits the output to those members\n"      \
	"(dotted paths reach into nested members).\n"                                      \
	"\n"                                                                                \
	"  -o     show member offsets (with an address: the member addresses)\n"            \
	"  -x     integers in hexadecimal\n"                                                \
	"  -d     integers in decimal\n"                                                    \
	"  count  show count consecutive objects starting at the address\n"                  \
	"\n"

static const struct crash_cmd struct_cmd = {
	.name = "struct",
	.run = struct_run,
	.summary = "structure contents",
	.synopsis = "struct_name[.member[,member]] [-o] [-x|-d] [address | symbol | expression][:cpuspec] [count]",
	.description = STRUCT_HELP("structure")
		"EXAMPLES\n"
		"  crash> struct list_head -o\n"
		"  struct list_head {\n"
		"     [0] struct list_head *next;\n"
		"     [8] struct list_head *prev;\n"
		"  }\n"
		"  SIZE: 16\n"
		"  crash> struct task_struct.pid,comm ffff8f3e811fc180\n"
		"    pid = 1,\n"
		"    comm = \"init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\",\n"
		"  crash> struct rq.cpu runqueues:a\n"
		"  [0]: ffff8d6b5ec31980\n"
		"    cpu = 0,\n"
		"  [1]: ffff8d6b5ed31980\n"
		"    cpu = 1,\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(struct_cmd)

static const struct crash_cmd union_cmd = {
	.name = "union",
	.run = union_run,
	.summary = "union contents",
	.synopsis = "union_name[.member[,member]] [-o] [-x|-d] [address | symbol | expression][:cpuspec] [count]",
	.description = STRUCT_HELP("union")
		"EXAMPLES\n"
		"  crash> union thread_union -o\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(union_cmd)

static const struct crash_cmd star_cmd = {
	.name = "*",
	.run = star_run,
	.summary = "struct or union contents, whichever the name is",
	.synopsis = "struct_or_union_name[.member[,member]] [-o] [-x|-d] [address | symbol | expression][:cpuspec] [count]",
	.description =
		"The same as struct or union, for a name of either.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> * task_struct.pid init_task\n"
		"    pid = 0,\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(star_cmd)
