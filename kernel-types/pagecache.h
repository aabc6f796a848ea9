/* The page cache of an inode: address_space->i_pages, an xarray (4.20+)
 * of struct page / folio pointers indexed by file page number. */
#ifndef CRASH_KERNEL_TYPES_PAGECACHE_H
#define CRASH_KERNEL_TYPES_PAGECACHE_H

#include <stdint.h>

struct kernel;

/* address_space->nrpages. */
int pagecache_nrpages(struct kernel *k, uint64_t mapping, uint64_t *nr);

/* Call fn for each page in the mapping's xarray in index order (shadow
 * and other value entries skipped).  Stops on a non-zero return of fn;
 * -1 with err_get() on a read error or a damaged tree. */
int pagecache_foreach(struct kernel *k, uint64_t mapping,
		      int (*fn)(void *arg, uint64_t index, uint64_t page), void *arg);

/* Generic xarray walk, for other users: each non-NULL entry that is not
 * internal (value entries included), with its index. */
int pagecache_xa_foreach(struct kernel *k, uint64_t xarray,
			 int (*fn)(void *arg, uint64_t index, uint64_t entry), void *arg);

struct pagecache_page {
	uint64_t paddr;		/* of the page frame */
	uint64_t flags;		/* page->flags */
	uint64_t mapping;
	uint64_t index;
	int count;		/* page->_refcount */
	char flag_names[256];	/* "referenced,uptodate,lru" */
};
int pagecache_page_info(struct kernel *k, uint64_t page, struct pagecache_page *pg);

/* Physical address of the frame a struct page describes (vmemmap). */
int pagecache_page_paddr(struct kernel *k, uint64_t page, uint64_t *paddr);

#endif
