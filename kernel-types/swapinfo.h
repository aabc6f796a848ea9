/* Swap areas of the kernel: swap_info[] (an array of pointers since 2.6.33,
 * of structs before), as /proc/swaps shows them. */
#ifndef CRASH_KERNEL_TYPES_SWAPINFO_H
#define CRASH_KERNEL_TYPES_SWAPINFO_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel-types/dpath.h"

struct kernel;

struct swapinfo {
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
 * has no swap support compiled in. */
int swapinfo_count(struct kernel *k);

/* Fill si for slot type.  Returns 1 when the slot holds an active area,
 * 0 when it is free, -1 with err_get() on a read error. */
int swapinfo_get(struct kernel *k, int type, struct swapinfo *si);

#endif
