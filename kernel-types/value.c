/* Typed objects in kernel memory; see value.h. */
#include "kernel-types/value.h"

#include <dwarf.h>
#include <inttypes.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/kernel.h"

static int type_of(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(die, DW_AT_type, &a) && dwarf_formref_die(&a, out) ? 0 : -1;
}

static const char *die_name(Dwarf_Die *d)
{
	const char *n = dwarf_diename(d);
	return n ? n : "(anonymous)";
}

int kv_typed(struct kernel *k, const char *type, uint64_t addr, struct kval *out)
{
	memset(out, 0, sizeof(*out));
	if (kernel_type_die(k, type, &out->type) != 0) {
		err_set("no type \"%s\" in the kernel's debug info", type);
		return -1;
	}
	out->addr = addr;
	return 0;
}

int kv_symbol(struct kernel *k, const char *name, struct kval *out)
{
	Dwarf_Die var;
	memset(out, 0, sizeof(*out));
	if (kernel_symbol(k, name, &out->addr) != 0) {
		err_set("no symbol \"%s\"", name);
		return -1;
	}
	if (kernel_var_die(k, name, &var) != 0 || type_of(&var, &out->type) != 0) {
		err_set("no debug info for \"%s\"", name);
		return -1;
	}
	return 0;
}

/* The stripped tag of a value's type (typedefs and qualifiers removed). */
static int stripped(struct kval v, Dwarf_Die *t)
{
	*t = v.type;
	kernel_die_strip(t);
	return dwarf_tag(t);
}

int kv_deref(struct kernel *k, struct kval v, struct kval *out)
{
	Dwarf_Die t;
	uint64_t p;
	if (stripped(v, &t) != DW_TAG_pointer_type) {
		err_set("%s is not a pointer", die_name(&t));
		return -1;
	}
	memset(out, 0, sizeof(*out));
	if (type_of(&t, &out->type) != 0) {
		err_set("cannot dereference a void pointer");
		return -1;
	}
	if (kernel_read_u64(k, v.addr, &p) != 0)
		return -1;
	if (!p) {
		err_set("NULL pointer at %" PRIx64, v.addr);
		return -1;
	}
	out->addr = p;
	return 0;
}

int kv_member(struct kernel *k, struct kval v, const char *path, struct kval *out)
{
	Dwarf_Die t;
	long off;
	int tag = stripped(v, &t);

	if (tag == DW_TAG_pointer_type) {
		if (kv_deref(k, v, &v) != 0)
			return -1;
		tag = stripped(v, &t);
	}
	if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type) {
		err_set("%s is not a struct or union (looking for member %s)", die_name(&t), path);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	if (kernel_die_member(k, &t, path, &out->type, &off, &out->bit_offset, &out->bit_size) != 0)
		return -1;
	out->addr = v.addr + (uint64_t)off;
	return 0;
}

int kv_index(struct kernel *k, struct kval v, long i, struct kval *out)
{
	Dwarf_Die t, el;
	int tag = stripped(v, &t);
	uint64_t base = v.addr;

	if (tag != DW_TAG_array_type && tag != DW_TAG_pointer_type) {
		err_set("%s is neither an array nor a pointer", die_name(&t));
		return -1;
	}
	if (type_of(&t, &el) != 0) {
		err_set("cannot index a void pointer");
		return -1;
	}
	if (tag == DW_TAG_pointer_type && kernel_read_u64(k, v.addr, &base) != 0)
		return -1;
	Dwarf_Die s = el;
	kernel_die_strip(&s);
	long size = kernel_die_size(&s);
	if (size <= 0) {
		err_set("element size of %s unknown", die_name(&t));
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->type = el;
	out->addr = base + (uint64_t)(i * size);
	return 0;
}

long kv_size(struct kval v)
{
	Dwarf_Die t = v.type;
	kernel_die_strip(&t);
	return kernel_die_size(&t);
}

static bool is_signed(Dwarf_Die *t)
{
	Dwarf_Attribute a;
	Dwarf_Word enc;
	if (dwarf_tag(t) != DW_TAG_base_type || !dwarf_attr(t, DW_AT_encoding, &a) ||
	    dwarf_formudata(&a, &enc) != 0)
		return false;
	return enc == DW_ATE_signed || enc == DW_ATE_signed_char;
}

static int read_raw(struct kernel *k, struct kval v, uint64_t *out, bool *sign)
{
	Dwarf_Die t;
	int tag = stripped(v, &t);
	long size = kernel_die_size(&t);

	*sign = is_signed(&t);
	if (tag != DW_TAG_base_type && tag != DW_TAG_pointer_type && tag != DW_TAG_enumeration_type) {
		err_set("%s is not an integer or pointer", die_name(&t));
		return -1;
	}
	if (v.bit_size) {
		uint64_t w = 0;
		size_t n = (size_t)(v.bit_offset + v.bit_size + 7) / 8;
		if (n > 8 || kernel_read(k, v.addr, &w, n) != 0)
			return -1;
		w >>= v.bit_offset;
		if (v.bit_size < 64)
			w &= (1ull << v.bit_size) - 1;
		if (*sign && v.bit_size < 64 && (w >> (v.bit_size - 1)) & 1)
			w |= ~0ull << v.bit_size;
		*out = w;
		return 0;
	}
	if (size != 1 && size != 2 && size != 4 && size != 8) {
		err_set("%s has size %ld", die_name(&t), size);
		return -1;
	}
	if (kernel_read_uint(k, v.addr, (size_t)size, out) != 0)
		return -1;
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
	if (read_raw(k, v, &u, &sign) != 0)
		return -1;
	*out = (int64_t)u;
	return 0;
}

int kv_read_string(struct kernel *k, struct kval v, char *buf, size_t len)
{
	Dwarf_Die t;
	int tag = stripped(v, &t);

	if (!len)
		return -1;
	if (tag == DW_TAG_pointer_type) {
		uint64_t p;
		if (kernel_read_u64(k, v.addr, &p) != 0)
			return -1;
		return kernel_read_string(k, p, buf, len) < 0 ? -1 : 0;
	}
	if (tag != DW_TAG_array_type) {
		err_set("%s is not a string", die_name(&t));
		return -1;
	}
	long size = kernel_die_size(&t);
	size_t n = size > 0 && (size_t)size < len ? (size_t)size : len - 1;
	if (kernel_read(k, v.addr, buf, n) != 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

int kv_get_uint(struct kernel *k, struct kval v, const char *path, uint64_t *out)
{
	struct kval m;
	return kv_member(k, v, path, &m) != 0 ? -1 : kv_read_uint(k, m, out);
}
