/* The "basic" test kernel: tests/unit/test_testkernel.c checks the seam
 * itself on it.  Objects in every region (image, direct map, vmalloc,
 * per-cpu), linked into a list, a red-black tree and an xarray.
 *
 *   tk_items:  item1 (image) -> item2 (direct) -> item3 (image)
 *              -> item4 (direct) -> item5 (vmalloc)
 *   tk_tree:   ids 10..50, item3 (30) at the root
 *   tk_xa:     index 3 -> item1, 69 -> item2, 130 -> item5 (two levels)
 */
#include "basic.h"

extern struct tk_item item1, item2, item3, item4, item5;

struct list_head tk_items = LIST_NODE(&item1.list, &item5.list);

/*        item3 (30, black)
 *       /                 \
 *  item1 (10, black)   item4 (40, black)
 *       \                   \
 *   item2 (20, red)      item5 (50, red)          */
struct tk_item item1 = {
	.id = 10, .on = 1, .kind = 5, .level = 4095, .raw = -1,
	.list = LIST_NODE(&item2.list, &tk_items),
	.node = { RB_PARENT(&item3.node, RB_BLACK), &item2.node, 0 },
	.name = "first", .tag = "one", .color = TK_RED,
};

__direct struct tk_item item2 = {
	.id = 20, .kind = 2, .level = 7, .lo = 0x11111111, .hi = 0x22222222,
	.list = LIST_NODE(&item3.list, &item1.list),
	.node = { RB_PARENT(&item1.node, RB_RED), 0, 0 },
	.name = "second", .tag = "two", .color = TK_GREEN,
};

struct tk_item item3 = {
	.id = 30, .level = 300,
	.list = LIST_NODE(&item4.list, &item2.list),
	.node = { RB_PARENT(0, RB_BLACK), &item4.node, &item1.node },
	.name = "third", .tag = "three", .color = TK_BLUE,
};

__direct struct tk_item item4 = {
	.id = 40, .on = 1,
	.list = LIST_NODE(&item5.list, &item3.list),
	.node = { RB_PARENT(&item3.node, RB_BLACK), &item5.node, 0 },
	.name = "fourth", .tag = "four",
};

__vmalloc struct tk_item item5 = {
	.id = 50,
	.list = LIST_NODE(&tk_items, &item4.list),
	.node = { RB_PARENT(&item4.node, RB_RED), 0, 0 },
	.name = "fifth", .tag = "five",
};

struct rb_root tk_tree = { &item3.node };

/* Two levels: the root node's slots 0, 1 and 2 hold leaf nodes. */
extern struct xa_node tk_xa_root, tk_xa_leaf0, tk_xa_leaf1, tk_xa_leaf2;
struct xarray tk_xa = { .xa_head = XA_NODE(&tk_xa_root) };
__direct struct xa_node tk_xa_root = {
	.shift = 6, .count = 3, .array = &tk_xa,
	.slots = { XA_NODE(&tk_xa_leaf0), XA_NODE(&tk_xa_leaf1), XA_NODE(&tk_xa_leaf2) },
};
__direct struct xa_node tk_xa_leaf0 = {
	.offset = 0, .count = 1, .parent = &tk_xa_root, .array = &tk_xa,
	.slots = { [3] = &item1 },
};
__direct struct xa_node tk_xa_leaf1 = {
	.offset = 1, .count = 1, .parent = &tk_xa_root, .array = &tk_xa,
	.slots = { [5] = &item2 },
};
__vmalloc struct xa_node tk_xa_leaf2 = {
	.offset = 2, .count = 1, .parent = &tk_xa_root, .array = &tk_xa,
	.slots = { [2] = &item5 },
};

/* Pages of vmalloc space, each with a string at its start. */
__vmalloc __page_aligned struct tk_vbuf tk_vbuf = { "vmalloc page 0", "vmalloc page 1", "vmalloc page 2" };

DEFINE_PER_CPU(struct tk_stats, tk_stats) = { .events = 100, .last = &item4, .cpu = -1 };
PER_CPU_INIT(1, tk_stats) = { .events = 100, .last = &item5, .cpu = 1 };	/* CPU 1's copy */

enum tk_color tk_color = TK_GREEN;
const char *tk_names[] = { "alpha", "beta", 0 };
unsigned long tk_counter = 0x1122334455667788UL;
