/* Wait queue walk; see waitq.h. */
#include "kernel-types/waitq.h"

#include "common/err.h"
#include "kernel-types/ipcirq_access.h"

#define MAX_WAITERS 1000000 /* bounds a walk of a corrupted list */

int waitq_walk(struct kernel *k, uint64_t head, int (*cb)(void *arg, const struct waitq_entry *e), void *arg)
{
	/* 4.13 renamed the types and their list members; probe both. */
	long o_head = ii_offset(k, "struct wait_queue_head", "head");
	long o_entry = ii_offset(k, "struct wait_queue_entry", "entry");
	long o_priv = ii_offset(k, "struct wait_queue_entry", "private");
	long o_func = ii_offset(k, "struct wait_queue_entry", "func");
	if (o_head < 0 || o_entry < 0) {
		o_head = ii_offset(k, "struct __wait_queue_head", "task_list");
		o_entry = ii_offset(k, "struct __wait_queue", "task_list");
		o_priv = ii_offset(k, "struct __wait_queue", "private");
		o_func = ii_offset(k, "struct __wait_queue", "func");
	}
	if (o_head < 0 || o_entry < 0 || o_priv < 0 || o_func < 0) {
		err_set("kernel has no wait_queue_head/wait_queue_entry");
		return -1;
	}
	uint64_t lh = head + (uint64_t)o_head, p, prev = lh;
	if (ii_read_u64(k, lh, &p) < 0) {
		err_prefix("wait queue %llx", (unsigned long long)head);
		return -1;
	}
	for (unsigned n = 0; p != lh; n++) {
		struct waitq_entry e;
		uint64_t back;
		if (n >= MAX_WAITERS) {
			err_set("wait queue %llx: list does not end", (unsigned long long)head);
			return -1;
		}
		/* Each entry must point back to the one before it: a cheap
		 * guard against following garbage (and against loops that
		 * do not pass through the head). */
		if (ii_read_u64(k, p + 8, &back) < 0 || back != prev) {
			err_set("wait queue %llx: broken list at %llx", (unsigned long long)head, (unsigned long long)p);
			return -1;
		}
		e.addr = p - (uint64_t)o_entry;
		if (ii_read_u64(k, e.addr + (uint64_t)o_priv, &e.private) < 0 ||
		    ii_read_u64(k, e.addr + (uint64_t)o_func, &e.func) < 0)
			return -1;
		int r = cb(arg, &e);
		if (r)
			return r;
		prev = p;
		if (ii_read_u64(k, p, &p) < 0)
			return -1;
	}
	return 0;
}
