/* Nodes, zones and their free lists; see zones.h. */
#include "kernel-types/linux/zones.h"

#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/page.h"
#include "kernel-types/types.h"
#include "kernel-types/walk.h"

/* Orders and migratetypes of a free_area taken at most (MAX_ORDER is 11
 * to 13, MIGRATE_TYPES about 6): a damaged type cannot make more. */
#define MAX_ORDERS 64
#define MAX_MIGRATETYPES 16

static uint64_t member_u64(struct kernel *k, uint64_t addr, const char *type, const char *m)
{
	uint64_t v = 0;
	kernel_read_member(k, addr, type, m, &v);
	return v;
}

static int node_read(struct kernel *k, int id, uint64_t pgdat, struct knode_info *n)
{
	const char *pg = "struct pglist_data";
	int64_t nz = -1;
	memset(n, 0, sizeof(*n));
	n->id = id;
	n->pgdat = pgdat;
	n->start_pfn = member_u64(k, pgdat, pg, "node_start_pfn");
	n->spanned = member_u64(k, pgdat, pg, "node_spanned_pages");
	n->present = member_u64(k, pgdat, pg, "node_present_pages");
	long off = kernel_offsetof(k, pg, "node_zones");
	n->zone_size = kernel_sizeof(k, "struct zone");
	if (off < 0 || n->zone_size <= 0) {
		err_set("no struct pglist_data.node_zones in the kernel's types");
		return -1;
	}
	n->zones = pgdat + (uint64_t)off;
	long all = kernel_member_size(k, pg, "node_zones");
	if (kernel_enum_value(k, "__MAX_NR_ZONES", &nz) != 0 || nz <= 0)
		nz = all > 0 ? all / n->zone_size : 0;
	if (all > 0 && nz > all / n->zone_size)
		nz = all / n->zone_size;
	n->nr_zones = (int)nz;
	return 0;
}

int node_foreach(struct kernel *k, int (*cb)(void *arg, const struct knode_info *n), void *arg)
{
	struct knode_info n;
	uint64_t a, nd;
	int count = 0;

	if (kernel_symbol(k, "node_data", &a) == 0) {
		/* NUMA: node_data[MAX_NUMNODES], a pointer per node id */
		uint64_t nids = 0, nidp;
		struct kqtype qt;
		long len;
		if (kernel_symbol(k, "nr_node_ids", &nidp) == 0)
			kernel_read_uint(k, nidp, 4, &nids);
		if (!nids || nids > ZONES_MAX_NODES)
			nids = ZONES_MAX_NODES;
		/* never past the array (MAX_NUMNODES entries) */
		if (ktype_of_symbol(k, "node_data", &qt) == 0 && qt.type &&
		    ktype_kind(ktype_strip(qt.type)) == KT_ARRAY &&
		    (len = ktype_length(ktype_strip(qt.type))) > 0 && (uint64_t)len < nids)
			nids = (uint64_t)len;
		for (uint64_t i = 0; i < nids; i++) {
			int rc = kernel_read_u64(k, a + 8 * i, &nd);
			if (rc != 0) {
				if (!count)
					return rc;
				break;
			}
			if (!nd)
				continue;
			if (!arch_is_kvaddr(kernel_arch(k), nd)) {
				err_set("node_data[%" PRIu64 "] is %#" PRIx64 ", no kernel address", i, nd);
				return -1;
			}
			if (node_read(k, (int)i, nd, &n) != 0)
				return -1;
			count++;
			if (cb && cb(arg, &n))
				break;
		}
		return count;
	}
	if (kernel_symbol(k, "contig_page_data", &a) == 0) {
		if (node_read(k, 0, a, &n) != 0)
			return -1;
		if (cb)
			cb(arg, &n);
		return 1;
	}
	err_set("the kernel has neither node_data nor contig_page_data");
	return -1;
}

static int zone_read(struct kernel *k, const struct knode_info *n, int i, struct kzone_info *z)
{
	const char *zt = "struct zone";
	uint64_t np = 0;
	int64_t nfp = 0;
	long wo;

	memset(z, 0, sizeof(*z));
	z->node = n->id;
	z->index = i;
	z->node_start_pfn = n->start_pfn;
	z->zone = n->zones + (uint64_t)i * (uint64_t)n->zone_size;
	if (kernel_read_member(k, z->zone, zt, "name", &np) != 0 || !np ||
	    kernel_read_string(k, np, z->name, sizeof(z->name)) < 0)
		strcpy(z->name, "?");
	z->start_pfn = member_u64(k, z->zone, zt, "zone_start_pfn");
	z->spanned = member_u64(k, z->zone, zt, "spanned_pages");
	z->present = member_u64(k, z->zone, zt, "present_pages");
	if (kernel_read_member(k, z->zone, zt, "managed_pages.counter", &z->managed) != 0)
		z->managed = member_u64(k, z->zone, zt, "managed_pages");
	/* _watermark[] (5.0+) or watermark[] */
	if ((wo = kernel_offsetof(k, zt, "_watermark")) < 0)
		wo = kernel_offsetof(k, zt, "watermark");
	for (int w = 0; w < 3 && wo >= 0; w++)
		kernel_read_u64(k, z->zone + (uint64_t)wo + 8u * (uint64_t)w, &z->wmark[w]);
	long vo = kernel_offsetof(k, zt, "vm_stat");
	if (vo >= 0 && kernel_enum_value(k, "NR_FREE_PAGES", &nfp) == 0 && nfp >= 0) {
		uint64_t v = 0;
		kernel_read_u64(k, z->zone + (uint64_t)vo + 8u * (uint64_t)nfp, &v);
		z->free_pages = (int64_t)v < 0 ? 0 : v;
	}
	long fa = kernel_member_size(k, zt, "free_area");
	long fas = kernel_sizeof(k, "struct free_area");
	long fl = kernel_member_size(k, "struct free_area", "free_list");
	long lh = kernel_sizeof(k, "struct list_head");
	z->nr_orders = fa > 0 && fas > 0 ? (int)(fa / fas) : 0;
	z->nr_migratetypes = fl > 0 && lh > 0 ? (int)(fl / lh) : 0;
	if (z->nr_orders > MAX_ORDERS)
		z->nr_orders = MAX_ORDERS;
	if (z->nr_migratetypes > MAX_MIGRATETYPES)
		z->nr_migratetypes = MAX_MIGRATETYPES;
	return 0;
}

struct zone_each {
	struct kernel *k;
	int (*cb)(void *arg, const struct kzone_info *z);
	void *arg;
	int count, stop;
};

static int zone_each_node(void *arg, const struct knode_info *n)
{
	struct zone_each *e = arg;
	struct kzone_info z;
	for (int i = 0; i < n->nr_zones; i++) {
		zone_read(e->k, n, i, &z);
		e->count++;
		if (e->cb && (e->stop = e->cb(e->arg, &z)))
			return 1;
	}
	return 0;
}

int zone_foreach(struct kernel *k, int (*cb)(void *arg, const struct kzone_info *z), void *arg)
{
	struct zone_each e = { k, cb, arg, 0, 0 };
	if (node_foreach(k, zone_each_node, &e) < 0)
		return -1;
	return e.count;
}

struct list_walk {
	struct kernel *k;
	struct kfree_list *l;
	int (*page_cb)(void *arg, const struct kfree_list *l, uint64_t page);
	void *arg;
	int stop;
};

static int free_block(void *arg, uint64_t page)
{
	struct list_walk *w = arg;
	w->l->blocks++;
	if (w->page_cb && (w->stop = w->page_cb(w->arg, w->l, page)))
		return 1;
	return 0;
}

/* Offset of the buddy allocator's link in struct page: buddy_list (6.1+,
 * a union with lru) or lru. */
static long buddy_link(struct kernel *k)
{
	long o = kernel_offsetof(k, "struct page", "buddy_list");
	return o >= 0 ? o : kernel_offsetof(k, "struct page", "lru");
}

int zone_free_lists(struct kernel *k, const struct kzone_info *z,
		    int (*cb)(void *arg, const struct kfree_list *l),
		    int (*page_cb)(void *arg, const struct kfree_list *l, uint64_t page),
		    void *arg)
{
	long fa = kernel_offsetof(k, "struct zone", "free_area");
	long fas = kernel_sizeof(k, "struct free_area");
	long flo = kernel_offsetof(k, "struct free_area", "free_list");
	long nfo = kernel_offsetof(k, "struct free_area", "nr_free");
	long lh = kernel_sizeof(k, "struct list_head");
	long link = buddy_link(k);
	if (fa < 0 || fas <= 0 || flo < 0 || lh <= 0 || link < 0) {
		err_set("no struct zone.free_area or struct free_area.free_list in the kernel's types");
		return -1;
	}
	for (int o = 0; o < z->nr_orders; o++) {
		uint64_t area = z->zone + (uint64_t)fa + (uint64_t)o * (uint64_t)fas;
		uint64_t nr = 0;
		if (nfo >= 0)
			kernel_read_u64(k, area + (uint64_t)nfo, &nr);
		for (int m = 0; m < z->nr_migratetypes; m++) {
			struct kfree_list l = { .order = o, .migratetype = m, .nr_free = nr };
			struct list_walk w = { k, &l, page_cb, arg, 0 };
			l.head = area + (uint64_t)flo + (uint64_t)m * (uint64_t)lh;
			err_clear();
			if (kwalk_list(k, l.head, link, false, free_block, &w) < 0)
				l.rc = -1;
			if (w.stop)
				return 0;
			if (cb && cb(arg, &l))
				return 0;
		}
	}
	return 0;
}

struct pfn_find {
	struct kernel *k;
	uint64_t pfn, head;
	struct kfree_list list;
	int found;
};

static int pfn_block(void *arg, const struct kfree_list *l, uint64_t page)
{
	struct pfn_find *f = arg;
	uint64_t p;
	if (page_pfn(f->k, page, &p) != 0 || l->order >= 64)
		return 0;
	if (f->pfn >= p && f->pfn - p < (1ull << l->order)) {
		f->head = page;
		f->list = *l;
		f->found = 1;
		return 1;
	}
	return 0;
}

struct pfn_zone {
	struct kernel *k;
	uint64_t pfn;
	struct kzone_info *out;
	int found;
};

static int pfn_zone_cb(void *arg, const struct kzone_info *z)
{
	struct pfn_zone *pz = arg;
	if (z->spanned && pz->pfn >= z->start_pfn && pz->pfn - z->start_pfn < z->spanned) {
		*pz->out = *z;
		pz->found = 1;
		return 1;
	}
	return 0;
}

int zone_pfn_free(struct kernel *k, uint64_t pfn, struct kfree_list *list, uint64_t *head,
		  struct kzone_info *zone)
{
	struct pfn_zone pz = { k, pfn, zone, 0 };
	struct pfn_find f = { .k = k, .pfn = pfn };
	if (zone_foreach(k, pfn_zone_cb, &pz) < 0)
		return -1;
	if (!pz.found)
		return 0;
	if (zone_free_lists(k, zone, NULL, pfn_block, &f) != 0)
		return -1;
	if (f.found) {
		*head = f.head;
		*list = f.list;
	}
	return f.found;
}
