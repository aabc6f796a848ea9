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
 * The table is kept with the kernel (kernel_state()); pointers returned
 * stay valid until kernel_close().
 *
 * A task the walk knows of (a list, the pid idr, a run queue or a parent
 * pointer points at it) but cannot read is not in the table: it is
 * counted by ktask_unreadable(), with why, for the commands to report. */
#ifndef CRASH_KERNEL_TYPES_LINUX_TASKS_H
#define CRASH_KERNEL_TYPES_LINUX_TASKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* The task running on cpu when the dump was taken (run queue `curr`), and
 * the CPU's idle task. */
const struct ktask *ktask_active(struct kernel *k, int cpu);
const struct ktask *ktask_idle(struct kernel *k, int cpu);
/* crash's set -a: task becomes the active one of its CPU (ktask.cpu), the
 * CPU's former one no longer is, and on panic_cpu it is the panic task.
 * 0, or -1 with err_set(). */
int ktask_set_active(struct kernel *k, uint64_t task);
/* The task that panicked: the active task of panic_cpu (or of the CPU
 * whose notes/stack show the crash); NULL when it cannot be told. */
const struct ktask *ktask_panic(struct kernel *k);
/* The CPU that called panic() (panic_cpu), -1 when none did. */
int ktask_panic_cpu(struct kernel *k);

/* The thread group leader of t (itself for a leader). */
const struct ktask *ktask_leader(struct kernel *k, const struct ktask *t);

/* Memory use as ps shows it. */
struct ktask_mem {
	uint64_t rss_kb;	/* file + anon + shmem pages, in KiB */
	uint64_t vsz_kb;	/* mm->total_vm, in KiB */
	double pct;		/* rss / total RAM * 100 */
};
int ktask_mem(struct kernel *k, const struct ktask *t, struct ktask_mem *m);
/* Pages of RAM the kernel manages (present pages of every node, else
 * totalram_pages): what %MEM is a share of. */
uint64_t ktask_total_pages(struct kernel *k);

/* Where a task's struct thread_info is: inside the task_struct
 * (THREAD_INFO_IN_TASK, current x86_64 kernels) or at the base of its
 * stack (older ones); 0 when it has none. */
uint64_t ktask_thread_info(struct kernel *k, uint64_t task);
/* What bt -v checks at the base of a task's kernel stack: the task
 * pointer of a thread_info kept there (older kernels), thread_info.cpu,
 * and STACK_END_MAGIC in the lowest word past it.  Returns 1 for a task
 * without a stack (exited), else 0 with e filled. */
struct ktask_stack_end {
	bool task_bad;		/* thread_info.task is another task: task_seen */
	uint64_t task_seen;
	bool cpu_bad;		/* thread_info.cpu is no valid CPU: cpu_seen */
	uint32_t cpu_seen;
	bool magic_bad;		/* the word at magic_addr is magic_seen */
	uint64_t magic_addr, magic_seen;
};
int ktask_stack_end(struct kernel *k, uint64_t task, struct ktask_stack_end *e);

/* Times of a task (ps -t): start_time (ns since boot), utime and stime
 * (ns); 0 where the kernel has no such member. */
struct ktask_times {
	uint64_t start_time, utime, stime;
};
int ktask_times(struct kernel *k, const struct ktask *t, struct ktask_times *tm);

/* Resource limits of a task (signal->rlim): current and maximum of each,
 * RLIM_INFINITY as ~0.  0, or -1 when the task has none (no signal). */
#define KTASK_NRLIMITS 16
int ktask_rlimits(struct kernel *k, const struct ktask *t, uint64_t lim[KTASK_NRLIMITS][2]);

/* The argument or environment strings of a user task (ps -a), from its
 * user memory (mm->arg_start .. arg_end, env_start .. env_end). */
enum { KTASK_STRINGS_OK, KTASK_STRINGS_UNAVAILABLE, KTASK_STRINGS_NOT_IN_DUMP };
struct ktask_strings {
	int status;		/* KTASK_STRINGS_* */
	char *buf;		/* len bytes of NUL-separated strings (free()) */
	size_t len;
};
/* 0, or -1 when the kernel's mm_struct lacks those members. */
int ktask_args(struct kernel *k, const struct ktask *t, struct ktask_strings *arg,
	       struct ktask_strings *env);

/* Crash's state name from the raw values (exposed for tests). */
const char *ktask_state_name(struct kernel *k, uint64_t state, uint64_t exit_state);

/* Tasks the walk knew of but could not read, by why (a negative enum
 * kernel_read_error of the first read that failed), and those it could
 * not reach because only unreadable ones lead to them. */
struct ktask_unreadable {
	long n;			/* all of them */
	long excluded;		/* in pages the dump excluded (KREAD_EXCLUDED) */
	long not_in_dump;	/* in pages the dump does not have (KREAD_NOT_RAM:
				   a filtered ELF dump leaves them out) */
	long unreached;		/* not reached at all: only unreadable ones lead
				   to them (the kernel's nr_threads counts them) */
	bool slab;		/* task_structs are slab objects, which no dump
				   level excludes */
	int dump_level;		/* the dump's makedumpfile -d, -1 if unknown */
};
/* Builds the table if needed; 0, or -1 when there is no table. */
int ktask_unreadable(struct kernel *k, struct ktask_unreadable *u);

#endif
