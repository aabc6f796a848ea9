/* kmem's pieces, one file per concern: kmem.c (options, -i, -s, -p,
 * -v, ADDR), kmem_counters.c (-V, -o, -h), kmem_zones.c (-z, -f, -F,
 * -n), kmem_pageflags.c (-g), kmem_members.c (-m), kmem_slab.c (-S, -I).  Internal to the kmem command. */
#ifndef CRASH_COMMANDS_KMEM_H
#define CRASH_COMMANDS_KMEM_H

#include <stdio.h>

#include "extensions/crash-api.h"

struct kmem {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	uint64_t page_size;
	const char *ignore;	/* -I: caches left out of -s and -S, comma-separated */
	bool slab_objects;	/* -S: every object of each cache listed */
	const bool *cpus;	/* -S=cpus: those CPUs' slabs only (NULL: all) */
};

/* -S: the objects of cache c, after its -s line. */
int kmem_slab_objects(struct kmem *m, const struct slab_cache *c);
/* -I: whether cache name is one to leave out. */
bool kmem_slab_ignored(const struct kmem *m, const char *name);

int kmem_vmstat(struct kmem *m);			/* -V */
int kmem_percpu_offsets(struct kmem *m);		/* -o */
int kmem_hstates(struct kmem *m);			/* -h */
int kmem_zone_stats(struct kmem *m);			/* -z */
int kmem_free_lists(struct kmem *m, bool every_page);	/* -f, -F */
int kmem_free_addr(struct kmem *m, const char *arg);	/* -f ADDR */
int kmem_nodes(struct kmem *m);				/* -n */
int kmem_page_flags(struct kmem *m, const char *arg);	/* -g [flags] */
int kmem_page_members(struct kmem *m, const char *list, int argc, char **argv,
		      bool phys);				/* -m */

/* " " padding of s centered in width w, as crash's columns are. */
void kmem_center(FILE *out, int w, const char *s);

#endif
