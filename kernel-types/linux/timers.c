/* The timer wheel and hrtimers; see timers.h. */
#include "kernel-types/linux/timers.h"

#include <stdlib.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/value.h"
#include "kernel-types/walk.h"

/* Timers gathered in walk order; sorted by expiry for the wheel, ties
 * kept in that order (as crash's sort does). */
struct gather {
	struct timer_entry *v;
	size_t n, cap;
	bool full;
};

static int push(struct gather *g, const struct timer_entry *e)
{
	if (g->n >= TIMER_MAX) {
		g->full = true;
		return 1;
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = xreallocarray(g->v, g->cap, sizeof(*g->v));
	}
	g->v[g->n++] = *e;
	return 0;
}

static void done(struct gather *g, struct timer_set *set)
{
	set->v = g->v;
	set->n = g->n;
	set->full = g->full;
}

/* ---------------- the timer wheel ---------------- */

/* The base names: the enumerators of timer.c's anonymous base enum
 * (BASE_STD/BASE_DEF, or BASE_LOCAL/BASE_GLOBAL/BASE_DEF where the global
 * base was split off).  Needs w->nbases. */
static void wheel_names(struct kernel *k, struct timer_wheel *w)
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

int timer_wheel_layout(struct kernel *k, struct timer_wheel *w)
{
	w->off_entry = kernel_offsetof(k, "struct timer_list", "entry");
	w->off_expires = kernel_offsetof(k, "struct timer_list", "expires");
	w->off_function = kernel_offsetof(k, "struct timer_list", "function");
	w->off_vectors = kernel_offsetof(k, "struct timer_base", "vectors");
	w->base_size = kernel_sizeof(k, "struct timer_base");
	long vsz = kernel_member_size(k, "struct timer_base", "vectors");
	w->hlist_size = kernel_sizeof(k, "struct hlist_head");
	if (w->off_entry < 0 || w->off_expires < 0 || w->off_function < 0 || w->off_vectors < 0 ||
	    w->base_size <= 0 || vsz <= 0 || w->hlist_size <= 0) {
		err_set("this kernel's timer_base/timer_list layout is not known");
		return -1;
	}
	w->nvectors = vsz / w->hlist_size;
	/* the number of bases: the size of the per-cpu array timer_bases[] */
	struct kval v;
	long total = kv_symbol(k, "timer_bases", &v) == 0 ? kv_size(v) : -1;
	w->nbases = total > 0 ? (int)(total / w->base_size) : 1;
	if (w->nbases < 1 || w->nbases > 8)
		w->nbases = 1;
	wheel_names(k, w);
	return 0;
}

int timer_jiffies(struct kernel *k, uint64_t *jiffies)
{
	uint64_t sym;
	if (kernel_symbol(k, "jiffies", &sym) != 0)
		return -1;
	return kernel_read_u64(k, sym, jiffies);
}

int timer_wheel_base(struct kernel *k, const struct timer_wheel *w, int cpu, int base,
		     uint64_t *addr)
{
	uint64_t bases;
	if (kernel_percpu_symbol(k, "timer_bases", cpu, &bases) != 0)
		return -1;
	*addr = bases + (uint64_t)(base * w->base_size);
	return 0;
}

struct wheel_walk {
	struct kernel *k;
	const struct timer_wheel *w;
	struct gather g;
};

static int wheel_visit(void *arg, uint64_t timer)
{
	struct wheel_walk *ww = arg;
	struct timer_entry e = { .addr = timer };
	int rc;
	if ((rc = kernel_read_u64(ww->k, timer + (uint64_t)ww->w->off_expires, &e.expires)) != 0 ||
	    (rc = kernel_read_u64(ww->k, timer + (uint64_t)ww->w->off_function, &e.function)) != 0)
		return rc;
	return push(&ww->g, &e);
}

static int by_expiry(const void *a, const void *b, void *arg)
{
	const struct timer_entry *v = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (v[x].expires != v[y].expires)
		return v[x].expires < v[y].expires ? -1 : 1;
	return x < y ? -1 : x > y;
}

int timer_wheel_timers(struct kernel *k, const struct timer_wheel *w, uint64_t base,
		       struct timer_set *set)
{
	struct wheel_walk ww = { .k = k, .w = w };
	*set = (struct timer_set){ 0 };
	for (long i = 0; i < w->nvectors; i++) {
		uint64_t head = base + (uint64_t)w->off_vectors + (uint64_t)(i * w->hlist_size);
		int rc = kwalk_hlist(k, head, w->off_entry, wheel_visit, &ww);
		if (rc < 0) {
			free(ww.g.v);
			return rc;
		}
		if (rc > 0)
			break; /* too many: keep what was gathered */
	}
	/* expiry order, ties in walk order */
	size_t *order = xcalloc(ww.g.n ? ww.g.n : 1, sizeof(*order));
	for (size_t i = 0; i < ww.g.n; i++)
		order[i] = i;
	qsort_r(order, ww.g.n, sizeof(*order), by_expiry, ww.g.v);
	struct timer_entry *sorted = xcalloc(ww.g.n ? ww.g.n : 1, sizeof(*sorted));
	for (size_t i = 0; i < ww.g.n; i++)
		sorted[i] = ww.g.v[order[i]];
	free(order);
	free(ww.g.v);
	ww.g.v = sorted;
	done(&ww.g, set);
	return 0;
}

/* ---------------- hrtimers ---------------- */

static int hz(struct kernel *k)
{
	/* tick_nsec is NSEC_PER_SEC / HZ to within rounding */
	uint64_t sym, t;
	if (kernel_symbol(k, "tick_nsec", &sym) == 0 && kernel_read_u64(k, sym, &t) == 0 &&
	    t > 100000 && t < 100000000)
		return (int)((1000000000ull + t / 2) / t);
	return 1000;
}

int hrtimer_layout(struct kernel *k, struct hrtimer_layout *h)
{
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
	h->nclocks = (int)(csz / h->clock_size);
	h->soft = h->off_soft >= 0;
	h->off_node = node + rb;
	h->off_expires = node + exp;

	/* crash's "now": the uptime counted in jiffies, in ns */
	uint64_t sym, j;
	int z = hz(k);
	if (kernel_symbol(k, "jiffies_64", &sym) != 0 || kernel_read_u64(k, sym, &j) != 0) {
		err_set("cannot read jiffies_64");
		return -1;
	}
	uint64_t init = (uint64_t)(uint32_t)(-300 * z); /* INITIAL_JIFFIES */
	h->now = (j - init) * (1000000000ull / (uint64_t)z);
	return 0;
}

int hrtimer_cpu_base(struct kernel *k, int cpu, uint64_t *addr)
{
	return kernel_percpu_symbol(k, "hrtimer_bases", cpu, addr);
}

int hrtimer_clock_base(struct kernel *k, const struct hrtimer_layout *h, uint64_t cpu_base, int n,
		       struct hrtimer_clock *c)
{
	*c = (struct hrtimer_clock){ 0 };
	c->addr = cpu_base + (uint64_t)h->off_clock_base + (uint64_t)(n * h->clock_size);
	c->has_get_time = h->off_get_time >= 0 &&
			  kernel_read_u64(k, c->addr + (uint64_t)h->off_get_time, &c->get_time) == 0;
	if (h->off_offset >= 0 && kernel_read_u64(k, c->addr + (uint64_t)h->off_offset, &c->offset) != 0)
		c->offset = 0;
	return 0;
}

struct hr_walk {
	struct kernel *k;
	const struct hrtimer_layout *h;
	struct gather g;
};

static int hr_visit(void *arg, uint64_t timer)
{
	struct hr_walk *hw = arg;
	struct timer_entry e = { .addr = timer };
	int rc;
	if ((rc = kernel_read_u64(hw->k, timer + (uint64_t)hw->h->off_expires, &e.expires)) != 0 ||
	    (rc = kernel_read_u64(hw->k, timer + (uint64_t)hw->h->off_function, &e.function)) != 0)
		return rc;
	if (hw->h->off_soft >= 0 &&
	    (rc = kernel_read_u64(hw->k, timer + (uint64_t)hw->h->off_soft, &e.soft)) != 0)
		return rc;
	return push(&hw->g, &e);
}

int hrtimer_clock_timers(struct kernel *k, const struct hrtimer_layout *h, uint64_t clock_base,
			 struct timer_set *set)
{
	struct hr_walk hw = { .k = k, .h = h };
	*set = (struct timer_set){ 0 };
	/* timerqueue_head starts with its rb_root_cached */
	int rc = kwalk_rbtree(k, clock_base + (uint64_t)h->off_active, h->off_node, hr_visit, &hw);
	if (rc < 0) {
		free(hw.g.v);
		return rc;
	}
	done(&hw.g, set);
	return 0;
}
