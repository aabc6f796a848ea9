/* The command-line parser of the shell: words, quotes, pipes, redirects,
 * `!shell`, comments and alias expansion.  The parser is pure, so it is
 * compiled in directly (the shell objects are not in libcrashcore.a). */
#include <stdarg.h>
#include <string.h>

#include "shell/parse.c"
#include "tests/unit/check.h"

static const char *aliases(const char *name)
{
	if (!strcmp(name, "ll"))
		return "help -l";
	if (!strcmp(name, "self"))
		return "self -x";
	if (!strcmp(name, "loop"))
		return "loop2";
	if (!strcmp(name, "loop2"))
		return "loop";
	if (!strcmp(name, "pp"))
		return "help | grep x";
	return NULL;
}

static int words_are(const struct cmdline *cl, int n, ...)
{
	va_list ap;
	int ok = cl->argc == n;

	va_start(ap, n);
	for (int i = 0; ok && i < n; i++)
		ok = !strcmp(cl->argv[i], va_arg(ap, const char *));
	va_end(ap);
	return ok && cl->argv[n] == NULL;
}

int main(void)
{
	struct cmdline cl;

	CHECK(!cmdline_parse("  sys  -c   foo ", NULL, &cl) && words_are(&cl, 3, "sys", "-c", "foo") &&
		      !cl.pipe && !cl.redir && !cl.shell,
	      "words split on blanks");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("p \"a b\" 'c|d' e\\ f \"x\\\"y\"", NULL, &cl) &&
		      words_are(&cl, 5, "p", "a b", "c|d", "e f", "x\"y"),
	      "quotes and backslashes group words");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("p ''", NULL, &cl) && words_are(&cl, 2, "p", ""), "empty quoted word kept");
	cmdline_free(&cl);

	CHECK(cmdline_parse("p \"abc", NULL, &cl) == -1 && strstr(err_get(), "quote"),
	      "unterminated quote is an error: %s", err_get());

	CHECK(!cmdline_parse("ps -a | grep  bash | wc -l ", NULL, &cl) && words_are(&cl, 2, "ps", "-a") &&
		      cl.pipe && !strcmp(cl.pipe, "grep  bash | wc -l"),
	      "pipe: rest of the line goes to the shell");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("log|tail", NULL, &cl) && words_are(&cl, 1, "log") && !strcmp(cl.pipe, "tail"),
	      "pipe without blanks");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("log > out.txt", NULL, &cl) && words_are(&cl, 1, "log") && cl.redir &&
		      !strcmp(cl.redir, "out.txt") && !cl.append,
	      "redirect >");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("log -m>>'my file'", NULL, &cl) && words_are(&cl, 2, "log", "-m") &&
		      !strcmp(cl.redir, "my file") && cl.append,
	      "redirect >> with a quoted name");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("p \"a > b\"", NULL, &cl) && words_are(&cl, 2, "p", "a > b") && !cl.redir,
	      "quoted > is not a redirect");
	cmdline_free(&cl);

	CHECK(cmdline_parse("log >", NULL, &cl) == -1, "> without a file is an error");
	CHECK(cmdline_parse("log > a > b", NULL, &cl) == -1, "two redirections are an error");
	CHECK(cmdline_parse("| wc", NULL, &cl) == -1, "pipe without a command is an error");
	CHECK(cmdline_parse("log |  ", NULL, &cl) == -1, "pipe without a shell command is an error");

	CHECK(!cmdline_parse("!ls -l | wc", NULL, &cl) && cl.argc == 0 && cl.shell &&
		      !strcmp(cl.shell, "ls -l | wc"),
	      "!cmd goes to the shell whole");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("  ! ", NULL, &cl) && cl.shell && !strcmp(cl.shell, ""), "! alone");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("  # comment | x > y", NULL, &cl) && cl.argc == 0 && !cl.shell && !cl.pipe,
	      "comment line");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("", NULL, &cl) && cl.argc == 0 && !cl.shell, "empty line");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("ll foo > f", aliases, &cl) && words_are(&cl, 3, "help", "-l", "foo") &&
		      !strcmp(cl.redir, "f"),
	      "alias expands the first word, keeps the rest");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("x ll", aliases, &cl) && words_are(&cl, 2, "x", "ll"),
	      "alias only in first position");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("self a", aliases, &cl) && words_are(&cl, 3, "self", "-x", "a"),
	      "self-referencing alias expands once");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("loop", aliases, &cl) && cl.argc == 1, "alias loop terminates");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("pp", aliases, &cl) && words_are(&cl, 1, "help") && !strcmp(cl.pipe, "grep x"),
	      "alias may carry a pipe");
	cmdline_free(&cl);

	CHECK(!cmdline_parse("'ll'", aliases, &cl) && words_are(&cl, 1, "ll"), "quoted name is not an alias");
	cmdline_free(&cl);

	CHECK_DONE();
}
