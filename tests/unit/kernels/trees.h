/* Types of the "trees" test kernel (trees.c): 6.1's maple tree nodes
 * (include/linux/maple_tree.h), beside tk_kernel.h's xarray.  Shared with
 * tests/unit/test_walk_trees.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_TREES_H
#define CRASH_TESTS_KERNELS_TREES_H

#include "tk_kernel.h"

#define MAPLE_NODE_SLOTS 31
#define MAPLE_RANGE64_SLOTS 16
#define MAPLE_ARANGE64_SLOTS 10

enum maple_type { maple_dense, maple_leaf_64, maple_range_64, maple_arange_64 };

/* mt_mk_node(): a node's address with its type in bits 3-6 (and bit 2,
 * MAPLE_ENODE_NULL); mt_mk_root() adds bit 1 (an xarray internal entry). */
#define MT_NODE(node, type) ((void *)((char *)(node) + ((type) << 3) + 4))
#define MT_ROOT(node, type) ((void *)((char *)(node) + ((type) << 3) + 4 + 2))

struct maple_metadata {
	unsigned char end;
	unsigned char gap;
};

struct maple_pnode;

struct maple_range_64 {
	struct maple_pnode *parent;
	unsigned long pivot[MAPLE_RANGE64_SLOTS - 1];
	union {
		void *slot[MAPLE_RANGE64_SLOTS];
		struct {
			void *pad[MAPLE_RANGE64_SLOTS - 1];
			struct maple_metadata meta;
		};
	};
};

struct maple_arange_64 {
	struct maple_pnode *parent;
	unsigned long pivot[MAPLE_ARANGE64_SLOTS - 1];
	void *slot[MAPLE_ARANGE64_SLOTS];
	unsigned long gap[MAPLE_ARANGE64_SLOTS];
	struct maple_metadata meta;
};

struct maple_node {
	union {
		struct {
			struct maple_pnode *parent;
			void *slot[MAPLE_NODE_SLOTS];
		};
		struct maple_range_64 mr64;
		struct maple_arange_64 ma64;
	};
} __attribute__((aligned(256)));

struct maple_tree {
	union {
		spinlock_t ma_lock;
	};
	void *ma_root;
	unsigned int ma_flags;
};

#endif
