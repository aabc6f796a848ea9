/* Scale of the task table (kernel-types/linux/tasks.c) on the real code:
 * 10,000 tasks (2,500 processes of 4 threads each, sharing an mm) in the
 * "tasks_scale" test kernel, linked here, built and measured as ps would,
 * well under 1 s. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/linux/tasks.h"
#include "kernels/tasks.h"
#include "testkernel.h"

#define NT 10000

int main(void)
{
	struct testkernel *tk = tk_new("tasks_scale", NULL);
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	uint64_t tasks = tk_symbol(tk, "tk_tasks"), sigs = tk_symbol(tk, "tk_signals");
	uint64_t mms = tk_symbol(tk, "tk_mms"), init = tk_symbol(tk, "init_task");
	const uint64_t to = offsetof(struct task_struct, tasks), tn = offsetof(struct task_struct, thread_node);
	const uint64_t th = offsetof(struct signal_struct, thread_head);
#define TASK(i) (tasks + (uint64_t)(i) * sizeof(struct task_struct))
	/* the process list: init_task, then each group's leader */
	int nproc = NT / 4;
	uint64_t *pl = calloc((size_t)nproc + 1, sizeof(*pl));
	pl[0] = init + to;
	for (int p = 0; p < nproc; p++)
		pl[1 + p] = TASK(4 * p) + to;
	struct task_struct *t = calloc(NT, sizeof(*t));
	for (int p = 0; p < nproc; p++) {
		uint64_t sig = sigs + (uint64_t)p * sizeof(struct signal_struct);
		uint64_t mm = mms + (uint64_t)p * sizeof(struct mm_struct);
		struct signal_struct s = { .nr_threads = 4 };
		struct mm_struct m = { .total_vm = 100 };
		m.rss_stat.count[MM_ANONPAGES].counter = 10;
		/* thread ring: thread_head, then the four threads */
		uint64_t ring[5] = { sig + th, TASK(4 * p) + tn, TASK(4 * p + 1) + tn,
				     TASK(4 * p + 2) + tn, TASK(4 * p + 3) + tn };
		s.thread_head.next = (void *)ring[1];
		s.thread_head.prev = (void *)ring[4];
		tk_write(tk, sig, &s, sizeof(s));
		tk_write(tk, mm, &m, sizeof(m));
		for (int j = 0; j < 4; j++) {
			int i = 4 * p + j;
			struct task_struct *x = &t[i];
			x->__state = 1;
			x->prio = 120;
			x->pid = i + 1;
			x->tgid = 4 * p + 1;
			strcpy(x->comm, "worker");
			x->mm = x->active_mm = (void *)mm;
			x->signal = (void *)sig;
			x->real_parent = x->parent = (void *)init;
			x->group_leader = (void *)TASK(4 * p);
			x->thread_node.next = (void *)ring[(j + 2) % 5];
			x->thread_node.prev = (void *)ring[j];
			x->tasks.next = x->tasks.prev = (void *)(TASK(i) + to); /* threads: not listed */
		}
		t[4 * p].tasks.next = (void *)pl[(2 + p) % (nproc + 1)];
		t[4 * p].tasks.prev = (void *)pl[p];
	}
	tk_write(tk, tasks, t, NT * sizeof(*t));
	struct list_head ih = { (void *)pl[1], (void *)pl[nproc] };
	tk_write(tk, init + to, &ih, sizeof(ih));
	free(t);
	free(pl);

	struct kernel *k = tk_open(tk);
	CHECK(k, "kernel_open: %s", k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		CHECK_DONE();
	}
	/* CPU time, not the clock: the bound is there to catch a walk that
	 * grows with the square of the tasks (seconds of CPU here), and the
	 * clock also counts the time other work on the machine took (1.1 to
	 * 1.4 s of it with the other core busy). */
	struct timespec t0, t1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	/* (The memory of each task, ktask_mem, is linux/mm's RSS, read
	 * through the real kernel, which this fake has none of.) */
	long n = ktask_count(k);
	uint64_t rss = 0;
	for (long i = 0; i < n; i++) {
		struct ktask_mem m;
		ktask_mem(k, ktask_at(k, (size_t)i), &m);
		rss += m.rss_kb;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(n == NT + 1, "%d tasks and the idle task (%ld)", NT, n);
	CHECK(ktask_by_pid(k, NT) && ktask_by_pid(k, NT)->tgid == NT - 3, "last thread's group");
	CHECK(rss == (uint64_t)NT * 40, "RSS of every task (%llu)", (unsigned long long)rss);
	struct ktask_unreadable u;
	CHECK(ktask_unreadable(k, &u) == 0 && u.n == 0, "every task read");
	CHECK(ms < 3000, "table and memory of %ld tasks in %.1f ms of CPU (< 3 s)", n, ms);
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
