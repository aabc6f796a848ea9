/* sym: symbol to address and address to symbol. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"

/* "addr (T) name[+off][ [module]][ file: line]" */
static void show(struct crash_session *s, struct kernel *k, const struct kernel_sym *sym,
		 uint64_t off, bool line)
{
	FILE *out = crash_out(s);
	char file[512];
	int ln;

	fprintf(out, "%" PRIx64 " (%c) %s", sym->addr + off, sym->type, sym->name);
	if (off)
		fprintf(out, "+%" PRIu64, off);
	if (sym->module)
		fprintf(out, " [%s]", sym->module);
	/* module code has lines once its debuginfo is loaded (mod -s) */
	if (line && kernel_srcline(k, sym->addr + off, file, sizeof(file), &ln) == 0)
		fprintf(out, " %s: %d", file, ln);
	fputc('\n', out);
}

struct list_arg {
	struct crash_session *s;
	struct kernel *k;
	const char *query;
};

static int list_one(void *arg, const struct kernel_sym *sym)
{
	struct list_arg *l = arg;
	if (crash_interrupted())
		return 1;
	if (!l->query || strstr(sym->name, l->query))
		show(l->s, l->k, sym, 0, false);
	return 0;
}

static int sym_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
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
		struct list_arg l = { s, k, query };
		kernel_symbol_foreach(k, list_one, &l);
		return 0;
	}
	if (optind >= argc)
		return crash_error(s, "a symbol name or an address is needed");
	for (int i = optind; i < argc; i++) {
		const char *arg = argv[i];
		struct kernel_sym sym;
		char *end;
		if (kernel_symbol_info(k, arg, &sym) == 0) {
			show(s, k, &sym, 0, false);
			continue;
		}
		uint64_t a = strtoull(arg, &end, 16), off;
		if (*arg && !*end) {
			if (kernel_symbol_info_at(k, a, &sym, &off) == 0)
				show(s, k, &sym, off, true);
			else
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
		"line information (for module code: when the module's debuginfo is\n"
		"loaded, mod -s).\n"
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
