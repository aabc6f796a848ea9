/* The huge page pools: the kernel's hstates[] (one per huge page size),
 * as kmem -h shows them. */
#ifndef CRASH_KERNEL_TYPES_LINUX_HUGETLB_H
#define CRASH_KERNEL_TYPES_LINUX_HUGETLB_H

#include <stdint.h>

struct kernel;

/* hstates[] entries looked at at most (HUGE_MAX_HSTATE is 2 to 5). */
#define HSTATE_MAX 16

struct hstate_info {
	uint64_t addr;		/* the struct hstate */
	unsigned order;		/* huge page = base page << order */
	uint64_t nr, nr_free;	/* nr_huge_pages, free_huge_pages */
	char name[32];		/* "hugepages-2048kB" */
};

/* Every registered hstate (hugetlb_max_hstate of them), in array order;
 * cb returns non-zero to stop.  The number seen, or -1 with err_get()
 * when the kernel has no hugetlbfs. */
int hstate_foreach(struct kernel *k, int (*cb)(void *arg, const struct hstate_info *h), void *arg);

#endif
