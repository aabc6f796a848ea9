/* crash [options] [VMLINUX] VMCORE...: options, opening the dump, startup
 * files, and the read-eval loop (readline on a terminal, line by line
 * otherwise). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"
#include "shell/filekind.h"

#define PROMPT "crash> "

crash_completer_fn session_completer(void);
#include "shell/complete_kernel.h"

static struct crash_session session;
static volatile sig_atomic_t in_readline;
static int failures;

static void usage(FILE *f)
{
	fprintf(f, "Usage: crash [options] [VMLINUX] VMCORE...\n"
		   "  (no VMLINUX: the one of the dump's build ID, else its kallsyms and BTF)\n"
		   "  -i FILE          run the commands in FILE at startup\n"
		   "  -s               silent: no banner, no pager, no echo of batch commands\n"
		   "  -h [COMMAND]     this help, or the help page of COMMAND\n"
		   "  -v, --version    print the version\n"
		   "  -x               load every extension in $CRASH_EXTENSIONS (or " CRASH_EXTDIR ")\n"
		   "  --no_scroll      do not page output\n"
		   "  --no_crashrc     do not read .crashrc files\n"
		   "  --kaslr OFFSET|auto  KASLR offset of the kernel (default: auto)\n"
		   "  --src DIR        the kernel's source tree (for gdb list)\n"
		   "  --mod DIR        where mod -s and mod -S look for module object files\n");
}

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
		if (echo_lines && !session.silent) {
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
	run_stream(f, false);
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
		line = readline(PROMPT);
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
}

int main(int argc, char **argv)
{
	enum { OPT_NO_SCROLL = 256, OPT_NO_CRASHRC, OPT_KASLR, OPT_NO_DUMP, OPT_VERSION, OPT_SRC,
	       OPT_MOD };
	static const struct option longopts[] = {
		{"version", no_argument, NULL, OPT_VERSION},
		{"no_scroll", no_argument, NULL, OPT_NO_SCROLL},
		{"no_crashrc", no_argument, NULL, OPT_NO_CRASHRC},
		{"kaslr", required_argument, NULL, OPT_KASLR},
		{"src", required_argument, NULL, OPT_SRC},
		{"mod", required_argument, NULL, OPT_MOD},
		/* developer option: a session without a dump, for tests */
		{"no-dump", no_argument, NULL, OPT_NO_DUMP},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *input = NULL, *kaslr = NULL, *moddir = NULL;
	bool silent = false, help = false, no_crashrc = false, no_dump = false, load_ext = false,
	     scroll = true;
	int c;

	session_init(&session);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:shvx", longopts, NULL)) != -1) {
		switch (c) {
		case 'i': input = optarg; break;
		case 's': silent = true; break;
		case 'h': help = true; break;
		case 'v':
		case OPT_VERSION: printf("crash " CRASH_VERSION "\n"); return 0;
		case 'x': load_ext = true; break;
		case OPT_NO_SCROLL: scroll = false; break;
		case OPT_NO_CRASHRC: no_crashrc = true; break;
		case OPT_KASLR: kaslr = optarg; break;
		case OPT_SRC: session.srcdir = optarg; break;
		case OPT_MOD: moddir = optarg; break;
		case OPT_NO_DUMP: no_dump = true; break;
		case ':':
			fprintf(stderr, "crash: option %s needs an argument (crash -h for help)\n",
				argv[optind - 1]);
			return 1;
		default:
			if (optopt && optopt < 256)
				fprintf(stderr, "crash: invalid option -%c (crash -h for help)\n", optopt);
			else
				fprintf(stderr, "crash: invalid option %s (crash -h for help)\n",
					argv[optind - 1]);
			return 1;
		}
	}
	session.silent = silent;
	session.scroll = scroll && !silent;
	install_signals();

	if (help) {
		int rc = 0;
		if (optind < argc) {
			char *line = xasprintf("help %s", argv[optind]);
			rc = session_run_line(&session, line);
			free(line);
		} else {
			usage(stdout);
			printf("\n");
			rc = session_run_line(&session, "help");
		}
		return rc ? 1 : 0;
	}

	/* Files: which is which is decided by their contents. */
	const char *vmlinux = NULL;
	const char **dumps = xcalloc((size_t)argc + 1, sizeof(*dumps));
	int ndumps = 0;
	for (int i = optind; i < argc; i++) {
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
		struct kernel_open_opts o = {
			.vmlinux = vmlinux, .dumps = dumps, .ndumps = ndumps, .kaslr = kaslr};
		session.kernel = kernel_open(&o);
		if (!session.kernel) {
			fprintf(stderr, "crash: %s\n", err_get());
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
		if (moddir)
			kernel_set_module_dir(session.kernel, moddir);
		/* $pc, $sp and a bare ":" cpuspec follow the current context */
		kx_set_context(session.kernel, context_task, &session);
	}
	free(dumps);

	session.interactive = isatty(STDIN_FILENO);
	if (!silent) {
		banner();
		if (session.kernel && crash_find_command("sys"))
			run("sys");
		show_context();
		fflush(stdout);
	}
	if (load_ext) {
		const char *dir = getenv("CRASH_EXTENSIONS");
		failures += ext_load_dir(&session, dir && *dir ? dir : CRASH_EXTDIR);
	}
	if (!no_crashrc)
		run_crashrcs();
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
