/* The "schedgrp" test kernel, for tests/unit/test_schedgrp.c: what runq
 * -g and -d ask of a task and a group queue (kernel/sched/sched.h):
 * task->on_rq, task->sched_class, and a cfs_rq's task group with its
 * cgroup's name; one group has no cgroup (the root's). */
#include "tk_kernel.h"

struct sched_class { int dummy; };
const struct sched_class fair_sched_class, idle_sched_class;

struct task_struct {
	int on_rq;
	const struct sched_class *sched_class;
	int prio;
};

struct kernfs_node { const char *name; };
struct cgroup { struct kernfs_node *kn; };
struct cgroup_subsys_state { struct cgroup *cgroup; };
struct task_group { struct cgroup_subsys_state css; };
struct cfs_rq { unsigned int nr_running; struct task_group *tg; int throttled; };
struct rt_rq { unsigned int rt_nr_running; int rt_throttled; struct task_group *tg; };

__direct struct task_struct t_fair = { .on_rq = 1, .sched_class = &fair_sched_class, .prio = 120 };
__direct struct task_struct t_idle = { .on_rq = 1, .sched_class = &idle_sched_class, .prio = 120 };
__direct struct task_struct t_asleep = { .on_rq = 0, .sched_class = &fair_sched_class, .prio = 120 };

__direct char kn_name[] = "machine.slice";
__direct struct kernfs_node kn = { .name = kn_name };
__direct struct cgroup cg = { .kn = &kn };
__direct struct task_group tg_machine = { .css = { .cgroup = &cg } };
struct task_group root_task_group;
__direct struct cfs_rq cfs_machine = { .nr_running = 1, .tg = &tg_machine, .throttled = 1 };
__direct struct cfs_rq cfs_root = { .tg = &root_task_group };
__direct struct rt_rq rt_machine = { .tg = &tg_machine };
