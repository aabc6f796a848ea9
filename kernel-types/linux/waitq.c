/* Wait queue walk; see waitq.h. */
#include "kernel-types/linux/waitq.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

struct waitq_walk {
	struct kernel *k;
	uint64_t head;		/* the wait queue head, for messages */
	uint64_t prev;		/* list_head of the entry before */
	long o_entry, o_priv, o_func;
	bool failed;		/* the error is one's own, not the list walk's */
	int (*cb)(void *arg, const struct waitq_entry *e);
	void *arg;
};

static int one(void *arg, uint64_t entry)
{
	struct waitq_walk *w = arg;
	uint64_t node = entry + (uint64_t)w->o_entry, back;
	struct waitq_entry e = { .addr = entry };
	int rc;

	/* Each entry must point back to the one before it: a cheap guard
	 * against following garbage (and against loops that do not pass
	 * through the head). */
	if (kernel_read_u64(w->k, node + 8, &back) != 0 || back != w->prev) {
		err_set("wait queue %" PRIx64 ": broken list at %" PRIx64, w->head, node);
		w->failed = true;
		return -1;
	}
	if ((rc = kernel_read_u64(w->k, entry + (uint64_t)w->o_priv, &e.private)) != 0 ||
	    (rc = kernel_read_u64(w->k, entry + (uint64_t)w->o_func, &e.func)) != 0) {
		w->failed = true;
		return rc;
	}
	w->prev = node;
	if ((rc = w->cb(w->arg, &e)) < 0)
		w->failed = true;
	return rc;
}

int waitq_walk(struct kernel *k, uint64_t head, int (*cb)(void *arg, const struct waitq_entry *e), void *arg)
{
	/* 4.13 renamed the types and their list members; probe both. */
	long o_head = kernel_offsetof(k, "struct wait_queue_head", "head");
	struct waitq_walk w = { .k = k, .head = head, .cb = cb, .arg = arg,
				.o_entry = kernel_offsetof(k, "struct wait_queue_entry", "entry"),
				.o_priv = kernel_offsetof(k, "struct wait_queue_entry", "private"),
				.o_func = kernel_offsetof(k, "struct wait_queue_entry", "func") };
	if (o_head < 0 || w.o_entry < 0) {
		o_head = kernel_offsetof(k, "struct __wait_queue_head", "task_list");
		w.o_entry = kernel_offsetof(k, "struct __wait_queue", "task_list");
		w.o_priv = kernel_offsetof(k, "struct __wait_queue", "private");
		w.o_func = kernel_offsetof(k, "struct __wait_queue", "func");
	}
	if (o_head < 0 || w.o_entry < 0 || w.o_priv < 0 || w.o_func < 0) {
		err_set("kernel has no wait_queue_head/wait_queue_entry");
		return -1;
	}
	w.prev = head + (uint64_t)o_head;
	uint64_t first;
	int rc = kernel_read_u64(k, w.prev, &first);
	if (rc != 0) {
		err_prefix("wait queue %" PRIx64, head);
		return rc;
	}
	rc = kwalk_list(k, w.prev, w.o_entry, false, one, &w);
	if (rc < 0 && !w.failed)
		err_prefix("wait queue %" PRIx64, head);
	return rc;
}

int waitq_member(struct kernel *k, const char *name, const char *member, uint64_t base,
		 uint64_t *head)
{
	char type[256];
	long off;

	snprintf(type, sizeof(type), "struct %s", name);
	if ((off = kernel_offsetof(k, type, member)) < 0)
		return -1;
	*head = base + (uint64_t)off;
	return 0;
}
