/* ipcirq_access.h: dispatch to the real kernel or to a test's fake. */
#include "kernel-types/ipcirq_access.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/ipcirq_backend.h"

static const struct ii_ops *ops;

void ii_set_ops(const struct ii_ops *o) { ops = o; }

int ii_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len)
{
	if (ops)
		return ops->read(ops->arg, kaddr, buf, len);
	return iib_read(k, kaddr, buf, len);
}

int ii_read_u64(struct kernel *k, uint64_t kaddr, uint64_t *v)
{
	return ii_read(k, kaddr, v, 8);
}

int ii_read_u32(struct kernel *k, uint64_t kaddr, uint32_t *v)
{
	return ii_read(k, kaddr, v, 4);
}

int ii_read_uint(struct kernel *k, uint64_t kaddr, size_t size, uint64_t *v)
{
	uint8_t b[8] = { 0 };
	if (size != 1 && size != 2 && size != 4 && size != 8) {
		err_set("bad integer size %zu", size);
		return -1;
	}
	if (ii_read(k, kaddr, b, size) < 0)
		return -1;
	/* x86_64 is little-endian: the low bytes come first. */
	*v = 0;
	for (size_t i = 0; i < size; i++)
		*v |= (uint64_t)b[i] << (8 * i);
	return 0;
}

int ii_read_string(struct kernel *k, uint64_t kaddr, char *buf, size_t len)
{
	size_t n = 0;
	if (!len)
		return -1;
	/* Byte by byte up to the next page end, then page-sized chunks, so a
	 * string ending just before an unmapped page still reads. */
	while (n + 1 < len) {
		size_t chunk = 4096 - ((kaddr + n) & 4095);
		if (chunk > len - 1 - n)
			chunk = len - 1 - n;
		if (ii_read(k, kaddr + n, buf + n, chunk) < 0) {
			if (!n)
				return -1;
			break;
		}
		void *z = memchr(buf + n, 0, chunk);
		if (z)
			return (int)((char *)z - buf);
		n += chunk;
	}
	buf[n] = 0;
	return (int)n;
}

long ii_offset(struct kernel *k, const char *type, const char *member)
{
	if (ops)
		return ops->offset(ops->arg, type, member);
	return iib_offset(k, type, member);
}

long ii_member_size(struct kernel *k, const char *type, const char *member)
{
	if (ops)
		return ops->member_size ? ops->member_size(ops->arg, type, member) : -1;
	return iib_member_size(k, type, member);
}

long ii_sizeof(struct kernel *k, const char *type)
{
	if (ops)
		return ops->size ? ops->size(ops->arg, type) : -1;
	return iib_sizeof(k, type);
}

int ii_enum_value(struct kernel *k, const char *name, int64_t *value)
{
	if (ops)
		return -1;
	return iib_enum_value(k, name, value);
}

int ii_symbol(struct kernel *k, const char *name, uint64_t *addr)
{
	if (ops)
		return ops->symbol(ops->arg, name, addr);
	return iib_symbol(k, name, addr);
}

const char *ii_symbol_near(struct kernel *k, uint64_t addr, uint64_t *offset)
{
	if (ops)
		return ops->symbol_near ? ops->symbol_near(ops->arg, addr, offset) : NULL;
	return iib_symbol_near(k, addr, offset);
}

int ii_nr_cpus(struct kernel *k)
{
	uint64_t a;
	uint32_t n;
	if (ii_symbol(k, "nr_cpu_ids", &a) < 0 || ii_read_u32(k, a, &n) < 0)
		return -1;
	if (n == 0 || n > 8192) {
		err_set("implausible nr_cpu_ids %u", n);
		return -1;
	}
	return (int)n;
}

int ii_percpu_offset(struct kernel *k, int cpu, uint64_t *off)
{
	uint64_t a;
	if (ii_symbol(k, "__per_cpu_offset", &a) < 0) {
		/* A uniprocessor kernel has no per-CPU offsets. */
		*off = 0;
		return cpu == 0 ? 0 : -1;
	}
	return ii_read_u64(k, a + 8ull * (uint64_t)cpu, off);
}
