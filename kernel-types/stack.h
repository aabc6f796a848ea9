/* Kernel stacks of tasks: where they are, and their backtraces.
 *
 * Glue between the pure ORC unwinder (arch/x86_64/unwind.h) and the
 * kernel's structures: it loads the ORC tables (vmlinux and modules), finds
 * a task's stack, the per-cpu IRQ and exception stacks, and the registers
 * an unwind starts from (a CPU's saved registers for an active task, the
 * switch frame, struct inactive_task_frame, for a sleeping one). */
#ifndef CRASH_KERNEL_TYPES_STACK_H
#define CRASH_KERNEL_TYPES_STACK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86_64/unwind.h"
#include "kernel-types/kernel.h"

struct kstack_trace {
	struct unwind_frame *frames;
	int n;
	bool error;		/* the unwind stopped early: why */
	char why[160];
	int cpu;		/* CPU whose saved registers started it, or -1 */
	uint64_t task;
	uint64_t stack_lo, stack_hi; /* the task's own stack */
	struct arch_regs start;	/* registers the unwind started from */
};

/* Backtrace of a task.  cpu >= 0: the task was running on that CPU when
 * the dump was taken, start from the CPU's saved registers; cpu < 0: it
 * was switched out, start from its switch frame.  Returns 0 (t->error may
 * still say the unwind stopped early) or -1 with err_get(). */
int kstack_trace_task(struct kernel *k, uint64_t task, int cpu, struct kstack_trace *t);
/* Same, from given registers (bt -I/-S). */
int kstack_trace_regs(struct kernel *k, uint64_t task, const struct arch_regs *regs,
		      struct kstack_trace *t);
void kstack_trace_free(struct kstack_trace *t);

/* [lo, hi) of the task's kernel stack. */
int kstack_task_stack(struct kernel *k, uint64_t task, uint64_t *lo, uint64_t *hi);

/* The stack (task, IRQ or exception stack of cpu) that holds addr. */
bool kstack_stack_of(struct kernel *k, uint64_t task, int cpu, uint64_t addr,
		     struct unwind_stack *s);

/* True when addr is in kernel or module text (for stack scans). */
bool kstack_is_text(struct kernel *k, uint64_t addr);

/* What bt's header line shows about a task. */
struct kstack_task {
	int pid;
	char comm[17];
	int cpu;	 /* the CPU the task last ran on */
	int active_cpu;	 /* the CPU it was running on at the dump, or -1 */
};
int kstack_task_info(struct kernel *k, uint64_t task, struct kstack_task *ti);
/* Number of CPUs with saved registers in the dump. */
int kstack_ncpus(struct kernel *k);
/* The task current on a CPU (per-cpu current_task), 0 if none. */
uint64_t kstack_active_task(struct kernel *k, int cpu);
/* The task that called panic(): the active task of panic_cpu; 0 if none. */
uint64_t kstack_panic_task(struct kernel *k);
/* task_struct of a pid (thread id), walking the task list; 0 if none. */
uint64_t kstack_find_pid(struct kernel *k, int pid);

#endif
