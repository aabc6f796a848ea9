/* The stack glue (kernel-types/stack.c) and the x86_64 unwinder behind
 * arch.h (arch/x86_64/stacks.c, unwind.c), on the real code through
 * kernel_open() of the "stack" test kernel (tests/unit/kernels/stack.c):
 * its ORC tables and a module's, task stacks with the frames written
 * here, a sleeping task's switch frame, a CPU interrupted on its IRQ stack
 * (back to the task stack through the saved stack pointer and an
 * interrupt's pt_regs), a CPU in an NMI on its exception stack (an iret
 * frame), the CPUs' current tasks, panic_cpu, exception-frame search and
 * a damaged stack.  Plain, and with KASLR in a kdump file. */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/stack.h"
#include "kernels/stack.h"
#include "testkernel.h"

static struct testkernel *tk;

static uint64_t fn(int i)
{
	return tk_symbol(tk, "tk_fn_sched") + (uint64_t)i * FN_SIZE;
}

static void put64(uint64_t a, uint64_t v)
{
	tk_write_u64(tk, a, v);
}

/* A pt_regs at a. */
static void put_regs(uint64_t a, uint64_t ip, uint64_t cs, uint64_t sp, uint64_t ss, uint64_t bp)
{
	struct pt_regs r = { .bp = bp, .ip = ip, .cs = cs, .flags = 0x246, .sp = sp, .ss = ss };
	tk_write(tk, a, &r, sizeof(r));
}

/* A switch frame at sp whose return address is ret; thread.sp = sp. */
static void switch_frame(uint64_t task, uint64_t sp, uint64_t ret)
{
	struct inactive_task_frame f = { .bp = 0x5151, .ret_addr = ret };
	tk_write(tk, sp, &f, sizeof(f));
	put64(task + offsetof(struct task_struct, thread.sp), sp);
}

static bool is(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static void run(const char *what, const struct tk_opts *o)
{
	tk = tk_new("stack", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return;
	uint64_t sleeper = tk_symbol(tk, "task_sleeper"), modsleeper = tk_symbol(tk, "task_modsleeper");
	uint64_t running = tk_symbol(tk, "task_running"), idle1 = tk_symbol(tk, "task_idle1");
	uint64_t zombie = tk_symbol(tk, "task_zombie");
	uint64_t modtext = tk_symbol(tk, "mod_text");

	/* The module's ORC table: its function (CALL, CFA = sp + 8), then the
	 * end of its text. */
	uint64_t mip = tk_symbol(tk, "mod_orc_ip"), morc = tk_symbol(tk, "mod_orc");
	int32_t rel[2] = { (int32_t)(modtext - mip), (int32_t)(modtext + 0x100 - (mip + 4)) };
	uint16_t ent[6] = { 8, 0, 0x005, 0, 0, 0x400 };
	tk_write(tk, mip, rel, sizeof(rel));
	tk_write(tk, morc, ent, sizeof(ent));

	/* Sleeping: switch frame, return into sched (CFA sp + 16), whose
	 * caller is sleeper (CFA sp + 8), called from the entry code, whose
	 * pt_regs are user mode. */
	uint64_t sp = tk_symbol(tk, "stack_sleeper") + 0x3000;
	switch_frame(sleeper, sp, fn(FN_SCHED) + 0x10);
	uint64_t s1 = sp + sizeof(struct inactive_task_frame);
	put64(s1 + 8, fn(FN_SLEEPER) + 0x20);
	uint64_t s2 = s1 + 16;
	put64(s2, fn(FN_ENTRY) + 0x30);
	uint64_t uregs = s2 + 8;
	put_regs(uregs, 0x401000, 0x33, 0x7ffe0000, 0x2b, 0);

	/* The same through a module's function. */
	uint64_t msp = tk_symbol(tk, "stack_modsleeper") + 0x3000;
	switch_frame(modsleeper, msp, fn(FN_SCHED) + 0x10);
	uint64_t m1 = msp + sizeof(struct inactive_task_frame);
	put64(m1 + 8, modtext + 0x20);
	uint64_t m2 = m1 + 16;
	put64(m2, fn(FN_ENTRY) + 0x30);
	put_regs(m2 + 8, 0x402000, 0x33, 0x7ffd0000, 0x2b, 0);

	/* CPU 0 was in the IRQ handler on its IRQ stack, called from the
	 * stack-switch code, whose CFA is the task's stack pointer saved at
	 * the top of the IRQ stack; that returns into the interrupt entry,
	 * whose pt_regs (kernel mode) say sleeper code was interrupted. */
	uint64_t istack = tk_symbol(tk, "irq_stack0");
	uint64_t isp = istack + IRQ_STACK_SIZE - 0x100;
	put64(isp, fn(FN_IRQSW) + 0x8);
	uint64_t tsp = tk_symbol(tk, "stack_running") + 0x2000;
	put64(isp + 8, tsp);
	put64(tsp, fn(FN_INTR) + 0x8);
	uint64_t kregs = tsp + 8;
	uint64_t r2 = kregs + sizeof(struct pt_regs) + 0x40;
	put_regs(kregs, fn(FN_SLEEPER) + 0x40, 0x10, r2, 0x18, 0x7777);
	put64(r2, fn(FN_ENTRY) + 0x30);
	put_regs(r2 + 8, 0x403000, 0x33, 0x7ffc0000, 0x2b, 0);
	struct arch_regs c0 = { .valid = true };
	c0.r[X86_64_IP] = fn(FN_IRQH) + 4;
	c0.r[X86_64_SP] = isp;
	c0.r[X86_64_CS] = 0x10;
	tk_set_regs(tk, 0, &c0);

	/* CPU 1 was in an NMI handler on its NMI stack, above the NMI entry
	 * whose iret frame says the idle task's code was interrupted; that
	 * returns to the end of the text: the end of the stack. */
	uint64_t nmi = tk_symbol(tk, "cea1") + offsetof(struct cea_exception_stacks, NMI_stack);
	uint64_t nsp = nmi + EXCEPTION_STKSZ - 0x80;
	uint64_t isp1 = tk_symbol(tk, "stack_idle1") + 0x3f00;
	put64(nsp, fn(FN_NMIENTRY) + 0x8);
	uint64_t iret[5] = { fn(FN_SLEEPER) + 0x50, 0x10, 0x246, isp1, 0x18 };
	tk_write(tk, nsp + 8, iret, sizeof(iret));
	put64(isp1, fn(FN_END) + 0x8);
	struct arch_regs c1 = { .valid = true };
	c1.r[X86_64_IP] = fn(FN_NMIH) + 4;
	c1.r[X86_64_SP] = nsp;
	c1.r[X86_64_CS] = 0x10;
	tk_set_regs(tk, 1, &c1);

	struct kernel *k = tk_open(tk);
	CHECK(k, "%s: kernel_open: %s", what, k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		return;
	}
	struct kstack_trace t;
	uint64_t lo, hi;
	CHECK(kstack_task_stack(k, sleeper, &lo, &hi) == 0 && lo == tk_symbol(tk, "stack_sleeper") &&
		      hi - lo == THREAD_SIZE,
	      "%s: task stack: task_struct.stack, THREAD_SIZE from init_stack", what);
	CHECK(kstack_task_stack(k, zombie, &lo, &hi) != 0, "%s: an exited task has no stack: %s",
	      what, err_get());

	CHECK(kstack_trace_task(k, sleeper, -1, &t) == 0, "%s: sleeping task unwinds: %s", what,
	      err_get());
	CHECK(t.n == 4 && !t.error, "%s: four frames (%d) without error (%s)", what, t.n, t.why);
	if (t.n == 4) {
		CHECK(t.frames[0].pc == fn(FN_SCHED) + 0x10 && !t.frames[0].exact &&
			      t.frames[0].slot == s1 - 8,
		      "%s: frame 0 is the switch frame's return address, at its slot", what);
		CHECK(t.frames[1].pc == fn(FN_SLEEPER) + 0x20 && t.frames[1].slot == s1 + 8,
		      "%s: frame 1: return address below sched's CFA", what);
		CHECK(t.frames[2].pc == fn(FN_ENTRY) + 0x30 && t.frames[2].slot == s2,
		      "%s: frame 2: entry code", what);
		CHECK(t.frames[3].user && t.frames[3].regs.r[X86_64_IP] == 0x401000 &&
			      t.frames[3].regs.r[X86_64_SP] == 0x7ffe0000 && t.frames[3].regs_addr == uregs &&
			      t.frames[3].regs_size == sizeof(struct pt_regs),
		      "%s: user registers last, from the pt_regs above the entry code", what);
		CHECK(is(t.frames[0].stack.name, "task") && t.frames[0].stack.lo == tk_symbol(tk, "stack_sleeper"),
		      "%s: on the task stack", what);
		CHECK(t.start.r[X86_64_IP] == fn(FN_SCHED) + 0x10 && t.start.r[X86_64_SP] == s1 &&
			      t.start.r[X86_64_BP] == 0x5151,
		      "%s: started from the switch frame (ip, sp past it, bp)", what);
	}
	kstack_trace_free(&t);

	CHECK(kstack_trace_task(k, modsleeper, -1, &t) == 0 && t.n == 4 && !t.error &&
		      t.frames[1].pc == modtext + 0x20 && t.frames[2].pc == fn(FN_ENTRY) + 0x30 &&
		      t.frames[3].user,
	      "%s: through a module's function, with the module's ORC table (%d frames, %s)", what,
	      t.n, t.why);
	kstack_trace_free(&t);

	CHECK(kstack_trace_task(k, running, 0, &t) == 0, "%s: active task unwinds", what);
	CHECK(t.n == 6 && !t.error && t.frames[5].user && t.frames[5].regs.r[X86_64_IP] == 0x403000,
	      "%s: reaches user mode (%d frames, %s)", what, t.n, t.why);
	if (t.n == 6) {
		CHECK(t.frames[0].pc == fn(FN_IRQH) + 4 && t.frames[0].exact && t.frames[0].slot == 0,
		      "%s: first frame from the CPU's registers", what);
		CHECK(is(t.frames[0].stack.name, "IRQ") && is(t.frames[1].stack.name, "IRQ") &&
			      t.frames[0].stack.hi == istack + IRQ_STACK_SIZE,
		      "%s: first frames on the IRQ stack (the per-cpu pointer's top)", what);
		CHECK(t.frames[2].pc == fn(FN_INTR) + 0x8 && is(t.frames[2].stack.name, "task"),
		      "%s: back on the task stack through the saved stack pointer", what);
		CHECK(t.frames[3].regs_addr == kregs && t.frames[3].exact && !t.frames[3].regs_partial &&
			      t.frames[3].pc == fn(FN_SLEEPER) + 0x40 && t.frames[3].regs.r[X86_64_BP] == 0x7777,
		      "%s: exception frame of the interrupt", what);
		CHECK(t.frames[4].pc == fn(FN_ENTRY) + 0x30, "%s: the interrupted function's caller",
		      what);
	}
	kstack_trace_free(&t);

	CHECK(kstack_trace_task(k, idle1, 1, &t) == 0 && t.n == 4 && !t.error,
	      "%s: CPU 1's idle task in an NMI unwinds to the end of the stack (%d frames, %s)", what,
	      t.n, t.why);
	if (t.n == 4) {
		CHECK(is(t.frames[0].stack.name, "NMI") && is(t.frames[1].stack.name, "NMI") &&
			      t.frames[0].stack.lo == nmi && t.frames[0].stack.hi == nmi + EXCEPTION_STKSZ,
		      "%s: on the NMI exception stack of the CPU entry area", what);
		CHECK(t.frames[2].regs_partial && t.frames[2].exact &&
			      t.frames[2].pc == fn(FN_SLEEPER) + 0x50 && t.frames[2].regs.r[X86_64_SP] == isp1 &&
			      is(t.frames[2].stack.name, "task"),
		      "%s: the iret frame: only its part of the registers", what);
		CHECK(t.frames[3].pc == fn(FN_END) + 8, "%s: last frame before the end of the stack", what);
	}
	kstack_trace_free(&t);

	/* The CPUs' own record of their tasks. */
	CHECK(kstack_active_task(k, 0) == running && kstack_active_task(k, 1) == idle1 &&
		      kstack_active_task(k, 2) == 0,
	      "%s: current_task of each CPU", what);
	CHECK(kstack_task_cpu(k, idle1, 0) == 1 && kstack_task_cpu(k, running, 0) == 0 &&
		      kstack_task_cpu(k, sleeper, 0) == -1,
	      "%s: which CPU runs a task", what);
	CHECK(kstack_panic_task(k) == running, "%s: the panic task: current of panic_cpu", what);
	struct arch_stack st;
	CHECK(kstack_stack_of(k, running, 0, istack + 8, &st) && is(st.name, "IRQ") &&
		      !kstack_stack_of(k, running, -1, istack + 8, &st) &&
		      kstack_stack_of(k, idle1, 1, nmi + 16, &st) && is(st.name, "NMI"),
	      "%s: which stack holds an address, for a task on a CPU", what);
	CHECK(kstack_is_text(k, fn(FN_SCHED)) && kstack_is_text(k, modtext + 0x10) &&
		      !kstack_is_text(k, modtext + 0x180) && !kstack_is_text(k, 0x401000),
	      "%s: text with unwind data: the kernel's and the module's", what);

	/* bt -e: exception frames wherever they are. */
	struct arch_regs r;
	bool user;
	CHECK(kstack_exception_frame_size(k) == sizeof(struct pt_regs), "%s: pt_regs size", what);
	CHECK(kstack_exception_frame_at(k, uregs, &r, &user) && user &&
		      arch_reg(kernel_arch(k), &r, ARCH_REG_PC) == 0x401000,
	      "%s: user-mode pt_regs found", what);
	CHECK(kstack_exception_frame_at(k, kregs, &r, &user) && !user &&
		      arch_reg(kernel_arch(k), &r, ARCH_REG_SP) == r2,
	      "%s: kernel-mode pt_regs found", what);
	CHECK(!kstack_exception_frame_at(k, kregs + 8, &r, &user) &&
		      !kstack_exception_frame_at(k, s1, &r, &user),
	      "%s: other words are no exception frame", what);

	/* Registers given (bt -S): the same unwind from the interrupt's
	 * registers. */
	struct arch_regs g = { .valid = true };
	g.r[X86_64_IP] = fn(FN_SLEEPER) + 0x40;
	g.r[X86_64_SP] = r2;
	g.r[X86_64_CS] = 0x10;
	CHECK(kstack_trace_regs(k, running, &g, &t) == 0 && t.n == 3 && t.frames[2].user,
	      "%s: unwind from given registers (%d frames)", what, t.n);
	kstack_trace_free(&t);
	kernel_close(k);

	/* A damaged stack: the return address points back into sched with a
	 * CFA lower than before; the unwind must stop, not loop. */
	put64(s1 + 8, 0);
	k = tk_open(tk);
	CHECK(k && kstack_trace_task(k, sleeper, -1, &t) == 0 && t.n < 10 && t.error,
	      "%s: bad return address: bounded (%d frames: %s)", what, k ? t.n : -1, k ? t.why : "");
	if (k)
		kstack_trace_free(&t);
	/* No unwind data where the module's function returned to (past its
	 * text): the stack is scanned for the next return address, a word
	 * just after a call instruction into code with unwind data. */
	uint64_t call_at = fn(FN_SLEEPER) + 0x60 - 5;
	uint8_t call[5] = { 0xe8, 0, 0, 0, 0 };
	tk_write(tk, call_at, call, sizeof(call));
	put64(m1 + 8, modtext + 0x180);
	put64(m1 + 16, 0x1234);
	put64(m1 + 24, fn(FN_SLEEPER) + 0x70);	/* no call before it */
	put64(m1 + 32, fn(FN_SLEEPER) + 0x60);
	put64(m1 + 40, fn(FN_ENTRY) + 0x30);
	put_regs(m1 + 48, 0x404000, 0x33, 0x7ffb0000, 0x2b, 0);
	kernel_close(k);
	k = tk_open(tk);
	CHECK(k && kstack_trace_task(k, modsleeper, -1, &t) == 0 && t.n == 5 && !t.error &&
		      t.frames[1].pc == modtext + 0x180 && t.frames[2].scanned &&
		      t.frames[2].pc == fn(FN_SLEEPER) + 0x60 && t.frames[2].slot == m1 + 32 &&
		      !t.frames[3].scanned && t.frames[4].user,
	      "%s: stack scan past code without unwind data (%d frames, %s)", what, k ? t.n : -1,
	      k ? t.why : "");
	if (k)
		kstack_trace_free(&t);
	kernel_close(k);
	/* a switch frame off the task's stack */
	put64(sleeper + offsetof(struct task_struct, thread.sp), 0xffffc90000000000ull);
	k = tk_open(tk);
	CHECK(k && kstack_trace_task(k, sleeper, -1, &t) != 0 && strstr(err_get(), "bad saved stack pointer"),
	      "%s: saved stack pointer off the stack: %s", what, err_get());
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 2 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x3e00000, .phys_base = 0x1000000,
				 .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
