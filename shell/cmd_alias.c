/* alias: list or define command aliases. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"

struct list_ctx {
	FILE *out;
	const char *only;
	int found;
};

static void show(void *arg, const char *name, const char *value, bool builtin)
{
	struct list_ctx *c = arg;

	if (c->only && strcmp(c->only, name))
		return;
	if (!c->found++ && !c->only)
		fprintf(c->out, "ORIGIN   ALIAS    COMMAND\n");
	fprintf(c->out, "%-8s %-8s %s\n", builtin ? "builtin" : "runtime", name, value);
}

static int alias_run(struct crash_session *s, int argc, char **argv)
{
	struct list_ctx c = {crash_out(s), NULL, 0};

	if (argc == 1) {
		alias_foreach(show, &c);
		return 0;
	}
	if (argc == 2) {
		c.only = argv[1];
		alias_foreach(show, &c);
		return c.found ? 0 : crash_error(s, "no alias named %s", argv[1]);
	}
	/* An empty command deletes the alias, as in crash. */
	if (argc == 3 && !*argv[2]) {
		if (alias_delete(argv[1]) != 0)
			return crash_error(s, "%s", err_get());
		fprintf(crash_out(s), "alias deleted: %s\n", argv[1]);
		return 0;
	}
	/* The rest of the words, joined, are the replacement text. */
	size_t len = 1;
	for (int i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *val = xmalloc(len);
	val[0] = '\0';
	for (int i = 2; i < argc; i++) {
		if (i > 2)
			strcat(val, " ");
		strcat(val, argv[i]);
	}
	int rc = alias_set(argv[1], val);
	free(val);
	if (rc)
		return crash_error(s, "%s", err_get());
	/* and shows what it made, with the list's header, as crash does
	 * (not for a .crashrc's aliases: crash reads those silently) */
	if (alias_quiet)
		return 0;
	fprintf(crash_out(s), "ORIGIN   ALIAS    COMMAND\n");
	c.only = argv[1];
	alias_foreach(show, &c);
	return 0;
}

static const struct crash_cmd alias_cmd = {
	.name = "alias",
	.run = alias_run,
	.summary = "list or create command aliases",
	.synopsis = "[name [command ...]]",
	.description =
		"Without arguments, lists every alias and where it comes from:\n"
		"\"builtin\" ones are predefined, \"runtime\" ones were made by this\n"
		"command (for instance from a .crashrc file).  With one name, shows\n"
		"that alias.  With a name and a command, makes the name stand for the\n"
		"command; the rest of the typed line is appended when it is used.  To\n"
		"keep a pipe or redirection in the alias, quote the command.  The new\n"
		"alias is shown as the list shows it.  An empty command (\"\") deletes\n"
		"the alias.\n"
		"\n"
		"EXAMPLES\n"
		"    crash> alias kk \"bt -a\"\n"
		"    ORIGIN   ALIAS    COMMAND\n"
		"    runtime  kk       bt -a\n"
		"    crash> alias kk\n"
		"    runtime  kk       bt -a\n",
};
CRASH_BUILTIN_COMMAND(alias_cmd)
