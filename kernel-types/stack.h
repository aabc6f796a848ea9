/* Kernel stacks of tasks: where they are, and their backtraces.
 *
 * The generic side of unwinding: a task's stack (task_struct.stack,
 * THREAD_SIZE), the kernel's modules, the CPUs' running tasks and
 * panic_cpu; the machine's side (unwind tables, the per-CPU interrupt and
 * exception stacks, switch frames, exception frames) is the architecture's
 * unwinder (arch/arch.h), which this file feeds with what it must read of
 * the kernel and keeps with the kernel (kernel_state()). */
#ifndef CRASH_KERNEL_TYPES_STACK_H
#define CRASH_KERNEL_TYPES_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "kernel-types/kernel.h"

struct kstack_trace {
	struct arch_frame *frames;
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

/* [lo, hi) of the task's kernel stack; -1 for a task without one (an
 * exited task). */
int kstack_task_stack(struct kernel *k, uint64_t task, uint64_t *lo, uint64_t *hi);

/* The stack pointer a switched-out task saved (ps -s).  0, or -1. */
int kstack_saved_sp(struct kernel *k, uint64_t task, uint64_t *sp);

/* The stack (task, IRQ or exception stack of cpu) that holds addr. */
bool kstack_stack_of(struct kernel *k, uint64_t task, int cpu, uint64_t addr,
		     struct arch_stack *s);

/* The per-CPU stacks of cpu that are no task's (IRQ, exception stacks),
 * at most max; how many (0 when none are known). */
int kstack_cpu_stacks(struct kernel *k, int cpu, struct arch_stack *out, int max);

/* True when addr is in kernel or module text (for stack scans). */
bool kstack_is_text(struct kernel *k, uint64_t addr);

/* Exception frames anywhere on a stack (bt -e): whether the memory at
 * addr holds one, its registers and whether they are user-mode ones; it
 * is kstack_exception_frame_size() bytes long. */
bool kstack_exception_frame_at(struct kernel *k, uint64_t addr, struct arch_regs *regs,
			       bool *user);
size_t kstack_exception_frame_size(struct kernel *k);

/* The task a CPU was running when the dump was taken, as the CPU records
 * it; 0 if unknown. */
uint64_t kstack_active_task(struct kernel *k, int cpu);
/* crash's set -a: the CPU's saved registers are task's (when the dump's
 * record of which task a CPU ran is wrong, as in an NMI or a stack the
 * kernel switched away from); bt of task then starts from them.  0, or -1
 * with err_set() for a CPU without saved registers. */
int kstack_set_active_task(struct kernel *k, int cpu, uint64_t task);
/* The CPU (of those with saved registers) that was running task: cpu
 * first when it is one, then the others; -1 when none was. */
int kstack_task_cpu(struct kernel *k, uint64_t task, int cpu);
/* The task that called panic(): the active task of panic_cpu; 0 if none. */
uint64_t kstack_panic_task(struct kernel *k);

#endif
