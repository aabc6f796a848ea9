/* The type model (kernel-types/types.h) on a test kernel's DWARF
 * (tests/unit/kernels/types.c): kinds, names, sizes against the
 * compiler's own sizeof/offsetof, members through anonymous unions and
 * paths, bitfields, qualifiers, typedef chains, multi-dimensional arrays,
 * enums and their signedness, function types, a declaration completed by
 * name, derived types, lookups by C spelling, and typed values read from
 * the dump (kv_* and the printer). */
#include "check.h"
#include "kernels/types.h"
#include "testkernel.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/typeprint.h"
#include "kernel-types/types.h"
#include "kernel-types/value.h"

static const struct ktype *lookup(struct kernel *k, const char *name)
{
	struct kqtype q;
	return ktype_lookup(k, name, &q) == 0 ? q.type : NULL;
}

static long off_of(const struct ktype *t, const char *path, int *bo, int *bs)
{
	struct kmember_ref m;
	if (ktype_member(t, path, &m) != 0)
		return -1;
	if (bo)
		*bo = m.bit_offset;
	if (bs)
		*bs = m.bit_size;
	return m.offset;
}

static const struct kmember *member_named(const struct ktype *t, const char *name)
{
	for (size_t i = 0; i < ktype_nmembers(t); i++) {
		const struct kmember *m = ktype_member_at(t, i);
		if (m->name && !strcmp(m->name, name))
			return m;
	}
	return NULL;
}

static char *printed(struct kernel *k, const char *sym, unsigned flags)
{
	struct kval v;
	char *text = NULL;
	size_t len = 0;
	if (kv_symbol(k, sym, &v) != 0)
		return NULL;
	FILE *f = open_memstream(&text, &len);
	if (tp_value_at(k, f, v.type, v.addr, 0, flags) != 0) {
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	return text;
}

static void check_model(struct kernel *k)
{
	const struct ktype *o = lookup(k, "struct ty_outer");
	CHECK(o && ktype_kind(o) == KT_STRUCT && !strcmp(ktype_name(o), "ty_outer") &&
		      ktype_size(o) == (long)sizeof(struct ty_outer),
	      "struct ty_outer: kind, name, size %zu", sizeof(struct ty_outer));
	if (!o)
		return;
	CHECK(!strcmp(ktype_source(k), "DWARF"), "types come from DWARF");

	/* members and paths */
	int bo = 0, bs = 0;
	CHECK(off_of(o, "u1", NULL, NULL) == (long)offsetof(struct ty_outer, u1), "anonymous union member");
	CHECK(off_of(o, "s2", NULL, NULL) == (long)offsetof(struct ty_outer, s2),
	      "member of a struct inside an anonymous union");
	CHECK(off_of(o, "in.b", NULL, NULL) == (long)offsetof(struct ty_outer, in.b), "dotted path");
	CHECK(off_of(o, "arr[2].b", NULL, NULL) == (long)offsetof(struct ty_outer, arr[2].b),
	      "array index in a path");
	CHECK(off_of(o, "grid[1][2]", NULL, NULL) == (long)offsetof(struct ty_outer, grid[1][2]),
	      "two indexes in a path");
	CHECK(off_of(o, "nope", NULL, NULL) < 0 && strstr(err_get(), "has no member \"nope\""),
	      "absent member: %s", err_get());
	CHECK(off_of(o, "in.a.x", NULL, NULL) < 0, "a path through a short fails");
	size_t n = ktype_nmembers(o);
	const struct kmember *first = ktype_member_at(o, 0), *anon = ktype_member_at(o, 1);
	CHECK(n == 19 && !strcmp(first->name, "c") && !anon->name &&
		      ktype_kind(anon->type.type) == KT_UNION,
	      "19 members in order, the anonymous union unnamed (%zu)", n);

	/* bitfields against the bits the compiler sets */
	struct ty_outer x;
	unsigned char *raw = (unsigned char *)&x;
	uint64_t v = 0;
	memset(&x, 0, sizeof(x));
	x.f2 = 0xfff;
	long off = off_of(o, "f2", &bo, &bs);
	CHECK(off >= 0 && bs == 12 && (memcpy(&v, raw + off, (size_t)(bo + bs + 7) / 8), (v >> bo & 0xfff) == 0xfff),
	      "bitfield f2: byte %ld bit %d width %d", off, bo, bs);
	memset(&x, 0, sizeof(x));
	x.f1 = -1;
	off = off_of(o, "f1", &bo, &bs);
	v = 0;
	CHECK(off >= 0 && bs == 5 && (memcpy(&v, raw + off, 2), (v >> bo & 0x1f) == 0x1f),
	      "bitfield f1: byte %ld bit %d width %d", off, bo, bs);
	CHECK(ktype_is_signed(member_named(o, "f1")->type.type) &&
		      !ktype_is_signed(member_named(o, "f2")->type.type),
	      "bitfield signedness from the base type");

	/* qualifiers, typedef chains, pointers */
	const struct kmember *m = member_named(o, "cv");
	CHECK(m && m->type.quals == (KQ_CONST | KQ_VOLATILE) && ktype_kind(m->type.type) == KT_INT,
	      "const volatile int: qualifiers on the reference");
	m = member_named(o, "cp");
	struct kqtype t = ktype_target(m->type.type);
	CHECK(ktype_kind(m->type.type) == KT_POINTER && t.quals == KQ_CONST && ktype_is_char(t.type),
	      "const char *: pointer to const char");
	m = member_named(o, "pc");
	CHECK(m->type.quals == KQ_CONST && ktype_kind(m->type.type) == KT_POINTER, "char *const");
	m = member_named(o, "w");
	const struct ktype *w2 = m->type.type, *w1 = ktype_target(w2).type;
	CHECK(ktype_kind(w2) == KT_TYPEDEF && !strcmp(ktype_name(w2), "ty_word2_t") &&
		      !strcmp(ktype_name(w1), "ty_word_t") &&
		      !strcmp(ktype_name(ktype_strip(w2)), "long unsigned int") &&
		      ktype_size(w2) == (long)sizeof(ty_word2_t),
	      "typedef chain ty_word2_t -> ty_word_t -> long unsigned int");
	char d[256];
	tp_decl(m->type, "w", d, sizeof(d));
	CHECK(!strcmp(d, "ty_word2_t w"), "declaration keeps the typedef: %s", d);

	/* arrays */
	m = member_named(o, "grid");
	const struct ktype *g = m->type.type, *row = ktype_target(g).type;
	CHECK(ktype_kind(g) == KT_ARRAY && ktype_length(g) == 2 && ktype_kind(row) == KT_ARRAY &&
		      ktype_length(row) == 3 && ktype_size(g) == (long)sizeof(x.grid) &&
		      ktype_size(row) == (long)sizeof(x.grid[0]),
	      "int grid[2][3]: an array of arrays");
	tp_decl(m->type, "grid", d, sizeof(d));
	CHECK(!strcmp(d, "int grid[2][3]"), "declared as %s", d);
	m = member_named(o, "tail");
	CHECK(ktype_kind(m->type.type) == KT_ARRAY && ktype_length(m->type.type) < 0 &&
		      ktype_size(m->type.type) < 0,
	      "flexible array: no length, no size");

	/* functions */
	m = member_named(o, "cb");
	const struct ktype *fn = ktype_target(ktype_strip(m->type.type)).type;
	CHECK(ktype_kind(fn) == KT_FUNCTION && ktype_nparams(fn) == 2 && ktype_is_variadic(fn) &&
		      ktype_kind(ktype_target(fn).type) == KT_INT,
	      "int (*)(struct ty_opaque *, const char *, ...)");
	tp_decl(m->type, "cb", d, sizeof(d));
	CHECK(!strcmp(d, "ty_cb_t cb"), "typedef of a function pointer: %s", d);
	tp_decl(ktype_strip_q(m->type), "cb", d, sizeof(d));
	CHECK(!strcmp(d, "int (*cb)(struct ty_opaque *, const char *, ...)"), "written out: %s", d);
	m = member_named(o, "fn");
	tp_decl(m->type, "fn", d, sizeof(d));
	CHECK(!strcmp(d, "void (*fn)(void)"), "void (*fn)(void): %s", d);
	struct kqtype ft;
	CHECK(ktype_of_symbol(k, "ty_callback", &ft) == 0 && ktype_kind(ft.type) == KT_FUNCTION &&
		      ktype_nparams(ft.type) == 2 && !strcmp(ktype_param_at(ft.type, 1)->name, "fmt"),
	      "a function's type, with parameter names");

	/* a declaration completed by name */
	m = member_named(o, "op");
	const struct ktype *opq = ktype_target(m->type.type).type;
	CHECK(ktype_is_complete(opq) && ktype_size(opq) == 4 + 4 + 4 * 8 && ktype_nmembers(opq) == 2,
	      "struct ty_opaque, declared in this unit, completed from its definition (%ld)",
	      ktype_size(opq));

	/* enums */
	const struct ktype *es = lookup(k, "enum ty_small"), *ef = lookup(k, "enum ty_flags");
	CHECK(es && ktype_nenumerators(es) == 3 && ktype_enumerator_at(es, 0)->value == -3 &&
		      ktype_is_signed(es),
	      "enum ty_small: 3 values, TY_NEG = -3, signed");
	CHECK(ef && !ktype_is_signed(ef) && (uint64_t)ktype_enumerator_at(ef, 2)->value == 0x80000000u,
	      "enum ty_flags: unsigned, TY_C = 0x80000000");
	int64_t ev;
	const struct ktype *et;
	CHECK(ktype_lookup_enumerator(k, "TY_POS", &ev, &et) == 0 && ev == 5 && et &&
		      !strcmp(ktype_name(et), "ty_small"),
	      "enumerator TY_POS = 5, of enum ty_small");

	/* lookups by C spelling, derived types */
	struct kqtype q;
	CHECK(ktype_lookup(k, "unsigned long", &q) == 0 && ktype_size(q.type) == 8 &&
		      !strcmp(ktype_name(q.type), "long unsigned int"),
	      "\"unsigned long\" is GCC's \"long unsigned int\"");
	CHECK(ktype_lookup(k, "struct ty_outer **", &q) == 0 && ktype_kind(q.type) == KT_POINTER &&
		      ktype_target(ktype_target(q.type).type).type == o,
	      "struct ty_outer **");
	CHECK(ktype_lookup(k, "const char *", &q) == 0 &&
		      ktype_target(q.type).quals == KQ_CONST,
	      "const char *");
	CHECK(ktype_lookup(k, "struct ty_nothing_such", &q) != 0 && strstr(err_get(), "no type"),
	      "absent type: %s", err_get());
	const struct ktype *p1 = ktype_pointer_to(k, (struct kqtype){ o, 0 });
	CHECK(p1 == ktype_pointer_to(k, (struct kqtype){ o, 0 }) && ktype_size(p1) == 8,
	      "pointer types made once");
	const struct ktype *a5 = ktype_array_of(k, (struct kqtype){ o, 0 }, 5);
	CHECK(ktype_size(a5) == 5 * (long)sizeof(struct ty_outer), "array of 5 made");
	CHECK(ktype_same(lookup(k, "ty_word_t"), w1), "ktype_same on one typedef");
	CHECK(ktype_of_symbol(k, "ty_matrix", &q) == 0 && ktype_size(q.type) == (long)sizeof(int[4][5]),
	      "int ty_matrix[4][5]: %ld bytes", ktype_size(q.type));

	/* values in the dump */
	struct kval kv, kf;
	int64_t iv;
	uint64_t uv;
	char s[32];
	CHECK(kv_symbol(k, "ty_object", &kv) == 0 && kv_member(k, kv, "f1", &kf) == 0 &&
		      kv_read_int(k, kf, &iv) == 0 && iv == -7,
	      "signed bitfield f1 reads -7 (%lld)", (long long)iv);
	CHECK(kv_member(k, kv, "small", &kf) == 0 && kv_read_int(k, kf, &iv) == 0 && iv == TY_NEG,
	      "signed enum member reads -3");
	CHECK(kv_member(k, kv, "grid", &kf) == 0 && kv_index(k, kf, 1, &kf) == 0 &&
		      kv_index(k, kf, 2, &kf) == 0 && kv_read_uint(k, kf, &uv) == 0 && uv == 6,
	      "grid[1][2] = 6");
	CHECK(kv_member(k, kv, "op", &kf) == 0 && kv_member(k, kf, "secret", &kf) == 0 &&
		      kv_read_uint(k, kf, &uv) == 0 && uv == 42,
	      "op->secret = 42 through a completed declaration");
	CHECK(kv_member(k, kv, "cp", &kf) == 0 && kv_read_string(k, kf, s, sizeof(s)) == 0 &&
		      !strcmp(s, "const"),
	      "cp is \"const\"");
	char *text = printed(k, "ty_object", 0);
	CHECK(text && strstr(text, "grid = {{1, 2, 3}, {4, 5, 6}}") && strstr(text, "f1 = -7") &&
		      strstr(text, "small = TY_NEG") && strstr(text, "c = 65 'A'") &&
		      strstr(text, "yes = true") && strstr(text, "cb = 0x") && strstr(text, "<ty_callback>"),
	      "ty_object printed as gdb does");
	if (text && !strstr(text, "grid = {{1, 2, 3}, {4, 5, 6}}"))
		printf("# %s\n", text);
	free(text);

	/* an array too large to have a size (a cast like (long [N][M]) or a
	 * damaged type source) has none, rather than an overflowed one */
	struct kqtype lng = { lookup(k, "long"), 0 };
	const struct ktype *big = lng.type ? ktype_array_of(k, lng, LONG_MAX / 4) : NULL;
	CHECK(big && ktype_size(big) == -1, "long[LONG_MAX/4] has no size (%ld)", big ? ktype_size(big) : 0L);
	const struct ktype *brow = lng.type ? ktype_array_of(k, lng, 1L << 40) : NULL;
	const struct ktype *bgrid = brow ? ktype_array_of(k, (struct kqtype){ brow, 0 }, 1L << 40) : NULL;
	CHECK(bgrid && ktype_size(brow) == 8L << 40 && ktype_size(bgrid) == -1,
	      "long[2^40][2^40] has no size, its row has 2^43 bytes");
}

int main(void)
{
	struct testkernel *tk = tk_new("types", &(struct tk_opts){ .ncpus = 1, .kaslr = 0x1e00000 });
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	struct kernel *k = tk_open(tk);
	CHECK(k, "kernel_open: %s", k ? "ok" : err_get());
	if (k)
		check_model(k);
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
