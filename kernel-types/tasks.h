/* The task table: every task of the crashed kernel, built once per session
 * from the kernel's own structures and shared by every command that takes
 * a task (ps, task, bt, vm, files, foreach, set ...).
 *
 * Sources, cross-checked: the pid idr of the init pid namespace
 * (init_pid_ns.idr), the process list (init_task.tasks) with each thread
 * group's thread list (signal->thread_head, or thread_group on older
 * kernels), and one idle task per possible CPU from the run queues (also
 * for offline CPUs).  Members are probed in the DWARF types, never chosen
 * by kernel version.
 *
 * Order of the table: pid ascending; the idle tasks (pid 0) first, by CPU.
 * Pointers returned stay valid until ktasks_forget(k) / kernel_close(). */
#ifndef CRASH_KERNEL_TYPES_TASKS_H
#define CRASH_KERNEL_TYPES_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kernel-types/kernel.h"

#define KTASK_COMM_LEN 16

struct ktask {
	uint64_t task;		/* task_struct address */
	uint64_t mm;		/* task->mm; 0 for kernel threads */
	uint64_t parent;	/* task_struct of real_parent (crash's PPID) */
	uint64_t group_leader;	/* task_struct of the thread group leader */
	int pid;		/* thread id */
	int tgid;		/* thread group id */
	int ppid;		/* pid of real_parent */
	int cpu;		/* CPU the task last ran on */
	uint64_t state;		/* raw __state (or state) */
	uint64_t exit_state;	/* raw exit_state */
	unsigned long flags;	/* task->flags (PF_KTHREAD ...) */
	uint64_t last_run;	/* sched_info.last_arrival (ns), or 0 */
	unsigned int policy;	/* scheduling policy */
	int prio;		/* task->prio */
	uint32_t uid;		/* real uid from cred, or 0 */
	char comm[KTASK_COMM_LEN + 1];
	const char *st;		/* crash's two-letter state: RU IN UN ... */
	bool kthread;		/* PF_KTHREAD (or no mm): shown in brackets */
	bool idle;		/* one CPU's idle task (pid 0) */
	bool active;		/* running on some CPU at the time of the dump */
	unsigned index;		/* position in the table */
};

/* Build (once) and return the table size; -1 with err_get() when the
 * kernel's task structures cannot be read at all. */
long ktask_count(struct kernel *k);
/* The i-th task in table order, or NULL. */
const struct ktask *ktask_at(struct kernel *k, size_t i);
/* Lookups; NULL with err_set() when not found.  ktask_by_pid(k, 0) is the
 * idle task of CPU 0 (use ktask_idle() for the others). */
const struct ktask *ktask_by_pid(struct kernel *k, int pid);
const struct ktask *ktask_by_addr(struct kernel *k, uint64_t task);
/* Next task whose comm is exactly comm after `after` (NULL: first). */
const struct ktask *ktask_by_comm(struct kernel *k, const char *comm,
				  const struct ktask *after);
/* A decimal pid or a hex task address, as `set`, `task`, `bt` accept it. */
const struct ktask *ktask_lookup(struct kernel *k, const char *arg);

/* Number of possible CPUs (size of the per-CPU tables) and online CPUs. */
int ktask_ncpus(struct kernel *k);
int ktask_nonline(struct kernel *k);
bool ktask_cpu_online(struct kernel *k, int cpu);
/* The task running on cpu when the dump was taken (run queue `curr`), and
 * the CPU's idle task. */
const struct ktask *ktask_active(struct kernel *k, int cpu);
const struct ktask *ktask_idle(struct kernel *k, int cpu);
/* The task that panicked: the active task of panic_cpu (or of the CPU
 * whose notes/stack show the crash); NULL when it cannot be told. */
const struct ktask *ktask_panic(struct kernel *k);

/* The thread group leader of t (itself for a leader). */
const struct ktask *ktask_leader(struct kernel *k, const struct ktask *t);

/* Memory use as ps shows it. */
struct ktask_mem {
	uint64_t rss_kb;	/* file + anon + shmem pages, in KiB */
	uint64_t vsz_kb;	/* mm->total_vm, in KiB */
	double pct;		/* rss / total RAM * 100 */
};
int ktask_mem(struct kernel *k, const struct ktask *t, struct ktask_mem *m);

/* Crash's state name from the raw values (exposed for tests). */
const char *ktask_state_name(struct kernel *k, uint64_t state, uint64_t exit_state);

/* Crash's context block:
 *      PID: 1
 *  COMMAND: "init"
 *     TASK: ffff888003ac0000  [THREAD_INFO: ffff888003ac0000]
 *      CPU: 0
 *    STATE: TASK_RUNNING (PANIC)
 */
void tasks_print_context(struct kernel *k, FILE *out, uint64_t task);
/* crash's one-line header: PID: 1  TASK: ...  CPU: 0  COMMAND: "init" */
void tasks_print_header(struct kernel *k, FILE *out, const struct ktask *t);

/* Drop the cached table of k (call before kernel_close()). */
void ktasks_forget(struct kernel *k);

#endif
