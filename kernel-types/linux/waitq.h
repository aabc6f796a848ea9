/* Wait queues: the entries queued on a wait_queue_head (or the older
 * __wait_queue_head), oldest first. */
#ifndef CRASH_KERNEL_TYPES_LINUX_WAITQ_H
#define CRASH_KERNEL_TYPES_LINUX_WAITQ_H

#include <stdint.h>

struct kernel;

struct waitq_entry {
	uint64_t addr;		/* the wait_queue_entry */
	uint64_t private;	/* usually the waiting task */
	uint64_t func;		/* wake function */
};

/* cb for each entry of the queue whose head is at head; a non-zero return
 * stops the walk and is returned.  -1 (or a read's KREAD_* code) with
 * err_get() when the list cannot be read or loops. */
int waitq_walk(struct kernel *k, uint64_t head, int (*cb)(void *arg, const struct waitq_entry *e), void *arg);

/* The wait queue head that is member `member` ("rd_wait") of the struct
 * named `name` ("pipe_inode_info") at base, as `waitq STRUCT.MEMBER ADDR`
 * names one.  0, or -1 when the struct has no such member. */
int waitq_member(struct kernel *k, const char *name, const char *member, uint64_t base,
		 uint64_t *head);

#endif
