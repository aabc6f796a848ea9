/* The BTF type source: the type model (type_source.h) filled from the
 * kernel's own BTF (the .BTF section, which a CONFIG_DEBUG_INFO_BTF kernel
 * keeps in memory between __start_BTF and __stop_BTF), parsed by libbpf.
 * An id is a BTF type id.  Qualifiers and type tags are folded into the
 * references that go through them.  Names point into libbpf's string
 * section, which lives as long as the struct btf.
 *
 * libbpf checks the header and the size of each type record; the ids a
 * record refers to and every count are checked here, since the BTF comes
 * from the dump and is untrusted.  BTF describes variables only for the
 * per-CPU ones; the types of other symbols come from ktype_declare
 * (types.c), which the walkers fill. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/type_source.h"

#define BTF_MAX_SIZE (256u << 20)	/* a vmlinux's BTF is a few MB */

/* The name index: one open-addressing table for every named thing a
 * lookup asks for, keyed by (kind, name). */
enum bname_kind { BN_STRUCT, BN_UNION, BN_ENUM, BN_TYPEDEF, BN_BASE, BN_VAR, BN_FUNC,
		  BN_ENUMERATOR, BN_FWD_STRUCT, BN_FWD_UNION };

struct bname {
	const char *name;	/* NULL: empty slot */
	uint32_t id;
	uint16_t kind;
	uint16_t index;		/* enumerators: which one of the enum */
};

struct btf_source {
	struct type_source base;
	struct btf *btf;
	uint32_t ntypes;	/* btf__type_cnt: ids 1 .. ntypes-1 */
	struct bname *names;
	size_t nnames;		/* a power of two */
	uint32_t int_id, uint_id; /* "int" and "unsigned int", for enums */
};

static struct btf_source *bs(struct type_source *s)
{
	return (struct btf_source *)s;
}

static uint32_t name_hash(const char *s, unsigned kind)
{
	uint32_t h = 2166136261u ^ kind;	/* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static const struct btf_type *type_of(struct btf_source *b, uint64_t id)
{
	if (id == 0 || id >= b->ntypes)
		return NULL;
	return btf__type_by_id(b->btf, (uint32_t)id);
}

/* A name, NULL when empty or out of the string section. */
static const char *name_of(struct btf_source *b, uint32_t off)
{
	const char *n = btf__name_by_offset(b->btf, off);
	return n && *n ? n : NULL;
}

static void index_add(struct btf_source *b, const char *name, unsigned kind, uint32_t id,
		      unsigned index)
{
	if (!name)
		return;
	size_t mask = b->nnames - 1;
	for (size_t h = name_hash(name, kind) & mask;; h = (h + 1) & mask) {
		struct bname *e = &b->names[h];
		if (!e->name) {
			*e = (struct bname){ name, id, (uint16_t)kind, (uint16_t)index };
			return;
		}
		/* the first of a name stays (a deduplicated BTF has one) */
		if (e->kind == kind && !strcmp(e->name, name))
			return;
	}
}

static const struct bname *index_find(struct btf_source *b, const char *name, unsigned kind)
{
	size_t mask = b->nnames - 1;
	for (size_t h = name_hash(name, kind) & mask; b->names[h].name; h = (h + 1) & mask)
		if (b->names[h].kind == kind && !strcmp(b->names[h].name, name))
			return &b->names[h];
	return NULL;
}

static void build_index(struct btf_source *b)
{
	size_t want = 0;
	for (uint32_t id = 1; id < b->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(b->btf, id);
		want += 1 + (t && btf_is_any_enum(t) ? btf_vlen(t) : 0);
	}
	b->nnames = 1024;
	while (b->nnames < want * 2)
		b->nnames <<= 1;
	b->names = xcalloc(b->nnames, sizeof(*b->names));
	for (uint32_t id = 1; id < b->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(b->btf, id);
		const char *n;
		if (!t)
			continue;
		n = name_of(b, t->name_off);
		switch (btf_kind(t)) {
		case BTF_KIND_STRUCT: index_add(b, n, BN_STRUCT, id, 0); break;
		case BTF_KIND_UNION: index_add(b, n, BN_UNION, id, 0); break;
		case BTF_KIND_FWD:
			index_add(b, n, btf_kflag(t) ? BN_FWD_UNION : BN_FWD_STRUCT, id, 0);
			break;
		case BTF_KIND_TYPEDEF: index_add(b, n, BN_TYPEDEF, id, 0); break;
		case BTF_KIND_INT:
		case BTF_KIND_FLOAT:
			index_add(b, n, BN_BASE, id, 0);
			if (n && !strcmp(n, "int"))
				b->int_id = id;
			if (n && !strcmp(n, "unsigned int"))
				b->uint_id = id;
			break;
		case BTF_KIND_VAR: index_add(b, n, BN_VAR, id, 0); break;
		case BTF_KIND_FUNC: index_add(b, n, BN_FUNC, id, 0); break;
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64: {
			unsigned vlen = btf_vlen(t);
			index_add(b, n, BN_ENUM, id, 0);
			for (unsigned i = 0; i < vlen && i <= UINT16_MAX; i++) {
				uint32_t no = btf_is_enum(t) ? btf_enum(t)[i].name_off
							     : btf_enum64(t)[i].name_off;
				index_add(b, name_of(b, no), BN_ENUMERATOR, id, i);
			}
			break;
		}
		default: break;
		}
	}
}

/* The next type of a chain that C cannot make circular (typedefs,
 * arrays, qualifiers, tags): 0 at the end of one. */
static uint32_t chain_next(const struct btf_type *t)
{
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return t->type;
	case BTF_KIND_ARRAY:
		return btf_array(t)->type;
	default:
		return 0;
	}
}

/* A damaged BTF can make a typedef or an array its own target, which
 * the model would follow forever (a size, a strip): refused here.  Each
 * chain is walked once (ok[] remembers the ids known to end). */
static int check_chains(struct btf_source *b)
{
	uint8_t *ok = xcalloc(b->ntypes, 1);
	int rc = 0;
	for (uint32_t id = 1; id < b->ntypes && !rc; id++) {
		uint32_t cur = id, steps = 0;
		while (cur && cur < b->ntypes && !ok[cur]) {
			const struct btf_type *t = btf__type_by_id(b->btf, cur);
			if (!t || ++steps > 256) {
				err_set("BTF: type %u is its own %s", id, t ? "target" : "reference");
				rc = -1;
				break;
			}
			cur = chain_next(t);
		}
		if (!rc)
			for (cur = id; cur && cur < b->ntypes && !ok[cur];
			     cur = chain_next(btf__type_by_id(b->btf, cur)))
				ok[cur] = 1;
	}
	free(ok);
	return rc;
}

/* The type id refers to, qualifiers and type tags folded into quals. */
static int ref_of(struct btf_source *b, uint32_t id, struct type_ref *out)
{
	out->id = 0;
	out->quals = 0;
	for (int guard = 0; guard < 16; guard++) {
		const struct btf_type *t;
		if (id == 0)
			return 0;	/* void */
		if (!(t = type_of(b, id)))
			return -1;
		switch (btf_kind(t)) {
		case BTF_KIND_CONST: out->quals |= KQ_CONST; break;
		case BTF_KIND_VOLATILE: out->quals |= KQ_VOLATILE; break;
		case BTF_KIND_RESTRICT: out->quals |= KQ_RESTRICT; break;
		case BTF_KIND_TYPE_TAG: break;
		default:
			out->id = id;
			return 0;
		}
		id = t->type;
	}
	return -1;
}

static int describe(struct type_source *s, uint64_t id, struct ktype *t)
{
	struct btf_source *b = bs(s);
	const struct btf_type *bt = type_of(b, id);

	if (!bt)
		return -1;
	t->name = name_of(b, bt->name_off);
	switch (btf_kind(bt)) {
	case BTF_KIND_INT: {
		uint32_t enc = BTF_INT_ENCODING(*(const uint32_t *)(bt + 1));
		t->size = bt->size;
		t->kind = enc & BTF_INT_BOOL ? KT_BOOL : KT_INT;
		if (enc & BTF_INT_SIGNED)
			t->flags |= KTF_SIGNED;
		/* pahole marks no char: a one-byte integer named so is one */
		if (t->size == 1 && ((enc & BTF_INT_CHAR) || (t->name && strstr(t->name, "char"))))
			t->flags |= KTF_CHAR;
		return 0;
	}
	case BTF_KIND_FLOAT:
		t->kind = KT_FLOAT;
		t->size = bt->size;
		return 0;
	case BTF_KIND_PTR:
		t->kind = KT_POINTER;
		t->name = NULL;
		t->size = 8;
		return 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		t->kind = btf_is_union(bt) ? KT_UNION : KT_STRUCT;
		t->size = bt->size;
		t->flags |= KTF_COMPLETE;
		return 0;
	case BTF_KIND_FWD:
		t->kind = btf_kflag(bt) ? KT_UNION : KT_STRUCT;
		return 0;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		t->kind = KT_ENUM;
		t->size = bt->size;
		/* pahole 1.24 on sets kflag for a signed enum */
		if (btf_kflag(bt))
			t->flags |= KTF_SIGNED;
		/* an enum with no enumerators is a declaration */
		if (btf_vlen(bt))
			t->flags |= KTF_COMPLETE;
		return 0;
	case BTF_KIND_TYPEDEF:
		t->kind = KT_TYPEDEF;
		return 0;
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = btf_array(bt);
		t->kind = KT_ARRAY;
		t->name = NULL;
		/* BTF says 0 for both x[0] and a flexible x[] */
		t->length = a->nelems ? (long)a->nelems : -1;
		t->size = -1;	/* from the element, by the cache */
		return 0;
	}
	case BTF_KIND_FUNC:
	case BTF_KIND_FUNC_PROTO: {
		const struct btf_type *proto = bt;
		if (btf_is_func(bt))
			proto = type_of(b, bt->type);
		else
			t->name = NULL;
		t->kind = KT_FUNCTION;
		t->size = -1;
		if (proto && btf_is_func_proto(proto) && btf_vlen(proto)) {
			const struct btf_param *p = btf_params(proto);
			unsigned n = btf_vlen(proto);
			if (p[n - 1].type == 0 && p[n - 1].name_off == 0)
				t->flags |= KTF_VARIADIC;
		}
		return 0;
	}
	default:
		/* VAR, DATASEC, DECL_TAG and qualifiers are not types here */
		return -1;
	}
}

static int target(struct type_source *s, const struct ktype *t, struct type_ref *out)
{
	struct btf_source *b = bs(s);
	const struct btf_type *bt = type_of(b, t->id);

	if (!bt)
		return -1;
	switch (btf_kind(bt)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC_PROTO:
		return ref_of(b, bt->type, out);
	case BTF_KIND_ARRAY:
		return ref_of(b, btf_array(bt)->type, out);
	case BTF_KIND_FUNC: {
		const struct btf_type *proto = type_of(b, bt->type);
		if (!proto || !btf_is_func_proto(proto))
			return -1;
		return ref_of(b, proto->type, out);
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		/* BTF has no compatible type: the int of its signedness */
		out->quals = 0;
		out->id = bt->size == 4 ? (btf_kflag(bt) ? b->int_id : b->uint_id) : 0;
		return 0;
	default:
		return -1;
	}
}

static int members(struct type_source *s, struct ktype *t)
{
	struct btf_source *b = bs(s);
	const struct btf_type *bt = type_of(b, t->id);

	if (!bt || !btf_is_composite(bt))
		return 0;
	const struct btf_member *m = btf_members(bt);
	for (unsigned i = 0; i < btf_vlen(bt); i++) {
		struct type_ref r;
		if (ref_of(b, m[i].type, &r) != 0)
			continue;
		tc_add_member(t, name_of(b, m[i].name_off), r, btf_member_bit_offset(bt, i),
			      (int)btf_member_bitfield_size(bt, i));
	}
	return 0;
}

static int enumerators(struct type_source *s, struct ktype *t)
{
	struct btf_source *b = bs(s);
	const struct btf_type *bt = type_of(b, t->id);

	if (!bt)
		return 0;
	for (unsigned i = 0; btf_is_enum(bt) && i < btf_vlen(bt); i++) {
		const struct btf_enum *e = &btf_enum(bt)[i];
		int64_t v = btf_kflag(bt) ? (int64_t)(int32_t)e->val : (int64_t)(uint32_t)e->val;
		tc_add_enumerator(t, name_of(b, e->name_off), v);
	}
	for (unsigned i = 0; btf_is_enum64(bt) && i < btf_vlen(bt); i++) {
		const struct btf_enum64 *e = &btf_enum64(bt)[i];
		tc_add_enumerator(t, name_of(b, e->name_off), (int64_t)btf_enum64_value(e));
	}
	return 0;
}

static int params(struct type_source *s, struct ktype *t)
{
	struct btf_source *b = bs(s);
	const struct btf_type *bt = type_of(b, t->id);

	if (bt && btf_is_func(bt))
		bt = type_of(b, bt->type);
	if (!bt || !btf_is_func_proto(bt))
		return 0;
	const struct btf_param *p = btf_params(bt);
	for (unsigned i = 0; i < btf_vlen(bt); i++) {
		struct type_ref r;
		if (p[i].type == 0 && p[i].name_off == 0)
			break;	/* "..." */
		if (ref_of(b, p[i].type, &r) != 0)
			continue;
		tc_add_param(t, name_of(b, p[i].name_off), r);
	}
	return 0;
}

static int find_type(struct type_source *s, enum type_lookup kind, const char *name, uint64_t *id)
{
	struct btf_source *b = bs(s);
	static const unsigned map[] = { [TL_STRUCT] = BN_STRUCT, [TL_UNION] = BN_UNION,
					[TL_ENUM] = BN_ENUM, [TL_TYPEDEF] = BN_TYPEDEF,
					[TL_BASE] = BN_BASE };
	const struct bname *e = index_find(b, name, map[kind]);

	/* only declared: the forward declaration */
	if (!e && kind == TL_STRUCT)
		e = index_find(b, name, BN_FWD_STRUCT);
	if (!e && kind == TL_UNION)
		e = index_find(b, name, BN_FWD_UNION);
	if (!e)
		return -1;
	*id = e->id;
	return 0;
}

static int find_symbol_type(struct type_source *s, const char *name, struct type_ref *out)
{
	struct btf_source *b = bs(s);
	const struct bname *e = index_find(b, name, BN_VAR);

	if (e) {
		const struct btf_type *v = type_of(b, e->id);
		return v ? ref_of(b, v->type, out) : -1;
	}
	if ((e = index_find(b, name, BN_FUNC))) {
		out->id = e->id;
		out->quals = 0;
		return 0;
	}
	return -1;
}

static int find_enumerator(struct type_source *s, const char *name, int64_t *value,
			   uint64_t *enum_id)
{
	struct btf_source *b = bs(s);
	const struct bname *e = index_find(b, name, BN_ENUMERATOR);
	const struct btf_type *t;

	if (!e || !(t = type_of(b, e->id)) || e->index >= btf_vlen(t))
		return -1;
	if (btf_is_enum(t)) {
		uint32_t v = btf_enum(t)[e->index].val;
		*value = btf_kflag(t) ? (int64_t)(int32_t)v : (int64_t)v;
	} else {
		*value = (int64_t)btf_enum64_value(&btf_enum64(t)[e->index]);
	}
	*enum_id = e->id;
	return 0;
}

static void each_name(struct type_source *s, enum ktype_kind kind,
		      void (*fn)(void *arg, const char *name), void *arg)
{
	struct btf_source *b = bs(s);
	int want = -1, also = -1;

	switch (kind) {
	case KT_STRUCT: want = BN_STRUCT; break;
	case KT_UNION: want = BN_UNION; break;
	case KT_ENUM: want = BN_ENUM; break;
	case KT_TYPEDEF: want = BN_TYPEDEF; break;
	case KT_INT: want = BN_BASE; break;
	case KT_FUNCTION: want = BN_FUNC; also = BN_VAR; break;
	default: return;
	}
	for (size_t i = 0; i < b->nnames; i++)
		if (b->names[i].name && (b->names[i].kind == want || b->names[i].kind == also))
			fn(arg, b->names[i].name);
}

static void destroy(struct type_source *s)
{
	struct btf_source *b = bs(s);
	btf__free(b->btf);
	free(b->names);
	free(b);
}

static const struct type_source_ops btf_ops = {
	.name = "BTF",
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

/* libbpf's own messages ("BTF type [40] is malformed") would be a second
 * line about one damaged dump: the error of btf__new is the one line. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

struct type_source *btf_type_source_from_data(const void *data, size_t len)
{
	struct btf *btf;

	libbpf_set_print(quiet);
	if (len == 0 || len > BTF_MAX_SIZE) {
		err_set("BTF: implausible size %zu", len);
		return NULL;
	}
	btf = btf__new(data, (uint32_t)len);
	if (!btf) {
		err_set("BTF: does not parse (%s)", strerror(errno));
		return NULL;
	}
	struct btf_source *b = xcalloc(1, sizeof(*b));
	b->base.ops = &btf_ops;
	b->btf = btf;
	b->ntypes = btf__type_cnt(btf);
	if (check_chains(b) != 0) {
		destroy(&b->base);
		return NULL;
	}
	build_index(b);
	return &b->base;
}

struct type_source *btf_type_source_new(struct kernel *k)
{
	uint64_t start, stop;
	struct type_source *src;
	void *buf;
	int rc;

	if (kernel_symbol(k, "__start_BTF", &start) != 0 ||
	    kernel_symbol(k, "__stop_BTF", &stop) != 0) {
		err_set("the kernel has no BTF (__start_BTF)");
		return NULL;
	}
	if (stop <= start || stop - start > BTF_MAX_SIZE) {
		err_set("BTF: implausible bounds %llx..%llx", (unsigned long long)start,
			(unsigned long long)stop);
		return NULL;
	}
	buf = xmalloc(stop - start);
	if ((rc = kernel_read(k, start, buf, stop - start)) != 0) {
		err_prefix("BTF");
		free(buf);
		return NULL;
	}
	src = btf_type_source_from_data(buf, stop - start);
	free(buf);	/* btf__new keeps its own copy */
	return src;
}
