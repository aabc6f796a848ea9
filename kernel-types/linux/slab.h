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

#endif
