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
	/* JSON (commands/json/runq.schema.json): one object per CPU into
	 * cpus, a queue's entities into ents, instead of printing; NULL
	 * otherwise */
	struct json_object *cpus, *ents;
};

/* A task as JSON: pid, task, comm (from the task table). */
static struct json_object *task_json(struct runq *r, uint64_t task)
{
	const struct ktask *t = task ? ktask_by_addr(r->k, task) : NULL;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "pid", t ? json_object_new_int(t->pid) : NULL);
	json_object_object_add(o, "task", crash_json_addr(task));
	json_object_object_add(o, "comm", t ? crash_json_str(t->comm) : NULL);
	return o;
}

static int entity(void *arg, const struct ksched_entity *e)
{
	struct runq *r = arg;
	if (crash_interrupted())
		return 1;
	if (r->ents) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "kind", json_object_new_string(e->group ? "group" : "task"));
		if (e->group) {
			json_object_object_add(o, "rq", crash_json_addr(e->grq));
		} else {
			json_object_object_add(o, "prio", json_object_new_int(e->prio));
			json_object_object_add(o, "pid", json_object_new_int(e->pid));
			json_object_object_add(o, "task", crash_json_addr(e->task));
			json_object_object_add(o, "comm", crash_json_str(e->comm));
			r->n++;
		}
		json_object_array_add(r->ents, o);
		return 0;
	}
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
	if (!r->n && !r->ents)
		fprintf(r->out, "     [no tasks queued]\n");
	return 0;
}

/* One CPU's queues in JSON; the queue read so far stays on a failure. */
static int one_cpu_json(struct runq *r, int cpu, const struct ksched_rq *q)
{
	struct json_object *o = json_object_new_object();
	int rc = 0;
	json_object_array_add(r->cpus, o);
	json_object_object_add(o, "cpu", json_object_new_int(cpu));
	json_object_object_add(o, "runqueue", crash_json_addr(q->rq));
	json_object_object_add(o, "current", q->curr ? task_json(r, q->curr) : NULL);
	json_object_object_add(o, "rt_prio_array", q->has_rt ? crash_json_addr(q->rt_array) : NULL);
	json_object_object_add(o, "cfs_rb_root", q->has_cfs ? crash_json_addr(q->cfs_root) : NULL);
	for (int rt = 1; rt >= 0 && !rc; rt--) {
		if (!(rt ? q->has_rt : q->has_cfs)) {
			json_object_object_add(o, rt ? "rt" : "cfs", NULL);
			continue;
		}
		r->ents = json_object_new_array();
		json_object_object_add(o, rt ? "rt" : "cfs", r->ents);
		rc = queue(r, q, rt);
		r->ents = NULL;
	}
	return rc;
}

static int one_cpu(struct runq *r, int cpu, bool first)
{
	struct ksched_rq q;
	if (ksched_rq(r->k, cpu, &q) != 0)
		return -1;
	if (r->cpus)
		return one_cpu_json(r, cpu, &q);
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

/* ---- -t, -T, -m: timestamps ---- */

/* The task on cpu: its table entry, or NULL. */
static const struct ktask *cpu_curr(struct runq *r, const struct ksched_rq *q)
{
	return q->curr ? ktask_by_addr(r->k, q->curr) : NULL;
}

static void task_id(struct runq *r, const struct ktask *t, uint64_t task)
{
	fprintf(r->out, "PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\"\n", t ? t->pid : 0, task,
		t ? t->comm : "");
}

/* -t: the run queue's clock, then the running task's last arrival. */
static int cpu_timestamps(struct runq *r, int cpu, const struct ksched_rq *q)
{
	const struct ktask *t = cpu_curr(r, q);
	if (r->cpus) {
		struct json_object *o = json_object_new_object(), *c = task_json(r, q->curr);
		json_object_object_add(o, "cpu", json_object_new_int(cpu));
		json_object_object_add(o, "clock_ns", json_object_new_uint64(q->clock));
		json_object_object_add(c, "last_arrival_ns", json_object_new_uint64(t ? t->last_run : 0));
		json_object_object_add(o, "current", c);
		json_object_array_add(r->cpus, o);
		return 0;
	}
	int w = fprintf(r->out, " CPU %d: ", cpu);
	fprintf(r->out, "%" PRIu64 "\n", q->clock);
	fprintf(r->out, "%*s%" PRIu64 "  ", w, "", t ? t->last_run : 0);
	task_id(r, t, q->curr);
	return 0;
}

/* -m: how long the running task has run, [days hh:mm:ss.msec]. */
static int cpu_running(struct runq *r, int cpu, const struct ksched_rq *q)
{
	const struct ktask *t = cpu_curr(r, q);
	uint64_t ns = t && t->last_run && q->clock > t->last_run ? q->clock - t->last_run : 0;
	uint64_t ms = ns / 1000000, sec = ms / 1000;
	if (r->cpus) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "cpu", json_object_new_int(cpu));
		json_object_object_add(o, "running_ns", json_object_new_uint64(ns));
		json_object_object_add(o, "current", task_json(r, q->curr));
		json_object_array_add(r->cpus, o);
		return 0;
	}
	fprintf(r->out, " CPU %d: [%" PRIu64 " %02" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ".%03" PRIu64 "]  ",
		cpu, sec / 86400, sec % 86400 / 3600, sec % 3600 / 60, sec % 60, ms % 1000);
	task_id(r, t, q->curr);
	return 0;
}

/* ---- -g: by task group ---- */

struct group_walk {
	struct runq *r;
	bool rt, print;
	int n;
};

static int group_entity(void *arg, const struct ksched_entity *e)
{
	struct group_walk *g = arg;
	struct runq *r = g->r;
	if (crash_interrupted())
		return 1;
	g->n++;
	if (!g->print)
		return 0;
	int ind = 5 + 3 * e->depth;
	if (e->group) {
		uint64_t tg = 0, thr = 0;
		char name[128];
		ksched_group(r->k, e->grq, g->rt, &tg, name, sizeof(name));
		kernel_read_member(r->k, e->grq, g->rt ? "struct rt_rq" : "struct cfs_rq",
				   g->rt ? "rt_throttled" : "throttled", &thr);
		fprintf(r->out, "%*sTASK_GROUP: %" PRIx64 "  %s: %" PRIx64 "%s%s%s%s\n", ind, "", tg,
			g->rt ? "RT_RQ" : "CFS_RQ", e->grq, *name ? "  <" : "", name, *name ? ">" : "",
			thr ? " (THROTTLED)" : "");
		return 0;
	}
	fprintf(r->out, "%*s[%3d] PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\"\n", ind, "", e->prio,
		e->pid, e->task, e->comm);
	return 0;
}

static int cpu_groups(struct runq *r, int cpu, const struct ksched_rq *q)
{
	const struct ktask *t = cpu_curr(r, q);
	uint64_t root = 0;
	kernel_symbol(r->k, "root_task_group", &root);
	fprintf(r->out, "CPU %d\n  CURRENT: ", cpu);
	task_id(r, t, q->curr);
	struct group_walk g = { .r = r, .rt = true };
	/* the real-time queue when it holds something, as crash does */
	if (q->has_rt && ksched_walk_rt(r->k, q, group_entity, &g) >= 0 && g.n) {
		fprintf(r->out, "  ROOT_TASK_GROUP: %" PRIx64 "  RT_RQ: %" PRIx64 "\n", root,
			q->rt_array);
		g.print = true;
		g.n = 0;
		if (ksched_walk_rt(r->k, q, group_entity, &g) < 0)
			return -1;
	}
	if (!q->has_cfs)
		return 0;
	fprintf(r->out, "  ROOT_TASK_GROUP: %" PRIx64 "  CFS_RQ: %" PRIx64 "\n", root, q->cfs_rq);
	g = (struct group_walk){ .r = r, .print = true };
	/* the running CFS task is out of the tree while it runs: shown first */
	if (t && ksched_task_fair(r->k, q->curr) == 1)
		fprintf(r->out, "     [%3d] PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\" [CURRENT]\n",
			t->prio, t->pid, q->curr, t->comm), g.n++;
	if (ksched_walk_cfs(r->k, q, group_entity, &g) < 0)
		return -1;
	if (!g.n)
		fprintf(r->out, "     [no tasks queued]\n");
	return 0;
}

/* ---- -d: every task with on_rq set, by CPU ---- */

static int cpu_on_rq(struct runq *r, int cpu)
{
	fprintf(r->out, "CPU %d\n", cpu);
	long n = ktask_count(r->k);
	for (long i = 0; i < n; i++) {
		const struct ktask *t = ktask_at(r->k, (size_t)i);
		if (!t || t->cpu != cpu || ksched_task_on_rq(r->k, t->task) != 1)
			continue;
		fprintf(r->out, "     [%3d] PID: %-6d TASK: %" PRIx64 "  COMMAND: \"%s\"\n", t->prio,
			t->pid, t->task, t->comm);
	}
	return 0;
}

/* -T: each CPU's lag behind the latest run queue clock, latest first. */
static int lags(struct runq *r, const bool *sel, int ncpus)
{
	struct lag { int cpu; uint64_t clock; } *v = calloc(ncpus > 0 ? (size_t)ncpus : 1u, sizeof(*v));
	int n = 0;
	uint64_t now = 0;
	if (!v)
		return crash_error(r->s, "out of memory");
	for (int c = 0; c < ncpus; c++) {
		if (!sel[c])
			continue;
		v[n].cpu = c;
		v[n].clock = ksched_rq_clock(r->k, c);
		if (v[n].clock > now)
			now = v[n].clock;
		n++;
	}
	for (int i = 1; i < n; i++)	/* insertion sort: latest clock first */
		for (int j = i; j > 0 && v[j].clock > v[j - 1].clock; j--) {
			struct lag x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	for (int i = 0; i < n && r->cpus; i++) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "cpu", json_object_new_int(v[i].cpu));
		json_object_object_add(o, "clock_ns", json_object_new_uint64(v[i].clock));
		json_object_object_add(o, "lag_ns", json_object_new_uint64(now - v[i].clock));
		json_object_array_add(r->cpus, o);
	}
	for (int i = 0; i < n && !r->cpus; i++) {
		/* hundredths of a second, rounded as printf's %.2f does */
		uint64_t cs = (now - v[i].clock + 5000000) / 10000000;
		fprintf(r->out, "  CPU %d: %" PRIu64 ".%02" PRIu64 " secs\n", v[i].cpu, cs / 100, cs % 100);
	}
	free(v);
	return 0;
}

static int runq_show(struct runq *r0, int mode, const bool *sel, int ncpus, const char *extra);

static int runq_run(struct crash_session *s, int argc, char **argv)
{
	struct runq r = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	int ncpus = kernel_nr_cpus(r.k), opt, mode = 0;
	bool *sel = NULL;

	optind = 0;
	while ((opt = getopt(argc, argv, "c:tTmgd")) != -1) {
		switch (opt) {
		case 'c':
			if (ncpus <= 0)
				return crash_error(s, "no CPUs");
			free(sel);
			sel = calloc((size_t)ncpus, sizeof(*sel));
			if (!sel)
				return crash_error(s, "out of memory");
			if (crash_parse_cpus(optarg, sel, ncpus) != 0) {
				free(sel);
				return crash_error(s, "invalid cpu: %s (CPUs 0-%d)", optarg, ncpus - 1);
			}
			break;
		case 't': case 'T': case 'm': case 'g': case 'd':
			if (mode && mode != opt) {
				free(sel);
				return crash_usage_error(s, "-%c and -%c cannot be used together", mode, opt);
			}
			mode = opt;
			break;
		default:
			free(sel);
			return -1;
		}
	}
	/* -g and -d stay text */
	if (crash_json(s) && mode != 'g' && mode != 'd')
		r.cpus = json_object_new_array();
	int rc = runq_show(&r, mode, sel, ncpus, optind < argc ? argv[optind] : NULL);
	free(sel);
	if (r.cpus) {
		/* the CPUs read before a failure stay, with the error */
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "cpus", r.cpus);
		crash_json_emit(s, d);
	}
	return rc;
}

static int runq_show(struct runq *r0, int mode, const bool *sel, int ncpus, const char *extra)
{
	struct runq r = *r0;
	struct crash_session *s = r.s;
	if (extra)
		return crash_error(s, "unexpected argument: %s", extra);
	if (ksched_probe(r.k))
		return crash_error(s, "%s", err_get());
	if (ktask_count(r.k) < 0)
		return crash_error(s, "%s", err_get());
	bool all[ncpus > 0 ? ncpus : 1];
	if (!sel) {
		for (int c = 0; c < ncpus; c++)
			all[c] = true;
		sel = all;
	}
	if (mode == 'T')
		return lags(&r, sel, ncpus);
	bool first = true;
	for (int cpu = 0; cpu < ncpus; cpu++) {
		if (!sel[cpu])
			continue;
		struct ksched_rq q;
		int rc;
		if (mode != 'd' && ksched_rq(r.k, cpu, &q) != 0)
			return crash_error(s, "CPU %d: %s", cpu, err_get());
		if (mode == 'g' || mode == 'd')
			if (!first)
				fputc('\n', r.out);
		switch (mode) {
		case 't': rc = cpu_timestamps(&r, cpu, &q); break;
		case 'm': rc = cpu_running(&r, cpu, &q); break;
		case 'g': rc = cpu_groups(&r, cpu, &q); break;
		case 'd': rc = cpu_on_rq(&r, cpu); break;
		default: rc = one_cpu(&r, cpu, first); break;
		}
		if (rc != 0)
			return crash_error(s, "CPU %d: %s", cpu, err_get());
		if (crash_interrupted())
			return crash_error(s, "interrupted");
		first = false;
	}
	return 0;
}

static const struct crash_cmd runq_cmd = {
	.name = "runq",
	.run = runq_run,
	.summary = "run queue",
	.synopsis = "[-t | -T | -m | -g | -d] [-c cpu(s)]",
	.description =
		"Shows each CPU's run queue: the task running on it (CURRENT), the\n"
		"real-time tasks queued in its priority array, and the tasks queued on\n"
		"its CFS red-black tree, in the tree's order, each with its priority.\n"
		"Entities of task groups are followed into their own queues.\n"
		"\n"
		"  -t      each CPU's run queue clock (rq->clock, ns since boot), and\n"
		"          below it when the running task last got the CPU\n"
		"          (sched_info.last_arrival)\n"
		"  -T      how far each CPU's run queue clock lags behind the latest\n"
		"          one, latest first, in seconds\n"
		"  -m      how long the task running on each CPU has run, as\n"
		"          [days hh:mm:ss.msec]\n"
		"  -g      the queues by task group: the root group's RT queue (when it\n"
		"          holds tasks) and CFS queue, the running CFS task marked\n"
		"          [CURRENT], each group's entity as TASK_GROUP, its queue, its\n"
		"          cgroup <name> and (THROTTLED), and its tasks indented below\n"
		"  -d      every task whose on_rq is set, by the CPU it is on (the idle\n"
		"          tasks are among them)\n"
		"  -c cpus only these CPUs: \"3\", \"1,8,9\", \"1-23\" or \"1,8,9-14\".\n"
		"\n"
		"EXAMPLES\n"
		"  crash> runq\n"
		"  CPU 0 RUNQUEUE: ffff8f3e9f231980\n"
		"    CURRENT: PID: 1      TASK: ffff8f3e811fc180  COMMAND: \"init\"\n"
		"    RT PRIO_ARRAY: ffff8f3e9f231bc0\n"
		"       [no tasks queued]\n"
		"    CFS RB_ROOT: ffff8f3e9f231a30\n"
		"       [no tasks queued]\n"
		"  ...\n"
		"\n"
		"  crash> runq -m\n"
		"   CPU 0: [0 00:00:00.013]  PID: 1      TASK: ffff8e12811fc180  COMMAND: \"init\"\n"
		"   CPU 1: [0 00:00:00.000]  PID: 171    TASK: ffff8e1290eec180  COMMAND: \"wl-spinner\"\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(runq_cmd)
