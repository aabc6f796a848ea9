/* The "timers" test kernel, for tests/unit/test_timers.c (two CPUs).
 *
 * Timer wheel, jiffies 5000:
 *   CPU 0, BASE_STD: vector 2: tl_b (6000), tl_c (5500); vector 9:
 *                    tl_a (5500), tl_d (4990, overdue)
 *                    expiry order: tl_d, tl_c, tl_a, tl_b (tl_c before
 *                    tl_a: the wheel's order where they tie)
 *   CPU 0, BASE_DEF: empty
 *   CPU 1, BASE_STD: tl_e (7000)
 * hrtimers, HZ 250, jiffies_64 1000 ticks past INITIAL_JIFFIES (now 4 s):
 *   CPU 0, clock 0 (ktime_get): hr_a (5 s) with hr_b (6 s) right of it
 *   CPU 0, clock 1: empty, offset 100 s
 */
#include "timers.h"

void process_timeout(struct timer_list *t);
void process_timeout(struct timer_list *t) { (void)t; }
void delayed_work_timer_fn(struct timer_list *t);
void delayed_work_timer_fn(struct timer_list *t) { (void)t; }
int tick_sched_timer(struct hrtimer *t);
int tick_sched_timer(struct hrtimer *t) { (void)t; return 0; }
int hrtimer_wakeup(struct hrtimer *t);
int hrtimer_wakeup(struct hrtimer *t) { (void)t; return 0; }
ktime_t ktime_get(void);
ktime_t ktime_get(void) { return 0; }
ktime_t ktime_get_real(void);
ktime_t ktime_get_real(void) { return 0; }

unsigned long jiffies = 5000;
/* INITIAL_JIFFIES for HZ 250 is (u32)(-300 * 250) */
u64 jiffies_64 = 4294892296ULL + 1000;
unsigned long tick_nsec = 4000000;

extern struct timer_list tl_a, tl_b, tl_c, tl_d, tl_e;
__direct struct timer_list tl_b = { .entry = { .next = &tl_c.entry }, .expires = 6000,
				    .function = process_timeout };
__direct struct timer_list tl_c = { .expires = 5500, .function = delayed_work_timer_fn };
__direct struct timer_list tl_a = { .entry = { .next = &tl_d.entry }, .expires = 5500,
				    .function = process_timeout };
__direct struct timer_list tl_d = { .expires = 4990, .function = process_timeout };
__direct struct timer_list tl_e = { .expires = 7000, .function = process_timeout };

DEFINE_PER_CPU(struct timer_base[NR_BASES], timer_bases) = {
	{ .vectors = { [2] = { &tl_b.entry }, [9] = { &tl_a.entry } } },
	{ .cpu = 0 },
};
PER_CPU_INIT(1, timer_bases) = {
	{ .cpu = 1, .vectors = { [0] = { &tl_e.entry } } },
	{ .cpu = 1 },
};

extern struct hrtimer hr_a, hr_b;
__direct struct hrtimer hr_a = {
	.node = { .node = { RB_PARENT(0, RB_BLACK), &hr_b.node.node, 0 }, .expires = 5000000000LL },
	._softexpires = 4999000000LL, .function = tick_sched_timer,
};
__direct struct hrtimer hr_b = {
	.node = { .node = { RB_PARENT(&hr_a.node.node, RB_RED), 0, 0 }, .expires = 6000000000LL },
	._softexpires = 6000000000LL, .function = hrtimer_wakeup,
};

DEFINE_PER_CPU(struct hrtimer_cpu_base, hrtimer_bases) = {
	.clock_base = {
		{ .index = 0, .active = { .rb_root = { { &hr_a.node.node }, &hr_a.node.node } },
		  .get_time = ktime_get },
		{ .index = 1, .get_time = ktime_get_real, .offset = 100000000000LL },
	},
};
PER_CPU_INIT(1, hrtimer_bases) = {
	.cpu = 1,
	.clock_base = { { .index = 0, .get_time = ktime_get }, { .index = 1, .get_time = ktime_get_real } },
};
