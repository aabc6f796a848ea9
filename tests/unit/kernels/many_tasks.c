/* The "many_tasks" test kernel, for the scale check of tests/unit/
 * test_mm.c: room for 10,000 tasks (2,500 processes of 4 threads, each
 * process with its signal_struct and mm), which the test links into the
 * process and thread lists at run time; 6.1's types (kernels/tasks.h).
 * init_task is the idle task of the one CPU; the pid idr is empty (the
 * task table finds the tasks through the lists). */
#include "tasks.h"

#define MANY_TASKS 10000
#define MANY_PROCS (MANY_TASKS / 4)

extern struct task_struct init_task;

static const char *const task_state_array[] __attribute__((used)) = {
	"R (running)", "S (sleeping)", "D (disk sleep)", "T (stopped)", "t (tracing stop)",
	"X (dead)", "Z (zombie)", "P (parked)", "I (idle)",
};

__direct struct task_struct many_tasks[MANY_TASKS];
__direct struct signal_struct many_signals[MANY_PROCS];
__direct struct mm_struct many_mms[MANY_PROCS];

struct signal_struct init_signals = {
	.nr_threads = 1, .thread_head = LIST_NODE(&init_task.thread_node, &init_task.thread_node),
};
__direct struct cred cred_root = { .usage = { 10 } };

struct task_struct init_task = {
	.__state = 0, .flags = PF_KTHREAD, .prio = 120,
	.tasks = LIST_HEAD_INIT(init_task.tasks),	/* the test links the processes */
	.real_parent = &init_task, .parent = &init_task, .group_leader = &init_task,
	.thread_node = LIST_NODE(&init_signals.thread_head, &init_signals.thread_head),
	.real_cred = &cred_root, .cred = &cred_root, .comm = "swapper/0", .signal = &init_signals,
};

struct pid_namespace init_pid_ns = { .child_reaper = &init_task };

DEFINE_PER_CPU(struct rq, runqueues) = {
	.nr_running = 1, .curr = &init_task, .idle = &init_task, .cpu = 0, .online = 1,
};

atomic_t panic_cpu = { 0 };
atomic_long_t _totalram_pages = { 1000000 };
