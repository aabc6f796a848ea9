/* The wait queue walker (kernel-types/linux/waitq.c) on the real code:
 * kernel_open() of the "waitq" test kernel (tests/unit/kernels/waitq.c):
 * an empty queue, two waiters in order with their private data and wake
 * function, a queue named as a member of a structure, and damaged lists
 * (a loop that does not pass through the head, an unreadable head). */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/waitq.h"
#include "kernels/waitq.h"
#include "testkernel.h"

struct wq {
	int n;
	uint64_t addr[4], priv[4], func[4];
};

static int wsee(void *arg, const struct waitq_entry *e)
{
	struct wq *w = arg;
	if (w->n < 4) {
		w->addr[w->n] = e->addr;
		w->priv[w->n] = e->private;
		w->func[w->n] = e->func;
	}
	w->n++;
	return 0;
}

int main(void)
{
	struct tk_opts o = { .ncpus = 1, .kaslr = 0x600000 };
	struct testkernel *tk = tk_new("waitq", &o);
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	uint64_t wq = tk_symbol(tk, "tk_wq"), b = tk_symbol(tk, "waiter_b");
	uint64_t wake = tk_symbol(tk, "autoremove_wake_function");
	struct kernel *k = tk_open(tk);
	CHECK(k, "kernel_open: %s", k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		CHECK_DONE();
	}
	struct wq w = { 0 };
	CHECK(waitq_walk(k, tk_symbol(tk, "tk_wq_empty"), wsee, &w) == 0 && w.n == 0,
	      "waitq: empty queue");
	CHECK(waitq_walk(k, wq, wsee, &w) == 0 && w.n == 2 && w.priv[0] == 0xaaaa000 &&
		      w.priv[1] == 0xbbbb000 && w.func[0] == wake && w.func[1] == wake &&
		      w.addr[0] == tk_symbol(tk, "waiter_a") && w.addr[1] == b,
	      "waitq: two entries in order");
	uint64_t head = 0, pipe = tk_symbol(tk, "tk_pipe");
	memset(&w, 0, sizeof(w));
	CHECK(waitq_member(k, "pipe_inode_info", "rd_wait", pipe, &head) == 0 &&
		      head == pipe + offsetof(struct pipe_inode_info, rd_wait) &&
		      waitq_walk(k, head, wsee, &w) == 0 && w.n == 1 && w.priv[0] == 0xcccc000,
	      "waitq: pipe_inode_info.rd_wait of a pipe holds its reader");
	CHECK(waitq_member(k, "pipe_inode_info", "nosuch", pipe, &head) < 0 &&
		      waitq_member(k, "nosuch_struct", "rd_wait", pipe, &head) < 0,
	      "waitq: a member or structure the kernel does not have is refused");
	int r = waitq_walk(k, 0x10000, wsee, &w);
	CHECK(r == KREAD_NOT_MAPPED && strstr(err_get(), "wait queue 10000"),
	      "waitq: an unmapped head: %s", err_get());
	kernel_close(k);

	/* B points to itself instead of the head: a loop not through the head. */
	tk_write_u64(tk, b + offsetof(struct wait_queue_entry, entry.next),
		     b + offsetof(struct wait_queue_entry, entry));
	memset(&w, 0, sizeof(w));
	k = tk_open(tk);
	CHECK(k && waitq_walk(k, wq, wsee, &w) < 0 && w.n == 2 && strstr(err_get(), "broken list"),
	      "waitq: loop detected: %s", err_get());
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
