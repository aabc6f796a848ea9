/* The signal walker (kernel-types/linux/signals.c) on the real code:
 * kernel_open() of the "signals" test kernel (tests/unit/kernels/
 * signals.c): a task's signal_struct and sighand, its sigactions, blocked
 * set and TIF_SIGPENDING, its own queue of two siginfo entries and the
 * group's empty one, an exited task, and queues that break (an entry the
 * dump lacks, a next pointer that cannot be read). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/signals.h"
#include "kernels/signals.h"
#include "testkernel.h"

int main(void)
{
	struct tk_opts o = { .ncpus = 1, .kaslr = 0x1400000, .format = TK_KDUMP };
	struct testkernel *tk = tk_new("signals", &o);
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	uint64_t task = tk_symbol(tk, "task_sig"), sighand = tk_symbol(tk, "sighand_sig");
	uint64_t signal = tk_symbol(tk, "signal_sig"), q_usr1 = tk_symbol(tk, "q_usr1");
	uint64_t q_rt = tk_symbol(tk, "q_rt");
	struct kernel *k = tk_open(tk);
	CHECK(k, "kernel_open: %s", k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		CHECK_DONE();
	}
	CHECK(signal_check(k) == 0, "signals: the layout is known");
	struct signal_task st;
	CHECK(signal_task(k, task, &st) == 0 && st.signal == signal && st.sighand == sighand &&
		      st.nr == 1 && !st.nr_is_count &&
		      st.shared_pending == signal + offsetof(struct signal_struct, shared_pending),
	      "signals: signal_struct, sighand, nr_threads and the shared queue of a task");

	struct signal_action act[SIGNALS_NSIG];
	CHECK(signal_actions(k, sighand, act) == 0, "signals: sigactions read");
	CHECK(act[0].ok && act[0].handler == 0 &&
		      act[0].addr == sighand + offsetof(struct sighand_struct, action[0]) &&
		      act[1].handler == 0x525892 && act[1].flags == SA_RESTORER &&
		      act[1].mask == 0xfffffffe7ffbfeffull && act[12].handler == 1 &&
		      act[63].addr == sighand + offsetof(struct sighand_struct, action[63]),
	      "signals: SIGINT handled, SIGPIPE ignored, the rest SIG_DFL, each at its k_sigaction");

	struct signal_thread th;
	CHECK(signal_thread(k, task, &th) == 0 && th.sigpending && th.blocked == 1u << 9 &&
		      th.pending == task + offsetof(struct task_struct, pending),
	      "signals: TIF_SIGPENDING, blocked set and own queue of a thread");
	struct signal_pending p;
	signal_pending(k, th.pending, &p);
	CHECK(p.queue == SIGQ_ENTRIES && p.set == (1ull << 9 | 1ull << 33) && p.nq == 2 &&
		      p.q[0].signo == 10 && p.q[0].info == q_usr1 + offsetof(struct sigqueue, info) &&
		      p.q[1].signo == 34 && !p.broken,
	      "signals: the queue holds SIGUSR1 then SIGRTMIN+2 (%zu entries)", p.nq);
	free(p.q);
	signal_pending(k, st.shared_pending, &p);
	CHECK(p.queue == SIGQ_EMPTY && p.set == 1ull << 14 && !p.nq,
	      "signals: the group's queue is empty, SIGTERM in its set");
	free(p.q);
	signal_pending(k, 0x10000, &p);
	CHECK(p.queue == SIGQ_UNREADABLE, "signals: a queue that cannot be read");
	free(p.q);

	CHECK(signal_task(k, tk_symbol(tk, "task_exited"), &st) == 0 && !st.sighand,
	      "signals: an exited task has no sighand");
	CHECK(signal_task(k, 0x10000, &st) == KREAD_NOT_MAPPED, "signals: a bad task address: %s",
	      err_get());
	kernel_close(k);

	/* The second entry points on into nowhere: the queue is unreadable
	 * there. */
	uint64_t head = task + offsetof(struct task_struct, pending.list);
	tk_write_u64(tk, q_rt + offsetof(struct sigqueue, list.next), 0xdead0000);
	k = tk_open(tk);
	if (k) {
		signal_pending(k, task + offsetof(struct task_struct, pending), &p);
		CHECK(p.queue == SIGQ_ENTRIES && p.nq == 2 && p.q[1].signo == 34 && p.broken &&
			      p.broken_at == 0xdead0000,
		      "signals: a next pointer into nowhere ends the queue there");
		free(p.q);
	}
	kernel_close(k);
	/* and a NULL next pointer: unreadable at what it names, 0 */
	tk_write_u64(tk, q_rt + offsetof(struct sigqueue, list.next), 0);
	k = tk_open(tk);
	if (k) {
		signal_pending(k, task + offsetof(struct task_struct, pending), &p);
		CHECK(p.queue == SIGQ_ENTRIES && p.nq == 2 && p.broken && p.broken_at == 0,
		      "signals: a NULL next pointer ends the queue, unreadable at 0");
		free(p.q);
	}
	kernel_close(k);
	tk_write_u64(tk, q_rt + offsetof(struct sigqueue, list.next), head);

	/* An entry whose siginfo reads but whose next pointer does not (its
	 * list_head is on a page the dump lacks): not shown, the queue is
	 * unreadable at it. */
	uint64_t split = tk_symbol(tk, "q_split") + 4096 - 16;
	tk_write_u64(tk, head, split);
	tk_write_u64(tk, head + 8, split);
	tk_write_u64(tk, split + offsetof(struct sigqueue, list.next), head);
	tk_write_u64(tk, split + offsetof(struct sigqueue, list.prev), head);
	tk_exclude_page(tk, split);
	k = tk_open(tk);
	if (k) {
		signal_pending(k, task + offsetof(struct task_struct, pending), &p);
		CHECK(p.queue == SIGQ_ENTRIES && p.nq == 0 && p.broken && p.broken_at == split,
		      "signals: a next pointer that cannot be read ends the queue at its entry (%zu, %llx)",
		      p.nq, (unsigned long long)p.broken_at);
		free(p.q);
	}
	kernel_close(k);
	tk_free(tk);

	tk = tk_new("signals", &o);
	if (!tk)
		CHECK_DONE();

	/* The first entry's page is not in the dump. */
	tk_exclude_page(tk, q_usr1);
	k = tk_open(tk);
	if (k) {
		signal_pending(k, task + offsetof(struct task_struct, pending), &p);
		CHECK(p.queue == SIGQ_ENTRIES && p.nq == 0 && p.broken && p.broken_at == q_usr1,
		      "signals: an entry the dump lacks: unreadable at it");
		free(p.q);
	}
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
