/* ps: process status, in crash's layout, from the task table. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"
#include "kernel-types/tasks.h"
#include "kernel-types/tasks_kt.h"

enum { F_KERNEL = 1, F_USER = 2, F_LEADER = 4 };
enum mode { M_LIST, M_KSTACK, M_PARENTS, M_CHILDREN, M_TIMES, M_LAST, M_LASTM,
	    M_GROUP, M_RLIMIT, M_SUMMARY, M_ACTIVE, M_ARGS };

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
		int rc = regcomp(&out->re, pat, REG_EXTENDED | REG_NOSUB);
		free(pat);
		if (rc)
			return crash_error(s, "invalid regular expression: %s", a);
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
		long off;
		uint64_t sp = 0;
		if (t->active && !t->idle)
			snprintf(col, sizeof(col), "       --       ");
		else if (!tkt_member(k, "task_struct", "thread.sp", &off, NULL) &&
			 !tkt_read(k, t->task + off, &sp, 8))
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

static void parents(struct kernel *k, FILE *out, const struct ktask *t)
{
	const struct ktask *chain[64];
	int n = 0;
	for (const struct ktask *p = t; p && n < 64; n++) {
		chain[n] = p;
		if (p->idle || (p->pid == 0) || !p->parent || p->parent == p->task)
			{ n++; break; }
		p = ktask_by_addr(k, p->parent);
	}
	for (int i = n - 1, ind = 0; i >= 0; i--, ind++) {
		fprintf(out, "%*s", ind, "");
		tasks_print_header(k, out, chain[i]);
	}
}

static void children(struct kernel *k, FILE *out, const struct ktask *t)
{
	long n = ktask_count(k);
	bool any = false;
	tasks_print_header(k, out, t);
	for (long i = 0; i < n; i++) {
		const struct ktask *c = ktask_at(k, i);
		if (c->parent == t->task && c != t && c->pid == c->tgid && !c->idle) {
			fprintf(out, "  ");
			tasks_print_header(k, out, c);
			any = true;
		}
	}
	if (!any)
		fprintf(out, "  (no children)\n");
}

static void group(struct kernel *k, FILE *out, const struct ktask *t)
{
	const struct ktask *l = ktask_leader(k, t);
	long n = ktask_count(k);
	bool any = false;
	tasks_print_header(k, out, l);
	for (long i = 0; i < n; i++) {
		const struct ktask *c = ktask_at(k, i);
		if (c != l && !c->idle && c->group_leader == l->task) {
			fprintf(out, "  ");
			tasks_print_header(k, out, c);
			any = true;
		}
	}
	if (!any)
		fprintf(out, "  (no threads)\n");
}

static uint64_t rd64(struct kernel *k, uint64_t a)
{
	uint64_t v = 0;
	tkt_read(k, a, &v, 8);
	return v;
}

static long moff(struct kernel *k, const char *t, const char *m)
{
	long off;
	return tkt_member(k, t, m, &off, NULL) ? -1 : off;
}

/* The run queue clock of a CPU (ns since boot), 0 if unknown. */
static uint64_t rq_clock(struct kernel *k, int cpu)
{
	uint64_t rq = tkt_symbol(k, "runqueues"), offs = tkt_symbol(k, "__per_cpu_offset");
	long clk = moff(k, "rq", "clock");
	if (!rq || clk < 0 || cpu < 0 || cpu >= ktask_ncpus(k))
		return 0;
	return rd64(k, rq + (offs ? rd64(k, offs + 8ull * cpu) : 0) + clk);
}

/* Nanoseconds since boot at the time of the dump: the largest run queue
 * clock. */
static uint64_t now_ns(struct kernel *k)
{
	uint64_t rq = tkt_symbol(k, "runqueues"), offs = tkt_symbol(k, "__per_cpu_offset");
	long clk = moff(k, "rq", "clock");
	uint64_t best = 0;
	if (!rq || clk < 0)
		return 0;
	for (int c = 0; c < ktask_ncpus(k); c++) {
		uint64_t v = rd64(k, rq + (offs ? rd64(k, offs + 8ull * c) : 0) + clk);
		if (v > best)
			best = v;
	}
	return best;
}

static void times(struct kernel *k, FILE *out, const struct ktask *t)
{
	long st = moff(k, "task_struct", "start_time");
	long ut = moff(k, "task_struct", "utime"), sy = moff(k, "task_struct", "stime");
	uint64_t start = st >= 0 ? rd64(k, t->task + st) : 0;
	uint64_t now = now_ns(k), run = now > start ? (now - start) / 1000000000ull : 0;
	tasks_print_header(k, out, t);
	if (run >= 86400)
		fprintf(out, "    RUN TIME: %llu days, %02llu:%02llu:%02llu\n",
			(unsigned long long)(run / 86400), (unsigned long long)(run % 86400 / 3600),
			(unsigned long long)(run % 3600 / 60), (unsigned long long)(run % 60));
	else
		fprintf(out, "    RUN TIME: %02llu:%02llu:%02llu\n", (unsigned long long)(run / 3600),
			(unsigned long long)(run % 3600 / 60), (unsigned long long)(run % 60));
	fprintf(out, "  START TIME: %llu\n", (unsigned long long)start);
	fprintf(out, "       UTIME: %llu\n", (unsigned long long)(ut >= 0 ? rd64(k, t->task + ut) : 0));
	fprintf(out, "       STIME: %llu\n", (unsigned long long)(sy >= 0 ? rd64(k, t->task + sy) : 0));
}

static void rlimits(struct kernel *k, FILE *out, const struct ktask *t)
{
	static const char *const names[] = {"CPU", "FSIZE", "DATA", "STACK", "CORE", "RSS",
		"NPROC", "NOFILE", "MEMLOCK", "AS", "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE",
		"RTPRIO", "RTTIME"};
	long sig = moff(k, "task_struct", "signal"), rl = moff(k, "signal_struct", "rlim");
	tasks_print_header(k, out, t);
	uint64_t s = sig >= 0 ? rd64(k, t->task + sig) : 0;
	if (!s || rl < 0) {
		fprintf(out, "  (no rlimits)\n\n");
		return;
	}
	fprintf(out, "      RLIMIT     CURRENT       MAXIMUM  \n");
	for (int i = 0; i < 16; i++) {
		uint64_t v[2] = {0, 0};
		char c[2][24];
		tkt_read(k, s + rl + 16ull * i, v, sizeof(v));
		for (int j = 0; j < 2; j++) {
			if (v[j] == ~0ull)
				snprintf(c[j], sizeof(c[j]), "(unlimited)");
			else
				snprintf(c[j], sizeof(c[j]), "%llu", (unsigned long long)v[j]);
		}
		/* crash centres each value in a field of 11 */
		char f[2][64];
		for (int j = 0; j < 2; j++) {
			int l = (int)strlen(c[j]), left = l < 11 ? (11 - l) / 2 : 0;
			snprintf(f[j], sizeof(f[j]), "%*s%s%*s", left, "", c[j], l < 11 ? 11 - l - left : 0, "");
		}
		fprintf(out, "%12s   %s   %s\n", names[i], f[0], f[1]);
	}
	fprintf(out, "\n");
}

/* ps -a: the argument and environment strings from the task's user
 * memory (mm->arg_start..arg_end, env_start..env_end). */
static void print_strings(struct kernel *k, FILE *out, uint64_t pgd, uint64_t lo, uint64_t hi,
			  const char *label, bool env)
{
	if (hi <= lo || hi - lo > (1u << 20)) {
		fprintf(out, "%s (unavailable)\n", label);
		return;
	}
	size_t n = hi - lo;
	char *buf = xmalloc(n + 1);
	if (tkt_read_user(k, pgd, lo, buf, n)) {
		fprintf(out, "%s (not in the dump)\n", label);
		free(buf);
		return;
	}
	buf[n] = 0;
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
	free(buf);
}

static void print_args(struct kernel *k, FILE *out, const struct ktask *t)
{
	long as = moff(k, "mm_struct", "arg_start"), ae = moff(k, "mm_struct", "arg_end");
	long es = moff(k, "mm_struct", "env_start"), ee = moff(k, "mm_struct", "env_end");
	long pg = moff(k, "mm_struct", "pgd");
	if (as < 0 || ae < 0 || es < 0 || ee < 0 || pg < 0) {
		fprintf(out, "ARG: (unavailable)\n");
		return;
	}
	uint64_t pgd = rd64(k, t->mm + pg);
	print_strings(k, out, pgd, rd64(k, t->mm + as), rd64(k, t->mm + ae), "ARG:", false);
	print_strings(k, out, pgd, rd64(k, t->mm + es), rd64(k, t->mm + ee), "ENV:", true);
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
static unsigned char *parse_cpus(struct kernel *k, const char *spec)
{
	int nc = ktask_ncpus(k);
	if (nc <= 0)
		return NULL;
	unsigned char *c = calloc(nc, 1);
	if (!c)
		return NULL;
	if (!strcmp(spec, "all") || !strcmp(spec, "a")) {
		memset(c, 1, nc);
		return c;
	}
	const char *p = spec;
	while (*p) {
		char *end;
		long a = strtol(p, &end, 10), b = a;
		if (end == p || a < 0)
			goto bad;
		if (*end == '-') {
			p = end + 1;
			b = strtol(p, &end, 10);
			if (end == p || b < a)
				goto bad;
		}
		for (long i = a; i <= b && i < nc; i++)
			c[i] = 1;
		if (a >= nc)
			goto bad;
		if (*end == ',')
			end++;
		else if (*end)
			goto bad;
		p = end;
	}
	return c;
bad:
	free(c);
	return NULL;
}

static int ps_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	unsigned filt = 0;
	enum mode mode = M_LIST;
	int policy = -1, opt;
	unsigned char *cpus = NULL;	/* -C: per-CPU blocks of -l / -m */

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
			if ((policy = policy_of(optarg)) < 0)
				return crash_error(s, "invalid scheduling policy: %s", optarg);
			break;
		case 'C':
			free(cpus);
			cpus = parse_cpus(k, optarg);
			if (!cpus)
				return crash_error(s, "invalid cpu specification: %s", optarg);
			break;
		default: return -1; /* getopt said which */
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

	switch (mode) {
	case M_LIST: case M_KSTACK: case M_ACTIVE:
		ps_header(out, mode == M_KSTACK);
		for (long i = 0; i < m && !crash_interrupted(); i++)
			ps_line(k, out, list[i], mode == M_KSTACK);
		break;
	case M_SUMMARY: {
		static const char *const order[] = {"RU", "IN", "UN", "ID", "ZO", "ST", "TR",
						    "DE", "WA", "PA", "NE", "??"};
		for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++) {
			long c = 0;
			for (long i = 0; i < m; i++)
				c += !strcmp(list[i]->st, order[o]);
			if (c)
				fprintf(out, "  %s: %ld\n", order[o], c);
		}
		break;
	}
	case M_LAST: case M_LASTM: {
		qsort(list, m, sizeof(*list), cmp_last);
		int nc = ktask_ncpus(k);
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
			uint64_t now = mode == M_LASTM ? rq_clock(k, t->cpu) : 0;
			if (mode == M_LAST) {
				fprintf(out, "[%11llu] [%s]  ", (unsigned long long)t->last_run, t->st);
			} else {
				uint64_t d = now > t->last_run ? now - t->last_run : 0, ms = d / 1000000;
				fprintf(out, "[%llu %02llu:%02llu:%02llu.%03llu] [%s]  ",
					(unsigned long long)(ms / 86400000), (unsigned long long)(ms / 3600000 % 24),
					(unsigned long long)(ms / 60000 % 60), (unsigned long long)(ms / 1000 % 60),
					(unsigned long long)(ms % 1000), t->st);
			}
			tasks_print_header(k, out, t);
		}
		}
		break;
	}
	default:
		for (long i = 0; i < m && !crash_interrupted(); i++) {
			const struct ktask *t = list[i];
			switch (mode) {
			case M_PARENTS: parents(k, out, t); fprintf(out, "\n"); break;
			case M_CHILDREN: children(k, out, t); fprintf(out, "\n"); break;
			case M_TIMES: times(k, out, t); fprintf(out, "\n"); break;
			case M_GROUP:
				if (t->pid == t->tgid || t->idle) {
					group(k, out, t);
					fprintf(out, "\n");
				}
				break;
			case M_RLIMIT: rlimits(k, out, t); break;
			case M_ARGS:
				if (t->kthread || !t->mm)
					break;
				tasks_print_header(k, out, t);
				print_args(k, out, t);
				fprintf(out, "\n");
				break;
			default: break;
			}
		}
		break;
	}
	for (int j = 0; j < nsel; j++)
		if (sels[j].kind == S_RE)
			regfree(&sels[j].re);
	free(sels);
	free(list);
	free(cpus);
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
