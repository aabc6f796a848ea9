/* Signal handling of tasks; see signals.h. */
#include "kernel-types/linux/signals.h"

#include <stdlib.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

/* TIF_SIGPENDING of x86_64's thread_info flags */
#define TIF_SIGPENDING 2

struct action_layout {
	long ka_size, off_action, off_handler, off_flags, off_mask;
};

static int action_layout(struct kernel *k, struct action_layout *L)
{
	L->ka_size = kernel_sizeof(k, "struct k_sigaction");
	L->off_action = kernel_offsetof(k, "struct sighand_struct", "action");
	L->off_handler = kernel_offsetof(k, "struct k_sigaction", "sa.sa_handler");
	L->off_flags = kernel_offsetof(k, "struct k_sigaction", "sa.sa_flags");
	L->off_mask = kernel_offsetof(k, "struct k_sigaction", "sa.sa_mask");
	if (L->ka_size <= 0 || L->off_action < 0 || L->off_handler < 0 || L->off_flags < 0 ||
	    L->off_mask < 0) {
		err_set("this kernel's sighand_struct/k_sigaction layout is not known");
		return -1;
	}
	return 0;
}

int signal_check(struct kernel *k)
{
	struct action_layout L;
	return action_layout(k, &L);
}

int signal_task(struct kernel *k, uint64_t task, struct signal_task *st)
{
	int rc;
	*st = (struct signal_task){ 0 };
	if ((rc = kernel_read_member(k, task, "struct task_struct", "signal", &st->signal)) != 0 ||
	    (rc = kernel_read_member(k, task, "struct task_struct", "sighand", &st->sighand)) != 0)
		return rc;
	if (kernel_read_member(k, st->signal, "struct signal_struct", "nr_threads", &st->nr) != 0) {
		st->nr_is_count = true;
		kernel_read_member(k, st->signal, "struct signal_struct", "count.counter", &st->nr);
	}
	long shared = kernel_offsetof(k, "struct signal_struct", "shared_pending");
	if (shared >= 0)
		st->shared_pending = st->signal + (uint64_t)shared;
	return 0;
}

int signal_thread(struct kernel *k, uint64_t task, struct signal_thread *th)
{
	uint64_t flags;
	*th = (struct signal_thread){ 0 };
	if (kernel_read_member(k, task, "struct task_struct", "thread_info.flags", &flags) == 0)
		th->sigpending = flags & (1u << TIF_SIGPENDING);
	kernel_read_member(k, task, "struct task_struct", "blocked.sig", &th->blocked);
	long off = kernel_offsetof(k, "struct task_struct", "pending");
	if (off >= 0)
		th->pending = task + (uint64_t)off;
	return 0;
}

int signal_actions(struct kernel *k, uint64_t sighand, struct signal_action act[SIGNALS_NSIG])
{
	struct action_layout L;
	if (action_layout(k, &L) != 0)
		return -1;
	for (int n = 1; n <= SIGNALS_NSIG; n++) {
		struct signal_action *a = &act[n - 1];
		*a = (struct signal_action){ 0 };
		a->addr = sighand + (uint64_t)L.off_action + (uint64_t)(n - 1) * (uint64_t)L.ka_size;
		a->ok = kernel_read_u64(k, a->addr + (uint64_t)L.off_handler, &a->handler) == 0 &&
			kernel_read_u64(k, a->addr + (uint64_t)L.off_flags, &a->flags) == 0 &&
			kernel_read_u64(k, a->addr + (uint64_t)L.off_mask, &a->mask) == 0;
	}
	return 0;
}

struct queue_walk {
	struct kernel *k;
	struct signal_pending *p;
	long off_info, off_signo;
	size_t cap;
};

static int one_sigqueue(void *arg, uint64_t q)
{
	struct queue_walk *w = arg;
	struct signal_pending *p = w->p;
	uint32_t s;
	uint64_t info = q + (uint64_t)w->off_info;

	if (kernel_read_u32(w->k, info + (uint64_t)w->off_signo, &s) != 0) {
		p->broken = true;
		p->broken_at = q;
		return 1;
	}
	if (p->nq == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 8;
		p->q = xreallocarray(p->q, w->cap, sizeof(*p->q));
	}
	p->q[p->nq].signo = (int)s;
	p->q[p->nq].info = info;
	return ++p->nq >= SIGQUEUE_MAX;
}

int signal_pending(struct kernel *k, uint64_t pending, struct signal_pending *p)
{
	long list_off = kernel_offsetof(k, "struct sigpending", "list");
	long sigset_off = kernel_offsetof(k, "struct sigpending", "signal");
	long q_list = kernel_offsetof(k, "struct sigqueue", "list");
	struct queue_walk w = { .k = k, .p = p,
				.off_info = kernel_offsetof(k, "struct sigqueue", "info"),
				.off_signo = kernel_offsetof(k, "kernel_siginfo_t", "si_signo") };
	uint64_t head, next;

	*p = (struct signal_pending){ 0 };
	if (w.off_signo < 0)
		w.off_signo = kernel_offsetof(k, "struct kernel_siginfo", "si_signo");
	if (w.off_signo < 0)
		w.off_signo = 0; /* first member in every layout */
	if (sigset_off >= 0)
		kernel_read_u64(k, pending + (uint64_t)sigset_off, &p->set);
	if (list_off < 0 || q_list < 0 || w.off_info < 0) {
		p->queue = SIGQ_UNKNOWN_LAYOUT;
		return 0;
	}
	head = pending + (uint64_t)list_off;
	if (kernel_read_u64(k, head, &next) != 0) {
		p->queue = SIGQ_UNREADABLE;
		return 0;
	}
	if (next == head) {
		p->queue = SIGQ_EMPTY;
		return 0;
	}
	p->queue = SIGQ_ENTRIES;
	if (kwalk_list(k, head, q_list, false, one_sigqueue, &w) >= 0)
		return 0;
	/* The list broke after the last entry read: when its own next
	 * pointer cannot be read, the list is unreadable at that entry
	 * (which is not shown); else (a NULL pointer, a loop) at the entry
	 * its next pointer names. */
	uint64_t last = p->nq ? p->q[p->nq - 1].info - (uint64_t)w.off_info : 0;
	p->broken = true;
	if (kernel_read_u64(k, p->nq ? last + (uint64_t)q_list : head, &next) != 0 && p->nq) {
		p->nq--;
		p->broken_at = last;
	} else {
		p->broken_at = next - (uint64_t)q_list;
	}
	return 0;
}
