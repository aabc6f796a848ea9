/* One physical page's struct page, as crash's page lines show it (vtop,
 * kmem -p): where the struct lives, mapping, index, reference count and
 * flags, with flag names from the kernel's own pageflag_names table. */
#ifndef CRASH_KERNEL_TYPES_PAGEINFO_H
#define CRASH_KERNEL_TYPES_PAGEINFO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

struct pageinfo {
	uint64_t page;		/* struct page address (vmemmap) */
	uint64_t paddr;		/* the page's physical address */
	bool readable;		/* the struct page could be read */
	uint64_t mapping, index, flags;
	int count;		/* _refcount (or _count) */
};

/* The struct page of page frame pfn; -1 with err_get() when the kernel's
 * memory map is not virtually mapped or pfn is beyond it. */
int pageinfo_get(struct kernel *k, uint64_t pfn, struct pageinfo *pi);
/* "      PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS" */
void pageinfo_header(struct kernel *k, char *buf, size_t len);
/* The matching line, flag names after the flags word. */
void pageinfo_line(struct kernel *k, const struct pageinfo *pi, char *buf, size_t len);
#endif
