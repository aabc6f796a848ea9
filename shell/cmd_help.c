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
		     "For the headers of the dump file, enter \"help -D\".\n",
		CRASH_VERSION);
}

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
	.synopsis = "[command | -D] ...",
	.description =
		"Without an argument, lists every command in alphabetical order.\n"
		"With command names (or aliases), prints the page of each: what it\n"
		"does, its arguments and options, and examples.\n"
		"\n"
		"  -D  describe the headers of the open dump file: its format,\n"
		"      compression, page size, CPUs and notes.\n"
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
