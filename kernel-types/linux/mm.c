/* mm_struct facts, VMAs and the one RSS; see mm.h. */
#include "kernel-types/linux/mm.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
/* the task table (for the tasks that share an mm), wherever it lives */
#include "kernel-types/linux/linux.h"
#include "kernel-types/linux/percpu.h"
#include "kernel-types/walk.h"

/* ---- VMAs ---- */

/* Offsets of struct vm_area_struct and of the mm_struct members the walk
 * starts from, probed once per kernel (kernel_state). */
struct vma_layout {
	long start, end, flags, flags_size, pgoff, file, mm, next;
	long mm_mt, mm_mmap;
};
static const char vma_layout_key;

static const struct vma_layout *vma_layout(struct kernel *k)
{
	struct vma_layout *V = kernel_state(k, &vma_layout_key);
	if (V)
		return V;
	long start = kernel_offsetof(k, "struct vm_area_struct", "vm_start");
	long end = kernel_offsetof(k, "struct vm_area_struct", "vm_end");
	long flags = kernel_offsetof(k, "struct vm_area_struct", "vm_flags");
	long pgoff = kernel_offsetof(k, "struct vm_area_struct", "vm_pgoff");
	long file = kernel_offsetof(k, "struct vm_area_struct", "vm_file");
	if (start < 0 || end < 0 || flags < 0 || file < 0 || pgoff < 0) {
		err_set("kernel has no vm_area_struct layout this code knows");
		return NULL;
	}
	V = xcalloc(1, sizeof(*V));
	V->start = start;
	V->end = end;
	V->flags = flags;
	V->pgoff = pgoff;
	V->file = file;
	V->flags_size = kernel_member_size(k, "struct vm_area_struct", "vm_flags");
	if (V->flags_size <= 0 || V->flags_size > 8)
		V->flags_size = 8;
	V->mm = kernel_offsetof(k, "struct vm_area_struct", "vm_mm");
	V->next = kernel_offsetof(k, "struct vm_area_struct", "vm_next");
	V->mm_mt = kernel_offsetof(k, "struct mm_struct", "mm_mt");
	V->mm_mmap = kernel_offsetof(k, "struct mm_struct", "mmap");
	kernel_set_state(k, &vma_layout_key, V, free);
	return V;
}

int vma_read(struct kernel *k, uint64_t addr, struct vma *v)
{
	const struct vma_layout *V = vma_layout(k);
	int rc;

	memset(v, 0, sizeof(*v));
	if (!V)
		return -1;
	v->addr = addr;
	if ((rc = kernel_read_u64(k, addr + (uint64_t)V->start, &v->start)) != 0 ||
	    (rc = kernel_read_u64(k, addr + (uint64_t)V->end, &v->end)) != 0 ||
	    (rc = kernel_read_uint(k, addr + (uint64_t)V->flags, (size_t)V->flags_size,
				   &v->flags)) != 0 ||
	    (rc = kernel_read_u64(k, addr + (uint64_t)V->pgoff, &v->pgoff)) != 0 ||
	    (rc = kernel_read_u64(k, addr + (uint64_t)V->file, &v->file)) != 0)
		return rc;
	if (V->mm >= 0 && (rc = kernel_read_u64(k, addr + (uint64_t)V->mm, &v->mm)) != 0)
		return rc;
	return 0;
}

struct vma_cb {
	struct kernel *k;
	int (*fn)(void *arg, const struct vma *v);
	void *arg;
	int rc;			/* the read error of a VMA */
};

static int one_vma(struct vma_cb *c, uint64_t addr)
{
	struct vma v;
	int rc = vma_read(c->k, addr, &v);
	if (rc != 0) {
		c->rc = rc;
		return rc;
	}
	return c->fn(c->arg, &v);
}

static int maple_vma(void *arg, uint64_t first, uint64_t last, uint64_t entry)
{
	(void)first;
	(void)last;
	return one_vma(arg, entry);
}

static int list_vma(void *arg, uint64_t entry)
{
	return one_vma(arg, entry);
}

int vma_foreach(struct kernel *k, uint64_t mm, int (*fn)(void *arg, const struct vma *v),
		void *arg)
{
	const struct vma_layout *V = vma_layout(k);
	struct vma_cb c = { k, fn, arg, 0 };
	int rc;

	if (!V)
		return -1;
	if (V->mm_mt >= 0) {
		rc = kwalk_maple(k, mm + (uint64_t)V->mm_mt, maple_vma, &c);
	} else if (V->mm_mmap >= 0 && V->next >= 0) {
		uint64_t first;
		if ((rc = kernel_read_u64(k, mm + (uint64_t)V->mm_mmap, &first)) != 0)
			return rc;
		rc = kwalk_chain(k, first, V->next, 0, list_vma, &c);
	} else {
		err_set("kernel has neither mm_struct.mm_mt nor mm_struct.mmap");
		return -1;
	}
	/* a VMA that could not be read: its error, not the walk's -1 */
	return rc < 0 && c.rc < 0 ? c.rc : rc;
}

/* ---- mm_struct ---- */

int mm_of_task(struct kernel *k, uint64_t task, uint64_t *mm)
{
	long o = kernel_offsetof(k, "struct task_struct", "mm");
	*mm = 0;
	if (o < 0) {
		err_set("kernel has no task_struct.mm");
		return -1;
	}
	return kernel_read_u64(k, task + (uint64_t)o, mm);
}

int mm_pgd(struct kernel *k, uint64_t mm, uint64_t *pgd, uint64_t *pgd_paddr)
{
	long o = kernel_offsetof(k, "struct mm_struct", "pgd");
	uint64_t v, pa;
	int rc;

	if (o < 0) {
		err_set("kernel has no mm_struct.pgd");
		return -1;
	}
	if ((rc = kernel_read_u64(k, mm + (uint64_t)o, &v)) != 0)
		return rc;
	if (pgd)
		*pgd = v;
	if (!pgd_paddr)
		return 0;
	if (kernel_kvtop(k, v, &pa) != 0)
		return -1;
	*pgd_paddr = pa;
	return 0;
}

int mm_total_vm(struct kernel *k, uint64_t mm, uint64_t *pages)
{
	long o = kernel_offsetof(k, "struct mm_struct", "total_vm");
	*pages = 0;
	if (o < 0)
		return 0;
	return kernel_read_u64(k, mm + (uint64_t)o, pages);
}

/* ---- RSS ---- */

/* Where the counters are, probed once per kernel (kernel_state). */
#define RSS_NCOUNTERS 3
#define RSS_MAX_IDX 16		/* NR_MM_COUNTERS is 4 or 5 */
struct rss_layout {
	int idx[RSS_NCOUNTERS];	/* MM_FILEPAGES, MM_ANONPAGES, MM_SHMEMPAGES; -1: none */
	int nidx;		/* counters read at once: the highest idx + 1 */
	long mm_count;		/* mm_struct.rss_stat.count: atomic_long_t[] (before 6.2) */
	long mm_pcp, mm_pcp_size; /* mm_struct.rss_stat: struct percpu_counter[] (6.2+) */
	long pc_size;		/* sizeof(struct percpu_counter) */
	long task_count;	/* task_struct.rss_stat.count: int[] (SPLIT_RSS_COUNTING) */
};
static const char rss_layout_key;

static const struct rss_layout *rss_layout(struct kernel *k)
{
	static const char *const names[RSS_NCOUNTERS] = { "MM_FILEPAGES", "MM_ANONPAGES",
							  "MM_SHMEMPAGES" };
	/* what every kernel since 2.6.34 numbers them (MM_SWAPENTS is 2) */
	static const int64_t defaults[RSS_NCOUNTERS] = { 0, 1, 3 };
	struct rss_layout *L = kernel_state(k, &rss_layout_key);

	if (L)
		return L;
	L = xcalloc(1, sizeof(*L));
	for (int i = 0; i < RSS_NCOUNTERS; i++) {
		int64_t v;
		if (kernel_enum_value(k, names[i], &v) != 0)
			v = defaults[i];
		L->idx[i] = v >= 0 && v < RSS_MAX_IDX ? (int)v : -1;
		if (L->idx[i] >= L->nidx)
			L->nidx = L->idx[i] + 1;
	}
	L->mm_count = kernel_offsetof(k, "struct mm_struct", "rss_stat.count");
	L->mm_pcp = -1;
	L->pc_size = kernel_sizeof(k, "struct percpu_counter");
	if (L->mm_count < 0 && L->pc_size > 0) {
		L->mm_pcp = kernel_offsetof(k, "struct mm_struct", "rss_stat");
		L->mm_pcp_size = kernel_member_size(k, "struct mm_struct", "rss_stat");
	}
	L->task_count = kernel_offsetof(k, "struct task_struct", "rss_stat.count");
	kernel_set_state(k, &rss_layout_key, L, free);
	return L;
}

/* The tasks of the task table by mm, for the per-task caches: a hash of
 * mm to the first task that uses it, and a chain through the others; built
 * once per table (kernel_state), again when the table is another. */
struct mm_users {
	const struct ktask *first;	/* the table it was built for */
	long ntasks;
	size_t cap;			/* a power of two */
	uint64_t *mm;			/* hash keys, 0: empty */
	long *head;			/* first task of mm[i] */
	long *next;			/* per task: the next one with its mm, -1 */
};
static const char mm_users_key;

static void mm_users_free(void *p)
{
	struct mm_users *u = p;
	free(u->mm);
	free(u->head);
	free(u->next);
	free(u);
}

static size_t mm_slot(const struct mm_users *u, uint64_t mm)
{
	return (size_t)((mm >> 6) * 0x9e3779b97f4a7c15ull >> 20) & (u->cap - 1);
}

static long mm_users_first(const struct mm_users *u, uint64_t mm)
{
	for (size_t i = mm_slot(u, mm), probes = 0; probes < u->cap;
	     probes++, i = (i + 1) & (u->cap - 1)) {
		if (u->mm[i] == mm)
			return u->head[i];
		if (!u->mm[i])
			return -1;
	}
	return -1;
}

static const struct mm_users *mm_users(struct kernel *k)
{
	struct mm_users *u = kernel_state(k, &mm_users_key);
	long n = ktask_count(k);
	const struct ktask *first = n > 0 ? ktask_at(k, 0) : NULL;

	if (u && u->ntasks == n && u->first == first)
		return u;
	if (n <= 0)
		return NULL;
	u = xcalloc(1, sizeof(*u));
	u->first = first;
	u->ntasks = n;
	for (u->cap = 16; u->cap < 2 * (size_t)n; u->cap <<= 1)
		;
	u->mm = xcalloc(u->cap, sizeof(*u->mm));
	u->head = xcalloc(u->cap, sizeof(*u->head));
	u->next = xcalloc((size_t)n, sizeof(*u->next));
	/* backwards, so that each chain is in table order */
	for (long t = n - 1; t >= 0; t--) {
		const struct ktask *x = ktask_at(k, (size_t)t);
		u->next[t] = -1;
		if (!x || !x->mm)
			continue;
		size_t i = mm_slot(u, x->mm);
		while (u->mm[i] && u->mm[i] != x->mm)
			i = (i + 1) & (u->cap - 1);
		if (u->mm[i])
			u->next[t] = u->head[i];
		u->mm[i] = x->mm;
		u->head[i] = t;
	}
	kernel_set_state(k, &mm_users_key, u, mm_users_free);
	return u;
}

/* The counters of the mm itself, c[i] for L->idx[i]. */
static int mm_counters(struct kernel *k, const struct rss_layout *L, uint64_t mm, int64_t *c)
{
	int rc = 0;

	if (L->mm_count >= 0) {
		/* atomic_long_t count[NR_MM_COUNTERS], read at once */
		int64_t v[RSS_MAX_IDX];
		if ((rc = kernel_read(k, mm + (uint64_t)L->mm_count, v, 8u * (size_t)L->nidx)) != 0)
			return rc;
		for (int i = 0; i < RSS_NCOUNTERS; i++)
			if (L->idx[i] >= 0)
				c[i] = v[L->idx[i]];
		return 0;
	}
	if (L->mm_pcp < 0)
		return 0;
	for (int i = 0; i < RSS_NCOUNTERS; i++) {
		int idx = L->idx[i], r;
		if (idx < 0 || (long)(idx + 1) * L->pc_size > L->mm_pcp_size)
			continue;
		r = percpu_counter_sum(
			k, mm + (uint64_t)L->mm_pcp + (uint64_t)idx * (uint64_t)L->pc_size, &c[i]);
		if (r && !rc)
			rc = r;
	}
	return rc;
}

int mm_rss(struct kernel *k, uint64_t mm, uint64_t *pages)
{
	const struct rss_layout *L = rss_layout(k);
	int64_t c[RSS_NCOUNTERS] = { 0 };
	int rc = mm_counters(k, L, mm, c);

	/* Per-task caches not yet folded into the mm: those of every task
	 * whose mm it is (the threads, and a vfork child on its parent's). */
	const struct mm_users *u = L->task_count >= 0 ? mm_users(k) : NULL;
	for (long t = u ? mm_users_first(u, mm) : -1; t >= 0; t = u->next[t]) {
		const struct ktask *x = ktask_at(k, (size_t)t);
		int32_t d[RSS_MAX_IDX];
		if (!x || x->mm != mm ||
		    kernel_read(k, x->task + (uint64_t)L->task_count, d, 4u * (size_t)L->nidx) != 0)
			continue;
		for (int i = 0; i < RSS_NCOUNTERS; i++)
			if (L->idx[i] >= 0)
				/* unsigned: a damaged counter must not overflow */
				c[i] = (int64_t)((uint64_t)c[i] + (uint64_t)(int64_t)d[L->idx[i]]);
	}
	/* Counters are updated lazily and may dip below zero. */
	uint64_t sum = 0;
	for (int i = 0; i < RSS_NCOUNTERS; i++)
		if (c[i] > 0)
			sum += (uint64_t)c[i];
	*pages = sum;
	return rc;
}

int mm_info(struct kernel *k, uint64_t mm, struct mm_info *info)
{
	long o_count = kernel_offsetof(k, "struct mm_struct", "map_count");
	uint32_t mc;
	int rc;

	memset(info, 0, sizeof(*info));
	if ((rc = mm_pgd(k, mm, &info->pgd, &info->pgd_paddr)) != 0)
		return rc;
	mm_total_vm(k, mm, &info->total_vm);
	if (o_count >= 0 && kernel_read_u32(k, mm + (uint64_t)o_count, &mc) == 0)
		info->map_count = (int)mc;
	mm_rss(k, mm, &info->rss);
	return 0;
}
