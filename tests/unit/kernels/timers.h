/* Types of the "timers" test kernel (timers.c): the timer wheel of 6.1
 * (kernel/time/timer.c, with a 16-list wheel instead of 576) and the
 * hrtimer bases (include/linux/hrtimer.h, timerqueue.h).  Shared with
 * tests/unit/test_timers.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_TIMERS_H
#define CRASH_TESTS_KERNELS_TIMERS_H

#include "tk_kernel.h"

#define WHEEL_SIZE 16
#define NR_BASES 2
#define HRTIMER_MAX_CLOCK_BASES 2

typedef s64 ktime_t;

struct timer_list {
	struct hlist_node entry;
	unsigned long expires;
	void (*function)(struct timer_list *);
	u32 flags;
};

struct timer_base {
	raw_spinlock_t lock;
	struct timer_list *running_timer;
	unsigned long clk;
	unsigned long next_expiry;
	unsigned int cpu;
	unsigned long pending_map[1];
	struct hlist_head vectors[WHEEL_SIZE];
} __attribute__((aligned(64)));

struct timerqueue_node {
	struct rb_node node;
	ktime_t expires;
};

struct timerqueue_head {
	struct rb_root_cached rb_root;
};

struct hrtimer_clock_base;

struct hrtimer {
	struct timerqueue_node node;
	ktime_t _softexpires;
	int (*function)(struct hrtimer *);
	struct hrtimer_clock_base *base;
	u8 state;
};

struct hrtimer_cpu_base;

struct hrtimer_clock_base {
	struct hrtimer_cpu_base *cpu_base;
	unsigned int index;
	int clockid;
	unsigned int seq;
	struct hrtimer *running;
	struct timerqueue_head active;
	ktime_t (*get_time)(void);
	ktime_t offset;
} __attribute__((aligned(64)));

struct hrtimer_cpu_base {
	raw_spinlock_t lock;
	unsigned int cpu;
	unsigned int active_bases;
	ktime_t expires_next;
	struct hrtimer_clock_base clock_base[HRTIMER_MAX_CLOCK_BASES];
};

#endif
