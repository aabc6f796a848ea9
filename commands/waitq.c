/* waitq: the tasks blocked on a wait queue, given as a symbol, as
 * STRUCT.MEMBER of a structure at an address, or as an address. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "extensions/crash-api.h"

struct wq_ctx {
	struct crash_session *s;
	int n;
};

static int show(void *arg, const struct waitq_entry *e)
{
	struct wq_ctx *c = arg;
	FILE *out = crash_out(c->s);
	struct kernel *k = crash_kernel(c->s);
	/* Only a task of the task table counts as a waiting task. */
	const struct ktask *t = e->private ? ktask_by_addr(k, e->private) : NULL;
	c->n++;
	if (t) {
		crash_print_task_header(c->s, t->task, false);
		return 0;
	}
	/* Not a task: poll tables, epoll, io_uring... name the wake function
	 * so the reader knows what kind of waiter it is. */
	uint64_t off = 0;
	const char *fn = kernel_symbol_at(k, e->func, &off);
	fprintf(out, "WAIT_QUEUE_ENTRY: %llx  PRIVATE: %llx  FUNC: %llx", (unsigned long long)e->addr,
		(unsigned long long)e->private, (unsigned long long)e->func);
	if (fn && !off)
		fprintf(out, " <%s>", fn);
	else if (fn)
		fprintf(out, " <%s+%llu>", fn, (unsigned long long)off);
	fputc('\n', out);
	return 0;
}

static int cmd_waitq(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	uint64_t head;
	char what[256];
	if (argc == 3) {
		/* STRUCT.MEMBER ADDR */
		char name[120];
		const char *dot = strchr(argv[1], '.');
		uint64_t base;
		if (!dot || dot == argv[1] || !dot[1] || (size_t)(dot - argv[1]) >= sizeof name)
			return crash_error(s, "invalid structure.member: %s", argv[1]);
		if (!crash_parse_hex(argv[2], &base))
			return crash_error(s, "invalid address: %s", argv[2]);
		snprintf(name, sizeof name, "%.*s", (int)(dot - argv[1]), argv[1]);
		if (waitq_member(k, name, dot + 1, base, &head) < 0)
			return crash_error(s, "invalid structure.member: %s", argv[1]);
		snprintf(what, sizeof what, "%llx", (unsigned long long)head);
	} else if (argc == 2) {
		if (kernel_symbol(k, argv[1], &head) == 0) {
			snprintf(what, sizeof what, "\"%s\" (%llx)", argv[1], (unsigned long long)head);
		} else if (crash_parse_hex(argv[1], &head)) {
			snprintf(what, sizeof what, "%llx", (unsigned long long)head);
		} else {
			return crash_error(s, "invalid symbol or address: %s", argv[1]);
		}
	} else {
		return crash_error(s, "usage: waitq [ symbol ] | [ struct.member struct_addr ] | [ address ]");
	}
	struct wq_ctx c = { .s = s };
	if (ktask_count(k) < 0)
		crash_warn(s, "task table: %s", err_get());
	int r = waitq_walk(k, head, show, &c);
	if (r < 0)
		return crash_error(s, "%s", err_get());
	if (!c.n)
		fprintf(crash_out(s), "wait queue %s is empty\n", what);
	return 0;
}

static const struct crash_cmd waitq_cmd = {
	.name = "waitq",
	.run = cmd_waitq,
	.summary = "list tasks queued on a wait queue",
	.synopsis = "waitq [ symbol ] | [ struct.member struct_addr ] | [ address ]",
	.description =
		"Walks a wait queue and prints the task header of each waiting task, or\n"
		"that the queue is empty.  The queue is a global symbol (waitq log_wait),\n"
		"a structure member and the structure's address in hex\n"
		"(waitq pipe_inode_info.rd_wait ADDR), or the address of the queue head.\n"
		"An entry whose private field is not a task is shown with its address,\n"
		"private data and wake function.\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(waitq_cmd)
