/* runq: each CPU's run queue: the running task, the real-time priority
 * array and the CFS red-black tree of runnable tasks (group scheduling
 * entities expanded into their own queues). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"

struct runq {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	bool rt;		/* walking the RT array (else a CFS tree) */
	int n;			/* tasks printed from this queue */
};

static int entity(void *arg, const struct ksched_entity *e)
{
	struct runq *r = arg;
	if (crash_interrupted())
		return 1;
	if (e->group) {
		fprintf(r->out, "     [group %s: %" PRIx64 "]\n", r->rt ? "rt_rq" : "cfs_rq", e->grq);
		return 0;
	}
	fprintf(r->out, "     [%3d] PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\"\n", e->prio, e->pid,
		e->task, e->comm);
	r->n++;
	return 0;
}

/* Entities of one queue; "[no tasks queued]" when no task was among them. */
static int queue(struct runq *r, const struct ksched_rq *q, bool rt)
{
	r->rt = rt;
	r->n = 0;
	int rc = rt ? ksched_walk_rt(r->k, q, entity, r) : ksched_walk_cfs(r->k, q, entity, r);
	if (rc < 0)
		return -1;
	if (!r->n)
		fprintf(r->out, "     [no tasks queued]\n");
	return 0;
}

static int one_cpu(struct runq *r, int cpu, bool first)
{
	struct ksched_rq q;
	if (ksched_rq(r->k, cpu, &q) != 0)
		return -1;
	if (!first)
		fputc('\n', r->out);
	fprintf(r->out, "CPU %d RUNQUEUE: %" PRIx64 "\n", cpu, q.rq);
	if (q.curr) {
		const struct ktask *t = ktask_by_addr(r->k, q.curr);
		fprintf(r->out, "  CURRENT: PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\"\n",
			t ? t->pid : 0, q.curr, t ? t->comm : "");
	}
	if (q.has_rt) {
		fprintf(r->out, "  RT PRIO_ARRAY: %" PRIx64 "\n", q.rt_array);
		if (queue(r, &q, true) < 0)
			return -1;
	}
	if (q.has_cfs) {
		fprintf(r->out, "  CFS RB_ROOT: %" PRIx64 "\n", q.cfs_root);
		if (queue(r, &q, false) < 0)
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
	if (ksched_probe(r.k))
		return crash_error(s, "%s", err_get());
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
