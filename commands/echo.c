/* echo: print its arguments; scripts use it to label their output (crash
 * users reach gdb's echo the same way). */
#include "extensions/crash-api.h"

static int echo_run(struct crash_session *s, int argc, char **argv)
{
	FILE *out = crash_out(s);
	for (int i = 1; i < argc; i++)
		fprintf(out, "%s%s", i > 1 ? " " : "", argv[i]);
	fputc('\n', out);
	return 0;
}

static const struct crash_cmd echo_cmd = {
	.name = "echo",
	.run = echo_run,
	.summary = "print a line",
	.synopsis = "[word ...]",
	.description =
		"Prints its arguments, separated by single spaces, and a newline.  In\n"
		"an input file or a batch, it labels what follows.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> echo === tasks ===\n"
		"  === tasks ===\n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(echo_cmd)
