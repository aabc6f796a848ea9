/* The "mm" test kernel, for tests/unit/test_mm.c: an address space as
 * 6.12 has it.
 *
 *   mm_a:  three VMAs in a maple tree of two levels (an allocation range
 *          node over two leaves):  vma_1 [400000, 401000)
 *          vma_2 [500000, 501000)  vma_3 [7ffff000, 80000000)
 *          a page directory (pgd_a), total_vm 77, map_count 3, and RSS
 *          counters as percpu_counters with deltas on both CPUs:
 *          file 10 (+3 on CPU 0, -1 on CPU 1), anon 100, swap entries 99
 *          (not resident), shmem 2 (-4 on CPU 0: below zero, counts 0)
 *   mm_b:  an empty tree
 *   nr_committed: a percpu_counter, 1000 - 7 + 30
 * Everything is in the direct map, as slab objects are. */
#include "mm.h"

extern struct mm_struct mm_a, mm_b;
extern struct maple_node mt_root, mt_leaf_a, mt_leaf_b;
extern struct vm_area_struct vma_1, vma_2, vma_3;
extern unsigned long pgd_a[512];

#define VM_FLAGS 0x8100073	/* READ|WRITE|MAYREAD|MAYWRITE|MAYEXEC|ACCOUNT|SOFTDIRTY */

/* the per-cpu deltas (s32 each) of the percpu_counters */
DEFINE_PER_CPU(s32, rss_a_file) = 3;
PER_CPU_INIT(1, rss_a_file) = -1;
DEFINE_PER_CPU(s32, rss_a_anon);
DEFINE_PER_CPU(s32, rss_a_swap) = 5;
DEFINE_PER_CPU(s32, rss_a_shmem);
PER_CPU_INIT(0, rss_a_shmem) = -4;
DEFINE_PER_CPU(s32, rss_b);
DEFINE_PER_CPU(s32, committed_pcpu) = -7;
PER_CPU_INIT(1, committed_pcpu) = 30;

#define PCPU_COUNTER(n, pcpu) { .count = (n), .counters = &(pcpu) }

__direct unsigned long pgd_a[512] __page_aligned;

__direct struct mm_struct mm_a = {
	.mm_mt = { .ma_root = MT_ROOT(&mt_root, maple_arange_64) },
	.mmap_base = 0x7ffff7fff000, .task_size = 0x7ffffffff000, .pgd = pgd_a,
	.mm_users = { 1 }, .mm_count = { 1 }, .map_count = 3, .total_vm = 77,
	.rss_stat = {
		[MM_FILEPAGES] = PCPU_COUNTER(10, rss_a_file),
		[MM_ANONPAGES] = PCPU_COUNTER(100, rss_a_anon),
		[MM_SWAPENTS] = PCPU_COUNTER(99, rss_a_swap),
		[MM_SHMEMPAGES] = PCPU_COUNTER(2, rss_a_shmem),
	},
};

__direct struct mm_struct mm_b = {
	.pgd = pgd_a, .mm_users = { 1 },
	.rss_stat = { PCPU_COUNTER(0, rss_b), PCPU_COUNTER(0, rss_b), PCPU_COUNTER(0, rss_b),
		      PCPU_COUNTER(0, rss_b) },
};

/* root: [0, 4fffff] leaf A, [500000, max] leaf B */
__direct struct maple_node mt_root = {
	.ma64 = {
		.pivot = { 0x4fffff },
		.slot = { MT_ENODE(&mt_leaf_a, maple_leaf_64), MT_ENODE(&mt_leaf_b, maple_leaf_64) },
		.meta = { .end = 1 },
	},
};
/* leaf A: [0, 3fffff] empty, [400000, 400fff] vma_1, [401000, 4fffff] empty.
 * (The slots are given as pad[]: slot[] shares a union with the pad and
 * metadata, and an initialiser sets one member of a union.) */
__direct struct maple_node mt_leaf_a = {
	.mr64 = {
		.pivot = { 0x3fffff, 0x400fff },
		.pad = { 0, &vma_1 },
		.meta = { .end = 2 },
	},
};
/* leaf B: [500000, 500fff] vma_2, [501000, 7fffefff] empty,
 * [7ffff000, 7fffffff] vma_3, [80000000, max] empty */
__direct struct maple_node mt_leaf_b = {
	.mr64 = {
		.pivot = { 0x500fff, 0x7fffefff, 0x7fffffff },
		.pad = { &vma_2, 0, &vma_3 },
		.meta = { .end = 3 },
	},
};

__direct struct vm_area_struct vma_1 = {
	.vm_start = 0x400000, .vm_end = 0x401000, .vm_mm = &mm_a, .vm_flags = VM_FLAGS,
	.vm_pgoff = 0,
};
__direct struct vm_area_struct vma_2 = {
	.vm_start = 0x500000, .vm_end = 0x501000, .vm_mm = &mm_a, .vm_flags = VM_FLAGS | 0x4,
	.vm_pgoff = 0x500,
};
/* in a page of its own, which a test leaves out of the dump */
__direct struct vm_area_struct vma_3 __page_aligned = {
	.vm_start = 0x7ffff000, .vm_end = 0x80000000, .vm_mm = &mm_a, .vm_flags = 0x100173,
	.vm_pgoff = 0x7ffff,
};

__direct struct percpu_counter nr_committed = PCPU_COUNTER(1000, committed_pcpu);
