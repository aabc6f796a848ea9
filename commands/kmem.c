/* kmem: kernel memory: the usage summary (-i), the slab caches (-s),
 * struct page lines (-p), and what a kernel address belongs to (a slab
 * object, a vmalloc area, a page, a kernel symbol), in crash's layouts. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/addrarg.h"
#include "kernel-types/pageinfo.h"
#include "kernel-types/slab.h"
#include "kernel-types/tasks.h"
#include "kernel-types/walk.h"

/* Inodes of the block-device superblock summed for BUFFERS at most. */
#define BDEV_MAX 65536
/* struct hstate entries looked at at most. */
#define HSTATE_MAX 16

struct kmem {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	uint64_t page_size;
};

/* ---------------------------------------------------------------- -i */

/* Item `name` of the global counter array `array` (vm_zone_stat,
 * vm_node_stat: atomic_long_t each), indexed by its enumerator.  false
 * when the kernel has no such item. */
static bool vmstat(struct kmem *m, const char *array, const char *name, int64_t *v)
{
	int64_t idx;
	uint64_t a, raw;
	if (kernel_enum_value(m->k, name, &idx) != 0 || idx < 0 ||
	    kernel_symbol(m->k, array, &a) != 0 || kernel_read_u64(m->k, a + 8u * (uint64_t)idx, &raw) != 0)
		return false;
	*v = (int64_t)raw;
	return true;
}

static int64_t zone_stat(struct kmem *m, const char *name)
{
	int64_t v = 0;
	vmstat(m, "vm_zone_stat", name, &v);
	return v < 0 ? 0 : v;
}

static int64_t node_stat(struct kmem *m, const char *name)
{
	int64_t v = 0;
	if (!vmstat(m, "vm_node_stat", name, &v))
		vmstat(m, "vm_zone_stat", name, &v);	/* before node counters */
	return v < 0 ? 0 : v;
}

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

static uint64_t total_ram(struct kmem *m)
{
	uint64_t a, v = 0;
	if (kernel_symbol(m->k, "_totalram_pages", &a) == 0 ||
	    kernel_symbol(m->k, "totalram_pages", &a) == 0)
		kernel_read_u64(m->k, a, &v);
	return v;
}

struct bdev_sum {
	struct kernel *k;
	long nrpages;		/* inode.i_data.nrpages */
	uint64_t pages;
};

static int bdev_inode(void *arg, uint64_t inode)
{
	struct bdev_sum *b = arg;
	uint64_t n;
	if (kernel_read_u64(b->k, inode + (uint64_t)b->nrpages, &n) == 0)
		b->pages += n;
	return 0;
}

/* Pages cached for block devices (what /proc/meminfo calls Buffers): the
 * page caches of the inodes of the bdev pseudo filesystem. */
static uint64_t buffer_pages(struct kmem *m)
{
	uint64_t sbp, sb;
	long s_inodes = kernel_offsetof(m->k, "struct super_block", "s_inodes");
	long i_sb_list = kernel_offsetof(m->k, "struct inode", "i_sb_list");
	struct bdev_sum b = { m->k, kernel_offsetof(m->k, "struct inode", "i_data.nrpages"), 0 };

	if (kernel_symbol(m->k, "blockdev_superblock", &sbp) != 0 || s_inodes < 0 ||
	    i_sb_list < 0 || b.nrpages < 0 || kernel_read_u64(m->k, sbp, &sb) != 0 || !sb)
		return 0;
	kwalk_list(m->k, sb + (uint64_t)s_inodes, i_sb_list, false, bdev_inode, &b);
	return b.pages;
}

/* Huge pages of every hstate, in base pages: false when the kernel has
 * no hugetlbfs. */
static bool huge_pages(struct kmem *m, uint64_t *total, uint64_t *nfree)
{
	uint64_t a, hm, order, nr, fr;
	long sz = kernel_sizeof(m->k, "struct hstate");
	*total = *nfree = 0;
	if (kernel_symbol(m->k, "hstates", &a) != 0 || sz <= 0)
		return false;
	uint64_t hma;
	if (kernel_symbol(m->k, "hugetlb_max_hstate", &hma) != 0 ||
	    kernel_read_uint(m->k, hma, 4, &hm) != 0 || hm > HSTATE_MAX)
		hm = 1;
	for (uint64_t i = 0; i < hm; i++) {
		uint64_t h = a + i * (uint64_t)sz;
		if (kernel_read_member(m->k, h, "struct hstate", "order", &order) != 0 || !order ||
		    order > 30 ||
		    kernel_read_member(m->k, h, "struct hstate", "nr_huge_pages", &nr) != 0 ||
		    kernel_read_member(m->k, h, "struct hstate", "free_huge_pages", &fr) != 0)
			continue;
		*total += nr << order;
		*nfree += fr << order;
	}
	return true;
}

/* Pages of every active swap area and how many are in use. */
static bool swap_pages(struct kmem *m, uint64_t *total, uint64_t *used)
{
	int n = swap_area_count(m->k);
	struct swap_area *si;
	*total = *used = 0;
	if (n < 0 || !(si = malloc(sizeof(*si))))
		return false;
	for (int i = 0; i < n; i++) {
		if (swap_area_get(m->k, i, si) != 1)
			continue;
		*total += si->pages;
		*used += si->inuse;
	}
	free(si);
	return true;
}

/* vm_committed_as as /proc/meminfo sums it: the central count plus each
 * CPU's unflushed delta, never negative. */
static uint64_t committed_pages(struct kmem *m)
{
	uint64_t a, v, ctr;
	int64_t sum;
	if (kernel_symbol(m->k, "vm_committed_as", &a) != 0 ||
	    kernel_read_member(m->k, a, "struct percpu_counter", "count", &v) != 0)
		return 0;
	sum = (int64_t)v;
	if (kernel_read_member(m->k, a, "struct percpu_counter", "counters", &ctr) == 0 && ctr) {
		int n = kernel_nr_cpus(m->k);
		for (int cpu = 0; cpu < n; cpu++) {
			uint64_t off;
			uint32_t d;
			if (kernel_percpu_offset(m->k, cpu, &off) == 0 &&
			    kernel_read_u32(m->k, ctr + off, &d) == 0)
				sum += (int32_t)d;
		}
	}
	return sum < 0 ? 0 : (uint64_t)sum;
}

/* CommitLimit: overcommit_kbytes, or overcommit_ratio percent of the RAM
 * that is not huge pages; plus all swap. */
static uint64_t commit_limit(struct kmem *m, uint64_t ram, uint64_t huge, uint64_t swap)
{
	uint64_t a, kb = 0, ratio = 50;
	if (kernel_symbol(m->k, "sysctl_overcommit_kbytes", &a) == 0)
		kernel_read_u64(m->k, a, &kb);
	if (kb)
		return kb / (m->page_size / 1024) + swap;
	if (kernel_symbol(m->k, "sysctl_overcommit_ratio", &a) == 0)
		kernel_read_uint(m->k, a, 4, &ratio);
	return (ram - huge) * ratio / 100 + swap;
}

static int64_t slab_pages(struct kmem *m)
{
	int64_t r = 0, u = 0;
	if (vmstat(m, "vm_node_stat", "NR_SLAB_RECLAIMABLE_B", &r)) {
		vmstat(m, "vm_node_stat", "NR_SLAB_UNRECLAIMABLE_B", &u);
	} else if (node_stat(m, "NR_SLAB_RECLAIMABLE") || node_stat(m, "NR_SLAB_UNRECLAIMABLE")) {
		r = node_stat(m, "NR_SLAB_RECLAIMABLE");
		u = node_stat(m, "NR_SLAB_UNRECLAIMABLE");
	}
	return (r < 0 ? 0 : r) + (u < 0 ? 0 : u);
}

static int kmem_info(struct kmem *m)
{
	uint64_t ram = total_ram(m), freep, buffers, cached, slab, htot, hfree, stot, sused;
	int64_t file;

	if (!ram)
		return crash_error(m->s, "cannot read totalram_pages");
	freep = (uint64_t)zone_stat(m, "NR_FREE_PAGES");
	buffers = buffer_pages(m);
	file = node_stat(m, "NR_FILE_PAGES") - node_stat(m, "NR_SWAPCACHE") - (int64_t)buffers;
	cached = file < 0 ? 0 : (uint64_t)file;
	slab = (uint64_t)slab_pages(m);

	fprintf(m->out, "                 PAGES        TOTAL      PERCENTAGE\n");
	line_total(m, "TOTAL MEM", ram);
	line_pct(m, "FREE", freep, ram, "TOTAL MEM");
	line_pct(m, "USED", ram > freep ? ram - freep : 0, ram, "TOTAL MEM");
	line_pct(m, "BUFFERS", buffers, ram, "TOTAL MEM");
	line_pct(m, "CACHED", cached, ram, "TOTAL MEM");
	line_pct(m, "SLAB", slab, ram, "TOTAL MEM");
	bool huge = huge_pages(m, &htot, &hfree);
	if (huge) {
		fputc('\n', m->out);
		line_total(m, "TOTAL HUGE", htot);
		line_pct(m, "HUGE FREE", hfree, htot, "TOTAL HUGE");
	}
	fputc('\n', m->out);
	if (swap_pages(m, &stot, &sused)) {
		line_total(m, "TOTAL SWAP", stot);
		line_pct(m, "SWAP USED", sused, stot, "TOTAL SWAP");
		line_pct(m, "SWAP FREE", stot - (sused < stot ? sused : stot), stot, "TOTAL SWAP");
	}
	uint64_t a;
	if (kernel_symbol(m->k, "sysctl_overcommit_memory", &a) == 0) {
		uint64_t limit = commit_limit(m, ram, htot, stot);
		fputc('\n', m->out);
		line_total(m, "COMMIT LIMIT", limit);
		line_pct(m, "COMMITTED", committed_pages(m), limit, "TOTAL LIMIT");
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
	int shown;
};

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
	if (slab_cache_counts(x->m->k, &x->c) != 0)
		crash_warn(x->m->s, "%s: %s", x->c.name, err_get());
	if (!x->shown)
		fputs(slab_hdr, x->m->out);
	cache_line(x->m, &x->c);
	x->shown++;
	return x->name != NULL;	/* a named cache: done */
}

static int kmem_slabs(struct kmem *m, const char *name)
{
	struct slab_list_ctx x = { .m = m, .name = name };
	if (slab_foreach_cache(m->k, slab_list_one, &x) < 0)
		return crash_error(m->s, "%s", err_get());
	if (crash_interrupted())
		return crash_error(m->s, "interrupted");
	if (name && !x.shown)
		return crash_error(m->s, "invalid kmem_cache name: %s", name);
	return 0;
}

/* ---------------------------------------------------------------- -p */

static void page_header(struct kmem *m)
{
	char line[128];
	pageinfo_header(m->k, line, sizeof(line));
	fprintf(m->out, "%s\n", line);
}

static int page_line(struct kmem *m, uint64_t pfn)
{
	struct pageinfo pi;
	char line[512];
	if (pageinfo_get(m->k, pfn, &pi) != 0)
		return -1;
	pageinfo_line(m->k, &pi, line, sizeof(line));
	fprintf(m->out, "%s\n", line);
	return 0;
}

static int kmem_pages_all(struct kmem *m)
{
	uint64_t a, max;
	if (kernel_symbol(m->k, "max_pfn", &a) != 0 || kernel_read_u64(m->k, a, &max) != 0)
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

static bool show_slab_object(struct kmem *m, uint64_t addr, int *rc)
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
	if (so.allocated)
		fprintf(m->out, "  [%" PRIx64 "]\n", so.obj);
	else
		fprintf(m->out, "   %" PRIx64 "  \n", so.obj);
	/* a live task_struct: which task, as crash shows it */
	if (so.allocated && !strcmp(c.name, "task_struct") && ktask_by_addr(m->k, so.obj)) {
		fputc('\n', m->out);
		tasks_print_context(m->k, m->out, so.obj);
	}
	show_page_of(m, addr);
	return true;
}

struct vmap_find {
	struct kernel *k;
	uint64_t addr, va, vm, start, end;
	long off_start, off_end, off_vm;
	bool found;
};

static int vmap_cb(void *arg, uint64_t va)
{
	struct vmap_find *f = arg;
	uint64_t s, e;
	if (kernel_read_u64(f->k, va + (uint64_t)f->off_start, &s) != 0 ||
	    kernel_read_u64(f->k, va + (uint64_t)f->off_end, &e) != 0)
		return -1;
	if (f->addr >= s && f->addr < e) {
		f->va = va;
		f->start = s;
		f->end = e;
		if (f->off_vm >= 0)
			kernel_read_u64(f->k, va + (uint64_t)f->off_vm, &f->vm);
		f->found = true;
		return 1;
	}
	return f->addr < s;	/* in address order: past it */
}

/* The busy vmap areas: one rbtree (vmap_area_root), or one per vmap node
 * (vmap_nodes[nr_vmap_nodes], member busy.root) in newer kernels. */
static void vmap_search(struct kmem *m, struct vmap_find *f)
{
	long rb = kernel_offsetof(m->k, "struct vmap_area", "rb_node");
	uint64_t a, nodes, n = 0;
	if (rb < 0)
		return;
	if (kernel_symbol(m->k, "vmap_area_root", &a) == 0) {
		kwalk_rbtree(m->k, a, rb, vmap_cb, f);
		return;
	}
	long nsz = kernel_sizeof(m->k, "struct vmap_node");
	long busy = kernel_offsetof(m->k, "struct vmap_node", "busy.root");
	if (nsz <= 0 || busy < 0 || kernel_symbol(m->k, "vmap_nodes", &a) != 0 ||
	    kernel_read_u64(m->k, a, &nodes) != 0 || kernel_symbol(m->k, "nr_vmap_nodes", &a) != 0 ||
	    kernel_read_uint(m->k, a, 4, &n) != 0)
		return;
	for (uint64_t i = 0; i < n && i < 4096 && !f->found; i++)
		kwalk_rbtree(m->k, nodes + i * (uint64_t)nsz + (uint64_t)busy, rb, vmap_cb, f);
}

static bool show_vmalloc(struct kmem *m, uint64_t addr)
{
	struct vmap_find f = { .k = m->k, .addr = addr };
	f.off_start = kernel_offsetof(m->k, "struct vmap_area", "va_start");
	f.off_end = kernel_offsetof(m->k, "struct vmap_area", "va_end");
	f.off_vm = kernel_offsetof(m->k, "struct vmap_area", "vm");
	if (f.off_start < 0 || f.off_end < 0)
		return false;
	vmap_search(m, &f);
	if (!f.found)
		return false;
	fprintf(m->out, "   VMAP_AREA         VM_STRUCT                 ADDRESS RANGE                SIZE\n");
	fprintf(m->out, "%-16" PRIx64 "  %-16" PRIx64 "  %" PRIx64 " - %" PRIx64 "  %7" PRIu64 "\n",
		f.va, f.vm, f.start, f.end, f.end - f.start);
	show_page_of(m, addr);
	return true;
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

static int kmem_addr(struct kmem *m, const char *arg)
{
	uint64_t addr, pa;
	int rc = 0;
	if (addrarg_resolve(m->k, arg, &addr) != 0)
		return crash_error(m->s, "%s", err_get());
	if (!arch_is_kvaddr(kernel_arch(m->k), addr))
		return crash_error(m->s, "%" PRIx64 ": not a kernel virtual address", addr);
	if (show_symbol(m, addr, arg))
		return 0;
	if (show_slab_object(m, addr, &rc))
		return rc;
	if (show_vmalloc(m, addr))
		return 0;
	if (kernel_kvtop(m->k, addr, &pa) != 0)
		return crash_error(m->s, "%" PRIx64 ": kernel virtual address not mapped", addr);
	page_header(m);
	page_line(m, pa / m->page_size);
	return 0;
}

/* ---------------------------------------------------------------- run */

static const char usage[] = "usage: kmem -i | -s [cache] | -p [physaddr ...] | address ...";

static int kmem_run(struct crash_session *s, int argc, char **argv)
{
	struct kmem m = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	int opt, mode = 0, rc = 0;

	optind = 0;
	opterr = 0;
	while ((opt = getopt(argc, argv, "ispfFvVnzcCohSrgPmI")) != -1) {
		switch (opt) {
		case 'i': case 's': case 'p':
			if (mode && mode != opt)
				return crash_error(s, "only one of -i, -s and -p at a time");
			mode = opt;
			break;
		case '?':
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
	switch (mode) {
	case 'i':
		if (optind < argc)
			return crash_error(s, "kmem -i takes no argument");
		return kmem_info(&m);
	case 's':
		if (argc - optind > 1)
			return crash_error(s, "kmem -s: only one cache name at a time");
		return kmem_slabs(&m, optind < argc ? argv[optind] : NULL);
	case 'p':
		if (optind == argc)
			return kmem_pages_all(&m);
		return kmem_pages(&m, argc - optind, argv + optind);
	}
	if (optind == argc)
		return crash_error(s, "%s", usage);
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			fputc('\n', m.out);
		if (kmem_addr(&m, argv[i]) != 0)
			rc = 1;
	}
	return rc;
}

static const struct crash_cmd kmem_cmd = {
	.name = "kmem",
	.run = kmem_run,
	.summary = "kernel memory",
	.synopsis = "-i | -s [cache] | -p [physaddr ...] | address ...",
	.description =
		"Reports on the kernel's memory.\n"
		"\n"
		"  -i          how memory is used: total, free and used RAM, block-device\n"
		"              buffers, the page cache, slab pages, huge pages, swap, and\n"
		"              the commit limit with how much is committed, from the\n"
		"              kernel's global page counters.\n"
		"  -s [cache]  every slab cache (or the one named): object size, objects\n"
		"              allocated and in all, slabs, slab size.  Totals come from\n"
		"              the per-node counters; the free objects are those on the\n"
		"              partial lists, the per-cpu slabs and their freelists.\n"
		"  -p [phys]   the struct page of each physical address given, or of\n"
		"              every page frame.\n"
		"  address     what a kernel address is: a kernel symbol, an object of a\n"
		"              slab cache (allocated objects in brackets), a vmalloc area,\n"
		"              or some other page; then the struct page it lies in.\n"
		"\n"
		"An address inside a live task_struct also shows that task.  The free\n"
		"lists (-f, -F), zones (-z), the vmalloc list (-v), memory sections (-n),\n"
		"per-slab listings (-S, -r, -I), -g, -m, -P, -c, -C, -o, -h and -V are\n"
		"not available: each gives a one-line error.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> kmem -s task_struct\n"
		"  CACHE             OBJSIZE  ALLOCATED     TOTAL  SLABS  SSIZE  NAME\n"
		"  ffff8f3e811b7a00     8328        207       219     75    32k  task_struct\n"
		"\n"
		"  crash> kmem -p 11fc000\n"
		"        PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS\n"
		"  fffff74000047f00  11fc000 dead000000000400        0  0 fffffc0000000\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(kmem_cmd)
