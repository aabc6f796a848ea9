/* Types of the "tasks" test kernel (tasks.c): the members of 6.1's
 * task_struct, signal_struct, cred, pid, pid_namespace, mm_struct and rq
 * that kernel-types/tasks.c probes, in the kernel's order.  Shared with
 * tests/unit/test_tasks_seam.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_TASKS_H
#define CRASH_TESTS_KERNELS_TASKS_H

#include "tk_kernel.h"

#define PF_KTHREAD 0x00200000
#define TASK_COMM_LEN 16

enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES, NR_MM_COUNTERS };
enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX };

typedef int tk_pid_t;	/* pid_t, without clashing with the test's <sys/types.h> */
typedef struct { unsigned int val; } kuid_t;
typedef struct { unsigned int val; } kgid_t;

struct thread_info {
	unsigned long flags;
	unsigned long syscall_work;
	u32 status;
	u32 cpu;
};

struct sched_info {
	unsigned long pcount;
	unsigned long long run_delay;
	unsigned long long last_arrival;
	unsigned long long last_queued;
};

struct task_rss_stat {
	int events;
	int count[NR_MM_COUNTERS];
};

struct mm_rss_stat {
	atomic_long_t count[NR_MM_COUNTERS];
};

struct cred {
	atomic_t usage;
	kuid_t uid;
	kgid_t gid;
	kuid_t suid;
	kgid_t sgid;
	kuid_t euid;
	kgid_t egid;
};

struct mm_struct {
	unsigned long mmap_base;
	unsigned long task_size;
	unsigned long *pgd;
	atomic_t mm_users;
	atomic_t mm_count;
	int map_count;
	unsigned long hiwater_rss;
	unsigned long hiwater_vm;
	unsigned long total_vm;
	unsigned long locked_vm;
	struct mm_rss_stat rss_stat;
};

struct signal_struct {
	refcount_t sigcnt;
	atomic_t live;
	int nr_threads;
	struct list_head thread_head;
};

/* 6.1 also has thread_group (removed in 6.7); tasks.c prefers the
 * signal->thread_head / thread_node lists, which are all this kernel has. */
struct task_struct {
	struct thread_info thread_info;
	unsigned int __state;
	void *stack;
	refcount_t usage;
	unsigned int flags;
	unsigned int ptrace;
	int on_cpu;
	int prio;
	int static_prio;
	int normal_prio;
	unsigned int rt_priority;
	struct sched_info sched_info;
	unsigned int policy;
	struct list_head tasks;
	struct mm_struct *mm;
	struct mm_struct *active_mm;
	struct task_rss_stat rss_stat;
	int exit_state;
	int exit_code;
	int exit_signal;
	tk_pid_t pid;
	tk_pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct task_struct *group_leader;
	struct hlist_node pid_links[PIDTYPE_MAX];
	struct list_head thread_node;
	const struct cred *real_cred;
	const struct cred *cred;
	char comm[TASK_COMM_LEN];
	struct signal_struct *signal;
};

struct pid_namespace;

struct upid {
	int nr;
	struct pid_namespace *ns;
};

struct pid {
	refcount_t count;
	unsigned int level;
	spinlock_t lock;
	struct hlist_head tasks[PIDTYPE_MAX];
	struct hlist_head inodes;
	struct rcu_head rcu;
	struct upid numbers[1];
};

struct pid_namespace {
	struct idr idr;
	struct rcu_head rcu;
	unsigned int pid_allocated;
	struct task_struct *child_reaper;
	unsigned int level;
};

struct rq {
	raw_spinlock_t __lock;
	unsigned int nr_running;
	unsigned long nr_switches;
	struct task_struct *curr;
	struct task_struct *idle;
	struct task_struct *stop;
	int cpu;
	int online;
};

#endif
