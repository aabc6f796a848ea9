/* vmalloc space: the busy vmap areas (struct vmap_area), in one rbtree
 * (vmap_area_root) or one per vmap node (vmap_nodes[], 6.9+). */
#ifndef CRASH_KERNEL_TYPES_LINUX_VMALLOC_H
#define CRASH_KERNEL_TYPES_LINUX_VMALLOC_H

#include <stdint.h>

struct kernel;

struct vmap_area_info {
	uint64_t va;		/* the struct vmap_area */
	uint64_t vm;		/* its struct vm_struct, or 0 */
	uint64_t start, end;	/* [va_start, va_end) */
};

/* The busy vmap area that holds addr: 1 with *out filled, 0 when none
 * does (or the kernel's vmap areas cannot be read). */
int vmalloc_find(struct kernel *k, uint64_t addr, struct vmap_area_info *out);

#endif
