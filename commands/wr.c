/* wr: crash writes memory only on a live system; a dump file is evidence,
 * opened read-only, and this tool never writes to it. */
#include "extensions/crash-api.h"

static int wr_run(struct crash_session *s, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return crash_error(s, "not allowed on dumpfiles: this crash opens dumps read-only and "
			      "never writes memory");
}

static const struct crash_cmd wr_cmd = {
	.name = "wr",
	.run = wr_run,
	.summary = "write memory",
	.synopsis = "[-u|-k|-p] [-8|-16|-32|-64] [address|symbol] value",
	.description =
		"Crash writes memory with it on a live system (through /dev/mem).  This\n"
		"crash reads dump files only and opens them read-only, so wr refuses in\n"
		"one line, whatever its arguments.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> wr my_debug_flag 1\n"
		"  wr: not allowed on dumpfiles: this crash opens dumps read-only and never writes memory\n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(wr_cmd)
