/* Walkers over the kernel's generic containers: list_head and hlist
 * lists, red-black trees, xarrays (radix trees, idrs), maple trees, and
 * cpumasks.
 *
 * A dump may hold a damaged structure, so every walker is bounded
 * (KWALK_MAX_STEPS) and detects a list that loops without coming back to
 * its head (Brent's algorithm); both end the walk with -1 and err_get()
 * saying where, e.g. "list ffff888003a4c5d0: loop after 1234 entries".
 *
 * Callbacks return 0 to go on; a non-zero return stops the walk and is
 * returned by the walker.  A read error ends the walk with -1. */
#ifndef CRASH_KERNEL_TYPES_WALK_H
#define CRASH_KERNEL_TYPES_WALK_H

#include <stdbool.h>
#include <stdint.h>

struct kernel;

#define KWALK_MAX_STEPS (1u << 24)

/* Called with the address of each entry: its linkage address minus the
 * linkage member's offset in the entry (container_of). */
typedef int (*kwalk_fn)(void *arg, uint64_t entry);

/* The list_head at head (a standalone LIST_HEAD, not an entry); entries
 * have their list_head at offset.  reverse follows prev. */
int kwalk_list(struct kernel *k, uint64_t head, long offset, bool reverse, kwalk_fn fn, void *arg);
/* A circular list with no separate head: starts with (and visits) the
 * entry whose list_head is at node, until the walk comes back to it. */
int kwalk_list_from(struct kernel *k, uint64_t node, long offset, bool reverse, kwalk_fn fn,
		    void *arg);
/* A singly linked list: next pointer at next_off of each entry, starting
 * at the entry first, until NULL, first again, or end. */
int kwalk_chain(struct kernel *k, uint64_t first, long next_off, uint64_t end, kwalk_fn fn,
		void *arg);
/* struct hlist_head at head; hlist_node at offset in each entry. */
int kwalk_hlist(struct kernel *k, uint64_t head, long offset, kwalk_fn fn, void *arg);
/* struct rb_root (or rb_root_cached, whose rb_root comes first) at root,
 * in key order; rb_node at offset in each entry. */
int kwalk_rbtree(struct kernel *k, uint64_t root, long offset, kwalk_fn fn, void *arg);

/* Index trees: fn gets each stored pointer with its index, in order. */
typedef int (*kindex_fn)(void *arg, uint64_t index, uint64_t entry);
/* struct xarray or struct radix_tree_root at xa. */
int kwalk_xarray(struct kernel *k, uint64_t xa, kindex_fn fn, void *arg);
/* API 1.6: how many 6-bit index levels the xarray at xa has (1 for an
 * empty tree or a single entry at its root), or -1 with err_get(). */
int kwalk_xarray_levels(struct kernel *k, uint64_t xa);
/* struct idr at idr: ids (idr_base added) to pointers. */
int kwalk_idr(struct kernel *k, uint64_t idr, kindex_fn fn, void *arg);
/* The same for a dump with pages left out: a node that cannot be read
 * loses only its own entries, the walk goes on (bounded as the others),
 * and *lost counts such nodes. */
int kwalk_idr_partial(struct kernel *k, uint64_t idr, kindex_fn fn, void *arg, long *lost);

/* struct maple_tree at mt: each non-empty range [first, last] and its
 * entry, in order. */
typedef int (*krange_fn)(void *arg, uint64_t first, uint64_t last, uint64_t entry);
int kwalk_maple(struct kernel *k, uint64_t mt, krange_fn fn, void *arg);

/* The CPUs set in the cpumask named name ("cpu_online_mask",
 * "cpu_possible_mask"...: the struct cpumask __NAME where the kernel has
 * it, as current kernels do, else the struct cpumask NAME), up to max of
 * them into cpus[].  Returns how many are set, or -1. */
int kwalk_cpumask(struct kernel *k, const char *name, int *cpus, int max);

#endif
