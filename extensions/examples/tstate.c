/* Example extension on the task table: `tstate [STATE ...]` lists the
 * tasks in the given states (crash's two-letter codes: RU IN UN ID ST TR
 * ZO ...; all tasks without arguments) with what each one waits in: its
 * wait channel, named like /proc/PID/wchan.
 *
 *   crash> tstate UN
 *      PID  TASK              ST  COMM              WCHAN
 *      153  ffff8f3e82a1c180  UN  cat               wait_woken
 *
 * It uses only crash-api.h (API 1.1): the task table (ktask_*), symbol
 * lookup (kernel_symbol_at) and crash_task_wchan(). */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "common/err.h"
#include "extensions/crash-api.h"

const int crash_extension_api_version = CRASH_API_VERSION;

static bool wanted(const struct ktask *t, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (t->st && !strcasecmp(argv[i], t->st))
			return true;
	return false;
}

static int tstate_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	long n;

	for (int i = 1; i < argc; i++)
		if (strlen(argv[i]) != 2 || !isalpha((unsigned char)argv[i][0]) ||
		    !isalpha((unsigned char)argv[i][1]))
			return crash_error(s, "invalid state: %s (two letters, as ps shows)",
					   argv[i]);
	if (!k)
		return crash_error(s, "no dump is open");
	n = ktask_count(k);
	if (n < 0)
		return crash_error(s, "%s", err_get());
	fprintf(out, "   PID  TASK              ST  COMM              WCHAN\n");
	for (long i = 0; i < n && !crash_interrupted(); i++) {
		const struct ktask *t = ktask_at(k, (size_t)i);
		const char *wchan = "-";
		uint64_t pc, off;

		if (!t || !wanted(t, argc, argv))
			continue;
		/* Idle tasks have no wait channel; running ones neither. */
		if (!t->idle && !t->active && !crash_task_wchan(s, t->task, &pc)) {
			const char *name = kernel_symbol_at(k, pc, &off);
			wchan = name ? name : "?";
		}
		fprintf(out, "%6d  %016" PRIx64 "  %-2s  %-16s  %s\n", t->pid, t->task,
			t->st ? t->st : "??", t->comm, wchan);
	}
	return 0;
}

static const struct crash_cmd tstate_cmd = {
	.name = "tstate",
	.run = tstate_run,
	.summary = "tasks in a given state, with their wait channel",
	.synopsis = "[STATE ...]",
	.description =
		"Lists the tasks whose state is one of STATE, given as the two-letter\n"
		"codes of ps (RU IN UN ID ST TR ZO DE WA PA NE; case does not matter),\n"
		"or every task without arguments.  For each: PID, task_struct address,\n"
		"state, command name and wait channel: the function the task sleeps in,\n"
		"the first return address on its kernel stack outside the scheduler\n"
		"and the locking primitives, as /proc/PID/wchan names it.  Running and\n"
		"idle tasks show \"-\".\n"
		"\n"
		"EXAMPLES\n"
		"    crash> tstate UN\n"
		"       PID  TASK              ST  COMM              WCHAN\n"
		"       153  ffff8f3e82a1c180  UN  cat               wait_woken\n",
	.flags = CMD_NEEDS_KERNEL,
};

int crash_extension_init(struct crash_session *s)
{
	(void)s;
	return crash_register_command(&tstate_cmd);
}
