/* sym: symbol to address and address to symbol. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/dwarf.h"

static void show(struct crash_session *s, struct kernel *k, const struct ksym *sym, uint64_t off,
		 bool line)
{
	FILE *out = crash_out(s);
	uint64_t a = kernel_ksym_addr(k, sym);

	fprintf(out, "%" PRIx64 " (%c) %s", a + off, sym->type, sym->name);
	if (off)
		fprintf(out, "+%" PRIu64, off);
	if (line) {
		Dwarf *dw = kernel_dwarf(k);
		Dwarf_Die cu;
		uint64_t link = sym->value + off;
		if (dw && dwarf_addrdie(dw, link, &cu)) {
			Dwarf_Line *l = dwarf_getsrc_die(&cu, link);
			int ln;
			const char *src = l ? dwarf_linesrc(l, NULL, NULL) : NULL;
			if (src && dwarf_lineno(l, &ln) == 0)
				fprintf(out, " %s: %d", src, ln);
		}
	}
	fputc('\n', out);
}

static int sym_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	const struct symtab *st = kernel_symtab(k);
	const char *query = NULL;
	int opt, list = 0, rc = 0;

	while ((opt = getopt(argc, argv, "lq:")) != -1) {
		switch (opt) {
		case 'l': list = 1; break;
		case 'q': query = optarg; break;
		default: return -1;
		}
	}
	if (list || query) {
		for (size_t i = 0; i < st->nsyms; i++) {
			if (crash_interrupted())
				break;
			if (query && !strstr(st->syms[i].name, query))
				continue;
			show(s, k, &st->syms[i], 0, false);
		}
		return 0;
	}
	if (optind >= argc)
		return crash_error(s, "a symbol name or an address is needed");
	for (int i = optind; i < argc; i++) {
		const char *arg = argv[i];
		const struct ksym *sym = symtab_find(st, arg);
		char *end;
		if (sym) {
			show(s, k, sym, 0, false);
			continue;
		}
		uint64_t a = strtoull(arg, &end, 16);
		if (*arg && !*end) {
			uint64_t off;
			const char *name = kernel_symbol_at(k, a, &off);
			sym = name ? symtab_find(st, name) : NULL;
			if (sym && kernel_ksym_addr(k, sym) + off == a) {
				show(s, k, sym, off, true);
				continue;
			}
			/* module code and data: "addr (t) name+off [module]" */
			char type = '?';
			const char *mod = name ? kernel_symbol_module(k, a, &type) : NULL;
			if (mod) {
				fprintf(crash_out(s), "%" PRIx64 " (%c) %s", a, type, name);
				if (off)
					fprintf(crash_out(s), "+%" PRIu64, off);
				fprintf(crash_out(s), " [%s]\n", mod);
				continue;
			}
			rc = crash_error(s, "%s: no symbol at this address", arg);
			continue;
		}
		rc = crash_error(s, "%s: symbol not found", arg);
	}
	return rc;
}

static const struct crash_cmd sym_cmd = {
	.name = "sym",
	.run = sym_run,
	.summary = "translate a symbol to its address, or an address to its symbol",
	.synopsis = "[-l] | [-q string] | [symbol | address] ...",
	.description =
		"With a symbol name, shows its address and type letter (as nm prints\n"
		"them); with a hexadecimal kernel address, the symbol it falls in, the\n"
		"offset into it, and the source file and line when the vmlinux has\n"
		"line information.\n"
		"\n"
		"  -l         every symbol, in address order\n"
		"  -q string  every symbol whose name contains string\n"
		"\n"
		"EXAMPLES\n"
		"  crash> sym linux_banner\n"
		"  ffffffff96f1ffe0 (D) linux_banner\n"
		"  crash> sym ffffffff967cd21a\n"
		"  ffffffff967cd21a (T) panic+745 kernel/panic.c: 459\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(sym_cmd)
