/* Private to arch/x86_64: page-table bits and fixed layout constants
 * (from the kernel's arch/x86/include/asm/pgtable_types.h, page_64_types.h
 * and pgtable_64_types.h). */
#ifndef CRASH_ARCH_X86_64_H
#define CRASH_ARCH_X86_64_H

#include "arch/arch_impl.h"
#include "arch/x86_64/regs.h"

#define X86_PAGE_PRESENT   (1ULL << 0)
#define X86_PAGE_RW        (1ULL << 1)
#define X86_PAGE_USER      (1ULL << 2)
#define X86_PAGE_PWT       (1ULL << 3)
#define X86_PAGE_PCD       (1ULL << 4)
#define X86_PAGE_ACCESSED  (1ULL << 5)
#define X86_PAGE_DIRTY     (1ULL << 6)
#define X86_PAGE_PSE       (1ULL << 7)	/* large page at PMD/PUD; PAT at PTE */
#define X86_PAGE_GLOBAL    (1ULL << 8)
/* Bit 8 without PRESENT in a leaf: a PROT_NONE page (the kernel reuses
 * the global bit, which only matters for present entries). */
#define X86_PAGE_PROTNONE  X86_PAGE_GLOBAL
#define X86_PAGE_NX        (1ULL << 63)

/* Physical address bits of an entry: 52-bit physical addresses. */
#define X86_PHYS_MASK      0x000ffffffffff000ULL

#define X86_START_KERNEL_MAP 0xffffffff80000000ULL
#define X86_KERNEL_IMAGE_SIZE (1ULL << 30)	/* with KASLR; MODULES_VADDR follows */
#define X86_MODULES_VADDR  (X86_START_KERNEL_MAP + X86_KERNEL_IMAGE_SIZE)

/* Defaults when the randomized bases cannot be read (no KASLR of memory). */
#define X86_PAGE_OFFSET_L4 0xffff888000000000ULL
#define X86_PAGE_OFFSET_L5 0xff11000000000000ULL
#define X86_VMALLOC_L4     0xffffc90000000000ULL
#define X86_VMALLOC_L5     0xffa0000000000000ULL
#define X86_VMEMMAP_L4     0xffffea0000000000ULL
#define X86_VMEMMAP_L5     0xffd4000000000000ULL

/* Swap entries in a non-present PTE (pgtable_64.h): type in the top 5
 * bits, offset from bit 9 (after PROTNONE) upward, stored inverted as an
 * L1TF mitigation so that a swap PTE never points at real memory. */
#define X86_SWP_TYPE_BITS  5
#define X86_SWP_OFFSET_FIRST_BIT 9
#define X86_SWP_OFFSET_SHIFT (X86_SWP_OFFSET_FIRST_BIT + X86_SWP_TYPE_BITS)

void x86_64_swap_decode(uint64_t pte, uint64_t *type, uint64_t *offset);
int x86_64_walk(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, struct arch_walk *walk);
void x86_64_pte_decode(const struct arch_vm *vm, uint64_t pte, struct arch_pte *out);
void x86_64_pte_flags(const struct arch_vm *vm, uint64_t pte, char *buf, size_t len);
bool x86_64_kvtop_fixed(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr);
bool x86_64_is_kvaddr(const struct arch_vm *vm, uint64_t vaddr);
int x86_64_open(struct arch_vm *vm, const struct arch_setup *setup);
int x86_64_cpu_regs(struct arch_vm *vm, int cpu, struct arch_regs *regs);
/* gdb's register names and types in expressions (gdb_regs.c). */
int x86_64_gdb_reg(const struct arch_vm *vm, const char *name, struct arch_gdb_reg *r);
extern const char *const x86_64_gdb_reg_list[];

/* Unwinding (stacks.c): arch.h's unwinder on the ORC unwinder of
 * unwind.c. */
struct arch_unwinder *x86_64_unwinder_new(struct arch_vm *vm, const struct arch_kernel *kern);
void x86_64_unwinder_free(struct arch_unwinder *uw);
int x86_64_cpu_task(struct arch_unwinder *uw, int cpu, uint64_t *task);
int x86_64_task_saved_sp(struct arch_unwinder *uw, uint64_t task, uint64_t *sp);
int x86_64_cpu_stacks(struct arch_unwinder *uw, int cpu, struct arch_stack *out, int max);
bool x86_64_stack_of(struct arch_unwinder *uw, uint64_t task, int cpu, uint64_t addr,
		     struct arch_stack *s);
bool x86_64_is_text(struct arch_unwinder *uw, uint64_t addr);
bool x86_64_exception_frame_at(struct arch_unwinder *uw, uint64_t addr, struct arch_regs *regs,
			       bool *user);
struct arch_unwind *x86_64_unwind_start(struct arch_unwinder *uw, uint64_t task, int cpu,
					const struct arch_regs *regs);
void x86_64_unwind_current(const struct arch_unwind *u, struct arch_frame *f);
int x86_64_unwind_next(struct arch_unwind *u, struct arch_frame *f);
void x86_64_unwind_end(struct arch_unwind *u);

/* The QEMU "QEMU" note (target/i386/arch_dump.c, QEMUCPUState). */
#define QEMU_CPUSTATE_MIN_SIZE 432	/* through cr[4] */
#define QEMU_OFF_REGS    8	/* rax rbx rcx rdx rsi rdi rsp rbp r8..r15 rip rflags */
#define QEMU_OFF_SEGS    152	/* cs ds es fs gs ss ldt tr gdt idt, 24 bytes each */
#define QEMU_SEG_SIZE    24
#define QEMU_SEG_BASE    16	/* selector, limit, flags, pad, then base */
#define QEMU_OFF_CR      392	/* cr[0..4] */
#define QEMU_SEG_FS 3
#define QEMU_SEG_GS 4
#define QEMU_SEG_IDT 9

/* The nth QEMU CPU-state note; NULL if none. */
const unsigned char *x86_64_qemu_note(struct arch_vm *vm, int n, size_t *size);

#endif
