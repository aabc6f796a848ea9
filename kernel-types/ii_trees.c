/* xarray and maple tree walks; see ii_trees.h. */
#include "kernel-types/ii_trees.h"

#include <stdbool.h>
#include <stdlib.h>

#include "common/err.h"
#include "kernel-types/ipcirq_access.h"

/* Entries with the low two bits 10 are internal: above 4096 they point to
 * a node (address + 2), below are sibling/retry markers. */
static bool xa_is_node(uint64_t e) { return (e & 3) == 2 && e > 4096; }
static bool xa_is_internal(uint64_t e) { return (e & 3) == 2; }

#define XA_SLOTS 64
#define MAX_NODES 100000 /* far more than any IPC or irq tree */

struct xa_ctx {
	struct kernel *k;
	long o_shift, o_slots;
	uint64_t node_tag;	/* 2 for the xarray, 1 for the 4.x radix tree */
	unsigned nodes;
	ii_tree_cb cb;
	void *arg;
	long *lost;		/* partial walk: unreadable nodes, skipped */
};

/* Before 4.20 the radix tree tagged its internal entries with 01. */
static bool tagged_node(const struct xa_ctx *c, uint64_t e) { return (e & 3) == c->node_tag && e > 4096; }
static bool tagged_internal(const struct xa_ctx *c, uint64_t e) { return (e & 3) == c->node_tag; }

static int xa_node(struct xa_ctx *c, uint64_t node, uint64_t base, int depth)
{
	uint64_t shift, slots[XA_SLOTS];
	if (++c->nodes > MAX_NODES || depth > 11) {
		err_set("xarray: too many nodes or levels (damaged tree?)");
		return -1;
	}
	if (ii_read_uint(c->k, node + (uint64_t)c->o_shift, 1, &shift) < 0 ||
	    ii_read(c->k, node + (uint64_t)c->o_slots, slots, sizeof slots) < 0) {
		if (c->lost) {
			++*c->lost;
			return 0;
		}
		err_prefix("xarray node %#llx", (unsigned long long)node);
		return -1;
	}
	if (shift % 6 || shift > 60) {
		err_set("xarray node %#llx: bad shift %llu", (unsigned long long)node, (unsigned long long)shift);
		return -1;
	}
	for (int i = 0; i < XA_SLOTS; i++) {
		uint64_t e = slots[i], idx = base + ((uint64_t)i << shift);
		int r = 0;
		if (!e)
			continue;
		if (tagged_node(c, e)) {
			if (shift == 0)
				continue; /* a node below the last level: damaged */
			r = xa_node(c, e - c->node_tag, idx, depth + 1);
		} else if (!tagged_internal(c, e)) {
			r = c->cb(c->arg, idx, e);
		}
		if (r)
			return r;
	}
	return 0;
}

static int xarray_walk(struct kernel *k, uint64_t root, ii_tree_cb cb, void *arg, long *lost)
{
	struct xa_ctx c = { .k = k, .cb = cb, .arg = arg, .node_tag = 2, .lost = lost };
	long o_head = ii_offset(k, "struct xarray", "xa_head");
	if (o_head < 0)
		o_head = ii_offset(k, "struct radix_tree_root", "xa_head");
	c.o_shift = ii_offset(k, "struct xa_node", "shift");
	c.o_slots = ii_offset(k, "struct xa_node", "slots");
	if (o_head < 0) {
		/* 4.x: radix_tree_root.rnode and radix_tree_node. */
		o_head = ii_offset(k, "struct radix_tree_root", "rnode");
		c.o_shift = ii_offset(k, "struct radix_tree_node", "shift");
		c.o_slots = ii_offset(k, "struct radix_tree_node", "slots");
		c.node_tag = 1;
	}
	if (o_head < 0 || c.o_shift < 0 || c.o_slots < 0) {
		err_set("kernel has no xarray or radix tree (xa_head/rnode, node shift/slots)");
		return -1;
	}
	uint64_t head;
	if (ii_read_u64(k, root + (uint64_t)o_head, &head) < 0)
		return -1;
	if (!head)
		return 0;
	if (tagged_node(&c, head))
		return xa_node(&c, head - c.node_tag, 0, 0);
	if (tagged_internal(&c, head))
		return 0;
	return cb(arg, 0, head);
}

int ii_xarray_walk(struct kernel *k, uint64_t root, ii_tree_cb cb, void *arg)
{
	return xarray_walk(k, root, cb, arg, NULL);
}

int ii_xarray_walk_partial(struct kernel *k, uint64_t root, ii_tree_cb cb, void *arg, long *lost)
{
	return xarray_walk(k, root, cb, arg, lost);
}

/* Maple tree: a node entry carries the node type in bits 3..6 and the
 * node (256-byte aligned) in the rest; the root entry also has bit 1 set
 * (an xarray-style internal entry). */
enum { MAPLE_DENSE, MAPLE_LEAF_64, MAPLE_RANGE_64, MAPLE_ARANGE_64 };

struct mt_ctx {
	struct kernel *k;
	long r_piv, r_slot, a_piv, a_slot;
	int r_n, a_n;	/* slots per node of each kind */
	unsigned nodes;
	ii_tree_cb cb;
	void *arg;
};

static int mt_node(struct mt_ctx *c, uint64_t enode, uint64_t min, uint64_t max, int depth)
{
	uint64_t node = enode & ~0xffull;
	unsigned type = (unsigned)(enode >> 3) & 0xf;
	uint64_t piv[16] = { 0 }, slot[16] = { 0 };
	int n;
	long po, so;
	if (++c->nodes > MAX_NODES || depth > 32) {
		err_set("maple tree: too many nodes or levels (damaged tree?)");
		return -1;
	}
	switch (type) {
	case MAPLE_LEAF_64:
	case MAPLE_RANGE_64: n = c->r_n; po = c->r_piv; so = c->r_slot; break;
	case MAPLE_ARANGE_64: n = c->a_n; po = c->a_piv; so = c->a_slot; break;
	default:
		err_set("maple node %#llx: unsupported type %u", (unsigned long long)node, type);
		return -1;
	}
	if (ii_read(c->k, node + (uint64_t)po, piv, 8 * (size_t)(n - 1)) < 0 ||
	    ii_read(c->k, node + (uint64_t)so, slot, 8 * (size_t)n) < 0) {
		err_prefix("maple node %#llx", (unsigned long long)node);
		return -1;
	}
	bool leaf = type == MAPLE_LEAF_64;
	uint64_t lo = min;
	for (int i = 0; i < n; i++) {
		/* Pivots past the data end are 0 (the last slot's pivot is the
		 * node's max); the slot after them may hold metadata. */
		uint64_t hi = i < n - 1 ? piv[i] : max;
		if (i > 0 && hi == 0)
			break;
		if (hi < lo || hi > max)
			break;
		uint64_t e = slot[i];
		int r = 0;
		if (e) {
			if (!leaf)
				r = mt_node(c, e, lo, hi, depth + 1); /* children: node|type<<3|4 */
			else if (!xa_is_internal(e))
				r = c->cb(c->arg, lo, e);
		}
		if (r)
			return r;
		if (hi >= max)
			break;
		lo = hi + 1;
	}
	return 0;
}

int ii_maple_walk(struct kernel *k, uint64_t root, ii_tree_cb cb, void *arg)
{
	struct mt_ctx c = { .k = k, .cb = cb, .arg = arg };
	long o_root = ii_offset(k, "struct maple_tree", "ma_root");
	c.r_piv = ii_offset(k, "struct maple_range_64", "pivot");
	c.r_slot = ii_offset(k, "struct maple_range_64", "slot");
	c.a_piv = ii_offset(k, "struct maple_arange_64", "pivot");
	c.a_slot = ii_offset(k, "struct maple_arange_64", "slot");
	long rs = ii_member_size(k, "struct maple_range_64", "slot");
	long as = ii_member_size(k, "struct maple_arange_64", "slot");
	if (o_root < 0 || c.r_piv < 0 || c.r_slot < 0 || c.a_piv < 0 || c.a_slot < 0) {
		err_set("kernel has no maple tree");
		return -1;
	}
	/* 16 and 10 slots on 64-bit kernels. */
	c.r_n = rs > 0 && rs / 8 <= 16 ? (int)(rs / 8) : 16;
	c.a_n = as > 0 && as / 8 <= 16 ? (int)(as / 8) : 10;
	uint64_t e;
	if (ii_read_u64(k, root + (uint64_t)o_root, &e) < 0)
		return -1;
	if (!e)
		return 0;
	if (xa_is_node(e))
		return mt_node(&c, e, 0, UINT64_MAX, 0);
	if (xa_is_internal(e))
		return 0;
	return cb(arg, 0, e);
}
