/* The timer walkers (kernel-types/linux/timers.c) on the real code:
 * kernel_open() of the "timers" test kernel (tests/unit/kernels/
 * timers.c) with two CPUs, plain and with KASLR in a kdump file: the
 * wheel's bases and their names, the timers of a base in expiry order
 * (ties in the wheel's order), jiffies, the hrtimer clock bases with
 * their clocks and offsets, crash's "now", the hrtimers of a clock base
 * in expiry order, and a wheel list that loops. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/timers.h"
#include "kernels/timers.h"
#include "testkernel.h"
#include "tkstart.h"

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("timers", o, what, &k);
	if (!tk)
		return;
	uint64_t tl_a = tk_symbol(tk, "tl_a"), tl_b = tk_symbol(tk, "tl_b"), tl_c = tk_symbol(tk, "tl_c");
	uint64_t tl_d = tk_symbol(tk, "tl_d"), pt = tk_symbol(tk, "process_timeout");
	struct timer_wheel w;
	CHECK(timer_wheel_layout(k, &w) == 0 && w.nbases == 2 && !strcmp(w.names[0], "BASE_STD") &&
		      !strcmp(w.names[1], "BASE_DEF") && w.nvectors == WHEEL_SIZE,
	      "%s: wheel: two bases per CPU, BASE_STD and BASE_DEF, %ld lists", what, w.nvectors);
	uint64_t j = 0, base = 0;
	CHECK(timer_jiffies(k, &j) == 0 && j == 5000, "%s: wheel: jiffies", what);
	CHECK(timer_wheel_base(k, &w, 1, 1, &base) == 0 &&
		      base == tk_percpu(tk, "timer_bases", 1) + sizeof(struct timer_base),
	      "%s: wheel: base 1 of CPU 1 in its per-cpu area", what);
	struct timer_set set;
	timer_wheel_base(k, &w, 0, 0, &base);
	int r = timer_wheel_timers(k, &w, base, &set);
	CHECK(r == 0 && set.n == 4 && !set.full && set.v[0].addr == tl_d && set.v[0].expires == 4990 &&
		      set.v[1].addr == tl_c && set.v[2].addr == tl_a && set.v[3].addr == tl_b &&
		      set.v[3].expires == 6000 && set.v[3].function == pt &&
		      set.v[1].function == tk_symbol(tk, "delayed_work_timer_fn"),
	      "%s: wheel: CPU 0's timers in expiry order, ties in wheel order (%zu)", what, set.n);
	free(set.v);
	timer_wheel_base(k, &w, 0, 1, &base);
	CHECK(timer_wheel_timers(k, &w, base, &set) == 0 && set.n == 0, "%s: wheel: an empty base",
	      what);
	free(set.v);
	timer_wheel_base(k, &w, 1, 0, &base);
	CHECK(timer_wheel_timers(k, &w, base, &set) == 0 && set.n == 1 &&
		      set.v[0].addr == tk_symbol(tk, "tl_e"),
	      "%s: wheel: CPU 1's timer", what);
	free(set.v);
	CHECK(timer_wheel_base(k, &w, 2, 0, &base) < 0, "%s: wheel: no CPU 2: %s", what, err_get());

	struct hrtimer_layout h;
	CHECK(hrtimer_layout(k, &h) == 0 && h.nclocks == HRTIMER_MAX_CLOCK_BASES && h.soft &&
		      h.now == 4000000000ull,
	      "%s: hrtimer: two clock bases, soft expiry, now 4 s from jiffies_64 and HZ (%llu)", what,
	      (unsigned long long)h.now);
	uint64_t cpu_base = 0;
	struct hrtimer_clock c0, c1;
	CHECK(hrtimer_cpu_base(k, 0, &cpu_base) == 0 && cpu_base == tk_percpu(tk, "hrtimer_bases", 0) &&
		      hrtimer_clock_base(k, &h, cpu_base, 0, &c0) == 0 &&
		      hrtimer_clock_base(k, &h, cpu_base, 1, &c1) == 0 &&
		      c0.addr == cpu_base + offsetof(struct hrtimer_cpu_base, clock_base[0]) &&
		      c0.has_get_time && c0.get_time == tk_symbol(tk, "ktime_get") && c0.offset == 0 &&
		      c1.addr == cpu_base + offsetof(struct hrtimer_cpu_base, clock_base[1]) &&
		      c1.get_time == tk_symbol(tk, "ktime_get_real") && c1.offset == 100000000000ull,
	      "%s: hrtimer: CPU 0's clock bases, their clocks and offsets", what);
	r = hrtimer_clock_timers(k, &h, c0.addr, &set);
	CHECK(r == 0 && set.n == 2 && set.v[0].addr == tk_symbol(tk, "hr_a") &&
		      set.v[0].expires == 5000000000ull && set.v[0].soft == 4999000000ull &&
		      set.v[0].function == tk_symbol(tk, "tick_sched_timer") &&
		      set.v[1].addr == tk_symbol(tk, "hr_b") &&
		      set.v[1].function == tk_symbol(tk, "hrtimer_wakeup"),
	      "%s: hrtimer: clock 0's timers in expiry order", what);
	free(set.v);
	CHECK(hrtimer_clock_timers(k, &h, c1.addr, &set) == 0 && set.n == 0,
	      "%s: hrtimer: an empty clock base", what);
	free(set.v);
	kernel_close(k);

	/* tl_d's next points back at tl_a: a loop the walk ends. */
	tk_write_u64(tk, tl_d + offsetof(struct timer_list, entry.next),
		     tl_a + offsetof(struct timer_list, entry));
	k = tk_open(tk);
	if (k && timer_wheel_layout(k, &w) == 0 && timer_wheel_base(k, &w, 0, 0, &base) == 0) {
		r = timer_wheel_timers(k, &w, base, &set);
		CHECK(r < 0 && !set.v, "%s: wheel: a looping list is an error: %s", what, err_get());
	}
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 2 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x5000000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
