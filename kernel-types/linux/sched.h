/* The scheduler's run queues: each CPU's struct rq (runqueues), its
 * running task and clock, the real-time priority array and the CFS
 * red-black tree of runnable tasks, whose task-group entities lead to the
 * groups' own queues.  Members are probed in the DWARF types.
 *
 * Part of the public API through kernel-types/linux/linux.h. */
#ifndef CRASH_KERNEL_TYPES_LINUX_SCHED_H
#define CRASH_KERNEL_TYPES_LINUX_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel-types/kernel.h"

/* Whether this kernel's scheduler structures (task_struct.se and .rt,
 * sched_entity.run_node, sched_rt_entity.run_list) are known: 0, or -1
 * with err_get(). */
int ksched_probe(struct kernel *k);

/* One CPU's run queue. */
struct ksched_rq {
	uint64_t rq;		/* its struct rq */
	uint64_t curr;		/* rq->curr, 0 if unknown */
	uint64_t clock;		/* rq->clock (ns since boot), 0 if unknown */
	bool has_rt;		/* rq->rt.active, the RT priority array */
	uint64_t rt_array;
	bool has_cfs;		/* rq->cfs and its tasks_timeline */
	uint64_t cfs_rq, cfs_root;
};
/* 0, or -1 with err_get() (no run queue for that CPU). */
int ksched_rq(struct kernel *k, int cpu, struct ksched_rq *rq);
/* rq->clock of a CPU, 0 if unknown; the largest of every CPU's: the time
 * of the dump in ns since boot. */
uint64_t ksched_rq_clock(struct kernel *k, int cpu);
uint64_t ksched_now(struct kernel *k);

/* An entity queued on a run queue: a task, or a task group's entity
 * (whose own queue is grq). */
struct ksched_entity {
	bool group;
	uint64_t grq;		/* group: its cfs_rq or rt_rq */
	uint64_t task;		/* task: its task_struct ... */
	int pid, prio;		/* ... pid and prio */
	char comm[17];
	int depth;		/* groups above it (CFS: they are followed) */
};
/* Called for each entity in queue order; a non-zero return stops the
 * walk and is returned. */
typedef int (*ksched_fn)(void *arg, const struct ksched_entity *e);
/* The tasks of the RT priority array, priority by priority (a group's
 * entity is reported, not followed). */
int ksched_walk_rt(struct kernel *k, const struct ksched_rq *rq, ksched_fn fn, void *arg);
/* The CFS tree in its order, a group's entity followed by the entities of
 * its own queue (down to KSCHED_MAX_DEPTH groups deep). */
#define KSCHED_MAX_DEPTH 16
int ksched_walk_cfs(struct kernel *k, const struct ksched_rq *rq, ksched_fn fn, void *arg);

/* Whether a task is on a run queue (task->on_rq, which the idle tasks
 * have set too).  0 or 1, or -1 with err_get(). */
int ksched_task_on_rq(struct kernel *k, uint64_t task);
/* Whether a task is scheduled by CFS (task->sched_class is
 * fair_sched_class).  0 or 1, or -1 with err_get(). */
int ksched_task_fair(struct kernel *k, uint64_t task);
/* The task group whose queue the cfs_rq or rt_rq at grq is (grq->tg) and
 * that group's cgroup name (tg->css.cgroup->kn->name, "" for none) into
 * name.  0, or -1 with err_get(). */
int ksched_group(struct kernel *k, uint64_t grq, bool rt, uint64_t *tg, char *name, size_t len);

#endif
