/* The kernel's memory counters, as kmem -i shows them (and /proc/meminfo
 * computes them): RAM, free pages, block-device buffers, the page cache,
 * slab pages, huge pages, swap, and the commit limit with how much is
 * committed, from the global counters (vm_zone_stat, vm_node_stat,
 * hstates, swap_info, vm_committed_as). */
#ifndef CRASH_KERNEL_TYPES_LINUX_MEMINFO_H
#define CRASH_KERNEL_TYPES_LINUX_MEMINFO_H

#include <stdbool.h>
#include <stdint.h>

struct kernel;

/* Every count is in base pages. */
struct meminfo {
	uint64_t totalram;	/* totalram_pages */
	uint64_t free;		/* NR_FREE_PAGES */
	uint64_t buffers;	/* the page caches of the bdev inodes */
	uint64_t cached;	/* NR_FILE_PAGES - NR_SWAPCACHE - buffers */
	uint64_t slab;		/* reclaimable + unreclaimable slab */
	bool has_huge;		/* the kernel has hugetlbfs (hstates) */
	uint64_t huge_total, huge_free;
	bool has_swap;		/* the kernel has swap (swap_info) */
	uint64_t swap_total, swap_used;
	bool has_commit;	/* the kernel has sysctl_overcommit_memory */
	uint64_t commit_limit;	/* CommitLimit */
	uint64_t committed;	/* Committed_AS: vm_committed_as, never negative */
};

/* 0, or -1 with err_get() when totalram_pages or the free page count
 * cannot be read (then nothing else is either). */
int meminfo_read(struct kernel *k, struct meminfo *mi);

#endif
