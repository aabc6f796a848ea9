/* Per-architecture address translation and CPU state, over a dump.
 *
 * arch/ sits between readers/ (physical memory) and kernel-types/ (typed
 * kernel memory).  It knows page-table formats, the kernel's fixed virtual
 * layout, KASLR, how register notes are laid out, and how the machine's
 * kernel stacks unwind; it does not know DWARF or kernel data structures.
 * The few vmlinux symbols it needs come through a lookup callback that the
 * layer above supplies, and what unwinding must read (a switch frame, the
 * unwind tables of modules) through struct arch_kernel.
 *
 * Everything machine-specific is behind an ops table (arch_impl.h): a new
 * architecture is a directory arch/NAME/ and its table. */
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
	const char *name;	 /* "x86_64", "arm64" */
	uint64_t kaslr_offset;	 /* add to vmlinux symbol values */
	uint64_t phys_base;
	uint64_t page_offset;	 /* direct-map address of physical 0 (x86_64: the
				    map's start; arm64: PAGE_OFFSET - PHYS_OFFSET) */
	uint64_t vmalloc_start, vmemmap_start; /* vmemmap_start: struct page of pfn 0 */
	uint64_t kernel_pgd_paddr; /* init_top_pgt / swapper_pg_dir */
	int paging_levels;	 /* 4 or 5 */
	uint32_t page_size;
	uint64_t kernel_text_start; /* __START_KERNEL_map on x86_64 */
	uint64_t modules_start;	 /* MODULES_VADDR */
	const char *kaslr_source; /* "VMCOREINFO", "VMCOREINFO in memory", "CPU state", "user", "none" */
	const char *pc_name;	 /* the pc as crash names it: "RIP" */
	enum arch_isa { ARCH_ISA_X86_64, ARCH_ISA_AARCH64 } isa; /* for a disassembler */
	/* vtop names each table entry by its kernel virtual address under
	 * one PAGE DIRECTORY line (crash's arm64 layout), not physically */
	bool vtop_entry_vaddrs;
	/* (added at the end: extensions built before keep their offsets)
	 * The per-cpu variable that holds what the kernel knows of each CPU
	 * (identification, caches, features), and its type, for mach -c;
	 * NULL when the architecture keeps none. */
	const char *cpuinfo_symbol, *cpuinfo_type;
	/* The bases mach prints where they are not page_offset and
	 * vmemmap_start (arm64: PAGE_OFFSET, the direct map's start, and
	 * VMEMMAP_START); 0: those. */
	uint64_t virtual_base, vmemmap_base;
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
/* What a last-level page-table entry's value says, for `pte`: the page it
 * maps, or the swap entry it holds; 0, or -1 with err_get() when the
 * architecture cannot decode one. */
struct arch_pte {
	bool present;		/* maps a page (PROT_NONE included) */
	uint64_t paddr;
	bool swap;		/* not present, holds a swap entry */
	uint64_t swap_type, swap_offset;
};
int arch_pte_decode(const struct arch_vm *vm, uint64_t pte, struct arch_pte *out);
/* The swap entry a not-present last-level entry holds, read in the
 * layout-th of the architecture's swap layouts (0 is the one walks and
 * arch_pte_decode report).  arm64 has two in use, Linux 6.10 having moved
 * the type and the offset, and nothing in a dump names which: the kernel
 * layer tells them apart by the slots they point at (linux/swap.h,
 * swap_entry_of_pte).  0, or -1 past the last layout (API 1.5). */
int arch_swap_layout_decode(const struct arch_vm *vm, uint64_t pte, int layout, uint64_t *type,
			    uint64_t *offset);

/* Read kernel virtual memory (kernel page tables).  Returns 0 or the
 * negative dump_error / translation error with err_get() set. */
int arch_read_kvirt(struct arch_vm *vm, uint64_t vaddr, void *buf, size_t len);
/* Direct-map virtual <-> physical, without reading memory. */
uint64_t arch_ptov(const struct arch_vm *vm, uint64_t paddr);
bool arch_is_kvaddr(const struct arch_vm *vm, uint64_t vaddr);

/* --- registers --- */

/* A register set of a CPU or a task: the architecture's registers by its
 * own numbers (x86_64: enum x86_64_reg in arch/x86_64/regs.h, pt_regs
 * order), as the dump's notes, an exception frame or a switch frame hold
 * them.  Code above arch/ reaches them by role or by name. */
#define ARCH_REGS_MAX 40
struct arch_regs {
	uint64_t r[ARCH_REGS_MAX];
	bool valid;
};
enum arch_reg_role {
	ARCH_REG_PC,	/* the instruction pointer */
	ARCH_REG_SP,	/* the stack pointer */
	ARCH_REG_FP,	/* the frame pointer */
};
uint64_t arch_reg(const struct arch_vm *vm, const struct arch_regs *r, enum arch_reg_role role);
/* Set a register by role (bt -I/-S build a start from them). */
void arch_reg_set(const struct arch_vm *vm, struct arch_regs *r, enum arch_reg_role role,
		  uint64_t v);
/* A register by its name as the architecture's manuals write it, lower
 * case ("rip", "rsp", "cr3"), and back; -1 / NULL when there is none. */
int arch_reg_number(const struct arch_vm *vm, const char *name);
const char *arch_reg_name(const struct arch_vm *vm, int number);
/* Whether the register block of an exception frame (partial: its
 * hardware-saved part) holds register number, as arch_regs_format()
 * prints them: what bt's JSON lists by name. */
bool arch_reg_in_frame(const struct arch_vm *vm, int number, bool partial);
/* Names a kernel text address for a register block (arm64's
 * "PC: ...  [panic+24]"): the symbol and *off, or NULL.  The arch layer
 * has no symbols; its caller lends them. */
struct arch_namer {
	const char *(*name)(void *arg, uint64_t addr, uint64_t *off);
	void *arg;
};
/* The register block crash prints for an exception frame or the
 * user-mode registers ending a backtrace, in lines that start with
 * indent; partial: only the part the hardware saved (x86_64: the iret
 * frame).  Into buf, always terminated. */
void arch_regs_format(const struct arch_vm *vm, const struct arch_regs *r, bool partial,
		      const char *indent, char *buf, size_t len);
/* The same, with code addresses named where crash names them (API 1.5). */
void arch_regs_format_named(const struct arch_vm *vm, const struct arch_regs *r, bool partial,
			    const char *indent, const struct arch_namer *namer, char *buf, size_t len);

/* A register as gdb names and types it in expressions ($rip, $eax, $pc,
 * $eflags): its number in struct arch_regs, the bits of it the name
 * covers (a part: x86_64's $eax is rax's low 32 bits, $ah bits 8-15),
 * gdb's type for it, and its role when it is the pc, sp or fp (the
 * registers a switch frame keeps). */
enum arch_gdb_type {
	ARCH_GDB_INT,		/* a signed integer of `bits` bits (int64_t, int32_t...) */
	ARCH_GDB_LONG,		/* long */
	ARCH_GDB_DATA_PTR,	/* void * */
	ARCH_GDB_CODE_PTR,	/* void (*)() */
	ARCH_GDB_FLAGS,		/* a flags register, printed "[ ZF IF ]" */
	ARCH_GDB_UINT,		/* an unsigned integer of `bits` bits (uint32_t...) */
};
/* A field of a flags register of more than one bit (arm64's cpsr EL at
 * bits 2-3): gdb prints it as NAME=value whether or not it is zero. */
struct arch_gdb_field {
	const char *name;
	int shift, bits;
};
struct arch_gdb_reg {
	int number;		/* -1: gdb knows it, the dump's notes do not save it */
	int bits, shift;
	enum arch_gdb_type type;
	int role;		/* an enum arch_reg_role, or -1 */
	/* ARCH_GDB_FLAGS: gdb's name of the type ("i386_eflags") and the
	 * name of each bit (NULL or "" for none; bits past nflags print as
	 * #N) */
	const char *type_name;
	const char *const *flag_names;
	int nflags;
	/* and its fields of several bits, printed after the named bits */
	const struct arch_gdb_field *fields;
	int nfields;
};
/* 0 and *r when gdb has a register of that name (no '$') on this machine,
 * -1 when not.  An architecture without its own table answers pc, sp and
 * fp (by role) and the names of arch_reg_number() as long. */
int arch_gdb_reg(const struct arch_vm *vm, const char *name, struct arch_gdb_reg *r);
/* The i-th register gdb's `info registers` lists, in its order; NULL past
 * the last. */
const char *arch_gdb_reg_listed(const struct arch_vm *vm, int i);

/* Registers of each CPU at the time of the dump, from NT_PRSTATUS notes
 * (or QEMU CPU-state notes).  cpu is the note's order.  Returns the number
 * of CPUs with notes (the dump's CPUs: bt -a walks these). */
int arch_cpu_regs(struct arch_vm *vm, int cpu, struct arch_regs *regs);

/* Physical address of a kernel-text/data virtual address (the kernel
 * image mapping, no page-table walk), or of a direct-map one; false if
 * vaddr is in neither. */
bool arch_kvtop_fixed(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr);

/* --- unwinding kernel stacks --- */

/* What arch/ reads of the kernel to unwind its stacks, supplied by the
 * layer above (kernel-types/stack.c), which knows symbols, types and
 * tasks: the switch frame of a sleeping task, the unwind tables of
 * modules, per-CPU interrupt stacks.  Type names are C names ("struct
 * inactive_task_frame"), members may be dotted paths ("thread.sp").
 * Every function returns 0 (or a size or offset >= 0), or -1 (a read: a
 * negative error) with err_get() set. */
struct arch_kernel {
	void *arg;
	/* run-time address of a symbol (KASLR applied) */
	int (*symbol)(void *arg, const char *name, uint64_t *addr);
	/* address of a per-cpu variable on a CPU */
	int (*percpu_symbol)(void *arg, const char *name, int cpu, uint64_t *addr);
	/* kernel virtual memory */
	int (*read)(void *arg, uint64_t addr, void *buf, size_t len);
	long (*offset_of)(void *arg, const char *type, const char *member);
	long (*member_size)(void *arg, const char *type, const char *member);
	long (*size_of)(void *arg, const char *type);
	/* each loaded module: its struct module and the range of its text;
	 * fn returns non-zero to stop, which is returned */
	int (*modules)(void *arg, int (*fn)(void *fn_arg, uint64_t module, uint64_t text_lo,
					    uint64_t text_hi), void *fn_arg);
	/* [lo, hi) of a task's kernel stack */
	int (*task_stack)(void *arg, uint64_t task, uint64_t *lo, uint64_t *hi);
	/* [lo, hi) of a function of the kernel image (its symbol and size);
	 * -1 when unknown.  May be NULL. */
	int (*function_range)(void *arg, const char *name, uint64_t *lo, uint64_t *hi);
};

/* A stack a task may run on, [lo, hi), with the name bt prints for it:
 * "task", "IRQ", and exception stacks ("NMI", "DF", "DB", "MCE", ...). */
struct arch_stack {
	uint64_t lo, hi;
	const char *name;	/* NULL: on no known stack */
	const char *title;	/* as mach titles it ("DOUBLEFAULT"); NULL: name */
};

/* One frame of a backtrace. */
struct arch_frame {
	uint64_t pc;		/* where the frame executes: exact when `exact`,
				   else a return address */
	uint64_t sp;		/* stack pointer of the frame */
	uint64_t slot;		/* stack address pc was read from, 0 if it came
				   from registers */
	bool exact;		/* pc is not a return address (first frame, or
				   from an exception frame): symbolise pc itself */
	uint64_t regs_addr;	/* != 0: pc/sp came from the exception frame
				   (pt_regs) at this address ... */
	uint64_t regs_size;	/* ... of this many bytes */
	bool regs_partial;	/* only the hardware-saved part of regs is valid */
	bool user;		/* regs are user-mode registers: the last frame */
	struct arch_regs regs;	/* valid when regs_addr != 0 or user */
	bool scanned;		/* found by a stack scan, not by unwind data */
	struct arch_stack stack; /* the stack sp is on */
};

/* What arch/ knows once per kernel to unwind its stacks (the unwind
 * tables of the kernel and its modules, where the per-CPU stacks are).
 * The layer above keeps it with the kernel and frees it at close.  kern
 * must stay valid as long as the unwinder.  NULL with err_get() ("kernel
 * has no ORC unwind tables"). */
struct arch_unwinder;
struct arch_unwinder *arch_unwinder_new(struct arch_vm *vm, const struct arch_kernel *kern);
void arch_unwinder_free(struct arch_unwinder *uw);

/* The task a CPU was running when the dump was taken, as the CPU itself
 * records it (x86_64: its per-cpu current_task).  0, or -1. */
int arch_cpu_task(struct arch_unwinder *uw, int cpu, uint64_t *task);
/* The stack pointer a switched-out task saved when it last ran (x86_64:
 * thread.sp, where its switch frame is), as ps -s shows it.  0, or -1. */
int arch_task_saved_sp(struct arch_unwinder *uw, uint64_t task, uint64_t *sp);
/* The stack of task (running on cpu, or -1) that holds addr. */
/* The stacks of a CPU that are not a task's (IRQ, exception stacks), at
 * most max; how many. */
int arch_cpu_stacks(struct arch_unwinder *uw, int cpu, struct arch_stack *out, int max);
bool arch_stack_of(struct arch_unwinder *uw, uint64_t task, int cpu, uint64_t addr,
		   struct arch_stack *s);
/* True when addr is kernel or module code the unwind data covers. */
bool arch_is_text(struct arch_unwinder *uw, uint64_t addr);
/* Whether the memory at addr looks like an exception frame (x86_64: a
 * pt_regs of kernel or user mode), for a search of a whole stack: its
 * registers, and whether they are user-mode ones.  The frame's size is
 * arch_exception_frame_size(). */
bool arch_exception_frame_at(struct arch_unwinder *uw, uint64_t addr, struct arch_regs *regs,
			     bool *user);
size_t arch_exception_frame_size(const struct arch_unwinder *uw);

/* An unwind of one task's stack, frame by frame.  Starts from regs when
 * given; else, cpu >= 0: the task was running on that CPU, from the CPU's
 * registers in the dump; cpu < 0: it was switched out, from its switch
 * frame.  NULL with err_get(). */
struct arch_unwind;
struct arch_unwind *arch_unwind_start(struct arch_unwinder *uw, uint64_t task, int cpu,
				      const struct arch_regs *regs);
/* The registers the unwind started from (a switch frame: pc, sp, fp). */
const struct arch_regs *arch_unwind_start_regs(const struct arch_unwind *u);
/* The frame the unwind stands on (after start: the first frame). */
void arch_unwind_current(const struct arch_unwind *u, struct arch_frame *f);
/* Step to the caller: 1 and the new frame, 0 at the end of the stack, -1
 * when the unwind cannot go on (arch_unwind_why() says why).  Bounded. */
int arch_unwind_next(struct arch_unwind *u, struct arch_frame *f);
const char *arch_unwind_why(const struct arch_unwind *u);
void arch_unwind_end(struct arch_unwind *u);

#endif
