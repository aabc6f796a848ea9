/* Scale of the task table: 10,000 tasks (2,500 processes of 4 threads
 * each, sharing an mm) built and measured as ps would, well under 1 s. */
#include <stdlib.h>
#include <time.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/tasks.h"
#include "kernel-types/tasks_kt.h"

#define BASE 0xffff888000000000ull
#define NT 10000
#define MEMSZ (0x20000 + NT * 0x200 + 0x80000)
#include "fake_tasks.h"
	/* task 0 is init_task; tasks 1..NT; groups of 4 share a signal
	 * struct and an mm (both after the tasks) */
	uint64_t extra = task(NT + 1);
	mk(0, 0, 0, 0, "swapper/0", 0, 0, 0, 0, 0);
	w64(task(0) + T_LEADER, task(0));
	int nproc = NT / 4;
	uint64_t *pl = calloc(nproc + 1, sizeof(*pl));
	pl[0] = task(0) + T_TASKS;
	for (int p = 0; p < nproc; p++) {
		uint64_t sig = extra + 0x40ull * p, mm = extra + 0x40ull * nproc + 0x40ull * p;
		uint64_t r[5];
		r[0] = sig;
		w64(mm, 100);
		w64(mm + 16, 10);
		for (int j = 0; j < 4; j++) {
			int i = 1 + 4 * p + j;
			mk(i, i, 1 + 4 * p, 0, "worker", 1, 0, mm, 0, sig);
			w64(task(i) + T_LEADER, task(1 + 4 * p));
			r[1 + j] = task(i) + T_TNODE;
		}
		ring(r, 5);
		pl[1 + p] = task(1 + 4 * p) + T_TASKS;
	}
	ring(pl, nproc + 1);
	free(pl);
	uint64_t ctl = extra + 0x80ull * nproc + 0x1000;
	w64(ctl, ctl + 0x1000);
	w64(ctl + 0x1100, task(1));
	w64(ctl + 0x1108, task(0));
	w32(ctl + 0x100, 1);
	mem[ctl + 0x200 - BASE] = 1;
	w64(ctl + 0x400, 100000);
	sym("init_task", task(0));
	sym("runqueues", 0x100);
	sym("__per_cpu_offset", ctl);
	sym("nr_cpu_ids", ctl + 0x100);
	sym("__cpu_online_mask", ctl + 0x200);
	sym("_totalram_pages", ctl + 0x400);

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* (The memory of each task, ktask_mem, is linux/mm's RSS, read
	 * through the real kernel, which this fake has none of.) */
	long n = ktask_count(k);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	CHECK(n == NT + 1, "%d tasks and the idle task (%ld)", NT, n);
	CHECK(ktask_by_pid(k, NT) && ktask_by_pid(k, NT)->tgid == NT - 3, "last thread's group");
	CHECK(ms < 1000, "table of %ld tasks in %.1f ms (< 1 s)", n, ms);
	ktasks_forget(k);
	CHECK_DONE();
}
