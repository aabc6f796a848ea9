/* whatis: the declaration of a symbol, or the definition of a type. */
#include <dwarf.h>
#include <string.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/typeprint.h"

static int whatis_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	const struct dwarf_index *di = kernel_dwarf_index(k);
	FILE *out = crash_out(s);
	char name[256] = "", d[1024];
	size_t len = 0;
	Dwarf_Die die, t;
	Dwarf_Attribute a;

	for (int i = 1; i < argc; i++)
		len += (size_t)snprintf(name + len, sizeof(name) - len, "%s%s", i > 1 ? " " : "",
					argv[i]);
	if (!*name)
		return crash_error(s, "a symbol or type name is needed");
	if (!di)
		return crash_error(s, "%s", err_get());

	if (kernel_var_die(k, name, &die) == 0) {
		bool has = dwarf_attr_integrate(&die, DW_AT_type, &a) && dwarf_formref_die(&a, &t);
		tp_decl(has ? &t : NULL, name, d, sizeof(d));
		fprintf(out, "%s;\n", d);
		return 0;
	}
	if (dwarf_index_find(di, kernel_dwarf(k), DI_FUNC, name, &die) == 0) {
		/* a function: its return type and parameters */
		char params[768] = "";
		size_t pl = 0;
		int np = 0;
		Dwarf_Die c;
		bool has = dwarf_attr_integrate(&die, DW_AT_type, &a) && dwarf_formref_die(&a, &t);
		if (dwarf_child(&die, &c) == 0) {
			do {
				Dwarf_Die pt;
				char pd[128];
				if (dwarf_tag(&c) == DW_TAG_unspecified_parameters) {
					pl += (size_t)snprintf(params + pl, sizeof(params) - pl, "%s...",
							       np++ ? ", " : "");
				} else if (dwarf_tag(&c) == DW_TAG_formal_parameter) {
					bool ph = dwarf_attr_integrate(&c, DW_AT_type, &a) &&
						  dwarf_formref_die(&a, &pt);
					tp_decl(ph ? &pt : NULL, "", pd, sizeof(pd));
					pl += (size_t)snprintf(params + pl, sizeof(params) - pl, "%s%s",
							       np++ ? ", " : "", pd);
				}
				if (pl >= sizeof(params))
					pl = sizeof(params) - 1;
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		char inner[1024];
		snprintf(inner, sizeof(inner), "%s(%s)", name, np ? params : "void");
		tp_decl(has ? &t : NULL, inner, d, sizeof(d));
		fprintf(out, "%s;\n", d);
		return 0;
	}
	if (kernel_type_die(k, name, &die) == 0) {
		if (dwarf_tag(&die) == DW_TAG_typedef) {
			/* like gdb: the type the typedef chain ends in */
			bool has = dwarf_attr_integrate(&die, DW_AT_type, &a) && dwarf_formref_die(&a, &t);
			for (int i = 0; has && i < 16 && dwarf_tag(&t) == DW_TAG_typedef; i++)
				has = dwarf_attr_integrate(&t, DW_AT_type, &a) && dwarf_formref_die(&a, &t);
			tp_decl(has ? &t : NULL, name, d, sizeof(d));
			fprintf(out, "typedef %s;\n", d);
			long size = kernel_die_size(&die);
			if (size >= 0)
				fprintf(out, "SIZE: %ld\n", size);
			return 0;
		}
		tp_definition(k, out, &die, 0, true);
		return 0;
	}
	return crash_error(s, "invalid expression or symbol: %s", name);
}

static const struct crash_cmd whatis_cmd = {
	.name = "whatis",
	.run = whatis_run,
	.summary = "search the debug information for a symbol or type",
	.synopsis = "struct | union | typedef | symbol",
	.description =
		"Shows how a variable or function is declared, what a typedef stands for,\n"
		"or the definition of a struct, union or enum, from the vmlinux's DWARF.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> whatis init_task\n"
		"  struct task_struct init_task;\n"
		"  crash> whatis pid_t\n"
		"  typedef int pid_t;\n"
		"  SIZE: 4\n"
		"  crash> whatis struct list_head\n"
		"  struct list_head {\n"
		"      struct list_head *next;\n"
		"      struct list_head *prev;\n"
		"  }\n"
		"  SIZE: 16\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(whatis_cmd)
