/* Task stacks and backtraces: the kernel's side of the architecture's
 * unwinder.  See stack.h.  Everything read here comes from the dump and is
 * checked: sizes are bounded, and pointers must be kernel addresses. */
#include "kernel-types/stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/walk.h"

#define MAX_CPUS 8192

/* What is learnt once per kernel, kept with it (kernel_state()). */
struct kstack_state {
	struct kernel *k;
	struct arch_kernel kern;	/* what the unwinder reads through */
	struct arch_unwinder *uw;	/* NULL until made, or when it failed */
	bool uw_tried;
	char *uw_err;			/* why it failed */
	long off_stack;			/* task_struct.stack, -1 if none */
	uint64_t thread_size;
	int ncpus;			/* CPUs with saved registers */
	uint64_t *cur;			/* each one's running task, 0 unknown */
};

static const int state_key;

static void state_free(void *p)
{
	struct kstack_state *s = p;
	arch_unwinder_free(s->uw);
	free(s->uw_err);
	free(s->cur);
	free(s);
}

/* ---- what the unwinder reads of the kernel ---- */

static int k_symbol(void *arg, const char *name, uint64_t *addr)
{
	return kernel_symbol(arg, name, addr);
}

static int k_percpu(void *arg, const char *name, int cpu, uint64_t *addr)
{
	return kernel_percpu_symbol(arg, name, cpu, addr);
}

static int k_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	return kernel_read(arg, addr, buf, len);
}

static long k_offsetof(void *arg, const char *type, const char *member)
{
	return kernel_offsetof(arg, type, member);
}

static long k_member_size(void *arg, const char *type, const char *member)
{
	return kernel_member_size(arg, type, member);
}

static long k_sizeof(void *arg, const char *type)
{
	return kernel_sizeof(arg, type);
}

static int k_task_stack(void *arg, uint64_t task, uint64_t *lo, uint64_t *hi)
{
	return kstack_task_stack(arg, task, lo, hi);
}

/* Modules: the `modules` list; the text range is mem[MOD_TEXT] (6.4 on;
 * MOD_TEXT is the first element) or core_layout (until 6.3). */
struct mod_walk {
	struct kernel *k;
	long o_base, o_size;
	int (*fn)(void *fn_arg, uint64_t module, uint64_t lo, uint64_t hi);
	void *fn_arg;
};

static int mod_entry(void *arg, uint64_t mod)
{
	struct mod_walk *w = arg;
	uint64_t base;
	uint32_t size;
	if (kernel_read_u64(w->k, mod + (uint64_t)w->o_base, &base) ||
	    kernel_read_u32(w->k, mod + (uint64_t)w->o_size, &size))
		return -1;
	return w->fn(w->fn_arg, mod, base, base + size);
}

static int k_modules(void *arg, int (*fn)(void *fn_arg, uint64_t module, uint64_t lo, uint64_t hi),
		     void *fn_arg)
{
	struct kernel *k = arg;
	struct mod_walk w = {k, -1, -1, fn, fn_arg};
	uint64_t head;
	long o_list = kernel_offsetof(k, "struct module", "list");
	long mem = kernel_offsetof(k, "struct module", "mem");
	if (kernel_symbol(k, "modules", &head) || o_list < 0)
		return -1;
	if (mem >= 0) {
		long b = kernel_offsetof(k, "struct module_memory", "base");
		long sz = kernel_offsetof(k, "struct module_memory", "size");
		if (b < 0 || sz < 0)
			return -1;
		w.o_base = mem + b;
		w.o_size = mem + sz;
	} else {
		w.o_base = kernel_offsetof(k, "struct module", "core_layout.base");
		w.o_size = kernel_offsetof(k, "struct module", "core_layout.text_size");
		if (w.o_base < 0 || w.o_size < 0)
			return -1;
	}
	return kwalk_list(k, head, o_list, false, mod_entry, &w);
}

static int k_function_range(void *arg, const char *name, uint64_t *lo, uint64_t *hi)
{
	struct kernel_sym s;
	if (kernel_symbol_info(arg, name, &s) || !s.size || s.percpu || s.module)
		return -1;
	*lo = s.addr;
	*hi = s.addr + s.size;
	return 0;
}

static struct kstack_state *state(struct kernel *k)
{
	struct kstack_state *s = kernel_state(k, &state_key);
	if (s)
		return s;
	s = xcalloc(1, sizeof(*s));
	s->k = k;
	s->kern = (struct arch_kernel){
		.arg = k, .symbol = k_symbol, .percpu_symbol = k_percpu, .read = k_read,
		.offset_of = k_offsetof, .member_size = k_member_size, .size_of = k_sizeof,
		.modules = k_modules, .task_stack = k_task_stack,
		.function_range = k_function_range,
	};
	s->off_stack = kernel_offsetof(k, "struct task_struct", "stack");
	/* THREAD_SIZE: the size of init's stack (the end symbol was renamed). */
	uint64_t s0 = 0, s1 = 0;
	kernel_symbol(k, "init_stack", &s0);
	if (kernel_symbol(k, "__end_init_task", &s1))
		kernel_symbol(k, "__end_init_stack", &s1);
	s->thread_size = (s0 && s1 > s0 && s1 - s0 <= (1 << 20)) ? s1 - s0 : 16384;
	struct arch_regs r;
	s->ncpus = arch_cpu_regs(kernel_arch(k), 0, &r);
	if (s->ncpus > MAX_CPUS)
		s->ncpus = MAX_CPUS;
	kernel_set_state(k, &state_key, s, state_free);
	return s;
}

/* The architecture's unwinder, made on first use. */
static struct arch_unwinder *unwinder(struct kernel *k)
{
	struct kstack_state *s = state(k);
	if (!s->uw_tried) {
		s->uw_tried = true;
		s->uw = arch_unwinder_new(kernel_arch(k), &s->kern);
		if (!s->uw)
			s->uw_err = xstrdup(err_get());
	}
	if (!s->uw)
		err_set("%s", s->uw_err);
	return s->uw;
}

int kstack_task_stack(struct kernel *k, uint64_t task, uint64_t *lo, uint64_t *hi)
{
	struct kstack_state *s = state(k);
	uint64_t p;
	if (s->off_stack < 0) {
		err_set("task_struct has no stack");
		return -1;
	}
	if (kernel_read_u64(k, task + (uint64_t)s->off_stack, &p) ||
	    !arch_is_kvaddr(kernel_arch(k), p)) {
		uint64_t es = 0;
		/* an exited task's stack is freed when it last switches out
		 * (put_task_stack); say so rather than "no stack" alone */
		if (p == 0 && kernel_read_member(k, task, "struct task_struct", "exit_state", &es) == 0 &&
		    es)
			err_set("task %#llx has exited (%s): its kernel stack was freed",
				(unsigned long long)task, es & 0x10 ? "dead" : "zombie");
		else
			err_set("task %#llx: no stack", (unsigned long long)task);
		return -1;
	}
	*lo = p;
	*hi = p + s->thread_size;
	return 0;
}

int kstack_saved_sp(struct kernel *k, uint64_t task, uint64_t *sp)
{
	struct arch_unwinder *uw = unwinder(k);
	return uw ? arch_task_saved_sp(uw, task, sp) : -1;
}

bool kstack_stack_of(struct kernel *k, uint64_t task, int cpu, uint64_t addr,
		     struct arch_stack *st)
{
	struct arch_unwinder *uw = unwinder(k);
	return uw && arch_stack_of(uw, task, cpu, addr, st);
}

int kstack_cpu_stacks(struct kernel *k, int cpu, struct arch_stack *out, int max)
{
	struct arch_unwinder *uw = unwinder(k);
	return uw ? arch_cpu_stacks(uw, cpu, out, max) : 0;
}

bool kstack_is_text(struct kernel *k, uint64_t addr)
{
	struct arch_unwinder *uw = unwinder(k);
	return uw && arch_is_text(uw, addr);
}

bool kstack_exception_frame_at(struct kernel *k, uint64_t addr, struct arch_regs *regs,
			       bool *user)
{
	struct arch_unwinder *uw = unwinder(k);
	return uw && arch_exception_frame_at(uw, addr, regs, user);
}

size_t kstack_exception_frame_size(struct kernel *k)
{
	struct arch_unwinder *uw = unwinder(k);
	return uw ? arch_exception_frame_size(uw) : 0;
}

static void run(struct arch_unwind *u, struct kstack_trace *t)
{
	int cap = 32;
	t->start = *arch_unwind_start_regs(u);
	t->frames = xcalloc((size_t)cap, sizeof(*t->frames));
	arch_unwind_current(u, &t->frames[0]);
	t->n = 1;
	for (;;) {
		struct arch_frame f;
		int rc = arch_unwind_next(u, &f);
		if (rc == 0)
			break;
		if (rc < 0) {
			t->error = true;
			snprintf(t->why, sizeof(t->why), "%s", arch_unwind_why(u));
			break;
		}
		if (t->n == cap) {
			cap *= 2;
			t->frames = xreallocarray(t->frames, (size_t)cap, sizeof(*t->frames));
		}
		t->frames[t->n++] = f;
	}
	arch_unwind_end(u);
}

int kstack_trace_regs(struct kernel *k, uint64_t task, const struct arch_regs *regs,
		      struct kstack_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->cpu = -1;
	t->task = task;
	struct arch_unwinder *uw = unwinder(k);
	if (!uw)
		return -1;
	kstack_task_stack(k, task, &t->stack_lo, &t->stack_hi);
	struct arch_unwind *u = arch_unwind_start(uw, task, -1, regs);
	if (!u)
		return -1;
	run(u, t);
	return 0;
}

int kstack_trace_task(struct kernel *k, uint64_t task, int cpu, struct kstack_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->cpu = cpu;
	t->task = task;
	struct arch_unwinder *uw = unwinder(k);
	if (!uw || kstack_task_stack(k, task, &t->stack_lo, &t->stack_hi))
		return -1;
	struct arch_unwind *u = arch_unwind_start(uw, task, cpu, NULL);
	if (!u)
		return -1;
	run(u, t);
	return 0;
}

void kstack_trace_free(struct kstack_trace *t)
{
	free(t->frames);
	t->frames = NULL;
	t->n = 0;
}

/* ---- the CPUs' running tasks ---- */

uint64_t kstack_active_task(struct kernel *k, int cpu)
{
	struct kstack_state *s = state(k);
	if (cpu < 0 || cpu >= s->ncpus)
		return 0;
	if (!s->cur) {
		struct arch_unwinder *uw = unwinder(k);
		s->cur = xcalloc((size_t)s->ncpus, sizeof(*s->cur));
		for (int c = 0; uw && c < s->ncpus; c++)
			if (arch_cpu_task(uw, c, &s->cur[c]))
				s->cur[c] = 0;
	}
	return s->cur[cpu];
}

int kstack_set_active_task(struct kernel *k, int cpu, uint64_t task)
{
	struct kstack_state *s = state(k);
	if (cpu < 0 || cpu >= s->ncpus) {
		err_set("cpu %d has no saved registers in the dump", cpu);
		return -1;
	}
	(void)kstack_active_task(k, cpu);	/* fills s->cur */
	if (!s->cur)
		return -1;
	s->cur[cpu] = task;
	return 0;
}

int kstack_task_cpu(struct kernel *k, uint64_t task, int cpu)
{
	int n = state(k)->ncpus;
	/* Usually the task's own CPU; check every CPU all the same. */
	if (cpu >= 0 && cpu < n && kstack_active_task(k, cpu) == task)
		return cpu;
	for (int c = 0; c < n; c++)
		if (kstack_active_task(k, c) == task)
			return c;
	return -1;
}

uint64_t kstack_panic_task(struct kernel *k)
{
	uint64_t a;
	uint32_t cpu;
	if (kernel_symbol(k, "panic_cpu", &a) || kernel_read_u32(k, a, &cpu) ||
	    (int32_t)cpu < 0 || (int)cpu >= state(k)->ncpus)
		return 0;
	return kstack_active_task(k, (int)cpu);
}
