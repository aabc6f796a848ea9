/* The task table (kernel-types/linux/tasks.c), built by the real code
 * through kernel_open() from the "tasks" test kernel (tests/unit/kernels/
 * tasks.c): process list, thread lists, the pid idr (a task only it
 * knows), idle tasks of an online and an offline CPU, run queue curr,
 * panic_cpu, states (bits from task_state_array), uids, RSS with
 * per-thread caches, lookups, damaged lists, and tasks in pages the dump
 * left out, counted by why.  Once without and once with a KASLR offset,
 * in a kdump file. */
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/linux/tasks.h"
#include "kernel-types/walk.h"
#include "kernels/tasks.h"
#include "testkernel.h"

static void run(const char *what, const struct tk_opts *o)
{
	struct testkernel *tk = tk_new("tasks", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return;
	/* CPU 1 is offline (its idle task and run queue remain) */
	tk_write_u64(tk, tk_symbol(tk, "__cpu_online_mask"), 1);
	struct kernel *k = tk_open(tk);
	CHECK(k, "%s: kernel_open: %s", what, k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		return;
	}
	uint64_t init_task = tk_symbol(tk, "init_task"), idle1 = tk_symbol(tk, "task_idle1");
	uint64_t prog = tk_symbol(tk, "task_prog"), thr = tk_symbol(tk, "task_prog_thr");

	long n = ktask_count(k);
	CHECK(n == 9, "%s: 9 tasks (2 idle, 6 listed, 1 only in the idr): %ld", what, n);
	const struct ktask *t = ktask_at(k, 0);
	CHECK(t && t->idle && t->cpu == 0 && t->task == init_task, "%s: first: idle of CPU 0", what);
	t = ktask_at(k, 1);
	CHECK(t && t->idle && t->cpu == 1 && !strcmp(t->comm, "swapper/1") && t->task == idle1,
	      "%s: second: idle of offline CPU 1", what);
	int online[4];
	CHECK(kernel_nr_cpus(k) == 2 && kwalk_cpumask(k, "cpu_online_mask", online, 4) == 1 &&
		      online[0] == 0,
	      "%s: 2 CPUs, 1 online", what);
	t = ktask_by_pid(k, 101);
	CHECK(t && t->tgid == 100 && t->ppid == 1 && !strcmp(t->st, "UN"),
	      "%s: thread 101: tgid 100, ppid 1, UN", what);
	CHECK(t && ktask_leader(k, t)->pid == 100, "%s: leader of 101 is 100", what);
	t = ktask_by_pid(k, 102);
	CHECK(t && !strcmp(t->st, "ZO") && !t->kthread, "%s: zombie 102 is ZO, not a kernel thread",
	      what);
	t = ktask_by_pid(k, 3);
	CHECK(t && !strcmp(t->st, "ID") && t->ppid == 2 && t->kthread,
	      "%s: kworker: TASK_IDLE shows ID, ppid 2, kernel thread", what);
	t = ktask_by_pid(k, 103);
	CHECK(t && !strcmp(t->st, "ST") && !strcmp(t->comm, "new"),
	      "%s: task only in the pid idr found, ST", what);
	t = ktask_by_pid(k, 1);
	CHECK(t && t->active && !strcmp(t->st, "IN") && t->uid == 0, "%s: init active on CPU 0",
	      what);
	t = ktask_by_pid(k, 100);
	CHECK(t && t->uid == 1000 && t->cpu == 1 && t->last_run == 5000000000ull && t->prio == 120 &&
		      t->mm == tk_symbol(tk, "mm_prog"),
	      "%s: prog: uid 1000 from its cred, cpu 1, last_arrival, prio, mm", what);
	CHECK(ktask_active(k, 1) && ktask_active(k, 1)->pid == 100 && ktask_active(k, 1)->active,
	      "%s: CPU 1 (offline) active task is 100, marked active", what);
	CHECK(ktask_panic(k) && ktask_panic(k)->pid == 1, "%s: panic task: active task of panic_cpu",
	      what);
	CHECK(ktask_idle(k, 1) && ktask_idle(k, 1)->task == idle1, "%s: idle task of CPU 1", what);
	CHECK(ktask_by_addr(k, thr) && ktask_by_addr(k, thr)->pid == 101, "%s: lookup by address",
	      what);
	CHECK(!ktask_by_addr(k, thr + 8), "%s: unknown address refused", what);
	CHECK(!ktask_by_pid(k, 555), "%s: unknown pid refused", what);
	char a[32];
	snprintf(a, sizeof(a), "%llx", (unsigned long long)prog);
	CHECK(ktask_lookup(k, a) && ktask_lookup(k, a)->pid == 100, "%s: lookup of a hex address",
	      what);
	CHECK(ktask_lookup(k, "101") && ktask_lookup(k, "101")->pid == 101, "%s: lookup of a pid",
	      what);
	CHECK(ktask_by_comm(k, "prog", NULL) && ktask_by_comm(k, "prog", NULL)->pid == 100,
	      "%s: lookup by comm", what);
	struct ktask_mem m;
	ktask_mem(k, ktask_by_pid(k, 100), &m);
	CHECK(m.rss_kb == (10 + 20 + 1 + 2 - 1) * 4 && m.vsz_kb == 200,
	      "%s: RSS = file+anon+shmem with thread caches, VSZ = total_vm (%llu, %llu)", what,
	      (unsigned long long)m.rss_kb, (unsigned long long)m.vsz_kb);
	CHECK(m.pct > 3.19 && m.pct < 3.21, "%s: %%MEM from totalram (%.2f)", what, m.pct);

	/* States straight from the raw values. */
	CHECK(!strcmp(ktask_state_name(k, 0, 0), "RU"), "%s: 0 is RU", what);
	CHECK(!strcmp(ktask_state_name(k, 8, 0), "TR"), "%s: traced is TR", what);
	CHECK(!strcmp(ktask_state_name(k, 0x40, 0), "PA"), "%s: parked is PA", what);
	CHECK(!strcmp(ktask_state_name(k, 0x80, 0x10), "DE"), "%s: EXIT_DEAD is DE", what);
	CHECK(!strcmp(ktask_state_name(k, 0x800, 0), "NE"), "%s: new is NE", what);
	struct ktask_unreadable u;
	CHECK(ktask_unreadable(k, &u) == 0 && u.n == 0 && u.slab,
	      "%s: every task read; task_structs are slab objects", what);

	/* set -a: thread 101 (cpu of its own) becomes its CPU's active task */
	t = ktask_by_pid(k, 101);
	int c101 = t ? t->cpu : -1;
	const struct ktask *before = c101 >= 0 ? ktask_active(k, c101) : NULL;
	CHECK(t && before && ktask_set_active(k, t->task) == 0 && ktask_active(k, c101) == t && t->active &&
		      (before == t || !before->active),
	      "%s: ktask_set_active: 101 is the active task of cpu %d, the former one no longer", what, c101);
	CHECK(ktask_set_active(k, thr + 8) == -1 && strstr(err_get(), "no task"),
	      "%s: ktask_set_active of no task: %s", what, err_get());
	if (c101 == ktask_panic_cpu(k))
		CHECK(ktask_panic(k) == t, "%s: on panic_cpu it is the panic task", what);
	kernel_close(k);

	/* A damaged process list that loops without returning to the head:
	 * the build ends, every task once (the pid idr still has kworker/0:0,
	 * which the list no longer reaches). */
	uint64_t tasks_off = offsetof(struct task_struct, tasks);
	tk_write_u64(tk, tk_symbol(tk, "task_dead") + tasks_off,
		     tk_symbol(tk, "task_kthreadd") + tasks_off);
	k = tk_open(tk);
	n = k ? ktask_count(k) : -1;
	CHECK(n == 9 && ktask_by_pid(k, 3),
	      "%s: looping process list: ends, 9 tasks once, kworker/0:0 through the idr (%ld)",
	      what, n);
	kernel_close(k);

	/* Garbage next pointer: unreadable, the walk stops. */
	tk_write_u64(tk, tk_symbol(tk, "task_kthreadd") + tasks_off, 0x1234);
	k = tk_open(tk);
	n = k ? ktask_count(k) : -1;
	CHECK(n == 9, "%s: unreadable list entry: the walk stops, the idr has the rest (%ld)", what,
	      n);
	kernel_close(k);

	/* And without the idr: what the list reaches from its head, forwards
	 * up to the bad pointer and backwards (prev) from the head, the idle
	 * tasks and the active ones; the task only the idr knew is gone. */
	uint64_t head = tk_symbol(tk, "init_pid_ns") + offsetof(struct pid_namespace, idr) +
			offsetof(struct idr, idr_rt) + offsetof(struct xarray, xa_head);
	tk_write_u64(tk, head, 0);
	k = tk_open(tk);
	n = k ? ktask_count(k) : -1;
	CHECK(n == 8 && ktask_by_pid(k, 100) && ktask_by_pid(k, 3) && !ktask_by_pid(k, 103),
	      "%s: no idr: all but the task only the idr knew, the list walked back from its head (%ld)",
	      what, n);
	kernel_close(k);
	tk_free(tk);
}

/* Tasks in pages the dump does not have: left out of the table, counted
 * by why; the lists on either side of them still walked. */
static void run_missing(const char *what, const struct tk_opts *o)
{
	struct testkernel *tk = tk_new("tasks", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return;
	bool kdump = o->format == TK_KDUMP;
	/* zombie 102 is in the middle of the process list */
	tk_exclude_page(tk, tk_symbol(tk, "task_dead"));
	struct kernel *k = tk_open(tk);
	CHECK(k, "%s: kernel_open: %s", what, k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		return;
	}
	struct ktask_unreadable u;
	long n = ktask_count(k);
	CHECK(n == 8 && !ktask_by_pid(k, 102) && ktask_by_pid(k, 3) && ktask_by_pid(k, 100),
	      "%s: the task in a missing page is left out, the list walked past it (%ld)", what, n);
	CHECK(ktask_unreadable(k, &u) == 0 && u.n == 1 && u.unreached == 0 &&
		      (kdump ? u.excluded == 1 && u.not_in_dump == 0 : u.not_in_dump == 1 && u.excluded == 0),
	      "%s: one unreadable task, %s (%ld, %ld excluded, %ld not in the dump)", what,
	      kdump ? "excluded" : "not in the dump", u.n, u.excluded, u.not_in_dump);
	kernel_close(k);

	/* prog (100) lost too, and the pid idr with it: its thread (101)
	 * and the task only the idr knew (103) cannot be reached at all;
	 * the kernel's nr_threads says they exist. */
	tk_exclude_page(tk, tk_symbol(tk, "task_prog"));
	uint64_t head = tk_symbol(tk, "init_pid_ns") + offsetof(struct pid_namespace, idr) +
			offsetof(struct idr, idr_rt) + offsetof(struct xarray, xa_head);
	tk_write_u64(tk, head, 0);
	k = tk_open(tk);
	n = k ? ktask_count(k) : -1;
	CHECK(n == 5 && ktask_by_pid(k, 3) && ktask_by_pid(k, 2) && !ktask_by_pid(k, 101),
	      "%s: idle 0 and 1, init, kthreadd and kworker/0:0 (%ld)", what, n);
	CHECK(k && ktask_unreadable(k, &u) == 0 && u.n == 4 && u.unreached == 2 &&
		      (kdump ? u.excluded : u.not_in_dump) == 2,
	      "%s: four unreadable: two task_structs missing, two tasks behind them (%ld, %ld)",
	      what, u.n, u.unreached);
	/* the active task of CPU 1 was prog: none to show */
	CHECK(k && ktask_active(k, 1) && ktask_active(k, 1)->idle,
	      "%s: CPU 1's active task unreadable: its idle task stands in", what);
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 2 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x1c800000, .phys_base = 0x7e000000,
				 .format = TK_KDUMP };
	run("kaslr", &kaslr);
	run_missing("missing, kdump", &kaslr);
	run_missing("missing, ELF", &plain);
	CHECK_DONE();
}
