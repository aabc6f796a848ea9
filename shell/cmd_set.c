/* set: session variables, and the current task context (through the
 * task layer's hooks). */
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

static void list_vars(struct crash_session *s, FILE *out)
{
	const char *pager = getenv("CRASHPAGER");
	fprintf(out, "%14s: %s", "scroll", onoff(s->scroll));
	if (s->scroll)
		fprintf(out, " (%s)", pager && *pager ? pager : "less");
	fprintf(out, "\n%14s: %d (%s)\n", "radix", s->radix, s->radix == 16 ? "hex" : "decimal");
	fprintf(out, "%14s: %s\n", "console", s->console ? s->console : "(not assigned)");
	fprintf(out, "%14s: %s\n", "hash", onoff(s->hash));
	fprintf(out, "%14s: %s\n", "silent", onoff(s->silent));
	fprintf(out, "%14s: %s\n", "edit", s->edit);
	fprintf(out, "%14s: %s\n", "namelist", s->vmlinux ? s->vmlinux : "(none)");
	fprintf(out, "%14s: %s\n", "dumpfile", s->dumpfile ? s->dumpfile : "(none)");
}

static int parse_bool(const char *v, bool *b)
{
	if (!strcmp(v, "on") || !strcmp(v, "1") || !strcmp(v, "yes")) {
		*b = true;
		return 0;
	}
	if (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no")) {
		*b = false;
		return 0;
	}
	return -1;
}

static int set_var(struct crash_session *s, const char *name, const char *val)
{
	FILE *out = crash_out(s);
	bool *flag = !strcmp(name, "scroll") ? &s->scroll :
		     !strcmp(name, "silent") ? &s->silent :
		     !strcmp(name, "hash")   ? &s->hash : NULL;

	if (flag) {
		if (!val) {
			fprintf(out, "%s: %s\n", name, onoff(*flag));
			return 0;
		}
		if (parse_bool(val, flag))
			return crash_error(s, "%s: expected on or off, not \"%s\"", name, val);
		fprintf(out, "%s: %s\n", name, onoff(*flag));
		return 0;
	}
	if (!strcmp(name, "radix")) {
		if (val) {
			if (!strcmp(val, "10") || !strcmp(val, "decimal"))
				s->radix = 10;
			else if (!strcmp(val, "16") || !strcmp(val, "hex"))
				s->radix = 16;
			else
				return crash_error(s, "radix: expected 10 or 16, not \"%s\"", val);
		}
		fprintf(out, "output radix: %d (%s)\n", s->radix, s->radix == 16 ? "hex" : "decimal");
		return 0;
	}
	if (!strcmp(name, "edit")) {
		if (val) {
			if (strcmp(val, "vi") && strcmp(val, "emacs"))
				return crash_error(s, "edit: expected vi or emacs, not \"%s\"", val);
			strcpy(s->edit, val);
		}
		fprintf(out, "edit: %s\n", s->edit);
		return 0;
	}
	if (!strcmp(name, "console")) {
		if (val) {
			free(s->console);
			s->console = xstrdup(val);
		}
		fprintf(out, "console: %s\n", s->console ? s->console : "(not assigned)");
		return 0;
	}
	return 1; /* not a variable */
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
	if (argv[1][0] == '-')
		return crash_error(s, "invalid option: %s", argv[1]);
	if (argc > 3)
		return crash_error(s, "too many arguments");
	int rc = set_var(s, argv[1], argc == 3 ? argv[2] : NULL);
	if (rc <= 0)
		return rc;
	if (argc == 3)
		return crash_error(s, "unknown variable: %s", argv[1]);
	/* set PID | set TASK-ADDRESS */
	if (need_hooks(s, h ? (void *)h->lookup : NULL))
		return -1;
	if (h->lookup(s, argv[1], &t))
		return crash_error(s, "%s", err_get());
	return show_task(s, t);
}

static const struct crash_cmd set_cmd = {
	.name = "set",
	.run = set_run,
	.summary = "session variables and the current task context",
	.synopsis = "[pid | task | -c cpu | -p] | [variable [value]] | -v",
	.description =
		"Without arguments (or with -v), lists the session variables.  With a\n"
		"variable name, shows it; with a value too, changes it:\n"
		"\n"
		"  scroll on|off     page long output through less (or $CRASHPAGER)\n"
		"  radix 10|16       default output radix of commands that print numbers\n"
		"  silent on|off     no echo of commands read from a file or a pipe\n"
		"  hash on|off       let commands print progress marks\n"
		"  console DEVICE    terminal for debugging output\n"
		"  edit vi|emacs     command line editing mode\n"
		"\n"
		"With a process ID or a task_struct address, makes that task the current\n"
		"context used by commands given no task, and shows it.\n"
		"\n"
		"  -c cpu  the task that was running on cpu becomes the context.\n"
		"  -p      the task that panicked becomes the context again.\n"
		"\n"
		"EXAMPLES\n"
		"    crash> set radix 16\n"
		"    output radix: 16 (hex)\n"
		"    crash> set scroll off\n"
		"    scroll: off\n",
};
CRASH_BUILTIN_COMMAND(set_cmd)
