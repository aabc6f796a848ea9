/* Typed values as JSON (json_value.h): one recursive walk over a type and
 * the object's bytes, bounded in depth and in array elements. */
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "json_value.h"

enum {
	MAX_DEPTH = 32,		/* nested structs, arrays of arrays */
	MAX_ELEMS = 65536,	/* elements of one array */
};

struct json_object *json_type_name(struct kqtype type)
{
	char b[512];
	tp_decl(type, NULL, b, sizeof(b));
	return json_object_new_string(b);
}

/* An integer of size bytes at p (little- or big-endian as the host: the
 * dump's machine is the host's on the architectures crash reads). */
static uint64_t load(const unsigned char *p, long size)
{
	uint64_t v = 0;
	memcpy(&v, p, size > 8 ? 8 : (size_t)size);
	return v;
}

static int64_t sign_extend(uint64_t v, int bits)
{
	if (bits >= 64)
		return (int64_t)v;
	uint64_t m = 1ull << (bits - 1);
	v &= (1ull << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static struct json_object *integer(const struct ktype *t, uint64_t v, int bits)
{
	if (ktype_is_signed(t))
		return json_object_new_int64(sign_extend(v, bits));
	return json_object_new_uint64(bits >= 64 ? v : v & ((1ull << bits) - 1));
}

static struct json_object *value(struct kernel *k, struct kqtype q, const unsigned char *buf,
				 size_t len, int bit_offset, int bit_size, int depth);

static struct json_object *members(struct kernel *k, const struct ktype *t, const unsigned char *buf,
				   size_t len, int depth)
{
	struct json_object *a = json_object_new_array();
	size_t n = ktype_nmembers(t);
	for (size_t i = 0; i < n; i++) {
		const struct kmember *m = ktype_member_at(t, i);
		struct json_object *o = json_object_new_object();
		size_t off = (size_t)(m->bit_offset / 8);
		json_object_object_add(o, "name", m->name ? json_object_new_string(m->name) : NULL);
		json_object_object_add(o, "type", json_type_name(m->type));
		if (m->bit_size)
			json_object_object_add(o, "bits", json_object_new_int(m->bit_size));
		json_object_object_add(o, "value", off <= len
			? value(k, m->type, buf + off, len - off, (int)(m->bit_offset % 8), m->bit_size, depth + 1)
			: NULL);
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *value(struct kernel *k, struct kqtype q, const unsigned char *buf,
				 size_t len, int bit_offset, int bit_size, int depth)
{
	const struct ktype *t = ktype_strip(q.type);
	if (!t || depth > MAX_DEPTH)
		return NULL;
	long size = ktype_size(t);
	enum ktype_kind kind = ktype_kind(t);

	if (bit_size) {	/* a bitfield: integers, bools and enums */
		uint64_t v = 0;
		size_t nb = (size_t)(bit_offset + bit_size + 7) / 8;
		if (nb > len || nb > 8)
			return NULL;
		memcpy(&v, buf, nb);
		v >>= bit_offset;
		if (kind == KT_BOOL)
			return json_object_new_boolean(v & 1);
		return integer(t, v, bit_size);
	}
	/* a struct cut short keeps the members it has bytes for */
	if (kind != KT_ARRAY && kind != KT_STRUCT && kind != KT_UNION && (size <= 0 || (size_t)size > len))
		return NULL;
	switch (kind) {
	case KT_INT:
		return integer(t, load(buf, size), (int)(size * 8));
	case KT_BOOL:
		return json_object_new_boolean(load(buf, size) != 0);
	case KT_FLOAT:
		if (size == 4) {
			float f;
			memcpy(&f, buf, 4);
			return json_object_new_double(f);
		}
		if (size == 8) {
			double d;
			memcpy(&d, buf, 8);
			return json_object_new_double(d);
		}
		return NULL;	/* long double: no JSON number holds it */
	case KT_POINTER:
		return crash_json_addr(load(buf, size));
	case KT_ENUM: {
		/* compared in the enum's width: an unsigned enum's big
		 * enumerators may be kept wrapped */
		int bits = (int)(size * 8);
		uint64_t raw = load(buf, size), mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
		struct json_object *o = json_object_new_object();
		const char *name = NULL;
		for (size_t i = 0, n = ktype_nenumerators(t); i < n && !name; i++)
			if (((uint64_t)ktype_enumerator_at(t, i)->value & mask) == (raw & mask))
				name = ktype_enumerator_at(t, i)->name;
		json_object_object_add(o, "name", name ? json_object_new_string(name) : NULL);
		json_object_object_add(o, "value", integer(t, raw, bits));
		return o;
	}
	case KT_STRUCT: case KT_UNION:
		return members(k, t, buf, len, depth);
	case KT_ARRAY: {
		struct kqtype el = ktype_target(t);
		const struct ktype *et = ktype_strip(el.type);
		long es = ktype_size(et), n = ktype_length(t);
		if (es <= 0)
			return NULL;
		if (n < 0 || (size_t)(n * es) > len)	/* flexible, or cut short */
			n = (long)(len / (size_t)es);
		if (ktype_kind(et) == KT_INT && ktype_is_char(et)) {
			/* a char array: the string up to its NUL, as it is read */
			return crash_json_strn((const char *)buf, strnlen((const char *)buf, (size_t)n));
		}
		struct json_object *a = json_object_new_array();
		for (long i = 0; i < n && i < MAX_ELEMS; i++)
			json_object_array_add(a, value(k, el, buf + i * es, len - (size_t)(i * es), 0, 0,
						       depth + 1));
		return a;
	}
	default:
		return NULL;	/* void, functions */
	}
}

struct json_object *json_value(struct kernel *k, struct kqtype type, const unsigned char *buf,
			       size_t len, int bit_offset, int bit_size)
{
	return value(k, type, buf, len, bit_offset, bit_size, 0);
}

int json_value_at(struct kernel *k, struct kqtype type, uint64_t addr, long size,
		  struct json_object **out)
{
	if (size < 0)
		size = ktype_size(type.type);
	if (size <= 0 || size > (16 << 20)) {
		err_set("cannot read an object of %ld bytes", size);
		return -1;
	}
	unsigned char *buf = xmalloc((size_t)size);
	int rc = kernel_read(k, addr, buf, (size_t)size);
	if (rc == 0)
		*out = json_value(k, type, buf, (size_t)size, 0, 0);
	free(buf);
	return rc;
}

int json_value_kx(struct kernel *k, const struct kx_value *v, struct json_object **out)
{
	const struct ktype *t = ktype_strip(v->type.type);
	long size = t ? ktype_size(t) : -1;
	*out = NULL;
	if (!t || ktype_kind(t) == KT_FUNCTION)
		return 0;	/* void, a function: no value but the address */
	if (v->where == KX_MEMORY) {
		if (!v->bit_size)
			return json_value_at(k, v->type, v->addr, size, out);
		unsigned char b[9] = {0};
		size_t nb = (size_t)(v->bit_offset + v->bit_size + 7) / 8;
		int rc = nb <= 8 ? kernel_read(k, v->addr, b, nb) : -1;
		if (rc == 0)
			*out = json_value(k, v->type, b, nb, v->bit_offset, v->bit_size);
		return rc;
	}
	const unsigned char *buf = v->data ? v->data : v->bytes;
	if (size <= 0 || (!v->data && size > (long)sizeof(v->bytes)))
		return 0;
	*out = json_value(k, v->type, buf, (size_t)size, v->bit_offset, v->bit_size);
	return 0;
}
