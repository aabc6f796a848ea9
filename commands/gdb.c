/* gdb: the gdb commands crash users type, without an embedded gdb.
 * "gdb CMD ..." runs p/print/output/ptype/whatis/x/info in gdb's own
 * form (no crash prefixes: "$1 = 4294895258", "type = int"), set and show
 * gdb's print settings and convenience variables, and lists source with
 * list when crash was given the source tree (--src DIR); anything else
 * says in one line that it is not available. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

/* ---- list ---- */

static struct {
	char file[512];
	int next;		/* the line list alone starts at */
	bool missing;		/* file could not be read: list alone says so briefly */
} listed;

static int list_lines(struct crash_session *s, const char *file, int first)
{
	FILE *out = crash_out(s);
	const char *dir = crash_source_dir(s);
	char path[1024];
	if (file[0] == '/')
		snprintf(path, sizeof(path), "%s", file);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (first < 1)
		first = 1;
	FILE *f = fopen(path, "r");
	if (!f) {
		/* gdb keeps its place in a file it cannot read, and says so
		 * in full once */
		if (listed.missing && listed.next == first && !strcmp(listed.file, file))
			fprintf(out, "%d\tin %s\n", first, file);
		else
			fprintf(out, "%d\t%s: %s.\n", first, file, strerror(errno));
		snprintf(listed.file, sizeof(listed.file), "%s", file);
		listed.next = first;
		listed.missing = true;
		return 0;
	}
	char *line = NULL;
	size_t cap = 0;
	int n = 0, shown = 0;
	while (getline(&line, &cap, f) >= 0) {
		n++;
		if (n >= first && shown < 10) {
			fprintf(out, "%d\t%s", n, line);
			if (!strchr(line, '\n'))
				fputc('\n', out);
			shown++;
		}
	}
	free(line);
	fclose(f);
	if (!shown)
		return crash_error(s, "Line number %d out of range; \"%s\" has %d lines.", first, file, n);
	snprintf(listed.file, sizeof(listed.file), "%s", file);
	listed.next = first + shown;
	listed.missing = false;
	return 0;
}

static int gdb_list(struct crash_session *s, const char *arg)
{
	struct kernel *k = crash_kernel(s);
	char file[512];
	int line;
	uint64_t a, lo, hi;

	if (!crash_source_dir(s))
		return crash_error(s, "list needs the kernel's source tree: start crash with --src DIR");
	if (!arg || !*arg) {
		if (!listed.file[0])
			return crash_error(s, "list: which function or file:line?");
		return list_lines(s, listed.file, listed.next);
	}
	const char *colon = strrchr(arg, ':');
	if (arg[0] != '*' && colon && colon > arg && colon[-1] != ':' && colon[1] &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		snprintf(file, sizeof(file), "%.*s", (int)(colon - arg), arg);
		line = atoi(colon + 1);
		/* the file as the line table names it, when the debug info has it */
		char full[512];
		uint64_t x;
		if (kgdb_line_addr(k, file, line, &x, full, sizeof(full)) >= 0)
			snprintf(file, sizeof(file), "%s", full);
		err_clear();
		return list_lines(s, file, line - 5);
	}
	if (strspn(arg, "0123456789") == strlen(arg)) {
		if (!listed.file[0])
			return crash_error(s, "list %s: no file listed yet; give file:line", arg);
		return list_lines(s, listed.file, atoi(arg) - 5);
	}
	struct kx_value v;
	const char *e = arg[0] == '*' ? arg + 1 : arg;
	if (kx_eval(k, e, 0, &v) != 0 || kx_value_int(k, &v, &a) != 0)
		return crash_error(s, "%s", err_get());
	if (kgdb_line_at(k, a, file, sizeof(file), &line, &lo, &hi) != 0)
		return crash_error(s, "%s", err_get());
	if (arg[0] == '*') {
		/* gdb says first where the address is */
		uint64_t off;
		const char *fn = kgdb_symbol_at(k, a, &off);
		fprintf(crash_out(s), "0x%llx is in %s (%s:%d).\n", (unsigned long long)a, fn ? fn : "??", file,
			line);
	}
	/* the ten lines around the function's first line (or the address's) */
	return list_lines(s, file, line - 5);
}

/* ---- set and show ---- */

struct setting {
	const char *name;
	bool *b;
	unsigned *u;
	const char *show;	/* gdb's "show" sentence, %s the value */
};

static int settings(struct setting *out, size_t n)
{
	struct kx_settings *k = kx_settings();
	struct setting all[] = {
		{ "pretty", &k->pretty, NULL, "Pretty formatting of structures is %s." },
		{ "repeats", NULL, &k->repeats, "Threshold for repeated print elements is %s." },
		{ "elements", NULL, &k->elements, "Limit on string chars or array elements to print is %s." },
		{ "null-stop", &k->null_stop, NULL, "Printing of char arrays to stop at first null char is %s." },
		{ "symbol", &k->symbol, NULL, "Printing of symbols when printing pointers is %s." },
		{ "union", &k->unions, NULL, "Printing of unions interior to structures is %s." },
	};
	size_t m = sizeof(all) / sizeof(all[0]);
	for (size_t i = 0; i < m && i < n; i++)
		out[i] = all[i];
	return (int)m;
}

static struct setting *find_setting(struct setting *all, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(all[i].name, name))
			return &all[i];
	return NULL;
}

static void show_setting(FILE *out, const struct setting *st)
{
	char v[32];
	if (st->b)
		snprintf(v, sizeof(v), "%s", *st->b ? "on" : "off");
	else if (*st->u)
		snprintf(v, sizeof(v), "%u", *st->u);
	else
		snprintf(v, sizeof(v), "unlimited");
	fprintf(out, st->show, v);
	fputc('\n', out);
}

static int gdb_set_print(struct crash_session *s, int argc, char **argv)
{
	struct setting all[16];
	int n = settings(all, 16);
	if (argc < 1)
		return crash_error(s, "set print: which setting?");
	struct setting *st = find_setting(all, n, argv[0]);
	if (!st)
		return crash_error(s, "set print %s is not available (pretty, repeats, elements, null-stop, "
				      "symbol and union are)", argv[0]);
	const char *v = argc > 1 ? argv[1] : NULL;
	if (st->b) {
		if (!v || !strcmp(v, "on") || !strcmp(v, "1") || !strcmp(v, "yes"))
			*st->b = true;
		else if (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no"))
			*st->b = false;
		else
			return crash_error(s, "\"on\" or \"off\" expected.");
		return 0;
	}
	if (!v)
		return crash_error(s, "Argument required (integer to set it to, or \"unlimited\".).");
	char *end;
	long x = strtol(v, &end, 10);
	if (!strcmp(v, "unlimited"))
		x = 0;
	else if (*end || x < 0)
		return crash_error(s, "integer %s out of range", v);
	*st->u = x >= 2147483647 ? 0 : (unsigned)x;
	return 0;
}

static int gdb_show(struct crash_session *s, int argc, char **argv)
{
	FILE *out = crash_out(s);
	struct setting all[16];
	int n = settings(all, 16);
	if (argc >= 1 && (!strcmp(argv[0], "print") || !strcmp(argv[0], "p"))) {
		if (argc == 1) {
			for (int i = 0; i < n; i++)
				show_setting(out, &all[i]);
			return 0;
		}
		struct setting *st = find_setting(all, n, argv[1]);
		if (!st)
			return crash_error(s, "show print %s is not available", argv[1]);
		show_setting(out, st);
		return 0;
	}
	if (argc >= 1 && !strcmp(argv[0], "output-radix")) {
		fprintf(out, "Default output radix for printing of values is %d.\n", crash_radix(s));
		return 0;
	}
	return crash_error(s, "show %s is not available (show print ... is)", argc ? argv[0] : "");
}

/* ---- the dispatcher ---- */

static int run_as(struct crash_session *s, const char *cmd, const char *flag, const char *rest)
{
	char *line = xasprintf("%s%s%s%s%s", cmd, flag ? " " : "", flag ? flag : "", rest ? " " : "",
			       rest ? rest : "");
	int rc = crash_run_line(s, line);
	free(line);
	return rc ? -1 : 0;
}

static bool is(const char *w, const char *full, size_t min)
{
	size_t n = strlen(w);
	return n >= min && n <= strlen(full) && !strncmp(w, full, n);
}

static int gdb_run(struct crash_session *s, int argc, char **argv)
{
	if (argc < 2)
		return crash_error(s, "a gdb command is needed (p, print, output, ptype, whatis, x, info, "
				      "list, set, show)");
	char word[64];
	const char *w = argv[1], *rest = crash_arg_text(s, 2);
	size_t n = strcspn(w, "/");
	snprintf(word, sizeof(word), "%.*s", (int)(n < 63 ? n : 63), w);
	const char *fmt = w[n] == '/' ? w + n : NULL;

	if (is(word, "print", 1) || is(word, "inspect", 3) || is(word, "call", 4)) {
		char *cmd = xasprintf("p%s", fmt ? fmt : "");
		int rc = run_as(s, cmd, "-G", rest);
		free(cmd);
		return rc;
	}
	if (is(word, "output", 3)) {
		char *cmd = xasprintf("output%s", fmt ? fmt : "");
		int rc = run_as(s, cmd, NULL, rest);
		free(cmd);
		return rc;
	}
	if (!fmt && is(word, "ptype", 2))
		return run_as(s, "ptype", NULL, rest);
	if (!fmt && is(word, "whatis", 5))
		return run_as(s, "whatis", "-G", rest);
	if (!strcmp(word, "x")) {
		char *cmd = xasprintf("x%s", fmt ? fmt : "");
		int rc = run_as(s, cmd, NULL, rest);
		free(cmd);
		return rc;
	}
	if (!fmt && is(word, "info", 1))
		return run_as(s, "info", NULL, rest);
	if (!fmt && is(word, "list", 1))
		return gdb_list(s, rest);
	if (!fmt && !strcmp(word, "set")) {
		if (argc >= 3 && (!strcmp(argv[2], "print") || !strcmp(argv[2], "p") || !strcmp(argv[2], "pr")))
			return gdb_set_print(s, argc - 3, argv + 3);
		bool var = argc >= 3 && (!strcmp(argv[2], "var") || !strcmp(argv[2], "variable"));
		if (var || (argc >= 3 && argv[2][0] == '$')) {
			/* set $x = 5: the assignment, nothing shown */
			struct kx_value v;
			const char *e = var ? crash_arg_text(s, 3) : rest;
			if (!e || kx_eval(crash_kernel(s), e, 0, &v) != 0)
				return crash_error(s, "%s", e ? err_get() : "Argument required (expression to compute).");
			return 0;
		}
		return crash_error(s, "gdb set %s is not available: crash has no embedded gdb (set print ..., "
				      "set var $name = ... are)", argc >= 3 ? argv[2] : "");
	}
	if (!fmt && !strcmp(word, "show"))
		return gdb_show(s, argc - 2, argv + 2);
	if (!fmt && !strcmp(word, "help")) {
		fputs("gdb commands crash provides: print (p, inspect, call), output, ptype, whatis, x,\n"
		      "info symbol|address|line|functions|variables|types, list (with --src DIR),\n"
		      "set print, set var, show print.\n",
		      crash_out(s));
		return 0;
	}
	return crash_error(s, "\"%s\" is not available: crash has no embedded gdb (gdb help lists what is)", w);
}

static const struct crash_cmd gdb_cmd = {
	.name = "gdb",
	.run = gdb_run,
	.summary = "gdb's commands, in gdb's own form",
	.synopsis = "command ...",
	.description =
		"Runs a gdb command as gdb would print it.  There is no embedded gdb: the\n"
		"commands crash users rely on are built in, on the typed kernel reader:\n"
		"\n"
		"  print/FMT EXPR, p, inspect  as p, without crash's \"symbol = \" prefix\n"
		"  output/FMT EXPR             the value alone\n"
		"  ptype, whatis               \"type = ...\"\n"
		"  x/NFU ADDR                  memory\n"
		"  info symbol|address|line|functions|variables|types\n"
		"  list FUNC|FILE:LINE|*ADDR   source lines, from the tree crash was\n"
		"                              given with --src DIR\n"
		"  set print pretty|repeats|elements|null-stop|symbol|union VALUE\n"
		"  set var EXPR, set $name = EXPR\n"
		"  show print [SETTING]\n"
		"\n"
		"Anything else says that it is not available.  print, output, ptype,\n"
		"whatis, x and info are commands of their own too; set print ... also\n"
		"works without gdb in front.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> gdb p jiffies\n"
		"  $1 = 4294895258\n"
		"  crash> gdb whatis jiffies\n"
		"  type = volatile unsigned long\n"
		"  crash> gdb set print pretty off\n"
		"  crash> gdb list schedule\n"
		"  6649	}\n"
		"  ...\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(gdb_cmd)
