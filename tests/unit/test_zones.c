/* Zones, their free lists, the VM counters and the huge page pools
 * (kernel-types/linux/zones.c, vmstat.c, hugetlb.c) on the test seam: the
 * real walkers, through kernel_open(), on the "zones" test kernel
 * (tests/unit/kernels/zones.c).  A node's zones with their sizes,
 * watermarks and free counts; the blocks on each free list, a damaged
 * list that loops ending its walk with an error (and the other lists
 * still walked); the global and per-zone counters by their enumerators
 * (the alias named last), the event counters summed over CPUs; the
 * hstates. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/linux/linux.h"
#include "kernels/zones.h"
#include "testkernel.h"
#include "tkstart.h"

struct zones_seen {
	struct kzone_info z[4];
	int n;
};

static int zone_cb(void *arg, const struct kzone_info *z)
{
	struct zones_seen *s = arg;
	if (s->n < 4)
		s->z[s->n] = *z;
	s->n++;
	return 0;
}

struct lists_seen {
	uint64_t blocks[2][TK_NR_ORDERS][TK_MIGRATE_TYPES];
	int rc[2][TK_NR_ORDERS][TK_MIGRATE_TYPES];
	uint64_t pages[8];
	int npages, nlists, zone;
};

static int list_cb(void *arg, const struct kfree_list *l)
{
	struct lists_seen *s = arg;
	s->nlists++;
	if (l->order < TK_NR_ORDERS && l->migratetype < TK_MIGRATE_TYPES) {
		s->blocks[s->zone][l->order][l->migratetype] = l->blocks;
		s->rc[s->zone][l->order][l->migratetype] = l->rc;
	}
	return 0;
}

static int page_cb(void *arg, const struct kfree_list *l, uint64_t page)
{
	struct lists_seen *s = arg;
	(void)l;
	if (s->npages < 8)
		s->pages[s->npages] = page;
	s->npages++;
	return 0;
}

static int64_t item(const struct vmstat_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].name, name))
			return set->items[i].rc ? -1000 : set->items[i].value;
	return -2000;
}

struct hs_seen {
	struct hstate_info h[4];
	int n;
};

static int hs_cb(void *arg, const struct hstate_info *h)
{
	struct hs_seen *s = arg;
	if (s->n < 4)
		s->h[s->n] = *h;
	s->n++;
	return 0;
}

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("zones", o, what, &k);
	if (!tk)
		return;

	struct zones_seen zs = { 0 };
	CHECK(zone_foreach(k, zone_cb, &zs) == 2 && zs.n == 2, "%s: two zones of node 0 (%d)", what,
	      zs.n);
	const struct kzone_info *dma = &zs.z[0], *normal = &zs.z[1];
	CHECK(!strcmp(dma->name, "DMA") && dma->spanned == 4095 && dma->present == 3998 &&
		      dma->managed == 3900 && dma->start_pfn == 1 && dma->node_start_pfn == 1,
	      "%s: DMA's name, sizes and start", what);
	CHECK(dma->wmark[0] == 10 && dma->wmark[1] == 20 && dma->wmark[2] == 30 &&
		      dma->free_pages == 6,
	      "%s: DMA's watermarks and vm_stat[NR_FREE_PAGES]", what);
	CHECK(dma->nr_orders == TK_NR_ORDERS && dma->nr_migratetypes == TK_MIGRATE_TYPES,
	      "%s: free_area[%d].free_list[%d] sized from the types", what, dma->nr_orders,
	      dma->nr_migratetypes);
	CHECK(!strcmp(normal->name, "Normal") && normal->spanned == 0 && normal->index == 1,
	      "%s: an empty zone is still listed", what);

	struct lists_seen ls = { 0 };
	CHECK(zone_free_lists(k, dma, list_cb, page_cb, &ls) == 0 &&
		      ls.nlists == TK_NR_ORDERS * TK_MIGRATE_TYPES,
	      "%s: DMA: every list of every order", what);
	CHECK(ls.blocks[0][0][1] == 2 && ls.blocks[0][2][0] == 1 && ls.blocks[0][0][0] == 0 &&
		      ls.blocks[0][1][1] == 0,
	      "%s: DMA: blocks counted on each list", what);
	CHECK(ls.npages == 3 && ls.pages[0] == tk_symbol(tk, "pg_a") &&
		      ls.pages[1] == tk_symbol(tk, "pg_b") && ls.pages[2] == tk_symbol(tk, "pg_c"),
	      "%s: DMA: each block's first struct page, in list order", what);
	ls.zone = 1;
	ls.nlists = 0;
	CHECK(zone_free_lists(k, normal, list_cb, NULL, &ls) == 0 &&
		      ls.nlists == TK_NR_ORDERS * TK_MIGRATE_TYPES,
	      "%s: Normal: a damaged list does not stop the walk of the others", what);
	CHECK(ls.rc[1][1][0] != 0 && ls.rc[1][0][0] == 0 && ls.rc[1][1][1] == 0,
	      "%s: Normal: the looping list ends with an error (%s)", what, err_get());

	struct vmstat_set vs;
	CHECK(vmstat_global(k, VMSTAT_ZONE, &vs) == 0 && vs.n == 3 &&
		      item(&vs, "NR_FREE_PAGES") == 6 && item(&vs, "NR_ZONE_INACTIVE_ANON") == 7 &&
		      item(&vs, "NR_ZONE_LRU_BASE") == -2000 && item(&vs, "NR_ZONE_ACTIVE_ANON") == 8,
	      "%s: vm_zone_stat by name, the alias named last", what);
	vmstat_free(&vs);
	CHECK(vmstat_global(k, VMSTAT_NODE, &vs) == 0 && vs.n == 2 &&
		      item(&vs, "NR_FILE_PAGES") == 100 && item(&vs, "NR_SHMEM") == 5,
	      "%s: vm_node_stat", what);
	vmstat_free(&vs);
	CHECK(vmstat_global(k, VMSTAT_EVENT, &vs) == 0 && vs.n == 2 &&
		      item(&vs, "PGPGIN") == 1 + (o->ncpus > 1 ? 2 : 0) &&
		      item(&vs, "PGFAULT") == 10 + (o->ncpus > 1 ? 20 : 0),
	      "%s: vm_event_states summed over %d CPUs", what, o->ncpus);
	vmstat_free(&vs);
	CHECK(vmstat_global(k, VMSTAT_NUMA, &vs) == 1, "%s: no NUMA counters: 1", what);
	CHECK(vmstat_zone(k, dma->zone, &vs) == 0 && item(&vs, "NR_FREE_PAGES") == 6 &&
		      item(&vs, "NR_ZONE_ACTIVE_ANON") == 8,
	      "%s: a zone's vm_stat", what);
	vmstat_free(&vs);

	struct hs_seen hs = { 0 };
	CHECK(hstate_foreach(k, hs_cb, &hs) == 2 && hs.h[0].order == 9 && hs.h[0].nr == 5 &&
		      hs.h[0].nr_free == 3 && !strcmp(hs.h[0].name, "hugepages-2048kB") &&
		      hs.h[1].order == 18 && hs.h[1].nr == 0,
	      "%s: the hstates with their counts and names", what);

	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 2 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 1, .kaslr = 0x1c800000, .phys_base = 0x7e000000,
				 .page_offset = 0xffff9a4000000000ull, .format = TK_KDUMP };
	run("kaslr+kdump", &kaslr);
	CHECK_DONE();
}
