/* set: session variables, and the current task context (through the
 * task layer's hooks). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"

static const char *onoff(bool b)
{
	return b ? "on" : "off";
}

/* One of crash's `set` variables: how it prints, how it is set (NULL:
 * it cannot be), and, for one that is kept but changes nothing here, the
 * line saying why. */
struct setvar {
	const char *name;
	void (*show)(struct crash_session *s, char *buf, size_t len);
	int (*set)(struct crash_session *s, const char *val);
	const char *no_effect;
};

static int parse_bool(const char *v, bool *b)
{
	if (!strcmp(v, "on") || !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true")) {
		*b = true;
		return 0;
	}
	if (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false")) {
		*b = false;
		return 0;
	}
	err_set("expected on or off, not \"%s\"", v);
	return -1;
}

static const char *pager_name(struct crash_session *s)
{
	const char *env = getenv("CRASHPAGER");
	if (s->pager && strcmp(s->pager, "CRASHPAGER"))
		return s->pager;
	return env && *env ? env : "less";
}

static void show_scroll(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s (%s)", onoff(s->scroll), pager_name(s));
}

static int set_scroll(struct crash_session *s, const char *v)
{
	if (!strcmp(v, "less") || !strcmp(v, "more") || !strcmp(v, "CRASHPAGER")) {
		const char *env = getenv("CRASHPAGER");
		if (!strcmp(v, "CRASHPAGER") && !(env && *env)) {
			err_set("CRASHPAGER is not set in the environment");
			return -1;
		}
		s->pager = !strcmp(v, "less") ? "less" : !strcmp(v, "more") ? "more" : "CRASHPAGER";
		return 0;
	}
	return parse_bool(v, &s->scroll);
}

static void show_radix(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%d (%s)", s->radix, s->radix == 16 ? "hex" : "decimal");
}

static int set_radix(struct crash_session *s, const char *v)
{
	if (!strcmp(v, "10") || !strcmp(v, "decimal") || !strcmp(v, "dec"))
		s->radix = 10;
	else if (!strcmp(v, "16") || !strcmp(v, "hex") || !strcmp(v, "hexadecimal"))
		s->radix = 16;
	else {
		err_set("expected 10 or 16, not \"%s\"", v);
		return -1;
	}
	return 0;
}

static int number(const char *v, long max, long *out)
{
	char *end;
	*out = strtol(v, &end, 0);
	if (!*v || *end || *out < 0 || *out > max) {
		err_set("expected a number from 0 to %ld, not \"%s\"", max, v);
		return -1;
	}
	return 0;
}

static void show_debug(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%d", s->debug);
}

static int set_debug(struct crash_session *s, const char *v)
{
	long d;
	if (number(v, INT_MAX, &d))
		return -1;
	s->debug = (int)d;
	return 0;
}

/* print_max and null-stop are the expression printer's settings, the
 * ones gdb's "set print elements" and "set print null-stop" change. */
static void show_print_max(struct crash_session *s, char *b, size_t n)
{
	(void)s;
	snprintf(b, n, "%u", kx_settings()->elements);
}

static int set_print_max(struct crash_session *s, const char *v)
{
	long m;
	(void)s;
	if (number(v, UINT_MAX / 2, &m))
		return -1;
	kx_settings()->elements = (unsigned)m;
	return 0;
}

static void show_null_stop(struct crash_session *s, char *b, size_t n)
{
	(void)s;
	snprintf(b, n, "%s", onoff(kx_settings()->null_stop));
}

static int set_null_stop(struct crash_session *s, const char *v)
{
	(void)s;
	return parse_bool(v, &kx_settings()->null_stop);
}

static void show_console(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->console ? s->console : "(not assigned)");
}

/* The console takes crash's debugging messages: it must be writable. */
static int set_console(struct crash_session *s, const char *v)
{
	int fd = open(v, O_WRONLY | O_NOCTTY | O_APPEND);
	if (fd < 0) {
		err_set("%s: %s", v, strerror(errno));
		return -1;
	}
	close(fd);
	free(s->console);
	s->console = xstrdup(v);
	return 0;
}

static void show_edit(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->edit);
}

static int set_edit(struct crash_session *s, const char *v)
{
	if (strcmp(v, "vi") && strcmp(v, "emacs")) {
		err_set("expected vi or emacs, not \"%s\"", v);
		return -1;
	}
	strcpy(s->edit, v);
	return 0;
}

static void show_namelist(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->vmlinux ? s->vmlinux : s->kernel ? "(none: the dump's kallsyms)" : "(none)");
}

static void show_dumpfile(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->dumpfile ? s->dumpfile : "(none)");
}

static void show_zero_excluded(struct crash_session *s, char *b, size_t n)
{
	struct dump *d = s->kernel ? kernel_dump(s->kernel) : NULL;
	snprintf(b, n, "%s", onoff(d && dump_zero_excluded(d)));
}

static int set_zero_excluded(struct crash_session *s, const char *v)
{
	bool on;
	if (parse_bool(v, &on))
		return -1;
	if (!s->kernel) {
		err_set("no dump is open");
		return -1;
	}
	dump_set_zero_excluded(kernel_dump(s->kernel), on);
	return 0;
}

static void show_scope(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->scope ? s->scope : "0 (not set)");
}

static int set_scope(struct crash_session *s, const char *v)
{
	uint64_t a;
	free(s->scope);
	s->scope = NULL;
	if (!strcmp(v, "0"))
		return 0;
	if (!s->kernel || (kernel_symbol(s->kernel, v, &a) != 0 && !crash_parse_hex(v, &a))) {
		err_set("invalid text address: %s", v);
		return -1;
	}
	s->scope = xstrdup(v);
	return 0;
}

static void show_offline(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->offline_hide ? "hide" : "show");
}

static int set_offline(struct crash_session *s, const char *v)
{
	if (strcmp(v, "show") && strcmp(v, "hide")) {
		err_set("expected show or hide, not \"%s\"", v);
		return -1;
	}
	s->offline_hide = !strcmp(v, "hide");
	return 0;
}

static void show_error(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->error_file ? s->error_file : s->error_redirect ? "redirect" : "default");
}

static int set_error(struct crash_session *s, const char *v)
{
	if (strcmp(v, "default") && strcmp(v, "redirect")) {
		FILE *f = fopen(v, "a");
		if (!f) {
			err_set("%s: %s", v, strerror(errno));
			return -1;
		}
		fclose(f);
	}
	free(s->error_file);
	s->error_file = NULL;
	s->error_redirect = !strcmp(v, "redirect");
	if (strcmp(v, "default") && !s->error_redirect)
		s->error_file = xstrdup(v);
	return 0;
}

/* Variables that are a bool of the session. */
#define BOOLVAR(field)                                                              \
	static void show_##field(struct crash_session *s, char *b, size_t n)       \
	{                                                                           \
		snprintf(b, n, "%s", onoff(s->field));                             \
	}                                                                           \
	static int set_##field(struct crash_session *s, const char *v)             \
	{                                                                           \
		return parse_bool(v, &s->field);                                   \
	}
BOOLVAR(refresh)
BOOLVAR(print_array)
BOOLVAR(core)
BOOLVAR(hash)
BOOLVAR(gdb_mode)
BOOLVAR(redzone)

/* silent on turns the pager off too, as crash's does */
static void show_silent(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", onoff(s->silent));
}

static int set_silent(struct crash_session *s, const char *v)
{
	if (parse_bool(v, &s->silent))
		return -1;
	if (s->silent)
		s->scroll = false;
	return 0;
}

static bool unwind_on;
static void show_unwind(struct crash_session *s, char *b, size_t n)
{
	(void)s;
	snprintf(b, n, "%s", onoff(unwind_on));
}

static int set_unwind(struct crash_session *s, const char *v)
{
	(void)s;
	return parse_bool(v, &unwind_on);
}

/* output text|json: how commands print (crash --json) */
static void show_output(struct crash_session *s, char *b, size_t n)
{
	snprintf(b, n, "%s", s->json ? "json" : "text");
}

static int set_output(struct crash_session *s, const char *v)
{
	if (!strcmp(v, "json"))
		s->json = true;
	else if (!strcmp(v, "text"))
		s->json = false;
	else {
		err_set("output: \"%s\" is neither text nor json", v);
		return -1;
	}
	return 0;
}

/* In crash's order of `set -v`. */
static const struct setvar vars[] = {
	{"scroll", show_scroll, set_scroll, NULL},
	{"radix", show_radix, set_radix, NULL},
	{"refresh", show_refresh, set_refresh,
	 "the task table of a dump is read once: it cannot change"},
	{"print_max", show_print_max, set_print_max, NULL},
	{"print_array", show_print_array, set_print_array,
	 "p, struct and union print an array's elements on one line"},
	{"console", show_console, set_console, NULL},
	{"debug", show_debug, set_debug, NULL},
	{"core", show_core, set_core, NULL},
	{"hash", show_hash, set_hash, NULL},
	{"silent", show_silent, set_silent, NULL},
	{"edit", show_edit, set_edit, NULL},
	{"namelist", show_namelist, NULL, "the kernel file is given on the command line"},
	{"dumpfile", show_dumpfile, NULL, "the dump file is given on the command line"},
	{"unwind", show_unwind, set_unwind,
	 "backtraces use the kernel's ORC data or frame pointers, whichever it has"},
	{"zero_excluded", show_zero_excluded, set_zero_excluded, NULL},
	{"null-stop", show_null_stop, set_null_stop, NULL},
	{"gdb", show_gdb_mode, set_gdb_mode, NULL},
	{"scope", show_scope, set_scope,
	 "each type has one definition here, whatever the text address"},
	{"offline", show_offline, set_offline, NULL},
	{"redzone", show_redzone, set_redzone,
	 "kmem prints SLUB object addresses without their red zone"},
	{"error", show_error, set_error, NULL},
	{"output", show_output, set_output, NULL},
};
#define NVARS (sizeof(vars) / sizeof(vars[0]))

static const struct setvar *find_var(const char *name)
{
	if (!strcmp(name, "null_stop"))
		name = "null-stop";
	for (size_t i = 0; i < NVARS; i++)
		if (!strcmp(vars[i].name, name))
			return &vars[i];
	return NULL;
}

static void list_vars(struct crash_session *s, FILE *out)
{
	char buf[512];
	for (size_t i = 0; i < NVARS; i++) {
		vars[i].show(s, buf, sizeof(buf));
		fprintf(out, "%14s: %s\n", vars[i].name, buf);
	}
}

/* `set NAME` shows it; `set NAME VALUE` changes it, then shows it. */
static int set_var(struct crash_session *s, const struct setvar *v, const char *val)
{
	char buf[512];

	if (val) {
		if (!v->set)
			return crash_error(s, "%s: cannot be changed: %s", v->name, v->no_effect);
		if (v->set(s, val))
			return crash_error(s, "%s: %s", v->name, err_get());
		if (v->no_effect)
			fprintf(stderr, "set: %s: no effect: %s\n", v->name, v->no_effect);
	}
	v->show(s, buf, sizeof(buf));
	if (v->set == set_radix)	/* crash's wording */
		fprintf(crash_out(s), "output radix: %s\n", buf);
	else
		fprintf(crash_out(s), "%s: %s\n", v->name, buf);
	return 0;
}

static int need_hooks(struct crash_session *s, const void *fn)
{
	if (!crash_task_hooks || !fn)
		return crash_error(s, "task context not available (no task support built)");
	if (!crash_kernel(s))
		return crash_error(s, "no dump is open");
	return 0;
}

static int show_task(struct crash_session *s, uint64_t t)
{
	crash_set_current_task(s, t);
	if (crash_task_hooks->show)
		crash_task_hooks->show(s, crash_out(s), t);
	return 0;
}

static int set_run(struct crash_session *s, int argc, char **argv)
{
	const struct crash_task_hooks *h = crash_task_hooks;
	uint64_t t;

	/* crash: plain `set` shows the current context when there is one */
	if (argc == 1 && h && h->show && crash_kernel(s)) {
		t = crash_current_task(s);
		if (!t && h->panic_task && h->panic_task(s, &t))
			t = 0;
		if (t) {
			h->show(s, crash_out(s), t);
			return 0;
		}
	}
	/* gdb's set print ..., set var, set $name = ... */
	if (argc >= 2 && (!strcmp(argv[1], "print") || !strcmp(argv[1], "var") ||
			  !strcmp(argv[1], "variable") || argv[1][0] == '$')) {
		const char *text = crash_arg_text(s, 1);
		char *line = xasprintf("gdb set %s", text ? text : argv[1]);
		int rc = crash_run_line(s, line);
		free(line);
		return rc ? -1 : 0;
	}
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-v"))) {
		list_vars(s, crash_out(s));
		return 0;
	}
	if (!strcmp(argv[1], "-p")) {
		if (need_hooks(s, h ? (void *)h->panic_task : NULL))
			return -1;
		if (h->panic_task(s, &t))
			return crash_error(s, "%s", err_get());
		return show_task(s, t);
	}
	if (!strcmp(argv[1], "-c")) {
		char *end;
		long cpu;
		if (argc != 3)
			return crash_error(s, "usage: set -c CPU");
		cpu = strtol(argv[2], &end, 10);
		if (*end || end == argv[2] || cpu < 0 || cpu > 65535)
			return crash_error(s, "invalid cpu number: %s", argv[2]);
		if (need_hooks(s, h ? (void *)h->on_cpu : NULL))
			return -1;
		if (h->on_cpu(s, (int)cpu, &t))
			return crash_error(s, "%s", err_get());
		return show_task(s, t);
	}
	if (!strcmp(argv[1], "-a")) {
		/* The task becomes the one its CPU was running: bt starts
		 * from the CPU's saved registers, ps marks it, set -c finds
		 * it (for a dump whose record of the CPU's task is wrong). */
		const struct ktask *kt;
		if (argc != 3)
			return crash_usage_error(s, "usage: set -a pid | task");
		if (need_hooks(s, h ? (void *)h->lookup : NULL))
			return -1;
		if (h->lookup(s, argv[2], &t))
			return crash_error(s, "%s", err_get());
		kt = ktask_by_addr(crash_kernel(s), t);
		if (!kt)
			return crash_error(s, "%s", err_get());
		if (kstack_set_active_task(crash_kernel(s), kt->cpu, t) ||
		    ktask_set_active(crash_kernel(s), t))
			return crash_error(s, "-a: %s", err_get());
		return show_task(s, t);
	}
	if (argv[1][0] == '-')
		return crash_usage_error(s, "invalid option: %s", argv[1]);
	if (!find_var(argv[1])) {
		if (argc > 2)
			return crash_usage_error(s, "unknown variable: %s", argv[1]);
		/* set PID | set TASK-ADDRESS */
		if (need_hooks(s, h ? (void *)h->lookup : NULL))
			return -1;
		if (h->lookup(s, argv[1], &t))
			return crash_error(s, "%s", err_get());
		return show_task(s, t);
	}
	/* Several variables, each with its value or not, in one line. */
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		const struct setvar *v = find_var(argv[i]);
		const char *val = NULL;

		if (!v) {
			rc = crash_usage_error(s, "unknown variable: %s", argv[i]);
			break;
		}
		if (i + 1 < argc && !find_var(argv[i + 1]))
			val = argv[++i];
		if (set_var(s, v, val))
			rc = -1;
	}
	return rc;
}

static const struct crash_cmd set_cmd = {
	.name = "set",
	.run = set_run,
	.summary = "session variables and the current task context",
	.synopsis = "[[-a] [pid | task] | -c cpu | -p] | [variable [value]] ... | -v",
	.description =
		"With no argument, shows the current context: the task that bt, vm,\n"
		"files, task and the other per-task commands use when given none.\n"
		"\n"
		"   pid | task  a PID, or a task_struct address in hex: that task becomes\n"
		"               the context.\n"
		"       -a      the same, and the task becomes the one its CPU was running:\n"
		"               bt starts from the CPU's saved registers, ps marks it\n"
		"               with \">\", set -c finds it (dumps only).\n"
		"       -c cpu  the task that was running on cpu becomes the context.\n"
		"       -p      the task that panicked becomes the context again.\n"
		"       -v      lists the session variables.\n"
		"\n"
		"With a variable's name, shows it; with a value after it, changes it.\n"
		"Several names and values may follow one another on a line.\n"
		"\n"
		"        scroll  on|off       page long output\n"
		"        scroll  less|more    the pager to use (less -E -X -F, more)\n"
		"        scroll  CRASHPAGER   the pager in $CRASHPAGER\n"
		"         radix  10|16        default radix of numbers commands print\n"
		"       refresh  on|off       kept; a dump's task table does not change\n"
		"     print_max  number       the most array elements and string\n"
		"                             characters p, struct and union print\n"
		"                             (0: all)\n"
		"   print_array  on|off       kept; arrays print on one line\n"
		"       console  device       where debugging messages (-d) go\n"
		"         debug  number       debug level: 1 and up print how the dump\n"
		"                             was opened\n"
		"          core  on|off       the next error message aborts crash with\n"
		"                             a core dump (to debug crash itself)\n"
		"          hash  on|off       commands may print progress marks\n"
		"        silent  on|off       no banner, no echo of commands read from a\n"
		"                             file or pipe; on turns scroll off\n"
		"          edit  vi|emacs     command line editing mode\n"
		"      namelist               the kernel file (read only)\n"
		"      dumpfile               the dump file (read only)\n"
		"        unwind  on|off       kept; backtraces use ORC or frame pointers\n"
		" zero_excluded  on|off       pages filtered out of the dump read as\n"
		"                             zeros instead of failing\n"
		"     null-stop  on|off       char arrays print up to their first NUL\n"
		"           gdb  on|off       on: each line goes to gdb, except those\n"
		"                             that begin with \"crash\" (the rest of the\n"
		"                             line is a crash command), q, and\n"
		"                             \"set gdb off\"\n"
		"         scope  text-addr    kept; a type has one definition\n"
		"       offline  show|hide    hide: bt -c says \"CPU N is OFFLINE\" for\n"
		"                             a CPU not online instead of its\n"
		"                             backtrace\n"
		"        output  text|json    how commands print: crash's text, or one\n"
		"                             JSON document per command line (crash\n"
		"                             --json; keys in commands/json/)\n"
		"       redzone  on|off       kept; kmem shows object addresses\n"
		"         error  default      error messages go to the error stream\n"
		"         error  redirect     ... or to the pipe or file a command's\n"
		"                             output goes to, when it has one\n"
		"         error  filename     ... or only to the end of that file\n"
		"\n"
		"A variable marked \"kept\" is stored and shown, but changes nothing\n"
		"here; setting it says why in one line.  .crashrc files (in $HOME, then\n"
		"the current directory) are the place for settings of every session.\n"
		"\n"
		"EXAMPLES\n"
		"  Make PID 1 the context:\n"
		"\n"
		"    crash> set 1\n"
		"        PID: 1\n"
		"    COMMAND: \"init\"\n"
		"       TASK: ffff888003ac0000  [THREAD_INFO: ffff888003ac0000]\n"
		"        CPU: 0\n"
		"      STATE: TASK_INTERRUPTIBLE\n"
		"\n"
		"  Numbers in hex, no pager:\n"
		"\n"
		"    crash> set radix 16 scroll off\n"
		"    output radix: 16 (hex)\n"
		"    scroll: off (less)\n"
		"\n"
		"  The variables:\n"
		"\n"
		"    crash> set -v\n"
		"            scroll: off (less)\n"
		"             radix: 10 (decimal)\n"
		"           refresh: on\n"
		"         print_max: 256\n"
		"    ...\n",
};
CRASH_BUILTIN_COMMAND(set_cmd)
