/* foreach: run a task command (bt, vm, files, task, sig, ...) for each
 * selected task, with that task as the current context. */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"

/* Task commands crash runs under foreach, also when they are not
 * registered with CMD_TASK_ARG (their help says how they take a task). */
static bool is_task_cmd(const char *name)
{
	static const char *const names[] = {"bt", "vm", "task", "files", "net", "set", "ps",
					    "sig", "vtop", "search", NULL};
	const struct crash_cmd *c = crash_find_command(name);
	if (c && (c->flags & CMD_TASK_ARG))
		return true;
	if (!c)
		return false;
	for (int i = 0; names[i]; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static const char *const states[] = {"RU", "IN", "UN", "ID", "ZO", "ST", "TR", "DE", "WA",
				     "PA", "NE", NULL};

struct fsel {
	enum { K_PID, K_TASK, K_COMM, K_RE, K_USER, K_KERNEL, K_ACTIVE, K_GLEADER, K_STATE } kind;
	long pid;
	uint64_t task;
	const char *str;
	regex_t re;
};

static bool fmatch(const struct fsel *f, const struct ktask *t)
{
	switch (f->kind) {
	case K_PID: return t->pid == f->pid;
	case K_TASK: return t->task == f->task;
	case K_COMM: return !strcmp(t->comm, f->str);
	case K_RE: return !regexec(&f->re, t->comm, 0, NULL, 0);
	case K_USER: return !t->kthread;
	case K_KERNEL: return t->kthread;
	case K_ACTIVE: return t->active;
	case K_GLEADER: return t->pid == t->tgid && !t->kthread;
	case K_STATE: return !strcmp(t->st, f->str);
	}
	return false;
}

static int parse_fsel(struct crash_session *s, const char *a, struct fsel *f)
{
	size_t n = strlen(a);
	char *end;
	memset(f, 0, sizeof(*f));
	if (!strcmp(a, "user")) { f->kind = K_USER; return 0; }
	if (!strcmp(a, "kernel")) { f->kind = K_KERNEL; return 0; }
	if (!strcmp(a, "active")) { f->kind = K_ACTIVE; return 0; }
	if (!strcmp(a, "gleader")) { f->kind = K_GLEADER; return 0; }
	for (int i = 0; states[i]; i++)
		if (!strcmp(a, states[i])) {
			f->kind = K_STATE;
			f->str = states[i];
			return 0;
		}
	/* 'regex': the shell may have removed the quotes already, so an
	 * argument with regex characters is a pattern too */
	bool quoted = n >= 2 && a[0] == '\'' && a[n - 1] == '\'';
	if (quoted || (a[0] != '\\' && strpbrk(a, ".*[]^$+?()|{}"))) {
		char *pat = quoted ? xstrndup(a + 1, n - 2) : xstrdup(a);
		char why[128];
		int rc = re_compile(&f->re, pat, REG_EXTENDED | REG_NOSUB, why, sizeof(why));
		free(pat);
		if (rc)
			return crash_error(s, "invalid regular expression: %s: %s", a, why);
		f->kind = K_RE;
		return 0;
	}
	if (a[0] == '\\') {
		f->kind = K_COMM;
		f->str = a + 1;
		return 0;
	}
	long v = strtol(a, &end, 10);
	if (!*end && end != a) {
		f->kind = K_PID;
		f->pid = v;
		return 0;
	}
	const char *h = (a[0] == '0' && (a[1] == 'x' || a[1] == 'X')) ? a + 2 : a;
	unsigned long long x = strtoull(h, &end, 16);
	if (!*end && end != h && strlen(h) >= 8) {
		f->kind = K_TASK;
		f->task = x;
		return 0;
	}
	f->kind = K_COMM;
	f->str = a;
	return 0;
}

static char *join(int argc, char **argv)
{
	size_t len = 1;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) * 2 + 3;
	char *line = xmalloc(len), *p = line;
	for (int i = 0; i < argc; i++) {
		if (i)
			*p++ = ' ';
		/* keep arguments with blanks or quotes as one word */
		bool q = strpbrk(argv[i], " \t'\"|>") != NULL;
		if (q)
			*p++ = '"';
		for (const char *c = argv[i]; *c; c++) {
			if (q && (*c == '"' || *c == '\\'))
				*p++ = '\\';
			*p++ = *c;
		}
		if (q)
			*p++ = '"';
	}
	*p = 0;
	return line;
}

static void free_sels(struct fsel *sels, int n)
{
	for (int j = 0; j < n; j++)
		if (sels[j].kind == K_RE)
			regfree(&sels[j].re);
	free(sels);
}

/* Does a command line carry option letter c (alone or in a cluster, before
 * a "--")? */
static bool has_option(int argc, char **argv, char c)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (argv[i][0] == '-' && argv[i][1] != '-' && strchr(argv[i] + 1, c))
			return true;
	}
	return false;
}

static int foreach_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int ci = 1;
	while (ci < argc && !is_task_cmd(argv[ci]))
		ci++;
	if (ci >= argc)
		return crash_error(s, "no task command given (e.g. bt, vm, files, task, ps)");
	long n = ktask_count(k);
	if (n < 0)
		return crash_error(s, "%s", err_get());
	int nsel = ci - 1;
	struct fsel *sels = xcalloc(nsel ? nsel : 1, sizeof(*sels));
	for (int i = 0; i < nsel; i++)
		if (parse_fsel(s, argv[1 + i], &sels[i])) {
			free_sels(sels, i);	/* the patterns compiled before it */
			return -1;
		}
	/* crash: selectors of the same kind add up; a state or a class
	 * (user/kernel/active) further restricts the named tasks. */
	bool named = false, classes = false;
	for (int i = 0; i < nsel; i++) {
		if (sels[i].kind <= K_RE)
			named = true;
		else
			classes = true;
	}

	const struct ktask **list = xcalloc(n + 1, sizeof(*list));
	long m = 0;
	for (long i = 0; i < n; i++) {
		const struct ktask *t = ktask_at(k, i);
		bool ok = !named, cls = true;
		for (int j = 0; j < nsel; j++) {
			if (sels[j].kind <= K_RE)
				ok = ok || fmatch(&sels[j], t);
			else
				cls = cls && fmatch(&sels[j], t);
		}
		(void)classes;
		if (ok && cls)
			list[m++] = t;
	}

	int rc = 0;
	if (!strcmp(argv[ci], "ps")) {
		/* one table: ps with every selected task */
		char **av = xcalloc(argc - ci + m + 1, sizeof(*av));
		int ac = 0;
		for (int i = ci; i < argc; i++)
			av[ac++] = argv[i];
		char (*addr)[20] = xcalloc(m + 1, sizeof(*addr));
		for (long i = 0; i < m; i++) {
			snprintf(addr[i], sizeof(addr[i]), "%llx", (unsigned long long)list[i]->task);
			av[ac++] = addr[i];
		}
		char *line = join(ac, av);
		if (m)
			rc = crash_run_line(s, line);
		free(line);
		free(addr);
		free(av);
	} else {
		uint64_t saved = crash_current_task(s);
		char *line = join(argc - ci, argv + ci);
		/* task and sig end each block with their own blank line, and so
		 * does files -R, which prints nothing at all for a task that
		 * does not match; vtop prints no task header of its own */
		bool blank = strcmp(argv[ci], "task") != 0 && strcmp(argv[ci], "sig") != 0 &&
			     !(strcmp(argv[ci], "files") == 0 && has_option(argc - ci, argv + ci, 'R'));
		bool header = !strcmp(argv[ci], "vtop");
		for (long i = 0; i < m && !crash_interrupted(); i++) {
			crash_set_current_task(s, list[i]->task);
			if (header)
				crash_print_task_header(s, list[i]->task, false);
			if (crash_run_line(s, line)) {
				rc = -1;
				/* the same for every task: said once */
				if (crash_last_was_usage_error(s))
					break;
			}
			if (blank && !crash_json(s))	/* JSON: each run is a document of results */
				fprintf(crash_out(s), "\n");
		}
		crash_set_current_task(s, saved);
		free(line);
		crash_report_unreadable_tasks(s);
	}
	(void)out;
	free_sels(sels, nsel);
	free(list);
	return rc;
}

static const struct crash_cmd foreach_cmd = {
	.name = "foreach",
	.run = foreach_run,
	.summary = "run a command for each task",
	.synopsis = "[pid | task | name | 'regex' | user | kernel | gleader | active | state] ... "
		    "command [flags]",
	.description =
		"Runs a task command (bt, vm, task, files, sig, vtop, ps, or any command\n"
		"taking a task) once for each selected task, with that task as the current\n"
		"context; the context is restored afterwards.  Without selectors every task\n"
		"is used.  Selectors: a pid, a task_struct address, a command name, a quoted\n"
		"'regex' on the command name, user, kernel, gleader (thread group leaders),\n"
		"active (running on a CPU), or a state (RU IN UN ID ZO ST TR DE WA PA NE).\n"
		"Names and numbers add tasks; classes and states restrict them.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> foreach bash bt\n"
		"  crash> foreach UN bt -f\n"
		"  crash> foreach 'wl-.*' task -R pid,comm\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(foreach_cmd)
