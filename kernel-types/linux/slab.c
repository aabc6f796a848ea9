/* SLUB slab caches for kmem -s and kmem ADDR.
 *
 * Newer kernels describe a slab with struct slab (overlaying struct
 * page); older ones use struct page itself, with lru for the list.  Both
 * carry inuse/objects bitfields and slab_cache/freelist pointers, so the
 * member names are probed once and the rest is the same. */
#include "kernel-types/linux/slab.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/page.h"
#include "kernel-types/walk.h"

/* Objects of one slab read from a freelist at most: a slab holds far
 * fewer (objects is a 15-bit field); a longer chain is corrupt. */
#define FREELIST_MAX 32768u
#define MAX_NODES 1024

struct slab_layout {
	const char *type;	/* "struct slab" or "struct page" */
	long list;		/* slab_list / lru */
	long next;		/* per-cpu partial chain */
	long node_partial, node_nr_slabs, node_total;
	long cpu_freelist, cpu_slab, cpu_partial;
	bool hardened;		/* free pointers obfuscated with s->random */
};

static int layout(struct kernel *k, struct slab_layout *l)
{
	memset(l, 0, sizeof(*l));
	l->type = kernel_sizeof(k, "struct slab") > 0 ? "struct slab" : "struct page";
	l->list = kernel_offsetof(k, l->type, "slab_list");
	if (l->list < 0)
		l->list = kernel_offsetof(k, l->type, "lru");
	l->next = kernel_offsetof(k, l->type, "next");
	l->node_partial = kernel_offsetof(k, "struct kmem_cache_node", "partial");
	l->node_nr_slabs = kernel_offsetof(k, "struct kmem_cache_node", "nr_slabs");
	l->node_total = kernel_offsetof(k, "struct kmem_cache_node", "total_objects");
	l->cpu_freelist = kernel_offsetof(k, "struct kmem_cache_cpu", "freelist");
	l->cpu_slab = kernel_offsetof(k, "struct kmem_cache_cpu", "slab");
	if (l->cpu_slab < 0)
		l->cpu_slab = kernel_offsetof(k, "struct kmem_cache_cpu", "page");
	l->cpu_partial = kernel_offsetof(k, "struct kmem_cache_cpu", "partial");
	l->hardened = kernel_offsetof(k, "struct kmem_cache", "random") >= 0;
	if (l->list < 0 || l->node_partial < 0 || kernel_offsetof(k, "struct kmem_cache", "node") < 0) {
		err_set("this kernel's slab allocator is not SLUB as known here");
		return -1;
	}
	return 0;
}

int slab_cache_read(struct kernel *k, uint64_t addr, struct slab_cache *c)
{
	uint64_t v, np, oo;
	int rc;

	memset(c, 0, sizeof(*c));
	c->addr = addr;
	if ((rc = kernel_read_member(k, addr, "struct kmem_cache", "name", &np)) != 0 ||
	    (rc = kernel_read_string(k, np, c->name, sizeof(c->name))) < 0 ||
	    (rc = kernel_read_member(k, addr, "struct kmem_cache", "size", &c->size)) != 0)
		return rc;
	if (kernel_read_member(k, addr, "struct kmem_cache", "object_size", &c->objsize) != 0)
		c->objsize = c->size;
	if (kernel_read_member(k, addr, "struct kmem_cache", "offset", &v) == 0)
		c->offset = v;
	if (kernel_read_member(k, addr, "struct kmem_cache", "red_left_pad", &v) == 0)
		c->red_left_pad = v;
	if (kernel_read_member(k, addr, "struct kmem_cache", "oo.x", &oo) != 0 &&
	    kernel_read_member(k, addr, "struct kmem_cache", "oo", &oo) != 0)
		return -1;
	c->objects = (unsigned)(oo & 0xffff);
	c->order = (unsigned)((oo >> 16) & 0xffff);
	/* a slab is at most a few MB (MAX_ORDER): more is a damaged cache */
	if (c->order > 20) {
		err_set("kmem_cache %" PRIx64 ": slab order %u is not plausible", addr, c->order);
		return -1;
	}
	return 0;
}

static int read_counts(struct kernel *k, const struct slab_layout *l, uint64_t slab,
		       unsigned *inuse, unsigned *objects)
{
	uint64_t v;
	int rc;
	if ((rc = kernel_read_member(k, slab, l->type, "inuse", &v)) != 0)
		return rc;
	*inuse = (unsigned)v;
	if ((rc = kernel_read_member(k, slab, l->type, "objects", &v)) != 0)
		return rc;
	*objects = (unsigned)v;
	return 0;
}

/* The next free object after obj, undoing CONFIG_SLAB_FREELIST_HARDENED's
 * obfuscation: stored = ptr ^ s->random ^ swab(address of the pointer). */
static int next_free(struct kernel *k, const struct slab_layout *l, const struct slab_cache *c,
		     uint64_t random, uint64_t obj, uint64_t *next)
{
	uint64_t at = obj + c->offset, v;
	if (kernel_read_u64(k, at, &v) != 0)
		return -1;
	if (l->hardened)
		v ^= random ^ __builtin_bswap64(at);
	*next = v;
	return 0;
}

/* Objects on the freelist starting at head; *found (when given) is set
 * when one of them is hit. */
static long count_freelist(struct kernel *k, const struct slab_layout *l,
			   const struct slab_cache *c, uint64_t random, uint64_t head,
			   uint64_t hit, bool *found)
{
	long n = 0;
	while (head && n < (long)FREELIST_MAX) {
		if (found && head == hit)
			*found = true;
		n++;
		if (next_free(k, l, c, random, head, &head) != 0)
			return -1;
	}
	return n;
}

struct partial_ctx {
	struct kernel *k;
	const struct slab_layout *l;
	uint64_t nfree;
};

static int partial_slab(void *arg, uint64_t slab)
{
	struct partial_ctx *p = arg;
	unsigned inuse, objects;
	if (read_counts(p->k, p->l, slab, &inuse, &objects) != 0)
		return -1;
	if (objects > inuse)
		p->nfree += objects - inuse;
	return 0;
}

static int nr_nodes(struct kernel *k)
{
	uint64_t a;
	uint32_t n;
	if (kernel_symbol(k, "nr_node_ids", &a) == 0 && kernel_read_u32(k, a, &n) == 0 && n >= 1 &&
	    n <= MAX_NODES)
		return (int)n;
	return 1;
}

static int node_ptr(struct kernel *k, uint64_t cache, int node, uint64_t *np)
{
	long off = kernel_offsetof(k, "struct kmem_cache", "node");
	return kernel_read_u64(k, cache + (uint64_t)off + 8u * (uint64_t)node, np);
}

/* Totals from each node: slabs and objects from the counters (present
 * with CONFIG_SLUB_DEBUG), free objects on the partial lists. */
static int count_nodes(struct kernel *k, const struct slab_layout *l, struct slab_cache *c,
		       uint64_t *nfree)
{
	int nn = nr_nodes(k);
	for (int n = 0; n < nn; n++) {
		uint64_t np, v;
		if (node_ptr(k, c->addr, n, &np) != 0)
			return -1;
		if (!np)
			continue;
		if (l->node_nr_slabs >= 0 && kernel_read_u64(k, np + (uint64_t)l->node_nr_slabs, &v) == 0)
			c->slabs += v;
		if (l->node_total >= 0 && kernel_read_u64(k, np + (uint64_t)l->node_total, &v) == 0)
			c->total += v;
		struct partial_ctx p = { k, l, 0 };
		if (kwalk_list(k, np + (uint64_t)l->node_partial, l->list, false, partial_slab, &p) != 0)
			return -1;
		*nfree += p.nfree;
	}
	return 0;
}

/* Free objects held by CPU cpu: its slab's own free count, its lockless
 * freelist, and its per-cpu partial slabs. */
static int count_cpu(struct kernel *k, const struct slab_layout *l, const struct slab_cache *c,
		     uint64_t random, uint64_t kc, uint64_t *nfree)
{
	uint64_t slab = 0, fl = 0, part = 0;
	unsigned inuse, objects;

	if (l->cpu_slab >= 0)
		kernel_read_u64(k, kc + (uint64_t)l->cpu_slab, &slab);
	if (slab && read_counts(k, l, slab, &inuse, &objects) == 0 && objects > inuse)
		*nfree += objects - inuse;
	if (l->cpu_freelist >= 0 && kernel_read_u64(k, kc + (uint64_t)l->cpu_freelist, &fl) == 0 &&
	    fl) {
		long n = count_freelist(k, l, c, random, fl, 0, NULL);
		if (n > 0)
			*nfree += (uint64_t)n;
	}
	if (l->cpu_partial >= 0 && l->next >= 0)
		kernel_read_u64(k, kc + (uint64_t)l->cpu_partial, &part);
	if (part) {
		/* the per-cpu partial slabs, chained through slab->next; a
		 * damaged chain ends the count with what it found */
		struct partial_ctx p = { k, l, 0 };
		kwalk_chain(k, part, l->next, 0, partial_slab, &p);
		*nfree += p.nfree;
	}
	return 0;
}

static uint64_t cache_random(struct kernel *k, const struct slab_layout *l, uint64_t cache)
{
	uint64_t r = 0;
	if (l->hardened)
		kernel_read_member(k, cache, "struct kmem_cache", "random", &r);
	return r;
}

int slab_cache_counts(struct kernel *k, struct slab_cache *c)
{
	struct slab_layout l;
	uint64_t nfree = 0, cpu_slab, random;

	if (layout(k, &l) != 0)
		return -1;
	c->total = c->slabs = 0;
	if (count_nodes(k, &l, c, &nfree) != 0)
		return -1;
	if (l.node_total < 0)	/* no counters: every slab full but the free ones */
		c->total = c->slabs * c->objects;
	random = cache_random(k, &l, c->addr);
	if (kernel_read_member(k, c->addr, "struct kmem_cache", "cpu_slab", &cpu_slab) == 0) {
		int ncpu = kernel_nr_cpus(k);
		for (int cpu = 0; cpu < ncpu; cpu++) {
			uint64_t kc;
			if (kernel_percpu_ptr(k, cpu_slab, cpu, &kc) != 0)
				continue;
			count_cpu(k, &l, c, random, kc, &nfree);
		}
	}
	c->allocated = nfree < c->total ? c->total - nfree : 0;
	return 0;
}

struct foreach_ctx {
	slab_cache_fn fn;
	void *arg;
};

static int foreach_one(void *arg, uint64_t cache)
{
	struct foreach_ctx *f = arg;
	return f->fn(f->arg, cache);
}

int slab_foreach_cache(struct kernel *k, slab_cache_fn fn, void *arg)
{
	uint64_t head;
	long off = kernel_offsetof(k, "struct kmem_cache", "list");
	struct foreach_ctx f = { fn, arg };

	if (kernel_symbol(k, "slab_caches", &head) != 0 || off < 0) {
		err_set("no slab_caches list in this kernel");
		return -1;
	}
	return kwalk_list(k, head, off, false, foreach_one, &f);
}

/* Whether the page says it belongs to the slab allocator: a PG_slab flag,
 * or (newer kernels) the slab page type in the top byte of page_type.
 * True when neither is known: the caller checks the cache pointer too. */
static bool page_is_slab(struct kernel *k, uint64_t page)
{
	int64_t bit;
	uint64_t v;
	if (kernel_enum_value(k, "PG_slab", &bit) == 0 && bit >= 0 && bit < 64) {
		if (kernel_read_member(k, page, "struct page", "flags", &v) != 0)
			return false;
		return (v >> bit) & 1;
	}
	if (kernel_enum_value(k, "PGTY_slab", &bit) == 0) {
		if (kernel_read_member(k, page, "struct page", "page_type", &v) != 0)
			return false;
		/* the enumerator 0xf5 may come back sign-extended (-11) */
		return ((v >> 24) & 0xff) == ((uint64_t)bit & 0xff);
	}
	return true;
}

struct is_cache_ctx {
	uint64_t want;
	bool found;
};

static int is_cache_cb(void *arg, uint64_t cache)
{
	struct is_cache_ctx *c = arg;
	if (cache == c->want) {
		c->found = true;
		return 1;
	}
	return 0;
}

/* Is obj on this slab's freelist, or on the freelist of a CPU whose
 * current slab this is?  The slab's allocated count is what neither
 * list holds: a CPU's slab keeps inuse at objects while the CPU hands
 * out its own freelist. */
static void object_state(struct kernel *k, const struct slab_layout *l, const struct slab_cache *c,
			 struct slab_obj *so)
{
	uint64_t random = cache_random(k, l, c->addr), fl = 0, cpu_slab;
	bool found = false;
	long nfree = 0, n;

	if (kernel_read_member(k, so->slab, l->type, "freelist", &fl) == 0 && fl &&
	    (n = count_freelist(k, l, c, random, fl, so->obj, &found)) > 0)
		nfree += n;
	if (kernel_read_member(k, c->addr, "struct kmem_cache", "cpu_slab", &cpu_slab) == 0 &&
	    l->cpu_slab >= 0 && l->cpu_freelist >= 0) {
		int ncpu = kernel_nr_cpus(k);
		for (int cpu = 0; cpu < ncpu; cpu++) {
			uint64_t kc, s = 0;
			if (kernel_percpu_ptr(k, cpu_slab, cpu, &kc) != 0 ||
			    kernel_read_u64(k, kc + (uint64_t)l->cpu_slab, &s) != 0 ||
			    s != so->slab ||
			    kernel_read_u64(k, kc + (uint64_t)l->cpu_freelist, &fl) != 0)
				continue;
			if ((n = count_freelist(k, l, c, random, fl, so->obj, &found)) > 0)
				nfree += n;
		}
	}
	so->allocated = !found;
	so->inuse = (unsigned)nfree < so->objects ? so->objects - (unsigned)nfree : 0;
}

int slab_find_object(struct kernel *k, uint64_t addr, struct slab_obj *so)
{
	struct slab_layout l;
	struct slab_cache *c;
	uint64_t pa, page, pfn, base;
	const struct arch_info *ai = arch_get_info(kernel_arch(k));
	int rc;

	memset(so, 0, sizeof(*so));
	if (layout(k, &l) != 0 || !ai)
		return -1;
	if (kernel_kvtop(k, addr, &pa) != 0)
		return 0;
	if (page_of_pfn(k, pa / ai->page_size, &page) != 0)
		return -1;
	page = page_head(k, page);
	if (!page_is_slab(k, page))
		return 0;
	if (kernel_read_member(k, page, l.type, "slab_cache", &so->cache) != 0 || !so->cache)
		return 0;
	struct is_cache_ctx ic = { so->cache, false };
	if (slab_foreach_cache(k, is_cache_cb, &ic) < 0 || !ic.found)
		return 0;
	c = calloc(1, sizeof(*c));
	if (!c) {
		err_set("out of memory");
		return -1;
	}
	if ((rc = slab_cache_read(k, so->cache, c)) != 0 || !c->size ||
	    (rc = read_counts(k, &l, page, &so->inuse, &so->objects)) != 0 ||
	    (rc = page_pfn(k, page, &pfn)) != 0) {
		free(c);
		return rc ? rc : -1;
	}
	base = arch_ptov(kernel_arch(k), pfn * ai->page_size);
	so->slab = page;
	so->base = base;
	uint64_t idx = (addr - base) / c->size;
	if (so->objects && idx >= so->objects)
		idx = so->objects - 1;
	so->obj = base + idx * c->size + c->red_left_pad;
	object_state(k, &l, c, so);
	free(c);
	return 1;
}
