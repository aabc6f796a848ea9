/* The task table (kernel-types/tasks.c) over a small fake kernel: process
 * list, thread lists, pid xarray (a task only the idr knows), idle tasks
 * of an online and an offline CPU, run queue curr, panic_cpu, states, RSS
 * with per-thread caches, lookups, and a damaged (looping) list. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/tasks.h"
#include "kernel-types/tasks_kt.h"

#define BASE 0xffff888000000000ull
#define MEMSZ 0x20000
#include "fake_tasks.h"
	uint64_t sig = BASE + 0x8000;	/* 4 signal_structs, 0x40 apart */
	uint64_t mm = BASE + 0x9000;	/* one mm shared by pid 100's threads */
	/* tasks: 0 init_task (idle 0), 1 init (pid 1), 2 kthreadd (2),
	 * 3 idle of CPU 1 (offline), 4 proc 100 (leader), 5 thread 101,
	 * 6 zombie 102, 7 kworker idle 3, 8 task 103 only in the idr */
	mk(0, 0, 0, 0, "swapper/0", 0, 0, 0, 0, 0);
	mk(1, 1, 1, 0, "init", 1, 0, BASE + 0x9100, 0, sig);
	mk(2, 2, 2, 0, "kthreadd", 1, 0, 0, 0, sig + 0x40);
	mk(3, 0, 0, 0, "swapper/1", 0, 0, 0, 1, 0);
	mk(4, 100, 100, 1, "prog", 0, 0, mm, 1, sig + 0x80);
	mk(5, 101, 100, 1, "prog-thr", 2, 0, mm, 0, sig + 0x80);
	mk(6, 102, 102, 1, "dead", 0x80, 0x20, 0, 0, sig + 0xc0);
	mk(7, 3, 3, 2, "kworker/0:0", 0x402, 0, 0, 0, sig + 0x100);
	mk(8, 103, 103, 1, "new", 4, 0, 0, 0, 0);
	for (int i = 0; i < 9; i++)
		w64(task(i) + T_LEADER, task(i == 5 ? 4 : i));
	/* PF_KTHREAD on the idle tasks, kthreadd and the kworker */
	w32(task(0) + T_FLAGS, 0x00200000);
	w32(task(2) + T_FLAGS, 0x00200000);
	w32(task(3) + T_FLAGS, 0x00200000);
	w32(task(7) + T_FLAGS, 0x00200000);
	/* process list: init_task -> 1 -> 2 -> 100 -> 102 -> 3 */
	uint64_t pl[] = {task(0) + T_TASKS, task(1) + T_TASKS, task(2) + T_TASKS,
			 task(4) + T_TASKS, task(6) + T_TASKS, task(7) + T_TASKS};
	ring(pl, 6);
	/* thread lists: each signal_struct's thread_head */
	int leaders[] = {1, 2, 4, 6, 7};
	for (int j = 0; j < 5; j++) {
		uint64_t s = j == 2 ? sig + 0x80 : j < 2 ? sig + 0x40 * j : sig + 0x40 * (j + 0);
		if (j == 3) s = sig + 0xc0;
		if (j == 4) s = sig + 0x100;
		w64(task(leaders[j]) + T_SIGNAL, s);
		if (leaders[j] == 4) {
			uint64_t r[] = {s, task(4) + T_TNODE, task(5) + T_TNODE};
			ring(r, 3);
		} else {
			uint64_t r[] = {s, task(leaders[j]) + T_TNODE};
			ring(r, 2);
		}
	}
	/* pid xarray: one node of 64 slots; slot 103 -> struct pid -> task 8
	 * (pid 103 falls outside one node: put it at slot 39 instead, the idr
	 * index does not matter to the walk) */
	uint64_t ns = BASE + 0xa000, node = BASE + 0xa100, pid103 = BASE + 0xa400;
	w64(ns + 8, node | 2);
	w64(node + 0x28 + 8 * 39, pid103);
	w64(pid103 + 8, task(8) + T_PIDLINKS);
	/* per-cpu: runqueues at offset 0x100; CPU areas at 0xb000, 0xc000 */
	uint64_t pco = BASE + 0xd000;
	w64(pco, BASE + 0xb000);
	w64(pco + 8, BASE + 0xc000);
	w64(BASE + 0xb100, task(1));		/* cpu 0 curr: init */
	w64(BASE + 0xb108, task(0));
	w64(BASE + 0xc100, task(4));		/* cpu 1 curr: prog */
	w64(BASE + 0xc108, task(3));
	w32(BASE + 0xd100, 2);			/* nr_cpu_ids */
	mem[0xd200] = 1;			/* online mask: cpu 0 */
	w32(BASE + 0xd300, 0);			/* panic_cpu */
	w64(BASE + 0xd400, 1000);		/* _totalram_pages */
	/* mm: total_vm 50 pages; file 10, anon 20, swap 99, shmem 1; thread
	 * caches +2 anon (100), -1 file (101) */
	w64(mm, 50);
	w64(mm + 8, 10);
	w64(mm + 16, 20);
	w64(mm + 24, 99);
	w64(mm + 32, 1);
	w32(task(4) + T_RSS + 4, 2);
	w32(task(5) + T_RSS, (uint32_t)-1);
	sym("init_task", task(0));
	sym("init_pid_ns", ns);
	sym("runqueues", 0x100);
	sym("__per_cpu_offset", pco);
	sym("nr_cpu_ids", BASE + 0xd100);
	sym("__cpu_online_mask", BASE + 0xd200);
	sym("panic_cpu", BASE + 0xd300);
	sym("_totalram_pages", BASE + 0xd400);

	long n = ktask_count(k);
	CHECK(n == 9, "9 tasks (2 idle, 6 listed, 1 only in the idr): %ld", n);
	const struct ktask *t = ktask_at(k, 0);
	CHECK(t && t->idle && t->cpu == 0 && t->task == task(0), "first: idle of CPU 0");
	t = ktask_at(k, 1);
	CHECK(t && t->idle && t->cpu == 1 && !strcmp(t->comm, "swapper/1"),
	      "second: idle of offline CPU 1");
	CHECK(ktask_ncpus(k) == 2 && ktask_nonline(k) == 1 && !ktask_cpu_online(k, 1),
	      "2 CPUs, 1 online");
	t = ktask_by_pid(k, 101);
	CHECK(t && t->tgid == 100 && t->ppid == 1 && !strcmp(t->st, "UN"), "thread 101: tgid 100, ppid 1, UN");
	CHECK(t && ktask_leader(k, t)->pid == 100, "leader of 101 is 100");
	t = ktask_by_pid(k, 102);
	CHECK(t && !strcmp(t->st, "ZO") && !t->kthread, "zombie 102 is ZO, not a kernel thread");
	t = ktask_by_pid(k, 3);
	CHECK(t && !strcmp(t->st, "ID") && t->ppid == 2 && t->kthread,
	      "kworker: TASK_IDLE shows ID, ppid 2, kernel thread");
	t = ktask_by_pid(k, 103);
	CHECK(t && !strcmp(t->st, "ST") && !strcmp(t->comm, "new"), "task only in the pid idr found, ST");
	t = ktask_by_pid(k, 1);
	CHECK(t && t->active && !strcmp(t->st, "IN"), "init active on CPU 0");
	CHECK(ktask_active(k, 1) && ktask_active(k, 1)->pid == 100 && ktask_active(k, 1)->active,
	      "CPU 1 (offline) active task is 100, marked active");
	CHECK(ktask_panic(k) && ktask_panic(k)->pid == 1, "panic task: active task of panic_cpu");
	CHECK(ktask_idle(k, 1) && ktask_idle(k, 1)->task == task(3), "idle task of CPU 1");
	CHECK(ktask_by_addr(k, task(5)) && ktask_by_addr(k, task(5))->pid == 101, "lookup by address");
	CHECK(!ktask_by_addr(k, task(5) + 8), "unknown address refused");
	CHECK(!ktask_by_pid(k, 555), "unknown pid refused");
	char a[32];
	snprintf(a, sizeof(a), "%llx", (unsigned long long)task(4));
	CHECK(ktask_lookup(k, a) && ktask_lookup(k, a)->pid == 100, "lookup of a hex address");
	CHECK(ktask_lookup(k, "101") && ktask_lookup(k, "101")->pid == 101, "lookup of a pid");
	CHECK(ktask_by_comm(k, "prog", NULL) && ktask_by_comm(k, "prog", NULL)->pid == 100,
	      "lookup by comm");
	/* RSS, VSZ and %MEM (ktask_mem) are linux/mm's, read through the
	 * real kernel, which this fake has none of: test_tasks_seam.c and
	 * test_mm.c check them on the seam. */

	/* States straight from the raw values. */
	CHECK(!strcmp(ktask_state_name(k, 0, 0), "RU"), "0 is RU");
	CHECK(!strcmp(ktask_state_name(k, 8, 0), "TR"), "traced is TR");
	CHECK(!strcmp(ktask_state_name(k, 0x40, 0), "PA"), "parked is PA");
	CHECK(!strcmp(ktask_state_name(k, 0x80, 0x10), "DE"), "EXIT_DEAD is DE");
	CHECK(!strcmp(ktask_state_name(k, 0x800, 0), "NE"), "new is NE");

	/* A damaged process list that loops without returning to the head:
	 * the build ends, every reachable task once. */
	ktasks_forget(k);
	w64(task(6) + T_TASKS, task(2) + T_TASKS);
	n = ktask_count(k);
	CHECK(n == 8, "looping process list: ends, the 8 reachable tasks once (%ld)", n);
	/* Garbage next pointer: unreadable, the walk stops. */
	ktasks_forget(k);
	w64(task(2) + T_TASKS, 0x1234);
	n = ktask_count(k);
	CHECK(n >= 3, "unreadable list entry: the walk stops, idle tasks and idr remain (%ld)", n);
	ktasks_forget(k);
	CHECK_DONE();
}
