/* Wait queues: the entries queued on a wait_queue_head (or the older
 * __wait_queue_head), oldest first. */
#ifndef CRASH_KERNEL_TYPES_WAITQ_H
#define CRASH_KERNEL_TYPES_WAITQ_H

#include <stdint.h>

struct kernel;

struct waitq_entry {
	uint64_t addr;		/* the wait_queue_entry */
	uint64_t private;	/* usually the waiting task */
	uint64_t func;		/* wake function */
};

/* cb for each entry of the queue whose head is at head; a non-zero return
 * stops the walk and is returned.  -1 with err_get() when the list cannot
 * be read or loops. */
int waitq_walk(struct kernel *k, uint64_t head, int (*cb)(void *arg, const struct waitq_entry *e), void *arg);

#endif
