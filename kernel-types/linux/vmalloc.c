/* The busy vmap areas; see vmalloc.h. */
#include "kernel-types/linux/vmalloc.h"

#include <stdbool.h>
#include <string.h>

#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

/* vmap nodes looked at at most. */
#define VMAP_NODES_MAX 4096

struct vmap_find {
	struct kernel *k;
	uint64_t addr;
	long off_start, off_end, off_vm;
	struct vmap_area_info *out;
	bool found;
};

static int vmap_cb(void *arg, uint64_t va)
{
	struct vmap_find *f = arg;
	uint64_t s, e;
	if (kernel_read_u64(f->k, va + (uint64_t)f->off_start, &s) != 0 ||
	    kernel_read_u64(f->k, va + (uint64_t)f->off_end, &e) != 0)
		return -1;
	if (f->addr >= s && f->addr < e) {
		f->out->va = va;
		f->out->start = s;
		f->out->end = e;
		if (f->off_vm >= 0)
			kernel_read_u64(f->k, va + (uint64_t)f->off_vm, &f->out->vm);
		f->found = true;
		return 1;
	}
	return f->addr < s;	/* in address order: past it */
}

int vmalloc_find(struct kernel *k, uint64_t addr, struct vmap_area_info *out)
{
	struct vmap_find f = { .k = k, .addr = addr, .out = out };
	long rb = kernel_offsetof(k, "struct vmap_area", "rb_node");
	uint64_t a, nodes, n = 0;

	memset(out, 0, sizeof(*out));
	f.off_start = kernel_offsetof(k, "struct vmap_area", "va_start");
	f.off_end = kernel_offsetof(k, "struct vmap_area", "va_end");
	f.off_vm = kernel_offsetof(k, "struct vmap_area", "vm");
	if (f.off_start < 0 || f.off_end < 0 || rb < 0)
		return 0;
	if (kernel_symbol(k, "vmap_area_root", &a) == 0) {
		kwalk_rbtree(k, a, rb, vmap_cb, &f);
		return f.found;
	}
	long nsz = kernel_sizeof(k, "struct vmap_node");
	long busy = kernel_offsetof(k, "struct vmap_node", "busy.root");
	if (nsz <= 0 || busy < 0 || kernel_symbol(k, "vmap_nodes", &a) != 0 ||
	    kernel_read_u64(k, a, &nodes) != 0 || kernel_symbol(k, "nr_vmap_nodes", &a) != 0 ||
	    kernel_read_uint(k, a, 4, &n) != 0)
		return 0;
	for (uint64_t i = 0; i < n && i < VMAP_NODES_MAX && !f.found; i++)
		kwalk_rbtree(k, nodes + i * (uint64_t)nsz + (uint64_t)busy, rb, vmap_cb, &f);
	return f.found;
}
