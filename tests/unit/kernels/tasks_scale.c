/* The "tasks_scale" test kernel, for tests/unit/test_tasks_scale.c: the
 * types of the "tasks" kernel (tasks.h) and room for 10,000 tasks, 2,500
 * signal_structs and mm_structs in the direct map, which the test links
 * into processes of four threads; init_task, one CPU's run queue, an empty
 * pid idr. */
#include "tasks.h"

#define NT 10000

__direct struct task_struct tk_tasks[NT];
__direct struct signal_struct tk_signals[NT / 4];
__direct struct mm_struct tk_mms[NT / 4];

struct signal_struct init_signals;
struct task_struct init_task = {
	.flags = PF_KTHREAD, .prio = 120, .comm = "swapper/0", .signal = &init_signals,
	.real_parent = &init_task, .parent = &init_task, .group_leader = &init_task,
};
struct cred init_cred;
struct pid_namespace init_pid_ns;
DEFINE_PER_CPU(struct rq, runqueues) = { .curr = &tk_tasks[0], .idle = &init_task, .online = 1 };
atomic_t panic_cpu = { 0 };
atomic_long_t _totalram_pages = { 100000 };
int nr_threads = NT;
