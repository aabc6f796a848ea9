/* Example extension on the typed value API and the container walkers
 * (API 1.2): `children [pid|task]` lists the children of a task (the
 * current context's by default), walking task->children, whose entries
 * are linked through their task_struct.sibling members.
 *
 *   crash> children 1
 *      PID  TASK              COMM
 *      115  ffff8f3e903da0c0  wl-main
 *      ...
 *
 * Everything is read through struct kval (kv_symbol, kv_typed, kv_member,
 * kv_read_*) and kwalk_list; members are found by name in the vmlinux
 * DWARF, so nothing here depends on a kernel version. */
#include <inttypes.h>
#include <string.h>

#include "common/err.h"
#include "extensions/crash-api.h"

const int crash_extension_api_version = CRASH_API_VERSION;

struct ctx {
	struct crash_session *s;
	int n;
};

/* One child: its task_struct (kwalk_list did the container_of). */
static int child(void *arg, uint64_t task)
{
	struct ctx *c = arg;
	struct kernel *k = crash_kernel(c->s);
	struct kval t, comm;
	uint64_t pid;
	char name[32];

	if (kv_typed(k, "struct task_struct", task, &t) != 0 || kv_get_uint(k, t, "pid", &pid) != 0 ||
	    kv_member(k, t, "comm", &comm) != 0 || kv_read_string(k, comm, name, sizeof(name)) != 0)
		return -1;
	fprintf(crash_out(c->s), "%6" PRIu64 "  %016" PRIx64 "  %s\n", pid, task, name);
	c->n++;
	return crash_interrupted();
}

static int children_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	struct ctx c = { .s = s };
	struct kval parent, head, sibling;
	uint64_t task = crash_current_task(s);

	if (!k)
		return crash_error(s, "no dump is open");
	if (argc > 2)
		return crash_error(s, "one pid or task address at most");
	if (argc == 2) {
		const struct ktask *t = ktask_lookup(k, argv[1]);
		if (!t)
			return crash_error(s, "%s", err_get());
		task = t->task;
	}
	/* the list head is parent->children; each entry's link is its
	 * task_struct.sibling, whose offset kwalk_list subtracts */
	if (kv_typed(k, "struct task_struct", task, &parent) != 0 ||
	    kv_member(k, parent, "children", &head) != 0 ||
	    kv_typed(k, "struct task_struct", 0, &sibling) != 0 ||
	    kv_member(k, sibling, "sibling", &sibling) != 0)
		return crash_error(s, "%s", err_get());
	fprintf(crash_out(s), "   PID  TASK              COMM\n");
	if (kwalk_list(k, head.addr, (long)sibling.addr, false, child, &c) < 0)
		return crash_error(s, "%s", err_get());
	return 0;
}

static const struct crash_cmd children_cmd = {
	.name = "children",
	.run = children_run,
	.summary = "the children of a task",
	.synopsis = "[pid | task]",
	.description =
		"Lists the children of a task (the current context's without an\n"
		"argument): PID, task_struct address and command name of each task on\n"
		"its children list.  An example of the typed value API and the list\n"
		"walker (crash-api.h 1.2).\n"
		"\n"
		"EXAMPLES\n"
		"  crash> children 1\n"
		"     PID  TASK              COMM\n"
		"     115  ffff8f3e903da0c0  wl-main\n",
	.flags = CMD_NEEDS_KERNEL | CMD_TASK_ARG,
};

int crash_extension_init(struct crash_session *s)
{
	(void)s;
	return crash_register_command(&children_cmd);
}

void crash_extension_fini(struct crash_session *s)
{
	(void)s;
}
