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
	/* JSON (commands/json/timer.schema.json): the document's "cpus",
	 * filled instead of printing; NULL otherwise */
	struct json_object *jcpus;
};

/* A function as JSON members: its address and symbol (+offset, null when
 * in none). */
static void tm_json_function(struct tm *t, struct json_object *o, const char *key, uint64_t fn)
{
	uint64_t off = 0;
	const char *name = kernel_symbol_at(t->k, fn, &off);
	char buf[300], sk[64];
	if (name && off)
		snprintf(buf, sizeof(buf), "%s+%" PRIu64, name, off);
	else if (name)
		snprintf(buf, sizeof(buf), "%s", name);
	snprintf(sk, sizeof(sk), "%s_symbol", key);
	json_object_object_add(o, key, crash_json_addr(fn));
	json_object_object_add(o, sk, name ? crash_json_str(buf) : NULL);
}

/* One base's or clock's timers as a JSON array. */
static struct json_object *tm_json_timers(struct tm *t, const struct timer_set *set, uint64_t now,
					  bool hr, bool soft)
{
	struct json_object *a = json_object_new_array();
	for (size_t i = 0; i < set->n; i++) {
		const struct timer_entry *e = &set->v[i];
		struct json_object *o = json_object_new_object();
		if (hr) {
			json_object_object_add(o, "soft_expires_ns",
					       soft ? json_object_new_int64((int64_t)e->soft) : NULL);
			json_object_object_add(o, "expires_ns", json_object_new_int64((int64_t)e->expires));
			json_object_object_add(o, "tte_ns", json_object_new_int64((int64_t)(e->expires - now)));
			json_object_object_add(o, "hrtimer", crash_json_addr(e->addr));
		} else {
			json_object_object_add(o, "expires", json_object_new_uint64(e->expires));
			json_object_object_add(o, "tte", json_object_new_int64((int64_t)(e->expires - now)));
			json_object_object_add(o, "timer_list", crash_json_addr(e->addr));
		}
		tm_json_function(t, o, "function", e->function);
		json_object_array_add(a, o);
	}
	return a;
}

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
	if (!t->jcpus)
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
		struct json_object *jbases = NULL;
		if (t->jcpus) {
			struct json_object *o = json_object_new_object();
			jbases = json_object_new_array();
			json_object_object_add(o, "cpu", json_object_new_int(cpu));
			json_object_object_add(o, "bases", jbases);
			json_object_array_add(t->jcpus, o);
		} else if (shown++)
			fputc('\n', t->out);
		for (int b = 0; b < w.nbases; b++) {
			struct timer_set set;
			char name[16];
			timer_wheel_base(t->k, &w, cpu, b, &base);
			if (w.names[b])
				snprintf(name, sizeof(name), "%s", w.names[b]);
			else
				snprintf(name, sizeof(name), "%d", b);
			if (!jbases)
				fprintf(t->out, "TIMER_BASES[%d][%s]: %" PRIx64 "\n", cpu, name, base);
			if (timer_wheel_timers(t->k, &w, base, &set) != 0)
				return crash_error(t->s, "timer base %" PRIx64 ": %s", base,
						   err_get());
			if (jbases) {
				struct json_object *o = json_object_new_object();
				json_object_object_add(o, "index", json_object_new_int(b));
				json_object_object_add(o, "name", w.names[b] ? json_object_new_string(name) : NULL);
				json_object_object_add(o, "address", crash_json_addr(base));
				json_object_object_add(o, "truncated", json_object_new_boolean(set.full));
				json_object_object_add(o, "timers", tm_json_timers(t, &set, jiffies, false, false));
				json_object_array_add(jbases, o);
				free(set.v);
				continue;
			}
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

static int hr_clock(struct tm *t, const struct hrtimer_layout *h, uint64_t cpu_base, int n,
		    struct json_object *jclocks)
{
	struct hrtimer_clock c;
	hrtimer_clock_base(t->k, h, cpu_base, n, &c);
	if (jclocks) {
		struct timer_set set;
		struct json_object *o = json_object_new_object();
		json_object_array_add(jclocks, o);
		json_object_object_add(o, "clock", json_object_new_int(n));
		json_object_object_add(o, "address", crash_json_addr(c.addr));
		if (c.has_get_time)
			tm_json_function(t, o, "get_time", c.get_time);
		else {
			json_object_object_add(o, "get_time", NULL);
			json_object_object_add(o, "get_time_symbol", NULL);
		}
		json_object_object_add(o, "current_ns", json_object_new_int64((int64_t)(h->now + c.offset)));
		if (hrtimer_clock_timers(t->k, h, c.addr, &set) != 0)
			return crash_error(t->s, "hrtimer clock base %" PRIx64 ": %s", c.addr, err_get());
		json_object_object_add(o, "truncated", json_object_new_boolean(set.full));
		json_object_object_add(o, "timers", tm_json_timers(t, &set, h->now + c.offset, true, h->soft));
		free(set.v);
		return 0;
	}
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
		struct json_object *jclocks = NULL;
		if (t->jcpus) {
			struct json_object *o = json_object_new_object();
			jclocks = json_object_new_array();
			json_object_object_add(o, "cpu", json_object_new_int(cpu));
			json_object_object_add(o, "hrtimer_cpu_base", crash_json_addr(cpu_base));
			json_object_object_add(o, "clocks", jclocks);
			json_object_array_add(t->jcpus, o);
		} else {
			if (shown++)
				fputc('\n', t->out);
			fprintf(t->out, "CPU: %d  HRTIMER_CPU_BASE: %" PRIx64 "\n", cpu, cpu_base);
		}
		for (int n = 0; n < h.nclocks; n++) {
			if (n && !jclocks)
				fputc('\n', t->out);
			if (hr_clock(t, &h, cpu_base, n, jclocks) != 0)
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
	struct json_object *d = NULL;
	if (crash_json(s)) {
		uint64_t jiffies;
		d = json_object_new_object();
		if (!hr)
			json_object_object_add(d, "jiffies", timer_jiffies(t.k, &jiffies) == 0
								 ? json_object_new_uint64(jiffies) : NULL);
		t.jcpus = json_object_new_array();
		json_object_object_add(d, "cpus", t.jcpus);
	}
	rc = hr ? hr_run(&t) : wheel_run(&t);
	free(t.cpus);
	if (d)	/* what was read before a failure stays, with the error */
		crash_json_emit(s, d);
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
