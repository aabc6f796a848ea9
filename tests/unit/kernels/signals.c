/* The "signals" test kernel, for tests/unit/test_signals.c.
 *
 *   task_sig:    SIGINT handled at 0x525892 (SA_RESTORER, mask), SIGPIPE
 *                ignored, the rest SIG_DFL; SIGUSR1 blocked; TIF_SIGPENDING;
 *                its own queue: SIGUSR1 then SIGRTMIN+2; the group's queue
 *                empty with SIGTERM in its set
 *   task_exited: no sighand (an exited task)
 *   q_split:     a sigqueue on no list whose list_head ends a page and whose
 *                siginfo starts the next one
 */
#include "signals.h"

extern struct task_struct task_sig;
extern struct sigqueue q_usr1, q_rt;

__direct struct sighand_struct sighand_sig = {
	.count = { { 1 } },
	.action = {
		[2 - 1] = { { .sa_handler = (void *)0x525892, .sa_flags = SA_RESTORER,
			      .sa_mask = { { 0xfffffffe7ffbfeffUL } } } },
		[13 - 1] = { { .sa_handler = (void *)1 } },
	},
};

__direct struct signal_struct signal_sig = {
	.nr_threads = 1,
	.shared_pending = { .list = LIST_HEAD_INIT(signal_sig.shared_pending.list),
			    .signal = { { 1UL << (15 - 1) } } },
};

/* Each queue entry on a page of its own, so that a test can leave it out. */
__direct __page_aligned struct sigqueue q_usr1 = {
	.list = LIST_NODE(&q_rt.list, &task_sig.pending.list),
	.info = { { .si_signo = 10, .si_code = -6 } },
};
__direct __page_aligned struct sigqueue q_rt = {
	.list = LIST_NODE(&task_sig.pending.list, &q_usr1.list),
	.info = { { .si_signo = 34 } },
};

__direct struct task_struct task_sig = {
	.thread_info = { .flags = 1UL << TIF_SIGPENDING },
	.pid = 300, .signal = &signal_sig, .sighand = &sighand_sig,
	.blocked = { { 1UL << (10 - 1) } },
	.pending = { .list = LIST_NODE(&q_usr1.list, &q_rt.list),
		     .signal = { { 1UL << (10 - 1) | 1UL << (34 - 1) } } },
};

__direct struct signal_struct signal_exited = { .nr_threads = 0,
	.shared_pending = { .list = LIST_HEAD_INIT(signal_exited.shared_pending.list) } };
__direct struct task_struct task_exited = {
	.pid = 301, .signal = &signal_exited,
	.pending = { .list = LIST_HEAD_INIT(task_exited.pending.list) },
};

__direct __page_aligned struct {
	char pad[4096 - 16];
	struct sigqueue q;
} q_split = { .q = { .info = { { .si_signo = 12 } } } };
