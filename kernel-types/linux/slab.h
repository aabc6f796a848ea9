/* SLUB slab caches: the slab_caches list, per-cache object counts from
 * the kmem_cache_node counters, partial lists and per-cpu slabs, and the
 * slab object an address falls in. */
#ifndef CRASH_KERNEL_TYPES_LINUX_SLAB_H
#define CRASH_KERNEL_TYPES_LINUX_SLAB_H

#include <stdbool.h>
#include <stdint.h>

struct kernel;

struct slab_cache {
	uint64_t addr;		/* struct kmem_cache */
	char name[64];
	uint64_t objsize;	/* object_size: what the user asked for */
	uint64_t size;		/* stride of objects in a slab (with metadata) */
	uint64_t offset;	/* of the free pointer in a free object */
	uint64_t red_left_pad;
	unsigned objects;	/* per slab of the preferred order */
	unsigned order;
	/* filled by slab_cache_counts() */
	uint64_t total, allocated, slabs;
};

/* Read the cache at addr (name, sizes, order). 0, -1 with err_get(). */
int slab_cache_read(struct kernel *k, uint64_t addr, struct slab_cache *c);
/* Count the cache's slabs, objects and allocated objects: total objects
 * and slabs from the per-node counters; free objects from the partial
 * lists, the per-cpu slabs, their freelists and per-cpu partial slabs. */
int slab_cache_counts(struct kernel *k, struct slab_cache *c);

/* Each cache on slab_caches, in list order; fn's non-zero return stops. */
typedef int (*slab_cache_fn)(void *arg, uint64_t cache);
int slab_foreach_cache(struct kernel *k, slab_cache_fn fn, void *arg);

/* Where addr is in the slab allocator. */
struct slab_obj {
	uint64_t slab;		/* struct slab (or struct page) of the slab */
	uint64_t cache;		/* its kmem_cache */
	uint64_t base;		/* first byte of the slab's memory */
	uint64_t obj;		/* the object that holds addr */
	unsigned objects, inuse;/* in this slab (inuse counts per-cpu frees) */
	bool allocated;
	int node;		/* 0: the node is not worked out */
};

/* 1 with so filled when addr lies in a slab page, 0 when it does not,
 * negative with err_get() on a read error. */
int slab_find_object(struct kernel *k, uint64_t addr, struct slab_obj *so);

/* Every object of one cache, as kmem -S lists them: each CPU's
 * kmem_cache_cpu with its slab and per-cpu partial slabs, then each
 * node's kmem_cache_node with its partial slabs and, where SLUB tracks
 * them (SLAB_STORE_USER debugging), its full ones.  A slab's objects come
 * after it, in address order, each allocated, free on the slab's
 * freelist, or free on its CPU's lockless freelist.  Every list and
 * freelist is bounded. */
enum slab_where { SLAB_CPU_SLAB, SLAB_CPU_PARTIAL, SLAB_NODE_PARTIAL, SLAB_NODE_FULL };
enum slab_obj_state { SLAB_OBJ_ALLOCATED, SLAB_OBJ_FREE, SLAB_OBJ_CPU_FREE };

struct slab_info {
	uint64_t slab;		/* struct slab (or page) */
	uint64_t base;		/* its memory */
	int node;		/* the node whose memory it is, -1 unknown */
	unsigned objects, free;	/* free: on either freelist */
};

struct slab_visit {
	/* a CPU's kmem_cache_cpu, before its slabs (0 when not read) */
	int (*cpu)(void *arg, int cpu, uint64_t kmem_cache_cpu);
	/* the start of a list (CPU slab, CPU partial, node partial, node
	 * full; id is the CPU or node); tracked false: SLUB keeps no such list */
	int (*list)(void *arg, enum slab_where w, int id, bool tracked);
	int (*slab)(void *arg, enum slab_where w, int id, const struct slab_info *s);
	int (*object)(void *arg, uint64_t obj, enum slab_obj_state st, int cpu);
	/* the end of a list, with the number of slabs on it */
	int (*list_end)(void *arg, enum slab_where w, int id, int nslabs);
	/* a node's kmem_cache_node and counters, before its lists */
	int (*node)(void *arg, int node, uint64_t kmem_cache_node, uint64_t nr_slabs,
		    uint64_t nr_partial);
};

/* cpus: which CPUs' lists (NULL: every CPU's); a callback may be NULL and
 * returns non-zero to stop.  0, or -1 with err_get(). */
int slab_cache_walk(struct kernel *k, const struct slab_cache *c, const bool *cpus,
		    const struct slab_visit *v, void *arg);

#endif
