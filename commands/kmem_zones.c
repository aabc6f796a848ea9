/* kmem -z (each zone's counters), -f/-F (the buddy free lists), -f ADDR
 * (the free block a page is in), -n (nodes, zones and memory sections),
 * in crash's layouts. */
#include <inttypes.h>
#include <string.h>

#include "kmem.h"

void kmem_center(FILE *out, int w, const char *s)
{
	int len = (int)strlen(s), left = w > len ? (w - len) / 2 : 0;
	int right = w > len ? w - len - left : 0;
	fprintf(out, "%*s%s%*s", left, "", s, right, "");
}

/* ---------------------------------------------------------------- -z */

static int zone_stats_one(void *arg, const struct kzone_info *z)
{
	struct kmem *m = arg;
	struct vmstat_set vs;
	size_t w = 0;

	if (crash_interrupted())
		return 1;
	fprintf(m->out, "NODE: %d  ZONE: %d  ADDR: %" PRIx64 "  NAME: \"%s\"\n", z->node, z->index,
		z->zone, z->name);
	if (!z->present) {
		fprintf(m->out, "  [unpopulated]\n\n");
		return 0;
	}
	fprintf(m->out, "  SIZE: %" PRIu64, z->spanned);
	if (z->present != z->spanned)
		fprintf(m->out, "  PRESENT: %" PRIu64, z->present);
	fprintf(m->out, "  MIN/LOW/HIGH: %" PRIu64 "/%" PRIu64 "/%" PRIu64 "\n", z->wmark[0],
		z->wmark[1], z->wmark[2]);
	if (vmstat_zone(m->k, z->zone, &vs) == 0) {
		fprintf(m->out, "  VM_STAT:\n");
		for (size_t i = 0; i < vs.n; i++)
			if (strlen(vs.items[i].name) > w)
				w = strlen(vs.items[i].name);
		for (size_t i = 0; i < vs.n; i++)
			fprintf(m->out, "%*s: %" PRId64 "\n", (int)w, vs.items[i].name,
				vs.items[i].value);
		vmstat_free(&vs);
	}
	fprintf(m->out, "\n\n");
	return 0;
}

int kmem_zone_stats(struct kmem *m)
{
	if (zone_foreach(m->k, zone_stats_one, m) < 0)
		return crash_error(m->s, "%s", err_get());
	if (crash_interrupted())
		return crash_error(m->s, "interrupted");
	return 0;
}

/* ------------------------------------------------------------ -f, -F */

static void free_zone_header(struct kmem *m, const struct kzone_info *z)
{
	char b[32];
	uint64_t mm = 0;
	if (z->spanned && page_of_pfn(m->k, z->start_pfn, &mm) != 0)
		mm = 0;
	fprintf(m->out, "ZONE  NAME        SIZE    FREE      MEM_MAP       START_PADDR  START_MAPNR\n");
	fprintf(m->out, "%3d   %-9s%7" PRIu64 " %7" PRIu64 "  ", z->index, z->name, z->spanned,
		z->free_pages);
	snprintf(b, sizeof(b), "%" PRIx64, mm);
	kmem_center(m->out, 16, b);
	fputc(' ', m->out);
	snprintf(b, sizeof(b), "%" PRIx64, z->spanned ? z->start_pfn * m->page_size : 0);
	kmem_center(m->out, 14, b);
	fputc(' ', m->out);
	snprintf(b, sizeof(b), "%" PRIu64, z->spanned ? z->start_pfn - z->node_start_pfn : 0);
	kmem_center(m->out, 10, b);
	fputc('\n', m->out);
}

static void area_size(struct kmem *m, int order, char *b, size_t len)
{
	snprintf(b, len, "%" PRIu64 "k", (m->page_size << order) / 1024);
}

struct free_ctx {
	struct kmem *m;
	bool every_page;
	bool numa;
	uint64_t zone_pages, total;
	int last_node;
};

static int free_list_row(void *arg, const struct kfree_list *l)
{
	struct free_ctx *x = arg;
	char sz[24];
	if (crash_interrupted())
		return 1;
	if (l->rc)
		crash_warn(x->m->s, "free list %" PRIx64 ": %s", l->head, err_get());
	if (x->every_page)
		return 0;	/* printed with its pages, before them */
	area_size(x->m, l->order, sz, sizeof(sz));
	fprintf(x->m->out, "%3d  %7s  %16" PRIx64 "  %6" PRIu64 " %6" PRIu64 "\n", l->order, sz,
		l->head, l->blocks, l->blocks << l->order);
	x->total += l->blocks << l->order;
	return 0;
}

/* -F: each list's row (crash's, without counts), then its blocks' first
 * pages; a list's row comes before its pages, so it is printed with the
 * first of them, or after the walk for an empty list. */
struct page_list_ctx {
	struct free_ctx *x;
	uint64_t head;		/* the list whose row is out */
};

static void page_list_head(struct page_list_ctx *p, const struct kfree_list *l)
{
	char sz[24];
	if (p->head == l->head)
		return;
	p->head = l->head;
	area_size(p->x->m, l->order, sz, sizeof(sz));
	fprintf(p->x->m->out, "AREA    SIZE  FREE_AREA_STRUCT\n");
	fprintf(p->x->m->out, "%3d  %7s  %16" PRIx64 "  \n", l->order, sz, l->head);
}

static int free_page_line(void *arg, const struct kfree_list *l, uint64_t page)
{
	struct page_list_ctx *p = arg;
	if (crash_interrupted())
		return 1;
	page_list_head(p, l);
	fprintf(p->x->m->out, "%" PRIx64 "\n", page);
	p->x->total += 1ull << l->order;
	return 0;
}

static int page_list_row(void *arg, const struct kfree_list *l)
{
	struct page_list_ctx *p = arg;
	page_list_head(p, l);
	return free_list_row(p->x, l);
}

static void node_header(struct free_ctx *x, int node)
{
	if (x->numa && node != x->last_node)
		fprintf(x->m->out, "NODE\n%3d\n", node);
	x->last_node = node;
}

static int free_zone(void *arg, const struct kzone_info *z)
{
	struct free_ctx *x = arg;
	int rc;
	if (crash_interrupted())
		return 1;
	node_header(x, z->node);
	free_zone_header(x->m, z);
	if (z->spanned) {
		if (x->every_page) {
			struct page_list_ctx p = { x, 0 };
			rc = zone_free_lists(x->m->k, z, page_list_row, free_page_line, &p);
		} else {
			fprintf(x->m->out, "AREA    SIZE  FREE_AREA_STRUCT  BLOCKS  PAGES\n");
			rc = zone_free_lists(x->m->k, z, free_list_row, NULL, x);
		}
		if (rc != 0)
			crash_warn(x->m->s, "zone %s: %s", z->name, err_get());
	}
	fputc('\n', x->m->out);
	return 0;
}

static int count_nodes(void *arg, const struct knode_info *n)
{
	(void)n;
	++*(int *)arg;
	return 0;
}

int kmem_free_lists(struct kmem *m, bool every_page)
{
	struct free_ctx x = { m, every_page, false, 0, 0, -1 };
	int nodes = 0;
	uint64_t a, nfp = 0;
	int64_t idx;

	if (node_foreach(m->k, count_nodes, &nodes) < 0)
		return crash_error(m->s, "%s", err_get());
	x.numa = nodes > 1;
	if (zone_foreach(m->k, free_zone, &x) < 0)
		return crash_error(m->s, "%s", err_get());
	if (crash_interrupted())
		return crash_error(m->s, "interrupted");
	/* the pages on the lists against the kernel's own count */
	if (kernel_enum_value(m->k, "NR_FREE_PAGES", &idx) != 0 || idx < 0 ||
	    kernel_symbol(m->k, "vm_zone_stat", &a) != 0 ||
	    kernel_read_u64(m->k, a + 8u * (uint64_t)idx, &nfp) != 0)
		return crash_error(m->s, "cannot read vm_zone_stat[NR_FREE_PAGES]");
	if ((int64_t)nfp == (int64_t)x.total)
		fprintf(m->out, "nr_free_pages: %" PRId64 "  (verified)\n", (int64_t)nfp);
	else
		fprintf(m->out, "nr_free_pages: %" PRId64 "  (found %" PRIu64 " on the free lists)\n",
			(int64_t)nfp, x.total);
	return 0;
}

/* -f ADDR: a struct page, a physical address or a kernel virtual address */
static int addr_pfn(struct kmem *m, const char *arg, uint64_t *pfn)
{
	uint64_t a, max = 0, pa;
	if (addrarg_resolve(m->k, arg, &a) != 0)
		return crash_error(m->s, "%s", err_get());
	page_max_pfn(m->k, &max);
	if (page_pfn(m->k, a, pfn) == 0 && *pfn < max)
		return 0;
	if (arch_is_kvaddr(kernel_arch(m->k), a)) {
		if (kernel_kvtop(m->k, a, &pa) != 0)
			return crash_error(m->s, "%" PRIx64 ": kernel virtual address not mapped", a);
		*pfn = pa / m->page_size;
		return 0;
	}
	*pfn = a / m->page_size;
	if (*pfn >= max)
		return crash_error(m->s, "%" PRIx64 ": beyond the last page frame", a);
	return 0;
}

static const char *nth(uint64_t n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	switch (n % 10) {
	case 1: return "st";
	case 2: return "nd";
	case 3: return "rd";
	default: return "th";
	}
}

int kmem_free_addr(struct kmem *m, const char *arg)
{
	struct kzone_info z;
	struct kfree_list l;
	uint64_t pfn, head, hpfn, page;
	int r, nodes = 0;
	char sz[24];

	if (addr_pfn(m, arg, &pfn) != 0)
		return 1;
	r = zone_pfn_free(m->k, pfn, &l, &head, &z);
	if (r < 0)
		return crash_error(m->s, "%s", err_get());
	if (page_of_pfn(m->k, pfn, &page) != 0)
		return crash_error(m->s, "%s", err_get());
	if (r == 0)
		return crash_error(m->s, "%" PRIx64 " (page %" PRIx64 "): not on a free list",
				   pfn * m->page_size, page);
	node_foreach(m->k, count_nodes, &nodes);
	if (nodes > 1)
		fprintf(m->out, "NODE\n%3d\n", z.node);
	free_zone_header(m, &z);
	area_size(m, l.order, sz, sizeof(sz));
	fprintf(m->out, "AREA    SIZE  FREE_AREA_STRUCT\n");
	fprintf(m->out, "%3d  %7s  %16" PRIx64 "  \n", l.order, sz, l.head);
	page_pfn(m->k, head, &hpfn);
	fprintf(m->out, "%" PRIx64 "  (%" PRIx64 " is %" PRIu64 "%s of %llu pages)\n", head, page,
		pfn - hpfn + 1, nth(pfn - hpfn + 1), 1ull << l.order);
	return 0;
}

/* ---------------------------------------------------------------- -n */

struct nodes_ctx {
	struct kmem *m;
	int nr_width;
	int shown;
};

static int node_zone_row(struct kmem *m, const struct kzone_info *z)
{
	uint64_t mm = 0;
	if (z->spanned && page_of_pfn(m->k, z->start_pfn, &mm) != 0)
		mm = 0;
	fprintf(m->out, "%3d   %-10s%7" PRIu64 "  %16" PRIx64 "  %11" PRIx64 "  %11" PRIu64 "\n",
		z->index, z->name, z->spanned, mm, z->spanned ? z->start_pfn * m->page_size : 0,
		z->spanned ? z->start_pfn : 0);
	return 0;
}

struct zone_of_node {
	struct kmem *m;
	int node;
	bool addr_only;
	int i;
};

static int zone_of_node_cb(void *arg, const struct kzone_info *z)
{
	struct zone_of_node *x = arg;
	if (z->node != x->node)
		return 0;
	if (x->addr_only) {
		if (x->i++)
			fprintf(x->m->out, "%52s%" PRIx64 "\n", "", z->zone);
		else
			fprintf(x->m->out, "%" PRIx64 "\n", z->zone);
		return 0;
	}
	return node_zone_row(x->m, z);
}

static int node_block(void *arg, const struct knode_info *n)
{
	struct nodes_ctx *x = arg;
	struct kmem *m = x->m;
	struct zone_of_node zn = { m, n->id, true, 0 };
	uint64_t mm = 0;
	char b[32];

	if (crash_interrupted())
		return 1;
	if (x->shown++)
		fputc('\n', m->out);
	fprintf(m->out, "NODE    SIZE      PGLIST_DATA       BOOTMEM_DATA       NODE_ZONES   \n");
	fprintf(m->out, "%3d  %8" PRIu64 "   %16" PRIx64 "        ----        ", n->id, n->spanned,
		n->pgdat);
	zone_foreach(m->k, zone_of_node_cb, &zn);
	if (!zn.i)
		fputc('\n', m->out);
	if (page_of_pfn(m->k, n->start_pfn, &mm) != 0)
		mm = 0;
	fprintf(m->out, "    MEM_MAP          START_PADDR    START_MAPNR\n");
	fprintf(m->out, "%-16" PRIx64, mm);
	snprintf(b, sizeof(b), "%" PRIx64, n->start_pfn * m->page_size);
	kmem_center(m->out, 20, b);
	snprintf(b, sizeof(b), "%" PRIu64, n->start_pfn);
	kmem_center(m->out, 11, b);
	fprintf(m->out, "\n\nZONE  NAME         SIZE       MEM_MAP      START_PADDR  START_MAPNR\n");
	zn.addr_only = false;
	zone_foreach(m->k, zone_of_node_cb, &zn);
	return 0;
}

static int section_row(void *arg, const struct memsection_info *s)
{
	struct nodes_ctx *x = arg;
	char st[8];
	int n = 0;
	if (crash_interrupted())
		return 1;
	if (!x->shown++)
		fprintf(x->m->out, "%-*s      SECTION        CODED_MEM_MAP        MEM_MAP       STATE PFN\n",
			x->nr_width, "NR");
	if (s->state & MEMSECTION_PRESENT)
		st[n++] = 'P';
	if (s->state & MEMSECTION_MEM_MAP)
		st[n++] = 'M';
	if (s->state & MEMSECTION_ONLINE)
		st[n++] = 'O';
	if (s->state & MEMSECTION_EARLY)
		st[n++] = 'E';
	if (s->state & MEMSECTION_DEVICE)
		st[n++] = 'D';
	st[n] = '\0';
	fprintf(x->m->out, "%*" PRIu64 "  %16" PRIx64 "  %16" PRIx64 "  %16" PRIx64 "  %-4s  %-16" PRIu64
		"\n", x->nr_width, s->nr, s->addr, s->coded, s->mem_map, st, s->pfn);
	return 0;
}

static int last_section(void *arg, const struct memsection_info *s)
{
	*(uint64_t *)arg = s->nr;
	return 0;
}

static int memblock_row(void *arg, const struct memblock_info *b)
{
	struct nodes_ctx *x = arg;
	char range[48];
	const char *st = b->state_name[0] ? b->state_name : "?";
	if (crash_interrupted())
		return 1;
	if (!x->shown++)
		fprintf(x->m->out, "\n   MEM_BLOCK        NAME        PHYSICAL RANGE     NODE  STATE   "
			"START_SECTION_NO\n");
	snprintf(range, sizeof(range), "%8" PRIx64 " - %8" PRIx64, b->start, b->end);
	fprintf(x->m->out, " %-16" PRIx64 "   %-10s %s  %-4d %-7s %-12" PRIu64 "\n", b->addr, b->name,
		range, b->nid, st, b->start_section);
	return 0;
}

int kmem_nodes(struct kmem *m)
{
	struct nodes_ctx x = { m, 2, 0 };
	uint64_t last = 0;
	char b[24];

	if (node_foreach(m->k, node_block, &x) < 0)
		return crash_error(m->s, "%s", err_get());
	if (crash_interrupted())
		return crash_error(m->s, "interrupted");
	fprintf(m->out, "\n-------------------------------------------------------------------\n\n");
	if (memsection_foreach(m->k, last_section, &last) < 0)
		return crash_error(m->s, "%s", err_get());
	x.nr_width = snprintf(b, sizeof(b), "%" PRIu64, last);
	if (x.nr_width < 2)
		x.nr_width = 2;
	x.shown = 0;
	memsection_foreach(m->k, section_row, &x);
	if (crash_interrupted())
		return crash_error(m->s, "interrupted");
	/* the hotplug memory blocks, where the kernel keeps them */
	x.shown = 0;
	memblock_foreach(m->k, memblock_row, &x);
	if (crash_interrupted())
		return crash_error(m->s, "interrupted");
	return 0;
}
