/* The DWARF type source: the type model (type_source.h) filled from the
 * vmlinux's .debug_info through libdw.  An id is a DIE's offset in
 * .debug_info; the dimensions after the first of a multi-dimensional array
 * are the same DIE with the dimension number in the id's top byte.
 * The DWARF of loaded modules' debuginfo (moddebug.h) joins the same
 * source: a module's DIEs carry its unit number + 1 in bits 40-55 of the
 * id (the vmlinux's are unit 0), and named lookups ask the vmlinux first,
 * then the modules, so that no caller knows where a type came from.
 * Qualifier DIEs (const, volatile, restrict, atomic) are folded into the
 * references that go through them.  Names point into libdw's data, which
 * lives as long as the kernel's Dwarf handle. */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/kernel_impl.h"
#include "kernel-types/moddebug.h"
#include "kernel-types/type_source.h"

#define DIM_SHIFT 56
#define DIE_MASK ((UINT64_C(1) << DIM_SHIFT) - 1)
#define UNIT_SHIFT 40
#define OFF_MASK ((UINT64_C(1) << UNIT_SHIFT) - 1)
#define UNIT_BITS (DIE_MASK & ~OFF_MASK)
#define MAX_UNITS ((size_t)1 << (DIM_SHIFT - UNIT_SHIFT))
#define MAX_DIMS 8

struct dwarf_source {
	struct type_source base;
	struct kernel *k;
	Dwarf *dw;
	const struct dwarf_index *di;
};

static struct dwarf_source *ds(struct type_source *s)
{
	return (struct dwarf_source *)s;
}

/* The DWARF an id's DIE is in: the vmlinux's or a module's. */
static Dwarf *dw_of(struct dwarf_source *d, uint64_t id)
{
	uint64_t unit = (id & UNIT_BITS) >> UNIT_SHIFT;
	return unit ? moddebug_dwarf(d->k, (size_t)unit - 1) : d->dw;
}

static bool die_of(struct dwarf_source *d, uint64_t id, Dwarf_Die *out)
{
	Dwarf *dw = dw_of(d, id);
	return dw && dwarf_offdie(dw, id & OFF_MASK, out) != NULL;
}

/* The id of a DIE of module unit i (-1: the vmlinux). */
static uint64_t id_in(long unit, Dwarf_Off off)
{
	return unit < 0 || off > OFF_MASK ? off : off | (uint64_t)(unit + 1) << UNIT_SHIFT;
}

static bool udata(Dwarf_Die *die, unsigned name, Dwarf_Word *v)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(die, name, &a) && dwarf_formudata(&a, v) == 0;
}

static bool flag(Dwarf_Die *die, unsigned name)
{
	Dwarf_Attribute a;
	bool f = false;
	return dwarf_attr_integrate(die, name, &a) && dwarf_formflag(&a, &f) == 0 && f;
}

/* The type die's DW_AT_type refers to, qualifiers folded into quals;
 * unit: the unit bits of die's id (the type is in the same DWARF). */
static int ref_of(Dwarf_Die *die, uint64_t unit, struct type_ref *out)
{
	Dwarf_Attribute a;
	Dwarf_Die t, cur = *die;

	out->id = 0;
	out->quals = 0;
	for (int guard = 0; guard < 16; guard++) {
		if (!dwarf_attr_integrate(&cur, DW_AT_type, &a))
			return 0; /* void */
		if (!dwarf_formref_die(&a, &t))
			return -1;
		switch (dwarf_tag(&t)) {
		case DW_TAG_const_type: out->quals |= KQ_CONST; break;
		case DW_TAG_volatile_type: out->quals |= KQ_VOLATILE; break;
		case DW_TAG_restrict_type: out->quals |= KQ_RESTRICT; break;
		case DW_TAG_atomic_type: out->quals |= KQ_ATOMIC; break;
		default:
			out->id = dwarf_dieoffset(&t) | unit;
			return 0;
		}
		cur = t;
	}
	return -1;
}

/* The element counts of an array DIE's dimensions (-1: no count). */
static int dims_of(Dwarf_Die *arr, long *dims)
{
	Dwarf_Die c;
	int n = 0;
	if (dwarf_child(arr, &c) != 0)
		return 0;
	do {
		Dwarf_Word w;
		if (dwarf_tag(&c) != DW_TAG_subrange_type || n == MAX_DIMS)
			continue;
		/* no bound: a flexible array; a bound of -1 (x[0]): none */
		if (udata(&c, DW_AT_count, &w) && w < (UINT64_C(1) << 40))
			dims[n] = (long)w;
		else if (udata(&c, DW_AT_upper_bound, &w) && w < (UINT64_C(1) << 40))
			dims[n] = (long)w + 1;
		else
			dims[n] = -1;
		n++;
	} while (dwarf_siblingof(&c, &c) == 0);
	return n;
}

static bool base_signed(Dwarf_Die *t)
{
	Dwarf_Word enc;
	return dwarf_tag(t) == DW_TAG_base_type && udata(t, DW_AT_encoding, &enc) &&
	       (enc == DW_ATE_signed || enc == DW_ATE_signed_char);
}

static int describe(struct type_source *s, uint64_t id, struct ktype *t)
{
	struct dwarf_source *d = ds(s);
	Dwarf_Die die, c;
	Dwarf_Word w, enc;
	int dim = (int)(id >> DIM_SHIFT);

	if (!die_of(d, id, &die))
		return -1;
	t->name = dwarf_diename(&die);
	if (udata(&die, DW_AT_byte_size, &w))
		t->size = (long)w;
	if (udata(&die, DW_AT_alignment, &w))
		t->align = (long)w;
	switch (dwarf_tag(&die)) {
	case DW_TAG_base_type:
		enc = DW_ATE_unsigned;
		udata(&die, DW_AT_encoding, &enc);
		t->kind = enc == DW_ATE_boolean ? KT_BOOL : enc == DW_ATE_float ? KT_FLOAT : KT_INT;
		if (enc == DW_ATE_signed || enc == DW_ATE_signed_char)
			t->flags |= KTF_SIGNED;
		if ((enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char) && t->size == 1)
			t->flags |= KTF_CHAR;
		return 0;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
		t->kind = KT_POINTER;
		t->name = NULL;
		if (t->size < 0)
			t->size = 8;
		return 0;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
		t->kind = dwarf_tag(&die) == DW_TAG_union_type ? KT_UNION : KT_STRUCT;
		if (!flag(&die, DW_AT_declaration))
			t->flags |= KTF_COMPLETE;
		return 0;
	case DW_TAG_enumeration_type: {
		struct type_ref r;
		t->kind = KT_ENUM;
		if (!flag(&die, DW_AT_declaration))
			t->flags |= KTF_COMPLETE;
		/* signed if it says so (DW_AT_encoding, GCC 11 on), if its
		 * integer type is, or else if a value is negative */
		if (udata(&die, DW_AT_encoding, &enc)) {
			if (enc == DW_ATE_signed || enc == DW_ATE_signed_char)
				t->flags |= KTF_SIGNED;
		} else if (ref_of(&die, id & UNIT_BITS, &r) == 0 && r.id) {
			Dwarf_Die bt;
			if (die_of(d, r.id, &bt) && base_signed(&bt))
				t->flags |= KTF_SIGNED;
		} else if (dwarf_child(&die, &c) == 0) {
			do {
				Dwarf_Attribute a;
				Dwarf_Sword v;
				if (dwarf_tag(&c) == DW_TAG_enumerator &&
				    dwarf_attr(&c, DW_AT_const_value, &a) && a.form != DW_FORM_udata &&
				    dwarf_formsdata(&a, &v) == 0 && v < 0)
					t->flags |= KTF_SIGNED;
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		return 0;
	}
	case DW_TAG_typedef:
		t->kind = KT_TYPEDEF;
		return 0;
	case DW_TAG_array_type: {
		long dims[MAX_DIMS];
		int n = dims_of(&die, dims);
		t->kind = KT_ARRAY;
		t->name = NULL;
		t->length = dim < n ? dims[dim] : -1;
		t->size = -1; /* from the element, by the cache */
		return 0;
	}
	case DW_TAG_subroutine_type:
	case DW_TAG_subprogram:
		t->kind = KT_FUNCTION;
		if (dwarf_tag(&die) == DW_TAG_subroutine_type)
			t->name = NULL;
		t->size = -1;
		if (dwarf_child(&die, &c) == 0) {
			do {
				if (dwarf_tag(&c) == DW_TAG_unspecified_parameters)
					t->flags |= KTF_VARIADIC;
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		if (!flag(&die, DW_AT_prototyped))
			t->flags |= KTF_PARAMS_UNKNOWN;
		return 0;
	case DW_TAG_unspecified_type:
		t->kind = KT_VOID;
		return 0;
	default:
		return -1;
	}
}

static int target(struct type_source *s, const struct ktype *t, struct type_ref *out)
{
	struct dwarf_source *d = ds(s);
	Dwarf_Die die;
	int dim = (int)(t->id >> DIM_SHIFT);

	if (!die_of(d, t->id, &die))
		return -1;
	if (t->kind == KT_ARRAY) {
		long dims[MAX_DIMS];
		if (dim + 1 < dims_of(&die, dims)) {
			out->id = (t->id & DIE_MASK) | ((uint64_t)(dim + 1) << DIM_SHIFT);
			out->quals = 0;
			return 0;
		}
	}
	return ref_of(&die, t->id & UNIT_BITS, out);
}

/* A member's offset in bits from the start of its struct. */
static uint64_t member_bits(Dwarf_Die *m, int *bit_size)
{
	Dwarf_Word w, loc = 0;
	udata(m, DW_AT_data_member_location, &loc); /* a location expression: 0 */
	*bit_size = 0;
	if (!udata(m, DW_AT_bit_size, &w))
		return loc * 8;
	*bit_size = (int)w;
	if (udata(m, DW_AT_data_bit_offset, &w))
		return w;
	if (udata(m, DW_AT_bit_offset, &w)) {
		/* DWARF 2-3: counted from the most significant bit of a
		 * storage unit of DW_AT_byte_size bytes (or of the type's) */
		Dwarf_Word bytes = 0;
		if (!udata(m, DW_AT_byte_size, &bytes)) {
			Dwarf_Attribute a;
			Dwarf_Die mt;
			if (dwarf_attr_integrate(m, DW_AT_type, &a) && dwarf_formref_die(&a, &mt)) {
				long sz = kernel_die_size(&mt);
				bytes = sz > 0 ? (Dwarf_Word)sz : 0;
			}
		}
		return loc * 8 + bytes * 8 - w - (Dwarf_Word)*bit_size;
	}
	return loc * 8;
}

static int members(struct type_source *s, struct ktype *t)
{
	struct dwarf_source *d = ds(s);
	Dwarf_Die die, c;

	if (!die_of(d, t->id, &die) || dwarf_child(&die, &c) != 0)
		return 0;
	do {
		struct type_ref r;
		int bs;
		if (dwarf_tag(&c) != DW_TAG_member || ref_of(&c, t->id & UNIT_BITS, &r) != 0)
			continue;
		uint64_t bits = member_bits(&c, &bs);
		tc_add_member(t, dwarf_diename(&c), r, bits, bs);
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

static int enumerators(struct type_source *s, struct ktype *t)
{
	struct dwarf_source *d = ds(s);
	Dwarf_Die die, c;

	if (!die_of(d, t->id, &die) || dwarf_child(&die, &c) != 0)
		return 0;
	do {
		Dwarf_Attribute a;
		Dwarf_Sword v = 0;
		if (dwarf_tag(&c) != DW_TAG_enumerator)
			continue;
		/* the constant as the enum's signedness reads it: data4
		 * 0x80000000 is 2147483648 in an unsigned enum */
		if (dwarf_attr(&c, DW_AT_const_value, &a)) {
			Dwarf_Word u = 0;
			if (!(t->flags & KTF_SIGNED) && dwarf_formudata(&a, &u) == 0)
				v = (Dwarf_Sword)u;
			else if (dwarf_formsdata(&a, &v) != 0 && dwarf_formudata(&a, &u) == 0)
				v = (Dwarf_Sword)u;
		}
		tc_add_enumerator(t, dwarf_diename(&c), (int64_t)v);
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

static int params(struct type_source *s, struct ktype *t)
{
	struct dwarf_source *d = ds(s);
	Dwarf_Die die, c;

	if (!die_of(d, t->id, &die) || dwarf_child(&die, &c) != 0)
		return 0;
	do {
		struct type_ref r;
		if (dwarf_tag(&c) != DW_TAG_formal_parameter || ref_of(&c, t->id & UNIT_BITS, &r) != 0)
			continue;
		tc_add_param(t, dwarf_diename(&c), r);
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

static enum di_kind di_kind_of(enum type_lookup l)
{
	switch (l) {
	case TL_STRUCT: return DI_STRUCT;
	case TL_UNION: return DI_UNION;
	case TL_ENUM: return DI_ENUM;
	case TL_TYPEDEF: return DI_TYPEDEF;
	default: return DI_BASE;
	}
}

/* A name of a kind in unit (-1: the vmlinux, else a module's, its DWARF
 * indexed on this first lookup that reaches it). */
static int find_in(struct dwarf_source *d, long unit, enum di_kind kind, const char *name,
		   Dwarf_Die *die)
{
	if (unit < 0)
		return dwarf_index_find(d->di, d->dw, kind, name, die);
	const struct dwarf_index *di = moddebug_active(d->k, (size_t)unit)
					       ? moddebug_index(d->k, (size_t)unit) : NULL;
	return di ? dwarf_index_find(di, moddebug_dwarf(d->k, (size_t)unit), kind, name, die) : -1;
}

/* The vmlinux first, then the modules with debuginfo: the unit found, or
 * -2 when none has it. */
static long find_any(struct dwarf_source *d, enum di_kind kind, const char *name, Dwarf_Die *die)
{
	size_t n = moddebug_units(d->k);
	if (find_in(d, -1, kind, name, die) == 0)
		return -1;
	for (size_t i = 0; i < n && i < MAX_UNITS - 1; i++)
		if (find_in(d, (long)i, kind, name, die) == 0)
			return (long)i;
	return -2;
}

static int find_type(struct type_source *s, enum type_lookup kind, const char *name, uint64_t *id)
{
	struct dwarf_source *d = ds(s);
	Dwarf_Die die;
	long unit = find_any(d, di_kind_of(kind), name, &die);
	if (unit == -2)
		return -1;
	*id = id_in(unit, dwarf_dieoffset(&die));
	return 0;
}

static int symbol_in(struct dwarf_source *d, long unit, const char *name, struct type_ref *out)
{
	Dwarf_Die die;
	if (find_in(d, unit, DI_VAR, name, &die) == 0)
		return ref_of(&die, id_in(unit, 0), out);
	if (find_in(d, unit, DI_FUNC, name, &die) == 0) {
		out->id = id_in(unit, dwarf_dieoffset(&die));
		out->quals = 0;
		return 0;
	}
	return -1;
}

/* A symbol that is a module's (the address kernel_symbol() gives is in
 * it) has its type from that module's debuginfo alone, when it is
 * loaded: statics of the same name live in many modules. */
static int find_symbol_type(struct type_source *s, const char *name, struct type_ref *out)
{
	struct dwarf_source *d = ds(s);
	size_t n = moddebug_units(d->k);
	long mine = -1;

	if (n) {
		struct kernel_sym ks;
		const char *e = err_get();
		char saved[256];
		snprintf(saved, sizeof(saved), "%s", e ? e : "");
		if (kernel_symbol_info(d->k, name, &ks) == 0 && ks.module)
			mine = moddebug_unit_of(d->k, ks.module);
		err_set("%s", saved);
	}
	if (mine >= 0) /* the module's symbol: its debuginfo alone knows it */
		return symbol_in(d, mine, name, out);
	if (symbol_in(d, -1, name, out) == 0)
		return 0;
	for (size_t i = 0; i < n && i < MAX_UNITS - 1; i++)
		if ((long)i != mine && symbol_in(d, (long)i, name, out) == 0)
			return 0;
	return -1;
}

static int find_enumerator(struct type_source *s, const char *name, int64_t *value,
			   uint64_t *enum_id)
{
	struct dwarf_source *d = ds(s);
	Dwarf_Die die, cu, c;
	Dwarf_Attribute a;
	Dwarf_Sword v;

	long unit = find_any(d, DI_ENUMERATOR, name, &die);
	if (unit == -2 || !dwarf_attr(&die, DW_AT_const_value, &a) || dwarf_formsdata(&a, &v) != 0)
		return -1;
	*value = v;
	*enum_id = 0;
	/* The enum holding it: the top-level DIE of its CU around it (libdw
	 * keeps no parent links). */
	uint64_t off = dwarf_dieoffset(&die);
	if (dwarf_diecu(&die, &cu, NULL, NULL) && dwarf_child(&cu, &c) == 0) {
		Dwarf_Die prev;
		bool have = false;
		do {
			if (dwarf_dieoffset(&c) > off)
				break;
			prev = c;
			have = true;
		} while (dwarf_siblingof(&c, &c) == 0);
		if (have && dwarf_tag(&prev) == DW_TAG_enumeration_type)
			*enum_id = id_in(unit, dwarf_dieoffset(&prev));
	}
	return 0;
}

static void each_name_in(const struct dwarf_index *di, enum ktype_kind kind,
			 void (*fn)(void *arg, const char *name), void *arg)
{
	switch (kind) {
	case KT_STRUCT: dwarf_index_each(di, DI_STRUCT, fn, arg); break;
	case KT_UNION: dwarf_index_each(di, DI_UNION, fn, arg); break;
	case KT_ENUM: dwarf_index_each(di, DI_ENUM, fn, arg); break;
	case KT_TYPEDEF: dwarf_index_each(di, DI_TYPEDEF, fn, arg); break;
	case KT_INT: dwarf_index_each(di, DI_BASE, fn, arg); break;
	case KT_FUNCTION:
		dwarf_index_each(di, DI_FUNC, fn, arg);
		dwarf_index_each(di, DI_VAR, fn, arg);
		break;
	default: break;
	}
}

/* The vmlinux's names, then those of the modules with debuginfo (a name
 * in several comes once from each). */
static void each_name(struct type_source *s, enum ktype_kind kind,
		      void (*fn)(void *arg, const char *name), void *arg)
{
	struct dwarf_source *d = ds(s);
	each_name_in(d->di, kind, fn, arg);
	for (size_t i = 0; i < moddebug_units(d->k) && i < MAX_UNITS - 1; i++) {
		const struct dwarf_index *di = moddebug_active(d->k, i) ? moddebug_index(d->k, i) : NULL;
		if (di)
			each_name_in(di, kind, fn, arg);
	}
}

static void destroy(struct type_source *s)
{
	free(s);
}

static const struct type_source_ops dwarf_ops = {
	.name = "DWARF",
	.describe = describe,
	.target = target,
	.members = members,
	.enumerators = enumerators,
	.params = params,
	.find_type = find_type,
	.find_symbol_type = find_symbol_type,
	.find_enumerator = find_enumerator,
	.each_name = each_name,
	.destroy = destroy,
};

struct type_source *dwarf_type_source_new(struct kernel *k)
{
	const struct dwarf_index *di = kernel_dwarf_index(k);
	if (!di)
		return NULL;
	struct dwarf_source *d = xcalloc(1, sizeof(*d));
	d->base.ops = &dwarf_ops;
	d->k = k;
	d->dw = kernel_dwarf(k);
	d->di = di;
	return &d->base;
}

int dwarf_die_type_unit(struct kernel *k, long unit, Dwarf_Die *die, bool itself,
			struct kqtype *out)
{
	struct type_cache *tc = kernel_type_cache(k);
	struct type_ref r;
	if (!tc || (unit >= 0 && (size_t)unit >= MAX_UNITS - 1))
		return -1;
	struct type_source *src = type_cache_source(tc);
	if (itself) {
		*out = (struct kqtype){ tc_node(tc, src, id_in(unit, dwarf_dieoffset(die))), 0 };
		return out->type ? 0 : -1;
	}
	if (ref_of(die, id_in(unit, 0), &r) != 0)
		return -1;
	*out = (struct kqtype){ tc_node(tc, src, r.id), r.quals };
	return 0;
}

int dwarf_die_type(struct kernel *k, Dwarf_Die *die, bool itself, struct kqtype *out)
{
	return dwarf_die_type_unit(k, -1, die, itself, out);
}
