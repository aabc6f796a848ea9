/* mod: the loaded kernel modules (kernel-types/linux/modules.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

static int by_base(const void *a, const void *b)
{
	const struct kmodule *x = a, *y = b;
	return x->base < y->base ? -1 : x->base > y->base;
}

/* mod -t: the modules whose taints are not 0, with the letters of their
 * TAINT_* bits, in load order as crash lists them. */
static int mod_taints(struct crash_session *s, struct kernel *k, FILE *out)
{
	struct kmodules ms;
	if (modules_read(k, &ms) != 0)
		return crash_error(s, "%s", err_get());
	int nw = 4;
	size_t shown = 0;
	for (size_t i = 0; i < ms.n; i++) {
		int l = (int)strlen(ms.v[i].name);
		if (ms.v[i].taints && l > nw)
			nw = l;
	}
	for (size_t i = 0; i < ms.n; i++) {
		const struct kmodule *m = &ms.v[i];
		char letters[65];
		size_t n = 0;
		if (!m->taints)
			continue;
		for (int b = 0; b < 64; b++) {
			const char *name, *what;
			if (m->taints & (1ull << b))
				ksys_taint_bit(k, b, &letters[n++], &name, &what);
		}
		letters[n] = 0;
		if (!shown++)
			fprintf(out, "%-*s  TAINTS\n", nw, "NAME");
		fprintf(out, "%-*s  %s\n", nw, m->name, letters);
	}
	if (!shown)
		fprintf(out, "no tainted modules\n");
	free(ms.v);
	return 0;
}

static int mod_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	struct kmodules ms;
	FILE *out = crash_out(s);
	uint64_t only = 0;
	int opt;

	optind = 0;
	while ((opt = getopt(argc, argv, "s:d:S::Dtro::gR")) != -1) {
		switch (opt) {
		case 's': case 'd': case 'S': case 'D': case 'o': case 'g': case 'R': case 'r':
			return crash_error(s, "-%c: loading module debuginfo is not supported; module "
					      "symbols come from the dump's kallsyms", opt);
		case 't':
			if (optind < argc)
				return crash_error(s, "-t takes no argument: %s", argv[optind]);
			return mod_taints(s, k, out);
		default:
			return -1;
		}
	}
	if (optind + 1 < argc)
		return crash_error(s, "too many arguments: %s", argv[optind + 1]);
	if (optind < argc && addrarg_resolve(k, argv[optind], &only) != 0)
		return crash_error(s, "%s", err_get());
	if (modules_read(k, &ms) != 0)
		return crash_error(s, "%s", err_get());
	/* in address order */
	if (ms.n) /* no modules: no array (qsort of NULL is undefined) */
		qsort(ms.v, ms.n, sizeof(*ms.v), by_base);

	int nw = 4, sw = 4;
	for (size_t i = 0; i < ms.n; i++) {
		char b[24];
		int l = (int)strlen(ms.v[i].name);
		nw = l > nw ? l : nw;
		l = snprintf(b, sizeof(b), "%" PRIu64, ms.v[i].size);
		sw = l > sw ? l : sw;
	}
	if (only) {
		size_t i = 0;
		while (i < ms.n && only != ms.v[i].addr && only != ms.v[i].base)
			i++;
		if (i == ms.n) {
			free(ms.v);
			return crash_error(s, "%s: not a module address", argv[optind]);
		}
	}
	/* the 6.4+ layout names the column after the code it points at */
	const char *basehdr = ms.mem ? "   TEXT_BASE    " : "      BASE      ";
	fprintf(out, "     MODULE       %-*s  %s  %*s  OBJECT FILE\n", nw, "NAME", basehdr, sw, "SIZE");
	for (size_t i = 0; i < ms.n; i++) {
		const struct kmodule *m = &ms.v[i];
		if (only && only != m->addr && only != m->base)
			continue;
		fprintf(out, "%16" PRIx64 "  %-*s  %16" PRIx64 "  %*" PRIu64 "  (not loaded)  "
			     "[CONFIG_KALLSYMS]\n",
			m->addr, nw, m->name, m->base, sw, m->size);
	}
	free(ms.v);
	return 0;
}

static const struct crash_cmd mod_cmd = {
	.name = "mod",
	.run = mod_run,
	.summary = "module information",
	.synopsis = "[-t] [module-address]",
	.description =
		"Lists the loaded kernel modules, in address order: the struct module,\n"
		"the name, where its code starts, and the memory it takes (the size\n"
		"/proc/modules shows).  Module debuginfo is not loaded (OBJECT FILE is\n"
		"\"(not loaded)\"); the modules' symbols come from their kallsyms in the\n"
		"dump, so bt, sym and dis name module code anyway.  With an address, only\n"
		"the module whose struct module or code starts there.\n"
		"\n"
		"  -t  the modules that tainted the kernel, with their taint letters\n"
		"      (struct module.taints: O out of tree, E unsigned, P proprietary...)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> mod\n"
		"       MODULE       NAME                         BASE         SIZE  OBJECT FILE\n"
		"  ffffffffc02f32c0  qemu_fw_cfg            ffffffffc02f0000  20480  (not loaded)  [CONFIG_KALLSYMS]\n"
		"  ffffffffc02f8100  dummy                  ffffffffc02f6000  16384  (not loaded)  [CONFIG_KALLSYMS]\n"
		"  ...\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(mod_cmd)
