/* Private to arch/arm64: the machine facts found at open (from VMCOREINFO)
 * and the functions of the ops table, one file per concern: layout.c
 * (facts, the linear map and the kernel image), pagetable.c (the
 * translation-table walk), regs.c (register notes, names, crash's register
 * block), stacks.c (unwinding by frame records). */
#ifndef CRASH_ARCH_ARM64_H
#define CRASH_ARCH_ARM64_H

#include "arch/arch_impl.h"
#include "arch/arm64/regs.h"

struct arm64_vm {
	char *vi_mem;			/* VMCOREINFO found in memory, or NULL */
	uint64_t kimage_voffset;	/* kernel image: paddr = vaddr - this */
	uint64_t kimage_lo, kimage_hi;	/* [_text, _end) relocated */
	uint64_t phys_offset;		/* PHYS_OFFSET (memstart_addr): may wrap */
	uint64_t page_offset;		/* PAGE_OFFSET: start of the linear map */
	uint64_t page_end;		/* end of the linear map (_PAGE_END(VA_BITS_MIN)) */
	int va_bits;			/* the kernel's configured VA_BITS */
	int va_bits_actual;		/* what TTBR1 translates: 64 - T1SZ */
	int page_shift;			/* 12, 14 or 16 */
	int levels;			/* of a walk of va_bits_actual bits */
	bool lpa2;			/* 52-bit output addresses in bits 9:8 (4K/16K) */
	bool pa52_64k;			/* 52-bit output addresses in bits 15:12 (64K) */
	uint64_t pac_mask;		/* pointer-authentication bits of a kernel pointer */
};

static inline struct arm64_vm *A64(const struct arch_vm *vm)
{
	return vm->priv;
}

/* Descriptor bits (arch/arm64/include/asm/pgtable-hwdef.h, pgtable-prot.h). */
#define A64_PTE_VALID     (1ULL << 0)
#define A64_PTE_TABLE     (1ULL << 1)	/* table (non-last level) or page */
#define A64_PTE_USER      (1ULL << 6)	/* AP[1] */
#define A64_PTE_RDONLY    (1ULL << 7)	/* AP[2] */
#define A64_PTE_SHARED    (3ULL << 8)	/* SH[1:0]; PA[51:50] with LPA2 */
#define A64_PTE_AF        (1ULL << 10)
#define A64_PTE_NG        (1ULL << 11)
#define A64_PTE_DBM       (1ULL << 51)	/* hardware dirty: the kernel's PTE_WRITE */
#define A64_PTE_CONT      (1ULL << 52)
#define A64_PTE_PXN       (1ULL << 53)
#define A64_PTE_UXN       (1ULL << 54)
#define A64_PTE_DIRTY     (1ULL << 55)	/* software bits */
#define A64_PTE_SPECIAL   (1ULL << 56)
#define A64_PTE_PROT_NONE (1ULL << 58)

/* Swap entries in an invalid PTE: type in bits 3-7, offset from bit 8. */
/* Swap entries (arch/arm64/include/asm/pgtable.h): up to Linux 6.9 the
 * type in bits 3-7 and the offset from bit 8; from 6.10 the type in bits
 * 6-10 and the offset from bit 12 (bits 2-3 keep PG_anon_exclusive and
 * uffd-wp, bit 11 must be clear).  Both offsets are 50 bits. */
#define A64_SWP_TYPE_SHIFT 3
#define A64_SWP_TYPE_BITS 5
#define A64_SWP_OFFSET_SHIFT (A64_SWP_TYPE_SHIFT + A64_SWP_TYPE_BITS)
#define A64_SWP_TYPE_SHIFT_610 6
#define A64_SWP_OFFSET_SHIFT_610 12
#define A64_SWP_OFFSET_BITS 50

int arm64_open(struct arch_vm *vm, const struct arch_setup *setup);
void arm64_close(struct arch_vm *vm);
bool arm64_kvtop_fixed(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr);
bool arm64_is_kvaddr(const struct arch_vm *vm, uint64_t vaddr);
int arm64_walk(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, struct arch_walk *walk);
void arm64_pte_flags(const struct arch_vm *vm, uint64_t pte, char *buf, size_t len);
int arm64_cpu_regs(struct arch_vm *vm, int cpu, struct arch_regs *regs);
int arm64_gdb_reg(const struct arch_vm *vm, const char *name, struct arch_gdb_reg *r);
int arm64_swap_decode(const struct arch_vm *vm, uint64_t pte, int layout, uint64_t *type, uint64_t *offset);
void arm64_pte_decode(const struct arch_vm *vm, uint64_t pte, struct arch_pte *out);
extern const char *const arm64_gdb_reg_list[];
/* A return address or code pointer without its PAC bits. */
uint64_t arm64_strip_pac(const struct arch_vm *vm, uint64_t addr);

struct arch_unwinder *arm64_unwinder_new(struct arch_vm *vm, const struct arch_kernel *kern);
void arm64_unwinder_free(struct arch_unwinder *uw);
int arm64_cpu_task(struct arch_unwinder *uw, int cpu, uint64_t *task);
int arm64_task_saved_sp(struct arch_unwinder *uw, uint64_t task, uint64_t *sp);
int arm64_cpu_stacks(struct arch_unwinder *uw, int cpu, struct arch_stack *out, int max);
bool arm64_stack_of(struct arch_unwinder *uw, uint64_t task, int cpu, uint64_t addr,
		    struct arch_stack *s);
bool arm64_is_text(struct arch_unwinder *uw, uint64_t addr);
bool arm64_exception_frame_at(struct arch_unwinder *uw, uint64_t addr, struct arch_regs *regs,
			      bool *user);
struct arch_unwind *arm64_unwind_start(struct arch_unwinder *uw, uint64_t task, int cpu,
				       const struct arch_regs *regs);
void arm64_unwind_current(const struct arch_unwind *u, struct arch_frame *f);
int arm64_unwind_next(struct arch_unwind *u, struct arch_frame *f);
void arm64_unwind_end(struct arch_unwind *u);

#endif
