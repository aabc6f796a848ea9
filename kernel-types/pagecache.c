/* Page cache of an inode; see pagecache.h. */
#include "kernel-types/pagecache.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/vmf_access.h"

int pagecache_nrpages(struct kernel *k, uint64_t mapping, uint64_t *nr)
{
	long o = vmf_offset(k, "struct address_space", "nrpages");
	*nr = 0;
	if (o < 0) {
		err_set("kernel has no address_space.nrpages");
		return -1;
	}
	return vmf_read_u64(k, mapping + o, nr);
}

/* ---- xarray (include/linux/xarray.h) ----
 * An entry with low bits 10 is internal: above 4096 a node pointer (+2),
 * below 256 a sibling of a multi-index entry, 256 retry, 257 zero.  A
 * node holds 64 slots and its shift says how many index bits lie below
 * each slot. */
#define XA_CHUNK_SHIFT 6
#define XA_CHUNK_SIZE 64

struct xa_walk {
	struct kernel *k;
	long n_shift, n_slots;
	int (*fn)(void *arg, uint64_t index, uint64_t entry);
	void *arg;
	unsigned long nodes;
};

static bool xa_is_internal(uint64_t e) { return (e & 3) == 2; }
static bool xa_is_node(uint64_t e) { return xa_is_internal(e) && e > 4096; }

static int xa_node(struct xa_walk *w, uint64_t node, uint64_t base, int depth)
{
	uint8_t shift;
	uint64_t slots[XA_CHUNK_SIZE];
	int i, rc;

	if (depth > 12 || ++w->nodes > (1ul << 24)) {
		err_set("xarray node %#llx: tree too deep or too large", (unsigned long long)node);
		return -1;
	}
	if (vmf_read(w->k, node + w->n_shift, &shift, 1) < 0 ||
	    vmf_read(w->k, node + w->n_slots, slots, sizeof(slots)) < 0)
		return -1;
	if (shift > 64 - XA_CHUNK_SHIFT || shift % XA_CHUNK_SHIFT) {
		err_set("xarray node %#llx: bad shift %u", (unsigned long long)node, shift);
		return -1;
	}
	for (i = 0; i < XA_CHUNK_SIZE; i++) {
		uint64_t e = slots[i], idx = base + ((uint64_t)i << shift);
		if (!e)
			continue;
		if (xa_is_node(e)) {
			if (!shift) {
				err_set("xarray node %#llx: node below a leaf", (unsigned long long)node);
				return -1;
			}
			rc = xa_node(w, e - 2, idx, depth + 1);
		} else if (xa_is_internal(e))
			continue;	/* sibling, retry or zero entry */
		else
			rc = w->fn(w->arg, idx, e);
		if (rc)
			return rc;
	}
	return 0;
}

int pagecache_xa_foreach(struct kernel *k, uint64_t xarray,
			 int (*fn)(void *arg, uint64_t index, uint64_t entry), void *arg)
{
	long o_head = vmf_offset(k, "struct xarray", "xa_head");
	struct xa_walk w = { .k = k, .fn = fn, .arg = arg };
	uint64_t head;

	w.n_shift = vmf_offset(k, "struct xa_node", "shift");
	w.n_slots = vmf_offset(k, "struct xa_node", "slots");
	if (o_head < 0 || w.n_shift < 0 || w.n_slots < 0) {
		err_set("kernel has no xarray layout this code knows");
		return -1;
	}
	if (vmf_read_u64(k, xarray + o_head, &head) < 0)
		return -1;
	if (!head)
		return 0;
	if (xa_is_node(head))
		return xa_node(&w, head - 2, 0, 0);
	if (xa_is_internal(head))
		return 0;
	return fn(arg, 0, head);
}

struct pc_walk {
	int (*fn)(void *arg, uint64_t index, uint64_t page);
	void *arg;
};

static int pc_entry(void *arg, uint64_t index, uint64_t e)
{
	struct pc_walk *p = arg;
	if (e & 1)
		return 0;	/* a value entry: shadow of an evicted page */
	return p->fn(p->arg, index, e);
}

int pagecache_foreach(struct kernel *k, uint64_t mapping,
		      int (*fn)(void *arg, uint64_t index, uint64_t page), void *arg)
{
	long o = vmf_offset(k, "struct address_space", "i_pages");
	struct pc_walk p = { fn, arg };
	if (o < 0) {
		err_set("kernel has no address_space.i_pages");
		return -1;
	}
	return pagecache_xa_foreach(k, mapping + o, pc_entry, &p);
}

/* ---- struct page ---- */

int pagecache_page_paddr(struct kernel *k, uint64_t page, uint64_t *paddr)
{
	uint64_t sym, base = 0;
	long sz = vmf_sizeof(k, "struct page");
	/* x86_64 keeps the (randomized) start of the vmemmap array in
	 * vmemmap_base; without it the fixed 4-level default applies. */
	if (vmf_symbol(k, "vmemmap_base", &sym) == 0)
		vmf_read_u64(k, sym, &base);
	if (!base)
		base = 0xffffea0000000000ull;
	if (sz <= 0 || page < base) {
		err_set("%#llx is not a struct page address", (unsigned long long)page);
		return -1;
	}
	*paddr = (page - base) / (uint64_t)sz * vmf_page_size(k);
	return 0;
}

/* Names of page flags, looked up in enum pageflags; where two names share
 * a bit (PG_owner_priv_1/PG_checked...) the first one listed wins. */
static const char *const pg_names[] = {
	"PG_locked", "PG_writeback", "PG_referenced", "PG_uptodate", "PG_dirty", "PG_lru",
	"PG_head", "PG_waiters", "PG_active", "PG_workingset", "PG_error", "PG_slab",
	"PG_owner_priv_1", "PG_arch_1", "PG_reserved", "PG_private", "PG_private_2",
	"PG_mappedtodisk", "PG_reclaim", "PG_swapbacked", "PG_unevictable", "PG_dropbehind",
	"PG_mlocked", "PG_uncached", "PG_hwpoison", "PG_young", "PG_idle", "PG_arch_2",
	"PG_arch_3", "PG_large_rmappable", "PG_anon_exclusive", "PG_owner_2",
};

int pagecache_page_info(struct kernel *k, uint64_t page, struct pagecache_page *pg)
{
	long o_flags = vmf_offset(k, "struct page", "flags");
	long o_map = vmf_offset(k, "struct page", "mapping");
	long o_idx = vmf_offset(k, "struct page", "index");
	long o_ref = vmf_offset(k, "struct page", "_refcount");
	int64_t nr = 64, v;
	uint32_t ref = 0;
	size_t i, n = 0;

	memset(pg, 0, sizeof(*pg));
	if (o_flags < 0 || o_map < 0) {
		err_set("kernel has no struct page layout this code knows");
		return -1;
	}
	if (pagecache_page_paddr(k, page, &pg->paddr) < 0 ||
	    vmf_read_u64(k, page + o_flags, &pg->flags) < 0 ||
	    vmf_read_u64(k, page + o_map, &pg->mapping) < 0)
		return -1;
	if (o_idx >= 0)
		vmf_read_u64(k, page + o_idx, &pg->index);
	if (o_ref >= 0 && vmf_read_u32(k, page + o_ref, &ref) == 0)
		pg->count = (int)(int32_t)ref;
	if (vmf_enum_value(k, "__NR_PAGEFLAGS", &nr) < 0 || nr > 64)
		nr = 64;
	const char *bitname[64] = { 0 };
	for (i = 0; i < sizeof(pg_names) / sizeof(pg_names[0]); i++)
		if (vmf_enum_value(k, pg_names[i], &v) == 0 && v >= 0 && v < nr && !bitname[v])
			bitname[v] = pg_names[i] + 3;
	for (i = 0; i < (size_t)nr; i++) {
		int w;
		if (!(pg->flags & (1ull << i)) || !bitname[i])
			continue;
		w = snprintf(pg->flag_names + n, sizeof(pg->flag_names) - n, "%s%s", n ? "," : "",
			     bitname[i]);
		if (w < 0 || (size_t)w >= sizeof(pg->flag_names) - n)
			break;
		n += (size_t)w;
	}
	return 0;
}
