/* Private to arch/: the translation context and the per-architecture
 * operations that arch.c dispatches to.  Not for layers above. */
#ifndef CRASH_ARCH_ARCH_IMPL_H
#define CRASH_ARCH_ARCH_IMPL_H

#include "arch/arch.h"

struct arch_ops {
	const char *name;
	/* Fill vm->info (KASLR, phys_base, levels, page tables).  0 or -1. */
	int (*open)(struct arch_vm *vm, const struct arch_setup *setup);
	int (*walk)(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, struct arch_walk *walk);
	void (*pte_flags)(const struct arch_vm *vm, uint64_t pte, char *buf, size_t len);
	/* Decode one last-level entry's value (optional: `pte` refuses
	 * without it). */
	void (*pte_decode)(const struct arch_vm *vm, uint64_t pte, struct arch_pte *out);
	bool (*kvtop_fixed)(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr);
	bool (*is_kvaddr)(const struct arch_vm *vm, uint64_t vaddr);
	/* Decode the register note(s) of CPU number cpu; return CPU count. */
	int (*cpu_regs)(struct arch_vm *vm, int cpu, struct arch_regs *regs);
	/* The register set: how many, their names (lower case), the numbers
	 * of pc, sp and fp, and crash's printed block of them. */
	int nregs;
	const char *const *reg_names;
	int reg_pc, reg_sp, reg_fp;
	/* The registers an exception frame's block holds (arch_reg_in_frame):
	 * numbers 0 .. frame_nregs-1 (0: all), and those of its
	 * hardware-saved part, -1 terminated (NULL: the same). */
	int frame_nregs;
	const signed char *partial_regs;
	/* Registers as gdb names them in expressions (arch_gdb_reg); NULL:
	 * the generic names of arch.c. */
	int (*gdb_reg)(const struct arch_vm *vm, const char *name, struct arch_gdb_reg *r);
	const char *const *gdb_reg_list;	/* info registers, NULL-terminated */
	/* swap entry layouts (arch_swap_layout_decode); NULL: only the one
	 * pte_decode reports */
	int (*swap_decode)(const struct arch_vm *vm, uint64_t pte, int layout, uint64_t *type,
			   uint64_t *offset);
	void (*regs_format)(const struct arch_vm *vm, const struct arch_regs *r, bool partial,
			    const char *indent, const struct arch_namer *namer, char *buf, size_t len);
	/* Unwinding (arch.h): the per-kernel unwinder and one unwind. */
	struct arch_unwinder *(*unwinder_new)(struct arch_vm *vm, const struct arch_kernel *kern);
	void (*unwinder_free)(struct arch_unwinder *uw);
	int (*cpu_task)(struct arch_unwinder *uw, int cpu, uint64_t *task);
	int (*task_saved_sp)(struct arch_unwinder *uw, uint64_t task, uint64_t *sp);
	bool (*stack_of)(struct arch_unwinder *uw, uint64_t task, int cpu, uint64_t addr,
			 struct arch_stack *s);
	/* optional (NULL: none known): the CPU's own stacks, IRQ and
	 * exception stacks, at most max of them */
	int (*cpu_stacks)(struct arch_unwinder *uw, int cpu, struct arch_stack *out, int max);
	bool (*is_text)(struct arch_unwinder *uw, uint64_t addr);
	bool (*exception_frame_at)(struct arch_unwinder *uw, uint64_t addr, struct arch_regs *regs,
				   bool *user);
	size_t exception_frame_size;
	struct arch_unwind *(*unwind_start)(struct arch_unwinder *uw, uint64_t task, int cpu,
					    const struct arch_regs *regs);
	void (*unwind_current)(const struct arch_unwind *u, struct arch_frame *f);
	int (*unwind_next)(struct arch_unwind *u, struct arch_frame *f);
	void (*unwind_end)(struct arch_unwind *u);
	/* Optional: free vm->priv. */
	void (*close)(struct arch_vm *vm);
};

/* What every architecture's unwinder and unwind start with (each arch
 * embeds these first in its own). */
struct arch_unwinder {
	struct arch_vm *vm;
	const struct arch_kernel *kern;
};
/* An unwinder's reads of the kernel, through the callbacks stack.c gives
 * it: memory (0 or an error), a symbol's address (0 when unknown), a
 * member's offset (negative when unknown). */
static inline int uw_read(const struct arch_unwinder *uw, uint64_t addr, void *buf, size_t len)
{
	return uw->kern->read(uw->kern->arg, addr, buf, len);
}

static inline uint64_t uw_symbol(const struct arch_unwinder *uw, const char *name)
{
	uint64_t a = 0;
	return uw->kern->symbol(uw->kern->arg, name, &a) == 0 ? a : 0;
}

static inline long uw_offset_of(const struct arch_unwinder *uw, const char *type, const char *member)
{
	return uw->kern->offset_of(uw->kern->arg, type, member);
}

static inline bool uw_in_range(uint64_t a, uint64_t lo, uint64_t hi)
{
	return a >= lo && a < hi;
}
struct arch_unwind {
	struct arch_unwinder *uw;
	struct arch_regs start;	/* registers the unwind started from */
	char why[160];		/* why it stopped, after an error */
};

struct arch_vm {
	struct dump *dump;
	const struct arch_ops *ops;
	struct arch_info info;
	/* Symbols of the layer above, kept for lookups after open. */
	arch_symbol_fn symbol;
	void *symbol_arg;
	void *priv;		/* the architecture's own facts */
};

extern const struct arch_ops arch_x86_64_ops;
extern const struct arch_ops arch_arm64_ops;

/* Value of "KEY=" in VMCOREINFO text; false if absent or malformed.
 * base 16 or 10 (0 = auto via strtoull). */
bool arch_vmcoreinfo_u64(const char *vmcoreinfo, const char *key, int base, uint64_t *val);

/* Symbol lookup through the setup callback; false if unavailable. */
bool arch_symbol(const struct arch_vm *vm, const char *name, uint64_t *addr);

#endif
