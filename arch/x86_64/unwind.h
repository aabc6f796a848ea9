/* x86_64 kernel stack unwinder driven by ORC data.
 *
 * Pure arch code: given start registers, a kernel-memory read callback, an
 * ORC lookup callback and a description of the stacks the task may run on,
 * it produces frames one at a time.  It knows nothing of task_struct or
 * per-cpu variables: the caller (stacks.c, the arch.h unwinder) supplies
 * those facts through struct unwind_ops.  Every step is bounded: a frame must
 * move up its stack or onto another known stack, and every read must lie
 * inside a known stack. */
#ifndef CRASH_ARCH_X86_64_UNWIND_H
#define CRASH_ARCH_X86_64_UNWIND_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arch.h"
#include "arch/x86_64/orc.h"
#include "arch/x86_64/regs.h"

/* Offset of ip within pt_regs: where an iret frame starts. */
#define UNWIND_IRET_OFFSET (X86_64_IP * 8)

struct unwind_ops {
	/* Read kernel memory; 0 or negative. */
	int (*read)(void *arg, uint64_t addr, void *buf, size_t len);
	/* ORC entry covering ip (vmlinux or a module); false if none. */
	bool (*find_orc)(void *arg, uint64_t ip, struct orc_entry *e);
	/* The stack that holds addr; false if addr is on none of them.  May
	 * be NULL: then no bounds are checked (tests only). */
	bool (*stack_of)(void *arg, uint64_t addr, struct arch_stack *s);
	void *arg;
};

struct unwind_state {
	const struct unwind_ops *ops;
	uint64_t ip, sp, bp;
	bool signal;
	/* Registers known for the current frame (from notes or pt_regs). */
	struct arch_regs regs;
	bool have_regs, full_regs;
	struct arch_regs prev_regs; /* full regs before a partial frame */
	bool have_prev_regs;
	struct arch_stack stack;
	bool done, error;
	int nframes;
	char why[128];	/* why the unwind stopped, when error */
};

/* Start from a full register set (a CPU's saved registers, or an exception
 * frame): the first frame is regs->ip itself. */
void unwind_start_regs(struct unwind_state *st, const struct unwind_ops *ops,
		       const struct arch_regs *regs);
/* Start from ip/sp/bp only (a sleeping task's switch frame); `signal` says
 * whether ip is exact (ret_from_fork) rather than a return address. */
void unwind_start(struct unwind_state *st, const struct unwind_ops *ops,
		  uint64_t ip, uint64_t sp, uint64_t bp, bool signal);

/* The frame the state stands on now (after start: the first frame). */
void unwind_current(const struct unwind_state *st, struct arch_frame *f);

/* Step to the caller.  Returns 1 and fills f with the new frame, 0 at the
 * end of the stack (a user-mode frame or an END_OF_STACK entry), -1 when
 * the unwind cannot go on (st->why says why). */
int unwind_next(struct unwind_state *st, struct arch_frame *f);

/* Is w a return address: does a call instruction end just before it? */
bool unwind_is_return_address(const struct unwind_ops *ops, uint64_t w);

/* Hard bound on frames for any caller's loop. */
#define UNWIND_MAX_FRAMES 512

/* Fill an arch_regs from the words of a pt_regs. */
void unwind_regs_from_words(struct arch_regs *r, const uint64_t w[X86_64_PT_REGS_WORDS]);

#endif
