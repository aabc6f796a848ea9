/* kmem: kernel memory: the usage summary (-i), the slab caches (-s),
 * struct page lines (-p), the vmalloc areas (-v), and what a kernel
 * address belongs to (a slab object, a vmalloc area, a page, a kernel
 * symbol), in crash's layouts; the options, the other listings in
 * kmem_*.c (kmem.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmem.h"

/* ---------------------------------------------------------------- -i */

/* Same as crash's sizes: "0", "512 KB", "12.2 MB", "1 GB" (".0" dropped). */
static void pages_size(struct kmem *m, uint64_t pages, char *buf, size_t len)
{
	double b = (double)pages * (double)m->page_size;
	char *p;
	if (!pages)
		snprintf(buf, len, "0");
	else if (b >= 1024.0 * 1024 * 1024)
		snprintf(buf, len, "%.1f GB", b / (1024.0 * 1024 * 1024));
	else if (b >= 1024.0 * 1024)
		snprintf(buf, len, "%.1f MB", b / (1024.0 * 1024));
	else
		snprintf(buf, len, "%" PRIu64 " KB", (uint64_t)(b / 1024));
	if ((p = strstr(buf, ".0 ")))
		memmove(p, p + 2, strlen(p + 2) + 1);
}

static void line_total(struct kmem *m, const char *label, uint64_t pages)
{
	char sz[32];
	pages_size(m, pages, sz, sizeof(sz));
	fprintf(m->out, "%13s  %7" PRIu64 "  %11s         ----\n", label, pages, sz);
}

static void line_pct(struct kmem *m, const char *label, uint64_t pages, uint64_t of,
		     const char *ofname)
{
	char sz[32];
	pages_size(m, pages, sz, sizeof(sz));
	fprintf(m->out, "%13s  %7" PRIu64 "  %11s  %3" PRIu64 "%% of %s\n", label, pages, sz,
		of ? pages * 100 / of : 0, ofname);
}

/* kmem -i in JSON (commands/json/kmem.schema.json): the same counts, in
 * pages; a count the kernel lacks is null. */
static void info_json(struct kmem *m, const struct meminfo *mi, bool have_shared,
		      uint64_t shared)
{
	struct json_object *d = json_object_new_object();
	uint64_t ram = mi->totalram;
#define PAGES(v) json_object_new_uint64(v)
	json_object_object_add(d, "page_size_bytes", PAGES(m->page_size));
	json_object_object_add(d, "total_pages", PAGES(ram));
	json_object_object_add(d, "free_pages", PAGES(mi->free));
	json_object_object_add(d, "used_pages", PAGES(ram > mi->free ? ram - mi->free : 0));
	json_object_object_add(d, "shared_pages", have_shared ? PAGES(shared) : NULL);
	json_object_object_add(d, "buffers_pages", PAGES(mi->buffers));
	json_object_object_add(d, "cached_pages", PAGES(mi->cached));
	json_object_object_add(d, "slab_pages", PAGES(mi->slab));
	json_object_object_add(d, "huge_total_pages", mi->has_huge ? PAGES(mi->huge_total) : NULL);
	json_object_object_add(d, "huge_free_pages", mi->has_huge ? PAGES(mi->huge_free) : NULL);
	uint64_t stot = mi->swap_total, sused = mi->swap_used < stot ? mi->swap_used : stot;
	json_object_object_add(d, "swap_total_pages", mi->has_swap ? PAGES(stot) : NULL);
	json_object_object_add(d, "swap_used_pages", mi->has_swap ? PAGES(mi->swap_used) : NULL);
	json_object_object_add(d, "swap_free_pages", mi->has_swap ? PAGES(stot - sused) : NULL);
	json_object_object_add(d, "commit_limit_pages",
			       mi->has_commit ? PAGES(mi->commit_limit) : NULL);
	json_object_object_add(d, "committed_pages", mi->has_commit ? PAGES(mi->committed) : NULL);
#undef PAGES
	crash_json_emit(m->s, d);
}

static int kmem_info(struct kmem *m)
{
	struct meminfo mi;
	uint64_t ram;

	if (meminfo_read(m->k, &mi) != 0)
		return crash_error(m->s, "%s", err_get());
	ram = mi.totalram;
	uint64_t shared;
	bool have_shared = page_count_shared(m->k, crash_interrupted, &shared) == 0 &&
			   !crash_interrupted();
	if (crash_json(m->s)) {
		info_json(m, &mi, have_shared, shared);
		return 0;
	}
	fprintf(m->out, "                 PAGES        TOTAL      PERCENTAGE\n");
	line_total(m, "TOTAL MEM", ram);
	line_pct(m, "FREE", mi.free, ram, "TOTAL MEM");
	line_pct(m, "USED", ram > mi.free ? ram - mi.free : 0, ram, "TOTAL MEM");
	if (have_shared)
		line_pct(m, "SHARED", shared, ram, "TOTAL MEM");
	line_pct(m, "BUFFERS", mi.buffers, ram, "TOTAL MEM");
	line_pct(m, "CACHED", mi.cached, ram, "TOTAL MEM");
	line_pct(m, "SLAB", mi.slab, ram, "TOTAL MEM");
	if (mi.has_huge) {
		fputc('\n', m->out);
		line_total(m, "TOTAL HUGE", mi.huge_total);
		line_pct(m, "HUGE FREE", mi.huge_free, mi.huge_total, "TOTAL HUGE");
	}
	fputc('\n', m->out);
	if (mi.has_swap) {
		uint64_t stot = mi.swap_total, sused = mi.swap_used;
		line_total(m, "TOTAL SWAP", stot);
		line_pct(m, "SWAP USED", sused, stot, "TOTAL SWAP");
		line_pct(m, "SWAP FREE", stot - (sused < stot ? sused : stot), stot, "TOTAL SWAP");
	}
	if (mi.has_commit) {
		fputc('\n', m->out);
		line_total(m, "COMMIT LIMIT", mi.commit_limit);
		line_pct(m, "COMMITTED", mi.committed, mi.commit_limit, "TOTAL LIMIT");
	}
	return 0;
}

/* ---------------------------------------------------------------- -s */

static const char slab_hdr[] =
	"CACHE             OBJSIZE  ALLOCATED     TOTAL  SLABS  SSIZE  NAME\n";

static void cache_line(struct kmem *m, const struct slab_cache *c)
{
	char ss[32];
	snprintf(ss, sizeof(ss), "%" PRIu64 "k", (m->page_size << c->order) / 1024);
	fprintf(m->out, "%-16" PRIx64 " %8" PRIu64 " %10" PRIu64 " %9" PRIu64 " %6" PRIu64
		" %6s  %s\n", c->addr, c->objsize, c->allocated, c->total, c->slabs, ss, c->name);
}

struct slab_list_ctx {
	struct kmem *m;
	const char *name;	/* only this cache, or NULL */
	struct slab_cache c;
	uint64_t cache_addr;	/* only the cache at this address, or 0 */
	int shown;
	bool failed;
	struct json_object *rows;	/* JSON: the caches' objects, else NULL */
};

/* One cache of kmem -s in JSON; counts null when ignored (-I). */
static struct json_object *cache_json(struct kmem *m, const struct slab_cache *c, bool ignored)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "address", crash_json_addr(c->addr));
	json_object_object_add(o, "name", crash_json_str(c->name));
	json_object_object_add(o, "ignored", json_object_new_boolean(ignored));
	json_object_object_add(o, "object_size_bytes", ignored ? NULL : json_object_new_uint64(c->objsize));
	json_object_object_add(o, "allocated", ignored ? NULL : json_object_new_uint64(c->allocated));
	json_object_object_add(o, "total", ignored ? NULL : json_object_new_uint64(c->total));
	json_object_object_add(o, "slabs", ignored ? NULL : json_object_new_uint64(c->slabs));
	json_object_object_add(o, "slab_size_bytes",
			       ignored ? NULL : json_object_new_uint64(m->page_size << c->order));
	return o;
}

static int slab_list_one(void *arg, uint64_t cache)
{
	struct slab_list_ctx *x = arg;
	if (crash_interrupted())
		return 1;
	if (slab_cache_read(x->m->k, cache, &x->c) != 0) {
		crash_warn(x->m->s, "kmem_cache %" PRIx64 ": %s", cache, err_get());
		return 0;
	}
	if (x->name && strcmp(x->name, x->c.name) != 0)
		return 0;
	if (x->cache_addr && x->c.addr != x->cache_addr)
		return 0;
	if (!x->name && !x->cache_addr && kmem_slab_ignored(x->m, x->c.name)) {
		/* crash keeps the cache's place, without its counts */
		if (x->rows) {
			json_object_array_add(x->rows, cache_json(x->m, &x->c, true));
			x->shown++;
			return 0;
		}
		if (!x->shown++ || x->m->slab_objects)
			fputs(slab_hdr, x->m->out);
		fprintf(x->m->out, "%-16" PRIx64 " [IGNORED]%36s%s\n", x->c.addr, "", x->c.name);
		return 0;
	}
	if (slab_cache_counts(x->m->k, &x->c) != 0)
		crash_warn(x->m->s, "%s: %s", x->c.name, err_get());
	if (x->rows) {
		json_object_array_add(x->rows, cache_json(x->m, &x->c, false));
		x->shown++;
		return x->name != NULL || x->cache_addr;
	}
	if (!x->shown || x->m->slab_objects)
		fputs(slab_hdr, x->m->out);
	cache_line(x->m, &x->c);
	x->shown++;
	if (x->m->slab_objects && kmem_slab_objects(x->m, &x->c) != 0)
		x->failed = true;
	return x->name != NULL || x->cache_addr;	/* a named cache: done */
}

static bool show_slab_object(struct kmem *m, uint64_t addr, int *rc, bool full);

/* The caches found as a JSON document ({"caches": [...]}); x->rows is
 * taken over. */
static void slabs_json(struct kmem *m, struct slab_list_ctx *x)
{
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "caches", x->rows);
	x->rows = NULL;
	crash_json_emit(m->s, d);
}

static int kmem_slabs(struct kmem *m, const char *name)
{
	struct slab_list_ctx x = { .m = m, .name = name };
	uint64_t addr;
	int rc = 0;
	/* -S (every object) stays text */
	if (crash_json(m->s) && !m->slab_objects)
		x.rows = json_object_new_array();
	/* an address (a number, not a cache's name): the cache at that
	 * address, else the slab object at it */
	if (name && addrarg_number(name, &addr) == 0) {
		x.name = NULL;
		x.cache_addr = addr;
		if (addr && slab_foreach_cache(m->k, slab_list_one, &x) >= 0 && x.shown) {
			if (x.rows)
				slabs_json(m, &x);
			return x.failed;
		}
		json_object_put(x.rows);	/* a slab object: text */
		x.rows = NULL;
		if (!arch_is_kvaddr(kernel_arch(m->k), addr))
			return crash_error(m->s, "%" PRIx64 ": not a kernel virtual address", addr);
		if (show_slab_object(m, addr, &rc, false))
			return rc;
		return crash_error(m->s, "%" PRIx64 ": address not found in the slab caches", addr);
	}
	if (slab_foreach_cache(m->k, slab_list_one, &x) < 0) {
		json_object_put(x.rows);
		return crash_error(m->s, "%s", err_get());
	}
	if (crash_interrupted()) {
		json_object_put(x.rows);
		return crash_error(m->s, "interrupted");
	}
	if (name && !x.shown) {
		json_object_put(x.rows);
		return crash_error(m->s, "invalid kmem_cache name: %s", name);
	}
	if (x.rows)
		slabs_json(m, &x);
	return x.failed;
}

/* ---------------------------------------------------------------- -p */

/* Width of the PHYSICAL column: the dump's highest address, at least 8
 * (as crash sizes it). */
static int phys_width(struct kmem *m)
{
	const struct dump_info *di = dump_get_info(kernel_dump(m->k));
	char b[24];
	int w = snprintf(b, sizeof(b), "%" PRIx64, di && di->max_paddr ? di->max_paddr - 1 : 0);
	return w > 8 ? w : 8;
}

static void page_header(struct kmem *m)
{
	fprintf(m->out, "      PAGE       %*s      MAPPING       INDEX CNT FLAGS\n", phys_width(m),
		"PHYSICAL");
}

static int page_line(struct kmem *m, uint64_t pfn)
{
	struct page_info pi;
	char names[512];
	int w = phys_width(m);
	if (page_info_pfn(m->k, pfn, &pi) != 0)
		return -1;
	if (!pi.readable) {
		fprintf(m->out, "%-16" PRIx64 " %*" PRIx64 " \n", pi.page, w, pi.paddr);
		return 0;
	}
	page_flags_names(m->k, pi.flags, names, sizeof(names));
	fprintf(m->out, "%-16" PRIx64 " %*" PRIx64 " %16" PRIx64 " %8" PRIx64 " %2d %" PRIx64 "%s%s\n",
		pi.page, w, pi.paddr, pi.mapping, pi.index, pi.count, pi.flags, names[0] ? " " : "",
		names);
	return 0;
}

static int kmem_pages_all(struct kmem *m)
{
	uint64_t max;
	if (page_max_pfn(m->k, &max) != 0)
		return crash_error(m->s, "cannot read max_pfn");
	page_header(m);
	for (uint64_t pfn = 0; pfn < max; pfn++) {
		if (crash_interrupted())
			return crash_error(m->s, "interrupted");
		if (page_line(m, pfn) != 0)
			return crash_error(m->s, "%s", err_get());
	}
	return 0;
}

/* -p PHYSADDR ...: the page of each physical address, under one header. */
static int kmem_pages(struct kmem *m, int argc, char **argv)
{
	bool hdr = false;
	int rc = 0;
	for (int i = 0; i < argc; i++) {
		uint64_t pa;
		if (addrarg_number(argv[i], &pa) != 0) {
			rc = crash_error(m->s, "invalid physical address: %s", argv[i]);
			continue;
		}
		if (!hdr)
			page_header(m);
		hdr = true;
		if (page_line(m, pa / m->page_size) != 0)
			rc = crash_error(m->s, "%s", err_get());
	}
	return rc;
}

/* ------------------------------------------------------------ ADDR */

static void show_page_of(struct kmem *m, uint64_t vaddr)
{
	uint64_t pa;
	if (kernel_kvtop(m->k, vaddr, &pa) != 0)
		return;
	fputc('\n', m->out);
	page_header(m);
	page_line(m, pa / m->page_size);
}

/* full: with the task a task_struct is and the page (kmem ADDR); -s ADDR
 * shows the object alone, as crash does. */
static bool show_slab_object(struct kmem *m, uint64_t addr, int *rc, bool full)
{
	struct slab_obj so;
	struct slab_cache c;
	int r = slab_find_object(m->k, addr, &so);
	if (r < 0) {
		*rc = crash_error(m->s, "%s", err_get());
		return true;
	}
	if (r == 0 || slab_cache_read(m->k, so.cache, &c) != 0)
		return false;
	slab_cache_counts(m->k, &c);
	fputs(slab_hdr, m->out);
	cache_line(m, &c);
	fprintf(m->out, "  SLAB              MEMORY            NODE  TOTAL  ALLOCATED  FREE\n");
	fprintf(m->out, "  %-16" PRIx64 "  %-16" PRIx64 "  %4d  %5u  %9u  %4u\n", so.slab, so.base,
		so.node, so.objects, so.inuse, so.objects - so.inuse);
	fprintf(m->out, "  FREE / [ALLOCATED]\n");
	if (!full && m->slab_objects) {
		/* -S ADDR: every object of the slab */
		for (unsigned i = 0; i < so.objects && !crash_interrupted(); i++) {
			struct slab_obj o;
			uint64_t obj = so.base + i * c.size + c.red_left_pad;
			if (slab_find_object(m->k, obj, &o) != 1)
				fprintf(m->out, "   %" PRIx64 "  (unreadable)\n", obj);
			else if (o.allocated)
				fprintf(m->out, "  [%" PRIx64 "]\n", o.obj);
			else
				fprintf(m->out, "   %" PRIx64 "  \n", o.obj);
		}
		return true;
	}
	if (so.allocated)
		fprintf(m->out, "  [%" PRIx64 "]\n", so.obj);
	else
		fprintf(m->out, "   %" PRIx64 "  \n", so.obj);
	if (!full)
		return true;
	/* a live task_struct: which task, as crash shows it */
	if (so.allocated && !strcmp(c.name, "task_struct") && ktask_by_addr(m->k, so.obj)) {
		fputc('\n', m->out);
		crash_print_task_context(m->s, m->out, so.obj);
	}
	show_page_of(m, addr);
	return true;
}

static const char vmap_hdr[] =
	"   VMAP_AREA         VM_STRUCT                 ADDRESS RANGE                SIZE\n";

static void vmap_line(struct kmem *m, const struct vmap_area_info *va)
{
	fprintf(m->out, "%-16" PRIx64 "  %-16" PRIx64 "  %" PRIx64 " - %" PRIx64 "  %7" PRIu64 "\n",
		va->va, va->vm, va->start, va->end, va->end - va->start);
}

static bool show_vmalloc(struct kmem *m, uint64_t addr)
{
	struct vmap_area_info va;
	if (vmalloc_find(m->k, addr, &va) != 1)
		return false;
	fputs(vmap_hdr, m->out);
	vmap_line(m, &va);
	show_page_of(m, addr);
	return true;
}

/* ---------------------------------------------------------------- -v */

struct vmap_list {
	struct vmap_area_info *a;
	size_t n, cap;
};

static int vmap_collect(void *arg, const struct vmap_area_info *va)
{
	struct vmap_list *l = arg;
	if (crash_interrupted())
		return 1;
	/* the areas with a vm_struct: vmalloc, vmap, ioremap, modules,
	 * stacks (a vm_map_ram block or a lazily freed area has none) */
	if (!va->vm)
		return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 256;
		l->a = xrealloc(l->a, l->cap * sizeof(*l->a));
	}
	l->a[l->n++] = *va;
	return 0;
}

static int vmap_cmp(const void *a, const void *b)
{
	const struct vmap_area_info *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Every vmalloc area in address order (the per-node trees of 6.9+ each
 * hold a part), or the one holding each address given. */
static int kmem_vmalloc(struct kmem *m, int argc, char **argv)
{
	struct vmap_list l = { 0 };
	int rc = 0;
	if (argc) {
		for (int i = 0; i < argc; i++) {
			uint64_t a, pa;
			struct vmap_area_info va;
			if (addrarg_resolve(m->k, argv[i], &a) != 0) {
				rc = crash_error(m->s, "%s", err_get());
				continue;
			}
			if (vmalloc_find(m->k, a, &va) != 1) {
				rc = crash_error(m->s, "%" PRIx64 ": not in a vmalloc area", a);
				continue;
			}
			fputs(vmap_hdr, m->out);
			vmap_line(m, &va);
			(void)pa;
		}
		return rc;
	}
	if (vmalloc_foreach(m->k, vmap_collect, &l) < 0) {
		free(l.a);
		return crash_error(m->s, "%s", err_get());
	}
	if (crash_interrupted()) {
		free(l.a);
		return crash_error(m->s, "interrupted");
	}
	qsort(l.a, l.n, sizeof(*l.a), vmap_cmp);
	fputs(vmap_hdr, m->out);
	for (size_t i = 0; i < l.n; i++)
		vmap_line(m, &l.a[i]);
	free(l.a);
	return 0;
}

/* A kernel image address: "addr (T) name+off", with the source line of
 * text, then its page. */
static bool show_symbol(struct kmem *m, uint64_t addr, const char *arg)
{
	uint64_t text, end, off = 0;
	struct kernel_sym sym;
	char file[512];
	int ln;

	if (kernel_symbol(m->k, "_text", &text) != 0 || kernel_symbol(m->k, "_end", &end) != 0 ||
	    addr < text || addr >= end)
		return false;
	/* of aliases at one address (jiffies, jiffies_64), the one asked for */
	if (!(kernel_symbol_info(m->k, arg, &sym) == 0 && !sym.module && sym.addr == addr) &&
	    kernel_symbol_info_at(m->k, addr, &sym, &off) != 0)
		return false;
	fprintf(m->out, "%" PRIx64 " (%c) %s", addr, sym.type, sym.name);
	if (off)
		fprintf(m->out, "+%" PRIu64, off);
	if ((sym.type == 'T' || sym.type == 't') &&
	    kernel_srcline(m->k, addr, file, sizeof(file), &ln) == 0)
		fprintf(m->out, " %s: %d", file, ln);
	fputc('\n', m->out);
	show_page_of(m, addr);
	return true;
}

static int kmem_addr(struct kmem *m, const char *arg);

/* A physical address: what its direct-map address is (a slab object, a
 * page), as crash's search of a physical address shows it. */
static int kmem_phys_addr(struct kmem *m, uint64_t pa)
{
	uint64_t max = 0, va;
	int rc = 0;
	page_max_pfn(m->k, &max);
	if (pa / m->page_size >= max)
		return crash_error(m->s, "%" PRIx64 ": beyond the last page frame", pa);
	va = arch_ptov(kernel_arch(m->k), pa);
	if (va && arch_is_kvaddr(kernel_arch(m->k), va) && show_slab_object(m, va, &rc, true))
		return rc;
	page_header(m);
	if (page_line(m, pa / m->page_size) != 0)
		return crash_error(m->s, "%s", err_get());
	return 0;
}

static int kmem_phys(struct kmem *m, const char *arg)
{
	uint64_t pa;
	if (addrarg_number(arg, &pa) != 0)
		return crash_error(m->s, "invalid physical address: %s", arg);
	return kmem_phys_addr(m, pa);
}

static int kmem_addr(struct kmem *m, const char *arg)
{
	uint64_t addr, pa;
	int rc = 0;
	if (addrarg_resolve(m->k, arg, &addr) != 0)
		return crash_error(m->s, "%s", err_get());
	if (!arch_is_kvaddr(kernel_arch(m->k), addr))
		return kmem_phys_addr(m, addr);
	if (show_symbol(m, addr, arg))
		return 0;
	if (show_slab_object(m, addr, &rc, true))
		return rc;
	if (show_vmalloc(m, addr))
		return 0;
	/* an address in the memory map is the struct page it falls in (crash
	 * shows that page, not the vmemmap page that backs it) */
	uint64_t pfn, max;
	if (page_pfn(m->k, addr, &pfn) == 0 && page_max_pfn(m->k, &max) == 0 && pfn < max) {
		page_header(m);
		page_line(m, pfn);
		return 0;
	}
	if (kernel_kvtop(m->k, addr, &pa) != 0)
		return crash_error(m->s, "%" PRIx64 ": kernel virtual address not mapped", addr);
	page_header(m);
	page_line(m, pa / m->page_size);
	return 0;
}

/* ---------------------------------------------------------------- run */

static const char usage[] =
	"usage: kmem [-f|-F|-c|-C|-i|-v|-V|-n|-z|-o|-h] [-p | -m member[,member]] "
	"[[-s|-S|-S=cpu[s]|-r] [cache] [-I cache[,cache]]] [-g [flags]] [[-P] address ...]";

/* CPUs a -S=cpus list may name. */
#define CRASH_MAX_CPUS_ARG 8192

/* crash's CPU lists: "1,3,5", "1-3", "1,3,5-7,10", "all" or "a". */
static int parse_cpus(struct kmem *m, const char *list, bool *cpus)
{
	int n = kernel_nr_cpus(m->k);
	if (n > CRASH_MAX_CPUS_ARG)
		n = CRASH_MAX_CPUS_ARG;
	memset(cpus, 0, sizeof(bool) * CRASH_MAX_CPUS_ARG);
	if (!strcmp(list, "all") || !strcmp(list, "a")) {
		for (int i = 0; i < n; i++)
			cpus[i] = true;
		return 0;
	}
	for (const char *p = list; *p;) {
		char *e;
		long a = strtol(p, &e, 10), b = a;
		if (e == p || a < 0)
			return crash_error(m->s, "invalid cpu list: %s", list);
		if (*e == '-') {
			p = e + 1;
			b = strtol(p, &e, 10);
			if (e == p || b < a)
				return crash_error(m->s, "invalid cpu list: %s", list);
		}
		if (b >= n)
			return crash_error(m->s, "invalid cpu %ld: the kernel has %d CPUs", b, n);
		for (long i = a; i <= b; i++)
			cpus[i] = true;
		if (*e == ',')
			e++;
		else if (*e)
			return crash_error(m->s, "invalid cpu list: %s", list);
		p = e;
	}
	return 0;
}

/* The listing options: one at a time. */
static const char modes[] = "ispfFvVnzcCohg";

static int kmem_run(struct crash_session *s, int argc, char **argv)
{
	struct kmem m = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	int opt, mode = 0, rc = 0;
	bool phys = false;
	const char *members = NULL;

	/* -S=cpus: crash's spelling of -S with a CPU list, taken out before
	 * getopt (which would read "=1,3" as options) */
	bool cpus[CRASH_MAX_CPUS_ARG];
	char *nargv[argc + 1];
	int nargc = 0;
	for (int i = 0; i < argc; i++) {
		if (i && !strncmp(argv[i], "-S=", 3)) {
			if (m.k && parse_cpus(&m, argv[i] + 3, cpus) != 0)
				return 1;
			m.cpus = cpus;
			nargv[nargc++] = "-S";
			continue;
		}
		nargv[nargc++] = argv[i];
	}
	nargv[nargc] = NULL;
	argc = nargc;
	argv = nargv;

	optind = 0;
	opterr = 0;
	while ((opt = getopt(argc, argv, "ispfFvVnzcCohgPm:SrI:")) != -1) {
		if (opt != '?' && strchr(modes, opt)) {
			if (mode && mode != opt)
				return crash_error(s, "only one of -%c and -%c at a time", mode, opt);
			mode = opt;
			continue;
		}
		switch (opt) {
		case 'P':
			phys = true;
			break;
		case 'm':
			members = optarg;
			break;
		case 'S':
			if (mode && mode != 's')
				return crash_error(s, "only one of -%c and -S at a time", mode);
			mode = 's';
			m.slab_objects = true;
			break;
		case 'r':
			if (mode && mode != 's')
				return crash_error(s, "only one of -%c and -r at a time", mode);
			mode = 'r';
			break;
		case 'I':
			m.ignore = optarg;
			break;
		case '?':
			if (optopt == 'm' || optopt == 'I')
				return crash_error(s, "kmem -%c needs an argument", optopt);
			return crash_error(s, "%s", usage);
		default:
			return crash_error(s, "kmem -%c is not supported by this crash", opt);
		}
	}
	if (!m.k)
		return crash_error(s, "no dump is open");
	m.page_size = arch_get_info(kernel_arch(m.k))->page_size;
	if (!m.page_size)
		m.page_size = 4096;
	int nargs = argc - optind;
	char **args = argv + optind;
	if (members) {
		if (mode && mode != 'p')
			return crash_error(s, "kmem -m goes with addresses or -p alone");
		return kmem_page_members(&m, members, nargs, args, phys);
	}
	if (phys && mode && mode != 'p')
		return crash_error(s, "kmem -P goes with an address alone or with -p or -m");
	if (m.ignore && mode != 's' && mode != 'r')
		return crash_error(s, "kmem -I goes with -s, -S or -r");
	switch (mode) {
	case 'i': case 'V': case 'z': case 'o': case 'h': case 'n': case 'c': case 'C':
		if (nargs)
			return crash_error(s, "kmem -%c takes no argument", mode);
		break;
	}
	switch (mode) {
	case 'i':
		return kmem_info(&m);
	case 'V':
		return kmem_vmstat(&m);
	case 'z':
		return kmem_zone_stats(&m);
	case 'o':
		return kmem_percpu_offsets(&m);
	case 'h':
		return kmem_hstates(&m);
	case 'n':
		return kmem_nodes(&m);
	case 'c': case 'C': {
		uint64_t a;
		if (kernel_symbol(m.k, "page_hash_table", &a) != 0)
			return crash_error(s, "-%c: page_hash_table does not exist in this kernel "
					   "(the page cache is per mapping since Linux 2.6)", mode);
		return crash_error(s, "-%c: this kernel's page_hash_table is not walked by this crash",
				   mode);
	}
	case 'v':
		return kmem_vmalloc(&m, nargs, args);
	case 'f': case 'F':
		if (!nargs)
			return kmem_free_lists(&m, mode == 'F');
		for (int i = 0; i < nargs; i++)
			if (kmem_free_addr(&m, args[i]) != 0)
				rc = 1;
		return rc;
	case 'r': {
		uint64_t a;
		/* the per-memcg child caches of 4.13 to 5.8 hung off their root
		 * cache; 5.9's object-level accounting dropped them */
		if (kernel_symbol(m.k, "slab_root_caches", &a) != 0)
			return crash_error(s, "-r: slab_root_caches does not exist in this kernel "
					   "(no per-memcg child caches: every cache is its own root)");
		return crash_error(s, "-r: this kernel's root and child caches are not summed by "
				   "this crash");
	}
	case 'g':
		if (nargs > 1)
			return crash_error(s, "kmem -g takes one flags value");
		return kmem_page_flags(&m, nargs ? args[0] : NULL);
	case 's':
		if (nargs > 1)
			return crash_error(s, "kmem -%s: only one cache name at a time",
					   m.slab_objects ? "S" : "s");
		return kmem_slabs(&m, nargs ? args[0] : NULL);
	case 'p':
		if (!nargs)
			return kmem_pages_all(&m);
		return kmem_pages(&m, nargs, args);
	}
	if (!nargs)
		return crash_error(s, "%s", usage);
	for (int i = 0; i < nargs; i++) {
		if (i)
			fputc('\n', m.out);
		if ((phys ? kmem_phys(&m, args[i]) : kmem_addr(&m, args[i])) != 0)
			rc = 1;
	}
	return rc;
}

static const struct crash_cmd kmem_cmd = {
	.name = "kmem",
	.run = kmem_run,
	.summary = "kernel memory",
	.synopsis = "[-f|-F|-c|-C|-i|-v|-V|-n|-z|-o|-h] [-p | -m member[,member]]\n"
		    "     [[-s|-S|-S=cpu[s]|-r] [cache] [-I cache[,cache]]] [-g [flags]] [[-P] address ...]",
	.description =
		"Reports on the kernel's memory.\n"
		"\n"
		"  -i          how memory is used: total, free, used and shared RAM,\n"
		"              block-device buffers, the page cache, slab pages, huge\n"
		"              pages, swap, and the commit limit with how much is\n"
		"              committed.  SHARED counts, as crash does, the pages\n"
		"              referenced more than once that are not reserved, over\n"
		"              the whole memory map.\n"
		"  -V          the VM counters by name: vm_zone_stat, vm_node_stat, the\n"
		"              NUMA counters, and the event counters summed over CPUs.\n"
		"  -z          each zone of each node: its size, present pages,\n"
		"              watermarks and its own counters.\n"
		"  -f          the buddy allocator's free lists: per zone, order and\n"
		"              migrate type, the blocks on each list and their pages,\n"
		"              then the pages found against NR_FREE_PAGES.\n"
		"  -F          the same, with the first struct page of every free block.\n"
		"  -f address  the free block holding a page (a struct page, a physical\n"
		"              or a kernel virtual address), if it is free.\n"
		"  -v          the vmalloc areas (vmalloc, vmap, ioremap, modules, kernel\n"
		"              stacks), in address order; with addresses, the area of each.\n"
		"  -n          the memory nodes with their zones, then the present memory\n"
		"              sections (state P present, M has a mem_map, O online,\n"
		"              E early, D device), then the hotplug memory blocks.\n"
		"  -o          each CPU's per-cpu offset (__per_cpu_offset).\n"
		"  -h          the huge page pools (hstates): size, free and total pages.\n"
		"  -s [cache]  every slab cache (or the one named): object size, objects\n"
		"              allocated and in all, slabs, slab size.\n"
		"  -S [cache]  the same, then every object of the cache: each CPU's slab\n"
		"              and partial slabs, each node's partial slabs and the full\n"
		"              slabs where SLUB tracks them; allocated objects in\n"
		"              brackets, free ones held by a CPU marked with it.\n"
		"  -S=cpus     only those CPUs' lists: \"1,3\", \"0-2\", \"all\".\n"
		"  -s address  the slab object holding a kernel address (or the cache at\n"
		"              that address); with -S, every object of its slab.\n"
		"  -I caches   with -s or -S: leave out these caches (comma-separated).\n"
		"  -r          root caches and their per-memcg children (kernels 4.13 to\n"
		"              5.8; later ones have none, and say so).\n"
		"  -p [addr]   the struct page of each physical address given, or of\n"
		"              every page frame.\n"
		"  -m members  chosen struct page members (\"lru\", \"flags,_refcount\"),\n"
		"              of every page or of the pages of the addresses given;\n"
		"              hexadecimal but _count and _mapcount.\n"
		"  -g [flags]  the page flag bits of enum pageflags, or those set in a\n"
		"              hexadecimal flags value.\n"
		"  -c, -C      the page_hash_table of 2.4 kernels: none since 2.6.\n"
		"  address     what a kernel address is: a kernel symbol, an object of a\n"
		"              slab cache (allocated objects in brackets), a vmalloc area,\n"
		"              or some other page; then the struct page it lies in.  An\n"
		"              address below the kernel's space, or any with -P, is\n"
		"              physical: what its direct-map address is.\n"
		"\n"
		"An address inside a live task_struct also shows that task.  Every list\n"
		"walked is bounded: a damaged one ends with a warning, never a loop.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> kmem -s task_struct\n"
		"  CACHE             OBJSIZE  ALLOCATED     TOTAL  SLABS  SSIZE  NAME\n"
		"  ffff8f3e811b7a00     8328        207       219     75    32k  task_struct\n"
		"\n"
		"  crash> kmem -h\n"
		"       HSTATE        SIZE    FREE   TOTAL  NAME\n"
		"  ffffffff83d4e760    1GB       0       0  hugepages-1048576kB\n"
		"  ffffffff83d57728    2MB       0       0  hugepages-2048kB\n"
		"\n"
		"  crash> kmem -f fffff56140005340\n"
		"  ZONE  NAME        SIZE    FREE      MEM_MAP       START_PADDR  START_MAPNR\n"
		"    0   DMA         4095    1318  fffff56140000040      1000          0\n"
		"  AREA    SIZE  FREE_AREA_STRUCT\n"
		"    2      16k  ffff8ab89eeed1b0\n"
		"  fffff56140005300  (fffff56140005340 is 2nd of 4 pages)\n"
		"\n"
		"  crash> kmem -p 11fc000\n"
		"        PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS\n"
		"  fffff74000047f00  11fc000 dead000000000400        0  0 fffffc0000000\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(kmem_cmd)
