/* timer: the pending timers of each CPU.  Without options, the timer
 * wheel: per-cpu timer_bases[], each a struct timer_base whose vectors[]
 * are hlists of struct timer_list (linked by `entry`), shown per base in
 * expiry order.  With -r, the high-resolution timers: per-cpu
 * hrtimer_bases, each clock base holding a timerqueue (an rbtree of
 * struct hrtimer, linked by node.node) in expiry order. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/kernel.h"
#include "kernel-types/value.h"
#include "kernel-types/walk.h"

/* Timers gathered from one base at most: a corrupt wheel must end. */
#define TIMER_MAX (1u << 20)

struct tm_entry {
	uint64_t expires;	/* jiffies (wheel) or ns (hrtimer) */
	uint64_t soft;		/* hrtimer soft expiry */
	uint64_t addr;		/* timer_list / hrtimer */
	uint64_t function;
	size_t seq;		/* walk order: ties keep it, as crash's sort does */
};

struct tm_set {
	struct tm_entry *v;
	size_t n, cap;
	bool full;
};

struct tm {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	bool *cpus;		/* selected CPUs (-C), NULL for all */
	int ncpus;
};

static int tm_push(struct tm_set *set, const struct tm_entry *e)
{
	if (set->n >= TIMER_MAX) {
		set->full = true;
		return 1;
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;
		struct tm_entry *v = realloc(set->v, cap * sizeof(*v));
		if (!v) {
			err_set("out of memory");
			return -1;
		}
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n] = *e;
	set->v[set->n].seq = set->n;
	set->n++;
	return 0;
}

static int tm_cmp(const void *a, const void *b)
{
	const struct tm_entry *x = a, *y = b;
	if (x->expires != y->expires)
		return x->expires < y->expires ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
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

struct wheel {
	long off_entry, off_expires, off_function, off_vectors, base_size;
	long nvectors;
	int nbases;
	const char *names[8];
};

struct wheel_walk {
	struct tm *t;
	struct wheel *w;
	struct tm_set *set;
};

/* The base names: the enumerators of timer.c's anonymous base enum
 * (BASE_STD/BASE_DEF, or BASE_LOCAL/BASE_GLOBAL/BASE_DEF where the global
 * base was split off).  Needs w->nbases. */
static void wheel_names(struct kernel *k, struct wheel *w)
{
	static const char *const cand[] = { "BASE_STD", "BASE_LOCAL", "BASE_GLOBAL", "BASE_DEF" };
	for (int i = 0; i < 8; i++)
		w->names[i] = NULL;
	for (size_t c = 0; c < sizeof(cand) / sizeof(cand[0]); c++) {
		int64_t v;
		if (kernel_enum_value(k, cand[c], &v) == 0 && v >= 0 && v < 8)
			w->names[v] = cand[c];
	}
	if (w->names[0])
		return;
	/* The enum is seldom in DWARF: name the bases by how many there are
	 * (three once the global base was split from the local one). */
	if (w->nbases == 3) {
		w->names[0] = "BASE_LOCAL";
		w->names[1] = "BASE_GLOBAL";
		w->names[2] = "BASE_DEF";
	} else {
		w->names[0] = "BASE_STD";
		w->names[1] = "BASE_DEF";
	}
}

static int wheel_probe(struct tm *t, struct wheel *w)
{
	struct kernel *k = t->k;
	w->off_entry = kernel_offsetof(k, "struct timer_list", "entry");
	w->off_expires = kernel_offsetof(k, "struct timer_list", "expires");
	w->off_function = kernel_offsetof(k, "struct timer_list", "function");
	w->off_vectors = kernel_offsetof(k, "struct timer_base", "vectors");
	w->base_size = kernel_sizeof(k, "struct timer_base");
	long vsz = kernel_member_size(k, "struct timer_base", "vectors");
	long hsz = kernel_sizeof(k, "struct hlist_head");
	if (w->off_entry < 0 || w->off_expires < 0 || w->off_function < 0 || w->off_vectors < 0 ||
	    w->base_size <= 0 || vsz <= 0 || hsz <= 0) {
		err_set("this kernel's timer_base/timer_list layout is not known");
		return -1;
	}
	w->nvectors = vsz / hsz;
	/* the number of bases: the size of the per-cpu array timer_bases[] */
	struct kval v;
	long total = kv_symbol(k, "timer_bases", &v) == 0 ? kv_size(v) : -1;
	w->nbases = total > 0 ? (int)(total / w->base_size) : 1;
	if (w->nbases < 1 || w->nbases > 8)
		w->nbases = 1;
	wheel_names(k, w);
	return 0;
}

static int wheel_visit(void *arg, uint64_t timer)
{
	struct wheel_walk *ww = arg;
	struct kernel *k = ww->t->k;
	struct tm_entry e = { .addr = timer };
	if (kernel_read_u64(k, timer + (uint64_t)ww->w->off_expires, &e.expires) != 0 ||
	    kernel_read_u64(k, timer + (uint64_t)ww->w->off_function, &e.function) != 0)
		return -1;
	return tm_push(ww->set, &e);
}

static int wheel_collect(struct tm *t, struct wheel *w, uint64_t base, struct tm_set *set)
{
	struct wheel_walk ww = { .t = t, .w = w, .set = set };
	long hsz = kernel_sizeof(t->k, "struct hlist_head");
	for (long i = 0; i < w->nvectors; i++) {
		uint64_t head = base + (uint64_t)w->off_vectors + (uint64_t)(i * hsz);
		int rc = kwalk_hlist(t->k, head, w->off_entry, wheel_visit, &ww);
		if (rc < 0)
			return -1;
		if (rc > 0)
			break; /* too many: show what was gathered */
	}
	return 0;
}

static void wheel_print_base(struct tm *t, struct tm_set *set, uint64_t jiffies, int flen)
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
		const struct tm_entry *e = &set->v[i];
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
	struct wheel w;
	uint64_t sym, jiffies, bases;
	if (wheel_probe(t, &w) != 0)
		return crash_error(t->s, "%s", err_get());
	if (kernel_symbol(t->k, "jiffies", &sym) != 0 || kernel_read_u64(t->k, sym, &jiffies) != 0)
		return crash_error(t->s, "cannot read jiffies: %s", err_get());
	char num[32];
	int flen = snprintf(num, sizeof(num), "%" PRIu64, jiffies);
	if (flen < 7)
		flen = 7;
	fprintf(t->out, "%-*s\n%*s\n\n", flen, "JIFFIES", flen, num);

	int shown = 0;
	for (int cpu = 0; cpu < t->ncpus; cpu++) {
		if (t->cpus && !t->cpus[cpu])
			continue;
		if (crash_interrupted())
			return crash_error(t->s, "interrupted");
		if (kernel_percpu_symbol(t->k, "timer_bases", cpu, &bases) != 0)
			return crash_error(t->s, "cannot find timer_bases of cpu %d: %s", cpu,
					   err_get());
		if (shown++)
			fputc('\n', t->out);
		for (int b = 0; b < w.nbases; b++) {
			uint64_t base = bases + (uint64_t)(b * w.base_size);
			struct tm_set set = { 0 };
			char name[16];
			if (w.names[b])
				snprintf(name, sizeof(name), "%s", w.names[b]);
			else
				snprintf(name, sizeof(name), "%d", b);
			fprintf(t->out, "TIMER_BASES[%d][%s]: %" PRIx64 "\n", cpu, name, base);
			if (wheel_collect(t, &w, base, &set) != 0) {
				free(set.v);
				return crash_error(t->s, "timer base %" PRIx64 ": %s", base,
						   err_get());
			}
			if (set.n) /* an empty base has no array: qsort(NULL) is undefined */
				qsort(set.v, set.n, sizeof(*set.v), tm_cmp);
			wheel_print_base(t, &set, jiffies, flen);
			free(set.v);
		}
	}
	return 0;
}

/* ---------------- hrtimers (-r) ---------------- */

struct hr {
	long off_clock_base, clock_size, nclocks;
	long off_get_time;	/* -1 on kernels without it */
	long off_offset;	/* hrtimer_clock_base.offset, -1 */
	long off_active;	/* clock_base.active (struct timerqueue_head) */
	long off_node;		/* hrtimer.node.node: the rb_node */
	long off_expires;	/* hrtimer.node.expires */
	long off_soft;		/* hrtimer._softexpires, -1 */
	long off_function;
	uint64_t now;		/* uptime in ns, from jiffies as crash computes it */
};

struct hr_walk {
	struct tm *t;
	struct hr *h;
	struct tm_set *set;
};

static int hr_hz(struct kernel *k)
{
	/* tick_nsec is NSEC_PER_SEC / HZ to within rounding */
	uint64_t sym, t;
	if (kernel_symbol(k, "tick_nsec", &sym) == 0 && kernel_read_u64(k, sym, &t) == 0 &&
	    t > 100000 && t < 100000000)
		return (int)((1000000000ull + t / 2) / t);
	return 1000;
}

static int hr_probe(struct tm *t, struct hr *h)
{
	struct kernel *k = t->k;
	h->off_clock_base = kernel_offsetof(k, "struct hrtimer_cpu_base", "clock_base");
	h->clock_size = kernel_sizeof(k, "struct hrtimer_clock_base");
	long csz = kernel_member_size(k, "struct hrtimer_cpu_base", "clock_base");
	h->off_get_time = kernel_offsetof(k, "struct hrtimer_clock_base", "get_time");
	h->off_offset = kernel_offsetof(k, "struct hrtimer_clock_base", "offset");
	h->off_active = kernel_offsetof(k, "struct hrtimer_clock_base", "active");
	long node = kernel_offsetof(k, "struct hrtimer", "node");
	long rb = kernel_offsetof(k, "struct timerqueue_node", "node");
	long exp = kernel_offsetof(k, "struct timerqueue_node", "expires");
	h->off_soft = kernel_offsetof(k, "struct hrtimer", "_softexpires");
	h->off_function = kernel_offsetof(k, "struct hrtimer", "function");
	if (h->off_clock_base < 0 || h->clock_size <= 0 || csz <= 0 || h->off_active < 0 ||
	    node < 0 || rb < 0 || exp < 0 || h->off_function < 0) {
		err_set("this kernel's hrtimer_cpu_base/hrtimer layout is not known");
		return -1;
	}
	h->nclocks = csz / h->clock_size;
	h->off_node = node + rb;
	h->off_expires = node + exp;

	/* crash's "now": the uptime counted in jiffies, in ns */
	uint64_t sym, j;
	int hz = hr_hz(k);
	if (kernel_symbol(k, "jiffies_64", &sym) != 0 || kernel_read_u64(k, sym, &j) != 0) {
		err_set("cannot read jiffies_64");
		return -1;
	}
	uint64_t init = (uint64_t)(uint32_t)(-300 * hz); /* INITIAL_JIFFIES */
	h->now = (j - init) * (1000000000ull / (uint64_t)hz);
	return 0;
}

static int hr_visit(void *arg, uint64_t timer)
{
	struct hr_walk *hw = arg;
	struct kernel *k = hw->t->k;
	struct tm_entry e = { .addr = timer };
	if (kernel_read_u64(k, timer + (uint64_t)hw->h->off_expires, &e.expires) != 0 ||
	    kernel_read_u64(k, timer + (uint64_t)hw->h->off_function, &e.function) != 0)
		return -1;
	if (hw->h->off_soft >= 0 &&
	    kernel_read_u64(k, timer + (uint64_t)hw->h->off_soft, &e.soft) != 0)
		return -1;
	return tm_push(hw->set, &e);
}

static int numlen(int64_t v)
{
	return ndigits_signed(v);
}

static void hr_print_timers(struct tm *t, struct hr *h, struct tm_set *set, uint64_t now)
{
	char a[32], b[32], c[32], d[32], e[32];
	/* crash sizes the columns by the last (latest) timer */
	const struct tm_entry *last = &set->v[set->n - 1];
	int elen = numlen((int64_t)last->expires), slen = -1;
	int tlen = numlen((int64_t)(last->expires - now));
	if (elen < 7)
		elen = 7;
	if (h->off_soft >= 0) {
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
		const struct tm_entry *x = &set->v[i];
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

static int hr_clock(struct tm *t, struct hr *h, uint64_t cpu_base, int n)
{
	uint64_t base = cpu_base + (uint64_t)h->off_clock_base + (uint64_t)(n * h->clock_size);
	fprintf(t->out, "  CLOCK: %d  HRTIMER_CLOCK_BASE: %" PRIx64, n, base);
	uint64_t get_time, off = 0;
	if (h->off_get_time >= 0 &&
	    kernel_read_u64(t->k, base + (uint64_t)h->off_get_time, &get_time) == 0) {
		char sym[256];
		fprintf(t->out, "  [%s]", kernel_symbolize(t->k, get_time, sym, sizeof(sym)));
	}
	fputc('\n', t->out);
	if (h->off_offset >= 0)
		kernel_read_u64(t->k, base + (uint64_t)h->off_offset, &off);

	struct tm_set set = { 0 };
	struct hr_walk hw = { .t = t, .h = h, .set = &set };
	/* timerqueue_head starts with its rb_root_cached */
	int rc = kwalk_rbtree(t->k, base + (uint64_t)h->off_active, h->off_node, hr_visit, &hw);
	if (rc < 0) {
		free(set.v);
		return crash_error(t->s, "hrtimer clock base %" PRIx64 ": %s", base, err_get());
	}
	if (!set.n)
		fprintf(t->out, "  (empty)\n");
	else
		hr_print_timers(t, h, &set, h->now + off);
	free(set.v);
	return 0;
}

static int hr_run(struct tm *t)
{
	struct hr h;
	if (hr_probe(t, &h) != 0)
		return crash_error(t->s, "%s", err_get());
	int shown = 0;
	for (int cpu = 0; cpu < t->ncpus; cpu++) {
		uint64_t cpu_base;
		if (t->cpus && !t->cpus[cpu])
			continue;
		if (crash_interrupted())
			return crash_error(t->s, "interrupted");
		if (kernel_percpu_symbol(t->k, "hrtimer_bases", cpu, &cpu_base) != 0)
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
