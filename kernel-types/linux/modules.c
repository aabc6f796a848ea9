/* The modules list; see modules.h. */
#include "kernel-types/linux/modules.h"

#include <stdlib.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"
#include "kernel-types/types.h"

struct mod_walk {
	struct kernel *k;
	struct kmodules *out;
	size_t cap;
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
	struct mod_walk *w = arg;
	struct kmodule m = { .addr = mod };
	int rc;

	if (w->out->n >= MODULES_MAX)
		return 1;
	if ((rc = kernel_read_string(w->k, mod + (uint64_t)w->off_name, m.name, sizeof(m.name))) < 0)
		return rc;
	if (kernel_read_member(w->k, mod, "struct module", "taints", &m.taints) < 0)
		m.taints = 0;
	if (w->off_mem >= 0) {
		for (long i = 0; i < w->mem_count; i++) {
			uint64_t mm = mod + (uint64_t)w->off_mem + (uint64_t)(i * w->mem_size), b = 0, sz = 0;
			kernel_read_member(w->k, mm, "struct module_memory", "base", &b);
			kernel_read_member(w->k, mm, "struct module_memory", "size", &sz);
			if (i == 0)
				m.base = b; /* MOD_TEXT */
			m.size += sz;
		}
	} else {
		kernel_read_member(w->k, mod + (uint64_t)w->off_core, "struct module_layout", "base",
				   &m.base);
		m.size = layout_size(w->k, mod + (uint64_t)w->off_core);
		if (w->off_init >= 0)
			m.size += layout_size(w->k, mod + (uint64_t)w->off_init);
	}
	if (w->out->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 64;
		w->out->v = xreallocarray(w->out->v, w->cap, sizeof(*w->out->v));
	}
	w->out->v[w->out->n++] = m;
	return 0;
}

int modules_read(struct kernel *k, struct kmodules *out)
{
	struct mod_walk w = { .k = k, .out = out };
	uint64_t head;
	long list = kernel_offsetof(k, "struct module", "list");
	int rc;

	*out = (struct kmodules){ 0 };
	w.off_name = kernel_offsetof(k, "struct module", "name");
	w.off_mem = kernel_offsetof(k, "struct module", "mem");
	w.off_core = kernel_offsetof(k, "struct module", "core_layout");
	w.off_init = kernel_offsetof(k, "struct module", "init_layout");
	if (w.off_mem >= 0) {
		long total = kernel_member_size(k, "struct module", "mem");
		w.mem_size = kernel_sizeof(k, "struct module_memory");
		w.mem_count = w.mem_size > 0 ? total / w.mem_size : 0;
	}
	if (list < 0 || w.off_name < 0 || (w.off_mem < 0 && w.off_core < 0)) {
		err_set("this kernel's struct module layout is not known");
		return -1;
	}
	out->mem = w.off_mem >= 0;
	if (kernel_symbol(k, "modules", &head) != 0)
		return -1;
	if ((rc = kwalk_list(k, head, list, false, add_module, &w)) < 0) {
		free(out->v);
		*out = (struct kmodules){ 0 };
		return rc;
	}
	return 0;
}

/* The types of the symbols read here, for a type source (BTF) that has
 * none for them (ktype_of_symbol). */
static const struct ktype_symbol_decl modules_symbol_types[] = {
	{ "modules", "struct list_head" },
};
KTYPE_DECLARE_SYMBOLS(modules_symbol_types)
