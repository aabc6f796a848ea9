/* The type model of types.h: a cache of nodes over one type source, the
 * accessors (which ask the source for what a node does not have yet),
 * member paths, derived types, and lookups by C name. */
#include "kernel-types/types.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel_impl.h"
#include "kernel-types/type_source.h"

/* Nodes and strings are allocated in blocks that live with the cache. */
struct arena_block {
	struct arena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct type_cache {
	struct type_source *src;
	/* id -> node, open addressing */
	struct ktype **slots;
	size_t nslots, used;
	struct arena_block *arena;
	/* made by the cache: pointers and arrays (indexed by what they are
	 * made of: expressions can make any number of them), functions,
	 * base types and typedefs of the evaluator */
	struct ktype **made;
	size_t nmade, capmade;
	const struct ktype **mhash;
	size_t mhash_size, mhash_used;
};

static void *arena_alloc(struct type_cache *tc, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct arena_block *b = tc->arena;
	if (!b || b->size - b->used < n) {
		size_t size = n > 65536 ? n : 65536;
		b = xmalloc(sizeof(*b) + size);
		b->next = tc->arena;
		b->used = 0;
		b->size = size;
		tc->arena = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

const char *tc_strdup(struct type_cache *tc, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = arena_alloc(tc, n);
	memcpy(p, s, n);
	return p;
}

struct type_cache *type_cache_new(struct type_source *src)
{
	struct type_cache *tc = xcalloc(1, sizeof(*tc));
	tc->src = src;
	src->tc = tc;
	return tc;
}

struct type_source *type_cache_source(struct type_cache *tc)
{
	return tc->src;
}

void type_cache_free(struct type_cache *tc)
{
	if (!tc)
		return;
	for (size_t i = 0; i < tc->nslots; i++) {
		struct ktype *t = tc->slots[i];
		if (t) {
			free(t->members);
			free(t->enums);
			free(t->params);
		}
	}
	for (size_t i = 0; i < tc->nmade; i++) {
		if (tc->made[i]->kind == KT_FUNCTION)
			free(tc->made[i]->params);
		free(tc->made[i]);
	}
	free(tc->made);
	free(tc->mhash);
	free(tc->slots);
	while (tc->arena) {
		struct arena_block *b = tc->arena;
		tc->arena = b->next;
		free(b);
	}
	if (tc->src)
		tc->src->ops->destroy(tc->src);
	free(tc);
}

static size_t id_hash(uint64_t id)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (size_t)id;
}

static void grow(struct type_cache *tc)
{
	size_t n = tc->nslots ? tc->nslots * 2 : 4096;
	struct ktype **s = xcalloc(n, sizeof(*s));
	for (size_t i = 0; i < tc->nslots; i++) {
		struct ktype *t = tc->slots[i];
		if (!t)
			continue;
		size_t j = id_hash(t->id) & (n - 1);
		while (s[j])
			j = (j + 1) & (n - 1);
		s[j] = t;
	}
	free(tc->slots);
	tc->slots = s;
	tc->nslots = n;
}

const struct ktype *tc_node(struct type_cache *tc, struct type_source *src, uint64_t id)
{
	if (!id)
		return NULL;
	if (tc->nslots) {
		for (size_t i = id_hash(id) & (tc->nslots - 1); tc->slots[i];
		     i = (i + 1) & (tc->nslots - 1))
			if (tc->slots[i]->id == id)
				return tc->slots[i];
	}
	struct ktype *t = arena_alloc(tc, sizeof(*t));
	t->tc = tc;
	t->src = src;
	t->id = id;
	t->size = -1;
	t->length = -1;
	if (src->ops->describe(src, id, t) != 0) {
		/* an id the source cannot read: void, so that a damaged
		 * reference never stops a listing */
		t->kind = KT_VOID;
		t->flags |= KTF_HAVE_TARGET | KTF_HAVE_MEMBERS | KTF_HAVE_ENUMS | KTF_HAVE_PARAMS;
	}
	if (tc->used * 2 >= tc->nslots)
		grow(tc);
	size_t i = id_hash(id) & (tc->nslots - 1);
	while (tc->slots[i])
		i = (i + 1) & (tc->nslots - 1);
	tc->slots[i] = t;
	tc->used++;
	return t;
}

static struct kqtype ref_type(struct ktype *t, struct type_ref r)
{
	return (struct kqtype){ tc_node(t->tc, t->src, r.id), r.quals };
}

/* Arrays grow at 0 and at each power of two: capacity 4, 4, 8, 16... */
static void *grow_for(void *p, size_t n, size_t elem)
{
	if (n == 0 || !(n & (n - 1)))
		p = xreallocarray(p, n < 2 ? 4 : n * 2, elem);
	return p;
}

void tc_add_member(struct ktype *t, const char *name, struct type_ref type, uint64_t bit_offset,
		   int bit_size)
{
	t->members = grow_for(t->members, t->nmembers, sizeof(*t->members));
	t->members[t->nmembers++] = (struct kmember){ .name = name, .type = ref_type(t, type),
						      .bit_offset = bit_offset, .bit_size = bit_size };
}

void tc_add_enumerator(struct ktype *t, const char *name, int64_t value)
{
	t->enums = grow_for(t->enums, t->nenums, sizeof(*t->enums));
	t->enums[t->nenums++] = (struct kenumerator){ name, value };
}

void tc_add_param(struct ktype *t, const char *name, struct type_ref type)
{
	t->params = grow_for(t->params, t->nparams, sizeof(*t->params));
	t->params[t->nparams++] = (struct kparam){ name, ref_type(t, type) };
}

static struct ktype *made(struct type_cache *tc, enum ktype_kind kind)
{
	struct ktype *t = xcalloc(1, sizeof(*t));
	if (tc->nmade == tc->capmade) {
		tc->capmade = tc->capmade ? 2 * tc->capmade : 64;
		tc->made = xreallocarray(tc->made, tc->capmade, sizeof(*tc->made));
	}
	tc->made[tc->nmade++] = t;
	t->kind = kind;
	t->tc = tc;
	t->size = -1;
	t->length = -1;
	t->flags = KTF_HAVE_TARGET | KTF_HAVE_MEMBERS | KTF_HAVE_ENUMS | KTF_HAVE_PARAMS |
		   KTF_HAVE_DEFINITION;
	return t;
}

/* The index of the pointers and arrays the cache made. */
static size_t mkey(enum ktype_kind kind, struct kqtype target, long length)
{
	uint64_t h = (uint64_t)(uintptr_t)target.type * 0x9e3779b97f4a7c15ull;
	h ^= (uint64_t)target.quals * 0xff51afd7ed558ccdull + (uint64_t)kind;
	h ^= (uint64_t)length * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return (size_t)h;
}

static const struct ktype *mfind(struct type_cache *tc, enum ktype_kind kind, struct kqtype target,
				 long length)
{
	if (!tc->mhash_size)
		return NULL;
	for (size_t i = mkey(kind, target, length) & (tc->mhash_size - 1);;
	     i = (i + 1) & (tc->mhash_size - 1)) {
		const struct ktype *m = tc->mhash[i];
		if (!m)
			return NULL;
		if (m->kind == kind && m->length == length && m->target.type == target.type &&
		    m->target.quals == target.quals)
			return m;
	}
}

static void mput(struct type_cache *tc, const struct ktype *t)
{
	if ((tc->mhash_used + 1) * 2 > tc->mhash_size) {
		size_t n = tc->mhash_size ? tc->mhash_size * 2 : 256;
		const struct ktype **h = xcalloc(n, sizeof(*h));
		for (size_t i = 0; i < tc->mhash_size; i++) {
			const struct ktype *m = tc->mhash[i];
			if (!m)
				continue;
			size_t j = mkey(m->kind, m->target, m->length) & (n - 1);
			while (h[j])
				j = (j + 1) & (n - 1);
			h[j] = m;
		}
		free(tc->mhash);
		tc->mhash = h;
		tc->mhash_size = n;
	}
	size_t j = mkey(t->kind, t->target, t->length) & (tc->mhash_size - 1);
	while (tc->mhash[j])
		j = (j + 1) & (tc->mhash_size - 1);
	tc->mhash[j] = t;
	tc->mhash_used++;
}

/* Size of LENGTH elements of ES bytes; -1 when unknown or when the
 * product overflows (a type from a damaged BTF or DWARF can say anything). */
static long array_bytes(long es, long length)
{
	long n;
	if (es < 0 || length < 0 || __builtin_mul_overflow(es, length, &n))
		return -1;
	return n;
}

const struct ktype *tc_array(struct type_cache *tc, struct kqtype element, long length)
{
	const struct ktype *m = mfind(tc, KT_ARRAY, element, length);
	if (m)
		return m;
	struct ktype *t = made(tc, KT_ARRAY);
	t->target = element;
	t->length = length;
	long es = element.type ? ktype_size(element.type) : -1;
	t->size = array_bytes(es, length);
	mput(tc, t);
	return t;
}

/* --- accessors --- */

/* An incomplete struct, union or enum (a declaration) stands for the
 * definition of the same name elsewhere in the debug info. */
static const struct ktype *defined(const struct ktype *t)
{
	if (!t || (t->kind != KT_STRUCT && t->kind != KT_UNION && t->kind != KT_ENUM) ||
	    (t->flags & KTF_COMPLETE))
		return t;
	struct ktype *m = (struct ktype *)t;
	if (!(m->flags & KTF_HAVE_DEFINITION)) {
		m->flags |= KTF_HAVE_DEFINITION;
		uint64_t id;
		enum type_lookup l = t->kind == KT_STRUCT ? TL_STRUCT : t->kind == KT_UNION ? TL_UNION
											      : TL_ENUM;
		if (t->name && t->src && t->src->ops->find_type(t->src, l, t->name, &id) == 0) {
			const struct ktype *d = tc_node(t->tc, t->src, id);
			if (d && d != t && (d->flags & KTF_COMPLETE))
				m->definition = d;
		}
	}
	return t->definition ? t->definition : t;
}

enum ktype_kind ktype_kind(const struct ktype *t)
{
	return t ? t->kind : KT_VOID;
}

const char *ktype_name(const struct ktype *t)
{
	return t ? t->name : "void";
}

long ktype_size(const struct ktype *t)
{
	if (!t)
		return -1;
	t = defined(t);
	if (t->kind == KT_TYPEDEF)
		return ktype_size(ktype_strip(t));
	if (t->kind == KT_ARRAY && t->size < 0 && t->length >= 0) {
		long es = ktype_size(ktype_target(t).type);
		((struct ktype *)t)->size = array_bytes(es, t->length);
	}
	return t->size;
}

bool ktype_is_signed(const struct ktype *t)
{
	t = ktype_strip(t);
	return t && (t->flags & KTF_SIGNED);
}

bool ktype_is_char(const struct ktype *t)
{
	t = ktype_strip(t);
	return t && (t->flags & KTF_CHAR);
}

bool ktype_is_complete(const struct ktype *t)
{
	t = defined(ktype_strip(t));
	if (!t)
		return false;
	if (t->kind == KT_STRUCT || t->kind == KT_UNION || t->kind == KT_ENUM)
		return t->flags & KTF_COMPLETE;
	return t->kind != KT_VOID && t->kind != KT_FUNCTION;
}

struct kqtype ktype_target(const struct ktype *t)
{
	if (!t)
		return (struct kqtype){ 0 };
	struct ktype *m = (struct ktype *)t;
	if (!(m->flags & KTF_HAVE_TARGET)) {
		struct type_ref r = { 0 };
		m->flags |= KTF_HAVE_TARGET;
		if (m->src && m->src->ops->target(m->src, m, &r) == 0)
			m->target = ref_type(m, r);
	}
	return t->target;
}

long ktype_length(const struct ktype *t)
{
	return t && t->kind == KT_ARRAY ? t->length : -1;
}

static const struct ktype *with_members(const struct ktype *t)
{
	t = defined(ktype_strip(t));
	if (!t || (t->kind != KT_STRUCT && t->kind != KT_UNION))
		return NULL;
	struct ktype *m = (struct ktype *)t;
	if (!(m->flags & KTF_HAVE_MEMBERS)) {
		m->flags |= KTF_HAVE_MEMBERS;
		if (m->src)
			m->src->ops->members(m->src, m);
	}
	return t;
}

size_t ktype_nmembers(const struct ktype *t)
{
	t = with_members(t);
	return t ? t->nmembers : 0;
}

const struct kmember *ktype_member_at(const struct ktype *t, size_t i)
{
	t = with_members(t);
	return t && i < t->nmembers ? &t->members[i] : NULL;
}

static const struct ktype *with_enums(const struct ktype *t)
{
	t = defined(ktype_strip(t));
	if (!t || t->kind != KT_ENUM)
		return NULL;
	struct ktype *m = (struct ktype *)t;
	if (!(m->flags & KTF_HAVE_ENUMS)) {
		m->flags |= KTF_HAVE_ENUMS;
		if (m->src)
			m->src->ops->enumerators(m->src, m);
	}
	return t;
}

size_t ktype_nenumerators(const struct ktype *t)
{
	t = with_enums(t);
	return t ? t->nenums : 0;
}

const struct kenumerator *ktype_enumerator_at(const struct ktype *t, size_t i)
{
	t = with_enums(t);
	return t && i < t->nenums ? &t->enums[i] : NULL;
}

static const struct ktype *with_params(const struct ktype *t)
{
	if (!t || t->kind != KT_FUNCTION)
		return NULL;
	struct ktype *m = (struct ktype *)t;
	if (!(m->flags & KTF_HAVE_PARAMS)) {
		m->flags |= KTF_HAVE_PARAMS;
		if (m->src)
			m->src->ops->params(m->src, m);
	}
	return t;
}

size_t ktype_nparams(const struct ktype *t)
{
	t = with_params(t);
	return t ? t->nparams : 0;
}

const struct kparam *ktype_param_at(const struct ktype *t, size_t i)
{
	t = with_params(t);
	return t && i < t->nparams ? &t->params[i] : NULL;
}

bool ktype_is_variadic(const struct ktype *t)
{
	return t && t->kind == KT_FUNCTION && (t->flags & KTF_VARIADIC);
}

bool ktype_params_unknown(const struct ktype *t)
{
	return t && t->kind == KT_FUNCTION && (t->flags & KTF_PARAMS_UNKNOWN);
}

const struct ktype *ktype_strip(const struct ktype *t)
{
	for (int guard = 0; t && t->kind == KT_TYPEDEF && guard < 64; guard++)
		t = ktype_target(t).type;
	return t;
}

struct kqtype ktype_strip_q(struct kqtype q)
{
	for (int guard = 0; q.type && q.type->kind == KT_TYPEDEF && guard < 64; guard++) {
		struct kqtype n = ktype_target(q.type);
		n.quals |= q.quals;
		q = n;
	}
	return q;
}

bool ktype_same(const struct ktype *a, const struct ktype *b)
{
	for (int guard = 0; guard < 32; guard++) {
		if (a == b)
			return true;
		if (!a || !b || a->kind != b->kind)
			return false;
		a = defined(a);
		b = defined(b);
		if (a == b)
			return true;
		if ((a->name || b->name) && (!a->name || !b->name || strcmp(a->name, b->name)))
			return false;
		switch (a->kind) {
		case KT_STRUCT:
		case KT_UNION:
		case KT_ENUM:
			/* named: one definition per name in C kernels */
			return a->name != NULL && ktype_size(a) == ktype_size(b);
		case KT_INT:
		case KT_BOOL:
		case KT_FLOAT:
			return a->size == b->size && (a->flags & KTF_SIGNED) == (b->flags & KTF_SIGNED);
		case KT_ARRAY:
			if (a->length != b->length)
				return false;
			break;
		case KT_POINTER:
		case KT_TYPEDEF:
			break;
		default:
			return false;
		}
		struct kqtype ta = ktype_target(a), tb = ktype_target(b);
		if (ta.quals != tb.quals)
			return false;
		a = ta.type;
		b = tb.type;
	}
	return false;
}

/* --- members --- */

/* One path component of t (a stripped struct/union), descending into
 * anonymous members. */
static int find_member(const struct ktype *t, const char *name, size_t len, struct kmember_ref *out,
		       int depth)
{
	size_t n = ktype_nmembers(t);
	if (depth > 16)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct kmember *m = ktype_member_at(t, i);
		if (m->name && strlen(m->name) == len && !strncmp(m->name, name, len)) {
			out->type = m->type;
			out->offset = (long)(m->bit_offset / 8);
			out->bit_offset = m->bit_size ? (int)(m->bit_offset % 8) : 0;
			out->bit_size = m->bit_size;
			return 0;
		}
		if (!m->name) {
			const struct ktype *s = defined(ktype_strip(m->type.type));
			if (s && (s->kind == KT_STRUCT || s->kind == KT_UNION) &&
			    find_member(s, name, len, out, depth + 1) == 0) {
				out->offset += (long)(m->bit_offset / 8);
				return 0;
			}
		}
	}
	return -1;
}

int ktype_member(const struct ktype *type, const char *path, struct kmember_ref *out)
{
	struct kmember_ref cur = { .type = { type, 0 } };
	const char *p = path;
	long total = 0;

	while (*p) {
		size_t n = strcspn(p, ".[");
		if (n == 0) {
			err_set("invalid member path: %s", path);
			return -1;
		}
		const struct ktype *s = defined(ktype_strip(cur.type.type));
		if (!s || (s->kind != KT_STRUCT && s->kind != KT_UNION)) {
			err_set("%s: not a struct or union before \"%.*s\"", path, (int)n, p);
			return -1;
		}
		if (find_member(s, p, n, &cur, 0) != 0) {
			const struct ktype *tn = defined(ktype_strip(type));
			err_set("%s %s has no member \"%.*s\"", s->kind == KT_UNION ? "union" : "struct",
				tn && tn->name ? tn->name : "(anonymous)", (int)n, p);
			return -1;
		}
		if (__builtin_add_overflow(total, (long)cur.offset, &total)) {
			err_set("%s: offset out of range", path);
			return -1;
		}
		p += n;
		while (*p == '[') {
			char *end;
			long idx = strtol(p + 1, &end, 0);
			const struct ktype *a = ktype_strip(cur.type.type);
			if (*end != ']') {
				err_set("invalid member path: %s", path);
				return -1;
			}
			p = end + 1;
			if (!a || a->kind != KT_ARRAY) {
				err_set("%s: not an array before \"%s\"", path, p);
				return -1;
			}
			cur.type = ktype_target(a);
			long esz = ktype_size(cur.type.type);
			if (esz < 0) {
				err_set("%s: unknown element size", path);
				return -1;
			}
			long off;
			if (__builtin_mul_overflow(idx, esz, &off) || __builtin_add_overflow(total, off, &total)) {
				err_set("%s: index out of range", path);
				return -1;
			}
			cur.bit_offset = cur.bit_size = 0;
		}
		if (*p == '.')
			p++;
	}
	*out = cur;
	out->offset = total;
	return 0;
}

/* --- derived types --- */

const struct ktype *tc_pointer(struct type_cache *tc, struct kqtype target)
{
	const struct ktype *m = mfind(tc, KT_POINTER, target, -1);
	if (m)
		return m;
	struct ktype *t = made(tc, KT_POINTER);
	t->target = target;
	t->size = 8;
	mput(tc, t);
	return t;
}

const struct ktype *tc_base(struct type_cache *tc, enum ktype_kind kind, const char *name, long size,
			    unsigned flags)
{
	for (size_t i = 0; i < tc->nmade; i++) {
		const struct ktype *m = tc->made[i];
		if (m->kind == kind && !m->src && m->name && !strcmp(m->name, name) && m->size == size &&
		    m->flags == (flags | KTF_COMPLETE | KTF_HAVE_TARGET | KTF_HAVE_MEMBERS |
				 KTF_HAVE_ENUMS | KTF_HAVE_PARAMS | KTF_HAVE_DEFINITION))
			return m;
	}
	struct ktype *t = made(tc, kind);
	t->name = tc_strdup(tc, name);
	t->size = size;
	t->flags |= flags | KTF_COMPLETE;
	return t;
}

const struct ktype *tc_function(struct type_cache *tc, struct kqtype ret, const struct kqtype *params,
				size_t nparams, bool variadic, bool params_unknown)
{
	unsigned want = (variadic ? KTF_VARIADIC : 0) | (params_unknown ? KTF_PARAMS_UNKNOWN : 0);
	for (size_t i = 0; i < tc->nmade; i++) {
		const struct ktype *m = tc->made[i];
		if (m->kind != KT_FUNCTION || m->name || m->target.type != ret.type ||
		    m->target.quals != ret.quals || m->nparams != nparams ||
		    (m->flags & (KTF_VARIADIC | KTF_PARAMS_UNKNOWN)) != want)
			continue;
		size_t j = 0;
		while (j < nparams && m->params[j].type.type == params[j].type &&
		       m->params[j].type.quals == params[j].quals)
			j++;
		if (j == nparams)
			return m;
	}
	struct ktype *t = made(tc, KT_FUNCTION);
	t->target = ret;
	t->flags |= want;
	t->params = nparams ? xcalloc(nparams, sizeof(*t->params)) : NULL;
	for (size_t j = 0; j < nparams; j++)
		t->params[j].type = params[j];
	t->nparams = nparams;
	return t;
}

const struct ktype *tc_typedef(struct type_cache *tc, const char *name, struct kqtype target)
{
	for (size_t i = 0; i < tc->nmade; i++) {
		const struct ktype *m = tc->made[i];
		if (m->kind == KT_TYPEDEF && m->name && !strcmp(m->name, name) &&
		    m->target.type == target.type && m->target.quals == target.quals)
			return m;
	}
	struct ktype *t = made(tc, KT_TYPEDEF);
	t->name = tc_strdup(tc, name);
	t->target = target;
	return t;
}

/* The source of the builtin cache: it knows no type. */
static int none_describe(struct type_source *s, uint64_t id, struct ktype *t)
{
	(void)s, (void)id, (void)t;
	return -1;
}

static int none_target(struct type_source *s, const struct ktype *t, struct type_ref *out)
{
	(void)s, (void)t, (void)out;
	return -1;
}

static int none_fill(struct type_source *s, struct ktype *t)
{
	(void)s, (void)t;
	return -1;
}

static int none_find_type(struct type_source *s, enum type_lookup kind, const char *name, uint64_t *id)
{
	(void)s, (void)kind, (void)name, (void)id;
	return -1;
}

static int none_find_symbol_type(struct type_source *s, const char *name, struct type_ref *out)
{
	(void)s, (void)name, (void)out;
	return -1;
}

static int none_find_enumerator(struct type_source *s, const char *name, int64_t *value, uint64_t *id)
{
	(void)s, (void)name, (void)value, (void)id;
	return -1;
}

static void none_each_name(struct type_source *s, enum ktype_kind kind,
			   void (*fn)(void *arg, const char *name), void *arg)
{
	(void)s, (void)kind, (void)fn, (void)arg;
}

static void none_destroy(struct type_source *s)
{
	(void)s;
}

static const struct type_source_ops none_ops = {
	.name = "none",
	.describe = none_describe,
	.target = none_target,
	.members = none_fill,
	.enumerators = none_fill,
	.params = none_fill,
	.find_type = none_find_type,
	.find_symbol_type = none_find_symbol_type,
	.find_enumerator = none_find_enumerator,
	.each_name = none_each_name,
	.destroy = none_destroy,
};

struct type_cache *type_cache_builtin(void)
{
	static struct type_source src = { .ops = &none_ops };
	static struct type_cache *tc;
	if (!tc)
		tc = type_cache_new(&src);
	return tc;
}

const struct ktype *ktype_pointer_to(struct kernel *k, struct kqtype target)
{
	struct type_cache *tc = kernel_type_cache(k);
	return tc ? tc_pointer(tc, target) : NULL;
}

const struct ktype *ktype_array_of(struct kernel *k, struct kqtype element, long length)
{
	struct type_cache *tc = kernel_type_cache(k);
	return tc ? tc_array(tc, element, length) : NULL;
}

/* --- lookups by name --- */

/* C spells integer types many ways ("unsigned long", "long unsigned",
 * "signed short int"); GCC's debug info names each one way ("long
 * unsigned int", "short int").  The GCC spelling of a C spelling into out,
 * or 0 when name is not made of integer keywords only. */
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

static int find(struct type_source *src, enum type_lookup l, const char *name, const struct ktype **out)
{
	uint64_t id;
	if (src->ops->find_type(src, l, name, &id) != 0)
		return -1;
	*out = tc_node(src->tc, src, id);
	return *out ? 0 : -1;
}

/* A name without qualifiers or '*'. */
static int lookup_base(struct type_source *src, const char *name, const struct ktype **out)
{
	if (!strcmp(name, "void")) {
		*out = NULL;
		return 0;
	}
	if (!strncmp(name, "struct ", 7))
		return find(src, TL_STRUCT, name + 7, out);
	if (!strncmp(name, "union ", 6))
		return find(src, TL_UNION, name + 6, out);
	if (!strncmp(name, "enum ", 5))
		return find(src, TL_ENUM, name + 5, out);
	if (find(src, TL_TYPEDEF, name, out) == 0 || find(src, TL_BASE, name, out) == 0 ||
	    find(src, TL_STRUCT, name, out) == 0 || find(src, TL_UNION, name, out) == 0)
		return 0;
	char gcc[64];
	if (gcc_base_name(name, gcc, sizeof(gcc)) && strcmp(gcc, name) &&
	    find(src, TL_BASE, gcc, out) == 0)
		return 0;
	return -1;
}

int ktype_lookup(struct kernel *k, const char *name, struct kqtype *out)
{
	struct type_cache *tc = kernel_type_cache(k);
	char base[256];
	size_t bl = 0;
	unsigned quals = 0;
	int stars = 0;
	const char *p = name;

	if (!tc)
		return -1;
	/* words, then '*'s (each may be followed by qualifiers) */
	while (*p && *p != '*') {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " *");
		if (!n)
			break;
		if (n == 5 && !strncmp(p, "const", 5))
			quals |= KQ_CONST;
		else if (n == 8 && !strncmp(p, "volatile", 8))
			quals |= KQ_VOLATILE;
		else {
			if (bl + n + 2 > sizeof(base))
				goto bad;
			if (bl)
				base[bl++] = ' ';
			memcpy(base + bl, p, n);
			bl += n;
		}
		p += n;
	}
	base[bl] = '\0';
	if (!bl)
		goto bad;
	const struct ktype *t;
	if (lookup_base(tc->src, base, &t) != 0) {
		err_set("no type \"%s\" in the kernel's %s", name, tc->src->ops->name);
		return -1;
	}
	struct kqtype q = { t, quals };
	while (*p) {
		if (*p == ' ') {
			p++;
		} else if (*p == '*') {
			if (++stars > 8)
				goto bad;
			q = (struct kqtype){ ktype_pointer_to(k, q), 0 };
			p++;
		} else if (!strncmp(p, "const", 5)) {
			q.quals |= KQ_CONST;
			p += 5;
		} else {
			goto bad;
		}
	}
	*out = q;
	return 0;
bad:
	err_set("invalid type name: %s", name);
	return -1;
}

/* The walkers' declarations (ktype_declare_symbols), in a list made at
 * startup by constructors, before any thread. */
struct decl_block {
	const struct ktype_symbol_decl *d;
	size_t n;
	struct decl_block *next;
};
static struct decl_block *declared;

void ktype_declare_symbols(const struct ktype_symbol_decl *decls, size_t n)
{
	struct decl_block *b = xmalloc(sizeof(*b));
	*b = (struct decl_block){ decls, n, declared };
	declared = b;
}

static const char *declared_type(const char *name)
{
	for (const struct decl_block *b = declared; b; b = b->next)
		for (size_t i = 0; i < b->n; i++)
			if (!strcmp(b->d[i].symbol, name))
				return b->d[i].type;
	return NULL;
}

int ktype_of_symbol(struct kernel *k, const char *name, struct kqtype *out)
{
	struct type_cache *tc = kernel_type_cache(k);
	struct type_ref r;
	const char *decl;
	if (!tc)
		return -1;
	if (tc->src->ops->find_symbol_type(tc->src, name, &r) != 0) {
		/* a symbol the source has no type for, that a walker knows */
		if ((decl = declared_type(name)) && ktype_lookup(k, decl, out) == 0)
			return 0;
		err_set("no type information for \"%s\"", name);
		return -1;
	}
	*out = (struct kqtype){ tc_node(tc, tc->src, r.id), r.quals };
	return 0;
}

int ktype_lookup_enumerator(struct kernel *k, const char *name, int64_t *value,
			    const struct ktype **type)
{
	struct type_cache *tc = kernel_type_cache(k);
	uint64_t id;
	if (!tc)
		return -1;
	if (tc->src->ops->find_enumerator(tc->src, name, value, &id) != 0) {
		err_set("no enumerator \"%s\"", name);
		return -1;
	}
	if (type)
		*type = tc_node(tc, tc->src, id);
	return 0;
}

void ktype_each_name(struct kernel *k, enum ktype_kind kind, void (*fn)(void *arg, const char *name),
		     void *arg)
{
	struct type_cache *tc = kernel_type_cache(k);
	if (tc)
		tc->src->ops->each_name(tc->src, kind, fn, arg);
}

const char *ktype_source(struct kernel *k)
{
	struct type_cache *tc = kernel_type_cache(k);
	return tc ? tc->src->ops->name : NULL;
}

/* --- the kernel.h entry points by name, with a cache of answers --- */

static uint32_t tc_hash(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void answers_grow(struct kernel_tcache *tc)
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
 * NULL; computed from the model on first use. */
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

	struct kernel_tcache_entry n = { .off = -1, .size = -1 };
	struct kqtype t;
	if (ktype_lookup(k, type, &t) != 0) {
		/* keep the lookup's message */
	} else if (!member) {
		n.size = ktype_size(t.type);
		n.off = n.size < 0 ? -1 : 0;
		if (n.size < 0)
			err_set("type \"%s\" has no size", type);
	} else {
		struct kmember_ref m;
		if (ktype_member(t.type, member, &m) == 0) {
			n.off = m.offset;
			n.bit_off = m.bit_offset;
			n.bit_size = m.bit_size;
			n.size = m.bit_size ? (m.bit_size + m.bit_offset + 7) / 8 : ktype_size(m.type.type);
		}
	}
	n.key = xstrdup(key);
	n.err = n.off < 0 ? xstrdup(err_get()) : NULL;

	if (tc->used * 2 >= tc->size)
		answers_grow(tc);
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

const char *kernel_member_type(struct kernel *k, const char *type, const char *member)
{
	struct type_cache *tc = kernel_type_cache(k);
	struct kqtype t;
	struct kmember_ref m;
	char buf[256];
	const char *prefix = "";
	bool ptr = false;

	if (!tc || ktype_lookup(k, type, &t) != 0 || ktype_member(t.type, member, &m) != 0)
		return NULL;
	const struct ktype *mt = ktype_strip(m.type.type);
	if (ktype_kind(mt) == KT_POINTER) {
		ptr = true;
		mt = ktype_strip(ktype_target(mt).type);
		if (!mt)
			return "void *";
	}
	switch (ktype_kind(mt)) {
	case KT_STRUCT: prefix = "struct "; break;
	case KT_UNION: prefix = "union "; break;
	case KT_ENUM: prefix = "enum "; break;
	default: break;
	}
	const char *name = ktype_name(mt);
	snprintf(buf, sizeof(buf), "%s%s%s", prefix, name ? name : "?", ptr ? " *" : "");
	return tc_strdup(tc, buf);
}

int kernel_enum_value(struct kernel *k, const char *name, int64_t *value)
{
	return ktype_lookup_enumerator(k, name, value, NULL);
}
