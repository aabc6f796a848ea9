/* Triage of a crash (triage.h): the panic task's frames and the kind
 * they say, the culprit frames, the context (blocked tasks, busy CPUs,
 * memory), and the run that puts them together with the log
 * (triage_log.c) and the signature (triage_kind.c). */
#include "kernel-types/linux/triage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/meminfo.h"
#include "kernel-types/linux/modules.h"
#include "kernel-types/linux/sched.h"
#include "kernel-types/linux/sysinfo.h"
#include "kernel-types/linux/tasks.h"
#include "kernel-types/linux/triage_impl.h"
#include "kernel-types/stack.h"

/* ---- frames ---- */

/* A backtrace's frames named as bt names them: a return address is
 * looked up one byte back (a call may end a function). */
struct named {
	struct ktriage_frame *f;
	const char **names;
	bool *exc;		/* the frame's pc came from a kernel-mode exception frame */
	int n;
	bool user;		/* the trace ends at user-mode registers */
};

static void name_trace(struct kernel *k, const struct kstack_trace *tr, struct named *nm)
{
	nm->f = xcalloc((size_t)tr->n + 1, sizeof(*nm->f));
	nm->names = xcalloc((size_t)tr->n + 1, sizeof(*nm->names));
	nm->exc = xcalloc((size_t)tr->n + 1, sizeof(*nm->exc));
	nm->n = 0;
	for (int i = 0; i < tr->n; i++) {
		const struct arch_frame *a = &tr->frames[i];
		if (a->user) {
			nm->user = true;
			break;
		}
		uint64_t look = a->exact ? a->pc : a->pc - 1, off = 0;
		struct ktriage_frame *f = &nm->f[nm->n];
		const char *name = kernel_symbol_at(k, look, &off);
		const char *mod = kernel_symbol_module(k, look, NULL);
		snprintf(f->func, sizeof(f->func), "%s", name ? name : "(unknown)");
		snprintf(f->module, sizeof(f->module), "%s", mod ? mod : "");
		f->pc = a->pc;
		f->off = off + (a->pc - look);
		f->exact = a->exact;
		nm->names[nm->n] = f->func;
		nm->exc[nm->n] = i > 0 && a->regs_addr;
		nm->n++;
	}
}

static void named_free(struct named *nm)
{
	free(nm->f);
	free(nm->names);
	free(nm->exc);
}

static int trace(struct kernel *k, uint64_t task, int cpu, struct named *nm)
{
	struct kstack_trace tr;
	memset(nm, 0, sizeof(*nm));
	if (kstack_trace_task(k, task, cpu, &tr))
		return -1;
	name_trace(k, &tr, nm);
	kstack_trace_free(&tr);
	return 0;
}

/* Where a running task was: the code an exception frame interrupted
 * (an NMI that stopped the CPU, the timer), else the first frame off the
 * generic path; -1: in user space (the NMI or the stop IPI came from
 * there). */
static int where_ran(const struct named *nm)
{
	for (int i = 0; i < nm->n; i++)
		if (nm->exc[i])
			return i;
	int i = ktriage_first_culprit(nm->names, nm->n);
	if (i >= nm->n && nm->user)
		return -1;
	return i < nm->n ? i : 0;
}

/* The scheduler and the sleeping locks: what a blocked task waits in. */
static const char *const sleep_path[] = {
	"__schedule", "schedule", "schedule_*", "preempt_schedule*", "io_schedule*",
	"__switch_to*", "__mutex_lock*", "mutex_lock*", "rwsem_down_*", "down_*", "__down*",
	"down", "wait_for_completion*", "__wait_for_common", "wait_for_common*",
	"schedule_timeout*", "msleep*", "usleep_range*", "do_nanosleep", "hrtimer_nanosleep",
	"__wait_event*", "wait_woken", "rt_mutex_*", "__rt_mutex_*", "rt_mutex_slowlock*",
	"bit_wait*", "out_of_line_wait_on_bit*", "__wait_on_bit*", "folio_wait_bit*",
	"folio_wait_*", "io_wait_event", "wait_on_page_bit*", "__lock_sock", "lock_sock*",
	"futex_wait*", "__flush_work", "flush_work", "synchronize_rcu*", "__synchronize_srcu",
	"__wait_rcu_gp", "wait_rcu_gp", "percpu_rwsem_wait", "__percpu_down_read",
	"__cond_resched", "__mutex_lock_slowpath", NULL};

static int where_blocked(const struct named *nm)
{
	for (int i = 0; i < nm->n; i++)
		if (!ktriage_in_list(nm->names[i], sleep_path))
			return i;
	return 0;
}

static void set_where(const struct named *nm, int i, struct ktriage_task *t)
{
	if (i < 0) {
		snprintf(t->where, sizeof(t->where), "user space");
	} else if (i < nm->n) {
		snprintf(t->where, sizeof(t->where), "%s", nm->f[i].func);
		snprintf(t->where_module, sizeof(t->where_module), "%s", nm->f[i].module);
	}
}

static void fill_task(const struct ktask *kt, struct ktriage_task *t)
{
	t->pid = kt->pid;
	t->task = kt->task;
	t->cpu = kt->cpu;
	snprintf(t->comm, sizeof(t->comm), "%s", kt->comm);
}

/* The culprit's frames from index i of nm, repeats of a recursion folded
 * (its depth is not the bug; its callers are). */
static void take_frames(const struct named *nm, int i, struct ktriage *t)
{
	t->nframes = 0;
	for (; i < nm->n && t->nframes < KTRIAGE_FRAMES; i++) {
		if (t->nframes && !strcmp(t->frames[t->nframes - 1].func, nm->f[i].func))
			continue;
		t->frames[t->nframes++] = nm->f[i];
	}
}

static void culprit_from_hung(struct kernel *k, struct ktriage *t)
{
	/* the first task the log names, else the one blocked longest */
	const struct ktask *kt = NULL;
	for (int i = 0; i < t->nhung && !kt; i++) {
		kt = ktask_by_pid(k, t->hung[i].pid);
		if (kt && strcmp(kt->comm, t->hung[i].comm))
			kt = NULL;
	}
	if (!kt && t->nblocked)
		kt = ktask_by_addr(k, t->blocked[0].task);
	if (!kt)
		return;
	struct named nm;
	if (trace(k, kt->task, kstack_task_cpu(k, kt->task, kt->cpu), &nm))
		return;
	take_frames(&nm, where_blocked(&nm), t);
	t->culprit_task = kt->task;
	for (int i = 0; i < t->nhung; i++)
		if (t->hung[i].pid == kt->pid) {
			t->hung[i].task = kt->task;
			t->hung[i].cpu = kt->cpu;
			set_where(&nm, where_blocked(&nm), &t->hung[i]);
		}
	named_free(&nm);
}

/* ---- context ---- */

static void blocked_tasks(struct kernel *k, struct ktriage *t)
{
	long n = ktask_count(k);
	for (long i = 0; i < n; i++) {
		const struct ktask *kt = ktask_at(k, (size_t)i);
		if (!kt || kt->idle || !kt->st || strcmp(kt->st, "UN"))
			continue;
		t->nblocked_all++;
		uint64_t now = ksched_rq_clock(k, kt->cpu);
		if (!now)
			now = ksched_now(k);
		uint64_t ns = now > kt->last_run && kt->last_run ? now - kt->last_run : 0;
		/* insert in order, longest first */
		int at = t->nblocked;
		while (at > 0 && t->blocked[at - 1].blocked_ns < ns)
			at--;
		if (at >= KTRIAGE_BLOCKED)
			continue;
		int last = t->nblocked < KTRIAGE_BLOCKED ? t->nblocked : KTRIAGE_BLOCKED - 1;
		memmove(&t->blocked[at + 1], &t->blocked[at],
			(size_t)(last - at) * sizeof(t->blocked[0]));
		memset(&t->blocked[at], 0, sizeof(t->blocked[0]));
		fill_task(kt, &t->blocked[at]);
		t->blocked[at].blocked_ns = ns;
		if (t->nblocked < KTRIAGE_BLOCKED)
			t->nblocked++;
	}
	for (int i = 0; i < t->nblocked; i++) {
		struct named nm;
		if (trace(k, t->blocked[i].task, -1, &nm))
			continue;
		set_where(&nm, where_blocked(&nm), &t->blocked[i]);
		named_free(&nm);
	}
}

static void busy_cpus(struct kernel *k, struct ktriage *t)
{
	int n = kernel_nr_cpus(k);
	t->ncpus_all = n > 0 ? n : 0;
	for (int cpu = 0; cpu < n; cpu++) {
		const struct ktask *kt = ktask_active(k, cpu);
		if (!kt || kt->idle)
			continue;
		t->ncpus_busy++;
		if (t->ncpus >= KTRIAGE_CPUS)
			continue;
		struct ktriage_task *c = &t->cpus[t->ncpus++];
		memset(c, 0, sizeof(*c));
		fill_task(kt, c);
		c->cpu = cpu;
		struct named nm;
		if (trace(k, kt->task, kstack_task_cpu(k, kt->task, cpu), &nm))
			continue;
		set_where(&nm, where_ran(&nm), c);
		named_free(&nm);
	}
}

static void memory(struct kernel *k, struct ktriage *t)
{
	struct meminfo mi;
	if (meminfo_read(k, &mi))
		return;
	t->has_mem = true;
	t->page_size = arch_get_info(kernel_arch(k))->page_size;
	t->mem_total = mi.totalram;
	t->mem_free = mi.free;
	t->has_swap = mi.has_swap;
	t->swap_total = mi.swap_total;
	t->swap_used = mi.swap_used;
}

static void culprit_module(struct kernel *k, struct ktriage *t)
{
	if (!t->nframes || !*t->frames[0].module)
		return;
	struct kmodules ms;
	if (modules_read(k, &ms))
		return;
	for (size_t i = 0; i < ms.n; i++)
		if (!strcmp(ms.v[i].name, t->frames[0].module))
			ktriage_module_taints(k, ms.v[i].taints, t->module_taints,
					      sizeof(t->module_taints), &t->out_of_tree);
	free(ms.v);
}

static void source_line(struct kernel *k, struct ktriage *t)
{
	if (!t->nframes)
		return;
	const struct ktriage_frame *f = &t->frames[0];
	/* the module's own debuginfo, if the module directory has it */
	if (*f->module && kernel_module_debuginfo_load(k, f->module, NULL))
		err_set("%s", "");
	if (kernel_srcline(k, f->exact ? f->pc : f->pc - 1, t->src_file, sizeof(t->src_file), &t->src_line))
		t->src_file[0] = 0;
}

int ktriage_run(struct kernel *k, struct ktriage *t)
{
	memset(t, 0, sizeof(*t));
	t->lockup_cpu = -1;
	t->task.cpu = -1;
	if (!k) {
		err_set("analyze: no kernel");
		return -1;
	}
	struct ksysinfo si;
	ksys_info(k, &si);
	snprintf(t->panic, sizeof(t->panic), "%s", si.panic);
	snprintf(t->release, sizeof(t->release), "%s", si.release);
	t->uptime_secs = si.uptime_secs;
	if (ksys_crash_msg(k, si.panic, t->message, sizeof(t->message)) <= 0 || !*t->message)
		snprintf(t->message, sizeof(t->message), "%s", si.panic);
	if (ksys_taint(k, &t->taint_mask, t->taint_flags, sizeof(t->taint_flags)))
		t->taint_mask = 0, t->taint_flags[0] = 0;
	ktriage_read_log(k, t);
	blocked_tasks(k, t);

	/* the panic task and its frames */
	enum ktriage_kind text = ktriage_kind_of_text(t->panic, t->message);
	const struct ktask *pt = ktask_panic(k);
	struct named nm = {0};
	bool traced = false;
	if (pt) {
		fill_task(pt, &t->task);
		int cpu = kstack_task_cpu(k, pt->task, pt->cpu);
		if (cpu >= 0)
			t->task.cpu = cpu;
		traced = !trace(k, pt->task, cpu, &nm);
	}
	t->kind = traced ? ktriage_kind_of_frames(nm.names, nm.n, t->panic, t->message)
			 : KTRIAGE_UNKNOWN;
	t->from_frames = t->kind != KTRIAGE_UNKNOWN;
	if (t->kind == KTRIAGE_UNKNOWN || (t->kind == KTRIAGE_PANIC && text != KTRIAGE_UNKNOWN))
		t->kind = text;
	t->log_confirms = t->kind == text ||
			  (t->kind == KTRIAGE_STACKOVERFLOW && text == KTRIAGE_DOUBLEFAULT);
	if (t->kind == KTRIAGE_HUNGTASK) {
		culprit_from_hung(k, t);
	} else if (traced) {
		int at = -1;
		for (int i = 0; i < nm.n && at < 0; i++)
			if (nm.exc[i])
				at = i;
		if (at < 0)
			at = ktriage_first_culprit(nm.names, nm.n);
		take_frames(&nm, at, t);
		t->culprit_task = pt->task;
	}
	named_free(&nm);
	culprit_module(k, t);
	source_line(k, t);
	busy_cpus(k, t);
	memory(k, t);
	ktriage_signature(t->kind, t->frames, t->nframes, t->signature);
	return 0;
}
