/* The BTF type source (kernel-types/btf_types.c) against the DWARF one on
 * the same test kernel (tests/unit/kernels/types.c): pahole -J turns the
 * kernel's DWARF into BTF, as the kernel's own build does, and every
 * struct, member, bitfield, enum, typedef chain and function type must
 * read the same through the type model (BTF flattens multi-dimensional
 * arrays: grid[2][3] is grid[6] there).  Then damaged BTF: truncated or
 * with flipped bytes, it is refused in one line or read without a crash. */
#include "check.h"
#include "kernels/types.h"
#include "testkernel.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/type_source.h"
#include "kernel-types/types.h"

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

static const struct ktype *btf_find(struct type_cache *tc, enum type_lookup kind, const char *name)
{
	struct type_source *src = type_cache_source(tc);
	uint64_t id;
	if (src->ops->find_type(src, kind, name, &id) != 0)
		return NULL;
	return tc_node(tc, src, id);
}

/* The same layout, member by member, recursively into anonymous and
 * nested structs; arrays compared by total size. */
static int same_layout(const struct ktype *a, const struct ktype *b, int depth)
{
	a = ktype_strip(a);
	b = ktype_strip(b);
	if (!a || !b)
		return a == b;
	if (ktype_kind(a) != ktype_kind(b) || ktype_size(a) != ktype_size(b))
		return 0;
	if (depth > 4 || (ktype_kind(a) != KT_STRUCT && ktype_kind(a) != KT_UNION))
		return 1;
	if (ktype_nmembers(a) != ktype_nmembers(b))
		return 0;
	for (size_t i = 0; i < ktype_nmembers(a); i++) {
		const struct kmember *x = ktype_member_at(a, i), *y = ktype_member_at(b, i);
		if ((x->name == NULL) != (y->name == NULL) || (x->name && strcmp(x->name, y->name)) ||
		    x->bit_offset != y->bit_offset || x->bit_size != y->bit_size ||
		    x->type.quals != y->type.quals || !same_layout(x->type.type, y->type.type, depth + 1))
			return 0;
	}
	return 1;
}

/* Every type of a source, read through: the damaged-input check. */
static void read_all(struct type_cache *tc, uint32_t max_id)
{
	struct type_source *src = type_cache_source(tc);
	for (uint32_t id = 1; id < max_id; id++) {
		const struct ktype *t = tc_node(tc, src, id);
		ktype_name(t);
		ktype_size(t);
		ktype_target(t);
		for (size_t i = 0; i < ktype_nmembers(t); i++)
			ktype_member_at(t, i);
		for (size_t i = 0; i < ktype_nenumerators(t); i++)
			ktype_enumerator_at(t, i);
		for (size_t i = 0; i < ktype_nparams(t); i++)
			ktype_param_at(t, i);
	}
}

int main(void)
{
	struct testkernel *tk = tk_new("types", NULL);
	char cmd[512], btf_path[300];
	unsigned char *raw;
	size_t len = 0;

	CHECK(tk, "test kernel: %s", tk ? "loaded" : err_get());
	if (!tk)
		CHECK_DONE();
	snprintf(btf_path, sizeof(btf_path), "%s.btf", tk_vmlinux_path(tk));
	snprintf(cmd, sizeof(cmd), "pahole -J --btf_encode_detached=%s %s >/dev/null 2>&1",
		 btf_path, tk_vmlinux_path(tk));
	if (system("command -v pahole >/dev/null 2>&1") != 0 || system(cmd) != 0 ||
	    !(raw = slurp(btf_path, &len))) {
		printf("skip - no pahole (Debian's dwarves) to make BTF\n");
		tk_free(tk);
		return 0;
	}
	remove(btf_path);

	struct kernel *k = tk_open(tk);
	CHECK(k, "opened with DWARF: %s", k ? "" : err_get());
	struct type_source *src = btf_type_source_from_data(raw, len);
	CHECK(src, "BTF parses: %s", src ? "" : err_get());
	if (!k || !src)
		CHECK_DONE();
	struct type_cache *tc = type_cache_new(src);
	CHECK(!strcmp(src->ops->name, "BTF"), "the source says BTF");

	struct kqtype dq;
	const struct ktype *bin = btf_find(tc, TL_STRUCT, "ty_inner");
	CHECK(bin && ktype_size(bin) == (long)sizeof(struct ty_inner) &&
		      ktype_lookup(k, "struct ty_inner", &dq) == 0 && same_layout(dq.type, bin, 0),
	      "struct ty_inner: the same as DWARF's");

	const struct ktype *bout = btf_find(tc, TL_STRUCT, "ty_outer");
	CHECK(bout && ktype_size(bout) == (long)sizeof(struct ty_outer), "struct ty_outer: size %ld",
	      bout ? ktype_size(bout) : -1L);
	CHECK(ktype_lookup(k, "struct ty_outer", &dq) == 0, "struct ty_outer in DWARF");
	size_t same = 0, n = bout ? ktype_nmembers(bout) : 0;
	for (size_t i = 0; bout && i < n && i < ktype_nmembers(dq.type); i++) {
		const struct kmember *x = ktype_member_at(dq.type, i), *y = ktype_member_at(bout, i);
		if (x->name && !strcmp(x->name, "grid"))
			same += y->name && !strcmp(y->name, "grid") && x->bit_offset == y->bit_offset &&
				ktype_size(y->type.type) == (long)sizeof(((struct ty_outer *)0)->grid);
		else
			same += (x->name == NULL) == (y->name == NULL) &&
				(!x->name || !strcmp(x->name, y->name)) &&
				x->bit_offset == y->bit_offset && x->bit_size == y->bit_size &&
				x->type.quals == y->type.quals &&
				same_layout(x->type.type, y->type.type, 1);
	}
	CHECK(n == ktype_nmembers(dq.type) && same == n,
	      "struct ty_outer: %zu of %zu members as DWARF has them (offsets, bitfields, "
	      "qualifiers, types)", same, ktype_nmembers(dq.type));

	struct kmember_ref m;
	CHECK(bout && ktype_member(bout, "f1", &m) == 0 && m.bit_size == 5 &&
		      ktype_is_signed(ktype_strip(m.type.type)),
	      "bitfield f1: 5 bits, signed");
	CHECK(bout && ktype_member(bout, "s2", &m) == 0 &&
		      m.offset == (long)offsetof(struct ty_outer, s2),
	      "s2 through the anonymous union and struct");
	CHECK(bout && ktype_member(bout, "cv", &m) == 0 && m.type.quals == (KQ_CONST | KQ_VOLATILE),
	      "cv is const volatile");
	CHECK(bout && ktype_member(bout, "tail", &m) == 0 && ktype_kind(m.type.type) == KT_ARRAY &&
		      ktype_length(m.type.type) == -1,
	      "flexible array tail[] has no length");
	CHECK(bout && ktype_member(bout, "c", &m) == 0 && ktype_is_char(m.type.type),
	      "char is a character type");

	const struct ktype *w2 = btf_find(tc, TL_TYPEDEF, "ty_word2_t");
	const struct ktype *base = ktype_strip(w2);
	CHECK(w2 && ktype_kind(w2) == KT_TYPEDEF && base && ktype_kind(base) == KT_INT &&
		      !strcmp(ktype_name(base), "long unsigned int") && !ktype_is_signed(base),
	      "typedef chain ty_word2_t -> long unsigned int");

	const struct ktype *cb = ktype_strip(btf_find(tc, TL_TYPEDEF, "ty_cb_t"));
	const struct ktype *fn = cb && ktype_kind(cb) == KT_POINTER ? ktype_target(cb).type : NULL;
	CHECK(fn && ktype_kind(fn) == KT_FUNCTION && ktype_nparams(fn) == 2 &&
		      ktype_is_variadic(fn) &&
		      ktype_kind(ktype_strip(ktype_target(fn).type)) == KT_INT,
	      "ty_cb_t: int (*)(struct ty_opaque *, const char *, ...)");

	const struct ktype *small = btf_find(tc, TL_ENUM, "ty_small");
	int64_t v = 0;
	uint64_t eid = 0;
	CHECK(small && ktype_nenumerators(small) == 3 &&
		      ktype_enumerator_at(small, 0)->value == TY_NEG,
	      "enum ty_small: TY_NEG is %lld", small && ktype_nenumerators(small)
							? (long long)ktype_enumerator_at(small, 0)->value : 0LL);
	CHECK(src->ops->find_enumerator(src, "TY_C", &v, &eid) == 0 && v == 0x80000000LL &&
		      tc_node(tc, src, eid) == btf_find(tc, TL_ENUM, "ty_flags"),
	      "TY_C is 0x80000000 of enum ty_flags");
	CHECK(btf_find(tc, TL_BASE, "int") && !btf_find(tc, TL_STRUCT, "no_such_struct"),
	      "base types by name, absent structs absent");

	/* damaged BTF: every prefix length class and flipped bytes */
	size_t refused = 0, read = 0;
	for (size_t cut = 1; cut < len; cut += 1 + cut / 8) {
		struct type_source *s = btf_type_source_from_data(raw, cut);
		if (!s) {
			refused += strchr(err_get(), '\n') == NULL && !strncmp(err_get(), "BTF", 3);
			continue;
		}
		struct type_cache *c = type_cache_new(s);
		read_all(c, 4096);
		type_cache_free(c);
		read++;
	}
	unsigned char *bad = malloc(len);
	srand(7);
	for (int round = 0; round < 300; round++) {
		memcpy(bad, raw, len);
		for (int f = 0; f < 4; f++)
			bad[24 + (size_t)rand() % (len - 24)] ^= (unsigned char)(1 + rand() % 255);
		struct type_source *s = btf_type_source_from_data(bad, len);
		if (!s)
			continue;
		struct type_cache *c = type_cache_new(s);
		read_all(c, 4096);
		type_cache_free(c);
		read++;
	}
	free(bad);
	CHECK(refused > 0, "truncated BTF refused in one line (%zu), damaged BTF read (%zu)",
	      refused, read);

	type_cache_free(tc);
	free(raw);
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
