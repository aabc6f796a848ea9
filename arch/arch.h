/* Per-architecture address translation and CPU state, over a dump.
 *
 * arch/ sits between readers/ (physical memory) and kernel-types/ (typed
 * kernel memory).  It knows page-table formats, the kernel's fixed virtual
 * layout, KASLR, and how register notes are laid out; it does not know
 * DWARF or kernel data structures.  The few vmlinux symbols it needs come
 * through a lookup callback that the layer above supplies. */
#ifndef CRASH_ARCH_ARCH_H
#define CRASH_ARCH_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "readers/dump.h"

struct arch_vm;

/* Link-time (unrelocated) address of a vmlinux symbol; 0 and -1 if none. */
typedef int (*arch_symbol_fn)(void *arg, const char *name, uint64_t *addr);

struct arch_setup {
	struct dump *dump;
	arch_symbol_fn symbol;	/* vmlinux symbols, not relocated */
	void *symbol_arg;
	const char *kaslr;	/* NULL or "auto": find it; else hex offset */
	/* Ignore VMCOREINFO and find KASLR/phys_base from the CPU state notes
	 * (tests compare both paths; also a way around a bad VMCOREINFO). */
	bool no_vmcoreinfo;
};

/* Find KASLR offset, phys_base, paging mode and the kernel page tables
 * (VMCOREINFO first, else the CPU state in the dump).  NULL + err_get(). */
struct arch_vm *arch_vm_open(const struct arch_setup *setup);
void arch_vm_close(struct arch_vm *vm);

/* Facts found at open, for sys, help and the typed reader. */
struct arch_info {
	const char *name;	 /* "x86_64" */
	uint64_t kaslr_offset;	 /* add to vmlinux symbol values */
	uint64_t phys_base;
	uint64_t page_offset;	 /* start of the direct map */
	uint64_t vmalloc_start, vmemmap_start;
	uint64_t kernel_pgd_paddr; /* init_top_pgt / swapper_pg_dir */
	int paging_levels;	 /* 4 or 5 */
	uint32_t page_size;
	uint64_t kernel_text_start; /* __START_KERNEL_map on x86_64 */
	uint64_t modules_start;	 /* MODULES_VADDR */
	const char *kaslr_source; /* "VMCOREINFO", "CPU state", "user", "none" */
};
const struct arch_info *arch_get_info(const struct arch_vm *vm);

/* Translate a virtual address.  pgd_paddr is the physical address of the
 * top-level page table to use, 0 for the kernel's.  Returns 0, or a
 * negative value with err_get() saying which level was not present (a
 * swap entry is reported as such, with type and offset). */
int arch_vtop(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, uint64_t *paddr);

/* One step of a page-table walk, for `vtop`. */
struct arch_walk_step {
	const char *level;	/* "PGD", "P4D", "PUD", "PMD", "PTE" */
	uint64_t entry_vaddr;	/* where the entry lives (direct map) */
	uint64_t entry_paddr;
	uint64_t value;
};
struct arch_walk {
	struct arch_walk_step step[6];
	int nsteps;
	bool present;		/* the final entry maps a page */
	uint64_t page_size;	/* 4K, 2M or 1G */
	uint64_t paddr;		/* valid when present */
	bool swap;		/* not present, holds a swap entry */
	uint64_t swap_type, swap_offset;
};
int arch_vtop_walk(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, struct arch_walk *walk);
/* Decode the flag bits of a page-table entry into words like crash's
 * "(PRESENT|RW|ACCESSED|...)"; writes into buf. */
void arch_pte_flags(const struct arch_vm *vm, uint64_t pte, char *buf, size_t len);

/* Read kernel virtual memory (kernel page tables).  Returns 0 or the
 * negative dump_error / translation error with err_get() set. */
int arch_read_kvirt(struct arch_vm *vm, uint64_t vaddr, void *buf, size_t len);
/* Direct-map virtual <-> physical, without reading memory. */
uint64_t arch_ptov(const struct arch_vm *vm, uint64_t paddr);
bool arch_is_kvaddr(const struct arch_vm *vm, uint64_t vaddr);

/* Registers of a CPU or a task, in pt_regs order for x86_64. */
struct arch_regs {
	uint64_t r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	uint64_t ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
	uint64_t fs_base, gs_base, cr3;
	bool valid;
};
/* Registers of each CPU at the time of the dump, from NT_PRSTATUS notes
 * (or QEMU CPU-state notes).  cpu is the note's order.  Returns the number
 * of CPUs with notes. */
int arch_cpu_regs(struct arch_vm *vm, int cpu, struct arch_regs *regs);

/* Physical address of a kernel-text/data virtual address (the kernel
 * image mapping, no page-table walk), or of a direct-map one; false if
 * vaddr is in neither. */
bool arch_kvtop_fixed(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr);

#endif
