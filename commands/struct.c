/* struct and union: a type's definition, or the object at an address.
 * Both commands share this file: they differ only in the keyword. */
#include <dwarf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/expr.h"
#include "kernel-types/typeprint.h"

#define MAX_MEMBERS 32

static int member_decl(struct kernel *k, FILE *out, Dwarf_Die *type, const char *m, bool offsets)
{
	Dwarf_Die mt;
	long off;
	int bo, bs;
	char d[512];
	const char *last = strrchr(m, '.');

	if (kernel_die_member(k, type, m, &mt, &off, &bo, &bs) != 0)
		return -1;
	tp_decl(&mt, last ? last + 1 : m, d, sizeof(d));
	if (offsets)
		fprintf(out, "   [%ld] %s;\n", off, d);
	else
		fprintf(out, "    %s;\n", d);
	return 0;
}

static void offsets_at(struct kernel *k, FILE *out, Dwarf_Die *type, uint64_t addr)
{
	Dwarf_Die c;
	if (dwarf_child(type, &c) != 0)
		return;
	do {
		Dwarf_Attribute a;
		Dwarf_Die mt;
		Dwarf_Word off = 0;
		char d[512];
		if (dwarf_tag(&c) != DW_TAG_member ||
		    !dwarf_attr_integrate(&c, DW_AT_type, &a) || !dwarf_formref_die(&a, &mt))
			continue;
		if (dwarf_attr(&c, DW_AT_data_member_location, &a))
			dwarf_formudata(&a, &off);
		tp_decl(&mt, dwarf_diename(&c) ? dwarf_diename(&c) : "", d, sizeof(d));
		fprintf(out, "  [%" PRIx64 "] %s;\n", addr + off, d);
	} while (dwarf_siblingof(&c, &c) == 0);
	(void)k;
}

static int run(struct crash_session *s, int argc, char **argv, const char *kw)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	unsigned flags = crash_radix(s) == 16 ? TP_HEX : 0;
	bool offsets = false, have_addr = false;
	char *spec, *dot, *members[MAX_MEMBERS];
	int nmembers = 0, opt, count = 1, rc = 0;
	uint64_t addr = 0;
	Dwarf_Die type;
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
	if (kernel_type_die(k, tname, &type) != 0) {
		rc = crash_error(s, "invalid data structure reference: %s", spec);
		goto out;
	}
	kernel_die_strip(&type);
	for (; optind < argc; optind++) {
		const char *arg = argv[optind];
		struct kexpr e;
		char *end;
		if (!have_addr) {
			if (kexpr_eval(k, arg, &e) != 0 || kexpr_int(k, &e, &addr) != 0) {
				rc = crash_error(s, "invalid address: %s", arg);
				goto out;
			}
			/* a symbol names the object itself */
			if (e.lvalue && e.bare_symbol)
				addr = e.addr;
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
		Dwarf_Die mt;
		long off;
		int bo, bs;
		if (kernel_die_member(k, &type, members[i], &mt, &off, &bo, &bs) != 0) {
			rc = crash_error(s, "%s", err_get());
			goto out;
		}
	}
	if (!have_addr) {
		if (!nmembers) {
			tp_definition(k, out, &type, offsets ? TP_OFFSETS : 0, true);
			goto out;
		}
		fprintf(out, "%s %s {\n", kw, spec);
		for (int i = 0; i < nmembers; i++)
			if (member_decl(k, out, &type, members[i], true) != 0)
				rc = crash_error(s, "%s", err_get());
		fprintf(out, "}\n");
		goto out;
	}

	long size = kernel_die_size(&type);
	for (int n = 0; n < count; n++) {
		uint64_t a = addr + (uint64_t)n * (uint64_t)(size > 0 ? size : 0);
		if (crash_interrupted())
			break;
		if (n)
			fputc('\n', out);
		if (offsets) {
			fprintf(out, "%s %s {\n", kw, spec);
			offsets_at(k, out, &type, a);
			fprintf(out, "}\nSIZE: %ld\n", size);
			continue;
		}
		if (nmembers) {
			for (int i = 0; i < nmembers; i++)
				if (tp_member_value(k, out, &type, a, members[i], flags) != 0) {
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
		int bad = tp_value_at(k, mem, &type, a, 0, flags);
		fclose(mem);
		if (bad) {
			free(text);
			rc = crash_error(s, "%s", err_get());
			goto out;
		}
		fprintf(out, "%s %s %s\n", kw, spec, text);
		free(text);
	}
out:
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

#define STRUCT_HELP(kw)                                                                         \
	"Without an address, shows the definition of the " kw " with its size; with\n"          \
	"an address (or a symbol), the " kw " stored there, member by member.  A\n"             \
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
	.synopsis = "struct_name[.member[,member]] [-o] [-x|-d] [address | symbol] [count]",
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
		"    comm = \"init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\",\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(struct_cmd)

static const struct crash_cmd union_cmd = {
	.name = "union",
	.run = union_run,
	.summary = "union contents",
	.synopsis = "union_name[.member[,member]] [-o] [-x|-d] [address | symbol] [count]",
	.description = STRUCT_HELP("union")
		"EXAMPLES\n"
		"  crash> union thread_union -o\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(union_cmd)
