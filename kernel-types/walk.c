/* Container walkers; see walk.h. */
#include "kernel-types/walk.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"

/* Brent's cycle detection: a power-of-two window, the saved node compared
 * with each new one.  True when node repeats the saved one. */
struct brent {
	uint64_t saved;
	uint64_t power, lam;
};

static bool brent_step(struct brent *b, uint64_t node)
{
	if (node == b->saved)
		return true;
	if (++b->lam == b->power) {
		b->saved = node;
		b->power <<= 1;
		b->lam = 0;
	}
	return false;
}

static int list_walk(struct kernel *k, uint64_t head, uint64_t start, bool include_start,
		     long offset, bool reverse, kwalk_fn fn, void *arg)
{
	struct brent b = { .saved = start, .power = 1 };
	uint64_t node = start, next;
	const uint64_t link = reverse ? 8 : 0; /* list_head: next, then prev */

	if (include_start) {
		int rc = fn(arg, node - (uint64_t)offset);
		if (rc)
			return rc;
	}
	for (uint64_t n = 0;; n++) {
		if (kernel_read_u64(k, node + link, &next) != 0) {
			err_prefix("list %" PRIx64, head);
			return -1;
		}
		if (next == head)
			return 0;
		if (!next) {
			err_set("list %" PRIx64 ": NULL %s pointer in %" PRIx64 " after %" PRIu64
				" entries", head, reverse ? "prev" : "next", node, n);
			return -1;
		}
		if (n >= KWALK_MAX_STEPS || brent_step(&b, next)) {
			err_set("list %" PRIx64 ": loop after %" PRIu64 " entries (at %" PRIx64 ")",
				head, n, next);
			return -1;
		}
		int rc = fn(arg, next - (uint64_t)offset);
		if (rc)
			return rc;
		node = next;
	}
}

int kwalk_list(struct kernel *k, uint64_t head, long offset, bool reverse, kwalk_fn fn, void *arg)
{
	return list_walk(k, head, head, false, offset, reverse, fn, arg);
}

int kwalk_list_from(struct kernel *k, uint64_t node, long offset, bool reverse, kwalk_fn fn,
		    void *arg)
{
	return list_walk(k, node, node, true, offset, reverse, fn, arg);
}

int kwalk_chain(struct kernel *k, uint64_t first, long next_off, uint64_t end, kwalk_fn fn,
		void *arg)
{
	struct brent b = { .saved = first, .power = 1 };
	uint64_t e = first;

	for (uint64_t n = 0; e && e != end; n++) {
		int rc = fn(arg, e);
		if (rc)
			return rc;
		uint64_t next;
		if (kernel_read_u64(k, e + (uint64_t)next_off, &next) != 0) {
			err_prefix("list %" PRIx64, first);
			return -1;
		}
		/* a next that points at the entry itself or back at the first
		 * one ends the list, as crash takes it */
		if (next == e || next == first)
			return 0;
		if (n >= KWALK_MAX_STEPS || brent_step(&b, next)) {
			err_set("list %" PRIx64 ": loop after %" PRIu64 " entries (at %" PRIx64 ")",
				first, n, next);
			return -1;
		}
		e = next;
	}
	return 0;
}

int kwalk_hlist(struct kernel *k, uint64_t head, long offset, kwalk_fn fn, void *arg)
{
	uint64_t node;
	struct brent b = { .power = 1 };

	if (kernel_read_u64(k, head, &node) != 0) { /* hlist_head.first */
		err_prefix("hlist %" PRIx64, head);
		return -1;
	}
	b.saved = node;
	for (uint64_t n = 0; node; n++) {
		int rc = fn(arg, node - (uint64_t)offset);
		if (rc)
			return rc;
		if (kernel_read_u64(k, node, &node) != 0) { /* hlist_node.next */
			err_prefix("hlist %" PRIx64, head);
			return -1;
		}
		if (node && (n >= KWALK_MAX_STEPS || brent_step(&b, node))) {
			err_set("hlist %" PRIx64 ": loop after %" PRIu64 " entries", head, n);
			return -1;
		}
	}
	return 0;
}

/* rb_node: __rb_parent_color (parent | color bits), rb_right, rb_left. */
#define RB_PARENT(pc) ((pc) & ~3ull)

static int rb_read(struct kernel *k, uint64_t node, uint64_t *parent, uint64_t *right,
		   uint64_t *left)
{
	uint64_t w[3];
	if (kernel_read(k, node, w, sizeof(w)) != 0)
		return -1;
	*parent = RB_PARENT(w[0]);
	*right = w[1];
	*left = w[2];
	return 0;
}

int kwalk_rbtree(struct kernel *k, uint64_t root, long offset, kwalk_fn fn, void *arg)
{
	uint64_t node, parent, right, left, steps = 0;

	if (kernel_read_u64(k, root, &node) != 0) { /* rb_root.rb_node */
		err_prefix("rbtree %" PRIx64, root);
		return -1;
	}
	if (!node)
		return 0;
	/* leftmost */
	for (;;) {
		if (rb_read(k, node, &parent, &right, &left) != 0)
			goto bad_read;
		if (!left)
			break;
		node = left;
		if (++steps > KWALK_MAX_STEPS)
			goto loop;
	}
	for (;;) {
		int rc = fn(arg, node - (uint64_t)offset);
		if (rc)
			return rc;
		/* in-order successor */
		if (rb_read(k, node, &parent, &right, &left) != 0)
			goto bad_read;
		if (right) {
			node = right;
			for (;;) {
				if (rb_read(k, node, &parent, &right, &left) != 0)
					goto bad_read;
				if (!left)
					break;
				node = left;
				if (++steps > KWALK_MAX_STEPS)
					goto loop;
			}
		} else {
			/* climb while we come from a right child */
			uint64_t child = node;
			for (;;) {
				uint64_t pp, pr, pl;
				if (!parent)
					return 0;
				if (rb_read(k, parent, &pp, &pr, &pl) != 0)
					goto bad_read;
				if (pr != child) {
					node = parent;
					break;
				}
				child = parent;
				parent = pp;
				if (++steps > KWALK_MAX_STEPS)
					goto loop;
			}
		}
		if (++steps > KWALK_MAX_STEPS)
			goto loop;
	}
bad_read:
	err_prefix("rbtree %" PRIx64, root);
	return -1;
loop:
	err_set("rbtree %" PRIx64 ": more than %u steps (a loop?)", root, KWALK_MAX_STEPS);
	return -1;
}

/* xarray (and the radix tree and idr of 4.20+, which are xarrays): an
 * entry with its low two bits 10 is internal; above 4096 it points to a
 * node (address + 2), below it is a sibling or retry marker.  The 4.x
 * radix tree tagged its node pointers 01 instead.  A node's slots cover
 * 64 << shift indexes; 64-bit indexes need at most 11 levels. */
#define XA_SLOTS 64
#define XA_MAX_DEPTH 11

struct xa_walk {
	struct kernel *k;
	long o_shift, o_slots;
	uint64_t node_tag;	/* 2 for the xarray, 1 for the 4.x radix tree */
	uint64_t nodes;
	kindex_fn fn;
	void *arg;
	long *lost;		/* partial walk: unreadable nodes, skipped */
};

static bool xa_node_entry(const struct xa_walk *w, uint64_t e)
{
	return (e & 3) == w->node_tag && e > 4096;
}

static int xa_node(struct xa_walk *w, uint64_t node, uint64_t base, int depth)
{
	uint64_t shift, slots[XA_SLOTS];

	if (++w->nodes > KWALK_MAX_STEPS || depth > XA_MAX_DEPTH) {
		err_set("xarray: too many nodes or levels (damaged tree?)");
		return -1;
	}
	if (kernel_read_uint(w->k, node + (uint64_t)w->o_shift, 1, &shift) != 0 ||
	    kernel_read(w->k, node + (uint64_t)w->o_slots, slots, sizeof(slots)) != 0) {
		if (w->lost) {
			++*w->lost;
			return 0;
		}
		err_prefix("xarray node %#" PRIx64, node);
		return -1;
	}
	if (shift % 6 || shift > 60) {
		err_set("xarray node %#" PRIx64 ": bad shift %" PRIu64, node, shift);
		return -1;
	}
	for (int i = 0; i < XA_SLOTS; i++) {
		uint64_t e = slots[i], idx = base + ((uint64_t)i << shift);
		int rc = 0;
		if (!e)
			continue;
		if (xa_node_entry(w, e)) {
			if (shift == 0)
				continue; /* a node below the last level: damaged */
			rc = xa_node(w, e - w->node_tag, idx, depth + 1);
		} else if ((e & 3) != w->node_tag) {
			rc = w->fn(w->arg, idx, e);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* The xarray's layout in this kernel: the head's offset in the root and
 * the node's shift and slots (xarray, or 4.x's radix tree with its node
 * tag 1).  0, or -1 with err_set(). */
static int xa_layout(struct kernel *k, struct xa_walk *w, long *o_head)
{
	*o_head = kernel_offsetof(k, "struct xarray", "xa_head");
	if (*o_head < 0)
		*o_head = kernel_offsetof(k, "struct radix_tree_root", "xa_head");
	w->node_tag = 2;
	w->o_shift = kernel_offsetof(k, "struct xa_node", "shift");
	w->o_slots = kernel_offsetof(k, "struct xa_node", "slots");
	if (*o_head < 0) {
		/* 4.x: radix_tree_root.rnode and radix_tree_node */
		*o_head = kernel_offsetof(k, "struct radix_tree_root", "rnode");
		w->o_shift = kernel_offsetof(k, "struct radix_tree_node", "shift");
		w->o_slots = kernel_offsetof(k, "struct radix_tree_node", "slots");
		w->node_tag = 1;
	}
	if (*o_head < 0 || w->o_shift < 0 || w->o_slots < 0) {
		err_set("kernel has no xarray or radix tree (xa_head/rnode, node shift/slots)");
		return -1;
	}
	return 0;
}

int kwalk_xarray_levels(struct kernel *k, uint64_t xa)
{
	struct xa_walk w = { .k = k };
	long o_head;
	uint64_t head, shift;

	if (xa_layout(k, &w, &o_head) != 0 || kernel_read_u64(k, xa + (uint64_t)o_head, &head) != 0)
		return -1;
	if (!xa_node_entry(&w, head))
		return 1;
	if (kernel_read_uint(k, head - w.node_tag + (uint64_t)w.o_shift, 1, &shift) != 0)
		return -1;
	if (shift % 6 || shift > 60) {
		err_set("xarray node %#" PRIx64 ": bad shift %" PRIu64, head - w.node_tag, shift);
		return -1;
	}
	return (int)(shift / 6) + 1;
}

static int xarray_walk(struct kernel *k, uint64_t xa, kindex_fn fn, void *arg, long *lost)
{
	struct xa_walk w = { .k = k, .fn = fn, .arg = arg, .lost = lost };
	long o_head;
	uint64_t head;

	if (xa_layout(k, &w, &o_head) != 0)
		return -1;
	if (kernel_read_u64(k, xa + (uint64_t)o_head, &head) != 0)
		return -1;
	if (!head)
		return 0;
	if (xa_node_entry(&w, head))
		return xa_node(&w, head - w.node_tag, 0, 0);
	if ((head & 3) == w.node_tag)
		return 0;
	return fn(arg, 0, head);
}

int kwalk_xarray(struct kernel *k, uint64_t xa, kindex_fn fn, void *arg)
{
	return xarray_walk(k, xa, fn, arg, NULL);
}

struct idr_ctx {
	kindex_fn fn;
	void *arg;
	uint64_t base;
};

static int idr_cb(void *arg, uint64_t index, uint64_t entry)
{
	struct idr_ctx *c = arg;
	return c->fn(c->arg, index + c->base, entry);
}

static int idr_walk(struct kernel *k, uint64_t idr, kindex_fn fn, void *arg, long *lost)
{
	long rt = kernel_offsetof(k, "struct idr", "idr_rt");
	long base = kernel_offsetof(k, "struct idr", "idr_base");
	struct idr_ctx c = { .fn = fn, .arg = arg };
	uint64_t b = 0;

	if (rt < 0) {
		err_set("struct idr has no idr_rt in this kernel");
		return -1;
	}
	if (base >= 0 && kernel_read_member(k, idr, "struct idr", "idr_base", &b) == 0)
		c.base = b;
	return xarray_walk(k, idr + (uint64_t)rt, idr_cb, &c, lost);
}

int kwalk_idr(struct kernel *k, uint64_t idr, kindex_fn fn, void *arg)
{
	return idr_walk(k, idr, fn, arg, NULL);
}

int kwalk_idr_partial(struct kernel *k, uint64_t idr, kindex_fn fn, void *arg, long *lost)
{
	long n = 0;
	int rc = idr_walk(k, idr, fn, arg, &n);
	if (lost)
		*lost = n;
	return rc;
}

/* Maple trees (lib/maple_tree.c, include/linux/maple_tree.h).  An entry
 * that points to a node has its low two bits 10 and is above 4096; bits
 * 3..6 hold the node type and the node is 256-byte aligned.  Leaves hold
 * the entries; range nodes hold children.  Slot i covers [previous pivot
 * + 1, pivot[i]], the last used slot runs to the node's max; "end" (the
 * last used slot) is in the node's metadata when the last pivot is 0. */
enum { MT_DENSE, MT_LEAF_64, MT_RANGE_64, MT_ARANGE_64 };
#define MT_NODE_MASK 0xffull
#define MT_ZERO_ENTRY 0x406ull	/* xa_mk_internal(257) */
#define MT_MAX_HEIGHT 31	/* MAPLE_HEIGHT_MAX: a deeper tree loops */

struct mt_layout {
	long node_size;
	long r_pivot, r_slot, r_meta_end, r_npivots;
	long a_pivot, a_slot, a_meta_end, a_npivots;
};

struct mt_walk {
	struct kernel *k;
	uint64_t mt;
	struct mt_layout l;
	krange_fn fn;
	void *arg;
	uint64_t visited;
	uint8_t *buf;		/* one node buffer per level */
};

static int mt_layout(struct kernel *k, struct mt_layout *l)
{
	l->node_size = kernel_sizeof(k, "struct maple_node");
	l->r_pivot = kernel_offsetof(k, "struct maple_range_64", "pivot");
	l->r_slot = kernel_offsetof(k, "struct maple_range_64", "slot");
	l->r_meta_end = kernel_offsetof(k, "struct maple_range_64", "meta.end");
	l->r_npivots = kernel_member_size(k, "struct maple_range_64", "pivot") / 8;
	l->a_pivot = kernel_offsetof(k, "struct maple_arange_64", "pivot");
	l->a_slot = kernel_offsetof(k, "struct maple_arange_64", "slot");
	l->a_meta_end = kernel_offsetof(k, "struct maple_arange_64", "meta.end");
	l->a_npivots = kernel_member_size(k, "struct maple_arange_64", "pivot") / 8;
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
		err_set("maple tree %" PRIx64 ": deeper than %d levels at node %" PRIx64 " (a loop?)",
			w->mt, MT_MAX_HEIGHT, node);
		return -1;
	}
	if (++w->visited > KWALK_MAX_STEPS) {
		err_set("maple tree %" PRIx64 ": more than %u nodes (a loop?)", w->mt,
			KWALK_MAX_STEPS);
		return -1;
	}
	if (kernel_read(w->k, node, b, (size_t)w->l.node_size) != 0) {
		err_prefix("maple tree %" PRIx64, w->mt);
		return -1;
	}
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
		err_set("maple node %" PRIx64 " has type %u, which this code does not read", node,
			type);
		return -1;
	}
	if (end > (unsigned)npiv) {
		err_set("maple node %" PRIx64 ": end %u past its %ld slots", node, end, npiv + 1);
		return -1;
	}
	leaf = type < MT_RANGE_64;
	for (i = 0; i <= end; i++) {
		uint64_t piv = i < end ? get64(b + pivot_off + 8 * i) : max;
		uint64_t slot = get64(b + slot_off + 8 * i);
		if (piv < prev || piv > max) {
			/* Pivots only grow; anything else is a damaged node. */
			err_set("maple node %" PRIx64 ": pivot %u out of order", node, i);
			return -1;
		}
		if (leaf) {
			if (slot && slot != MT_ZERO_ENTRY) {
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

int kwalk_maple(struct kernel *k, uint64_t mt, krange_fn fn, void *arg)
{
	long o_root = kernel_offsetof(k, "struct maple_tree", "ma_root");
	uint64_t root;
	struct mt_walk w = { .k = k, .mt = mt, .fn = fn, .arg = arg };
	int rc;

	if (o_root < 0) {
		err_set("kernel has no struct maple_tree");
		return -1;
	}
	if (kernel_read_u64(k, mt + (uint64_t)o_root, &root) != 0) {
		err_prefix("maple tree %" PRIx64, mt);
		return -1;
	}
	if (!root)
		return 0;
	if ((root & 3) != 2 || root <= 4096)
		/* A tree of one entry keeps it in the root, at index 0. */
		return fn(arg, 0, 0, root);
	if (mt_layout(k, &w.l) < 0)
		return -1;
	w.buf = malloc((size_t)w.l.node_size * MT_MAX_HEIGHT);
	if (!w.buf) {
		err_set("out of memory");
		return -1;
	}
	rc = mt_node(&w, root, 0, UINT64_MAX, 0);
	free(w.buf);
	return rc;
}

int kwalk_cpumask(struct kernel *k, const char *name, int *cpus, int max)
{
	uint64_t a, bits[16];
	int n = 0, ncpus = kernel_nr_cpus(k);
	long sz = kernel_sizeof(k, "struct cpumask");

	/* cpu_online_mask and friends are macros over __cpu_online_mask on
	 * current kernels: the struct cpumask itself is the __ symbol */
	char real[128];
	snprintf(real, sizeof(real), "__%s", name);
	if ((name[0] == '_' || kernel_symbol(k, real, &a) != 0) && kernel_symbol(k, name, &a) != 0) {
		err_set("no cpumask \"%s\" in this kernel", name);
		return -1;
	}
	if (sz <= 0 || sz > (long)sizeof(bits))
		sz = sizeof(bits);
	if (ncpus <= 0 || ncpus > (int)(8 * sz))
		ncpus = (int)(8 * sz);
	if (kernel_read(k, a, bits, (size_t)sz) != 0)
		return -1;
	for (int c = 0; c < ncpus; c++) {
		if (!(bits[c / 64] & (1ull << (c % 64))))
			continue;
		if (n < max)
			cpus[n] = c;
		n++;
	}
	return n;
}
