/* The "tasks" test kernel, for tests/unit/test_tasks_seam.c: the task
 * table's sources as a 6.1 kernel has them.
 *
 *   init_task (pid 0, idle of CPU 0, image)      task_idle1 (pid 0, idle of CPU 1)
 *   process list: init_task -> init (1) -> kthreadd (2) -> prog (100)
 *                 -> dead (102, zombie) -> kworker/0:0 (3)
 *   threads:      prog (100) and prog-thr (101) on one signal_struct
 *   pid idr:      1, 2, 3, 100, 101, 102 and 103 ("new", on no list),
 *                 two levels (0-63, 64-127)
 *   runqueues:    CPU 0 runs init, CPU 1 runs prog
 * Everything but init_task and its signal_struct is in the direct map, as
 * slab objects are; prog, prog-thr, dead and kworker/0:0 each alone in a
 * page, which a test can leave out of the dump. */
#include "tasks.h"

#define TASK(var) extern struct task_struct var
TASK(task_init); TASK(task_kthreadd); TASK(task_kworker); TASK(task_prog);
TASK(task_prog_thr); TASK(task_dead); TASK(task_new); TASK(task_idle1); TASK(init_task);
extern struct signal_struct sig_init, sig_kthreadd, sig_kworker, sig_prog, sig_dead;
extern struct pid pid_1, pid_2, pid_3, pid_100, pid_101, pid_102, pid_103;
extern struct mm_struct mm_init, mm_prog;
extern struct cred cred_root, cred_user;
extern struct xa_node pid_xa_root, pid_xa_0, pid_xa_1;
extern struct pid_namespace init_pid_ns;

/* The pid_links[PIDTYPE_PID] of a task on struct pid p. */
#define PID_LINK(p) { [PIDTYPE_PID] = { .next = 0, .pprev = &(p).tasks[PIDTYPE_PID].first } }
#define PID(name, nr, task)                                                              \
	__direct struct pid name = {                                                     \
		.count = { { 1 } },                                                       \
		.tasks = { [PIDTYPE_PID] = { &(task).pid_links[PIDTYPE_PID] } },          \
		.numbers = { { (nr), &init_pid_ns } },                                    \
	}

/* fs/proc/array.c: tasks.c learns the state bits from it */
static const char *const task_state_array[] __attribute__((used)) = {
	"R (running)", "S (sleeping)", "D (disk sleep)", "T (stopped)", "t (tracing stop)",
	"X (dead)", "Z (zombie)", "P (parked)", "I (idle)",
};

struct signal_struct init_signals = {
	.nr_threads = 1, .thread_head = LIST_NODE(&init_task.thread_node, &init_task.thread_node),
};

struct task_struct init_task = {
	.thread_info = { .cpu = 0 }, .__state = 0, .flags = PF_KTHREAD, .prio = 120,
	.tasks = LIST_NODE(&task_init.tasks, &task_kworker.tasks),
	.pid = 0, .tgid = 0, .real_parent = &init_task, .parent = &init_task,
	.group_leader = &init_task,
	.thread_node = LIST_NODE(&init_signals.thread_head, &init_signals.thread_head),
	.real_cred = &cred_root, .cred = &cred_root, .comm = "swapper/0", .signal = &init_signals,
};

/* The idle task of CPU 1: on no list, in no pid idr. */
__direct struct task_struct task_idle1 = {
	.thread_info = { .cpu = 1 }, .__state = 0, .flags = PF_KTHREAD, .prio = 120,
	.tasks = LIST_NODE(&task_idle1.tasks, &task_idle1.tasks),
	.real_parent = &init_task, .parent = &init_task, .group_leader = &task_idle1,
	.thread_node = LIST_NODE(&task_idle1.thread_node, &task_idle1.thread_node),
	.real_cred = &cred_root, .cred = &cred_root, .comm = "swapper/1",
};

__direct struct task_struct task_init = {
	.thread_info = { .cpu = 0 }, .__state = 1, .prio = 120,
	.tasks = LIST_NODE(&task_kthreadd.tasks, &init_task.tasks),
	.mm = &mm_init, .active_mm = &mm_init, .pid = 1, .tgid = 1,
	.real_parent = &init_task, .parent = &init_task, .group_leader = &task_init,
	.pid_links = PID_LINK(pid_1),
	.thread_node = LIST_NODE(&sig_init.thread_head, &sig_init.thread_head),
	.real_cred = &cred_root, .cred = &cred_root, .comm = "init", .signal = &sig_init,
};

__direct struct task_struct task_kthreadd = {
	.thread_info = { .cpu = 0 }, .__state = 1, .flags = PF_KTHREAD, .prio = 120,
	.tasks = LIST_NODE(&task_prog.tasks, &task_init.tasks),
	.pid = 2, .tgid = 2, .real_parent = &init_task, .parent = &init_task,
	.group_leader = &task_kthreadd, .pid_links = PID_LINK(pid_2),
	.thread_node = LIST_NODE(&sig_kthreadd.thread_head, &sig_kthreadd.thread_head),
	.real_cred = &cred_root, .cred = &cred_root, .comm = "kthreadd", .signal = &sig_kthreadd,
};

__direct __page_aligned struct task_struct task_prog = {
	.thread_info = { .cpu = 1 }, .__state = 0, .prio = 120, .policy = 0,
	.sched_info = { .last_arrival = 5000000000ull },
	.tasks = LIST_NODE(&task_dead.tasks, &task_kthreadd.tasks),
	.mm = &mm_prog, .active_mm = &mm_prog,
	.rss_stat = { .count = { [MM_ANONPAGES] = 2 } },	/* not yet in the mm */
	.pid = 100, .tgid = 100, .real_parent = &task_init, .parent = &task_init,
	.group_leader = &task_prog, .pid_links = PID_LINK(pid_100),
	.thread_node = LIST_NODE(&task_prog_thr.thread_node, &sig_prog.thread_head),
	.real_cred = &cred_user, .cred = &cred_user, .comm = "prog", .signal = &sig_prog,
};

__direct __page_aligned struct task_struct task_prog_thr = {
	.thread_info = { .cpu = 0 }, .__state = 2, .prio = 120,
	.tasks = LIST_NODE(&task_prog_thr.tasks, &task_prog_thr.tasks),	/* threads are not on it */
	.mm = &mm_prog, .active_mm = &mm_prog,
	.rss_stat = { .count = { [MM_FILEPAGES] = -1 } },
	.pid = 101, .tgid = 100, .real_parent = &task_init, .parent = &task_init,
	.group_leader = &task_prog, .pid_links = PID_LINK(pid_101),
	.thread_node = LIST_NODE(&sig_prog.thread_head, &task_prog.thread_node),
	.real_cred = &cred_user, .cred = &cred_user, .comm = "prog-thr", .signal = &sig_prog,
};

/* TASK_DEAD, EXIT_ZOMBIE: a process that exited, not yet reaped. */
__direct __page_aligned struct task_struct task_dead = {
	.thread_info = { .cpu = 0 }, .__state = 0x80, .exit_state = 0x20, .prio = 120,
	.tasks = LIST_NODE(&task_kworker.tasks, &task_prog.tasks),
	.pid = 102, .tgid = 102, .real_parent = &task_init, .parent = &task_init,
	.group_leader = &task_dead, .pid_links = PID_LINK(pid_102),
	.thread_node = LIST_NODE(&sig_dead.thread_head, &sig_dead.thread_head),
	.real_cred = &cred_user, .cred = &cred_user, .comm = "dead", .signal = &sig_dead,
};

/* TASK_IDLE (TASK_UNINTERRUPTIBLE | TASK_NOLOAD) */
__direct __page_aligned struct task_struct task_kworker = {
	.thread_info = { .cpu = 0 }, .__state = 0x402, .flags = PF_KTHREAD, .prio = 100,
	.tasks = LIST_NODE(&init_task.tasks, &task_dead.tasks),
	.pid = 3, .tgid = 3, .real_parent = &task_kthreadd, .parent = &task_kthreadd,
	.group_leader = &task_kworker, .pid_links = PID_LINK(pid_3),
	.thread_node = LIST_NODE(&sig_kworker.thread_head, &sig_kworker.thread_head),
	.real_cred = &cred_root, .cred = &cred_root, .comm = "kworker/0:0", .signal = &sig_kworker,
};

/* Stopped, and in the pid idr only (being set up when the dump was taken). */
__direct struct task_struct task_new = {
	.thread_info = { .cpu = 0 }, .__state = 4, .prio = 120,
	.tasks = LIST_NODE(&task_new.tasks, &task_new.tasks),
	.pid = 103, .tgid = 103, .real_parent = &task_init, .parent = &task_init,
	.group_leader = &task_new, .pid_links = PID_LINK(pid_103),
	.thread_node = LIST_NODE(&task_new.thread_node, &task_new.thread_node),
	.real_cred = &cred_user, .cred = &cred_user, .comm = "new",
};

#define SIGNAL(name, task)                                                               \
	__direct struct signal_struct name = {                                           \
		.nr_threads = 1,                                                          \
		.thread_head = LIST_NODE(&(task).thread_node, &(task).thread_node),       \
	}
SIGNAL(sig_init, task_init);
SIGNAL(sig_kthreadd, task_kthreadd);
SIGNAL(sig_kworker, task_kworker);
SIGNAL(sig_dead, task_dead);
__direct struct signal_struct sig_prog = {
	.nr_threads = 2, .thread_head = LIST_NODE(&task_prog.thread_node, &task_prog_thr.thread_node),
};

__direct struct cred cred_root = { .usage = { 10 } };
__direct struct cred cred_user = { .usage = { 4 }, .uid = { 1000 }, .gid = { 1000 },
				   .euid = { 1000 }, .egid = { 1000 } };

__direct struct mm_struct mm_init = { .total_vm = 300, .rss_stat = { { { 40 }, { 60 } } } };
/* file 10, anon 20, swap entries 99, shmem 1 */
__direct struct mm_struct mm_prog = {
	.mm_users = { 2 }, .total_vm = 50, .rss_stat = { { { 10 }, { 20 }, { 99 }, { 1 } } },
};

PID(pid_1, 1, task_init);
PID(pid_2, 2, task_kthreadd);
PID(pid_3, 3, task_kworker);
PID(pid_100, 100, task_prog);
PID(pid_101, 101, task_prog_thr);
PID(pid_102, 102, task_dead);
PID(pid_103, 103, task_new);

struct pid_namespace init_pid_ns = {
	.idr = { .idr_rt = { .xa_head = XA_NODE(&pid_xa_root) }, .idr_next = 104 },
	.pid_allocated = 7, .child_reaper = &task_init,
};
__direct struct xa_node pid_xa_root = {
	.shift = 6, .count = 2, .array = &init_pid_ns.idr.idr_rt,
	.slots = { XA_NODE(&pid_xa_0), XA_NODE(&pid_xa_1) },
};
__direct struct xa_node pid_xa_0 = {
	.offset = 0, .count = 3, .parent = &pid_xa_root, .array = &init_pid_ns.idr.idr_rt,
	.slots = { [1] = &pid_1, [2] = &pid_2, [3] = &pid_3 },
};
__direct struct xa_node pid_xa_1 = {
	.offset = 1, .count = 4, .parent = &pid_xa_root, .array = &init_pid_ns.idr.idr_rt,
	.slots = { [100 - 64] = &pid_100, [101 - 64] = &pid_101, [102 - 64] = &pid_102,
		   [103 - 64] = &pid_103 },
};

DEFINE_PER_CPU(struct rq, runqueues) = {
	.nr_running = 1, .curr = &task_init, .idle = &init_task, .cpu = 0, .online = 1,
};
PER_CPU_INIT(1, runqueues) = {
	.nr_running = 1, .curr = &task_prog, .idle = &task_idle1, .cpu = 1, .online = 0,
};

atomic_t panic_cpu = { 0 };
int nr_threads = 7;		/* kernel/fork.c: every task but the idle ones */
struct kmem_cache { int size; } task_struct_cachep_obj = { sizeof(struct task_struct) };
struct kmem_cache *task_struct_cachep = &task_struct_cachep_obj;
atomic_long_t _totalram_pages = { 1000 };
