/* struct page and page flags; see page.h. */
#include "kernel-types/linux/page.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/types.h"

static int vmemmap(struct kernel *k, uint64_t *start, long *size, uint32_t *page_size)
{
	const struct arch_info *ai = arch_get_info(kernel_arch(k));
	long psz = kernel_sizeof(k, "struct page");
	if (!ai || !ai->vmemmap_start || psz <= 0) {
		err_set("no virtual memory map (vmemmap) in this kernel");
		return -1;
	}
	*start = ai->vmemmap_start;
	*size = psz;
	*page_size = ai->page_size;
	return 0;
}

int page_of_pfn(struct kernel *k, uint64_t pfn, uint64_t *page)
{
	uint64_t start;
	long psz;
	uint32_t ps;
	if (vmemmap(k, &start, &psz, &ps) != 0)
		return -1;
	*page = start + pfn * (uint64_t)psz;
	return 0;
}

int page_pfn(struct kernel *k, uint64_t page, uint64_t *pfn)
{
	uint64_t start;
	long psz;
	uint32_t ps;
	if (vmemmap(k, &start, &psz, &ps) != 0)
		return -1;
	if (page < start) {
		err_set("%#" PRIx64 " is not a struct page address", page);
		return -1;
	}
	*pfn = (page - start) / (uint64_t)psz;
	return 0;
}

uint64_t page_head(struct kernel *k, uint64_t page)
{
	uint64_t head;
	/* a tail page of a compound page points at its head, bit 0 set */
	if (kernel_read_member(k, page, "struct page", "compound_head", &head) == 0 && (head & 1))
		return head - 1;
	return page;
}

int page_max_pfn(struct kernel *k, uint64_t *max)
{
	uint64_t a;
	int rc;
	*max = 0;
	if (kernel_symbol(k, "max_pfn", &a) != 0)
		return -1;
	if ((rc = kernel_read_u64(k, a, max)) != 0)
		return rc;
	return 0;
}

int page_read(struct kernel *k, uint64_t page, struct page_info *pi)
{
	uint64_t pfn, v;
	uint32_t ps;
	int rc;

	memset(pi, 0, sizeof(*pi));
	pi->page = page;
	if (page_pfn(k, page, &pfn) != 0)
		return -1;
	ps = arch_get_info(kernel_arch(k))->page_size;
	pi->paddr = pfn * ps;
	if ((rc = kernel_read_member(k, page, "struct page", "flags", &pi->flags)) != 0)
		return rc;
	pi->readable = true;
	if (kernel_read_member(k, page, "struct page", "mapping", &v) == 0)
		pi->mapping = v;
	if (kernel_read_member(k, page, "struct page", "index", &v) == 0)
		pi->index = v;
	if (kernel_read_member(k, page, "struct page", "_refcount.counter", &v) == 0 ||
	    kernel_read_member(k, page, "struct page", "_count.counter", &v) == 0)
		pi->count = (int)(int32_t)v;
	return 0;
}

int page_info_pfn(struct kernel *k, uint64_t pfn, struct page_info *pi)
{
	uint64_t page;
	memset(pi, 0, sizeof(*pi));
	if (page_of_pfn(k, pfn, &page) != 0)
		return -1;
	if (page_read(k, page, pi) != 0 && !pi->readable) {
		/* the struct page itself is not in the dump */
		pi->page = page;
		pi->paddr = pfn * arch_get_info(kernel_arch(k))->page_size;
	}
	return 0;
}

/* ---- flag names ---- */

/* Both tables, read once per kernel (kernel_state). */
#define MAX_PAGEFLAGS 64
struct flag_names {
	/* pageflag_names[]: {mask, name} pairs ending in a NULL name */
	int n;
	uint64_t mask[MAX_PAGEFLAGS];
	char name[MAX_PAGEFLAGS][24];
	/* enum pageflags: the name of each bit, below __NR_PAGEFLAGS */
	int nbits;
	const char *bit[MAX_PAGEFLAGS];
};
static const char flag_names_key;

/* Names of page flags, looked up in enum pageflags; where two names share
 * a bit (PG_owner_priv_1/PG_checked...) the first one listed wins. */
static const char *const pg_names[] = {
	"PG_locked", "PG_writeback", "PG_referenced", "PG_uptodate", "PG_dirty", "PG_lru",
	"PG_head", "PG_waiters", "PG_active", "PG_workingset", "PG_error", "PG_slab",
	"PG_owner_priv_1", "PG_arch_1", "PG_reserved", "PG_private", "PG_private_2",
	"PG_mappedtodisk", "PG_reclaim", "PG_swapbacked", "PG_unevictable", "PG_dropbehind",
	"PG_mlocked", "PG_uncached", "PG_hwpoison", "PG_young", "PG_idle", "PG_arch_2",
	"PG_arch_3", "PG_large_rmappable", "PG_anon_exclusive", "PG_owner_2",
};

static const struct flag_names *flag_names(struct kernel *k)
{
	struct flag_names *f = kernel_state(k, &flag_names_key);
	uint64_t a, mask, np;
	int64_t nr = 64, v;

	if (f)
		return f;
	f = xcalloc(1, sizeof(*f));
	long sz = kernel_sizeof(k, "struct trace_print_flags");
	long mo = kernel_offsetof(k, "struct trace_print_flags", "mask");
	long no = kernel_offsetof(k, "struct trace_print_flags", "name");
	if (sz > 0 && mo >= 0 && no >= 0 && kernel_symbol(k, "pageflag_names", &a) == 0) {
		for (int i = 0; i < MAX_PAGEFLAGS; i++, a += (uint64_t)sz) {
			if (kernel_read_u64(k, a + (uint64_t)mo, &mask) != 0 ||
			    kernel_read_u64(k, a + (uint64_t)no, &np) != 0 || !np)
				break;
			if (kernel_read_string(k, np, f->name[f->n], sizeof(f->name[0])) < 0)
				break;
			f->mask[f->n++] = mask;
		}
	}
	if (kernel_enum_value(k, "__NR_PAGEFLAGS", &nr) != 0 || nr > 64)
		nr = 64;
	f->nbits = nr < 0 ? 0 : (int)nr;
	for (size_t i = 0; i < sizeof(pg_names) / sizeof(pg_names[0]); i++)
		if (kernel_enum_value(k, pg_names[i], &v) == 0 && v >= 0 && v < nr && !f->bit[v])
			f->bit[v] = pg_names[i] + 3;
	kernel_set_state(k, &flag_names_key, f, free);
	return f;
}

/* Append ",name" (or "name" first) to buf at *n; false when it is full. */
static bool add_name(char *buf, size_t len, size_t *n, const char *name)
{
	int w = snprintf(buf + *n, len - *n, "%s%s", *n ? "," : "", name);
	if (w < 0 || (size_t)w >= len - *n) {
		buf[*n] = '\0';
		return false;
	}
	*n += (size_t)w;
	return true;
}

void page_flags_names(struct kernel *k, uint64_t flags, char *buf, size_t len)
{
	const struct flag_names *f = flag_names(k);
	size_t n = 0;
	if (!len)
		return;
	buf[0] = '\0';
	for (int i = 0; i < f->n; i++)
		if ((flags & f->mask[i]) && !add_name(buf, len, &n, f->name[i]))
			break;
}

void page_flags_pg_names(struct kernel *k, uint64_t flags, char *buf, size_t len)
{
	const struct flag_names *f = flag_names(k);
	size_t n = 0;
	if (!len)
		return;
	buf[0] = '\0';
	for (int i = 0; i < f->nbits; i++)
		if ((flags & (1ull << i)) && f->bit[i] && !add_name(buf, len, &n, f->bit[i]))
			break;
}

int page_flag_bits(struct kernel *k, struct page_flag_bit *out, int max)
{
	struct kqtype qt;
	int64_t nr = 64;
	int n = 0;
	if (ktype_lookup(k, "enum pageflags", &qt) != 0 || !qt.type ||
	    ktype_kind(qt.type) != KT_ENUM) {
		err_set("no enum pageflags in the kernel's types");
		return -1;
	}
	if (kernel_enum_value(k, "__NR_PAGEFLAGS", &nr) != 0 || nr > 64)
		nr = 64;
	size_t ne = ktype_nenumerators(qt.type);
	for (size_t i = 0; i < ne && n < max; i++) {
		const struct kenumerator *e = ktype_enumerator_at(qt.type, i);
		if (!e || e->value < 0 || e->value >= nr || strncmp(e->name, "PG_", 3) != 0)
			continue;
		out[n].name = e->name;
		out[n++].bit = (int)e->value;
	}
	return n;
}

/* Struct pages read at a time by page_count_shared. */
#define SHARED_CHUNK 64

int page_count_shared(struct kernel *k, bool (*stop)(void), uint64_t *shared)
{
	long psz = kernel_sizeof(k, "struct page");
	long fo = kernel_offsetof(k, "struct page", "flags");
	long ro = kernel_offsetof(k, "struct page", "_refcount.counter");
	int64_t reserved = -1;
	uint64_t max, start;
	if (ro < 0)
		ro = kernel_offsetof(k, "struct page", "_count.counter");
	*shared = 0;
	if (psz <= 0 || fo < 0 || ro < 0 || fo + 8 > psz || ro + 4 > psz) {
		err_set("no struct page flags and _refcount in the kernel's types");
		return -1;
	}
	if (kernel_enum_value(k, "PG_reserved", &reserved) != 0 || reserved < 0 || reserved > 63) {
		err_set("no PG_reserved in the kernel's enum pageflags");
		return -1;
	}
	if (page_max_pfn(k, &max) != 0 || page_of_pfn(k, 0, &start) != 0)
		return -1;
	/* a damaged max_pfn: no further than the dump's memory */
	const struct dump_info *di = dump_get_info(kernel_dump(k));
	uint32_t ps = arch_get_info(kernel_arch(k))->page_size;
	if (di && di->max_paddr && ps && max > di->max_paddr / ps + 1)
		max = di->max_paddr / ps + 1;
	uint8_t *buf = xmalloc((size_t)psz * SHARED_CHUNK);
	for (uint64_t pfn = 0; pfn < max; pfn += SHARED_CHUNK) {
		uint64_t n = max - pfn < SHARED_CHUNK ? max - pfn : SHARED_CHUNK;
		if (stop && stop())
			break;
		if (kernel_read(k, start + pfn * (uint64_t)psz, buf, n * (uint64_t)psz) != 0)
			continue;
		for (uint64_t i = 0; i < n; i++) {
			uint64_t fl;
			int32_t rc;
			memcpy(&fl, buf + i * (uint64_t)psz + fo, 8);
			memcpy(&rc, buf + i * (uint64_t)psz + ro, 4);
			if (!(fl >> reserved & 1) && rc > 1)
				(*shared)++;
		}
	}
	free(buf);
	return 0;
}
