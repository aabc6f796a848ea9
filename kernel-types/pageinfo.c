/* struct page lines for vtop and kmem. */
#include "kernel-types/pageinfo.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"

/* Flag names of pageflag_names[] ({mask, name} pairs ending in a NULL
 * name), read once per kernel. */
#define MAX_PAGEFLAGS 64
static struct {
	struct kernel *k;
	int n;
	uint64_t mask[MAX_PAGEFLAGS];
	char name[MAX_PAGEFLAGS][24];
} names;

static void load_names(struct kernel *k)
{
	uint64_t a, mask, np;
	long sz = kernel_sizeof(k, "struct trace_print_flags");

	if (names.k == k)
		return;
	names.k = k;
	names.n = 0;
	if (sz <= 0 || kernel_symbol(k, "pageflag_names", &a) != 0)
		return;
	long mo = kernel_offsetof(k, "struct trace_print_flags", "mask");
	long no = kernel_offsetof(k, "struct trace_print_flags", "name");
	if (mo < 0 || no < 0)
		return;
	for (int i = 0; i < MAX_PAGEFLAGS; i++, a += (uint64_t)sz) {
		if (kernel_read_u64(k, a + (uint64_t)mo, &mask) != 0 ||
		    kernel_read_u64(k, a + (uint64_t)no, &np) != 0 || !np)
			break;
		if (kernel_read_string(k, np, names.name[names.n], sizeof(names.name[0])) < 0)
			break;
		names.mask[names.n++] = mask;
	}
}

int pageinfo_get(struct kernel *k, uint64_t pfn, struct pageinfo *pi)
{
	const struct arch_info *ai = arch_get_info(kernel_arch(k));
	long psz = kernel_sizeof(k, "struct page");
	uint64_t v;

	memset(pi, 0, sizeof(*pi));
	if (!ai || !ai->vmemmap_start || psz <= 0) {
		err_set("no virtual memory map (vmemmap) in this kernel");
		return -1;
	}
	pi->page = ai->vmemmap_start + pfn * (uint64_t)psz;
	pi->paddr = pfn * ai->page_size;
	if (kernel_read_member(k, pi->page, "struct page", "flags", &pi->flags) != 0)
		return 0; /* the struct page itself is not in the dump */
	pi->readable = true;
	if (kernel_read_member(k, pi->page, "struct page", "mapping", &v) == 0)
		pi->mapping = v;
	if (kernel_read_member(k, pi->page, "struct page", "index", &v) == 0)
		pi->index = v;
	if (kernel_read_member(k, pi->page, "struct page", "_refcount.counter", &v) == 0 ||
	    kernel_read_member(k, pi->page, "struct page", "_count.counter", &v) == 0)
		pi->count = (int)(int32_t)v;
	return 0;
}

static int phys_width(struct kernel *k)
{
	const struct dump_info *di = dump_get_info(kernel_dump(k));
	char b[24];
	int w = snprintf(b, sizeof(b), "%" PRIx64, di && di->max_paddr ? di->max_paddr - 1 : 0);
	return w > 8 ? w : 8;
}

void pageinfo_header(struct kernel *k, char *buf, size_t len)
{
	int w = phys_width(k);
	snprintf(buf, len, "      PAGE       %*s      MAPPING       INDEX CNT FLAGS", w, "PHYSICAL");
}

void pageinfo_line(struct kernel *k, const struct pageinfo *pi, char *buf, size_t len)
{
	int w = phys_width(k);
	size_t n;

	if (!pi->readable) {
		snprintf(buf, len, "%-16" PRIx64 " %*" PRIx64 " ", pi->page, w, pi->paddr);
		return;
	}
	n = (size_t)snprintf(buf, len, "%-16" PRIx64 " %*" PRIx64 " %16" PRIx64 " %8" PRIx64
				       " %2d %" PRIx64,
			     pi->page, w, pi->paddr, pi->mapping, pi->index, pi->count, pi->flags);
	load_names(k);
	for (int i = 0, others = 0; i < names.n && n < len; i++) {
		if (pi->flags & names.mask[i])
			n += (size_t)snprintf(buf + n, len - n, "%s%s", others++ ? "," : " ",
					      names.name[i]);
	}
}
