/* Types of the "signals" test kernel (signals.c): 6.1's signal handling
 * members of task_struct, signal_struct and sighand_struct
 * (include/linux/sched/signal.h, signal_types.h).  Shared with
 * tests/unit/test_signals.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_SIGNALS_H
#define CRASH_TESTS_KERNELS_SIGNALS_H

#include "tk_kernel.h"

#define _NSIG 64
#define TIF_SIGPENDING 2
#define SA_RESTORER 0x04000000

/* sigset_t, without clashing with the test's <signal.h> */
typedef struct { unsigned long sig[1]; } tk_sigset_t;

typedef struct kernel_siginfo {
	struct {
		int si_signo;
		int si_errno;
		int si_code;
		union {
			int _pad[4];
		} _sifields;
	};
} kernel_siginfo_t;

struct sigqueue {
	struct list_head list;
	int flags;
	kernel_siginfo_t info;
	void *ucounts;
};

struct sigpending {
	struct list_head list;
	tk_sigset_t signal;
};

struct sigaction {
	void *sa_handler;
	unsigned long sa_flags;
	void *sa_restorer;
	tk_sigset_t sa_mask;
};

struct k_sigaction {
	struct sigaction sa;
};

struct sighand_struct {
	spinlock_t siglock;
	refcount_t count;
	struct k_sigaction action[_NSIG];
};

struct signal_struct {
	refcount_t sigcnt;
	atomic_t live;
	int nr_threads;
	struct list_head thread_head;
	struct sigpending shared_pending;
};

struct thread_info {
	unsigned long flags;
	unsigned long syscall_work;
	u32 status;
	u32 cpu;
};

struct task_struct {
	struct thread_info thread_info;
	unsigned int __state;
	int pid;
	struct signal_struct *signal;
	struct sighand_struct *sighand;
	tk_sigset_t blocked;
	tk_sigset_t real_blocked;
	struct sigpending pending;
};

#endif
