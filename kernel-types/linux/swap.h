/* Swap areas of the kernel: swap_info[] (an array of pointers since
 * 2.6.33), as /proc/swaps shows them. */
#ifndef CRASH_KERNEL_TYPES_LINUX_SWAP_H
#define CRASH_KERNEL_TYPES_LINUX_SWAP_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel-types/linux/paths.h"

struct kernel;

struct swap_area {
	int type;		/* index in swap_info[], the swap entry's type */
	uint64_t addr;		/* the swap_info_struct */
	bool used;		/* SWP_USED: the slot holds an active area */
	bool partition;		/* a block device, not a file */
	uint64_t pages;		/* usable pages (si->pages) */
	uint64_t inuse;		/* pages in use (si->inuse_pages) */
	int prio;
	char path[DPATH_MAX];	/* of swap_file; "(unknown)" if none */
};

/* Number of slots (nr_swapfiles), or -1 with err_get() when the kernel
 * has no swap support compiled in (or no type for its swap areas). */
int swap_area_count(struct kernel *k);

/* Fill si for slot type.  Returns 1 when the slot holds an active area,
 * 0 when it is free, negative with err_get() on a read error. */
int swap_area_get(struct kernel *k, int type, struct swap_area *si);

/* Pages of every active area and how many of them are in use; -1 when
 * the kernel has no swap (as swap_area_count()). */
int swap_totals(struct kernel *k, uint64_t *pages, uint64_t *inuse);

/* The swap entry of a not-present page-table entry: of the architecture's
 * swap layouts (arch_swap_layout_decode) the one whose type is an active
 * area and whose offset is a slot in use there, tried first in the layout
 * that answered last.  1 with *type and *offset; 0 when no layout points
 * at a used slot (then *type and *offset are layout 0's reading);
 * negative with err_get(), *type and *offset untouched, when the entry
 * holds no swap entry at all. */
int swap_entry_of_pte(struct kernel *k, uint64_t pte, uint64_t *type, uint64_t *offset);

#endif
