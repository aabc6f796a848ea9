/* Signals of a task: its signal_struct and sighand_struct, the
 * k_sigaction of each signal, what it blocks and whether a signal is
 * pending (TIF_SIGPENDING), and the struct sigpending queues (its own and
 * its thread group's) with their struct sigqueue entries.
 *
 * signal_check() says, before anything is printed, whether this kernel's
 * sighand_struct/k_sigaction layout is known.  0, or -1 (or a read's
 * KREAD_* code) with err_get(). */
#ifndef CRASH_KERNEL_TYPES_LINUX_SIGNALS_H
#define CRASH_KERNEL_TYPES_LINUX_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

#define SIGNALS_NSIG 64
/* Entries of one pending queue read at most (a corrupt list must end). */
#define SIGQUEUE_MAX 4096

int signal_check(struct kernel *k);

struct signal_task {
	uint64_t signal;	/* struct signal_struct */
	uint64_t sighand;	/* struct sighand_struct, 0 once the task exited */
	uint64_t nr;		/* signal->nr_threads, or the older count.counter */
	bool nr_is_count;	/* the kernel has count, not nr_threads */
	uint64_t shared_pending; /* &signal->shared_pending, 0 when the kernel has none */
};
int signal_task(struct kernel *k, uint64_t task, struct signal_task *st);

/* One thread's own signal state. */
struct signal_thread {
	bool sigpending;	/* TIF_SIGPENDING in its thread_info flags */
	uint64_t blocked;	/* its blocked set */
	uint64_t pending;	/* &task->pending, 0 when the kernel has none */
};
int signal_thread(struct kernel *k, uint64_t task, struct signal_thread *th);

/* The k_sigaction of signal n (1-64) is act[n - 1]. */
struct signal_action {
	uint64_t addr;		/* the struct k_sigaction */
	bool ok;		/* false when it could not be read */
	uint64_t handler, flags, mask;
};
int signal_actions(struct kernel *k, uint64_t sighand, struct signal_action act[SIGNALS_NSIG]);

/* A struct sigpending: its set and its queue. */
enum signal_queue { SIGQ_UNKNOWN_LAYOUT, SIGQ_UNREADABLE, SIGQ_EMPTY, SIGQ_ENTRIES };
struct signal_pending {
	uint64_t set;
	enum signal_queue queue;
	struct {
		int signo;
		uint64_t info;	/* the entry's siginfo */
	} *q;			/* SIGQ_ENTRIES: nq of them (free(q) after) */
	size_t nq;
	bool broken;		/* the list became unreadable after the nq entries, */
	uint64_t broken_at;	/* at this sigqueue (next - list offset of the last one read) */
};
int signal_pending(struct kernel *k, uint64_t pending, struct signal_pending *p);

#endif
