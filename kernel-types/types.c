/* Types by name: sizes, member offsets and enumerators from DWARF, with
 * the answers cached because commands ask the same questions in loops. */
#include <dwarf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/kernel_impl.h"

static const char *skip_ws(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

int kernel_type_die(struct kernel *k, const char *name, Dwarf_Die *out)
{
	const struct dwarf_index *di = kernel_dwarf_index(k);
	Dwarf *dw = kernel_dwarf(k);
	char buf[256];
	size_t len;

	if (!di)
		return -1;
	name = skip_ws(name);
	len = strlen(name);
	while (len && name[len - 1] == ' ')
		len--;
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, name, len);
	buf[len] = '\0';
	if (!strncmp(buf, "struct ", 7))
		return dwarf_index_find(di, dw, DI_STRUCT, skip_ws(buf + 7), out);
	if (!strncmp(buf, "union ", 6))
		return dwarf_index_find(di, dw, DI_UNION, skip_ws(buf + 6), out);
	if (!strncmp(buf, "enum ", 5))
		return dwarf_index_find(di, dw, DI_ENUM, skip_ws(buf + 5), out);
	if (dwarf_index_find(di, dw, DI_TYPEDEF, buf, out) == 0 ||
	    dwarf_index_find(di, dw, DI_BASE, buf, out) == 0 ||
	    dwarf_index_find(di, dw, DI_STRUCT, buf, out) == 0 ||
	    dwarf_index_find(di, dw, DI_UNION, buf, out) == 0)
		return 0;
	return -1;
}

int kernel_var_die(struct kernel *k, const char *name, Dwarf_Die *out)
{
	const struct dwarf_index *di = kernel_dwarf_index(k);
	if (!di)
		return -1;
	return dwarf_index_find(di, kernel_dwarf(k), DI_VAR, name, out);
}

void kernel_die_strip(Dwarf_Die *die)
{
	for (int guard = 0; guard < 64; guard++) {
		int tag = dwarf_tag(die);
		Dwarf_Attribute a;
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
		    tag != DW_TAG_restrict_type && tag != DW_TAG_atomic_type)
			return;
		if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, die))
			return;	/* const void: leave it */
	}
}

long kernel_die_size(Dwarf_Die *type)
{
	Dwarf_Die t = *type;
	Dwarf_Word size;

	kernel_die_strip(&t);
	if (dwarf_tag(&t) == DW_TAG_pointer_type)
		return 8;
	if (dwarf_aggregate_size(&t, &size) == 0)
		return (long)size;
	return -1;
}

static int member_location(Dwarf_Die *m, long *off, int *bit_off, int *bit_size)
{
	Dwarf_Attribute a;
	Dwarf_Word w;

	*off = 0;
	*bit_off = *bit_size = 0;
	if (dwarf_attr(m, DW_AT_data_member_location, &a)) {
		if (dwarf_formudata(&a, &w) != 0)
			return -1;	/* location expressions: not in C kernels */
		*off = (long)w;
	}
	if (dwarf_attr(m, DW_AT_bit_size, &a) && dwarf_formudata(&a, &w) == 0) {
		*bit_size = (int)w;
		if (dwarf_attr(m, DW_AT_data_bit_offset, &a) && dwarf_formudata(&a, &w) == 0) {
			*off = (long)(w / 8);
			*bit_off = (int)(w % 8);
		}
	}
	return 0;
}

/* One path component, descending into anonymous structs and unions. */
static int find_member(Dwarf_Die *type, const char *name, Dwarf_Die *mtype, long *off, int *bit_off,
		       int *bit_size, int depth)
{
	Dwarf_Die c;

	if (depth > 16 || dwarf_child(type, &c) != 0)
		return -1;
	do {
		const char *n;
		Dwarf_Attribute a;
		Dwarf_Die t;
		long moff;
		int bo, bs;

		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		if (!dwarf_attr_integrate(&c, DW_AT_type, &a) || !dwarf_formref_die(&a, &t))
			continue;
		if (member_location(&c, &moff, &bo, &bs) != 0)
			continue;
		n = dwarf_diename(&c);
		if (n && !strcmp(n, name)) {
			*mtype = t;
			*off = moff;
			*bit_off = bo;
			*bit_size = bs;
			return 0;
		}
		if (!n) {
			Dwarf_Die s = t;
			kernel_die_strip(&s);
			int tag = dwarf_tag(&s);
			if ((tag == DW_TAG_structure_type || tag == DW_TAG_union_type) &&
			    find_member(&s, name, mtype, off, bit_off, bit_size, depth + 1) == 0) {
				*off += moff;
				return 0;
			}
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return -1;
}

int kernel_die_member(struct kernel *k, Dwarf_Die *type, const char *path, Dwarf_Die *mtype,
		      long *offset, int *bit_offset, int *bit_size)
{
	Dwarf_Die cur = *type;
	char comp[128];
	long total = 0;
	int bo = 0, bs = 0;
	const char *p = path;

	(void)k;
	while (*p) {
		size_t n = strcspn(p, ".[");
		long moff;

		if (n == 0 || n >= sizeof(comp)) {
			err_set("invalid member path: %s", path);
			return -1;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		p += n;
		kernel_die_strip(&cur);
		int tag = dwarf_tag(&cur);
		if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type) {
			err_set("%s: not a struct or union before \"%s\"", path, comp);
			return -1;
		}
		if (find_member(&cur, comp, &cur, &moff, &bo, &bs, 0) != 0) {
			const char *tn = dwarf_diename(type);
			err_set("%s%s has no member \"%s\"", tag == DW_TAG_union_type ? "union " : "struct ",
				tn ? tn : "(anonymous)", comp);
			return -1;
		}
		total += moff;
		while (*p == '[') {
			char *end;
			long idx = strtol(p + 1, &end, 0);
			Dwarf_Die el = cur;
			Dwarf_Attribute a;
			if (*end != ']') {
				err_set("invalid member path: %s", path);
				return -1;
			}
			p = end + 1;
			kernel_die_strip(&el);
			if (dwarf_tag(&el) != DW_TAG_array_type ||
			    !dwarf_attr_integrate(&el, DW_AT_type, &a) || !dwarf_formref_die(&a, &el)) {
				err_set("%s: \"%s\" is not an array", path, comp);
				return -1;
			}
			long esz = kernel_die_size(&el);
			if (esz < 0) {
				err_set("%s: unknown element size", path);
				return -1;
			}
			total += idx * esz;
			cur = el;
		}
		if (*p == '.')
			p++;
	}
	*mtype = cur;
	*offset = total;
	if (bit_offset)
		*bit_offset = bo;
	if (bit_size)
		*bit_size = bs;
	return 0;
}

/* --- the kernel.h entry points, with a cache of answers --- */

struct tcache_entry {
	char *key;
	long off, size;
};

static long cached(struct kernel *k, const char *type, const char *member, long *size)
{
	struct kernel_tcache *tc = &k->tcache;
	char key[512];
	uint32_t h = 2166136261u;

	snprintf(key, sizeof(key), "%s\x01%s", type, member ? member : "");
	for (const char *s = key; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	if (tc->size) {
		for (size_t i = h & (tc->size - 1);; i = (i + 1) & (tc->size - 1)) {
			if (!tc->keys[i])
				break;
			if (!strcmp(tc->keys[i], key)) {
				*size = tc->sizes[i];
				if (tc->offs[i] < 0)
					err_set("%s", tc->errs[i] ? tc->errs[i] : "no such type");
				return tc->offs[i];
			}
		}
	}

	/* Not cached: ask DWARF. */
	Dwarf_Die t, m;
	long off = -1, sz = -1;
	char *msg = NULL;
	if (kernel_type_die(k, type, &t) != 0) {
		size_t tl = strlen(type);
		if (tl && type[tl - 1] == '*' && !member) {
			off = 0;
			sz = 8;
		} else {
			err_set("no type \"%s\" in the vmlinux debug info", type);
		}
	} else if (!member) {
		sz = kernel_die_size(&t);
		off = sz < 0 ? -1 : 0;
		if (sz < 0)
			err_set("type \"%s\" has no size", type);
	} else {
		Dwarf_Die s = t;
		int bo, bs;
		kernel_die_strip(&s);
		if (kernel_die_member(k, &s, member, &m, &off, &bo, &bs) == 0)
			sz = bs ? (bs + bo + 7) / 8 : kernel_die_size(&m);
		else
			off = -1;
	}
	if (off < 0)
		msg = xstrdup(err_get());

	if (tc->used * 2 >= tc->size) {
		size_t nsize = tc->size ? tc->size * 2 : 1024;
		char **nk = xcalloc(nsize, sizeof(*nk)), **ne = xcalloc(nsize, sizeof(*ne));
		long *no = xcalloc(nsize, sizeof(*no)), *ns = xcalloc(nsize, sizeof(*ns));
		for (size_t i = 0; i < tc->size; i++) {
			if (!tc->keys[i])
				continue;
			uint32_t hh = 2166136261u;
			for (const char *s = tc->keys[i]; *s; s++)
				hh = (hh ^ (unsigned char)*s) * 16777619u;
			size_t j = hh & (nsize - 1);
			while (nk[j])
				j = (j + 1) & (nsize - 1);
			nk[j] = tc->keys[i];
			no[j] = tc->offs[i];
			ns[j] = tc->sizes[i];
			ne[j] = tc->errs[i];
		}
		free(tc->keys);
		free(tc->offs);
		free(tc->sizes);
		free(tc->errs);
		tc->keys = nk;
		tc->offs = no;
		tc->sizes = ns;
		tc->errs = ne;
		tc->size = nsize;
	}
	size_t i = h & (tc->size - 1);
	while (tc->keys[i])
		i = (i + 1) & (tc->size - 1);
	tc->keys[i] = xstrdup(key);
	tc->offs[i] = off;
	tc->sizes[i] = sz;
	tc->errs[i] = msg;
	tc->used++;
	if (off < 0 && msg)
		err_set("%s", msg);
	*size = sz;
	return off;
}

void kernel_tcache_free(struct kernel_tcache *tc)
{
	for (size_t i = 0; i < tc->size; i++) {
		free(tc->keys[i]);
		free(tc->errs[i]);
	}
	free(tc->keys);
	free(tc->offs);
	free(tc->sizes);
	free(tc->errs);
	memset(tc, 0, sizeof(*tc));
}

long kernel_sizeof(struct kernel *k, const char *type)
{
	long size;
	if (cached(k, type, NULL, &size) < 0)
		return -1;
	return size;
}

long kernel_offsetof(struct kernel *k, const char *type, const char *member)
{
	long size;
	return cached(k, type, member, &size);
}

long kernel_member_size(struct kernel *k, const char *type, const char *member)
{
	long size;
	if (cached(k, type, member, &size) < 0)
		return -1;
	return size;
}

int kernel_enum_value(struct kernel *k, const char *name, int64_t *value)
{
	const struct dwarf_index *di = kernel_dwarf_index(k);
	Dwarf_Die d;
	Dwarf_Attribute a;
	Dwarf_Sword v;

	if (!di || dwarf_index_find(di, kernel_dwarf(k), DI_ENUMERATOR, name, &d) != 0 ||
	    !dwarf_attr(&d, DW_AT_const_value, &a) || dwarf_formsdata(&a, &v) != 0) {
		err_set("no enumerator \"%s\"", name);
		return -1;
	}
	*value = v;
	return 0;
}
