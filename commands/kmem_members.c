/* kmem -m member[,member]: chosen struct page members of every page, or
 * of the pages of the addresses given, in crash's layout: each member's
 * value in hexadecimal, a struct member as its fields comma-separated,
 * _count and _mapcount in decimal. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kmem.h"

#define MAX_MEMBERS 16
#define MAX_LEAVES 32	/* fields of one struct member printed at most */

struct leaf {
	long off;
	long size;
};

struct member {
	char name[64];
	bool decimal, compound;
	struct leaf leaf[MAX_LEAVES];
	int nleaf;
};

/* The scalar fields of a type at off, depth first. */
static void leaves(const struct ktype *t, long off, struct member *mb, int depth)
{
	t = ktype_strip(t);
	enum ktype_kind kind = ktype_kind(t);
	if ((kind == KT_STRUCT || kind == KT_UNION) && depth < 4) {
		size_t n = ktype_nmembers(t);
		for (size_t i = 0; i < n && mb->nleaf < MAX_LEAVES; i++) {
			const struct kmember *km = ktype_member_at(t, i);
			if (!km || km->bit_size)
				continue;
			leaves(km->type.type, off + (long)(km->bit_offset / 8), mb, depth + 1);
			if (kind == KT_UNION)
				break;	/* one view of a union: its first member */
		}
		return;
	}
	long sz = ktype_size(t);
	if (kind == KT_ARRAY || sz <= 0 || sz > 8 || (sz & (sz - 1)))
		return;
	mb->leaf[mb->nleaf].off = off;
	mb->leaf[mb->nleaf++].size = sz;
}

static int parse_members(struct kmem *m, const char *list, struct member *mbs, int *n)
{
	struct kqtype page;
	char buf[512], *save = NULL;
	if (ktype_lookup(m->k, "struct page", &page) != 0 || !page.type)
		return crash_error(m->s, "no struct page in the kernel's types");
	snprintf(buf, sizeof(buf), "%s", list);
	*n = 0;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		struct kmember_ref ref;
		struct member *mb = &mbs[*n];
		if (*n == MAX_MEMBERS)
			return crash_error(m->s, "-m: at most %d members", MAX_MEMBERS);
		if (ktype_member(page.type, tok, &ref) != 0 || ref.bit_size)
			return crash_error(m->s, "-m: struct page has no member %s", tok);
		memset(mb, 0, sizeof(*mb));
		snprintf(mb->name, sizeof(mb->name), "%s", tok);
		const char *last = strrchr(tok, '.');
		last = last ? last + 1 : tok;
		mb->decimal = !strcmp(last, "_count") || !strcmp(last, "_mapcount") ||
			      !strncmp(tok, "_count", 6) || !strncmp(tok, "_mapcount", 9);
		enum ktype_kind kind = ktype_kind(ktype_strip(ref.type.type));
		leaves(ref.type.type, ref.offset, mb, 0);
		/* a struct of one field (atomic_t) prints as that field */
		mb->compound = (kind == KT_STRUCT || kind == KT_UNION) && mb->nleaf > 1;
		if (!mb->nleaf)
			return crash_error(m->s, "-m: %s has no value to print", tok);
		(*n)++;
	}
	if (!*n)
		return crash_error(m->s, "-m: no member named");
	return 0;
}

static void member_header(struct kmem *m, const struct member *mbs, int n)
{
	kmem_center(m->out, 16, "PAGE");
	for (int i = 0; i < n; i++)
		fprintf(m->out, "  %s", mbs[i].name);
	fputc('\n', m->out);
}

static void member_line(struct kmem *m, uint64_t page, const struct member *mbs, int n)
{
	bool compound = false;
	fprintf(m->out, "%016" PRIx64, page);
	for (int i = 0; i < n; i++) {
		fputs("  ", m->out);
		for (int j = 0; j < mbs[i].nleaf; j++) {
			const struct leaf *l = &mbs[i].leaf[j];
			uint64_t v;
			if (j)
				fputc(',', m->out);
			if (kernel_read_uint(m->k, page + (uint64_t)l->off, (size_t)l->size, &v) != 0) {
				fprintf(m->out, "%*s", (int)(2 * l->size), "(excluded)");
				continue;
			}
			if (mbs[i].decimal) {
				int sh = 64 - 8 * (int)l->size;
				fprintf(m->out, "%" PRId64, sh ? (int64_t)(v << sh) >> sh : (int64_t)v);
			} else {
				fprintf(m->out, "%0*" PRIx64, (int)(2 * l->size), v);
			}
		}
		compound |= mbs[i].compound;
	}
	/* crash ends a line that has a struct member with a gap */
	fputs(compound ? "  \n" : "\n", m->out);
}

/* The struct page an argument designates: a struct page address, a
 * kernel virtual address, or (with -P or below the kernel's space) a
 * physical address. */
static int arg_page(struct kmem *m, const char *arg, bool phys, uint64_t *page)
{
	uint64_t a, pfn, max = 0, pa;
	if (addrarg_resolve(m->k, arg, &a) != 0)
		return crash_error(m->s, "%s", err_get());
	page_max_pfn(m->k, &max);
	if (!phys && page_pfn(m->k, a, &pfn) == 0 && pfn < max)
		return page_of_pfn(m->k, pfn, page) == 0 ? 0 : crash_error(m->s, "%s", err_get());
	if (!phys && arch_is_kvaddr(kernel_arch(m->k), a)) {
		if (kernel_kvtop(m->k, a, &pa) != 0)
			return crash_error(m->s, "%" PRIx64 ": kernel virtual address not mapped", a);
		a = pa;
	}
	if (a / m->page_size >= max)
		return crash_error(m->s, "%" PRIx64 ": beyond the last page frame", a);
	if (page_of_pfn(m->k, a / m->page_size, page) != 0)
		return crash_error(m->s, "%s", err_get());
	return 0;
}

int kmem_page_members(struct kmem *m, const char *list, int argc, char **argv, bool phys)
{
	struct member mbs[MAX_MEMBERS];
	int n, rc = 0;
	uint64_t page, max;
	if (parse_members(m, list, mbs, &n) != 0)
		return 1;
	if (argc) {
		uint64_t pages[argc];
		for (int i = 0; i < argc; i++)
			if (arg_page(m, argv[i], phys, &pages[i]) != 0)
				return 1;
		member_header(m, mbs, n);
		for (int i = 0; i < argc; i++)
			member_line(m, pages[i], mbs, n);
		return rc;
	}
	if (page_max_pfn(m->k, &max) != 0)
		return crash_error(m->s, "cannot read max_pfn");
	member_header(m, mbs, n);
	for (uint64_t pfn = 0; pfn < max; pfn++) {
		if (crash_interrupted())
			return crash_error(m->s, "interrupted");
		if (page_of_pfn(m->k, pfn, &page) != 0)
			return crash_error(m->s, "%s", err_get());
		member_line(m, page, mbs, n);
	}
	return 0;
}
