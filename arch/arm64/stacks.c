/* The arm64 unwinder of arch.h: frame records.  Every kernel function
 * that calls another keeps {previous x29, return address} at x29, so the
 * x29 chain is the call chain; return addresses may carry pointer-
 * authentication bits, which are stripped.  An exception from EL1 stores
 * struct pt_regs with a frame record inside it ({x29, pc} of the
 * interrupted code), which is how an exception frame is told from a plain
 * record; an exception from EL0 stores a final, zeroed record there, at
 * the top of the task's stack, under the user-mode registers.
 *
 * The stacks a task may run on: its own, the per-CPU IRQ stack
 * (irq_stack_ptr), the overflow stack and the SDEI stacks.  A sleeping
 * task starts from thread.cpu_context (x29, sp and pc that cpu_switch_to
 * saved); the task a CPU runs is its per-cpu __entry_task.
 *
 * Everything is read through struct arch_kernel, and checked: a record
 * must lie on a known stack and move up it, or onto another stack. */
#include "arch/arm64/arm64.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#define MAX_CPUS 8192
#define MAX_FRAMES 512
#define PT_REGS_WORDS_MAX 64
#define OVERFLOW_STACK_SIZE 4096

struct a64_unwinder {
	struct arch_unwinder base;
	uint64_t stext, etext, sinittext, einittext, mod_lo, mod_hi;
	long off_cc;			/* task_struct.thread.cpu_context */
	long cc_fp, cc_sp, cc_pc;	/* in struct cpu_context */
	long regs_size, off_orig_x0, off_syscallno, off_stackframe;
	long rq_curr;			/* struct rq.curr, when no __entry_task */
	uint64_t thread_size;
};

static struct a64_unwinder *U(struct arch_unwinder *uw)
{
	return (struct a64_unwinder *)uw;
}

struct arch_unwinder *arm64_unwinder_new(struct arch_vm *vm, const struct arch_kernel *kern)
{
	struct a64_unwinder *x = xcalloc(1, sizeof(*x));
	const struct arch_info *in = arch_get_info(vm);

	x->base.vm = vm;
	x->base.kern = kern;
	x->stext = uw_symbol(&x->base, "_stext");
	x->etext = uw_symbol(&x->base, "_etext");
	x->sinittext = uw_symbol(&x->base, "_sinittext");
	x->einittext = uw_symbol(&x->base, "_einittext");
	x->mod_lo = in->modules_start;
	x->mod_hi = in->vmalloc_start > in->modules_start ? in->vmalloc_start : in->modules_start;
	x->off_cc = uw_offset_of(&x->base, "struct task_struct", "thread.cpu_context");
	x->cc_fp = uw_offset_of(&x->base, "struct cpu_context", "fp");
	x->cc_sp = uw_offset_of(&x->base, "struct cpu_context", "sp");
	x->cc_pc = uw_offset_of(&x->base, "struct cpu_context", "pc");
	if (x->off_cc < 0 || x->cc_fp < 0 || x->cc_sp < 0 || x->cc_pc < 0) {
		err_set("task_struct has no thread.cpu_context (fp, sp, pc)");
		free(x);
		return NULL;
	}
	x->regs_size = kern->size_of(kern->arg, "struct pt_regs");
	x->off_orig_x0 = uw_offset_of(&x->base, "struct pt_regs", "orig_x0");
	x->off_syscallno = uw_offset_of(&x->base, "struct pt_regs", "syscallno");
	x->off_stackframe = uw_offset_of(&x->base, "struct pt_regs", "stackframe");
	if (x->regs_size < ARM64_USER_REGS_WORDS * 8 || x->regs_size > PT_REGS_WORDS_MAX * 8 ||
	    x->off_stackframe < 0) {
		err_set("no struct pt_regs with a stackframe in the debug info");
		free(x);
		return NULL;
	}
	x->rq_curr = uw_offset_of(&x->base, "struct rq", "curr");
	uint64_t s0 = uw_symbol(&x->base, "init_stack"), s1 = uw_symbol(&x->base, "__end_init_task");
	if (!s1)
		s1 = uw_symbol(&x->base, "__end_init_stack");
	x->thread_size = s0 && s1 > s0 && s1 - s0 <= (1 << 20) ? s1 - s0 : 16384;
	return &x->base;
}

void arm64_unwinder_free(struct arch_unwinder *uw)
{
	free(uw);
}

/* The pointer-sized per-cpu value sym + off on cpu; false when unknown or
 * NULL. */
static bool percpu_ptr(struct a64_unwinder *x, int cpu, const char *sym, long off, uint64_t *val)
{
	const struct arch_kernel *k = x->base.kern;
	uint64_t a;
	if (cpu < 0 || cpu >= MAX_CPUS || k->percpu_symbol(k->arg, sym, cpu, &a) != 0)
		return false;
	return uw_read(&x->base, a + (uint64_t)off, val, 8) == 0 && *val;
}

int arm64_cpu_task(struct arch_unwinder *uw, int cpu, uint64_t *task)
{
	struct a64_unwinder *x = U(uw);
	/* __entry_task is what sp_el0 (current) is set from at each switch. */
	if (percpu_ptr(x, cpu, "__entry_task", 0, task))
		return 0;
	if (x->rq_curr >= 0 && percpu_ptr(x, cpu, "runqueues", x->rq_curr, task))
		return 0;
	err_set("no current task known for cpu %d", cpu);
	return -1;
}

int arm64_task_saved_sp(struct arch_unwinder *uw, uint64_t task, uint64_t *sp)
{
	struct a64_unwinder *x = U(uw);
	return uw_read(&x->base, task + (uint64_t)(x->off_cc + x->cc_sp), sp, 8);
}

/* The stacks of a CPU that are not a task's: irq_stack_ptr and the SDEI
 * pointers hold the base of a stack as large as a task's
 * (IRQ_STACK_SIZE, SDEI_STACK_SIZE); overflow_stack is the stack itself.
 * How many were put in out (at most 4). */
static int cpu_stacks(struct a64_unwinder *x, int cpu, struct arch_stack out[4])
{
	static const struct { const char *sym, *name; } ptrs[] = {
		{ "irq_stack_ptr", "IRQ" },
		{ "sdei_stack_normal_ptr", "SDEI" },
		{ "sdei_stack_critical_ptr", "SDEI critical" },
	};
	const struct arch_kernel *k = x->base.kern;
	uint64_t p;
	int n = 0;
	for (size_t i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++)
		if (percpu_ptr(x, cpu, ptrs[i].sym, 0, &p) && p)
			out[n++] = (struct arch_stack){p, p + x->thread_size, ptrs[i].name};
	if (k->percpu_symbol(k->arg, "overflow_stack", cpu, &p) == 0)
		out[n++] = (struct arch_stack){p, p + OVERFLOW_STACK_SIZE, "OVERFLOW"};
	return n;
}

int arm64_cpu_stacks(struct arch_unwinder *uw, int cpu, struct arch_stack *out, int max)
{
	struct arch_stack st[4];
	int n = cpu_stacks(U(uw), cpu, st);
	for (int i = 0; i < n && i < max; i++)
		out[i] = st[i];
	return n < max ? n : max;
}

bool arm64_stack_of(struct arch_unwinder *uw, uint64_t task, int cpu, uint64_t addr,
		    struct arch_stack *s)
{
	struct a64_unwinder *x = U(uw);
	const struct arch_kernel *k = uw->kern;
	uint64_t lo, hi;
	if (k->task_stack(k->arg, task, &lo, &hi) == 0 && uw_in_range(addr, lo, hi)) {
		*s = (struct arch_stack){lo, hi, "task"};
		return true;
	}
	if (cpu < 0)
		return false;
	struct arch_stack st[4];
	int n = cpu_stacks(x, cpu, st);
	for (int i = 0; i < n; i++)
		if (uw_in_range(addr, st[i].lo, st[i].hi)) {
			*s = st[i];
			return true;
		}
	return false;
}

bool arm64_is_text(struct arch_unwinder *uw, uint64_t addr)
{
	struct a64_unwinder *x = U(uw);
	return uw_in_range(addr, x->stext, x->etext) || uw_in_range(addr, x->sinittext, x->einittext) ||
	       uw_in_range(addr, x->mod_lo, x->mod_hi);
}

/* A pt_regs at addr: its registers (x0-x30, sp, pc, pstate, orig_x0,
 * syscallno) and the frame record inside it. */
static bool read_pt_regs(struct a64_unwinder *x, uint64_t addr, struct arch_regs *r,
			 uint64_t rec[2])
{
	uint64_t w[PT_REGS_WORDS_MAX];
	if (uw_read(&x->base, addr, w, (size_t)x->regs_size))
		return false;
	memset(r, 0, sizeof(*r));
	memcpy(r->r, w, ARM64_USER_REGS_WORDS * 8);
	if (x->off_orig_x0 >= 0)
		r->r[ARM64_ORIG_X0] = w[x->off_orig_x0 / 8];
	if (x->off_syscallno >= 0) /* an s32 since 5.x: keep -1 as -1 */
		r->r[ARM64_SYSCALLNO] = (uint64_t)(int64_t)(int32_t)w[x->off_syscallno / 8];
	r->valid = true;
	rec[0] = w[x->off_stackframe / 8];
	rec[1] = w[x->off_stackframe / 8 + 1];
	return true;
}

/* PSTATE.M: EL0t is 0; EL1t 4 and EL1h 5 (bit 4 clear: AArch64).  A
 * saved PSTATE (SPSR_EL1) of AArch64 fits in 32 bits, and bits 5, 14-19
 * and 26-27 are RES0: a word with those set is no saved PSTATE. */
static bool pstate_ok(const struct arch_regs *r)
{
	return !(r->r[ARM64_PSTATE] >> 32) && !(r->r[ARM64_PSTATE] & 0x0c0fc020);
}

static bool user_mode(const struct arch_regs *r)
{
	return pstate_ok(r) && (r->r[ARM64_PSTATE] & 0x1f) == 0;
}

static bool kernel_mode(const struct arch_regs *r)
{
	uint64_t m = r->r[ARM64_PSTATE] & 0x1f;
	return pstate_ok(r) && (m == 4 || m == 5);
}

bool arm64_exception_frame_at(struct arch_unwinder *uw, uint64_t addr, struct arch_regs *r,
			      bool *user)
{
	struct a64_unwinder *x = U(uw);
	uint64_t rec[2];
	if (!read_pt_regs(x, addr, r, rec))
		return false;
	uint64_t pc = arm64_strip_pac(uw->vm, r->r[ARM64_PC]), sp = r->r[ARM64_SP];
	bool kern = kernel_mode(r) && arm64_is_text(uw, pc) && arch_is_kvaddr(uw->vm, sp) &&
		    rec[1] == r->r[ARM64_PC] && rec[0] == r->r[ARM64_FP];
	bool usr = user_mode(r) && !(pc >> 55) && !(sp >> 55) && pc && sp && !(pc & 3) &&
		   !rec[0] && !rec[1];
	*user = usr;
	return kern || usr;
}

struct a64_unwind {
	struct arch_unwind base;
	uint64_t task;
	int cpu;
	uint64_t fp;		/* the frame record of the current frame */
	struct arch_frame cur;
	int nframes;
	bool done;
};

static void set_stack(struct a64_unwind *u, struct arch_frame *f, uint64_t addr)
{
	if (!arm64_stack_of(u->base.uw, u->task, u->cpu, addr, &f->stack))
		f->stack = (struct arch_stack){0, 0, NULL};
}

static void start_from_regs(struct a64_unwind *u, const struct arch_regs *r)
{
	struct arch_frame *f = &u->cur;
	u->base.start = *r;
	memset(f, 0, sizeof(*f));
	f->pc = arm64_strip_pac(u->base.uw->vm, r->r[ARM64_PC]);
	f->sp = r->r[ARM64_SP];
	f->exact = true;
	if (user_mode(r)) {
		/* The CPU was in user space: only its registers. */
		f->user = true;
		f->regs = *r;
		u->done = true;
		return;
	}
	set_stack(u, f, f->sp);
	u->fp = r->r[ARM64_FP];
}

struct arch_unwind *arm64_unwind_start(struct arch_unwinder *uw, uint64_t task, int cpu,
				       const struct arch_regs *regs)
{
	struct a64_unwinder *x = U(uw);
	struct a64_unwind *u = xcalloc(1, sizeof(*u));
	u->base.uw = uw;
	u->task = task;
	u->cpu = regs ? -1 : cpu;
	if (regs) {
		start_from_regs(u, regs);
		return &u->base;
	}
	if (cpu >= 0) {
		struct arch_regs r;
		int n = arch_cpu_regs(uw->vm, cpu, &r);
		if (cpu >= n || !r.valid) {
			err_set("no saved registers for CPU %d", cpu);
			free(u);
			return NULL;
		}
		start_from_regs(u, &r);
		return &u->base;
	}
	/* Switched out: cpu_switch_to saved x29, sp and its return address
	 * (into __switch_to) in thread.cpu_context. */
	const struct arch_kernel *k = uw->kern;
	uint64_t lo, hi, cc[3];
	uint64_t base = task + (uint64_t)x->off_cc;
	if (k->task_stack(k->arg, task, &lo, &hi) != 0) {
		free(u);
		return NULL;
	}
	if (uw_read(&x->base, base + (uint64_t)x->cc_fp, &cc[0], 8) ||
	    uw_read(&x->base, base + (uint64_t)x->cc_sp, &cc[1], 8) ||
	    uw_read(&x->base, base + (uint64_t)x->cc_pc, &cc[2], 8) || !uw_in_range(cc[1], lo, hi + 1)) {
		err_set("task %#llx: bad saved stack pointer", (unsigned long long)task);
		free(u);
		return NULL;
	}
	u->base.start.r[ARM64_FP] = cc[0];
	u->base.start.r[ARM64_SP] = cc[1];
	u->base.start.r[ARM64_PC] = arm64_strip_pac(uw->vm, cc[2]);
	u->base.start.valid = true;
	u->cur.pc = u->base.start.r[ARM64_PC];
	u->cur.sp = cc[1];
	u->fp = cc[0];
	set_stack(u, &u->cur, cc[1]);
	return &u->base;
}

void arm64_unwind_current(const struct arch_unwind *au, struct arch_frame *f)
{
	*f = ((const struct a64_unwind *)au)->cur;
}

static int stop(struct a64_unwind *u, const char *why)
{
	snprintf(u->base.why, sizeof(u->base.why), "%s", why);
	u->done = true;
	return -1;
}

int arm64_unwind_next(struct arch_unwind *au, struct arch_frame *f)
{
	struct a64_unwind *u = (struct a64_unwind *)au;
	struct a64_unwinder *x = U(au->uw);
	struct arch_stack st;
	uint64_t fp = u->fp, rec[2];

	if (u->done || !fp)
		return 0;
	if (++u->nframes > MAX_FRAMES)
		return stop(u, "too many frames");
	if ((fp & 7) || !arm64_stack_of(au->uw, u->task, u->cpu, fp, &st) || fp + 16 > st.hi)
		return stop(u, "frame pointer off the stacks");
	/* A frame record may only move up its stack, or onto another. */
	if (u->cur.stack.name && st.lo == u->cur.stack.lo && fp < u->cur.sp)
		return stop(u, "frame pointer moved down the stack");
	if (uw_read(&x->base, fp, rec, sizeof(rec)))
		return stop(u, "frame record not readable");

	memset(f, 0, sizeof(*f));
	f->stack = st;
	uint64_t regs_at = fp - (uint64_t)x->off_stackframe;
	if (fp >= st.lo + (uint64_t)x->off_stackframe &&
	    regs_at + (uint64_t)x->regs_size <= st.hi) {
		struct arch_regs r;
		uint64_t inner[2];
		if (read_pt_regs(x, regs_at, &r, inner) && !rec[0] && !rec[1]) {
			/* The final record: user registers under it, or the
			 * end of a kernel thread's stack. */
			u->done = true;
			if (!user_mode(&r) || regs_at + (uint64_t)x->regs_size != st.hi ||
			    (!r.r[ARM64_PC] && !r.r[ARM64_SP]))
				return 0;
			f->user = true;
			f->regs = r;
			f->regs_addr = regs_at;
			f->regs_size = (uint64_t)x->regs_size;
			f->pc = r.r[ARM64_PC];
			f->sp = r.r[ARM64_SP];
			f->exact = true;
			u->cur = *f;
			return 1;
		}
		if (kernel_mode(&r) && rec[1] == r.r[ARM64_PC] && rec[0] == r.r[ARM64_FP]) {
			/* An exception taken in the kernel: the interrupted pc. */
			r.r[ARM64_PC] = arm64_strip_pac(au->uw->vm, r.r[ARM64_PC]);
			r.r[ARM64_LR] = arm64_strip_pac(au->uw->vm, r.r[ARM64_LR]);
			f->regs = r;
			f->regs_addr = regs_at;
			f->regs_size = (uint64_t)x->regs_size;
			f->pc = r.r[ARM64_PC];
			f->sp = r.r[ARM64_SP];
			f->exact = true;
			set_stack(u, f, f->sp);
			u->fp = rec[0];
			u->cur = *f;
			return 1;
		}
	}
	if (!rec[1]) {
		u->done = true;
		return 0;
	}
	f->pc = arm64_strip_pac(au->uw->vm, rec[1]);
	f->sp = fp;
	f->slot = fp + 8;
	u->fp = rec[0];
	u->cur = *f;
	return 1;
}

void arm64_unwind_end(struct arch_unwind *u)
{
	free(u);
}
