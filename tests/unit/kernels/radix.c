/* The "radix" test kernel, for tests/unit/test_walk_trees.c: a radix tree
 * as 4.x kernels had it before it became an xarray (4.20): the root's
 * rnode, nodes tagged with 01 (RADIX_TREE_INTERNAL_NODE), and no struct
 * xarray at all.  tk_radix: index 5 -> 0xeee0 in a node of shift 0. */
#include "tk_kernel.h"

#undef radix_tree_root
#undef radix_tree_node

#define RADIX_TREE_MAP_SIZE 64

struct radix_tree_node {
	unsigned char shift;
	unsigned char offset;
	unsigned char count;
	unsigned char exceptional;
	struct radix_tree_node *parent;
	struct radix_tree_root *root;
	union {
		struct list_head private_list;
		struct rcu_head rcu_head;
	};
	void *slots[RADIX_TREE_MAP_SIZE];
	unsigned long tags[3][1];
};

struct radix_tree_root {
	gfp_t gfp_mask;
	struct radix_tree_node *rnode;
};

extern struct radix_tree_node tk_radix_node;
struct radix_tree_root tk_radix = { .rnode = (void *)((char *)&tk_radix_node + 1) };
__direct struct radix_tree_node tk_radix_node = {
	.count = 1, .root = &tk_radix, .slots = { [5] = (void *)0xeee0 },
};
