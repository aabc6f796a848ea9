/* VMAs and mm_struct facts; see vma.h. */
#include "kernel-types/vma.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/vmf_access.h"

/* ---- maple tree (lib/maple_tree.c, include/linux/maple_tree.h) ----
 * An entry that points to a node has its low two bits 10 and is above
 * 4096; bits 3..6 hold the node type and the node is 256-byte aligned.
 * Leaves hold the entries; range nodes hold children.  Slot i covers
 * [previous pivot + 1, pivot[i]], the last used slot runs to the node's
 * max; "end" (the last used slot) is in the node's metadata when the
 * last pivot is 0. */
enum { MT_DENSE, MT_LEAF_64, MT_RANGE_64, MT_ARANGE_64 };
#define MT_NODE_MASK 0xffull
#define XA_ZERO_ENTRY 0x406ull	/* xa_mk_internal(257) */
#define MT_MAX_HEIGHT 31	/* MAPLE_HEIGHT_MAX */

struct mt_layout {
	long node_size;
	long r_pivot, r_slot, r_meta_end, r_npivots;
	long a_pivot, a_slot, a_meta_end, a_npivots;
};

struct mt_walk {
	struct kernel *k;
	struct mt_layout l;
	int (*fn)(void *arg, uint64_t first, uint64_t last, uint64_t entry);
	void *arg;
	unsigned long visited;
	uint8_t *buf;		/* one node buffer per level */
};

static int mt_layout(struct kernel *k, struct mt_layout *l)
{
	l->node_size = vmf_sizeof(k, "struct maple_node");
	l->r_pivot = vmf_offset(k, "struct maple_range_64", "pivot");
	l->r_slot = vmf_offset(k, "struct maple_range_64", "slot");
	l->r_meta_end = vmf_offset(k, "struct maple_range_64", "meta.end");
	l->r_npivots = vmf_member_size(k, "struct maple_range_64", "pivot") / 8;
	l->a_pivot = vmf_offset(k, "struct maple_arange_64", "pivot");
	l->a_slot = vmf_offset(k, "struct maple_arange_64", "slot");
	l->a_meta_end = vmf_offset(k, "struct maple_arange_64", "meta.end");
	l->a_npivots = vmf_member_size(k, "struct maple_arange_64", "pivot") / 8;
	if (l->node_size <= 0 || l->node_size > 4096 || l->r_pivot < 0 || l->r_slot < 0 ||
	    l->r_meta_end < 0 || l->r_npivots <= 0 || l->a_pivot < 0 || l->a_slot < 0 ||
	    l->a_meta_end < 0 || l->a_npivots <= 0) {
		err_set("kernel has no maple_node layout this code knows");
		return -1;
	}
	return 0;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static int mt_node(struct mt_walk *w, uint64_t enode, uint64_t min, uint64_t max, int depth)
{
	uint64_t node = enode & ~MT_NODE_MASK;
	unsigned type = (unsigned)(enode >> 3) & 0xf;
	uint8_t *b = w->buf + (size_t)depth * (size_t)w->l.node_size;
	long pivot_off, slot_off, npiv;
	unsigned end, i;
	uint64_t prev = min;
	bool leaf;
	int rc;

	if (depth >= MT_MAX_HEIGHT) {
		err_set("maple tree deeper than %d levels at node %#llx", MT_MAX_HEIGHT,
			(unsigned long long)node);
		return -1;
	}
	if (++w->visited > VMA_MAX_COUNT) {
		err_set("maple tree has more than %u nodes", VMA_MAX_COUNT);
		return -1;
	}
	if (vmf_read(w->k, node, b, (size_t)w->l.node_size) < 0)
		return -1;
	switch (type) {
	case MT_LEAF_64:
	case MT_RANGE_64: {
		uint64_t last;
		pivot_off = w->l.r_pivot;
		slot_off = w->l.r_slot;
		npiv = w->l.r_npivots;
		last = get64(b + pivot_off + 8 * (npiv - 1));
		if (!last)
			end = b[w->l.r_meta_end];
		else if (last == max)
			end = (unsigned)npiv - 1;
		else
			end = (unsigned)npiv;
		break;
	}
	case MT_ARANGE_64:
		pivot_off = w->l.a_pivot;
		slot_off = w->l.a_slot;
		npiv = w->l.a_npivots;
		end = b[w->l.a_meta_end];
		break;
	default:
		err_set("maple node %#llx has type %u, which this code does not read",
			(unsigned long long)node, type);
		return -1;
	}
	if (end > (unsigned)npiv) {
		err_set("maple node %#llx: end %u past its %ld slots", (unsigned long long)node, end,
			npiv + 1);
		return -1;
	}
	leaf = type < MT_RANGE_64;
	for (i = 0; i <= end; i++) {
		uint64_t piv = i < end ? get64(b + pivot_off + 8 * i) : max;
		uint64_t slot = get64(b + slot_off + 8 * i);
		if (piv < prev || piv > max) {
			/* Pivots only grow; anything else is a damaged node. */
			err_set("maple node %#llx: pivot %u out of order", (unsigned long long)node, i);
			return -1;
		}
		if (leaf) {
			if (slot && slot != XA_ZERO_ENTRY) {
				rc = w->fn(w->arg, prev, piv, slot);
				if (rc)
					return rc;
			}
		} else if (slot) {
			rc = mt_node(w, slot, prev, piv, depth + 1);
			if (rc)
				return rc;
			/* Our buffer was not touched by the child (one buffer
			 * per level), so b is still this node. */
		}
		if (piv == max)
			break;
		prev = piv + 1;
	}
	return 0;
}

int vma_maple_foreach(struct kernel *k, uint64_t maple_tree,
		      int (*fn)(void *arg, uint64_t first, uint64_t last, uint64_t entry),
		      void *arg)
{
	long o_root = vmf_offset(k, "struct maple_tree", "ma_root");
	uint64_t root;
	struct mt_walk w = { .k = k, .fn = fn, .arg = arg };
	int rc;

	if (o_root < 0) {
		err_set("kernel has no struct maple_tree");
		return -1;
	}
	if (vmf_read_u64(k, maple_tree + o_root, &root) < 0)
		return -1;
	if (!root)
		return 0;
	if ((root & 3) != 2 || root <= 4096)
		/* A tree of one entry keeps it in the root, at index 0. */
		return fn(arg, 0, 0, root);
	if (mt_layout(k, &w.l) < 0)
		return -1;
	w.buf = xmalloc((size_t)w.l.node_size * MT_MAX_HEIGHT);
	rc = mt_node(&w, root, 0, UINT64_MAX, 0);
	free(w.buf);
	return rc;
}

/* ---- VMAs ---- */

static struct {
	struct kernel *k;
	bool ok;
	long start, end, flags, flags_size, pgoff, file, mm, next;
} V;

static int vma_layout(struct kernel *k)
{
	if (V.ok && V.k == k)
		return 0;
	V.start = vmf_offset(k, "struct vm_area_struct", "vm_start");
	V.end = vmf_offset(k, "struct vm_area_struct", "vm_end");
	V.flags = vmf_offset(k, "struct vm_area_struct", "vm_flags");
	V.flags_size = vmf_member_size(k, "struct vm_area_struct", "vm_flags");
	V.pgoff = vmf_offset(k, "struct vm_area_struct", "vm_pgoff");
	V.file = vmf_offset(k, "struct vm_area_struct", "vm_file");
	V.mm = vmf_offset(k, "struct vm_area_struct", "vm_mm");
	V.next = vmf_offset(k, "struct vm_area_struct", "vm_next");
	if (V.start < 0 || V.end < 0 || V.flags < 0 || V.file < 0 || V.pgoff < 0) {
		err_set("kernel has no vm_area_struct layout this code knows");
		return -1;
	}
	if (V.flags_size <= 0 || V.flags_size > 8)
		V.flags_size = 8;
	V.k = k;
	V.ok = true;
	return 0;
}

int vma_read(struct kernel *k, uint64_t addr, struct vma *v)
{
	memset(v, 0, sizeof(*v));
	if (vma_layout(k) < 0)
		return -1;
	v->addr = addr;
	if (vmf_read_u64(k, addr + V.start, &v->start) < 0 ||
	    vmf_read_u64(k, addr + V.end, &v->end) < 0 ||
	    vmf_read_uint(k, addr + V.flags, (size_t)V.flags_size, &v->flags) < 0 ||
	    vmf_read_u64(k, addr + V.pgoff, &v->pgoff) < 0 ||
	    vmf_read_u64(k, addr + V.file, &v->file) < 0)
		return -1;
	if (V.mm >= 0 && vmf_read_u64(k, addr + V.mm, &v->mm) < 0)
		return -1;
	return 0;
}

struct vma_cb {
	struct kernel *k;
	int (*fn)(void *arg, const struct vma *v);
	void *arg;
};

static int maple_vma(void *arg, uint64_t first, uint64_t last, uint64_t entry)
{
	struct vma_cb *c = arg;
	struct vma v;
	(void)first;
	(void)last;
	if (vma_read(c->k, entry, &v) < 0)
		return -1;
	return c->fn(c->arg, &v);
}

int vma_foreach(struct kernel *k, uint64_t mm, int (*fn)(void *arg, const struct vma *v),
		void *arg)
{
	long o_mt = vmf_offset(k, "struct mm_struct", "mm_mt");
	long o_mmap = vmf_offset(k, "struct mm_struct", "mmap");
	struct vma_cb c = { k, fn, arg };

	if (vma_layout(k) < 0)
		return -1;
	if (o_mt >= 0)
		return vma_maple_foreach(k, mm + (uint64_t)o_mt, maple_vma, &c);
	if (o_mmap >= 0 && V.next >= 0) {
		uint64_t p;
		unsigned n = 0;
		if (vmf_read_u64(k, mm + o_mmap, &p) < 0)
			return -1;
		while (p) {
			struct vma v;
			int rc;
			if (++n > VMA_MAX_COUNT) {
				err_set("mm %#llx: more than %u VMAs in its list",
					(unsigned long long)mm, VMA_MAX_COUNT);
				return -1;
			}
			if (vma_read(k, p, &v) < 0)
				return -1;
			rc = fn(arg, &v);
			if (rc)
				return rc;
			if (vmf_read_u64(k, p + V.next, &p) < 0)
				return -1;
		}
		return 0;
	}
	err_set("kernel has neither mm_struct.mm_mt nor mm_struct.mmap");
	return -1;
}

int vma_task_mm(struct kernel *k, uint64_t task, uint64_t *mm)
{
	long o = vmf_offset(k, "struct task_struct", "mm");
	*mm = 0;
	if (o < 0) {
		err_set("kernel has no task_struct.mm");
		return -1;
	}
	return vmf_read_u64(k, task + o, mm);
}

/* ---- RSS ---- */

/* One counter of mm->rss_stat[]: an atomic_long_t (before 6.2) or a
 * percpu_counter whose per-CPU deltas are added to its count, as
 * percpu_counter_sum() does. */
static int64_t rss_counter(struct kernel *k, uint64_t mm, int idx)
{
	long o_stat = vmf_offset(k, "struct mm_struct", "rss_stat");
	long o_cnt = vmf_offset(k, "struct mm_struct", "rss_stat.count");
	long pc_size = vmf_sizeof(k, "struct percpu_counter");
	long pc_count = vmf_offset(k, "struct percpu_counter", "count");
	long pc_cpus = vmf_offset(k, "struct percpu_counter", "counters");
	const char *t = vmf_member_type(k, "struct mm_struct", "rss_stat");
	uint64_t v;

	if (o_stat < 0)
		return 0;
	if (t && strstr(t, "percpu_counter") && pc_size > 0 && pc_count >= 0) {
		uint64_t pc = mm + (uint64_t)o_stat + (uint64_t)pc_size * (uint64_t)idx;
		uint64_t percpu = 0;
		int64_t sum;
		int cpu, n = vmf_nr_cpus(k);
		if (vmf_read_u64(k, pc + pc_count, &v) < 0)
			return 0;
		sum = (int64_t)v;
		if (pc_cpus >= 0 && vmf_read_u64(k, pc + pc_cpus, &percpu) == 0 && percpu) {
			for (cpu = 0; cpu < n; cpu++) {
				uint64_t off;
				uint32_t d;
				if (vmf_percpu_offset(k, cpu, &off) < 0)
					break;
				if (vmf_read_u32(k, percpu + off, &d) == 0)
					sum = (int64_t)((uint64_t)sum + (uint64_t)(int64_t)(int32_t)d);
			}
		}
		return sum;
	}
	if (o_cnt >= 0 && vmf_read_u64(k, mm + o_cnt + 8ull * idx, &v) == 0)
		return (int64_t)v;
	return 0;
}

/* Per-thread deltas not yet folded into the mm (SPLIT_RSS_COUNTING,
 * before 6.2): task->rss_stat.count[idx] of every thread of the group. */
static int64_t rss_threads(struct kernel *k, uint64_t task, int idx)
{
	long o_trss = vmf_offset(k, "struct task_struct", "rss_stat.count");
	long o_sig = vmf_offset(k, "struct task_struct", "signal");
	long o_head = vmf_offset(k, "struct signal_struct", "thread_head");
	long o_node = vmf_offset(k, "struct task_struct", "thread_node");
	uint64_t sig, head, p;
	int64_t sum = 0;
	unsigned n = 0;

	if (!task || o_trss < 0 || o_sig < 0 || o_head < 0 || o_node < 0)
		return 0;
	if (vmf_read_u64(k, task + o_sig, &sig) < 0 || !sig)
		return 0;
	head = sig + (uint64_t)o_head;
	if (vmf_read_u64(k, head, &p) < 0)
		return 0;
	while (p && p != head && n++ < 100000) {
		uint64_t t = p - (uint64_t)o_node;
		uint32_t c;
		if (vmf_read_u32(k, t + o_trss + 4ull * idx, &c) == 0)
			sum = (int64_t)((uint64_t)sum + (uint64_t)(int64_t)(int32_t)c);
		if (vmf_read_u64(k, p, &p) < 0)
			break;
	}
	return sum;
}

int vma_mm_info(struct kernel *k, uint64_t mm, uint64_t task, struct vma_mm_info *info)
{
	long o_pgd = vmf_offset(k, "struct mm_struct", "pgd");
	long o_total = vmf_offset(k, "struct mm_struct", "total_vm");
	long o_count = vmf_offset(k, "struct mm_struct", "map_count");
	static const char *const names[] = { "MM_FILEPAGES", "MM_ANONPAGES", "MM_SHMEMPAGES" };
	static const int64_t defaults[] = { 0, 1, 3 };
	int64_t rss = 0;
	uint32_t mc;
	size_t i;

	memset(info, 0, sizeof(*info));
	if (o_pgd < 0) {
		err_set("kernel has no mm_struct.pgd");
		return -1;
	}
	if (vmf_read_u64(k, mm + o_pgd, &info->pgd) < 0)
		return -1;
	if (vmf_kvtop(k, info->pgd, &info->pgd_paddr) < 0)
		return -1;
	if (o_total >= 0)
		vmf_read_u64(k, mm + o_total, &info->total_vm);
	if (o_count >= 0 && vmf_read_u32(k, mm + o_count, &mc) == 0)
		info->map_count = (int)mc;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int64_t idx;
		int64_t c;
		if (vmf_enum_value(k, names[i], &idx) < 0)
			idx = defaults[i];
		if (idx < 0 || idx > 16)
			continue;
		/* unsigned sums: a damaged counter must not overflow */
		c = (int64_t)((uint64_t)rss_counter(k, mm, (int)idx) +
			      (uint64_t)rss_threads(k, task, (int)idx));
		/* Counters are updated lazily and may dip below zero. */
		if (c > 0)
			rss = (int64_t)((uint64_t)rss + (uint64_t)c);
	}
	info->rss = (uint64_t)rss;
	return 0;
}
