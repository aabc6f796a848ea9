/* ps: process status, in crash's layout, from the task table. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"

enum { F_KERNEL = 1, F_USER = 2, F_LEADER = 4 };
enum mode { M_LIST, M_KSTACK, M_PARENTS, M_CHILDREN, M_TIMES, M_LAST, M_LASTM,
	    M_GROUP, M_RLIMIT, M_SUMMARY, M_ACTIVE, M_ARGS };

/* The resources of ps -r, in RLIMIT_* order. */
static const char *const rlimit_names[KTASK_NRLIMITS] = {"CPU", "FSIZE", "DATA", "STACK", "CORE",
	"RSS", "NPROC", "NOFILE", "MEMLOCK", "AS", "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE",
	"RTPRIO", "RTTIME"};
/* The states of ps -S, in crash's order. */
static const char *const state_order[] = {"RU", "IN", "UN", "ID", "ZO", "ST", "TR",
					  "DE", "WA", "PA", "NE", "??"};

/* A selector from the command line; none means every task. */
struct sel {
	enum { S_PID, S_TASK, S_COMM, S_RE } kind;
	long pid;
	uint64_t task;
	const char *comm;
	regex_t re;
};

static bool sel_match(const struct sel *s, const struct ktask *t)
{
	switch (s->kind) {
	case S_PID: return t->pid == s->pid;
	case S_TASK: return t->task == s->task;
	case S_COMM: return !strcmp(t->comm, s->comm);
	case S_RE: return !regexec(&s->re, t->comm, 0, NULL, 0);
	}
	return false;
}

/* pid (all digits), task address (hex, 0x or with a-f), 'regex', or a
 * command name (a leading backslash makes a numeric name a name). */
static int parse_sel(struct crash_session *s, const char *a, struct sel *out)
{
	size_t n = strlen(a);
	char *end;
	memset(out, 0, sizeof(*out));
	/* 'regex': the shell may have removed the quotes already, so an
	 * argument with regex characters is a pattern too */
	bool quoted = n >= 2 && a[0] == '\'' && a[n - 1] == '\'';
	if (quoted || (a[0] != '\\' && strpbrk(a, ".*[]^$+?()|{}"))) {
		char *pat = quoted ? xstrndup(a + 1, n - 2) : xstrdup(a);
		char why[128];
		int rc = re_compile(&out->re, pat, REG_EXTENDED | REG_NOSUB, why, sizeof(why));
		free(pat);
		if (rc)
			return crash_error(s, "invalid regular expression: %s: %s", a, why);
		out->kind = S_RE;
		return 0;
	}
	if (a[0] == '\\') {
		out->kind = S_COMM;
		out->comm = a + 1;
		return 0;
	}
	long v = strtol(a, &end, 10);
	if (!*end && end != a) {
		out->kind = S_PID;
		out->pid = v;
		return 0;
	}
	const char *h = (a[0] == '0' && (a[1] == 'x' || a[1] == 'X')) ? a + 2 : a;
	unsigned long long x = strtoull(h, &end, 16);
	if (!*end && end != h && strlen(h) >= 8) {
		out->kind = S_TASK;
		out->task = x;
		return 0;
	}
	out->kind = S_COMM;
	out->comm = a;
	return 0;
}

static void ps_header(FILE *out, bool kstack)
{
	fprintf(out, "      PID    PPID  CPU   %s    ST  %%MEM      VSZ      RSS  COMM\n",
		kstack ? "   KSTACKP  " : "    TASK    ");
}

static void ps_line(struct kernel *k, FILE *out, const struct ktask *t, bool kstack)
{
	struct ktask_mem m;
	char col[24];
	ktask_mem(k, t, &m);
	if (kstack) {
		uint64_t sp = 0;
		if (t->active && !t->idle)
			snprintf(col, sizeof(col), "       --       ");
		else if (!kstack_saved_sp(k, t->task, &sp))
			snprintf(col, sizeof(col), "%16llx", (unsigned long long)sp);
		else
			snprintf(col, sizeof(col), "%16s", "??");
	} else {
		snprintf(col, sizeof(col), "%16llx", (unsigned long long)t->task);
	}
	fprintf(out, "%c%8d %7d %3d  %s  %2s %5.1f %8llu %8llu  %s%s%s\n", t->active ? '>' : ' ',
		t->pid, t->ppid, t->cpu, col, t->st, m.pct, (unsigned long long)m.vsz_kb,
		(unsigned long long)m.rss_kb, t->kthread ? "[" : "", t->comm, t->kthread ? "]" : "");
}

/* The task and its ancestors, nearest first (at most 64); how many. */
static int ancestry(struct kernel *k, const struct ktask *t, const struct ktask *chain[64])
{
	int n = 0;
	for (const struct ktask *p = t; p && n < 64; n++) {
		chain[n] = p;
		if (p->idle || (p->pid == 0) || !p->parent || p->parent == p->task)
			{ n++; break; }
		p = ktask_by_addr(k, p->parent);
	}
	return n;
}

static void parents(struct crash_session *s, struct kernel *k, FILE *out, const struct ktask *t)
{
	const struct ktask *chain[64];
	int n = ancestry(k, t, chain);
	for (int i = n - 1, ind = 0; i >= 0; i--, ind++) {
		fprintf(out, "%*s", ind, "");
		crash_print_task_header(s, chain[i]->task, false);
	}
}

static void children(struct crash_session *s, struct kernel *k, FILE *out, const struct ktask *t)
{
	long n = ktask_count(k);
	bool any = false;
	crash_print_task_header(s, t->task, false);
	for (long i = 0; i < n; i++) {
		const struct ktask *c = ktask_at(k, i);
		if (c->parent == t->task && c != t && c->pid == c->tgid && !c->idle) {
			fprintf(out, "  ");
			crash_print_task_header(s, c->task, false);
			any = true;
		}
	}
	if (!any)
		fprintf(out, "  (no children)\n");
}

static void group(struct crash_session *s, struct kernel *k, FILE *out, const struct ktask *t)
{
	const struct ktask *l = ktask_leader(k, t);
	long n = ktask_count(k);
	bool any = false;
	crash_print_task_header(s, l->task, false);
	for (long i = 0; i < n; i++) {
		const struct ktask *c = ktask_at(k, i);
		if (c != l && !c->idle && c->group_leader == l->task) {
			fprintf(out, "  ");
			crash_print_task_header(s, c->task, false);
			any = true;
		}
	}
	if (!any)
		fprintf(out, "  (no threads)\n");
}

static void times(struct crash_session *s, struct kernel *k, FILE *out, const struct ktask *t)
{
	struct ktask_times tm;
	ktask_times(k, t, &tm);
	uint64_t now = ksched_now(k), start = tm.start_time;
	uint64_t run = now > start ? (now - start) / 1000000000ull : 0;
	crash_print_task_header(s, t->task, false);
	if (run >= 86400)
		fprintf(out, "    RUN TIME: %llu days, %02llu:%02llu:%02llu\n",
			(unsigned long long)(run / 86400), (unsigned long long)(run % 86400 / 3600),
			(unsigned long long)(run % 3600 / 60), (unsigned long long)(run % 60));
	else
		fprintf(out, "    RUN TIME: %02llu:%02llu:%02llu\n", (unsigned long long)(run / 3600),
			(unsigned long long)(run % 3600 / 60), (unsigned long long)(run % 60));
	fprintf(out, "  START TIME: %llu\n", (unsigned long long)start);
	fprintf(out, "       UTIME: %llu\n", (unsigned long long)tm.utime);
	fprintf(out, "       STIME: %llu\n", (unsigned long long)tm.stime);
}

static void rlimits(struct crash_session *s, struct kernel *k, FILE *out, const struct ktask *t)
{
	uint64_t lim[KTASK_NRLIMITS][2];
	crash_print_task_header(s, t->task, false);
	if (ktask_rlimits(k, t, lim)) {
		fprintf(out, "  (no rlimits)\n\n");
		return;
	}
	fprintf(out, "      RLIMIT     CURRENT       MAXIMUM  \n");
	for (int i = 0; i < KTASK_NRLIMITS; i++) {
		char c[2][24];
		for (int j = 0; j < 2; j++) {
			if (lim[i][j] == ~0ull)
				snprintf(c[j], sizeof(c[j]), "(unlimited)");
			else
				snprintf(c[j], sizeof(c[j]), "%llu", (unsigned long long)lim[i][j]);
		}
		/* crash centres each value in a field of 11 */
		char f[2][64];
		for (int j = 0; j < 2; j++)
			crash_field(f[j], sizeof(f[j]), 11, CRASH_CENTER_L, c[j]);
		fprintf(out, "%12s   %s   %s\n", rlimit_names[i], f[0], f[1]);
	}
	fprintf(out, "\n");
}

/* ps -a: the argument and environment strings from the task's user
 * memory. */
static void print_strings(FILE *out, const struct ktask_strings *ks, const char *label, bool env)
{
	if (ks->status == KTASK_STRINGS_UNAVAILABLE) {
		fprintf(out, "%s (unavailable)\n", label);
		return;
	}
	if (ks->status == KTASK_STRINGS_NOT_IN_DUMP) {
		fprintf(out, "%s (not in the dump)\n", label);
		return;
	}
	const char *buf = ks->buf;
	size_t n = ks->len;
	fprintf(out, "%s ", label);
	bool first = true;
	for (size_t i = 0; i < n;) {
		size_t l = strnlen(buf + i, n - i);
		if (env)
			fprintf(out, "%s%s\n", first ? "" : "     ", buf + i);
		else
			fprintf(out, "%s ", buf + i);
		first = false;
		i += l + 1;
	}
	if (!env)
		fprintf(out, "\n");
	else if (first)
		fprintf(out, "\n");
}

static void print_args(struct kernel *k, FILE *out, const struct ktask *t)
{
	struct ktask_strings arg, env;
	if (ktask_args(k, t, &arg, &env)) {
		fprintf(out, "ARG: (unavailable)\n");
		return;
	}
	print_strings(out, &arg, "ARG:", false);
	print_strings(out, &env, "ENV:", true);
	free(arg.buf);
	free(env.buf);
}

static int cmp_last(const void *a, const void *b)
{
	const struct ktask *x = *(const struct ktask *const *)a, *y = *(const struct ktask *const *)b;
	if (x->last_run != y->last_run)
		return x->last_run > y->last_run ? -1 : 1;
	return x->index < y->index ? -1 : 1;
}

static int policy_of(const char *s)
{
	static const char *const n[] = {"NORMAL", "FIFO", "RR", "BATCH", "ISO", "IDLE", "DEADLINE"};
	char *end;
	long v = strtol(s, &end, 10);
	if (!*end && end != s)
		return (int)v;
	for (int i = 0; i < 7; i++)
		if (!strcasecmp(s, n[i]))
			return i;
	return -1;
}

/* -C: "1,3,5-7", "all" or "a"; a flag per CPU, NULL when invalid. */
static bool *parse_cpus(struct kernel *k, const char *spec)
{
	int nc = kernel_nr_cpus(k);
	bool *c = xcalloc((size_t)nc, sizeof(*c));
	if (crash_parse_cpus(spec, c, nc)) {
		free(c);
		return NULL;
	}
	return c;
}

/* ---- ps in JSON (commands/json/ps.schema.json): the same tasks as the
 * text rows, each as an object; the modes add their members to it. ---- */

static const char *mode_name(enum mode m)
{
	static const char *const n[] = {"list", "kstack", "parents", "children", "times", "last",
		"last_elapsed", "group", "rlimit", "summary", "active", "args"};
	return n[m];
}

/* The task as crash's task header names it: pid, task, cpu, command. */
static struct json_object *task_brief(const struct ktask *t)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "pid", json_object_new_int(t->pid));
	json_object_object_add(o, "task", crash_json_addr(t->task));
	json_object_object_add(o, "cpu", json_object_new_int(t->cpu));
	json_object_object_add(o, "command", crash_json_str(t->comm));
	return o;
}

/* A row of the default list: every column of the text row. */
static struct json_object *task_row(struct kernel *k, const struct ktask *t, bool kstack)
{
	struct ktask_mem m;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "pid", json_object_new_int(t->pid));
	json_object_object_add(o, "ppid", json_object_new_int(t->ppid));
	json_object_object_add(o, "tgid", json_object_new_int(t->tgid));
	json_object_object_add(o, "cpu", json_object_new_int(t->cpu));
	json_object_object_add(o, "task", crash_json_addr(t->task));
	if (kstack) {
		uint64_t sp = 0;
		bool have = !(t->active && !t->idle) && !kstack_saved_sp(k, t->task, &sp);
		json_object_object_add(o, "kstack_sp", have ? crash_json_addr(sp) : NULL);
	}
	json_object_object_add(o, "state", crash_json_str(t->st));
	json_object_object_add(o, "active", json_object_new_boolean(t->active));
	json_object_object_add(o, "kernel_thread", json_object_new_boolean(t->kthread));
	bool mem = !ktask_mem(k, t, &m);
	char pct[16];	/* as the text's %MEM has it, not 0.34900948511554736 */
	snprintf(pct, sizeof(pct), "%.1f", mem ? m.pct : 0.0);
	json_object_object_add(o, "mem_percent", mem ? json_object_new_double_s(strtod(pct, NULL), pct) : NULL);
	json_object_object_add(o, "vsz_kb", mem ? json_object_new_uint64(m.vsz_kb) : NULL);
	json_object_object_add(o, "rss_kb", mem ? json_object_new_uint64(m.rss_kb) : NULL);
	json_object_object_add(o, "command", crash_json_str(t->comm));
	return o;
}

static struct json_object *strings_json(const struct ktask_strings *ks)
{
	if (ks->status != KTASK_STRINGS_OK)
		return NULL;
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < ks->len;) {
		size_t l = strnlen(ks->buf + i, ks->len - i);
		json_object_array_add(a, crash_json_strn(ks->buf + i, l));
		i += l + 1;
	}
	return a;
}

/* What one task of a per-task mode adds to its brief. */
static struct json_object *task_mode_json(struct kernel *k, enum mode mode, const struct ktask *t)
{
	struct json_object *o = task_brief(t), *a;
	long n = ktask_count(k);

	switch (mode) {
	case M_PARENTS: {
		/* the chain from the task up to the first ancestor, as -p prints
		 * it top down */
		const struct ktask *chain[64];
		int c = ancestry(k, t, chain);
		a = json_object_new_array();
		for (int i = c - 1; i >= 0; i--)
			json_object_array_add(a, task_brief(chain[i]));
		json_object_object_add(o, "ancestry", a);
		break;
	}
	case M_CHILDREN:
		a = json_object_new_array();
		for (long i = 0; i < n; i++) {
			const struct ktask *c = ktask_at(k, i);
			if (c->parent == t->task && c != t && c->pid == c->tgid && !c->idle)
				json_object_array_add(a, task_brief(c));
		}
		json_object_object_add(o, "children", a);
		break;
	case M_GROUP: {
		const struct ktask *l = ktask_leader(k, t);
		json_object_put(o);
		o = task_brief(l);
		a = json_object_new_array();
		for (long i = 0; i < n; i++) {
			const struct ktask *c = ktask_at(k, i);
			if (c != l && !c->idle && c->group_leader == l->task)
				json_object_array_add(a, task_brief(c));
		}
		json_object_object_add(o, "threads", a);
		break;
	}
	case M_TIMES: {
		struct ktask_times tm;
		ktask_times(k, t, &tm);
		uint64_t now = ksched_now(k);
		json_object_object_add(o, "run_time_seconds",
			json_object_new_uint64(now > tm.start_time ? (now - tm.start_time) / 1000000000ull : 0));
		json_object_object_add(o, "start_time_ns", json_object_new_uint64(tm.start_time));
		json_object_object_add(o, "utime_ns", json_object_new_uint64(tm.utime));
		json_object_object_add(o, "stime_ns", json_object_new_uint64(tm.stime));
		break;
	}
	case M_RLIMIT: {
		uint64_t lim[KTASK_NRLIMITS][2];
		if (ktask_rlimits(k, t, lim)) {
			json_object_object_add(o, "rlimits", NULL);
			break;
		}
		a = json_object_new_array();
		for (int i = 0; i < KTASK_NRLIMITS; i++) {
			struct json_object *r = json_object_new_object();
			json_object_object_add(r, "resource", json_object_new_string(rlimit_names[i]));
			json_object_object_add(r, "current", lim[i][0] == ~0ull ? NULL : json_object_new_uint64(lim[i][0]));
			json_object_object_add(r, "maximum", lim[i][1] == ~0ull ? NULL : json_object_new_uint64(lim[i][1]));
			json_object_array_add(a, r);
		}
		json_object_object_add(o, "rlimits", a);
		break;
	}
	case M_ARGS: {
		struct ktask_strings arg, env;
		if (ktask_args(k, t, &arg, &env)) {
			json_object_object_add(o, "args", NULL);
			json_object_object_add(o, "env", NULL);
			break;
		}
		json_object_object_add(o, "args", strings_json(&arg));
		json_object_object_add(o, "env", strings_json(&env));
		free(arg.buf);
		free(env.buf);
		break;
	}
	case M_LAST: case M_LASTM: {
		json_object_object_add(o, "state", crash_json_str(t->st));
		json_object_object_add(o, "last_run_ns", json_object_new_uint64(t->last_run));
		uint64_t now = ksched_rq_clock(k, t->cpu);
		json_object_object_add(o, "since_last_run_ns",
			mode == M_LASTM ? json_object_new_uint64(now > t->last_run ? now - t->last_run : 0) : NULL);
		break;
	}
	default:
		break;
	}
	return o;
}

/* The document of every mode, from the selected tasks (list[0..m-1],
 * sorted for -l and -m as the text is). */
static void ps_json(struct crash_session *s, struct kernel *k, enum mode mode,
		    const struct ktask **list, long m, const bool *cpus)
{
	struct json_object *d = json_object_new_object(), *a = json_object_new_array();
	json_object_object_add(d, "mode", json_object_new_string(mode_name(mode)));
	switch (mode) {
	case M_LIST: case M_KSTACK: case M_ACTIVE:
		for (long i = 0; i < m && !crash_interrupted(); i++)
			json_object_array_add(a, task_row(k, list[i], mode == M_KSTACK));
		json_object_object_add(d, "tasks", a);
		break;
	case M_SUMMARY: {
		for (size_t o = 0; o < sizeof(state_order) / sizeof(state_order[0]); o++) {
			long c = 0;
			for (long i = 0; i < m; i++)
				c += !strcmp(list[i]->st, state_order[o]);
			if (!c)
				continue;
			struct json_object *r = json_object_new_object();
			json_object_object_add(r, "state", json_object_new_string(state_order[o]));
			json_object_object_add(r, "count", json_object_new_int64(c));
			json_object_array_add(a, r);
		}
		json_object_object_add(d, "states", a);
		json_object_object_add(d, "total", json_object_new_int64(m));
		break;
	}
	case M_LAST: case M_LASTM:
		if (cpus) {
			int nc = kernel_nr_cpus(k);
			for (int c = 0; c < nc; c++) {
				if (!cpus[c])
					continue;
				struct json_object *b = json_object_new_object(), *ts = json_object_new_array();
				json_object_object_add(b, "cpu", json_object_new_int(c));
				for (long i = 0; i < m; i++)
					if (list[i]->cpu == c)
						json_object_array_add(ts, task_mode_json(k, mode, list[i]));
				json_object_object_add(b, "tasks", ts);
				json_object_array_add(a, b);
			}
			json_object_object_add(d, "cpus", a);
			break;
		}
		/* fall through */
	default:
		for (long i = 0; i < m && !crash_interrupted(); i++) {
			const struct ktask *t = list[i];
			if (mode == M_GROUP && !(t->pid == t->tgid || t->idle))
				continue;
			if (mode == M_ARGS && (t->kthread || !t->mm))
				continue;
			json_object_array_add(a, task_mode_json(k, mode, t));
		}
		json_object_object_add(d, "tasks", a);
		break;
	}
	crash_json_emit(s, d);
}

static int ps_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	unsigned filt = 0;
	enum mode mode = M_LIST;
	int policy = -1, opt;
	bool *cpus = NULL;	/* -C: per-CPU blocks of -l / -m */

	while ((opt = getopt(argc, argv, "kuGspctlmagrSAy:C:")) != -1) {
		switch (opt) {
		case 'k': filt |= F_KERNEL; break;
		case 'u': filt |= F_USER; break;
		case 'G': filt |= F_LEADER; break;
		case 's': mode = M_KSTACK; break;
		case 'p': mode = M_PARENTS; break;
		case 'c': mode = M_CHILDREN; break;
		case 't': mode = M_TIMES; break;
		case 'l': mode = M_LAST; break;
		case 'm': mode = M_LASTM; break;
		case 'a': mode = M_ARGS; break;
		case 'g': mode = M_GROUP; break;
		case 'r': mode = M_RLIMIT; break;
		case 'S': mode = M_SUMMARY; break;
		case 'A': mode = M_ACTIVE; break;
		case 'y':
			if ((policy = policy_of(optarg)) < 0) {
				free(cpus);
				return crash_error(s, "invalid scheduling policy: %s", optarg);
			}
			break;
		case 'C':
			free(cpus);
			cpus = parse_cpus(k, optarg);
			if (!cpus)
				return crash_error(s, "invalid cpu specification: %s", optarg);
			break;
		default:
			free(cpus);
			return -1; /* getopt said which */
		}
	}
	if ((filt & F_KERNEL) && (filt & F_USER)) {
		free(cpus);
		return crash_error(s, "-k and -u are mutually exclusive");
	}
	if (cpus && mode != M_LAST && mode != M_LASTM) {
		free(cpus);
		return crash_error(s, "-C option is only applicable with -l and -m");
	}
	long n = ktask_count(k);
	if (n < 0) {
		free(cpus);
		return crash_error(s, "%s", err_get());
	}
	int nsel = argc - optind;
	struct sel *sels = xcalloc(nsel ? nsel : 1, sizeof(*sels));
	for (int i = 0; i < nsel; i++)
		if (parse_sel(s, argv[optind + i], &sels[i])) {
			for (int j = 0; j < i; j++)
				if (sels[j].kind == S_RE)
					regfree(&sels[j].re);
			free(sels);
			free(cpus);
			return -1;
		}

	const struct ktask **list = xcalloc(n + 1, sizeof(*list));
	long m = 0;
	for (long i = 0; i < n; i++) {
		const struct ktask *t = ktask_at(k, i);
		if ((filt & F_KERNEL) && !t->kthread)
			continue;
		if ((filt & F_USER) && t->kthread)
			continue;
		if ((filt & F_LEADER) && t->pid != t->tgid && !t->idle)
			continue;
		if (policy >= 0 && (int)t->policy != policy)
			continue;
		if (mode == M_ACTIVE && !t->active)
			continue;
		bool ok = nsel == 0;
		for (int j = 0; j < nsel && !ok; j++)
			ok = sel_match(&sels[j], t);
		if (ok)
			list[m++] = t;
	}
	for (int j = 0; j < nsel; j++) {
		bool found = false;
		for (long i = 0; i < n && !found; i++)
			found = sel_match(&sels[j], ktask_at(k, i));
		if (!found && sels[j].kind != S_RE && sels[j].kind != S_COMM)
			crash_warn(s, "invalid task or pid value: %s", argv[optind + j]);
	}

	if (crash_json(s)) {
		if (mode == M_LAST || mode == M_LASTM)
			qsort(list, m, sizeof(*list), cmp_last);
		ps_json(s, k, mode, list, m, cpus);
		goto done;
	}
	switch (mode) {
	case M_LIST: case M_KSTACK: case M_ACTIVE:
		ps_header(out, mode == M_KSTACK);
		for (long i = 0; i < m && !crash_interrupted(); i++)
			ps_line(k, out, list[i], mode == M_KSTACK);
		break;
	case M_SUMMARY: {
		for (size_t o = 0; o < sizeof(state_order) / sizeof(state_order[0]); o++) {
			long c = 0;
			for (long i = 0; i < m; i++)
				c += !strcmp(list[i]->st, state_order[o]);
			if (c)
				fprintf(out, "  %s: %ld\n", state_order[o], c);
		}
		break;
	}
	case M_LAST: case M_LASTM: {
		qsort(list, m, sizeof(*list), cmp_last);
		int nc = kernel_nr_cpus(k);
		for (int c = cpus ? 0 : -1; c < (cpus ? nc : 0); c++) {
		if (cpus && !cpus[c])
			continue;
		if (cpus)
			fprintf(out, "%sCPU: %d\n", c && cpus ? "\n" : "", c);
		for (long i = 0; i < m; i++) {
			const struct ktask *t = list[i];
			if (cpus && t->cpu != c)
				continue;
			/* time since last run, on the clock of its CPU */
			uint64_t now = mode == M_LASTM ? ksched_rq_clock(k, t->cpu) : 0;
			if (mode == M_LAST) {
				fprintf(out, "[%11llu] [%s]  ", (unsigned long long)t->last_run, t->st);
			} else {
				uint64_t d = now > t->last_run ? now - t->last_run : 0, ms = d / 1000000;
				fprintf(out, "[%llu %02llu:%02llu:%02llu.%03llu] [%s]  ",
					(unsigned long long)(ms / 86400000), (unsigned long long)(ms / 3600000 % 24),
					(unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60),
					(unsigned long long)(ms % 1000), t->st);
			}
			crash_print_task_header(s, t->task, false);
		}
		}
		break;
	}
	default:
		for (long i = 0; i < m && !crash_interrupted(); i++) {
			const struct ktask *t = list[i];
			switch (mode) {
			case M_PARENTS: parents(s, k, out, t); fprintf(out, "\n"); break;
			case M_CHILDREN: children(s, k, out, t); fprintf(out, "\n"); break;
			case M_TIMES: times(s, k, out, t); fprintf(out, "\n"); break;
			case M_GROUP:
				if (t->pid == t->tgid || t->idle) {
					group(s, k, out, t);
					fprintf(out, "\n");
				}
				break;
			case M_RLIMIT: rlimits(s, k, out, t); break;
			case M_ARGS:
				if (t->kthread || !t->mm)
					break;
				crash_print_task_header(s, t->task, false);
				print_args(k, out, t);
				fprintf(out, "\n");
				break;
			default: break;
			}
		}
		break;
	}
done:
	for (int j = 0; j < nsel; j++)
		if (sels[j].kind == S_RE)
			regfree(&sels[j].re);
	free(sels);
	free(list);
	free(cpus);
	crash_report_unreadable_tasks(s);
	return 0;
}

static const struct crash_cmd ps_cmd = {
	.name = "ps",
	.run = ps_run,
	.summary = "display process status information",
	.synopsis = "[-k|-u|-G][-s][-p|-c|-t|-l|-m|-a|-g|-r|-S|-A][-y policy] [pid | task | command | 'regex'] ...",
	.description =
		"Lists every task (each thread, and the idle task of every CPU), or the\n"
		"ones selected by pid, task_struct address, command name or a quoted\n"
		"'regular expression' matched against the command name.  Columns: PID,\n"
		"parent PID, CPU, task_struct address, state (RU IN UN ID ZO ST TR DE WA\n"
		"PA NE), %MEM, VSZ and RSS in KiB, command.  '>' marks the task active on\n"
		"a CPU; kernel threads are shown in brackets.\n"
		"\n"
		"  -k  kernel threads only        -u  user tasks only\n"
		"  -G  thread group leaders only  -y policy  tasks of a scheduling policy\n"
		"  -s  kernel stack pointer instead of the task address\n"
		"  -p  parental hierarchy         -c  children\n"
		"  -t  run, start, user and system times\n"
		"  -l  last-run timestamp, newest first; -m: as time since last run\n"
		"  -C cpus  with -l or -m: one block per CPU (\"1,3,5-7\", \"all\")\n"
		"  -g  thread groups              -r  resource limits\n"
		"  -S  number of tasks in each state\n"
		"  -A  only the task active on each CPU\n"
		"\n"
		"EXAMPLES\n"
		"  crash> ps -k 'kworker.*'\n"
		"  crash> ps -S\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(ps_cmd)
