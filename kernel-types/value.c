/* Typed objects in kernel memory; see value.h. */
#include "kernel-types/value.h"

#include <inttypes.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"

static const char *type_name(const struct ktype *t)
{
	const char *n = ktype_name(t);
	return n ? n : "(anonymous)";
}

int kv_typed(struct kernel *k, const char *type, uint64_t addr, struct kval *out)
{
	memset(out, 0, sizeof(*out));
	if (ktype_lookup(k, type, &out->type) != 0)
		return -1;
	out->addr = addr;
	return 0;
}

int kv_symbol(struct kernel *k, const char *name, struct kval *out)
{
	memset(out, 0, sizeof(*out));
	if (kernel_symbol(k, name, &out->addr) != 0) {
		err_set("no symbol \"%s\"", name);
		return -1;
	}
	if (ktype_of_symbol(k, name, &out->type) != 0) {
		err_set("no type information for \"%s\"", name);
		return -1;
	}
	return 0;
}

/* The value's type with typedefs followed. */
static const struct ktype *stripped(struct kval v)
{
	return ktype_strip(v.type.type);
}

int kv_deref(struct kernel *k, struct kval v, struct kval *out)
{
	const struct ktype *t = stripped(v);
	uint64_t p;
	int rc;
	if (ktype_kind(t) != KT_POINTER) {
		err_set("%s is not a pointer", type_name(t));
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->type = ktype_target(t);
	if (!out->type.type) {
		err_set("cannot dereference a void pointer");
		return -1;
	}
	if ((rc = kernel_read_u64(k, v.addr, &p)) != 0)
		return rc;
	if (!p) {
		err_set("NULL pointer at %" PRIx64, v.addr);
		return -1;
	}
	out->addr = p;
	return 0;
}

int kv_member(struct kernel *k, struct kval v, const char *path, struct kval *out)
{
	const struct ktype *t = stripped(v);
	struct kmember_ref m;
	int rc;

	if (ktype_kind(t) == KT_POINTER) {
		if ((rc = kv_deref(k, v, &v)) != 0)
			return rc;
		t = stripped(v);
	}
	if (ktype_kind(t) != KT_STRUCT && ktype_kind(t) != KT_UNION) {
		err_set("%s is not a struct or union (looking for member %s)", type_name(t), path);
		return -1;
	}
	if (ktype_member(t, path, &m) != 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->type = m.type;
	out->addr = v.addr + (uint64_t)m.offset;
	out->bit_offset = m.bit_offset;
	out->bit_size = m.bit_size;
	return 0;
}

int kv_index(struct kernel *k, struct kval v, long i, struct kval *out)
{
	const struct ktype *t = stripped(v);
	uint64_t base = v.addr;
	int rc;

	if (ktype_kind(t) != KT_ARRAY && ktype_kind(t) != KT_POINTER) {
		err_set("%s is neither an array nor a pointer", type_name(t));
		return -1;
	}
	struct kqtype el = ktype_target(t);
	if (!el.type) {
		err_set("cannot index a void pointer");
		return -1;
	}
	if (ktype_kind(t) == KT_POINTER && (rc = kernel_read_u64(k, v.addr, &base)) != 0)
		return rc;
	long size = ktype_size(el.type);
	if (size <= 0) {
		err_set("element size of %s unknown", type_name(el.type));
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->type = el;
	out->addr = base + (uint64_t)(i * size);
	return 0;
}

long kv_size(struct kval v)
{
	return ktype_size(v.type.type);
}

static int read_raw(struct kernel *k, struct kval v, uint64_t *out, bool *sign)
{
	const struct ktype *t = stripped(v);
	enum ktype_kind kind = ktype_kind(t);
	long size = ktype_size(t);
	int rc;

	*sign = ktype_is_signed(t);
	if (kind != KT_INT && kind != KT_BOOL && kind != KT_POINTER && kind != KT_ENUM) {
		err_set("%s is not an integer or pointer", type_name(t));
		return -1;
	}
	if (v.bit_size) {
		uint64_t w = 0;
		size_t n = (size_t)(v.bit_offset + v.bit_size + 7) / 8;
		if (n > 8)
			return -1;
		if ((rc = kernel_read(k, v.addr, &w, n)) != 0)
			return rc;
		w >>= v.bit_offset;
		if (v.bit_size < 64)
			w &= (1ull << v.bit_size) - 1;
		if (*sign && v.bit_size < 64 && (w >> (v.bit_size - 1)) & 1)
			w |= ~0ull << v.bit_size;
		*out = w;
		return 0;
	}
	if (size != 1 && size != 2 && size != 4 && size != 8) {
		err_set("%s has size %ld", type_name(t), size);
		return -1;
	}
	if ((rc = kernel_read_uint(k, v.addr, (size_t)size, out)) != 0)
		return rc;
	if (*sign && size < 8 && (*out >> (8 * size - 1)) & 1)
		*out |= ~0ull << (8 * size);
	return 0;
}

int kv_read_uint(struct kernel *k, struct kval v, uint64_t *out)
{
	bool sign;
	return read_raw(k, v, out, &sign);
}

int kv_read_int(struct kernel *k, struct kval v, int64_t *out)
{
	uint64_t u;
	bool sign;
	int rc = read_raw(k, v, &u, &sign);
	if (rc != 0)
		return rc;
	*out = (int64_t)u;
	return 0;
}

int kv_read_string(struct kernel *k, struct kval v, char *buf, size_t len)
{
	const struct ktype *t = stripped(v);
	int rc;

	if (!len)
		return -1;
	if (ktype_kind(t) == KT_POINTER) {
		uint64_t p;
		if ((rc = kernel_read_u64(k, v.addr, &p)) != 0)
			return rc;
		rc = kernel_read_string(k, p, buf, len);
		return rc < 0 ? rc : 0;
	}
	if (ktype_kind(t) != KT_ARRAY) {
		err_set("%s is not a string", type_name(t));
		return -1;
	}
	long size = ktype_size(t);
	size_t n = size > 0 && (size_t)size < len ? (size_t)size : len - 1;
	if ((rc = kernel_read(k, v.addr, buf, n)) != 0)
		return rc;
	buf[n] = '\0';
	return 0;
}

int kv_get_uint(struct kernel *k, struct kval v, const char *path, uint64_t *out)
{
	struct kval m;
	int rc = kv_member(k, v, path, &m);
	return rc != 0 ? rc : kv_read_uint(k, m, out);
}
