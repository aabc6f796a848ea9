/* q: end the session. */
#include "extensions/crash-internal.h"

static int q_run(struct crash_session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	s->quit = true;
	return 0;
}

static const struct crash_cmd q_cmd = {
	.name = "q",
	.run = q_run,
	.summary = "leave crash",
	.synopsis = "",
	.description = "Ends the session.  The aliases quit and exit do the same; so\n"
		       "does end of input (Ctrl-D at the prompt).",
};
CRASH_BUILTIN_COMMAND(q_cmd)
