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
#include "kernel-types/linux/zones.h"
#include "kernel-types/walk.h"
#include "kernel-types/types.h"

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

/* ---- every object of a cache (kmem -S) ---- */

/* Slab objects marked at most per slab (objects is a 15-bit field). */
#define SLAB_OBJS_MAX 32768u

struct cache_walk {
	struct kernel *k;
	struct slab_layout l;
	const struct slab_cache *c;
	const struct slab_visit *v;
	void *arg;
	uint64_t random;
	int stop;
	uint8_t *state;		/* SLAB_OBJ_* of each object of the slab at hand */
};

struct node_of_pfn {
	uint64_t pfn;
	int node;
};

static int node_of_pfn_cb(void *arg, const struct knode_info *n)
{
	struct node_of_pfn *x = arg;
	if (x->pfn >= n->start_pfn && x->pfn - n->start_pfn < n->spanned) {
		x->node = n->id;
		return 1;
	}
	return 0;
}

/* The node whose memory a struct page describes: the node whose page
 * frames hold it, -1 when none does. */
static int slab_node(struct kernel *k, uint64_t slab)
{
	struct node_of_pfn x = { 0, -1 };
	if (page_pfn(k, slab, &x.pfn) != 0 || node_foreach(k, node_of_pfn_cb, &x) < 0)
		return -1;
	return x.node;
}

/* Marks the objects of the freelist at head as st; the count marked. */
static unsigned mark_free(struct cache_walk *w, uint64_t base, unsigned objects, uint64_t head,
			  uint8_t st)
{
	unsigned n = 0;
	while (head && n < objects) {
		uint64_t idx;
		if (head < base || (idx = (head - base) / w->c->size) >= objects)
			break;	/* not in this slab: a damaged freelist ends here */
		if (w->state[idx] != SLAB_OBJ_ALLOCATED)
			break;	/* a loop */
		w->state[idx] = st;
		n++;
		if (next_free(w->k, &w->l, w->c, w->random, head, &head) != 0)
			break;
	}
	return n;
}

/* One slab and its objects; cpu_fl: the lockless freelist of the CPU
 * whose slab it is (0 for none). */
static int visit_slab(struct cache_walk *w, enum slab_where where, int id, uint64_t slab,
		      uint64_t cpu_fl)
{
	const struct arch_info *ai = arch_get_info(kernel_arch(w->k));
	struct slab_info si = { .slab = slab };
	unsigned inuse = 0;
	uint64_t pfn, fl = 0;

	if (read_counts(w->k, &w->l, slab, &inuse, &si.objects) != 0 ||
	    page_pfn(w->k, slab, &pfn) != 0)
		return -1;
	if (si.objects > SLAB_OBJS_MAX)
		si.objects = SLAB_OBJS_MAX;
	si.base = arch_ptov(kernel_arch(w->k), pfn * ai->page_size);
	si.node = slab_node(w->k, slab);
	memset(w->state, SLAB_OBJ_ALLOCATED, si.objects);
	/* a CPU's slab: its own freelist (remote frees) is the CPU's too */
	if (kernel_read_member(w->k, slab, w->l.type, "freelist", &fl) == 0 && fl)
		si.free += mark_free(w, si.base, si.objects, fl,
				     where == SLAB_CPU_SLAB ? SLAB_OBJ_CPU_FREE : SLAB_OBJ_FREE);
	if (cpu_fl)
		si.free += mark_free(w, si.base, si.objects, cpu_fl, SLAB_OBJ_CPU_FREE);
	if (w->v->slab && (w->stop = w->v->slab(w->arg, where, id, &si)))
		return 1;
	for (unsigned i = 0; i < si.objects && w->v->object; i++) {
		uint64_t obj = si.base + i * w->c->size + w->c->red_left_pad;
		if ((w->stop = w->v->object(w->arg, obj, (enum slab_obj_state)w->state[i],
					    where <= SLAB_CPU_PARTIAL ? id : -1)))
			return 1;
	}
	return 0;
}

struct list_visit {
	struct cache_walk *w;
	enum slab_where where;
	int id, n;
};

static int list_slab(void *arg, uint64_t slab)
{
	struct list_visit *lv = arg;
	lv->n++;
	if (visit_slab(lv->w, lv->where, lv->id, slab, 0) != 0)
		return 1;
	return 0;
}

static bool list_start(struct cache_walk *w, enum slab_where where, int id, bool tracked)
{
	return w->v->list && (w->stop = w->v->list(w->arg, where, id, tracked));
}

static bool list_done(struct cache_walk *w, enum slab_where where, int id, int n)
{
	return w->v->list_end && (w->stop = w->v->list_end(w->arg, where, id, n));
}

static int walk_cpu(struct cache_walk *w, int cpu, uint64_t kc)
{
	uint64_t slab = 0, fl = 0, part = 0;
	if (w->v->cpu && (w->stop = w->v->cpu(w->arg, cpu, kc)))
		return 1;
	if (kc && w->l.cpu_slab >= 0)
		kernel_read_u64(w->k, kc + (uint64_t)w->l.cpu_slab, &slab);
	if (kc && w->l.cpu_freelist >= 0)
		kernel_read_u64(w->k, kc + (uint64_t)w->l.cpu_freelist, &fl);
	if (list_start(w, SLAB_CPU_SLAB, cpu, true))
		return 1;
	if (slab && visit_slab(w, SLAB_CPU_SLAB, cpu, slab, fl) != 0 && w->stop)
		return 1;
	if (list_done(w, SLAB_CPU_SLAB, cpu, slab ? 1 : 0))
		return 1;
	if (kc && w->l.cpu_partial >= 0 && w->l.next >= 0)
		kernel_read_u64(w->k, kc + (uint64_t)w->l.cpu_partial, &part);
	if (list_start(w, SLAB_CPU_PARTIAL, cpu, w->l.cpu_partial >= 0))
		return 1;
	struct list_visit lv = { w, SLAB_CPU_PARTIAL, cpu, 0 };
	if (part)
		kwalk_chain(w->k, part, w->l.next, 0, list_slab, &lv);
	if (w->stop || list_done(w, SLAB_CPU_PARTIAL, cpu, lv.n))
		return 1;
	return 0;
}

static int walk_node(struct cache_walk *w, int node, uint64_t np)
{
	uint64_t nr = 0, npart = 0, flags = 0, store_user = 0x10000;
	long full = kernel_offsetof(w->k, "struct kmem_cache_node", "full");
	long nrp = kernel_offsetof(w->k, "struct kmem_cache_node", "nr_partial");
	if (w->l.node_nr_slabs >= 0)
		kernel_read_u64(w->k, np + (uint64_t)w->l.node_nr_slabs, &nr);
	if (nrp >= 0)
		kernel_read_u64(w->k, np + (uint64_t)nrp, &npart);
	if (w->v->node && (w->stop = w->v->node(w->arg, node, np, nr, npart)))
		return 1;
	if (list_start(w, SLAB_NODE_PARTIAL, node, true))
		return 1;
	struct list_visit lv = { w, SLAB_NODE_PARTIAL, node, 0 };
	if (kwalk_list(w->k, np + (uint64_t)w->l.node_partial, w->l.list, false, list_slab, &lv) < 0 &&
	    !w->stop)
		return -1;
	if (w->stop || list_done(w, SLAB_NODE_PARTIAL, node, lv.n))
		return 1;
	/* SLUB keeps full slabs on a list only for SLAB_STORE_USER caches
	 * (a bit of enum _slab_flag_bits since 6.8, 0x10000 before) */
	int64_t bit;
	if (kernel_enum_value(w->k, "_SLAB_STORE_USER", &bit) == 0 && bit >= 0 && bit < 64)
		store_user = 1ull << bit;
	kernel_read_member(w->k, w->c->addr, "struct kmem_cache", "flags", &flags);
	bool tracked = full >= 0 && (flags & store_user);
	if (list_start(w, SLAB_NODE_FULL, node, tracked))
		return 1;
	struct list_visit fv = { w, SLAB_NODE_FULL, node, 0 };
	if (tracked &&
	    kwalk_list(w->k, np + (uint64_t)full, w->l.list, false, list_slab, &fv) < 0 && !w->stop)
		return -1;
	if (w->stop || list_done(w, SLAB_NODE_FULL, node, fv.n))
		return 1;
	return 0;
}

int slab_cache_walk(struct kernel *k, const struct slab_cache *c, const bool *cpus,
		    const struct slab_visit *v, void *arg)
{
	struct cache_walk w = { .k = k, .c = c, .v = v, .arg = arg };
	uint64_t cpu_slab;
	int rc = 0;

	if (layout(k, &w.l) != 0)
		return -1;
	if (!c->size) {
		err_set("kmem_cache %" PRIx64 ": object size 0", c->addr);
		return -1;
	}
	w.random = cache_random(k, &w.l, c->addr);
	w.state = malloc(SLAB_OBJS_MAX);
	if (!w.state) {
		err_set("out of memory");
		return -1;
	}
	if (kernel_read_member(k, c->addr, "struct kmem_cache", "cpu_slab", &cpu_slab) == 0) {
		int ncpu = kernel_nr_cpus(k);
		for (int cpu = 0; cpu < ncpu && !w.stop; cpu++) {
			uint64_t kc = 0;
			if (cpus && !cpus[cpu])
				continue;
			if (kernel_percpu_ptr(k, cpu_slab, cpu, &kc) != 0)
				kc = 0;
			walk_cpu(&w, cpu, kc);
		}
	}
	int nn = nr_nodes(k);
	for (int n = 0; n < nn && !w.stop; n++) {
		uint64_t np;
		if (node_ptr(k, c->addr, n, &np) != 0) {
			rc = -1;
			break;
		}
		if (np && walk_node(&w, n, np) < 0) {
			rc = -1;
			break;
		}
	}
	free(w.state);
	return rc;
}

/* The types of the symbols read here, for a type source (BTF) that has
 * none for them (ktype_of_symbol). */
static const struct ktype_symbol_decl slab_symbol_types[] = {
	{ "slab_caches", "struct list_head" },
};
KTYPE_DECLARE_SYMBOLS(slab_symbol_types)
