/* Running one command line: alias expansion, `!shell`, `| pipeline`,
 * `> file`, the pager, and the crash_* functions commands call. */
#include <errno.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"
#include "shell/json_output.h"
#include "shell/parse.h"

static volatile sig_atomic_t interrupted;
static crash_completer_fn completer;
const struct crash_task_hooks *crash_task_hooks;

bool crash_interrupted(void)
{
	return interrupted != 0;
}

void session_clear_interrupt(void)
{
	interrupted = 0;
}

void session_set_interrupt(void)
{
	interrupted = 1;
}

void crash_set_completer(crash_completer_fn fn)
{
	completer = fn;
}

crash_completer_fn session_completer(void);
crash_completer_fn session_completer(void)
{
	return completer;
}

void crash_set_task_hooks(const struct crash_task_hooks *hooks)
{
	crash_task_hooks = hooks;
}

void session_init(struct crash_session *s)
{
	memset(s, 0, sizeof(*s));
	s->out = stdout;
	s->radix = 10;
	s->scroll = true;
	s->hash = true;
	strcpy(s->edit, "vi");
	s->refresh = true;
	s->redzone = true;
}

FILE *crash_out(struct crash_session *s)
{
	return s && s->out ? s->out : stdout;
}

/* Where error lines go (set error): the error stream; with "redirect",
 * the pipe or file of a command's output when it has one; or a file of
 * the user's, opened for each line so that it can be read meanwhile. */
static FILE *error_stream(struct crash_session *s, bool *close_it)
{
	*close_it = false;
	if (s && s->error_file) {
		FILE *f = fopen(s->error_file, "a");
		if (f) {
			*close_it = true;
			return f;
		}
	}
	if (s && s->error_redirect && s->out && s->out != stdout)
		return s->out;
	return stderr;
}

static void vreport(struct crash_session *s, const char *kind, const char *fmt, va_list ap)
{
	bool close_it;
	FILE *f;

	if (s && s->json_errors) {	/* JSON mode: a member of the document */
		char *msg = NULL;
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = NULL;
		json_output_message(s, *kind != '\0', msg ? msg : fmt);
		free(msg);
		return;
	}
	fflush(crash_out(s));
	fflush(stdout);
	f = error_stream(s, &close_it);
	if (s && s->cmdname)
		fprintf(f, "%s: ", s->cmdname);
	fputs(kind, f);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
	if (close_it)
		fclose(f);
}

/* set core on: the error just printed ends the session with a core
 * dump, for debugging crash itself. */
static void maybe_core(struct crash_session *s)
{
	if (s && s->core) {
		fflush(NULL);
		abort();
	}
}

int crash_error(struct crash_session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(s, "", fmt, ap);
	va_end(ap);
	maybe_core(s);
	return -1;
}

bool crash_last_was_usage_error(struct crash_session *s)
{
	return s && s->usage_error;
}

int crash_usage_error(struct crash_session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(s, "", fmt, ap);
	va_end(ap);
	if (s)
		s->usage_error = true;
	maybe_core(s);
	return -1;
}

void crash_warn(struct crash_session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(s, "WARNING: ", fmt, ap);
	va_end(ap);
}

struct kernel *crash_kernel(struct crash_session *s)
{
	return s ? s->kernel : NULL;
}

const char *crash_vmlinux_name(struct crash_session *s)
{
	return s ? s->vmlinux : NULL;
}

const char *crash_dump_name(struct crash_session *s)
{
	return s ? s->dumpfile : NULL;
}

uint64_t crash_current_task(struct crash_session *s)
{
	/* The context starts at the panic task even when the startup block
	 * that normally sets it was not printed (-s, batch). */
	if (s && !s->task && s->kernel && crash_task_hooks && crash_task_hooks->panic_task) {
		uint64_t t;
		if (!crash_task_hooks->panic_task(s, &t))
			s->task = t;
	}
	return s ? s->task : 0;
}

void crash_set_current_task(struct crash_session *s, uint64_t task)
{
	if (s)
		s->task = task;
}

int crash_radix(struct crash_session *s)
{
	return s ? s->radix : 10;
}

int crash_run_line(struct crash_session *s, const char *line)
{
	return session_run_line(s, line);
}

/* The pager: $CRASHPAGER when set, unless --less, --more or `set scroll
 * less|more` chose one. */
static const char *pager_command(const struct crash_session *s)
{
	const char *p = getenv("CRASHPAGER");
	if (s->pager && !strcmp(s->pager, "more"))
		return "more";
	if (s->pager && !strcmp(s->pager, "less"))
		return "less -E -X -F";
	return p && *p ? p : "less -E -X -F";
}

static int run_shell(const char *cmd)
{
	const char *sh = getenv("SHELL");
	int rc;

	fflush(stdout);
	if (!*cmd) {
		char *c = xasprintf("%s", sh && *sh ? sh : "/bin/sh");
		rc = system(c);
		free(c);
	} else {
		rc = system(cmd);
	}
	if (rc == -1) {
		fprintf(stderr, "crash: cannot run shell: %s\n", strerror(errno));
		return 1;
	}
	return WIFEXITED(rc) && WEXITSTATUS(rc) == 0 ? 0 : 1;
}

/* A command that faults (a bug, or a dump it did not expect) abandons
 * that command, not the session: the outermost command sets a jump
 * target, the fault handlers jump back to it.  Not under ASan, which
 * should report such faults instead. */
static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_armed;
static volatile bool json_active;	/* a JSON document is being collected */
static struct json_state js;	/* static: the fault path reads it after siglongjmp */

__attribute__((unused)) static void on_fault(int sig)
{
	if (fault_armed) {
		fault_armed = 0;
		siglongjmp(fault_jmp, sig);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void session_install_fault_handlers(void)
{
#ifndef __SANITIZE_ADDRESS__
	static char altstack[64 * 1024]; /* so that a stack overflow is caught too */
	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack)};
	struct sigaction sa;
	const int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};

	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fault;
	sa.sa_flags = SA_ONSTACK;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
#endif
}

const char *crash_arg_text(struct crash_session *s, int i)
{
	if (!s || !s->argtext || i < 0 || i >= s->argcount)
		return NULL;
	return s->argtext[i];
}

const char *crash_source_dir(struct crash_session *s)
{
	return s ? s->srcdir : NULL;
}

bool crash_cpu_hidden(struct crash_session *s, int cpu)
{
	if (!s || !s->offline_hide || !s->kernel || cpu < 0)
		return false;
	int n = kernel_nr_cpus(s->kernel);
	int *on = xcalloc((size_t)n, sizeof(*on));
	int m = kwalk_cpumask(s->kernel, "cpu_online_mask", on, n);
	bool online = m < 0;	/* no mask to tell: shown */

	for (int i = 0; i < m && i < n && !online; i++)
		online = on[i] == cpu;
	free(on);
	return !online;
}

/* Put word (and, at the same place of argtext, its text) before
 * cl->argv[at]. */
static void insert_word(struct cmdline *cl, int at, const char *word)
{
	cl->argv = xreallocarray(cl->argv, (size_t)cl->argc + 2, sizeof(*cl->argv));
	memmove(cl->argv + at + 1, cl->argv + at, (size_t)(cl->argc - at + 1) * sizeof(*cl->argv));
	cl->argv[at] = xstrdup(word);
	if (cl->argtext) {
		cl->argtext = xreallocarray(cl->argtext, (size_t)cl->argc + 2, sizeof(*cl->argtext));
		memmove(cl->argtext + at + 1, cl->argtext + at, (size_t)(cl->argc - at + 1) * sizeof(*cl->argtext));
		cl->argtext[at] = at < cl->argc && cl->argtext[at + 1] ? xasprintf("%s %s", word, cl->argtext[at + 1])
								      : xstrdup(word);
	}
	cl->argc++;
}

/* gdb's "p/x expr", "x/4xg addr": the command before the slash, with
 * the format ("/x", "/4xg") as its first argument, as if typed
 * "p /x expr" (which gdb accepts too). */
static const struct crash_cmd *format_suffix(struct cmdline *cl)
{
	char *slash = strchr(cl->argv[0], '/');
	const struct crash_cmd *cmd;

	if (!slash[1])
		return NULL;
	*slash = '\0';
	cmd = crash_find_command(cl->argv[0]);
	if (!cmd) {
		*slash = '/';
		return NULL;
	}
	char *fmt = xasprintf("/%s", slash + 1);
	char *name = xstrdup(cl->argv[0]);
	free(cl->argv[0]);
	cl->argv[0] = name;
	if (cl->argtext) {
		free(cl->argtext[0]);
		cl->argtext[0] = NULL;
	}
	insert_word(cl, 1, fmt);
	if (cl->argtext) {
		cl->argtext[0] = cl->argtext[1] ? xasprintf("%s %s", name, cl->argtext[1]) : xstrdup(name);
	}
	free(fmt);
	return cmd;
}

/* crash runs what is no command as struct or union when it names one
 * ("task_struct.pid ADDR", "*page ADDR"), and as p when it is a symbol
 * ("jiffies"). */
static const struct crash_cmd *fall_through(struct crash_session *s, struct cmdline *cl)
{
	struct kernel *k = s->kernel;
	const char *w = cl->argv[0];
	char name[256], tn[300];
	struct kqtype t;
	uint64_t a;

	if (!k)
		return NULL;
	/* "*page ADDR": crash's * command, a struct or a union by name */
	bool starred = w[0] == '*' && w[1] && w[1] != '*';
	if (starred) {
		memmove(cl->argv[0], cl->argv[0] + 1, strlen(cl->argv[0]));
		if (cl->argtext && cl->argtext[0] && cl->argtext[0][0] == '*')
			memmove(cl->argtext[0], cl->argtext[0] + 1, strlen(cl->argtext[0]));
		w = cl->argv[0];
	}
	size_t n = strcspn(w, ".");
	if (!n || n >= sizeof(name))
		return NULL;
	memcpy(name, w, n);
	name[n] = '\0';
	const char *run = NULL;
	if (ktype_source(k)) {
		snprintf(tn, sizeof(tn), "struct %s", name);
		if (ktype_lookup(k, tn, &t) == 0 && ktype_kind(ktype_strip(t.type)) == KT_STRUCT)
			run = "struct";
		snprintf(tn, sizeof(tn), "union %s", name);
		if (!run && ktype_lookup(k, tn, &t) == 0 && ktype_kind(ktype_strip(t.type)) == KT_UNION)
			run = "union";
		/* a typedef of one (irq_cpustat_t) */
		if (!run && ktype_lookup(k, name, &t) == 0 && ktype_kind(t.type) == KT_TYPEDEF) {
			enum ktype_kind kind = ktype_kind(ktype_strip(t.type));
			run = kind == KT_STRUCT ? "struct" : kind == KT_UNION ? "union" : NULL;
		}
	}
	if (!run && !starred && !w[n] && kernel_symbol(k, w, &a) == 0)
		run = "p";
	err_clear();
	const struct crash_cmd *cmd = run ? crash_find_command(run) : NULL;
	if (cmd)
		insert_word(cl, 0, run);
	return cmd;
}

static void free_words(int n, char **words, char **argv)
{
	for (int i = 0; i < n; i++)
		free(words[i]);
	free(words);
	free(argv);
}

/* An error of the shell's own before or around a command (prefix is
 * "crash" or the command's name): a line on the error stream, or in JSON
 * mode a member of the running command's document, else a document of
 * its own for command name (NULL: none). */
static void __attribute__((format(printf, 4, 5)))
shell_error(struct crash_session *s, const char *prefix, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (s->json_errors)
		json_output_message(s, false, msg ? msg : fmt);
	else if (s->json)
		json_output_error(s, name, msg ? msg : fmt);
	else
		fprintf(stderr, "%s: %s\n", prefix, msg ? msg : fmt);
	free(msg);
}

static int run_command(struct crash_session *s, const struct crash_cmd *cmd, struct cmdline *cl)
{
	const char *saved_name = s->cmdname;
	int rc;

	if ((cmd->flags & CMD_NEEDS_KERNEL) && !s->kernel) {
		shell_error(s, cmd->name, cmd->name, "no dump is open");
		return 1;
	}
	s->cmdname = cmd->name;
	/* getopt state belongs to the command being run; optopt is only set
	 * by getopt on an error. */
	optind = 0;
	opterr = !s->json;	/* JSON: the shell says it, in the document */
	optopt = 0;
	s->usage_error = false;
	err_clear();
	/* The command gets its own copy of the words: it may reorder, drop or
	 * overwrite them (getopt permutes argv; rd takes out -8 ... -64)
	 * without touching the command line the shell frees. */
	char **words = xcalloc((size_t)cl->argc + 1, sizeof(*words));
	char **argv = xcalloc((size_t)cl->argc + 1, sizeof(*argv));
	for (int i = 0; i < cl->argc; i++)
		argv[i] = words[i] = xstrdup(cl->argv[i]);
	if (s->depth == 1) {
		int sig = sigsetjmp(fault_jmp, 1);
		if (sig) {
			if (json_active) {
				json_active = false;
				json_output_message(s, false, "internal error; command abandoned");
				json_output_end(s, &js, cmd->name, 1);
			}
			fflush(crash_out(s));
			fprintf(stderr, "%s: internal error (%s); command abandoned\n", cmd->name,
				strsignal(sig));
			s->depth = 1;
			s->cmdname = saved_name;
			s->argtext = NULL;
			s->argcount = 0;
			optind = 0;
			free_words(cl->argc, words, argv);
			return 1;
		}
		fault_armed = 1;
	}
	char **saved_text = s->argtext;
	int saved_count = s->argcount;
	s->argtext = cl->argtext;
	s->argcount = cl->argc;
	/* JSON mode: the outermost command's output becomes one document */
	bool json = s->json && !s->json_docs;
	if (json) {
		json_output_begin(s, &js);
		json_active = true;
	}
	rc = cmd->run(s, cl->argc, argv);
	if (rc && optopt) {
		s->usage_error = true;
		if (s->json_errors && !json_object_array_length(s->json_errors)) {
			/* opterr was 0: getopt said nothing */
			char m[64];
			snprintf(m, sizeof(m), "invalid option or missing argument: -%c", optopt);
			json_output_message(s, false, m);
		}
	}	if (json) {
		json_active = false;
		json_output_end(s, &js, cmd->name, rc);
	}
	s->argtext = saved_text;
	s->argcount = saved_count;

	if (s->depth == 1)
		fault_armed = 0;
	free_words(cl->argc, words, argv);
	optind = 0;
	s->cmdname = saved_name;
	return rc ? 1 : 0;
}

/* A stream over a descriptor that keeps the errno of its first failed
 * write: stdio's error flag alone does not say why. */
struct wcookie {
	int fd;
	int err;
};

static ssize_t wcookie_write(void *c, const char *buf, size_t n)
{
	struct wcookie *w = c;
	size_t done = 0;

	while (done < n) {
		ssize_t r = write(w->fd, buf + done, n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!w->err)
				w->err = r < 0 ? errno : EIO;
			return 0;	/* fopencookie: 0 is an error */
		}
		done += (size_t)r;
	}
	return (ssize_t)done;
}

static const cookie_io_functions_t wcookie_io = { .write = wcookie_write };

/* Standard output had a write error whose errno is gone: on a pipe or a
 * socket the reader went away (quiet), else an I/O error. */
static int unknown_write_error(void)
{
	struct stat st;
	if (fstat(STDOUT_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return EPIPE;
	return EIO;
}

#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
/* The command-line fuzzer (tests/fuzz/fuzz_cmdline.c) runs whatever it
 * makes up, nested lines of foreach and aliases included: nothing of it
 * may reach a shell, write a file, load a library or loop until
 * interrupted. */
static bool fuzz_refuses(const struct cmdline *cl)
{
	if (cl->shell || cl->pipe || cl->redir)
		return true;
	if (cl->argc == 0)
		return false;
	if (!strcmp(cl->argv[0], "extend") || !strcmp(cl->argv[0], "repeat"))
		return true;
	/* set error FILE writes a file, set console opens one, set core
	 * aborts at the next error */
	if (!strcmp(cl->argv[0], "set"))
		for (int i = 1; i < cl->argc; i++)
			if (!strcmp(cl->argv[i], "error") || !strcmp(cl->argv[i], "console") ||
			    !strcmp(cl->argv[i], "core"))
				return true;
	if (!strcmp(cl->argv[0], "rd"))	/* rd -r FILE writes memory to a file */
		for (int i = 1; i < cl->argc; i++)
			if (cl->argv[i][0] == '-' && strchr(cl->argv[i], 'r'))
				return true;
	return false;
}
#endif

/* --minimal: the commands that need no more than symbols and memory,
 * for a dump whose kernel data structures cannot be trusted. */
static bool minimal_allows(const char *name)
{
	static const char *const ok[] = {"log", "dis", "rd", "sym", "eval", "set", "help", "q", "alias"};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(name, ok[i]))
			return true;
	return false;
}

/* set gdb on: a typed line goes to gdb, unless it starts with "crash"
 * (then the rest is a crash command); q and the way back out, "set gdb
 * off", stay crash's.  Returns a line to free, or NULL to run line as it
 * is. */
static char *gdb_mode_line(const char *line)
{
	const char *p = line + strspn(line, " \t");
	size_t n = strcspn(p, " \t");

	if (!*p || *p == '#' || *p == '!')
		return NULL;
	if (n == 5 && !strncmp(p, "crash", 5))
		return xstrdup(p + 5);
	if ((n == 1 && *p == 'q') || (n == 4 && !strncmp(p, "exit", 4)) ||
	    (n == 4 && !strncmp(p, "quit", 4)))
		return NULL;
	if (n == 3 && !strncmp(p, "set", 3)) {
		const char *w = p + 3 + strspn(p + 3, " \t");
		if (!strncmp(w, "gdb", 3) && (w[3] == ' ' || w[3] == '\t'))
			return NULL;
	}
	return xasprintf("gdb %s", p);
}

int session_run_line(struct crash_session *s, const char *line)
{
	struct cmdline cl;
	const struct crash_cmd *cmd;
	FILE *saved_out = s->out, *out = NULL;
	bool is_pipe = false;
	int rc;

	if (s->depth > 16) {
		fprintf(stderr, "crash: command nesting too deep\n");
		return 1;
	}
	static bool rewritten;	/* the line below is run as it is */
	if (s->gdb_mode && s->depth == 0 && !rewritten) {
		char *l = gdb_mode_line(line);
		if (l) {
			rewritten = true;
			rc = session_run_line(s, l);
			rewritten = false;
			free(l);
			return rc;
		}
	}
	if (cmdline_parse(line, alias_get, &cl)) {
		shell_error(s, "crash", NULL, "%s", err_get());
		return 1;
	}
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
	if (fuzz_refuses(&cl)) {
		cmdline_free(&cl);
		return 1;
	}
#endif
	if (cl.shell) {
		rc = run_shell(cl.shell);
		cmdline_free(&cl);
		return rc;
	}
	if (cl.argc == 0) {
		cmdline_free(&cl);
		return 0;
	}
	cmd = crash_find_command(cl.argv[0]);
	if (!cmd && strchr(cl.argv[0], '/'))
		cmd = format_suffix(&cl);
	if (!cmd)
		cmd = fall_through(s, &cl);
	if (!cmd) {
		shell_error(s, "crash", cl.argv[0], "command not found: %s", cl.argv[0]);
		cmdline_free(&cl);
		return 1;
	}
	if (s->minimal && !minimal_allows(cmd->name)) {
		shell_error(s, "crash", cmd->name, "%s: not available in a --minimal session "
			    "(log, dis, rd, sym, eval, set, help, alias and q are)", cmd->name);
		cmdline_free(&cl);
		return 1;
	}
	fflush(saved_out);
	if (cl.pipe) {
		out = popen(cl.pipe, "w");
		is_pipe = true;
	} else if (cl.redir) {
		out = fopen(cl.redir, cl.append ? "a" : "w");
		if (!out) {
			fprintf(stderr, "crash: %s: %s\n", cl.redir, strerror(errno));
			cmdline_free(&cl);
			return 1;
		}
	} else if (s->depth == 0 && s->scroll && !s->json && s->interactive && isatty(STDOUT_FILENO) &&
		   saved_out == stdout) {
		out = popen(pager_command(s), "w");
		is_pipe = true;
	}
	if (is_pipe && !out) {
		fprintf(stderr, "crash: cannot start %s: %s\n", cl.pipe ? cl.pipe : pager_command(s),
			strerror(errno));
		cmdline_free(&cl);
		return 1;
	}
	/* The command writes through a stream that remembers the first
	 * write error, with its errno. */
	struct wcookie wc = { .fd = out ? fileno(out) : -1 };
	FILE *wout = out ? fopencookie(&wc, "w", wcookie_io) : NULL;
	if (out)
		s->out = wout ? wout : out;
	s->depth++;
	rc = run_command(s, cmd, &cl);
	s->depth--;
	if (out) {
		/* A write that failed (a full disk, a pipe whose reader went
		 * away) is reported; EPIPE silently: `| head` stops reading. */
		int werr = 0;
		if (wout) {
			fflush(wout);
			werr = wc.err;
			fclose(wout);
		}
		if (fflush(out) != 0 && !werr)
			werr = errno;
		else if (ferror(out) && !werr)
			werr = EIO;
		if (is_pipe) {
			pclose(out);
		} else if (fclose(out) != 0 && !werr) {
			werr = errno;
		}
		if (werr && werr != EPIPE) {
			if (is_pipe)
				fprintf(stderr, "%s: write to \"%s\": %s\n", cmd->name,
					cl.pipe ? cl.pipe : pager_command(s), strerror(werr));
			else
				fprintf(stderr, "%s: write to %s: %s\n", cmd->name, cl.redir,
					strerror(werr));
			rc = 1;
		}
	} else if (s->depth == 0 && s->out == stdout) {
		int werr = fflush(stdout) != 0 ? errno : ferror(stdout) ? unknown_write_error() : 0;
		if (werr && werr != EPIPE) {
			fprintf(stderr, "%s: write to standard output: %s\n", cmd->name,
				strerror(werr));
			rc = 1;
		}
		clearerr(stdout);
	} else {
		fflush(s->out);
	}
	s->out = saved_out;
	cmdline_free(&cl);
	return rc;
}
