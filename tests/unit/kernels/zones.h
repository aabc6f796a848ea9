/* Types of the "zones" test kernel (zones.c): a node of two zones with
 * their buddy free lists and counters, the global VM counters, the
 * per-CPU event counters and the huge page pools, with the members
 * linux/zones.c, vmstat.c and hugetlb.c probe, named as 6.1 names them.
 * Shared with tests/unit/test_zones.c. */
#ifndef CRASH_TESTS_KERNELS_ZONES_H
#define CRASH_TESTS_KERNELS_ZONES_H

#include "tk_kernel.h"

enum zone_stat_item {
	NR_FREE_PAGES,
	NR_ZONE_LRU_BASE,
	NR_ZONE_INACTIVE_ANON = NR_ZONE_LRU_BASE,	/* the alias named last wins */
	NR_ZONE_ACTIVE_ANON,
	NR_VM_ZONE_STAT_ITEMS
};
enum node_stat_item { NR_FILE_PAGES, NR_SHMEM, NR_VM_NODE_STAT_ITEMS };
enum vm_event_item { PGPGIN, PGFAULT, NR_VM_EVENT_ITEMS };
enum zone_type { ZONE_DMA, ZONE_NORMAL, __MAX_NR_ZONES };

#define TK_NR_ORDERS 3
#define TK_MIGRATE_TYPES 2

struct free_area {
	struct list_head free_list[TK_MIGRATE_TYPES];
	unsigned long nr_free;
};

struct zone {
	unsigned long _watermark[3];
	unsigned long watermark_boost;
	const char *name;
	unsigned long zone_start_pfn;
	atomic_long_t managed_pages;
	unsigned long spanned_pages;
	unsigned long present_pages;
	struct free_area free_area[TK_NR_ORDERS];
	atomic_long_t vm_stat[NR_VM_ZONE_STAT_ITEMS];
};

typedef struct pglist_data {
	struct zone node_zones[__MAX_NR_ZONES];
	int nr_zones;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	int node_id;
} pg_data_t;

/* a free block's first struct page: only its buddy link matters here */
struct page {
	unsigned long flags;
	union {
		struct list_head lru;
		struct list_head buddy_list;
	};
	unsigned long private;
};

struct vm_event_state {
	unsigned long event[NR_VM_EVENT_ITEMS];
};

struct hstate {
	int next_nid_to_alloc;
	unsigned int order;
	unsigned long nr_huge_pages;
	unsigned long free_huge_pages;
	char name[32];
};

#endif
