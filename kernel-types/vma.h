/* A process's address space: its mm_struct and the VMAs in it, read from
 * the maple tree mm->mm_mt (6.1+) or the older mm->mmap list, whichever
 * the kernel has. */
#ifndef CRASH_KERNEL_TYPES_VMA_H
#define CRASH_KERNEL_TYPES_VMA_H

#include <stdint.h>

struct kernel;

struct vma {
	uint64_t addr;		/* the vm_area_struct */
	uint64_t start, end;	/* [start, end) */
	uint64_t flags;		/* vm_flags */
	uint64_t pgoff;		/* vm_pgoff, in pages */
	uint64_t file;		/* vm_file, 0 for anonymous memory */
	uint64_t mm;		/* vm_mm */
};

/* Most VMAs visited in one mm: the kernel's default limit is 65530
 * (vm.max_map_count); a corrupt tree stops here instead of looping. */
#define VMA_MAX_COUNT (1u << 20)

/* Call fn on each VMA of mm in address order.  Stops when fn returns
 * non-zero and returns that value; 0 at the end; -1 with err_get() when
 * the tree or list could not be read. */
int vma_foreach(struct kernel *k, uint64_t mm, int (*fn)(void *arg, const struct vma *v),
		void *arg);

int vma_read(struct kernel *k, uint64_t addr, struct vma *v);

/* The header facts of vm: page tables and sizes, in pages. */
struct vma_mm_info {
	uint64_t pgd;		/* mm->pgd (kernel virtual) */
	uint64_t pgd_paddr;	/* its physical address */
	uint64_t rss;		/* file + anon + shmem pages mapped */
	uint64_t total_vm;	/* mm->total_vm */
	int map_count;
};
/* task is used for per-thread RSS counters on kernels that have them
 * (SPLIT_RSS_COUNTING before 6.2); 0 skips them. */
int vma_mm_info(struct kernel *k, uint64_t mm, uint64_t task, struct vma_mm_info *info);

/* mm_struct of a task (0 for a kernel thread). */
int vma_task_mm(struct kernel *k, uint64_t task, uint64_t *mm);

/* Callback form of a maple tree walk, for other users: fn gets the
 * inclusive range and the entry of each non-empty slot in index order. */
int vma_maple_foreach(struct kernel *k, uint64_t maple_tree,
		      int (*fn)(void *arg, uint64_t first, uint64_t last, uint64_t entry),
		      void *arg);

#endif
