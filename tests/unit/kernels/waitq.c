/* The "waitq" test kernel, for tests/unit/test_waitq.c.
 *
 *   tk_wq_empty: an empty queue
 *   tk_wq:       waiter_a (private 0xaaaa000, autoremove_wake_function),
 *                then waiter_b (private 0xbbbb000)
 *   tk_pipe:     a pipe_inode_info whose rd_wait holds waiter_r
 */
#include "waitq.h"

int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int sync, void *key);
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned mode, int sync, void *key)
{
	(void)wq_entry, (void)mode, (void)sync, (void)key;
	return 0;
}

struct wait_queue_head tk_wq_empty = { .head = LIST_HEAD_INIT(tk_wq_empty.head) };

extern struct wait_queue_entry waiter_a, waiter_b;
struct wait_queue_head tk_wq = { .head = LIST_NODE(&waiter_a.entry, &waiter_b.entry) };
__direct struct wait_queue_entry waiter_a = {
	.private = (void *)0xaaaa000, .func = autoremove_wake_function,
	.entry = LIST_NODE(&waiter_b.entry, &tk_wq.head),
};
__direct struct wait_queue_entry waiter_b = {
	.private = (void *)0xbbbb000, .func = autoremove_wake_function,
	.entry = LIST_NODE(&tk_wq.head, &waiter_a.entry),
};

extern struct pipe_inode_info tk_pipe;
__direct struct wait_queue_entry waiter_r = {
	.private = (void *)0xcccc000, .func = autoremove_wake_function,
	.entry = LIST_NODE(&tk_pipe.rd_wait.head, &tk_pipe.rd_wait.head),
};
__direct struct pipe_inode_info tk_pipe = {
	.rd_wait = { .head = LIST_NODE(&waiter_r.entry, &waiter_r.entry) },
	.wr_wait = { .head = LIST_HEAD_INIT(tk_pipe.wr_wait.head) },
};
