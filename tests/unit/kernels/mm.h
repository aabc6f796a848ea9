/* Types of the "mm" test kernel (mm.c): an address space as 6.12 has it
 * (mm_struct with its maple tree of VMAs, page directory, sizes, and
 * rss_stat as an array of percpu_counter), and a percpu_counter of its
 * own, with the members linux/mm.c and linux/percpu.c probe, in the
 * kernel's order.  Shared with tests/unit/test_mm.c, which takes offsets
 * from them. */
#ifndef CRASH_TESTS_KERNELS_MM_H
#define CRASH_TESTS_KERNELS_MM_H

#include "tk_kernel.h"

enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES, NR_MM_COUNTERS };

/* include/linux/percpu_counter.h */
struct percpu_counter {
	raw_spinlock_t lock;
	s64 count;
	struct list_head list;
	s32 *counters;		/* s32 __percpu * */
};

/* include/linux/maple_tree.h, 64-bit */
#define MAPLE_NODE_SLOTS 31
#define MAPLE_RANGE64_SLOTS 16
#define MAPLE_ARANGE64_SLOTS 10
enum maple_type { maple_dense, maple_leaf_64, maple_range_64, maple_arange_64 };

struct maple_metadata {
	unsigned char end;
	unsigned char gap;
};

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

/* mte_mk_node(): a child slot; mt_mk_root(): the tree's root */
#define MT_ENODE(node, type) ((void *)((char *)(node) + ((type) << 3) + 4))
#define MT_ROOT(node, type) ((void *)((char *)(node) + ((type) << 3) + 4 + 2))

struct file;
struct mm_struct;

struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	struct mm_struct *vm_mm;
	unsigned long vm_page_prot;
	unsigned long vm_flags;
	struct list_head anon_vma_chain;
	void *anon_vma;
	const void *vm_ops;
	unsigned long vm_pgoff;
	struct file *vm_file;
	void *vm_private_data;
};

struct mm_struct {
	struct maple_tree mm_mt;
	unsigned long mmap_base;
	unsigned long task_size;
	unsigned long *pgd;
	atomic_t mm_users;
	atomic_t mm_count;
	int map_count;
	unsigned long hiwater_rss;
	unsigned long hiwater_vm;
	unsigned long total_vm;
	unsigned long locked_vm;
	struct percpu_counter rss_stat[NR_MM_COUNTERS];
};

#endif
