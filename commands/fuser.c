/* fuser: the tasks using a file, as its root or working directory, an
 * open file descriptor or a mapping; crash's layout. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "extensions/crash-api.h"

static int fuser_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	struct fuser_target t = { 0 };

	if (argc != 2)
		return crash_usage_error(s, "usage: fuser [pathname | inode]");
	if (argv[1][0] == '/')
		t.path = argv[1];
	else if (!crash_parse_hex(argv[1], &t.inode) || !t.inode)
		return crash_usage_error(s, "invalid pathname or inode: %s (a full path, or a hexadecimal inode address)",
					 argv[1]);
	long n = ktask_count(k);
	if (n < 0)
		return crash_error(s, "%s", err_get());
	int found = 0;
	for (long i = 0; i < n && !crash_interrupted(); i++) {
		const struct ktask *kt = ktask_at(k, (size_t)i);
		unsigned uses;
		if (!kt || fuser_task(k, kt->task, &t, &uses) != 0 || !uses)
			continue;
		if (!found++)
			fprintf(out, " PID         TASK        COMM             USAGE\n");
		char comm[KTASK_COMM_LEN + 4];
		snprintf(comm, sizeof comm, "\"%s\"", kt->comm);
		fprintf(out, "%5d  %16" PRIx64 "  %-16s %s%s%s%s\n", kt->pid, kt->task, comm,
			uses & FUSER_ROOT ? "root " : "", uses & FUSER_CWD ? "cwd " : "",
			uses & FUSER_FD ? "fd " : "", uses & FUSER_MMAP ? "mmap " : "");
	}
	if (!found)
		fprintf(out, "No users of %s found\n", argv[1]);
	return 0;
}

static const struct crash_cmd fuser_cmd = {
	.name = "fuser",
	.run = fuser_run,
	.summary = "file users",
	.synopsis = "[pathname | inode]",
	.description =
		"Lists the tasks that use a file: as their root or current working\n"
		"directory, through an open file descriptor, or by mapping it.\n"
		"  pathname  the file's full path, as the dump's mounts name it\n"
		"  inode     the hexadecimal address of its struct inode\n"
		"\n"
		"EXAMPLES\n"
		"  crash> fuser /dev/console\n"
		"   PID         TASK        COMM             USAGE\n"
		"      1  ffff8ab841208000  \"init\"           fd\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(fuser_cmd)
