/* mod: the loaded kernel modules, from the kernel's `modules` list. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"
#include "kernel-types/addrarg.h"
#include "kernel-types/walk.h"

/* A corrupt list ends here. */
#define MAX_MODULES 8192

struct module_info {
	uint64_t addr;		/* struct module */
	char name[64];
	uint64_t base;		/* start of its code */
	uint64_t size;		/* all its memory, as /proc/modules counts it */
};

struct mods {
	struct kernel *k;
	struct module_info *m;
	size_t n, cap;
	/* layout: 6.4+ kernels describe module memory with mem[], older
	 * ones with core_layout and init_layout */
	long off_name, off_mem, mem_size, mem_count, off_core, off_init;
};

static uint64_t layout_size(struct kernel *k, uint64_t addr)
{
	uint64_t v = 0;
	kernel_read_member(k, addr, "struct module_layout", "size", &v);
	return v;
}

static int add_module(void *arg, uint64_t mod)
{
	struct mods *ms = arg;
	struct module_info mi = { .addr = mod };

	if (ms->n >= MAX_MODULES)
		return 1;
	if (kernel_read_string(ms->k, mod + (uint64_t)ms->off_name, mi.name, sizeof(mi.name)) < 0)
		return -1;
	if (ms->off_mem >= 0) {
		for (long i = 0; i < ms->mem_count; i++) {
			uint64_t mm = mod + (uint64_t)ms->off_mem + (uint64_t)(i * ms->mem_size), b = 0, sz = 0;
			kernel_read_member(ms->k, mm, "struct module_memory", "base", &b);
			kernel_read_member(ms->k, mm, "struct module_memory", "size", &sz);
			if (i == 0)
				mi.base = b; /* MOD_TEXT */
			mi.size += sz;
		}
	} else {
		kernel_read_member(ms->k, mod + (uint64_t)ms->off_core, "struct module_layout", "base",
				   &mi.base);
		mi.size = layout_size(ms->k, mod + (uint64_t)ms->off_core);
		if (ms->off_init >= 0)
			mi.size += layout_size(ms->k, mod + (uint64_t)ms->off_init);
	}
	if (ms->n == ms->cap) {
		ms->cap = ms->cap ? 2 * ms->cap : 64;
		ms->m = xreallocarray(ms->m, ms->cap, sizeof(*ms->m));
	}
	ms->m[ms->n++] = mi;
	return 0;
}

static int by_base(const void *a, const void *b)
{
	const struct module_info *x = a, *y = b;
	return x->base < y->base ? -1 : x->base > y->base;
}

static int load(struct mods *ms)
{
	uint64_t head;
	long list = kernel_offsetof(ms->k, "struct module", "list");

	ms->off_name = kernel_offsetof(ms->k, "struct module", "name");
	ms->off_mem = kernel_offsetof(ms->k, "struct module", "mem");
	ms->off_core = kernel_offsetof(ms->k, "struct module", "core_layout");
	ms->off_init = kernel_offsetof(ms->k, "struct module", "init_layout");
	if (ms->off_mem >= 0) {
		long total = kernel_member_size(ms->k, "struct module", "mem");
		ms->mem_size = kernel_sizeof(ms->k, "struct module_memory");
		ms->mem_count = ms->mem_size > 0 ? total / ms->mem_size : 0;
	}
	if (list < 0 || ms->off_name < 0 || (ms->off_mem < 0 && ms->off_core < 0)) {
		err_set("this kernel's struct module layout is not known");
		return -1;
	}
	if (kernel_symbol(ms->k, "modules", &head) != 0)
		return -1;
	if (kwalk_list(ms->k, head, list, false, add_module, ms) < 0)
		return -1;
	if (ms->n)
		qsort(ms->m, ms->n, sizeof(*ms->m), by_base);
	return 0;
}

static int mod_run(struct crash_session *s, int argc, char **argv)
{
	struct mods ms = { .k = crash_kernel(s) };
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
			return crash_error(s, "-t: module taint flags are not shown yet");
		default:
			return -1;
		}
	}
	if (optind + 1 < argc)
		return crash_error(s, "too many arguments: %s", argv[optind + 1]);
	if (optind < argc && addrarg_resolve(ms.k, argv[optind], &only) != 0)
		return crash_error(s, "%s", err_get());
	if (load(&ms) != 0) {
		free(ms.m);
		return crash_error(s, "%s", err_get());
	}

	int nw = 4, sw = 4;
	for (size_t i = 0; i < ms.n; i++) {
		char b[24];
		int l = (int)strlen(ms.m[i].name);
		nw = l > nw ? l : nw;
		l = snprintf(b, sizeof(b), "%" PRIu64, ms.m[i].size);
		sw = l > sw ? l : sw;
	}
	if (only) {
		size_t i = 0;
		while (i < ms.n && only != ms.m[i].addr && only != ms.m[i].base)
			i++;
		if (i == ms.n) {
			free(ms.m);
			return crash_error(s, "%s: not a module address", argv[optind]);
		}
	}
	/* the 6.4+ layout names the column after the code it points at */
	const char *basehdr = ms.off_mem >= 0 ? "   TEXT_BASE    " : "      BASE      ";
	fprintf(out, "     MODULE       %-*s  %s  %*s  OBJECT FILE\n", nw, "NAME", basehdr, sw, "SIZE");
	for (size_t i = 0; i < ms.n; i++) {
		const struct module_info *m = &ms.m[i];
		if (only && only != m->addr && only != m->base)
			continue;
		fprintf(out, "%16" PRIx64 "  %-*s  %16" PRIx64 "  %*" PRIu64 "  (not loaded)  "
			     "[CONFIG_KALLSYMS]\n",
			m->addr, nw, m->name, m->base, sw, m->size);
	}
	free(ms.m);
	return 0;
}

static const struct crash_cmd mod_cmd = {
	.name = "mod",
	.run = mod_run,
	.summary = "module information",
	.synopsis = "[module-address]",
	.description =
		"Lists the loaded kernel modules, in address order: the struct module,\n"
		"the name, where its code starts, and the memory it takes (the size\n"
		"/proc/modules shows).  Module debuginfo is not loaded (OBJECT FILE is\n"
		"\"(not loaded)\"); the modules' symbols come from their kallsyms in the\n"
		"dump, so bt, sym and dis name module code anyway.  With an address, only\n"
		"the module whose struct module or code starts there.\n"
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
