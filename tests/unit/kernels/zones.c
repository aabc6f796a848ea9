/* The "zones" test kernel, for tests/unit/test_zones.c: one node
 * (node_data[0]) of two zones:
 *   DMA:    pfn 1, 4095 spanned, 3998 present, watermarks 10/20/30,
 *           free lists: order 0 movable-type list [pg_a, pg_b], order 2
 *           unmovable-type list [pg_c]; vm_stat NR_FREE_PAGES 6
 *   Normal: empty (no pages), its order 1 list a loop that never comes
 *           back to its head (pg_d -> pg_e -> pg_d): a damaged list
 * vm_zone_stat {6, 7, 8}, vm_node_stat {100, 5}, vm_event_states per CPU
 * {1, 10} and {2, 20}, hstates: 2M (3 of 5 free) and 1G (none). */
#include "zones.h"

extern pg_data_t node0;
extern struct page pg_a, pg_b, pg_c, pg_d, pg_e;

#define N0 node0.node_zones
#define FL(z, o, m) N0[z].free_area[o].free_list[m]
#define EMPTY(z, o, m) LIST_HEAD_INIT(FL(z, o, m))

__direct struct page pg_a = { .buddy_list = LIST_NODE(&pg_b.buddy_list, &FL(0, 0, 1)) };
__direct struct page pg_b = { .buddy_list = LIST_NODE(&FL(0, 0, 1), &pg_a.buddy_list) };
__direct struct page pg_c = { .buddy_list = LIST_NODE(&FL(0, 2, 0), &FL(0, 2, 0)) };
__direct struct page pg_d = { .buddy_list = LIST_NODE(&pg_e.buddy_list, &FL(1, 1, 0)) };
__direct struct page pg_e = { .buddy_list = LIST_NODE(&pg_d.buddy_list, &pg_d.buddy_list) };

__direct pg_data_t node0 = {
	.node_zones = {
		{
			._watermark = { 10, 20, 30 }, .name = "DMA", .zone_start_pfn = 1,
			.managed_pages = { 3900 }, .spanned_pages = 4095, .present_pages = 3998,
			.free_area = {
				{ .free_list = { EMPTY(0, 0, 0),
						 LIST_NODE(&pg_a.buddy_list, &pg_b.buddy_list) },
				  .nr_free = 2 },
				{ .free_list = { EMPTY(0, 1, 0), EMPTY(0, 1, 1) } },
				{ .free_list = { LIST_NODE(&pg_c.buddy_list, &pg_c.buddy_list),
						 EMPTY(0, 2, 1) },
				  .nr_free = 1 },
			},
			.vm_stat = { { 6 }, { 7 }, { 8 } },
		},
		{
			.name = "Normal", .zone_start_pfn = 4096,
			.free_area = {
				{ .free_list = { EMPTY(1, 0, 0), EMPTY(1, 0, 1) } },
				{ .free_list = { LIST_NODE(&pg_d.buddy_list, &pg_e.buddy_list),
						 EMPTY(1, 1, 1) },
				  .nr_free = 2 },
				{ .free_list = { EMPTY(1, 2, 0), EMPTY(1, 2, 1) } },
			},
		},
	},
	.nr_zones = 2, .node_start_pfn = 1, .node_present_pages = 3998,
	.node_spanned_pages = 4095,
};

pg_data_t *node_data[4] = { &node0 };
atomic_long_t vm_zone_stat[NR_VM_ZONE_STAT_ITEMS] = { { 6 }, { 7 }, { 8 } };
atomic_long_t vm_node_stat[NR_VM_NODE_STAT_ITEMS] = { { 100 }, { 5 } };
DEFINE_PER_CPU(struct vm_event_state, vm_event_states) = { { 1, 10 } };
PER_CPU_INIT(1, vm_event_states) = { { 2, 20 } };

struct hstate hstates[2] = {
	{ .order = 9, .nr_huge_pages = 5, .free_huge_pages = 3, .name = "hugepages-2048kB" },
	{ .order = 18, .name = "hugepages-1048576kB" },
};
unsigned int hugetlb_max_hstate = 2;

/* the enums, for the kernel's types (an enum no object has is left out) */
enum zone_stat_item tk_zone_stat_item;
enum node_stat_item tk_node_stat_item;
enum vm_event_item tk_vm_event_item;
enum zone_type tk_zone_type;
