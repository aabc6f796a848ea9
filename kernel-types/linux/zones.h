/* Memory nodes (pglist_data), their zones and the zones' buddy free
 * lists, as kmem -n, -z and -f show them: a NUMA kernel's node_data[],
 * else contig_page_data; each node's node_zones[]; each zone's
 * free_area[order].free_list[migratetype]. */
#ifndef CRASH_KERNEL_TYPES_LINUX_ZONES_H
#define CRASH_KERNEL_TYPES_LINUX_ZONES_H

#include <stdint.h>

struct kernel;

/* Nodes looked at at most (MAX_NUMNODES is at most 1024). */
#define ZONES_MAX_NODES 1024

struct knode_info {
	int id;
	uint64_t pgdat;		/* struct pglist_data */
	uint64_t start_pfn, spanned, present;
	uint64_t zones;		/* &node_zones[0] */
	int nr_zones;		/* entries of node_zones[] (__MAX_NR_ZONES) */
	long zone_size;		/* sizeof(struct zone) */
};

/* Every node with a pglist_data, in id order; cb returns non-zero to
 * stop.  The number of nodes, or -1 with err_get(). */
int node_foreach(struct kernel *k, int (*cb)(void *arg, const struct knode_info *n), void *arg);

struct kzone_info {
	int node, index;	/* node id, index in node_zones[] */
	uint64_t zone;		/* struct zone */
	char name[32];		/* "DMA32" */
	uint64_t start_pfn, spanned, present, managed;
	uint64_t wmark[3];	/* _watermark[WMARK_MIN, LOW, HIGH] */
	uint64_t free_pages;	/* vm_stat[NR_FREE_PAGES] */
	uint64_t node_start_pfn;
	int nr_orders;		/* entries of free_area[] */
	int nr_migratetypes;	/* entries of free_area[].free_list[] */
};

/* Every zone of every node (the empty ones too), node by node. */
int zone_foreach(struct kernel *k, int (*cb)(void *arg, const struct kzone_info *z), void *arg);

struct kfree_list {
	int order, migratetype;
	uint64_t head;		/* &free_area[order].free_list[migratetype] */
	uint64_t nr_free;	/* free_area[order].nr_free (of every migratetype) */
	uint64_t blocks;	/* free blocks walked on this list */
	int rc;			/* 0, or why the walk stopped early (err_get() then) */
};

/* Every free list of zone z, order by order, migratetype by migratetype;
 * with page_cb, the first struct page of each free block on it too
 * (before its list's cb).  The lists are walked by kwalk_list: a damaged
 * one ends with rc set, never loops.  0, or -1 with err_get() when the
 * zone's free areas cannot be found. */
int zone_free_lists(struct kernel *k, const struct kzone_info *z,
		    int (*cb)(void *arg, const struct kfree_list *l),
		    int (*page_cb)(void *arg, const struct kfree_list *l, uint64_t page),
		    void *arg);

/* The free block holding page frame pfn: 1 with its list (*list, the
 * order) and first struct page (*head) and the zone, 0 when pfn is in no
 * free block, -1 with err_get(). */
int zone_pfn_free(struct kernel *k, uint64_t pfn, struct kfree_list *list, uint64_t *head,
		  struct kzone_info *zone);

#endif
