/* Splitting one command line into a command, its arguments, and where the
 * output goes.  Pure (no I/O) so that the unit tests can drive it. */
#ifndef CRASH_SHELL_PARSE_H
#define CRASH_SHELL_PARSE_H

#include <stdbool.h>

struct cmdline {
	int argc;
	char **argv;	/* NULL-terminated; quotes removed */
	char *pipe;	/* shell pipeline after the first unquoted '|', or NULL */
	char *redir;	/* file after '>' or '>>', or NULL */
	bool append;	/* '>>' */
	char *shell;	/* "!cmd": the shell command ("" for a lone '!') */
	char **argtext;	/* argtext[i]: the line from word i to the end of the
			   last word, as typed (quotes and backslashes kept;
			   the pipe or redirection left out); argc entries */
};

/* Returns the alias value for name, or NULL. */
typedef const char *(*alias_lookup_fn)(const char *name);

/* Parse line; an empty line or a '#' comment gives argc == 0 and no
 * shell.  The first word is replaced by its alias (repeatedly, up to a
 * small depth, stopping when an alias names itself).  Returns 0, or -1
 * with err_set() (unterminated quote, '>' without a file, ...). */
int cmdline_parse(const char *line, alias_lookup_fn alias, struct cmdline *cl);
void cmdline_free(struct cmdline *cl);

#endif
