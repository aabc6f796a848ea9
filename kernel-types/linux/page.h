/* struct page: the page frame's descriptor in the virtual memory map
 * (vmemmap), as crash's page lines show it (vtop, kmem -p, files -p):
 * where the struct lives, mapping, index, reference count and flags, and
 * the names of the flags. */
#ifndef CRASH_KERNEL_TYPES_LINUX_PAGE_H
#define CRASH_KERNEL_TYPES_LINUX_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

/* The struct page of page frame pfn, and back; -1 with err_get() when the
 * kernel's memory map is not virtually mapped (or page is not in it). */
int page_of_pfn(struct kernel *k, uint64_t pfn, uint64_t *page);
int page_pfn(struct kernel *k, uint64_t page, uint64_t *pfn);
/* The head page of a compound page that page is a tail of, else page. */
uint64_t page_head(struct kernel *k, uint64_t page);
/* Page frames the kernel knows of (max_pfn).  0, or negative. */
int page_max_pfn(struct kernel *k, uint64_t *max);

struct page_info {
	uint64_t page;		/* struct page address (vmemmap) */
	uint64_t paddr;		/* the page's physical address */
	bool readable;		/* the struct page could be read */
	uint64_t mapping, index, flags;
	int count;		/* _refcount (or _count) */
};
/* The struct page at page.  0; or negative with err_get() when page is
 * no struct page address or its flags cannot be read (pi->readable is
 * false, page and paddr are set). */
int page_read(struct kernel *k, uint64_t page, struct page_info *pi);
/* The same for page frame pfn, where a struct page that is not in the
 * dump is no error: 0 with pi->readable false.  -1 only when there is
 * no memory map. */
int page_info_pfn(struct kernel *k, uint64_t pfn, struct page_info *pi);

/* Names of the flags set in a page's flags word, comma-separated
 * ("referenced,uptodate,lru"), into buf ("" when none):
 *  - page_flags_names(): from the kernel's pageflag_names[] table, which
 *    %pGp and crash print (masks, so "head" and the like too);
 *  - page_flags_pg_names(): from the PG_ enumerators of enum pageflags
 *    below __NR_PAGEFLAGS, the first of two names that share a bit. */
void page_flags_names(struct kernel *k, uint64_t flags, char *buf, size_t len);
void page_flags_pg_names(struct kernel *k, uint64_t flags, char *buf, size_t len);

/* Pages referenced more than once that are not reserved (_refcount > 1,
 * no PG_reserved), crash's SHARED of kmem -i (its own tally, not the
 * kernel's: mapped or not, as crash counts), counted
 * over the memory map of page frames 0 to max_pfn; struct pages not in
 * the dump are left out.  0, or -1 with err_get() when there is no
 * memory map; interrupted (crash_interrupted() in the commands) by
 * stop() returning true, which may be NULL. */
int page_count_shared(struct kernel *k, bool (*stop)(void), uint64_t *shared);

/* The page flag bits, every enumerator of enum pageflags below
 * __NR_PAGEFLAGS in the enum's order, aliases too (PG_checked shares
 * PG_owner_priv_1's bit), as kmem -g lists them.  The number of entries
 * put in out[] (at most max), or -1 with err_get() when the kernel's
 * types have no enum pageflags. */
struct page_flag_bit {
	const char *name;	/* "PG_locked"; lives as long as k */
	int bit;
};
int page_flag_bits(struct kernel *k, struct page_flag_bit *out, int max);

#endif
