/* Types of the "waitq" test kernel (waitq.c): 6.1's wait queues
 * (include/linux/wait.h) and a structure that embeds two of them.  Shared
 * with tests/unit/test_waitq.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_WAITQ_H
#define CRASH_TESTS_KERNELS_WAITQ_H

#include "tk_kernel.h"

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned mode, int flags,
				 void *key);

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

struct wait_queue_entry {
	unsigned int flags;
	void *private;
	wait_queue_func_t func;
	struct list_head entry;
};

struct pipe_inode_info {
	void *mutex[4];
	struct wait_queue_head rd_wait, wr_wait;
	unsigned int head;
	unsigned int tail;
};

#endif
