/* The two index trees that IPC ids and irq descriptors live in: the
 * xarray (also the radix tree and idr of 4.20+, and the 4.x radix tree
 * with its older node tagging) and the maple tree (the irq descriptors of
 * 6.5+).  Read-only walks of a dump, bounded so that a
 * damaged tree ends the walk with an error instead of looping.
 *
 * (kt's walkers may replace these; they exist here so that ipcs and irq
 * do not wait for them.) */
#ifndef CRASH_KERNEL_TYPES_II_TREES_H
#define CRASH_KERNEL_TYPES_II_TREES_H

#include <stdint.h>

struct kernel;

/* cb gets each non-NULL entry with its index, in index order; a non-zero
 * return stops the walk and is returned.  -1 with err_get() when the tree
 * cannot be read. */
typedef int (*ii_tree_cb)(void *arg, uint64_t index, uint64_t entry);

/* root: address of a struct xarray or struct radix_tree_root. */
int ii_xarray_walk(struct kernel *k, uint64_t root, ii_tree_cb cb, void *arg);
/* The same, but a node that cannot be read loses only its own entries:
 * the walk goes on, and *lost counts such nodes. */
int ii_xarray_walk_partial(struct kernel *k, uint64_t root, ii_tree_cb cb, void *arg, long *lost);
/* root: address of a struct maple_tree. */
int ii_maple_walk(struct kernel *k, uint64_t root, ii_tree_cb cb, void *arg);

#endif
