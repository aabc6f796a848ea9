/* repeat: run a command again and again, until Ctrl-C or a count. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"
#include "extensions/crash-internal.h"

static int repeat_run(struct crash_session *s, int argc, char **argv)
{
	double secs = 0;
	long count = -1;
	int i = 1;

	/* Options by hand: "-2" is a delay, and the command's own options
	 * must not be taken by getopt. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		char *end;
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "-n")) {
			if (i + 1 >= argc)
				return crash_error(s, "%s needs a count", argv[i]);
			count = strtol(argv[++i], &end, 10);
			if (*end || count < 1)
				return crash_error(s, "invalid count: %s", argv[i]);
			continue;
		}
		secs = strtod(argv[i] + 1, &end);
		if (*end || end == argv[i] + 1 || secs < 0 || secs > 86400)
			return crash_error(s, "invalid interval: %s", argv[i]);
	}
	if (i >= argc)
		return crash_error(s, "usage: repeat [-seconds] [-c count] command");
	/* Without a terminal nobody can press Ctrl-C: insist on a count. */
	if (count < 0 && !s->interactive)
		return crash_error(s, "give a count (-c N) when input is not a terminal");

	size_t len = 1;
	for (int j = i; j < argc; j++)
		len += strlen(argv[j]) * 4 + 3;
	char *line = xmalloc(len), *p = line;
	/* Re-quote the words so that the line parses to the same words. */
	for (int j = i; j < argc; j++) {
		*p++ = j > i ? ' ' : '\'';
		if (j > i)
			*p++ = '\'';
		for (const char *q = argv[j]; *q; q++) {
			if (*q == '\'') { /* close, escaped quote, reopen */
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *q;
			}
		}
		*p++ = '\'';
	}
	*p = '\0';

	int rc = 0;
	for (long n = 0; (count < 0 || n < count) && !crash_interrupted(); n++) {
		if (n && secs > 0) {
			struct timespec ts = {(time_t)secs, (long)((secs - (double)(time_t)secs) * 1e9)};
			while (nanosleep(&ts, &ts) && errno == EINTR && !crash_interrupted())
				;
			if (crash_interrupted())
				break;
		}
		const char *saved = s->cmdname;
		rc = crash_run_line(s, line);
		s->cmdname = saved;
		fflush(crash_out(s));
	}
	free(line);
	return rc;
}

static const struct crash_cmd repeat_cmd = {
	.name = "repeat",
	.run = repeat_run,
	.summary = "run a command repeatedly",
	.synopsis = "[-seconds] [-c count] command",
	.description =
		"Runs the command over and over, waiting the given number of seconds\n"
		"(fractions allowed) between runs, until Ctrl-C is pressed or, with\n"
		"-c, until it has run count times.  When the input is not a terminal\n"
		"a count is required, so that a script cannot run forever.\n"
		"\n"
		"EXAMPLES\n"
		"  Show the log every 2 seconds, 5 times:\n"
		"\n"
		"    crash> repeat -2 -c 5 log\n",
};
CRASH_BUILTIN_COMMAND(repeat_cmd)
