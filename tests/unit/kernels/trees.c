/* The "trees" test kernel, for tests/unit/test_walk_trees.c: the index
 * trees of walk.h with entries that are plain values (never followed).
 *
 *   tk_xa:    two levels: index 0 -> 0xaaa0 in the root node (shift 6),
 *             index 66 -> 0xbbb0 in a leaf, then a sibling entry
 *   tk_maple: an arange root over two leaves, [0, 9] and [10, max]:
 *             0 -> 0xd000, 1 -> 0xd100, 10 -> 0xda00
 */
#include "trees.h"

extern struct xa_node tk_xa_root, tk_xa_leaf;
struct xarray tk_xa = { .xa_head = XA_NODE(&tk_xa_root) };
__direct struct xa_node tk_xa_root = {
	.shift = 6, .count = 2, .array = &tk_xa,
	.slots = { (void *)0xaaa0, XA_NODE(&tk_xa_leaf) },
};
__direct struct xa_node tk_xa_leaf = {
	.offset = 1, .count = 2, .parent = &tk_xa_root, .array = &tk_xa,
	/* slot 3: a sibling of slot 2 (xa_mk_sibling(2)), not an entry */
	.slots = { [2] = (void *)0xbbb0, [3] = (void *)((2 << 2) | 2) },
};

extern struct maple_node tk_mt_root, tk_mt_leaf0, tk_mt_leaf1;
struct maple_tree tk_maple = { .ma_root = MT_ROOT(&tk_mt_root, maple_arange_64) };
__direct struct maple_node tk_mt_root = { .ma64 = {
	.pivot = { 9 },
	.slot = { MT_NODE(&tk_mt_leaf0, maple_leaf_64), MT_NODE(&tk_mt_leaf1, maple_leaf_64) },
	.meta = { .end = 1 },
} };
/* [0, 0], [1, 1], then [2, 9] empty: slot 2 is the last in use */
__direct struct maple_node tk_mt_leaf0 = { .mr64 = {
	.parent = (void *)&tk_mt_root,
	.pivot = { 0, 1, 9 },
	.pad = { (void *)0xd000, (void *)0xd100 },
	.meta = { .end = 2 },
} };
/* [10, 10], then [11, max] empty; the node's metadata (its end, slot 1)
 * lives in the last slot */
__direct struct maple_node tk_mt_leaf1 = { .mr64 = {
	.parent = (void *)&tk_mt_root,
	.pivot = { 10 },
	.pad = { (void *)0xda00 },
	.meta = { .end = 1 },
} };
