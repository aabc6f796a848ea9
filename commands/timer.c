/* timer: the pending timers of each CPU (the walkers of
 * kernel-types/linux/timers.h).  Without options, the timer wheel: each
 * base of each CPU in expiry order.  With -r, the high-resolution timers:
 * each clock base of each CPU's hrtimer_cpu_base, in expiry order. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "extensions/crash-api.h"

struct tm {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	bool *cpus;		/* selected CPUs (-C), NULL for all */
	int ncpus;
};

/* The function as crash names it: "name" or "name+off", hex otherwise. */
static void tm_print_function(struct tm *t, uint64_t fn)
{
	char sym[256];
	fprintf(t->out, "%016" PRIx64 "  <%s>\n", fn, kernel_symbolize(t->k, fn, sym, sizeof(sym)));
}

static int ndigits_signed(int64_t v)
{
	char buf[32];
	return snprintf(buf, sizeof(buf), "%" PRId64, v);
}

/* ---------------- the timer wheel ---------------- */

static void wheel_print_base(struct tm *t, const struct timer_set *set, uint64_t jiffies, int flen)
{
	int64_t high = 0;
	for (size_t i = 0; i < set->n; i++) {
		int64_t tte = (int64_t)(set->v[i].expires - jiffies);
		if (llabs(tte) > high)
			high = llabs(tte);
	}
	/* one more for a possible minus sign */
	int tlen = ndigits_signed(high) + 1;
	if (tlen < 3)
		tlen = 3;
	fprintf(t->out, "  %-*s     %-*s     TIMER_LIST     FUNCTION\n", flen, "EXPIRES", tlen,
		"TTE");
	for (size_t i = 0; i < set->n; i++) {
		const struct timer_entry *e = &set->v[i];
		fprintf(t->out, "  %*" PRIu64 "  %*" PRId64 "  %16" PRIx64 "  ", flen, e->expires,
			tlen, (int64_t)(e->expires - jiffies), e->addr);
		tm_print_function(t, e->function);
	}
	if (!set->n)
		fprintf(t->out, "  (none)\n");
	if (set->full)
		fprintf(t->out, "  (more than %u timers: the rest is not shown)\n", TIMER_MAX);
}

static int wheel_run(struct tm *t)
{
	struct timer_wheel w;
	uint64_t jiffies;
	if (timer_wheel_layout(t->k, &w) != 0)
		return crash_error(t->s, "%s", err_get());
	if (timer_jiffies(t->k, &jiffies) != 0)
		return crash_error(t->s, "cannot read jiffies: %s", err_get());
	char num[32];
	int flen = snprintf(num, sizeof(num), "%" PRIu64, jiffies);
	if (flen < 7)
		flen = 7;
	fprintf(t->out, "%-*s\n%*s\n\n", flen, "JIFFIES", flen, num);

	int shown = 0;
	for (int cpu = 0; cpu < t->ncpus; cpu++) {
		uint64_t base;
		if (t->cpus && !t->cpus[cpu])
			continue;
		if (crash_interrupted())
			return crash_error(t->s, "interrupted");
		if (timer_wheel_base(t->k, &w, cpu, 0, &base) != 0)
			return crash_error(t->s, "cannot find timer_bases of cpu %d: %s", cpu,
					   err_get());
		if (shown++)
			fputc('\n', t->out);
		for (int b = 0; b < w.nbases; b++) {
			struct timer_set set;
			char name[16];
			timer_wheel_base(t->k, &w, cpu, b, &base);
			if (w.names[b])
				snprintf(name, sizeof(name), "%s", w.names[b]);
			else
				snprintf(name, sizeof(name), "%d", b);
			fprintf(t->out, "TIMER_BASES[%d][%s]: %" PRIx64 "\n", cpu, name, base);
			if (timer_wheel_timers(t->k, &w, base, &set) != 0)
				return crash_error(t->s, "timer base %" PRIx64 ": %s", base,
						   err_get());
			wheel_print_base(t, &set, jiffies, flen);
			free(set.v);
		}
	}
	return 0;
}

/* ---------------- hrtimers (-r) ---------------- */

static int numlen(int64_t v)
{
	return ndigits_signed(v);
}

static void hr_print_timers(struct tm *t, const struct hrtimer_layout *h, const struct timer_set *set,
			    uint64_t now)
{
	char a[32], b[32], c[32], d[32], e[32];
	/* crash sizes the columns by the last (latest) timer */
	const struct timer_entry *last = &set->v[set->n - 1];
	int elen = numlen((int64_t)last->expires), slen = -1;
	int tlen = numlen((int64_t)(last->expires - now));
	if (elen < 7)
		elen = 7;
	if (h->soft) {
		slen = numlen((int64_t)last->soft);
		if (slen < 11)
			slen = 11;
	}
	int first = slen > 0 ? slen : elen;
	char now_s[32];
	snprintf(now_s, sizeof(now_s), "%" PRIu64, now);
	fprintf(t->out, "  %s\n", crash_field(a, sizeof(a), first, CRASH_CENTER_R, "CURRENT"));
	fprintf(t->out, "  %s\n", crash_field(a, sizeof(a), first, CRASH_CENTER_R, now_s));
	fprintf(t->out, "  ");
	if (slen > 0)
		fprintf(t->out, "%s  ", crash_field(a, sizeof(a), slen, CRASH_CENTER_R, "SOFTEXPIRES"));
	fprintf(t->out, "%s  %s  %s  %s\n", crash_field(b, sizeof(b), elen, CRASH_CENTER_R, "EXPIRES"),
		crash_field(c, sizeof(c), tlen, CRASH_CENTER_R, "TTE"),
		crash_field(d, sizeof(d), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "HRTIMER"),
		crash_field(e, sizeof(e), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "FUNCTION"));
	for (size_t i = 0; i < set->n; i++) {
		const struct timer_entry *x = &set->v[i];
		char num[32];
		fprintf(t->out, "  ");
		if (slen > 0) {
			snprintf(num, sizeof(num), "%" PRId64, (int64_t)x->soft);
			fprintf(t->out, "%s  ", crash_field(a, sizeof(a), slen, CRASH_CENTER_R, num));
		}
		snprintf(num, sizeof(num), "%" PRId64, (int64_t)x->expires);
		fprintf(t->out, "%s  ", crash_field(b, sizeof(b), elen, CRASH_CENTER_R, num));
		fprintf(t->out, "%*" PRId64 "  %016" PRIx64 "  ", tlen, (int64_t)(x->expires - now),
			x->addr);
		tm_print_function(t, x->function);
	}
	if (set->full)
		fprintf(t->out, "  (more than %u timers: the rest is not shown)\n", TIMER_MAX);
}

static int hr_clock(struct tm *t, const struct hrtimer_layout *h, uint64_t cpu_base, int n)
{
	struct hrtimer_clock c;
	hrtimer_clock_base(t->k, h, cpu_base, n, &c);
	fprintf(t->out, "  CLOCK: %d  HRTIMER_CLOCK_BASE: %" PRIx64, n, c.addr);
	if (c.has_get_time) {
		char sym[256];
		fprintf(t->out, "  [%s]", kernel_symbolize(t->k, c.get_time, sym, sizeof(sym)));
	}
	fputc('\n', t->out);

	struct timer_set set;
	if (hrtimer_clock_timers(t->k, h, c.addr, &set) != 0)
		return crash_error(t->s, "hrtimer clock base %" PRIx64 ": %s", c.addr, err_get());
	if (!set.n)
		fprintf(t->out, "  (empty)\n");
	else
		hr_print_timers(t, h, &set, h->now + c.offset);
	free(set.v);
	return 0;
}

static int hr_run(struct tm *t)
{
	struct hrtimer_layout h;
	if (hrtimer_layout(t->k, &h) != 0)
		return crash_error(t->s, "%s", err_get());
	int shown = 0;
	for (int cpu = 0; cpu < t->ncpus; cpu++) {
		uint64_t cpu_base;
		if (t->cpus && !t->cpus[cpu])
			continue;
		if (crash_interrupted())
			return crash_error(t->s, "interrupted");
		if (hrtimer_cpu_base(t->k, cpu, &cpu_base) != 0)
			return crash_error(t->s, "cannot find hrtimer_bases of cpu %d: %s", cpu,
					   err_get());
		if (shown++)
			fputc('\n', t->out);
		fprintf(t->out, "CPU: %d  HRTIMER_CPU_BASE: %" PRIx64 "\n", cpu, cpu_base);
		for (int n = 0; n < h.nclocks; n++) {
			if (n)
				fputc('\n', t->out);
			if (hr_clock(t, &h, cpu_base, n) != 0)
				return -1;
		}
	}
	return 0;
}

/* ---------------- the command ---------------- */

static int timer_run(struct crash_session *s, int argc, char **argv)
{
	struct tm t = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	const char *cpuarg = NULL;
	bool hr = false;
	int opt, rc;

	optind = 0;
	while ((opt = getopt(argc, argv, "rC:")) != -1) {
		switch (opt) {
		case 'r': hr = true; break;
		case 'C': cpuarg = optarg; break;
		default: return -1;
		}
	}
	if (optind < argc)
		return crash_error(s, "unexpected argument: %s", argv[optind]);
	if (!t.k)
		return crash_error(s, "no dump is open");
	t.ncpus = kernel_nr_cpus(t.k);
	if (t.ncpus <= 0 || t.ncpus > 8192)
		return crash_error(s, "cannot tell the number of CPUs");
	if (cpuarg) {
		t.cpus = calloc((size_t)t.ncpus, sizeof(bool));
		if (!t.cpus)
			return crash_error(s, "out of memory");
		if (crash_parse_cpus(cpuarg, t.cpus, t.ncpus) != 0) {
			free(t.cpus);
			return crash_error(s, "invalid cpu list: %s (cpus 0-%d)", cpuarg,
					   t.ncpus - 1);
		}
	}
	rc = hr ? hr_run(&t) : wheel_run(&t);
	free(t.cpus);
	return rc;
}

static const struct crash_cmd timer_cmd = {
	.name = "timer",
	.run = timer_run,
	.summary = "pending timers",
	.synopsis = "[-r] [-C cpu[s]]",
	.description =
		"Lists the timers waiting to fire on each CPU.  By default these are the\n"
		"timer-wheel timers: for each base of each CPU's timer_bases, every\n"
		"struct timer_list queued in the wheel, earliest first, with its expiry\n"
		"time in jiffies, the jiffies left until then (TTE, negative when it is\n"
		"overdue), its address and the function it will call.  The current\n"
		"jiffies value heads the list.\n"
		"\n"
		"  -r         the high-resolution timers instead: for each CPU's\n"
		"             hrtimer_cpu_base, each clock base with its pending struct\n"
		"             hrtimer entries in expiry order; times are in nanoseconds,\n"
		"             and CURRENT is the uptime (from jiffies) plus the clock's\n"
		"             offset.\n"
		"  -C cpus    only these CPUs: a list such as 0,2-3, or \"all\".\n"
		"\n"
		"EXAMPLES\n"
		"  crash> timer -C 1\n"
		"  (JIFFIES and its value 4294895258 on two lines, then:)\n"
		"  TIMER_BASES[1][BASE_STD]: ffff8f3e9f320980\n"
		"    EXPIRES        TTE           TIMER_LIST     FUNCTION\n"
		"    4294922428      27170  ffffd32f000efe70  ffffffff95f43f80  <process_timeout>\n"
		"  TIMER_BASES[1][BASE_DEF]: ffff8f3e9f321c00\n"
		"    EXPIRES        TTE        TIMER_LIST     FUNCTION\n"
		"    4294895266       8  ffffffff9820c3e0  ffffffff9665db90  <tcp_orphan_update>\n"
		"\n"
		"  crash> timer -r -C 0\n"
		"  CPU: 0  HRTIMER_CPU_BASE: ffff8f3e9f222e80\n"
		"    CLOCK: 0  HRTIMER_CLOCK_BASE: ffff8f3e9f222ec0  [ktime_get]\n"
		"  (CURRENT and its value 11848000000, the column headings, then:)\n"
		"    12040000000  12040000000  192000000  ffff8f3e9f223440  ffffffff95f58f60  <tick_sched_timer>\n"
		"  ...\n",
};
CRASH_BUILTIN_COMMAND(timer_cmd)
