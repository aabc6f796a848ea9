/* help: the list of commands, one command's page, or the dump headers. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extensions/crash-internal.h"

static void print_page(FILE *out, const struct crash_cmd *c)
{
	const char *p, *syn = c->synopsis ? c->synopsis : "";
	size_t nl = strlen(c->name);

	/* The synopsis holds the arguments only; some commands spell their
	 * own name first as well; print it once. */
	if (!strncmp(syn, c->name, nl) && (syn[nl] == ' ' || !syn[nl]))
		syn += nl + strspn(syn + nl, " ");
	fprintf(out, "NAME\n  %s - %s\n\nSYNOPSIS\n  %s%s%s\n\nDESCRIPTION\n", c->name,
		c->summary ? c->summary : "", c->name, *syn ? " " : "", syn);
	/* Each line of the description is indented like crash's pages. */
	p = c->description ? c->description : "No description.";
	while (*p) {
		size_t n = strcspn(p, "\n");
		/* An all-capitals line at the margin (EXAMPLES) is a section
		 * heading; an indented one ("  JIFFIES") is sample output. */
		if (n && *p != ' ' && strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ ") == n)
			fprintf(out, "%.*s\n", (int)n, p);
		else if (n)
			fprintf(out, "  %.*s\n", (int)n, p);
		else
			fputc('\n', out);
		p += n;
		if (*p)
			p++;
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Aliases crash's own list shows among the commands. */
static const char *const listed_aliases[] = { "exit" };

static void list(FILE *out)
{
	size_t n, m = 0, rows, cols = 5, na = sizeof(listed_aliases) / sizeof(listed_aliases[0]);
	const struct crash_cmd *const *all = registry_list(&n);
	const char *shown[n + na + 1];

	for (size_t i = 0; i < n; i++)
		if (!(all[i]->flags & CMD_HIDDEN))
			shown[m++] = all[i]->name;
	for (size_t i = 0; i < na; i++)
		if (alias_get(listed_aliases[i]) && !crash_find_command(listed_aliases[i]))
			shown[m++] = listed_aliases[i];
	qsort(shown, m, sizeof(shown[0]), by_name);
	rows = (m + cols - 1) / cols;
	fputc('\n', out);
	/* Alphabetical down the columns, as crash lays them out. */
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < cols; c++) {
			size_t i = c * rows + r;
			if (i < m)
				fprintf(out, "%-15s", shown[i]);
		}
		fputc('\n', out);
	}
	fprintf(out, "\ncrash version: %s\n"
		     "For help on any command above, enter \"help <command>\".\n"
		     "For help on input options, enter \"help input\".\n"
		     "For help on output options, enter \"help output\".\n"
		     "For the headers of the dump file, enter \"help -D\".\n",
		CRASH_VERSION);
}

/* crash's two help topics that are no command: how a command line is
 * typed, and where its output goes (crash -h input|output, help input). */
static const char input_topic[] =
	"\n"
	"Entering commands\n"
	"\n"
	"  A line is a command and its arguments, separated by blanks.  Quotes\n"
	"  ('...' or \"...\") keep blanks inside one argument; a backslash keeps the\n"
	"  character after it.  A line starting with # is a comment, and an empty\n"
	"  line does nothing.\n"
	"\n"
	"  On a terminal, lines are read with readline: the editing mode is vi by\n"
	"  default, emacs with \"crash -e emacs\", \"set edit emacs\" or a .crashrc\n"
	"  line.  The history of earlier lines is kept in ~/.crash_history across\n"
	"  sessions (the last 1000).  TAB completes command names, and after a\n"
	"  command symbol names (type names after struct, union, ptype and\n"
	"  whatis), else file names.  Ctrl-C stops the running command and brings\n"
	"  back the prompt.\n"
	"\n"
	"  A word that is no command but the name of a struct or union runs as\n"
	"  \"struct NAME ...\" (task_struct.pid ADDR), and a symbol alone runs as\n"
	"  \"p SYMBOL\".  gdb's \"p/x EXPR\" and \"x/4xg ADDR\" forms are taken as\n"
	"  they are; \"gdb COMMAND\" passes a line to the gdb emulation, and \"set gdb\n"
	"  on\" sends every line there until \"set gdb off\" (a line beginning with\n"
	"  \"crash\" is still a crash command).\n"
	"\n"
	"  An alias (see \"help alias\") replaces the first word of a line by its\n"
	"  text; some are built in (hex, dec, sf, sn, dmesg, lsmod, exit, ...).\n"
	"  \"!COMMAND\" runs a shell command, \"!\" alone an interactive shell.\n"
	"\n"
	"  Commands are also read from files: \"crash -i FILE\" runs FILE before\n"
	"  the prompt; $HOME/.crashrc and then ./.crashrc run first (unless\n"
	"  --no_crashrc); and when the standard input is no terminal every line\n"
	"  of it is run, echoed after the prompt unless -s.  At the prompt,\n"
	"  \"< FILE\" runs the lines of FILE, and \"COMMAND ARGS < FILE\" runs\n"
	"  COMMAND ARGS once for each line of FILE, that line's words added to\n"
	"  its arguments (\"ps -p < pids\": one PID a line).  \"repeat\" runs a\n"
	"  line again and again, \"foreach\" runs one for each task.\n"
	"\n"
	"  Task and address arguments: a PID is decimal, a task_struct address\n"
	"  hexadecimal; most commands also take symbols and symbol+offset for\n"
	"  addresses, and p, eval and gdb whole C expressions.\n";

static const char output_topic[] =
	"\n"
	"Command output\n"
	"\n"
	"  A line may end with \"| PROGRAM ...\": the output goes to that shell\n"
	"  pipeline (\"ps | grep bash\", \"log | tail -20\").  \"> FILE\" writes it to\n"
	"  FILE, \">> FILE\" adds it to the end of FILE.  Quoted | and > are part of\n"
	"  an argument.\n"
	"\n"
	"  On a terminal, output that goes nowhere else is paged: through\n"
	"  $CRASHPAGER when set, else \"less -E -X -F\"; \"crash --more\", \"crash\n"
	"  --less\" and \"set scroll more|less\" choose one, and \"set scroll off\",\n"
	"  \"sf\", --no_scroll and -s turn the paging off (\"sn\" back on).\n"
	"\n"
	"  Numbers: commands that print values in either radix follow \"set radix\n"
	"  10|16\" (the aliases hex and dec, the options --hex and --dec); p, x\n"
	"  and gdb's forms take a format suffix as gdb does (p/x, p/d).\n"
	"\n"
	"  Errors are one line, \"COMMAND: what failed\", on the error stream, and\n"
	"  the session goes on.  \"set error redirect\" sends them with the output\n"
	"  to a pipe or file when the command has one; \"set error FILE\" writes\n"
	"  them only to the end of FILE; \"set error default\" goes back.\n"
	"\n"
	"  \"set silent on\" (or -s) stops the echo of commands read from files\n"
	"  and pipes; \"echo\" prints text, for scripts that mark their output.\n";

static void emit(void *arg, const char *line)
{
	fprintf(arg, "%s\n", line);
}

static int help_run(struct crash_session *s, int argc, char **argv)
{
	FILE *out = crash_out(s);
	int rc = 0;

	if (argc == 1) {
		list(out);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "input") || !strcmp(argv[i], "output")) {
			/* gdb's output command has a page too: it follows */
			const struct crash_cmd *c = crash_find_command(argv[i]);
			fputs(argv[i][0] == 'i' ? input_topic : output_topic, out);
			if (c) {
				fputc('\n', out);
				print_page(out, c);
			}
			continue;
		}
		if (!strcmp(argv[i], "all")) {
			/* the list, both topics, then every command's page */
			size_t n;
			const struct crash_cmd *const *all = registry_list(&n);

			list(out);
			fputs(input_topic, out);
			fputs(output_topic, out);
			for (size_t j = 0; j < n; j++) {
				if (all[j]->flags & CMD_HIDDEN)
					continue;
				fputc('\n', out);
				print_page(out, all[j]);
			}
			continue;
		}
		if (!strcmp(argv[i], "-D")) {
			if (!crash_kernel(s)) {
				rc = crash_error(s, "no dump is open");
				continue;
			}
			dump_describe(kernel_dump(crash_kernel(s)), emit, out);
			continue;
		}
		const struct crash_cmd *c = crash_find_command(argv[i]);
		if (!c && alias_get(argv[i]))
			c = crash_find_command(alias_get(argv[i]));
		if (!c) {
			rc = crash_error(s, "no such command: %s", argv[i]);
			continue;
		}
		if (i > 1)
			fputc('\n', out);
		print_page(out, c);
	}
	return rc;
}

static const struct crash_cmd help_cmd = {
	.name = "help",
	.run = help_run,
	.summary = "list the commands, or show how to use one",
	.synopsis = "[command | all | input | output | -D] ...",
	.description =
		"Without an argument, lists every command in alphabetical order.\n"
		"With command names (or aliases), prints the page of each: what it\n"
		"does, its arguments and options, and examples.\n"
		"\n"
		"  all     the list, both topics below, and every command's page.\n"
		"  input   how command lines are typed: editing, history, completion,\n"
		"          quoting, aliases, input files, shell escapes.\n"
		"  output  where output goes: pipes, files, the pager, the radix,\n"
		"          error messages.\n"
		"  -D      describe the headers of the open dump file: its format,\n"
		"          compression, page size, CPUs and notes.\n"
		"\n"
		"Command lines may end with \"| shell-command\", \"> file\" or\n"
		"\">> file\"; \"!cmd\" runs a shell command, \"!\" alone a shell.\n"
		"\n"
		"EXAMPLES\n"
		"  Show the page of the set command:\n"
		"\n"
		"    crash> help set\n",
};
CRASH_BUILTIN_COMMAND(help_cmd)
