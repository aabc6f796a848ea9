/* Types of the "stack" test kernel (stack.c): what unwinding a 6.1 x86_64
 * kernel's stacks reads (task_struct.stack and thread.sp, the switch
 * frame, the per-cpu IRQ and exception stacks and current_task, the ORC
 * entry type, a module's ORC tables), shared with tests/unit/test_stack.c,
 * which writes the stack frames and takes offsets from these. */
#ifndef CRASH_TESTS_KERNELS_STACK_H
#define CRASH_TESTS_KERNELS_STACK_H

#include "tk_kernel.h"

#define THREAD_SIZE 16384
#define EXCEPTION_STKSZ 4096
#define IRQ_STACK_SIZE 16384

/* The test kernel's functions, in .text in this order, 0x100 bytes each
 * (stack.c); FN_END is where the last one ends (an end-of-stack entry). */
enum { FN_SCHED, FN_SLEEPER, FN_ENTRY, FN_IRQH, FN_IRQSW, FN_INTR, FN_NMIH, FN_NMIENTRY, FN_END };
#define FN_SIZE 0x100

/* arch/x86/include/asm/orc_types.h of 6.1 (format version 1) */
#define ORC_REG_UNDEFINED 0
#define ORC_REG_PREV_SP 1
#define ORC_REG_SP 5
#define ORC_REG_SP_INDIRECT 9
#define ORC_TYPE_CALL 0
#define ORC_TYPE_REGS 1
#define ORC_TYPE_REGS_PARTIAL 2

struct orc_entry {
	s16 sp_offset;
	s16 bp_offset;
	unsigned int sp_reg : 4;
	unsigned int bp_reg : 4;
	unsigned int type : 2;
	unsigned int end : 1;
} __attribute__((packed));

struct thread_info {
	unsigned long flags;
	unsigned long syscall_work;
	u32 status;
	u32 cpu;
};

struct thread_struct {
	unsigned long sp;
	unsigned short es, ds, fsindex, gsindex;
	unsigned long fsbase, gsbase;
};

struct task_struct {
	struct thread_info thread_info;
	unsigned int __state;
	void *stack;
	unsigned int flags;
	int prio;
	struct list_head tasks;
	int pid;
	int tgid;
	char comm[16];
	struct thread_struct thread;
};

/* arch/x86/include/asm/switch_to.h: what __switch_to_asm pushed */
struct inactive_task_frame {
	unsigned long r15, r14, r13, r12, bx, bp, ret_addr;
};

/* A pt_regs (r15 ... ss) as the tests write them. */
struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	unsigned long ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

struct irq_stack {
	char stack[IRQ_STACK_SIZE];
};

/* arch/x86/include/asm/cpu_entry_area.h, without VC */
struct cea_exception_stacks {
	char DF_stack_guard[EXCEPTION_STKSZ];
	char DF_stack[EXCEPTION_STKSZ];
	char NMI_stack_guard[EXCEPTION_STKSZ];
	char NMI_stack[EXCEPTION_STKSZ];
	char DB_stack_guard[EXCEPTION_STKSZ];
	char DB_stack[EXCEPTION_STKSZ];
	char MCE_stack_guard[EXCEPTION_STKSZ];
	char MCE_stack[EXCEPTION_STKSZ];
	char IST_top_guard[EXCEPTION_STKSZ];
};

struct module_layout {
	void *base;
	unsigned int size;
	unsigned int text_size;
	unsigned int ro_size;
};

struct mod_arch_specific {
	unsigned int num_orcs;
	int *orc_unwind_ip;
	struct orc_entry *orc_unwind;
};

struct module {
	int state;
	struct list_head list;
	char name[56];
	struct module_layout core_layout;
	struct mod_arch_specific arch;
};

/* A task stack. */
union thread_union {
	unsigned long stack[THREAD_SIZE / sizeof(long)];
};

#endif
