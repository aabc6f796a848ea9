/* A small LRU cache of decompressed pages, so that walking a kernel list
 * whose nodes share a page inflates that page once.  Bounded in pages. */
#include "readers/internal.h"

#include "common/xalloc.h"

#include <stdlib.h>

struct pc_entry {
	uint64_t key;
	bool valid;
	struct pc_entry *hnext;		/* hash chain */
	struct pc_entry *prev, *next;	/* LRU list, most recent first */
	unsigned char *data;
};

struct page_cache {
	size_t n, nbuckets;
	struct pc_entry *ents;
	struct pc_entry **buckets;
	struct pc_entry *head, *tail;
	struct pc_entry *pending;
	unsigned char *mem;
};

static size_t bucket(const struct page_cache *pc, uint64_t key)
{
	key *= 0x9e3779b97f4a7c15ull;
	return (size_t)(key >> 32) & (pc->nbuckets - 1);
}

struct page_cache *pcache_new(size_t nr_pages, size_t page_size)
{
	struct page_cache *pc = xcalloc(1, sizeof(*pc));
	pc->n = nr_pages;
	pc->nbuckets = 1;
	while (pc->nbuckets < nr_pages * 2)
		pc->nbuckets <<= 1;
	pc->ents = xcalloc(nr_pages, sizeof(*pc->ents));
	pc->buckets = xcalloc(pc->nbuckets, sizeof(*pc->buckets));
	pc->mem = xcalloc(nr_pages, page_size);
	for (size_t i = 0; i < nr_pages; i++) {
		struct pc_entry *e = &pc->ents[i];
		e->data = pc->mem + i * page_size;
		e->prev = i ? &pc->ents[i - 1] : NULL;
		e->next = i + 1 < nr_pages ? &pc->ents[i + 1] : NULL;
	}
	pc->head = &pc->ents[0];
	pc->tail = &pc->ents[nr_pages - 1];
	return pc;
}

void pcache_free(struct page_cache *pc)
{
	if (!pc)
		return;
	free(pc->mem);
	free(pc->ents);
	free(pc->buckets);
	free(pc);
}

static void unlink_lru(struct page_cache *pc, struct pc_entry *e)
{
	if (e->prev) e->prev->next = e->next; else pc->head = e->next;
	if (e->next) e->next->prev = e->prev; else pc->tail = e->prev;
	e->prev = e->next = NULL;
}

static void push_front(struct page_cache *pc, struct pc_entry *e)
{
	e->prev = NULL;
	e->next = pc->head;
	if (pc->head) pc->head->prev = e;
	pc->head = e;
	if (!pc->tail) pc->tail = e;
}

static void unhash(struct page_cache *pc, struct pc_entry *e)
{
	struct pc_entry **pp = &pc->buckets[bucket(pc, e->key)];
	while (*pp && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = e->hnext;
	e->valid = false;
}

const void *pcache_get(struct page_cache *pc, uint64_t key)
{
	for (struct pc_entry *e = pc->buckets[bucket(pc, key)]; e; e = e->hnext) {
		if (e->key == key) {
			if (pc->head != e) {
				unlink_lru(pc, e);
				push_front(pc, e);
			}
			return e->data;
		}
	}
	return NULL;
}

void *pcache_slot(struct page_cache *pc, uint64_t key)
{
	struct pc_entry *e = pc->tail;
	if (e->valid)
		unhash(pc, e);
	e->key = key;
	pc->pending = e;
	return e->data;
}

void pcache_commit(struct page_cache *pc)
{
	struct pc_entry *e = pc->pending;
	if (!e)
		return;
	size_t b = bucket(pc, e->key);
	e->hnext = pc->buckets[b];
	pc->buckets[b] = e;
	e->valid = true;
	unlink_lru(pc, e);
	push_front(pc, e);
	pc->pending = NULL;
}

void pcache_abort(struct page_cache *pc)
{
	pc->pending = NULL;
}
