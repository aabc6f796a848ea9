/* The page cache of an inode: address_space->i_pages, an xarray (4.20+)
 * of struct page / folio pointers indexed by file page number. */
#ifndef CRASH_KERNEL_TYPES_LINUX_PAGECACHE_H
#define CRASH_KERNEL_TYPES_LINUX_PAGECACHE_H

#include <stdint.h>

struct kernel;

/* address_space->nrpages. */
int pagecache_nrpages(struct kernel *k, uint64_t mapping, uint64_t *nr);

/* Call fn for each page in the mapping's xarray in index order (shadow
 * and other value entries skipped), through kwalk_xarray.  Stops on a
 * non-zero return of fn; -1 with err_get() on a read error or a damaged
 * tree. */
int pagecache_foreach(struct kernel *k, uint64_t mapping,
		      int (*fn)(void *arg, uint64_t index, uint64_t page), void *arg);

#endif
