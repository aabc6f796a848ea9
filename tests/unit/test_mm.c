/* Address spaces (kernel-types/linux/mm.c, percpu.c and walk.c's maple
 * tree walk) on the test seam: the real walkers, through kernel_open(),
 * on the "mm" test kernel (tests/unit/kernels/mm.c, 6.12's layout) and the
 * "tasks" one (tests/unit/kernels/tasks.c, 6.1's).  The VMAs of a maple
 * tree of two levels in address order with their fields, an empty tree,
 * damaged trees (pivots out of order, a node that points back at the
 * root); the page directory and sizes of an mm; the one RSS: percpu_counter
 * counters summed over the CPUs (6.2+) and atomic_long_t counters with the
 * per-task caches of every task using the mm (before 6.2), which ps
 * (ktask_mem) shows too; a percpu_counter sum. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/linux/linux.h"
#include "kernel-types/walk.h"
#include "kernels/mm.h"
#include "testkernel.h"
#include "tkstart.h"

struct seen {
	uint64_t addr[8];
	struct vma v[8];
	int n;
};

static int collect(void *arg, const struct vma *v)
{
	struct seen *s = arg;
	if (s->n < 8) {
		s->addr[s->n] = v->addr;
		s->v[s->n] = *v;
	}
	s->n++;
	return 0;
}

static int stop_at_second(void *arg, const struct vma *v)
{
	struct seen *s = arg;
	collect(arg, v);
	return s->n == 2 ? 42 : 0;
}

static void test_vmas(const char *what, struct testkernel *tk, struct kernel *k)
{
	uint64_t mm = tk_symbol(tk, "mm_a");
	uint64_t v1 = tk_symbol(tk, "vma_1"), v2 = tk_symbol(tk, "vma_2"), v3 = tk_symbol(tk, "vma_3");
	struct seen s = { 0 };

	CHECK(vma_foreach(k, mm, collect, &s) == 0, "%s: maple walk succeeds: %s", what,
	      s.n ? "ok" : err_get());
	CHECK(s.n == 3, "%s: maple walk finds 3 VMAs (got %d)", what, s.n);
	CHECK(s.addr[0] == v1 && s.addr[1] == v2 && s.addr[2] == v3, "%s: VMAs in address order",
	      what);
	CHECK(s.v[2].start == 0x7ffff000 && s.v[2].end == 0x80000000 && s.v[2].flags == 0x100173 &&
		      s.v[2].pgoff == 0x7ffff && s.v[2].file == 0 && s.v[2].mm == mm,
	      "%s: VMA fields read", what);
	CHECK(s.v[1].flags == 0x8100077 && s.v[1].pgoff == 0x500, "%s: flags and pgoff of another",
	      what);
	s.n = 0;
	CHECK(vma_foreach(k, mm, stop_at_second, &s) == 42 && s.n == 2,
	      "%s: the callback's non-zero return stops the walk and is returned", what);

	struct vma v;
	CHECK(vma_read(k, v2, &v) == 0 && v.start == 0x500000 && v.end == 0x501000,
	      "%s: one VMA read", what);

	/* An empty tree. */
	s.n = 0;
	CHECK(vma_foreach(k, tk_symbol(tk, "mm_b"), collect, &s) == 0 && s.n == 0,
	      "%s: empty tree has no VMAs", what);
}

struct ranges {
	uint64_t first[4], last[4], entry[4];
	int n;
};

static int range_cb(void *arg, uint64_t first, uint64_t last, uint64_t entry)
{
	struct ranges *r = arg;
	if (r->n < 4) {
		r->first[r->n] = first;
		r->last[r->n] = last;
		r->entry[r->n] = entry;
	}
	r->n++;
	return 0;
}

static void test_maple_ranges(const char *what, struct testkernel *tk, struct kernel *k)
{
	struct ranges r = { 0 };
	uint64_t mt = tk_symbol(tk, "mm_a") + offsetof(struct mm_struct, mm_mt);
	CHECK(kwalk_maple(k, mt, range_cb, &r) == 0 && r.n == 3 && r.first[0] == 0x400000 &&
		      r.last[0] == 0x400fff && r.first[2] == 0x7ffff000 && r.last[2] == 0x7fffffff &&
		      r.entry[1] == tk_symbol(tk, "vma_2"),
	      "%s: kwalk_maple: each non-empty range [first, last] with its entry", what);
}

static void test_mm_struct(const char *what, struct testkernel *tk, struct kernel *k)
{
	uint64_t mm = tk_symbol(tk, "mm_a"), pgd = tk_symbol(tk, "pgd_a"), rss, v, pa;
	struct mm_info mi;

	CHECK(mm_pgd(k, mm, &v, &pa) == 0 && v == pgd && pa == tk_phys(tk, pgd),
	      "%s: page directory and its physical address", what);
	CHECK(mm_info(k, mm, &mi) == 0 && mi.pgd == pgd && mi.pgd_paddr == tk_phys(tk, pgd) &&
		      mi.total_vm == 77 && mi.map_count == 3,
	      "%s: mm_info: pgd, total_vm, map_count", what);
	/* file 10 + 3 - 1, anon 100, shmem 2 - 4 (below zero: 0); swap
	 * entries are not resident */
	CHECK(mm_rss(k, mm, &rss) == 0 && rss == 112 && mi.rss == 112,
	      "%s: RSS from percpu_counters summed over the CPUs (%llu)", what,
	      (unsigned long long)rss);
	CHECK(mm_rss(k, tk_symbol(tk, "mm_b"), &rss) == 0 && rss == 0, "%s: an empty mm", what);
	CHECK(mm_total_vm(k, mm, &v) == 0 && v == 77, "%s: total_vm", what);

	int64_t sum;
	CHECK(percpu_counter_sum(k, tk_symbol(tk, "nr_committed"), &sum) == 0 && sum == 1000 - 7 + 30,
	      "%s: percpu_counter: count plus each CPU's delta (%lld)", what, (long long)sum);
	CHECK(percpu_counter_sum(k, 0x1000, &sum) < 0, "%s: an unreadable percpu_counter: %s", what,
	      err_get());
}

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("mm", o, what, &k);
	if (!tk)
		return;
	test_vmas(what, tk, k);
	test_maple_ranges(what, tk, k);
	test_mm_struct(what, tk, k);
	kernel_close(k);

	uint64_t mm = tk_symbol(tk, "mm_a");
	uint64_t root = tk_symbol(tk, "mt_root"), lb = tk_symbol(tk, "mt_leaf_b");
	uint64_t lb_pivot1 = lb + offsetof(struct maple_node, mr64.pivot[1]);
	uint64_t root_slot1 = root + offsetof(struct maple_node, ma64.slot[1]);
	struct seen s = { 0 };

	/* A damaged node: pivots going backwards. */
	tk_write_u64(tk, lb_pivot1, 0x100);
	k = tk_open(tk);
	CHECK(k && vma_foreach(k, mm, collect, &s) < 0, "%s: out-of-order pivots are an error: %s",
	      what, err_get());
	kernel_close(k);
	tk_write_u64(tk, lb_pivot1, 0x7fffefff);

	/* A loop: a child that points back at the root is cut by depth. */
	tk_write_u64(tk, root_slot1, root + (maple_arange_64 << 3) + 4);
	s.n = 0;
	k = tk_open(tk);
	CHECK(k && vma_foreach(k, mm, collect, &s) < 0,
	      "%s: a cycle in the tree ends with an error: %s", what, err_get());
	kernel_close(k);
	tk_write_u64(tk, root_slot1, lb + (maple_leaf_64 << 3) + 4);

	/* A VMA left out of the dump: the walk fails with the read's kind. */
	tk_exclude_page(tk, tk_symbol(tk, "vma_3"));
	k = tk_open(tk);
	s.n = 0;
	int rc = k ? vma_foreach(k, mm, collect, &s) : 0;
	int want = o->format == TK_KDUMP ? KREAD_EXCLUDED : KREAD_NOT_RAM;
	CHECK(k && rc == want && s.n == 2,
	      "%s: a VMA not in the dump: the walk ends after the two before it with the read "
	      "error's kind (%s): %s", what, kernel_read_error_name(rc), err_get());
	kernel_close(k);
	tk_free(tk);
}

/* 6.1: atomic_long_t counters and per-task caches (SPLIT_RSS_COUNTING);
 * vm (mm_info) and ps (ktask_mem) show the same RSS. */
static void run_61(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("tasks", o, what, &k);
	if (!tk)
		return;
	uint64_t rss, mm;
	/* file 10 - 1 (prog-thr's cache), anon 20 + 2 (prog's), shmem 1 */
	CHECK(mm_rss(k, tk_symbol(tk, "mm_prog"), &rss) == 0 && rss == 10 - 1 + 20 + 2 + 1,
	      "%s: RSS from atomic_long_t counters and both threads' caches (%llu)", what,
	      (unsigned long long)rss);
	CHECK(mm_rss(k, tk_symbol(tk, "mm_init"), &rss) == 0 && rss == 100,
	      "%s: RSS of an mm without caches (%llu)", what, (unsigned long long)rss);
	CHECK(mm_of_task(k, tk_symbol(tk, "task_prog_thr"), &mm) == 0 && mm == tk_symbol(tk, "mm_prog"),
	      "%s: mm of a thread", what);
	CHECK(mm_of_task(k, tk_symbol(tk, "task_kthreadd"), &mm) == 0 && mm == 0,
	      "%s: a kernel thread has no mm", what);
	int agree = 0, n = 0;
	for (long i = 0; i < ktask_count(k); i++) {
		const struct ktask *t = ktask_at(k, (size_t)i);
		struct ktask_mem m;
		if (!t->mm)
			continue;
		n++;
		ktask_mem(k, t, &m);
		if (mm_rss(k, t->mm, &rss) == 0 && m.rss_kb == rss * 4)
			agree++;
	}
	CHECK(n == 3 && agree == n, "%s: ps (ktask_mem) shows mm_rss for each of %d tasks", what, n);
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 2 };
	run("plain", &plain);
	run_61("6.1 plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x1c800000, .phys_base = 0x7e000000,
				 .page_offset = 0xffff9a4000000000ull, .format = TK_KDUMP };
	run("kaslr+kdump", &kaslr);
	run_61("6.1 kaslr+kdump", &kaslr);
	CHECK_DONE();
}
