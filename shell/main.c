/* crash [options] [VMLINUX] VMCORE...: options, opening the dump, startup
 * files, and the read-eval loop (readline on a terminal, line by line
 * otherwise). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include <json-c/json.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"
#include "shell/filekind.h"
#include "shell/options.h"

#define PROMPT "crash> "

crash_completer_fn session_completer(void);
#include "shell/complete_kernel.h"

static struct crash_session session;
static volatile sig_atomic_t in_readline;
static int failures;

/* The current task and its CPU: the one it was running on at the time
 * of the dump, else the one it last ran on. */
static uint64_t context_task(void *arg, int *cpu)
{
	struct crash_session *s = arg;
	uint64_t task = crash_current_task(s);
	const struct ktask *t = task && s->kernel ? ktask_by_addr(s->kernel, task) : NULL;
	*cpu = t ? t->cpu : -1;
	if (task && s->kernel) {
		int active = kstack_task_cpu(s->kernel, task, *cpu);
		if (active >= 0)
			*cpu = active;
	}
	return task;
}

static void on_sigint(int sig)
{
	(void)sig;
	session_set_interrupt();
	if (in_readline) {
		/* Drop the partial line and show a fresh prompt. */
		(void)!write(STDOUT_FILENO, "\n", 1);
		rl_on_new_line();
		rl_replace_line("", 0);
		rl_redisplay();
	}
}

/* A handler (not SIG_IGN) so that a closed pipe makes writes fail with
 * EPIPE, while programs started by `!cmd` still get the default action. */
static void on_sigpipe(int sig)
{
	(void)sig;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_sigint; /* no SA_RESTART: sleeps and reads end early */
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);
	session_install_fault_handlers();
}

static int run(const char *line)
{
	int rc;

	session_clear_interrupt();
	rc = session_run_line(&session, line);
	if (rc)
		failures++;
	return rc;
}

/* One line of f into *line (grown as needed), with its newline if it had
 * one; -1 at the end of f.  A read interrupted by a signal (SIGINT is
 * installed without SA_RESTART) is taken up again: it is not the end of
 * the input, nor the end of the line getline was reading. */
static ssize_t read_line(FILE *f, char **line, size_t *cap)
{
	char *part = NULL;
	size_t pcap = 0, len = 0;
	ssize_t n;

	for (;;) {
		errno = 0;
		n = getline(&part, &pcap, f);
		if (n > 0) {
			if (len + (size_t)n + 1 > *cap) {
				*cap = len + (size_t)n + 1;
				*line = xrealloc(*line, *cap);
			}
			memcpy(*line + len, part, (size_t)n + 1);
			len += (size_t)n;
			if (part[n - 1] == '\n')
				break;
		}
		if (ferror(f) && errno == EINTR) {
			clearerr(f);
			continue;
		}
		if (n <= 0 || feof(f))
			break;
	}
	free(part);
	return len ? (ssize_t)len : -1;
}

/* Run each line of f; echo is "crash> LINE" before each.  Stops at `q`. */
static void run_stream(FILE *f, bool echo_lines)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while (!session.quit && (n = read_line(f, &line, &cap)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		/* `set silent on` takes effect from the next line. */
		if (echo_lines && !session.silent && !session.json) {
			printf(PROMPT "%s\n", line);
			fflush(stdout);
		}
		run(line);
	}
	free(line);
}

/* ---- .crashrc ---- */
static void run_rc(const char *path)
{
	struct stat st;
	FILE *f;

	if (stat(path, &st))
		return;
	if (st.st_uid != getuid() || (st.st_mode & S_IWOTH)) {
		fprintf(stderr, "crash: warning: ignoring %s: %s\n", path,
			st.st_uid != getuid() ? "owned by another user" : "writable by everyone");
		return;
	}
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "crash: warning: %s: %s\n", path, strerror(errno));
		return;
	}
	alias_quiet = true;
	run_stream(f, false);
	alias_quiet = false;
	fclose(f);
}

static void run_crashrcs(void)
{
	const char *home = getenv("HOME");
	char *h = NULL, hreal[PATH_MAX], creal[PATH_MAX];

	if (home && *home) {
		h = xasprintf("%s/.crashrc", home);
		run_rc(h);
	}
	/* The current directory's file, unless it is the same one. */
	if (!h || !realpath(h, hreal) || !realpath(".crashrc", creal) || strcmp(hreal, creal))
		run_rc(".crashrc");
	free(h);
}

/* ---- readline ---- */
static char **cands;
static size_t ncands;

static void add_cand(void *ctx, const char *name)
{
	(void)ctx;
	cands = xreallocarray(cands, ncands + 1, sizeof(*cands));
	cands[ncands++] = xstrdup(name);
}

static void collect_commands(void *ctx, const char *name, const char *value, bool builtin)
{
	(void)value;
	(void)builtin;
	const char *prefix = ctx;
	if (!strncmp(name, prefix, strlen(prefix)))
		add_cand(NULL, name);
}

static char *next_cand(const char *text, int state)
{
	static size_t i;

	(void)text;
	if (!state)
		i = 0;
	/* readline frees what it gets; hand over our copies. */
	if (i < ncands) {
		char *c = cands[i];
		cands[i++] = NULL;
		return c;
	}
	return NULL;
}

static void clear_cands(void)
{
	for (size_t i = 0; i < ncands; i++)
		free(cands[i]);
	free(cands);
	cands = NULL;
	ncands = 0;
}

static char **complete(const char *text, int start, int end)
{
	(void)end;
	clear_cands();
	if (start == 0 || strspn(rl_line_buffer, " \t") == (size_t)start) {
		size_t n;
		const struct crash_cmd *const *cmds = registry_list(&n);

		for (size_t i = 0; i < n; i++)
			if (!(cmds[i]->flags & CMD_HIDDEN) && !strncmp(cmds[i]->name, text, strlen(text)))
				add_cand(NULL, cmds[i]->name);
		alias_foreach(collect_commands, (void *)text);
		rl_attempted_completion_over = 1;
	} else {
		/* An extension's completer wins; otherwise kernel names that
		 * fit the command word (types for struct/union, symbols). */
		if (session_completer()) {
			session_completer()(&session, text, add_cand, NULL);
		} else if (crash_kernel(&session)) {
			char cmd[64];
			size_t sp = strspn(rl_line_buffer, " \t");
			size_t n = strcspn(rl_line_buffer + sp, " \t");

			if (n >= sizeof(cmd))
				n = sizeof(cmd) - 1;
			memcpy(cmd, rl_line_buffer + sp, n);
			cmd[n] = 0;
			complete_kernel(crash_kernel(&session), cmd, text, add_cand, NULL);
		}
		if (!ncands)
			return NULL; /* fall back to file names */
		rl_attempted_completion_over = 1;
	}
	return rl_completion_matches(text, next_cand);
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	return home && *home ? xasprintf("%s/.crash_history", home) : NULL;
}

static void interactive_loop(void)
{
	char *hist = history_path();
	char edit[sizeof(session.edit)] = "";

	rl_readline_name = "crash";
	rl_catch_signals = 0;
	rl_attempted_completion_function = complete;
	using_history();
	stifle_history(1000);
	if (hist)
		read_history(hist);
	while (!session.quit) {
		char *line;

		if (strcmp(edit, session.edit)) {
			strcpy(edit, session.edit);
			rl_variable_bind("editing-mode", edit);
		}
		session_clear_interrupt();
		in_readline = 1;
		line = readline(session.gdb_mode ? "gdb> " : PROMPT);
		in_readline = 0;
		if (!line) {
			putchar('\n');
			break;
		}
		if (*line) {
			HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
			if (!last || strcmp(last->line, line))
				add_history(line);
		}
		run(line);
		free(line);
	}
	if (hist) {
		write_history(hist);
		free(hist);
	}
	clear_cands();
}

static void emit_line(void *arg, const char *line)
{
	fprintf(arg, "crash: dump: %s\n", line);
}

/* ---- startup ---- */
static void banner(void)
{
	printf("\ncrash " CRASH_VERSION "\n"
	       "A post-mortem shell for Linux kernel crash dumps.\n"
	       "Enter \"help\" for a list of commands, \"help COMMAND\" for one of them.\n\n");
}

static void show_context(void)
{
	const struct crash_task_hooks *h = crash_task_hooks;

	if (!session.kernel || !h)
		return;
	if (!session.task && h->panic_task) {
		uint64_t t;
		if (!h->panic_task(&session, &t))
			session.task = t;
	}
	if (session.task && h->show) {
		/* The hook prints set's block ("    PID: 1"); at startup crash
		 * continues the sys block instead, colons in column 13. */
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len);

		if (!m) {
			h->show(&session, stdout, session.task);
			putchar('\n');
			return;
		}
		h->show(&session, m, session.task);
		fclose(m);
		for (char *line = buf, *next; line && *line; line = next) {
			size_t n = strcspn(line, "\n");
			char *colon = memchr(line, ':', n);
			size_t lead = strspn(line, " ");

			next = line[n] ? line + n + 1 : NULL;
			if (colon && colon - line < 13 && lead < (size_t)(colon - line))
				printf("%*s%.*s\n", 13 - (int)(colon - line - lead + 1), "",
				       (int)(n - lead), line + lead);
			else
				printf("%.*s\n", (int)n, line);
		}
		free(buf);
		putchar('\n');
	}
}

static void close_all(void)
{
	ext_unload_all(&session);
	if (session.kernel)
		kernel_close(session.kernel);
	free(session.console);
	free(session.scope);
	free(session.error_file);
}

/* ---- options that print something and exit ---- */

/* KEY's value in a VMCOREINFO text into buf; false when it has none. */
static bool vmcoreinfo_value(const char *text, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncmp(l, key, kl) && l[kl] == '=') {
			size_t n = strcspn(l + kl + 1, "\n");
			if (n >= len)
				n = len - 1;
			memcpy(buf, l + kl + 1, n);
			buf[n] = '\0';
			return true;
		}
	}
	return false;
}

/* --osrelease DUMP: the kernel release the dump says it is of, from its
 * headers alone (no vmlinux: to tell which one to fetch). */
static int print_osrelease(const char *path)
{
	const char *paths[] = {path};
	struct dump *d = dump_open(paths, 1);
	char rel[128];
	int rc = 0;

	if (!d) {
		fprintf(stderr, "crash: %s\n", err_get());
		return 1;
	}
	if (dump_vmcoreinfo(d) && vmcoreinfo_value(dump_vmcoreinfo(d), "OSRELEASE", rel, sizeof(rel)))
		printf("%s\n", rel);
	else if (dump_get_info(d)->utsname_release && dump_get_info(d)->utsname_release[0])
		printf("%s\n", dump_get_info(d)->utsname_release);
	else {
		fprintf(stderr, "crash: %s: no OSRELEASE in the dump's VMCOREINFO\n", path);
		rc = 1;
	}
	dump_close(d);
	return rc;
}

/* -t: the time of the crash: the CRASHTIME the kernel wrote into
 * VMCOREINFO when it panicked, else the dump header's, else the kernel's
 * clock. */
static int print_crash_time(void)
{
	const char *ct = kernel_vmcoreinfo(session.kernel, "CRASHTIME");
	const struct dump_info *di = dump_get_info(kernel_dump(session.kernel));
	time_t t = 0;
	char buf[64];
	struct tm tm;

	if (ct && *ct)
		t = (time_t)strtoll(ct, NULL, 10);
	if (t <= 0 && di->timestamp > 0)
		t = (time_t)di->timestamp;
	if (t <= 0) {
		struct ksysinfo si;
		ksys_info(session.kernel, &si);
		t = (time_t)si.wall_secs;
	}
	if (t <= 0 || !localtime_r(&t, &tm)) {
		fprintf(stderr, "crash: the dump does not tell when the crash happened\n");
		return 1;
	}
	strftime(buf, sizeof(buf), "%a %b %e %T %Z %Y", &tm);
	printf("%s\n", buf);
	return 0;
}

static void print_buildinfo(void)
{
	printf("   build_command: crash\n"
	       "      build_date: %s %s\n"
	       "   build_version: %s\n"
	       "     api_version: %d.%d\n"
	       "compiler version: %s\n"
	       "      C standard: %ld\n"
	       "      sanitizers: %s\n",
	       __DATE__, __TIME__, CRASH_VERSION, CRASH_API_VERSION_MAJOR, CRASH_API_VERSION_MINOR,
#ifdef __clang__
	       "clang " __clang_version__,
#else
	       "gcc " __VERSION__,
#endif
	       (long)__STDC_VERSION__,
#ifdef __SANITIZE_ADDRESS__
	       "address"
#else
	       "none"
#endif
	);
}

/* -d N: how the dump was opened, to the console (-c, set console) or the
 * error stream. */
static void print_debug_info(void)
{
	FILE *f = session.console ? fopen(session.console, "a") : NULL;
	FILE *out = f ? f : stderr;

	fprintf(out, "crash: debug %d: kernel from %s%s%s\n", session.debug,
		kernel_sources(session.kernel), session.vmlinux ? " of " : "",
		session.vmlinux ? session.vmlinux : "");
	dump_describe(kernel_dump(session.kernel), emit_line, out);
	if (f)
		fclose(f);
}

/* crash --analyze --json over a fleet of dumps: a dump that cannot be
 * opened still gives its document (JSON Lines keep one line per dump),
 * with the error that stderr shows too. */
static void analyze_json_error(const struct crash_options *o, const char *dump, const char *msg)
{
	if (!o->analyze || !o->json)
		return;
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "command", json_object_new_string("analyze"));
	json_object_object_add(d, "dumpfile", crash_json_str(dump));
	json_object_object_add(d, "error", crash_json_str(msg));
	printf("%s\n", json_object_to_json_string_ext(d, JSON_C_TO_STRING_PLAIN |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(d);
}

int main(int argc, char **argv)
{
	struct crash_options o;

	session_init(&session);
	if (crash_options_parse(argc, argv, &o)) {
		fprintf(stderr, "crash: %s (crash -h for help)\n", err_get());
		return 1;
	}
	for (size_t i = 0; i < o.nnotes; i++)
		fprintf(stderr, "crash: %s\n", o.notes[i]);
	if (o.version) {
		printf("crash " CRASH_VERSION "\n");
		return 0;
	}
	if (o.buildinfo) {
		print_buildinfo();
		return 0;
	}
	const char *input = o.input, *kaslr = o.kaslr;
	bool silent = o.silent, no_dump = o.no_dump;
	int optind_files = o.first_arg;

	session.silent = silent;
	session.scroll = !o.no_scroll && !silent;
	session.srcdir = o.srcdir;
	session.moddir = o.moddir;
	session.debug = o.debug;
	session.minimal = o.minimal;
	bool no_panic = o.no_panic;
	session.offline_hide = o.offline == 1;
	if (o.edit)
		strcpy(session.edit, o.edit);
	if (o.console) {
		int fd = open(o.console, O_WRONLY | O_NOCTTY | O_APPEND);
		if (fd < 0) {
			fprintf(stderr, "crash: -c %s: %s\n", o.console, strerror(errno));
			return 1;
		}
		close(fd);
		session.console = xstrdup(o.console);
	}
	if (o.mlock && mlockall(MCL_CURRENT | MCL_FUTURE))
		fprintf(stderr, "crash: -L: mlockall: %s (the session goes on)\n", strerror(errno));
	install_signals();

	if (o.help) {
		int rc = 0;
		if (optind_files < argc) {
			char *line = xasprintf("help %s", argv[optind_files]);
			if (!strcmp(argv[optind_files], "all")) {
				crash_options_usage(stdout);
				printf("\n");
			}
			rc = session_run_line(&session, line);
			free(line);
		} else {
			crash_options_usage(stdout);
			printf("\n");
			rc = session_run_line(&session, "help");
		}
		return rc ? 1 : 0;
	}
	if (o.osrelease)
		return print_osrelease(o.osrelease);
	if (o.log) {
		/* the dump's kallsyms and BTF stand in for a vmlinux */
		const char *paths[] = {o.log};
		struct kernel_open_opts ko = {.dumps = paths, .ndumps = 1, .kaslr = kaslr};
		int rc;

		session.kernel = kernel_open(&ko);
		if (!session.kernel) {
			fprintf(stderr, "crash: %s\n", err_get());
			return 1;
		}
		dump_set_zero_excluded(kernel_dump(session.kernel), o.zero_excluded);
		session.dumpfile = o.log;
		rc = session_run_line(&session, "log");
		close_all();
		return rc ? 1 : 0;
	}

	/* Files: which is which is decided by their contents. */
	const char *vmlinux = NULL;
	const char **dumps = xcalloc((size_t)argc + 1, sizeof(*dumps));
	int ndumps = 0;
	for (int i = optind_files; i < argc; i++) {
		switch (file_kind(argv[i])) {
		case FILE_VMLINUX:
			if (vmlinux) {
				fprintf(stderr, "crash: two kernel files given: %s and %s\n", vmlinux,
					argv[i]);
				free(dumps);
				return 1;
			}
			vmlinux = argv[i];
			break;
		case FILE_DUMP: dumps[ndumps++] = argv[i]; break;
		default:
			fprintf(stderr, "crash: %s\n", err_get());
			analyze_json_error(&o, argv[i], err_get());
			free(dumps);
			return 1;
		}
	}
	if (!no_dump) {
		/* no vmlinux: the dump's own kallsyms and BTF */
		if (!ndumps) {
			fprintf(stderr, "crash: %s (usage: crash [options] [VMLINUX] VMCORE...)\n",
				!vmlinux ? "no files given" : "no dump file given");
			free(dumps);
			return 1;
		}
		struct kernel_open_opts kopts = {
			.vmlinux = vmlinux, .dumps = dumps, .ndumps = ndumps, .kaslr = kaslr};
		session.kernel = kernel_open(&kopts);
		if (!session.kernel) {
			fprintf(stderr, "crash: %s\n", err_get());
			analyze_json_error(&o, dumps[0], err_get());
			free(dumps);
			return 1;
		}
		/* none given: the one found by build ID, if any */
		session.vmlinux = vmlinux ? vmlinux : kernel_vmlinux_path(session.kernel);
		session.dumpfile = dumps[0];
		for (size_t i = 0; kernel_open_warning(session.kernel, i); i++)
			fprintf(stderr, "crash: %s\n", kernel_open_warning(session.kernel, i));
		if (!kernel_has_debuginfo(session.kernel))
			fprintf(stderr, "crash: no debuginfo: using %s from the dump\n",
				kernel_sources(session.kernel));
		if (session.moddir)
			kernel_set_module_dir(session.kernel, session.moddir);
		/* $pc, $sp and a bare ":" cpuspec follow the current context */
		kx_set_context(session.kernel, context_task, &session);
		dump_set_zero_excluded(kernel_dump(session.kernel), o.zero_excluded);
		if (no_panic) {	/* crash: swapper on CPU 0 */
			const struct ktask *idle = ktask_idle(session.kernel, 0);
			if (idle)
				session.task = idle->task;
			else
				fprintf(stderr, "crash: --no_panic: %s\n", err_get());
		}
		if (session.debug > 0)
			print_debug_info();
	}
	free(dumps);
	if (o.analyze) {
		session.json = o.json;	/* crash --analyze --json: one document */
		int rc = no_dump ? (fprintf(stderr, "crash: --analyze: no dump is open\n"), 1)
				 : session_run_line(&session, "analyze") ? 1 : 0;
		close_all();
		return rc;
	}
	if (o.crash_time) {
		int rc = no_dump ? (fprintf(stderr, "crash: -t: no dump is open\n"), 1) : print_crash_time();
		close_all();
		return rc;
	}

	session.interactive = isatty(STDIN_FILENO);
	/* JSON Lines: no banner, no echoed commands; only documents */
	session.json = o.json;
	if (!silent && !o.json) {
		banner();
		if (session.minimal) {
			printf("NOTE: minimal mode commands: log, dis, rd, sym, eval, set, help, alias and q\n\n");
		} else {
			if (session.kernel && crash_find_command("sys"))
				run("sys");
			show_context();
		}
		fflush(stdout);
	}
	if (o.load_ext) {
		const char *dir = getenv("CRASH_EXTENSIONS");
		failures += ext_load_dir(&session, dir && *dir ? dir : CRASH_EXTDIR);
	}
	if (!o.no_crashrc)
		run_crashrcs();
	/* the radix and pager options win over the .crashrc files */
	if (o.radix)
		session.radix = o.radix;
	if (o.pager)
		session.pager = o.pager;
	if (input && !session.quit) {
		FILE *f = fopen(input, "r");
		if (!f) {
			fprintf(stderr, "crash: %s: %s\n", input, strerror(errno));
			close_all();
			return 1;
		}
		run_stream(f, !silent);
		fclose(f);
	}
	if (!session.quit) {
		if (session.interactive)
			interactive_loop();
		else
			run_stream(stdin, !silent);
	}
	close_all();
	return failures ? 1 : 0;
}
