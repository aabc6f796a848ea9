/* kmem's pieces, one file per concern: kmem.c (options, -i, -s, -p,
 * -v, ADDR), kmem_counters.c (-V, -o, -h), kmem_zones.c (-z, -f, -F,
 * -n), kmem_pageflags.c (-g), kmem_members.c (-m).  Internal to the kmem command. */
#ifndef CRASH_COMMANDS_KMEM_H
#define CRASH_COMMANDS_KMEM_H

#include <stdio.h>

#include "extensions/crash-api.h"

struct kmem {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	uint64_t page_size;
};

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
