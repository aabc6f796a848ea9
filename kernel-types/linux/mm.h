/* A process's address space: its mm_struct (page directory, sizes, the
 * one RSS computation) and the VMAs in it, read from the maple tree
 * mm->mm_mt (6.1+) or the older mm->mmap list, whichever the kernel has. */
#ifndef CRASH_KERNEL_TYPES_LINUX_MM_H
#define CRASH_KERNEL_TYPES_LINUX_MM_H

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

/* Call fn on each VMA of mm in address order (kwalk_maple over mm_mt, or
 * kwalk_chain over the mmap list: bounded as every walk is).  Stops when
 * fn returns non-zero and returns that value; 0 at the end; negative
 * with err_get() when the tree, the list or a VMA could not be read. */
int vma_foreach(struct kernel *k, uint64_t mm, int (*fn)(void *arg, const struct vma *v),
		void *arg);
/* The vm_area_struct at addr.  0, or negative with err_get(). */
int vma_read(struct kernel *k, uint64_t addr, struct vma *v);

/* mm_struct of a task (0 for a kernel thread). */
int mm_of_task(struct kernel *k, uint64_t task, uint64_t *mm);

/* The page directory of mm: mm->pgd (kernel virtual) and its physical
 * address, what arch_vtop_walk() and kernel_read_user() take for the
 * user page walk.  Either pointer may be NULL.  0, or negative. */
int mm_pgd(struct kernel *k, uint64_t mm, uint64_t *pgd, uint64_t *pgd_paddr);

/* Resident pages of mm: the MM_FILEPAGES, MM_ANONPAGES and MM_SHMEMPAGES
 * counters of mm->rss_stat (looked up by name), each an atomic_long_t
 * (before 6.2) or a percpu_counter summed over the CPUs (6.2+), plus the
 * per-task caches not yet folded into the mm (task->rss_stat before 6.2,
 * SPLIT_RSS_COUNTING) of every task that uses mm; each counter counts
 * from zero up, as get_mm_counter() reads it.  The one RSS: ps and vm
 * both show it.  0 (pages 0 when the kernel has no counters this code
 * knows), or negative. */
int mm_rss(struct kernel *k, uint64_t mm, uint64_t *pages);

/* The facts vm's header shows, in pages. */
struct mm_info {
	uint64_t pgd;		/* mm->pgd (kernel virtual) */
	uint64_t pgd_paddr;	/* its physical address */
	uint64_t rss;		/* mm_rss() */
	uint64_t total_vm;	/* mm->total_vm */
	int map_count;
};
/* 0, or negative with err_get() when the page directory cannot be read
 * or translated. */
int mm_info(struct kernel *k, uint64_t mm, struct mm_info *info);
/* mm->total_vm alone (0 when the kernel has no such counter). */
int mm_total_vm(struct kernel *k, uint64_t mm, uint64_t *pages);

#endif
