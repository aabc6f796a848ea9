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

/* C spells integer types many ways ("unsigned long", "long unsigned",
 * "signed short int"); GCC's DWARF names each one way ("long unsigned
 * int", "short int").  The GCC spelling of a C spelling into out, or 0 when
 * name is not made of integer keywords only. */
static int gcc_base_name(const char *name, char *out, size_t len)
{
	int longs = 0, shorts = 0, sign = 0, chr = 0, in = 0, words = 0;
	const char *p = name;

	while (*p) {
		size_t n;
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (!n)
			break;
		words++;
		if (n == 4 && !strncmp(p, "long", 4))
			longs++;
		else if (n == 5 && !strncmp(p, "short", 5))
			shorts++;
		else if (n == 8 && !strncmp(p, "unsigned", 8))
			sign = sign ? -9 : 1;
		else if (n == 6 && !strncmp(p, "signed", 6))
			sign = sign ? -9 : 2;
		else if (n == 4 && !strncmp(p, "char", 4))
			chr++;
		else if (n == 3 && !strncmp(p, "int", 3))
			in++;
		else
			return 0;
		p += n;
	}
	if (!words || sign < 0 || longs > 2 || shorts > 1 || chr > 1 || in > 1 ||
	    (chr && (longs || shorts || in)) || (shorts && longs))
		return 0;
	if (chr) {
		snprintf(out, len, "%schar", sign == 1 ? "unsigned " : sign == 2 ? "signed " : "");
		return 1;
	}
	snprintf(out, len, "%s%sint", longs == 2 ? "long long " : longs ? "long " : shorts ? "short " : "",
		 sign == 1 ? "unsigned " : "");
	return 1;
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
	char gcc[64];
	if (gcc_base_name(buf, gcc, sizeof(gcc)) && strcmp(gcc, buf) &&
	    dwarf_index_find(di, dw, DI_BASE, gcc, out) == 0)
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
		} else if (dwarf_attr(m, DW_AT_bit_offset, &a) && dwarf_formudata(&a, &w) == 0) {
			/* DWARF 2-4: counted from the most significant bit of
			 * a storage unit of DW_AT_byte_size bytes at off. */
			Dwarf_Word bytes, bits;
			if (!dwarf_attr(m, DW_AT_byte_size, &a) || dwarf_formudata(&a, &bytes) != 0)
				return -1;
			bits = bytes * 8 - w - (Dwarf_Word)*bit_size;
			*off += (long)(bits / 8);
			*bit_off = (int)(bits % 8);
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

static uint32_t tc_hash(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void tc_grow(struct kernel_tcache *tc)
{
	size_t nsize = tc->size ? tc->size * 2 : 1024;
	struct kernel_tcache_entry *ne = xcalloc(nsize, sizeof(*ne));

	for (size_t i = 0; i < tc->size; i++) {
		if (!tc->e[i].key)
			continue;
		size_t j = tc_hash(tc->e[i].key) & (nsize - 1);
		while (ne[j].key)
			j = (j + 1) & (nsize - 1);
		ne[j] = tc->e[i];
	}
	free(tc->e);
	tc->e = ne;
	tc->size = nsize;
}

/* The answer for (type, member), or for the type alone when member is
 * NULL; computed from DWARF on first use. */
static const struct kernel_tcache_entry *cached(struct kernel *k, const char *type,
						const char *member)
{
	struct kernel_tcache *tc = &k->tcache;
	char key[512];
	uint32_t h;

	snprintf(key, sizeof(key), "%s\x01%s", type, member ? member : "");
	h = tc_hash(key);
	if (tc->size) {
		for (size_t i = h & (tc->size - 1); tc->e[i].key; i = (i + 1) & (tc->size - 1)) {
			if (!strcmp(tc->e[i].key, key)) {
				if (tc->e[i].off < 0)
					err_set("%s", tc->e[i].err);
				return &tc->e[i];
			}
		}
	}

	/* Not cached: ask DWARF. */
	struct kernel_tcache_entry n = { .off = -1, .size = -1 };
	Dwarf_Die t, m;
	if (kernel_type_die(k, type, &t) != 0) {
		size_t tl = strlen(type);
		if (tl && type[tl - 1] == '*' && !member) {
			n.off = 0;
			n.size = 8;
		} else {
			err_set("no type \"%s\" in the vmlinux debug info", type);
		}
	} else if (!member) {
		n.size = kernel_die_size(&t);
		n.off = n.size < 0 ? -1 : 0;
		if (n.size < 0)
			err_set("type \"%s\" has no size", type);
	} else {
		Dwarf_Die s = t;
		kernel_die_strip(&s);
		if (kernel_die_member(k, &s, member, &m, &n.off, &n.bit_off, &n.bit_size) == 0)
			n.size = n.bit_size ? (n.bit_size + n.bit_off + 7) / 8 : kernel_die_size(&m);
		else
			n.off = -1;
	}
	n.key = xstrdup(key);
	n.err = n.off < 0 ? xstrdup(err_get()) : NULL;

	if (tc->used * 2 >= tc->size)
		tc_grow(tc);
	size_t i = h & (tc->size - 1);
	while (tc->e[i].key)
		i = (i + 1) & (tc->size - 1);
	tc->e[i] = n;
	tc->used++;
	if (n.off < 0)
		err_set("%s", n.err);
	return &tc->e[i];
}

void kernel_tcache_free(struct kernel_tcache *tc)
{
	for (size_t i = 0; i < tc->size; i++) {
		free(tc->e[i].key);
		free(tc->e[i].err);
	}
	free(tc->e);
	memset(tc, 0, sizeof(*tc));
}

long kernel_sizeof(struct kernel *k, const char *type)
{
	const struct kernel_tcache_entry *e = cached(k, type, NULL);
	return e->off < 0 ? -1 : e->size;
}

long kernel_offsetof(struct kernel *k, const char *type, const char *member)
{
	return cached(k, type, member)->off;
}

long kernel_member_size(struct kernel *k, const char *type, const char *member)
{
	const struct kernel_tcache_entry *e = cached(k, type, member);
	return e->off < 0 ? -1 : e->size;
}

int kernel_member_bits(struct kernel *k, const char *type, const char *member, long *byte_off,
		       int *bit_off, int *bit_size)
{
	const struct kernel_tcache_entry *e = cached(k, type, member);
	if (e->off < 0)
		return -1;
	if (byte_off)
		*byte_off = e->off;
	if (bit_off)
		*bit_off = e->bit_off;
	if (bit_size)
		*bit_size = e->bit_size;
	return 0;
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
