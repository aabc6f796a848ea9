/* sig: a task's signal handling: the sigaction table of its sighand, what
 * it blocks, and what is pending to it and to its thread group (with the
 * queued siginfo entries); -l lists signal names, -s decodes a sigset. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

#define NSIG SIGNALS_NSIG

static const char *const sig_names[32] = {
	NULL,	     "SIGHUP",	"SIGINT",    "SIGQUIT",	  "SIGILL",    "SIGTRAP",
	"SIGABRT/SIGIOT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV",
	"SIGUSR2",   "SIGPIPE", "SIGALRM",   "SIGTERM",	  "SIGSTKFLT", "SIGCHLD/SIGCLD",
	"SIGCONT",   "SIGSTOP", "SIGTSTP",   "SIGTTIN",	  "SIGTTOU",   "SIGURG",
	"SIGXCPU",   "SIGXFSZ", "SIGVTALRM", "SIGPROF",	  "SIGWINCH",  "SIGIO/SIGPOLL",
	"SIGPWR",    "SIGSYS/SIGUNUSED",
};

/* Name of signal n (1-64): real-time signals count from SIGRTMIN up to
 * 48 and from SIGRTMAX down above, as crash names them. */
static void sig_name(int n, char *buf, size_t len)
{
	if (n < 32)
		snprintf(buf, len, "%s", sig_names[n]);
	else if (n == 32)
		snprintf(buf, len, "SIGRTMIN");
	else if (n <= 48)
		snprintf(buf, len, "SIGRTMIN+%d", n - 32);
	else if (n < 64)
		snprintf(buf, len, "SIGRTMAX-%d", 64 - n);
	else
		snprintf(buf, len, "SIGRTMAX");
}

/* sa_flags bits, lowest first (x86_64 values). */
static const struct {
	uint64_t bit;
	const char *name;
} sa_flags[] = {
	{ 0x00000001, "SA_NOCLDSTOP" }, { 0x00000002, "SA_NOCLDWAIT" },
	{ 0x00000004, "SA_SIGINFO" },	{ 0x04000000, "SA_RESTORER" },
	{ 0x08000000, "SA_ONSTACK" },	{ 0x10000000, "SA_RESTART" },
	{ 0x40000000, "SA_NODEFER" },	{ 0x80000000, "SA_RESETHAND" },
};

struct sig {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
};

static void print_actions(struct sig *g, uint64_t sighand)
{
	struct signal_action act[SIGNALS_NSIG];
	signal_actions(g->k, sighand, act);
	fprintf(g->out, " SIG    SIGACTION        HANDLER       MASK       FLAGS           \n");
	for (int n = 1; n <= SIGNALS_NSIG; n++) {
		const struct signal_action *a = &act[n - 1];
		char idx[8], h[24];
		snprintf(idx, sizeof(idx), "[%d]", n);
		if (!a->ok) {
			fprintf(g->out, "%4s %" PRIx64 "  (unreadable)\n", idx, a->addr);
			continue;
		}
		if (a->handler == 0)
			snprintf(h, sizeof(h), "SIG_DFL");
		else if (a->handler == 1)
			snprintf(h, sizeof(h), "SIG_IGN");
		else if (a->handler == UINT64_MAX)
			snprintf(h, sizeof(h), "SIG_ERR");
		else
			snprintf(h, sizeof(h), "%" PRIx64, a->handler);
		fprintf(g->out, "%4s %" PRIx64 " %10s %016" PRIx64 " %" PRIx64 " ", idx, a->addr, h,
			a->mask, a->flags);
		int others = 0;
		for (size_t i = 0; i < sizeof(sa_flags) / sizeof(sa_flags[0]); i++) {
			if (a->flags & sa_flags[i].bit)
				fprintf(g->out, "%s%s", others++ ? "|" : "(", sa_flags[i].name);
		}
		fprintf(g->out, "%s\n", others ? ")" : "");
	}
}

/* A struct sigpending: its signal set and its queue of siginfo entries. */
static void print_pending(struct sig *g, uint64_t pending, const char *indent)
{
	struct signal_pending p;
	signal_pending(g->k, pending, &p);
	fprintf(g->out, "%s    SIGNAL: %016" PRIx64 "\n", indent, p.set);
	switch (p.queue) {
	case SIGQ_UNKNOWN_LAYOUT:
		fprintf(g->out, "%s  SIGQUEUE: (unknown layout)\n", indent);
		break;
	case SIGQ_UNREADABLE:
		fprintf(g->out, "%s  SIGQUEUE: (unreadable)\n", indent);
		break;
	case SIGQ_EMPTY:
		fprintf(g->out, "%s  SIGQUEUE: (empty)\n", indent);
		break;
	case SIGQ_ENTRIES:
		fprintf(g->out, "%s  SIGQUEUE:  SIG  SIGINFO\n", indent);
		for (size_t i = 0; i < p.nq; i++)
			fprintf(g->out, "%s%16d  %" PRIx64 "\n", indent, p.q[i].signo, p.q[i].info);
		if (p.broken)
			fprintf(g->out, "%s            (list unreadable at %" PRIx64 ")\n", indent,
				p.broken_at);
		break;
	}
	free(p.q);
}

static void print_private(struct sig *g, uint64_t task, const char *indent)
{
	struct signal_thread th;
	signal_thread(g->k, task, &th);
	fprintf(g->out, "%sSIGPENDING: %s\n", indent, th.sigpending ? "yes" : "no");
	fprintf(g->out, "%s   BLOCKED: %016" PRIx64 "\n", indent, th.blocked);
	fprintf(g->out, "%sPRIVATE_PENDING\n", indent);
	if (th.pending)
		print_pending(g, th.pending, indent);
}

/* ---- JSON (commands/json/sig.schema.json) ---- */

/* A sigset as JSON: "0x" and hex digits (64 bits exceed a double). */
static struct json_object *sigset_json(uint64_t set)
{
	return crash_json_addr(set);
}

static struct json_object *task_json(struct sig *g, uint64_t task)
{
	return crash_json_task(g->s, task);
}

static struct json_object *actions_json(struct sig *g, uint64_t sighand)
{
	struct signal_action act[SIGNALS_NSIG];
	struct json_object *a = json_object_new_array();
	signal_actions(g->k, sighand, act);
	for (int n = 1; n <= SIGNALS_NSIG; n++) {
		const struct signal_action *x = &act[n - 1];
		struct json_object *o = json_object_new_object(), *fl = json_object_new_array();
		char name[32];
		sig_name(n, name, sizeof(name));
		json_object_object_add(o, "signal", json_object_new_int(n));
		json_object_object_add(o, "name", json_object_new_string(name));
		json_object_object_add(o, "sigaction", crash_json_addr(x->addr));
		json_object_object_add(o, "readable", json_object_new_boolean(x->ok));
		if (!x->ok) {
			json_object_object_add(o, "handler", NULL);
			json_object_object_add(o, "mask", NULL);
			json_object_object_add(o, "flags", NULL);
			json_object_object_add(o, "flag_names", NULL);
			json_object_put(fl);
			json_object_array_add(a, o);
			continue;
		}
		json_object_object_add(o, "handler", x->handler == 0 ? json_object_new_string("SIG_DFL")
					 : x->handler == 1 ? json_object_new_string("SIG_IGN")
					 : x->handler == UINT64_MAX ? json_object_new_string("SIG_ERR")
					 : crash_json_addr(x->handler));
		json_object_object_add(o, "mask", sigset_json(x->mask));
		json_object_object_add(o, "flags", json_object_new_uint64(x->flags));
		for (size_t i = 0; i < sizeof(sa_flags) / sizeof(sa_flags[0]); i++)
			if (x->flags & sa_flags[i].bit)
				json_object_array_add(fl, json_object_new_string(sa_flags[i].name));
		json_object_object_add(o, "flag_names", fl);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *pending_json(struct sig *g, uint64_t pending)
{
	static const char *const state[] = {
		[SIGQ_UNKNOWN_LAYOUT] = "unknown_layout", [SIGQ_UNREADABLE] = "unreadable",
		[SIGQ_EMPTY] = "empty", [SIGQ_ENTRIES] = "entries",
	};
	struct signal_pending p;
	struct json_object *o = json_object_new_object(), *q = json_object_new_array();
	signal_pending(g->k, pending, &p);
	json_object_object_add(o, "signal", sigset_json(p.set));
	json_object_object_add(o, "queue_state", json_object_new_string(state[p.queue]));
	for (size_t i = 0; p.queue == SIGQ_ENTRIES && i < p.nq; i++) {
		struct json_object *e = json_object_new_object();
		json_object_object_add(e, "signal", json_object_new_int(p.q[i].signo));
		json_object_object_add(e, "siginfo", crash_json_addr(p.q[i].info));
		json_object_array_add(q, e);
	}
	json_object_object_add(o, "queue", q);
	json_object_object_add(o, "queue_broken_at", p.queue == SIGQ_ENTRIES && p.broken
				 ? crash_json_addr(p.broken_at) : NULL);
	free(p.q);
	return o;
}

/* A thread's own: TIF_SIGPENDING, blocked, private pending, into o. */
static void private_json(struct sig *g, uint64_t task, struct json_object *o)
{
	struct signal_thread th;
	signal_thread(g->k, task, &th);
	json_object_object_add(o, "sigpending", json_object_new_boolean(th.sigpending));
	json_object_object_add(o, "blocked", sigset_json(th.blocked));
	json_object_object_add(o, "private_pending", th.pending ? pending_json(g, th.pending) : NULL);
}

static int sig_task_json(struct sig *g, uint64_t task, bool group, const struct signal_task *st)
{
	struct json_object *d = task_json(g, task);
	json_object_object_add(d, "signal_struct", crash_json_addr(st->signal));
	json_object_object_add(d, st->nr_is_count ? "count" : "nr_threads", json_object_new_uint64(st->nr));
	json_object_object_add(d, "actions", st->sighand ? actions_json(g, st->sighand) : NULL);
	if (!group)
		private_json(g, task, d);
	json_object_object_add(d, "shared_pending",
			       st->shared_pending ? pending_json(g, st->shared_pending) : NULL);
	if (group) {
		struct json_object *a = json_object_new_array();
		const struct ktask *t = ktask_by_addr(g->k, task);
		long n = ktask_count(g->k);
		for (long i = 0; t && i < n; i++) {
			const struct ktask *u = ktask_at(g->k, (size_t)i);
			if (!u || u->tgid != t->tgid || u->idle)
				continue;
			struct json_object *o = task_json(g, u->task);
			private_json(g, u->task, o);
			json_object_array_add(a, o);
		}
		json_object_object_add(d, "threads", a);
	}
	crash_json_emit(g->s, d);
	return 0;
}

static int sig_task(struct sig *g, uint64_t task, bool group)
{
	struct signal_task st;

	if (signal_task(g->k, task, &st) != 0)
		return crash_error(g->s, "%s", err_get());
	if (crash_json(g->s))
		return sig_task_json(g, task, group, &st);
	crash_print_task_header(g->s, task, false);
	fprintf(g->out, "SIGNAL_STRUCT: %" PRIx64 "  %s: %" PRIu64 "\n", st.signal,
		st.nr_is_count ? "COUNT" : "NR_THREADS", st.nr);
	if (!st.sighand)
		fprintf(g->out, " (no sighand: the task has exited)\n");
	else
		print_actions(g, st.sighand);
	if (!group)
		print_private(g, task, "");
	fprintf(g->out, "SHARED_PENDING\n");
	if (st.shared_pending)
		print_pending(g, st.shared_pending, "");
	if (!group) {
		fputc('\n', g->out); /* each task's block ends with a blank line */
		return 0;
	}
	/* every thread of the group: its own pending signals */
	const struct ktask *t = ktask_by_addr(g->k, task);
	long n = ktask_count(g->k);
	for (long i = 0; t && i < n; i++) {
		const struct ktask *u = ktask_at(g->k, (size_t)i);
		if (!u || u->tgid != t->tgid || u->idle)
			continue;
		fprintf(g->out, "\n  ");
		crash_print_task_header(g->s, u->task, false);
		print_private(g, u->task, "  ");
	}
	fputc('\n', g->out);
	return 0;
}

static int sig_list(struct crash_session *s, FILE *out)
{
	char name[32];
	if (crash_json(s)) {
		struct json_object *d = json_object_new_object(), *a = json_object_new_array();
		for (int n = 1; n <= NSIG; n++) {
			struct json_object *o = json_object_new_object();
			sig_name(n, name, sizeof(name));
			json_object_object_add(o, "signal", json_object_new_int(n));
			json_object_object_add(o, "name", json_object_new_string(name));
			json_object_array_add(a, o);
		}
		json_object_object_add(d, "signals", a);
		crash_json_emit(s, d);
		return 0;
	}
	for (int n = 1; n <= NSIG; n++) {
		char idx[8];
		snprintf(idx, sizeof(idx), "[%d]", n);
		sig_name(n, name, sizeof(name));
		fprintf(out, "%4s %s\n", idx, name);
	}
	return 0;
}

static int sig_set(struct crash_session *s, const char *arg)
{
	uint64_t set;
	char name[32];
	int any = 0;
	if (addrarg_number(arg, &set) != 0)
		return crash_error(s, "invalid sigset: %s", arg);
	struct json_object *names = crash_json(s) ? json_object_new_array() : NULL;
	for (int n = 1; n <= NSIG; n++) {
		if (!(set & (1ull << (n - 1))))
			continue;
		sig_name(n, name, sizeof(name));
		char *slash = strchr(name, '/'); /* first name only */
		if (slash)
			*slash = '\0';
		if (names) {
			json_object_array_add(names, json_object_new_string(name));
			continue;
		}
		fprintf(crash_out(s), "%s%s", any++ ? " " : "", name);
	}
	if (names) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "sigset", sigset_json(set));
		json_object_object_add(d, "signals", names);
		crash_json_emit(s, d);
		return 0;
	}
	fputc('\n', crash_out(s));
	return 0;
}

static int sig_run(struct crash_session *s, int argc, char **argv)
{
	struct sig g = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	bool group = false;
	int opt, rc = 0;

	optind = 0;
	while ((opt = getopt(argc, argv, "lgs:")) != -1) {
		switch (opt) {
		case 'l': return sig_list(s, g.out);
		case 's': return sig_set(s, optarg);
		case 'g': group = true; break;
		default: return -1;
		}
	}
	if (!g.k)
		return crash_error(s, "no dump is open");
	if (signal_check(g.k) != 0)
		return crash_error(s, "%s", err_get());
	if (optind >= argc) {
		uint64_t t = crash_current_task(s);
		if (!t)
			return crash_error(s, "no current task");
		if (group) {
			const struct ktask *kt = ktask_by_addr(g.k, t);
			const struct ktask *l = kt ? ktask_leader(g.k, kt) : NULL;
			if (l)
				t = l->task;
		}
		return sig_task(&g, t, group);
	}
	for (int i = optind; i < argc; i++) {
		const struct ktask *kt = crash_task_arg(s, argv[i]);
		if (!kt) {
			rc = crash_error(s, "%s", err_get());
			continue;
		}
		uint64_t t = kt->task;
		if (group) {
			const struct ktask *l = ktask_leader(g.k, kt);
			if (l)
				t = l->task;
		}
		if (sig_task(&g, t, group) != 0)
			rc = -1;
	}
	return rc;
}

static const struct crash_cmd sig_cmd = {
	.name = "sig",
	.run = sig_run,
	.summary = "task signal handling",
	.synopsis = "[[-l] | [-s sigset]] | [-g] [pid | taskp] ...",
	.description =
		"Shows how a task handles signals (the current context's task when no\n"
		"task is named): for each of the 64 signals, the address of its\n"
		"k_sigaction in the task's sighand_struct, the handler (SIG_DFL, SIG_IGN\n"
		"or a user address), the mask and the sa_flags; then whether a signal is\n"
		"pending (TIF_SIGPENDING), the blocked set, and the signals pending to the\n"
		"task (PRIVATE_PENDING) and to its thread group (SHARED_PENDING), each\n"
		"with its queue of siginfo entries.\n"
		"\n"
		"  -g         the whole thread group: the shared data once, then each\n"
		"             thread's own pending signals.\n"
		"  -l         the signal numbers and their names.\n"
		"  -s sigset  the names of the signals in a hexadecimal sigset value.\n"
		"  pid|taskp  a PID or a hexadecimal task_struct address.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> sig 1\n"
		"  PID: 1        TASK: ffff8f3e811fc180  CPU: 0    COMMAND: \"init\"\n"
		"  SIGNAL_STRUCT: ffff8f3e81221200  NR_THREADS: 1\n"
		"   SIG    SIGACTION        HANDLER       MASK       FLAGS           \n"
		"   [1] ffff8f3e81212960    SIG_DFL 0000000000000000 0 \n"
		"   [2] ffff8f3e81212980     525892 fffffffe7ffbfeff 4000000 (SA_RESTORER)\n"
		"  ...\n"
		"  [64] ffff8f3e81213140    SIG_DFL 0000000000000000 0 \n"
		"  SIGPENDING: no\n"
		"     BLOCKED: 0000000000000000\n"
		"  PRIVATE_PENDING\n"
		"      SIGNAL: 0000000000000000\n"
		"    SIGQUEUE: (empty)\n"
		"  SHARED_PENDING\n"
		"      SIGNAL: 0000000000000000\n"
		"    SIGQUEUE: (empty)\n"
		"\n"
		"  crash> sig -s 800A000000000201\n"
		"  SIGHUP SIGUSR1 SIGRTMAX-14 SIGRTMAX-12 SIGRTMAX\n",
	.flags = CMD_TASK_ARG,
};
CRASH_BUILTIN_COMMAND(sig_cmd)
