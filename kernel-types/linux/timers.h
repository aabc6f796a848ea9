/* Timers: the timer wheel (the per-cpu timer_bases[], each a struct
 * timer_base whose vectors[] are hlists of struct timer_list linked by
 * `entry`) and the high-resolution timers (the per-cpu hrtimer_bases,
 * each clock base holding a timerqueue, an rbtree of struct hrtimer
 * linked by node.node, in expiry order).
 *
 * A layout function probes the kernel once per command; the others take
 * what it found.  0, or -1 (or a read's KREAD_* code) with err_get(). */
#ifndef CRASH_KERNEL_TYPES_LINUX_TIMERS_H
#define CRASH_KERNEL_TYPES_LINUX_TIMERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

/* Timers gathered from one base at most: a corrupt wheel must end. */
#define TIMER_MAX (1u << 20)

struct timer_entry {
	uint64_t expires;	/* jiffies (wheel) or ns (hrtimer) */
	uint64_t soft;		/* hrtimer: _softexpires (0 when absent) */
	uint64_t addr;		/* the timer_list / hrtimer */
	uint64_t function;
};

/* The timers of one base; v is the caller's to free(). */
struct timer_set {
	struct timer_entry *v;
	size_t n;
	bool full;		/* there were more than TIMER_MAX */
};

/* ---- the timer wheel ---- */

struct timer_wheel {
	int nbases;		/* bases per CPU (timer_bases[]) */
	const char *names[8];	/* their names (BASE_STD, BASE_LOCAL, ...), NULL when unknown */
	/* layout, for the functions below */
	long base_size, off_vectors, nvectors, hlist_size, off_entry, off_expires, off_function;
};

int timer_wheel_layout(struct kernel *k, struct timer_wheel *w);
/* jiffies now. */
int timer_jiffies(struct kernel *k, uint64_t *jiffies);
/* Address of timer base `base` of cpu. */
int timer_wheel_base(struct kernel *k, const struct timer_wheel *w, int cpu, int base,
		     uint64_t *addr);
/* The timers queued on the struct timer_base at base, earliest first
 * (those that expire together in the wheel's order). */
int timer_wheel_timers(struct kernel *k, const struct timer_wheel *w, uint64_t base,
		       struct timer_set *set);

/* ---- hrtimers ---- */

struct hrtimer_layout {
	int nclocks;		/* clock bases per CPU */
	bool soft;		/* hrtimers have _softexpires */
	uint64_t now;		/* crash's "now": the uptime counted in jiffies, in ns */
	/* layout, for the functions below */
	long off_clock_base, clock_size, off_get_time, off_offset, off_active;
	long off_node, off_expires, off_soft, off_function;
};

int hrtimer_layout(struct kernel *k, struct hrtimer_layout *h);
/* Address of cpu's struct hrtimer_cpu_base. */
int hrtimer_cpu_base(struct kernel *k, int cpu, uint64_t *addr);

struct hrtimer_clock {
	uint64_t addr;		/* struct hrtimer_clock_base */
	bool has_get_time;
	uint64_t get_time;	/* its clock function */
	uint64_t offset;	/* its offset from the monotonic clock, 0 when unknown */
};
/* Clock base n (0..nclocks-1) of the cpu base at cpu_base. */
int hrtimer_clock_base(struct kernel *k, const struct hrtimer_layout *h, uint64_t cpu_base, int n,
		       struct hrtimer_clock *c);
/* The hrtimers pending on a clock base, in expiry order. */
int hrtimer_clock_timers(struct kernel *k, const struct hrtimer_layout *h, uint64_t clock_base,
			 struct timer_set *set);

#endif
