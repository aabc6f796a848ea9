/* Run queues (sched.h). */
#include "kernel-types/linux/sched.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/walk.h"

#define MAX_RT_PRIO 100

/* Offsets probed once per kernel (kernel_state()); -1 when absent. */
struct sched_offs {
	long se, rt;		/* task_struct.se, .rt */
	long run_node, my_q;	/* sched_entity */
	long run_list, rt_my_q;	/* sched_rt_entity */
	long rq_rt, rq_cfs, rq_curr, rq_clock, tasks_timeline, rt_queue;
	long pid, prio, comm;	/* task_struct */
};

static const int offs_key;

static const struct sched_offs *offs(struct kernel *k)
{
	struct sched_offs *o = kernel_state(k, &offs_key);
	if (o)
		return o;
	o = xcalloc(1, sizeof(*o));
	o->se = kernel_offsetof(k, "struct task_struct", "se");
	o->rt = kernel_offsetof(k, "struct task_struct", "rt");
	o->run_node = kernel_offsetof(k, "struct sched_entity", "run_node");
	o->my_q = kernel_offsetof(k, "struct sched_entity", "my_q");
	o->run_list = kernel_offsetof(k, "struct sched_rt_entity", "run_list");
	o->rt_my_q = kernel_offsetof(k, "struct sched_rt_entity", "my_q");
	o->rq_rt = kernel_offsetof(k, "struct rq", "rt.active");
	o->rq_cfs = kernel_offsetof(k, "struct rq", "cfs");
	o->rq_curr = kernel_offsetof(k, "struct rq", "curr");
	o->rq_clock = kernel_offsetof(k, "struct rq", "clock");
	o->tasks_timeline = kernel_offsetof(k, "struct cfs_rq", "tasks_timeline");
	o->rt_queue = kernel_offsetof(k, "struct rt_prio_array", "queue");
	o->pid = kernel_offsetof(k, "struct task_struct", "pid");
	o->prio = kernel_offsetof(k, "struct task_struct", "prio");
	o->comm = kernel_offsetof(k, "struct task_struct", "comm");
	kernel_set_state(k, &offs_key, o, free);
	return o;
}

int ksched_probe(struct kernel *k)
{
	const struct sched_offs *o = offs(k);
	if (o->se < 0 || o->rt < 0 || o->run_node < 0 || o->run_list < 0) {
		err_set("this kernel's scheduler structures are not known");
		return -1;
	}
	return 0;
}

int ksched_rq(struct kernel *k, int cpu, struct ksched_rq *rq)
{
	const struct sched_offs *o = offs(k);
	memset(rq, 0, sizeof(*rq));
	if (kernel_percpu_symbol(k, "runqueues", cpu, &rq->rq) != 0)
		return -1;
	if (o->rq_curr >= 0)
		kernel_read_u64(k, rq->rq + (uint64_t)o->rq_curr, &rq->curr);
	if (o->rq_clock >= 0)
		kernel_read_u64(k, rq->rq + (uint64_t)o->rq_clock, &rq->clock);
	if (o->rq_rt >= 0) {
		rq->has_rt = true;
		rq->rt_array = rq->rq + (uint64_t)o->rq_rt;
	}
	if (o->rq_cfs >= 0 && o->tasks_timeline >= 0) {
		rq->has_cfs = true;
		rq->cfs_rq = rq->rq + (uint64_t)o->rq_cfs;
		rq->cfs_root = rq->cfs_rq + (uint64_t)o->tasks_timeline;
	}
	return 0;
}

uint64_t ksched_rq_clock(struct kernel *k, int cpu)
{
	struct ksched_rq rq;
	if (cpu < 0 || cpu >= kernel_nr_cpus(k) || ksched_rq(k, cpu, &rq))
		return 0;
	return rq.clock;
}

uint64_t ksched_now(struct kernel *k)
{
	uint64_t best = 0;
	for (int c = 0; c < kernel_nr_cpus(k); c++) {
		uint64_t v = ksched_rq_clock(k, c);
		if (v > best)
			best = v;
	}
	return best;
}

struct walk {
	struct kernel *k;
	const struct sched_offs *o;
	ksched_fn fn;
	void *arg;
	int depth;
};

static int task_entity(struct walk *w, uint64_t task)
{
	struct ksched_entity e = { .task = task, .depth = w->depth };
	uint32_t v;
	if (w->o->pid >= 0 && kernel_read_u32(w->k, task + (uint64_t)w->o->pid, &v) == 0)
		e.pid = (int)v;
	if (w->o->prio >= 0 && kernel_read_u32(w->k, task + (uint64_t)w->o->prio, &v) == 0)
		e.prio = (int)v;
	if (w->o->comm >= 0)
		kernel_read_string(w->k, task + (uint64_t)w->o->comm, e.comm, sizeof(e.comm));
	return w->fn(w->arg, &e);
}

static int cfs_queue(struct walk *w, uint64_t cfs);

static int cfs_entity(void *arg, uint64_t se)
{
	struct walk *w = arg;
	uint64_t q = 0;
	if (w->o->my_q >= 0 && kernel_read_u64(w->k, se + (uint64_t)w->o->my_q, &q) == 0 && q) {
		/* a task group's entity: its own runqueue holds the tasks */
		if (w->depth >= KSCHED_MAX_DEPTH)
			return 0;
		struct ksched_entity e = { .group = true, .grq = q, .depth = w->depth };
		int rc = w->fn(w->arg, &e);
		if (rc)
			return rc;
		w->depth++;
		rc = cfs_queue(w, q);
		w->depth--;
		return rc;
	}
	return task_entity(w, se - (uint64_t)w->o->se);
}

static int cfs_queue(struct walk *w, uint64_t cfs)
{
	if (w->o->tasks_timeline < 0) {
		err_set("struct cfs_rq has no tasks_timeline");
		return -1;
	}
	return kwalk_rbtree(w->k, cfs + (uint64_t)w->o->tasks_timeline, w->o->run_node, cfs_entity,
			    w);
}

int ksched_walk_cfs(struct kernel *k, const struct ksched_rq *rq, ksched_fn fn, void *arg)
{
	struct walk w = { k, offs(k), fn, arg, 0 };
	if (ksched_probe(k))
		return -1;
	return cfs_queue(&w, rq->cfs_rq);
}

static int rt_entity(void *arg, uint64_t rt_se)
{
	struct walk *w = arg;
	uint64_t q = 0;
	/* group rt entities have a my_q; tasks are what the rest embeds */
	if (w->o->rt_my_q >= 0 && kernel_read_u64(w->k, rt_se + (uint64_t)w->o->rt_my_q, &q) == 0 &&
	    q) {
		struct ksched_entity e = { .group = true, .grq = q, .depth = w->depth };
		return w->fn(w->arg, &e);
	}
	return task_entity(w, rt_se - (uint64_t)w->o->rt);
}

int ksched_walk_rt(struct kernel *k, const struct ksched_rq *rq, ksched_fn fn, void *arg)
{
	struct walk w = { k, offs(k), fn, arg, 0 };
	if (ksched_probe(k))
		return -1;
	if (w.o->rt_queue < 0) {
		err_set("struct rt_prio_array has no queue");
		return -1;
	}
	for (int p = 0; p < MAX_RT_PRIO; p++) {
		uint64_t head = rq->rt_array + (uint64_t)w.o->rt_queue + (uint64_t)p * 16;
		int rc = kwalk_list(k, head, w.o->run_list, false, rt_entity, &w);
		if (rc)
			return rc;
	}
	return 0;
}

int ksched_task_on_rq(struct kernel *k, uint64_t task)
{
	uint64_t v;
	int rc = kernel_read_member(k, task, "struct task_struct", "on_rq", &v);
	return rc ? -1 : v != 0;
}

int ksched_task_fair(struct kernel *k, uint64_t task)
{
	uint64_t cls, fair;
	if (kernel_symbol(k, "fair_sched_class", &fair) != 0) {
		err_set("fair_sched_class does not exist in this kernel");
		return -1;
	}
	if (kernel_read_member(k, task, "struct task_struct", "sched_class", &cls))
		return -1;
	return cls == fair;
}

int ksched_group(struct kernel *k, uint64_t grq, bool rt, uint64_t *tg, char *name, size_t len)
{
	uint64_t cg = 0, kn = 0, np = 0;
	if (len)
		name[0] = 0;
	if (kernel_read_member(k, grq, rt ? "struct rt_rq" : "struct cfs_rq", "tg", tg))
		return -1;
	/* the name is a nicety: a group without a cgroup or kernfs node has none */
	if (*tg && !kernel_read_member(k, *tg, "struct task_group", "css.cgroup", &cg) && cg &&
	    !kernel_read_member(k, cg, "struct cgroup", "kn", &kn) && kn &&
	    !kernel_read_member(k, kn, "struct kernfs_node", "name", &np) && np &&
	    kernel_read_string(k, np, name, len) < 0 && len)
		name[0] = 0;
	return 0;
}
