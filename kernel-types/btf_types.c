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
 * (types.c), which the walkers fill.
 *
 * Modules: each loaded module's BTF (split BTF over the vmlinux's, from
 * the kernel's btf_modules list) is read when a lookup misses in the
 * vmlinux's.  A
 * module's own type ids are made unique with its unit number in the top
 * 32 bits of the id; ids below the vmlinux's count are the vmlinux's. */
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/type_source.h"
#include "kernel-types/walk.h"

#define BTF_MAX_SIZE (256u << 20)	/* a vmlinux's BTF is a few MB */
#define MAX_MODULES 4096
#define MOD_BTF_MAX_SIZE (64u << 20)

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

/* One BTF: the vmlinux's (unit 0) or a module's. */
struct btf_unit {
	struct btf *btf;
	uint32_t first;		/* its own ids: first .. ntypes-1 */
	uint32_t ntypes;	/* btf__type_cnt */
	struct bname *names;
	size_t nnames;		/* a power of two */
};

struct btf_source {
	struct type_source base;
	struct btf_unit *units;
	size_t nunits;
	struct kernel *k;	/* NULL: no modules (raw bytes) */
	bool modules_read;
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

static const struct btf_type *type_of(const struct btf_unit *u, uint32_t id)
{
	if (id == 0 || id >= u->ntypes)
		return NULL;
	return btf__type_by_id(u->btf, id);
}

/* The unit and BTF id of a model id; NULL for an id of no unit. */
static struct btf_unit *unit_of(struct btf_source *b, uint64_t id, uint32_t *tid, size_t *ui)
{
	size_t u = (size_t)(id >> 32);
	if (u >= b->nunits)
		return NULL;
	*tid = (uint32_t)id;
	if (ui)
		*ui = u;
	return &b->units[u];
}

/* The model id of a BTF id met in unit ui. */
static uint64_t gid(const struct btf_source *b, size_t ui, uint32_t tid)
{
	return ui == 0 || tid < b->units[0].ntypes ? tid : ((uint64_t)ui << 32) | tid;
}

/* A name, NULL when empty or out of the string section. */
static const char *name_of(const struct btf_unit *u, uint32_t off)
{
	const char *n = btf__name_by_offset(u->btf, off);
	return n && *n ? n : NULL;
}

static void index_add(struct btf_unit *b, const char *name, unsigned kind, uint32_t id,
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

static const struct bname *index_find(const struct btf_unit *b, const char *name, unsigned kind)
{
	if (!b->nnames)
		return NULL;
	size_t mask = b->nnames - 1;
	for (size_t h = name_hash(name, kind) & mask; b->names[h].name; h = (h + 1) & mask)
		if (b->names[h].kind == kind && !strcmp(b->names[h].name, name))
			return &b->names[h];
	return NULL;
}

static void build_index(struct btf_source *src, struct btf_unit *b)
{
	size_t want = 0;
	for (uint32_t id = b->first; id < b->ntypes; id++) {
		const struct btf_type *t = btf__type_by_id(b->btf, id);
		want += 1 + (t && btf_is_any_enum(t) ? btf_vlen(t) : 0);
	}
	b->nnames = 1024;
	while (b->nnames < want * 2)
		b->nnames <<= 1;
	b->names = xcalloc(b->nnames, sizeof(*b->names));
	for (uint32_t id = b->first; id < b->ntypes; id++) {
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
			if (n && !strcmp(n, "int") && !src->int_id && b->first == 1)
				src->int_id = id;
			if (n && !strcmp(n, "unsigned int") && !src->uint_id && b->first == 1)
				src->uint_id = id;
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
static int check_chains(struct btf_unit *b)
{
	uint8_t *ok = xcalloc(b->ntypes, 1);
	int rc = 0;
	for (uint32_t id = b->first; id < b->ntypes && !rc; id++) {
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
static int ref_of(struct btf_source *b, size_t ui, uint32_t id, struct type_ref *out)
{
	const struct btf_unit *u = &b->units[ui];
	out->id = 0;
	out->quals = 0;
	for (int guard = 0; guard < 16; guard++) {
		const struct btf_type *t;
		if (id == 0)
			return 0;	/* void */
		if (!(t = type_of(u, id)))
			return -1;
		switch (btf_kind(t)) {
		case BTF_KIND_CONST: out->quals |= KQ_CONST; break;
		case BTF_KIND_VOLATILE: out->quals |= KQ_VOLATILE; break;
		case BTF_KIND_RESTRICT: out->quals |= KQ_RESTRICT; break;
		case BTF_KIND_TYPE_TAG: break;
		default:
			out->id = gid(b, ui, id);
			return 0;
		}
		id = t->type;
	}
	return -1;
}

static int describe(struct type_source *s, uint64_t id, struct ktype *t)
{
	uint32_t tid;
	const struct btf_unit *u = unit_of(bs(s), id, &tid, NULL);
	const struct btf_type *bt = u ? type_of(u, tid) : NULL;

	if (!bt)
		return -1;
	t->name = name_of(u, bt->name_off);
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
			proto = type_of(u, bt->type);
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
	uint32_t tid;
	size_t ui;
	const struct btf_unit *u = unit_of(b, t->id, &tid, &ui);
	const struct btf_type *bt = u ? type_of(u, tid) : NULL;

	if (!bt)
		return -1;
	switch (btf_kind(bt)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC_PROTO:
		return ref_of(b, ui, bt->type, out);
	case BTF_KIND_ARRAY:
		return ref_of(b, ui, btf_array(bt)->type, out);
	case BTF_KIND_FUNC: {
		const struct btf_type *proto = type_of(u, bt->type);
		if (!proto || !btf_is_func_proto(proto))
			return -1;
		return ref_of(b, ui, proto->type, out);
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
	uint32_t tid;
	size_t ui;
	const struct btf_unit *u = unit_of(b, t->id, &tid, &ui);
	const struct btf_type *bt = u ? type_of(u, tid) : NULL;

	if (!bt || !btf_is_composite(bt))
		return 0;
	const struct btf_member *m = btf_members(bt);
	for (unsigned i = 0; i < btf_vlen(bt); i++) {
		struct type_ref r;
		if (ref_of(b, ui, m[i].type, &r) != 0)
			continue;
		tc_add_member(t, name_of(u, m[i].name_off), r, btf_member_bit_offset(bt, i),
			      (int)btf_member_bitfield_size(bt, i));
	}
	return 0;
}

static int enumerators(struct type_source *s, struct ktype *t)
{
	struct btf_source *b = bs(s);
	uint32_t tid;
	size_t ui;
	const struct btf_unit *u = unit_of(b, t->id, &tid, &ui);
	const struct btf_type *bt = u ? type_of(u, tid) : NULL;

	(void)b;
	(void)ui;
	if (!bt)
		return 0;
	for (unsigned i = 0; btf_is_enum(bt) && i < btf_vlen(bt); i++) {
		const struct btf_enum *e = &btf_enum(bt)[i];
		int64_t v = btf_kflag(bt) ? (int64_t)(int32_t)e->val : (int64_t)(uint32_t)e->val;
		tc_add_enumerator(t, name_of(u, e->name_off), v);
	}
	for (unsigned i = 0; btf_is_enum64(bt) && i < btf_vlen(bt); i++) {
		const struct btf_enum64 *e = &btf_enum64(bt)[i];
		tc_add_enumerator(t, name_of(u, e->name_off), (int64_t)btf_enum64_value(e));
	}
	return 0;
}

static int params(struct type_source *s, struct ktype *t)
{
	struct btf_source *b = bs(s);
	uint32_t tid;
	size_t ui;
	const struct btf_unit *u = unit_of(b, t->id, &tid, &ui);
	const struct btf_type *bt = u ? type_of(u, tid) : NULL;

	if (bt && btf_is_func(bt))
		bt = type_of(u, bt->type);
	if (!bt || !btf_is_func_proto(bt))
		return 0;
	const struct btf_param *p = btf_params(bt);
	for (unsigned i = 0; i < btf_vlen(bt); i++) {
		struct type_ref r;
		if (p[i].type == 0 && p[i].name_off == 0)
			break;	/* "..." */
		if (ref_of(b, ui, p[i].type, &r) != 0)
			continue;
		tc_add_param(t, name_of(u, p[i].name_off), r);
	}
	return 0;
}

static void read_modules(struct btf_source *b);

/* An entry of a kind by name: the vmlinux's, else (the modules read on
 * the first miss) the first module's that has it. */
static const struct bname *find_any(struct btf_source *b, const char *name, unsigned kind,
				    size_t *ui)
{
	const struct bname *e = index_find(&b->units[0], name, kind);
	*ui = 0;
	if (e)
		return e;
	read_modules(b);
	for (size_t i = 1; i < b->nunits; i++)
		if ((e = index_find(&b->units[i], name, kind))) {
			*ui = i;
			return e;
		}
	return NULL;
}

static int find_type(struct type_source *s, enum type_lookup kind, const char *name, uint64_t *id)
{
	struct btf_source *b = bs(s);
	static const unsigned map[] = { [TL_STRUCT] = BN_STRUCT, [TL_UNION] = BN_UNION,
					[TL_ENUM] = BN_ENUM, [TL_TYPEDEF] = BN_TYPEDEF,
					[TL_BASE] = BN_BASE };
	size_t ui = 0;
	/* base types are the vmlinux's: modules share them */
	const struct bname *e = kind == TL_BASE ? index_find(&b->units[0], name, BN_BASE)
						: find_any(b, name, map[kind], &ui);

	/* only declared: the forward declaration */
	if (!e && kind == TL_STRUCT)
		e = find_any(b, name, BN_FWD_STRUCT, &ui);
	if (!e && kind == TL_UNION)
		e = find_any(b, name, BN_FWD_UNION, &ui);
	if (!e)
		return -1;
	*id = gid(b, ui, e->id);
	return 0;
}

static int find_symbol_type(struct type_source *s, const char *name, struct type_ref *out)
{
	struct btf_source *b = bs(s);
	size_t ui;
	const struct bname *e = find_any(b, name, BN_VAR, &ui);

	if (e) {
		const struct btf_type *v = type_of(&b->units[ui], e->id);
		return v ? ref_of(b, ui, v->type, out) : -1;
	}
	if ((e = find_any(b, name, BN_FUNC, &ui))) {
		out->id = gid(b, ui, e->id);
		out->quals = 0;
		return 0;
	}
	return -1;
}

static int find_enumerator(struct type_source *s, const char *name, int64_t *value,
			   uint64_t *enum_id)
{
	struct btf_source *b = bs(s);
	size_t ui;
	const struct bname *e = find_any(b, name, BN_ENUMERATOR, &ui);
	const struct btf_type *t;

	if (!e || !(t = type_of(&b->units[ui], e->id)) || e->index >= btf_vlen(t))
		return -1;
	if (btf_is_enum(t)) {
		uint32_t v = btf_enum(t)[e->index].val;
		*value = btf_kflag(t) ? (int64_t)(int32_t)v : (int64_t)v;
	} else {
		*value = (int64_t)btf_enum64_value(&btf_enum64(t)[e->index]);
	}
	*enum_id = gid(b, ui, e->id);
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
	read_modules(b);
	for (size_t u = 0; u < b->nunits; u++) {
		const struct btf_unit *n = &b->units[u];
		for (size_t i = 0; i < n->nnames; i++)
			if (n->names[i].name &&
			    (n->names[i].kind == want || n->names[i].kind == also))
				fn(arg, n->names[i].name);
	}
}

static void destroy(struct type_source *s)
{
	struct btf_source *b = bs(s);
	/* the modules' split BTF before the vmlinux's it is split from */
	for (size_t i = b->nunits; i-- > 0;) {
		btf__free(b->units[i].btf);
		free(b->units[i].names);
	}
	free(b->units);
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

/* Split BTF over bytes: Debian 12's libbpf 1.1 declares btf__new_split
 * but does not export it (1.3 does), so the bytes go through a memfd to
 * btf__parse_raw_split, which reads a file. */
static struct btf *new_split(const void *data, size_t len, struct btf *base)
{
	char path[64];
	struct btf *btf = NULL;
	int fd = memfd_create("crash-module-btf", MFD_CLOEXEC);

	if (fd < 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (write(fd, data, len) == (ssize_t)len)
		btf = btf__parse_raw_split(path, base);
	int e = errno;
	close(fd);
	errno = e;
	return btf;
}

/* A unit over BTF bytes, split from base when base is not NULL.  0, or
 * -1 with err_get(). */
static int unit_new(struct btf_source *b, const void *data, size_t len, struct btf *base,
		    size_t max, const char *what)
{
	struct btf_unit u = { 0 };

	libbpf_set_print(quiet);
	if (len == 0 || len > max) {
		err_set("%s: implausible BTF size %zu", what, len);
		return -1;
	}
	u.btf = base ? new_split(data, len, base) : btf__new(data, (uint32_t)len);
	if (!u.btf) {
		err_set("%s: BTF does not parse (%s)", what, strerror(errno));
		return -1;
	}
	u.first = base ? btf__type_cnt(base) : 1;
	u.ntypes = btf__type_cnt(u.btf);
	if (u.ntypes < u.first || check_chains(&u) != 0) {
		if (u.ntypes >= u.first)
			err_prefix("%s", what);
		else
			err_set("%s: BTF has no types", what);
		btf__free(u.btf);
		return -1;
	}
	b->units = xreallocarray(b->units, b->nunits + 1, sizeof(*b->units));
	b->units[b->nunits] = u;
	build_index(b, &b->units[b->nunits]);
	b->nunits++;
	return 0;
}

struct type_source *btf_type_source_from_data(const void *data, size_t len)
{
	struct btf_source *b = xcalloc(1, sizeof(*b));
	b->base.ops = &btf_ops;
	if (unit_new(b, data, len, NULL, BTF_MAX_SIZE, "BTF") != 0) {
		free(b);
		return NULL;
	}
	return &b->base;
}

/* Each loaded module's BTF, once, from the BPF subsystem's btf_modules
 * list (struct module's btf_data is freed once the module is loaded; the
 * struct btf made of it keeps the bytes).  A module whose BTF is not in
 * the dump or does not parse is left out: its types are unknown, as
 * without it. */
struct mod_walk {
	struct btf_source *b;
	long off_btf, off_data, off_size, off_name;
	int n;
};

static int read_module(void *arg, uint64_t bm)
{
	struct mod_walk *w = arg;
	struct kernel *k = w->b->k;
	char name[64];
	uint64_t btf, data;
	uint32_t size;

	if (++w->n > MAX_MODULES)
		return 1;
	if (kernel_read_u64(k, bm + (uint64_t)w->off_btf, &btf) != 0 || !btf ||
	    kernel_read_string(k, btf + (uint64_t)w->off_name, name, sizeof(name)) < 0 ||
	    kernel_read_u64(k, btf + (uint64_t)w->off_data, &data) != 0 ||
	    kernel_read_u32(k, btf + (uint64_t)w->off_size, &size) != 0 || !data || !size ||
	    size > MOD_BTF_MAX_SIZE)
		return 0;
	void *buf = xmalloc(size);
	if (kernel_read(k, data, buf, size) == 0)
		unit_new(w->b, buf, size, w->b->units[0].btf, MOD_BTF_MAX_SIZE, name);
	free(buf);
	return 0;
}

static void read_modules(struct btf_source *b)
{
	struct mod_walk w = { .b = b };
	uint64_t head;

	if (b->modules_read || !b->k)
		return;
	b->modules_read = true;	/* before the walk, which looks types up */
	char *saved = xstrdup(err_get());
	long list = kernel_offsetof(b->k, "struct btf_module", "list");
	w.off_btf = kernel_offsetof(b->k, "struct btf_module", "btf");
	w.off_data = kernel_offsetof(b->k, "struct btf", "data");
	w.off_size = kernel_offsetof(b->k, "struct btf", "data_size");
	w.off_name = kernel_offsetof(b->k, "struct btf", "name");
	if (list >= 0 && w.off_btf >= 0 && w.off_data >= 0 && w.off_size >= 0 && w.off_name >= 0 &&
	    kernel_symbol(b->k, "btf_modules", &head) == 0)
		kwalk_list(b->k, head, list, false, read_module, &w);
	/* a lookup that missed says why it missed, not what the walk met */
	err_set("%s", saved);
	free(saved);
}

struct type_source *btf_type_source_new(struct kernel *k)
{
	uint64_t start, stop;
	struct type_source *src;
	void *buf;
	int rc;

	if (kernel_symbol(k, "__start_BTF", &start) != 0 ||
	    kernel_symbol(k, "__stop_BTF", &stop) != 0) {
		uint64_t a;
		/* a kernel built without CONFIG_KALLSYMS_ALL (Debian's arm64
		 * 6.1) lists no data symbols, so the BTF cannot be found */
		if (kernel_symbol(k, "init_task", &a) != 0)
			err_set("kallsyms lists no data symbols (a kernel without "
				"CONFIG_KALLSYMS_ALL): its BTF cannot be found");
		else
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
	if (src)
		bs(src)->k = k;
	return src;
}
