/* Scale of ps's memory columns on the test seam: 10,000 tasks (2,500
 * processes of 4 threads, each sharing an mm) linked into the
 * "many_tasks" test kernel (tests/unit/kernels/many_tasks.c, 6.1's
 * types) at run time, their table built and the memory of every task
 * (ktask_mem: linux/mm's RSS, with the per-task caches of the tasks that
 * share each mm) computed as ps does, through the real kernel_open(),
 * in well under a second of CPU time. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/linux/linux.h"
#include "kernels/tasks.h"
#include "testkernel.h"

#define MANY_TASKS 10000
static void run_scale(void)
{
	struct tk_opts o = { .ncpus = 1 };
	struct testkernel *tk = tk_new("many_tasks", &o);
	CHECK(tk, "scale: tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		return;
	uint64_t tasks = tk_symbol(tk, "many_tasks"), sigs = tk_symbol(tk, "many_signals");
	uint64_t mms = tk_symbol(tk, "many_mms"), init = tk_symbol(tk, "init_task");
	const uint64_t TS = sizeof(struct task_struct), SS = sizeof(struct signal_struct);
	const uint64_t MS = sizeof(struct mm_struct);
#define T(i) (tasks + (uint64_t)(i) * TS)
	uint64_t prev = init + offsetof(struct task_struct, tasks);
	for (int p = 0; p < MANY_TASKS / 4; p++) {
		uint64_t sig = sigs + (uint64_t)p * SS, mm = mms + (uint64_t)p * MS;
		uint64_t head = sig + offsetof(struct signal_struct, thread_head);
		uint64_t leader = T(4 * p);
		tk_write_u64(tk, mm + offsetof(struct mm_struct, total_vm), 100);
		tk_write_u64(tk, mm + offsetof(struct mm_struct, rss_stat.count[MM_ANONPAGES]), 10);
		tk_write_u32(tk, sig + offsetof(struct signal_struct, nr_threads), 4);
		uint64_t tprev = head;
		for (int j = 0; j < 4; j++) {
			uint64_t t = T(4 * p + j);
			uint64_t node = t + offsetof(struct task_struct, thread_node);
			tk_write_u32(tk, t + offsetof(struct task_struct, __state), 1);
			tk_write_u32(tk, t + offsetof(struct task_struct, pid), (uint32_t)(1 + 4 * p + j));
			tk_write_u32(tk, t + offsetof(struct task_struct, tgid), (uint32_t)(1 + 4 * p));
			tk_write(tk, t + offsetof(struct task_struct, comm), "worker", 7);
			tk_write_u64(tk, t + offsetof(struct task_struct, mm), mm);
			tk_write_u64(tk, t + offsetof(struct task_struct, real_parent), init);
			tk_write_u64(tk, t + offsetof(struct task_struct, parent), init);
			tk_write_u64(tk, t + offsetof(struct task_struct, group_leader), leader);
			tk_write_u64(tk, t + offsetof(struct task_struct, signal), sig);
			tk_write_u64(tk, t + offsetof(struct task_struct, real_cred),
				     tk_symbol(tk, "cred_root"));
			/* the thread list: head -> 4 threads -> head */
			tk_write_u64(tk, tprev, node);
			tk_write_u64(tk, node + 8, tprev);
			tprev = node;
			/* threads are not on the process list: their own */
			uint64_t tl = t + offsetof(struct task_struct, tasks);
			tk_write_u64(tk, tl, tl);
			tk_write_u64(tk, tl + 8, tl);
		}
		tk_write_u64(tk, tprev, head);
		tk_write_u64(tk, head + 8, tprev);
		/* the leader on the process list */
		uint64_t tl = leader + offsetof(struct task_struct, tasks);
		tk_write_u64(tk, prev, tl);
		tk_write_u64(tk, tl + 8, prev);
		prev = tl;
	}
	tk_write_u64(tk, prev, init + offsetof(struct task_struct, tasks));
	tk_write_u64(tk, init + offsetof(struct task_struct, tasks) + 8, prev);
#undef T
	struct kernel *k = tk_open(tk);
	CHECK(k, "scale: kernel_open: %s", k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		return;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	long n = ktask_count(k);
	uint64_t rss = 0;
	for (long i = 0; i < n; i++) {
		struct ktask_mem m;
		ktask_mem(k, ktask_at(k, (size_t)i), &m);
		rss += m.rss_kb;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(n == MANY_TASKS + 1, "scale: %d tasks and the idle task (%ld)", MANY_TASKS, n);
	CHECK(ktask_by_pid(k, MANY_TASKS) && ktask_by_pid(k, MANY_TASKS)->tgid == MANY_TASKS - 3,
	      "scale: last thread's group");
	CHECK(rss == (uint64_t)MANY_TASKS * 40, "scale: RSS of every task (%llu)",
	      (unsigned long long)rss);
	/* CPU time, as the other scale bounds: a loaded machine must not
	 * fail it */
	CHECK(ms < 1000, "scale: table and memory of %ld tasks in %.1f ms of CPU (< 1 s)", n, ms);
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	run_scale();
	CHECK_DONE();
}
