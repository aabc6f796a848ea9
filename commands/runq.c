/* runq: each CPU's run queue: the running task, the real-time priority
 * array and the CFS red-black tree of runnable tasks (group scheduling
 * entities expanded into their own queues). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/tasks.h"
#include "kernel-types/walk.h"

/* Nested task groups deeper than this are not followed. */
#define MAX_GROUP_DEPTH 16
#define MAX_RT_PRIO 100

struct runq {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	long se_off;		/* task_struct.se */
	long rt_off;		/* task_struct.rt */
	long run_node;		/* sched_entity.run_node */
	long my_q;		/* sched_entity.my_q, -1 without group scheduling */
	long run_list;		/* sched_rt_entity.run_list */
	int depth;
	int n;
};

static void task_line(struct runq *r, uint64_t task, const char *indent)
{
	char comm[17] = "";
	uint64_t pid = 0, prio = 0;
	long co = kernel_offsetof(r->k, "struct task_struct", "comm");

	kernel_read_member(r->k, task, "struct task_struct", "pid", &pid);
	kernel_read_member(r->k, task, "struct task_struct", "prio", &prio);
	if (co >= 0)
		kernel_read_string(r->k, task + (uint64_t)co, comm, sizeof(comm));
	fprintf(r->out, "%s[%3d] PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\"\n", indent, (int)prio,
		(int)pid, task, comm);
}

static int cfs_rq(struct runq *r, uint64_t cfs, const char *indent);

static int cfs_entity(void *arg, uint64_t se)
{
	struct runq *r = arg;
	uint64_t q = 0;
	if (crash_interrupted())
		return 1;
	if (r->my_q >= 0 && kernel_read_u64(r->k, se + (uint64_t)r->my_q, &q) == 0 && q) {
		/* a task group's entity: its own runqueue holds the tasks */
		if (r->depth >= MAX_GROUP_DEPTH)
			return 0;
		r->depth++;
		fprintf(r->out, "     [group cfs_rq: %" PRIx64 "]\n", q);
		int rc = cfs_rq(r, q, "     ");
		r->depth--;
		return rc;
	}
	task_line(r, se - (uint64_t)r->se_off, "     ");
	r->n++;
	return 0;
}

static int cfs_rq(struct runq *r, uint64_t cfs, const char *indent)
{
	long tl = kernel_offsetof(r->k, "struct cfs_rq", "tasks_timeline");
	int before = r->n;
	(void)indent;
	if (tl < 0) {
		err_set("struct cfs_rq has no tasks_timeline");
		return -1;
	}
	if (kwalk_rbtree(r->k, cfs + (uint64_t)tl, r->run_node, cfs_entity, r) < 0)
		return -1;
	if (r->n == before && !r->depth)
		fprintf(r->out, "     [no tasks queued]\n");
	return 0;
}

struct rt_ctx {
	struct runq *r;
};

static int rt_entity(void *arg, uint64_t rt_se)
{
	struct runq *r = arg;
	if (crash_interrupted())
		return 1;
	/* group rt entities have a my_q; tasks are what the rest embeds */
	long myq = kernel_offsetof(r->k, "struct sched_rt_entity", "my_q");
	uint64_t q = 0;
	if (myq >= 0 && kernel_read_u64(r->k, rt_se + (uint64_t)myq, &q) == 0 && q) {
		fprintf(r->out, "     [group rt_rq: %" PRIx64 "]\n", q);
		return 0;
	}
	task_line(r, rt_se - (uint64_t)r->rt_off, "     ");
	r->n++;
	return 0;
}

static int rt_array(struct runq *r, uint64_t array)
{
	long qo = kernel_offsetof(r->k, "struct rt_prio_array", "queue");
	int before = r->n;
	if (qo < 0) {
		err_set("struct rt_prio_array has no queue");
		return -1;
	}
	for (int p = 0; p < MAX_RT_PRIO; p++) {
		uint64_t head = array + (uint64_t)qo + (uint64_t)p * 16;
		if (kwalk_list(r->k, head, r->run_list, false, rt_entity, r) < 0)
			return -1;
	}
	if (r->n == before)
		fprintf(r->out, "     [no tasks queued]\n");
	return 0;
}

static int one_cpu(struct runq *r, int cpu, bool first)
{
	uint64_t rq, curr = 0;
	long rt = kernel_offsetof(r->k, "struct rq", "rt.active");
	long cfs = kernel_offsetof(r->k, "struct rq", "cfs");
	long tl = kernel_offsetof(r->k, "struct cfs_rq", "tasks_timeline");

	if (kernel_percpu_symbol(r->k, "runqueues", cpu, &rq) != 0)
		return -1;
	if (!first)
		fputc('\n', r->out);
	fprintf(r->out, "CPU %d RUNQUEUE: %" PRIx64 "\n", cpu, rq);
	if (kernel_read_member(r->k, rq, "struct rq", "curr", &curr) == 0 && curr) {
		const struct ktask *t = ktask_by_addr(r->k, curr);
		fprintf(r->out, "  CURRENT: PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\"\n",
			t ? t->pid : 0, curr, t ? t->comm : "");
	}
	if (rt >= 0) {
		fprintf(r->out, "  RT PRIO_ARRAY: %" PRIx64 "\n", rq + (uint64_t)rt);
		if (rt_array(r, rq + (uint64_t)rt) < 0)
			return -1;
	}
	if (cfs >= 0 && tl >= 0) {
		fprintf(r->out, "  CFS RB_ROOT: %" PRIx64 "\n", rq + (uint64_t)cfs + (uint64_t)tl);
		if (cfs_rq(r, rq + (uint64_t)cfs, "     ") < 0)
			return -1;
	}
	return 0;
}

static int runq_run(struct crash_session *s, int argc, char **argv)
{
	struct runq r = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	int ncpus = kernel_nr_cpus(r.k), opt, only = -1;
	char *end;

	optind = 0;
	while ((opt = getopt(argc, argv, "c:tTmgd")) != -1) {
		switch (opt) {
		case 'c':
			only = (int)strtol(optarg, &end, 10);
			if (*end || only < 0 || only >= ncpus)
				return crash_error(s, "invalid cpu: %s (CPUs 0-%d)", optarg, ncpus - 1);
			break;
		case 't': case 'T': case 'm': case 'g': case 'd':
			return crash_error(s, "-%c is not supported yet", opt);
		default:
			return -1;
		}
	}
	if (optind < argc)
		return crash_error(s, "unexpected argument: %s", argv[optind]);
	r.se_off = kernel_offsetof(r.k, "struct task_struct", "se");
	r.rt_off = kernel_offsetof(r.k, "struct task_struct", "rt");
	r.run_node = kernel_offsetof(r.k, "struct sched_entity", "run_node");
	r.my_q = kernel_offsetof(r.k, "struct sched_entity", "my_q");
	r.run_list = kernel_offsetof(r.k, "struct sched_rt_entity", "run_list");
	if (r.se_off < 0 || r.rt_off < 0 || r.run_node < 0 || r.run_list < 0)
		return crash_error(s, "this kernel's scheduler structures are not known");
	if (ktask_count(r.k) < 0)
		return crash_error(s, "%s", err_get());
	bool first = true;
	for (int cpu = 0; cpu < ncpus; cpu++) {
		if (only >= 0 && cpu != only)
			continue;
		if (one_cpu(&r, cpu, first) != 0)
			return crash_error(s, "CPU %d: %s", cpu, err_get());
		first = false;
	}
	return 0;
}

static const struct crash_cmd runq_cmd = {
	.name = "runq",
	.run = runq_run,
	.summary = "run queue",
	.synopsis = "[-c cpu]",
	.description =
		"Shows each CPU's run queue: the task running on it (CURRENT), the\n"
		"real-time tasks queued in its priority array, and the tasks queued on\n"
		"its CFS red-black tree, in the tree's order, each with its priority.\n"
		"Entities of task groups are followed into their own queues.\n"
		"\n"
		"  -c cpu  only this CPU.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> runq\n"
		"  CPU 0 RUNQUEUE: ffff8f3e9f231980\n"
		"    CURRENT: PID: 1      TASK: ffff8f3e811fc180  COMMAND: \"init\"\n"
		"    RT PRIO_ARRAY: ffff8f3e9f231bc0\n"
		"       [no tasks queued]\n"
		"    CFS RB_ROOT: ffff8f3e9f231a30\n"
		"       [no tasks queued]\n"
		"  ...\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(runq_cmd)
