/* Kernel-memory operations for the vm/files/swap code; see vmf_access.h.
 * Each goes to the test table when one is set, else to kernel-types. */
#include "kernel-types/vmf_access.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/vmf_backend.h"

static const struct vmf_ops *test_ops;

void vmf_access_set_ops(const struct vmf_ops *ops)
{
	test_ops = ops;
}

int vmf_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len)
{
	if (test_ops) {
		if (test_ops->read(test_ops->arg, kaddr, buf, len) < 0) {
			err_set("cannot read %zu bytes at %#llx", len, (unsigned long long)kaddr);
			return -1;
		}
		return 0;
	}
	return vmfb_read(k, kaddr, buf, len);
}

int vmf_read_u64(struct kernel *k, uint64_t kaddr, uint64_t *v)
{
	return vmf_read(k, kaddr, v, 8);
}

int vmf_read_u32(struct kernel *k, uint64_t kaddr, uint32_t *v)
{
	return vmf_read(k, kaddr, v, 4);
}

int vmf_read_uint(struct kernel *k, uint64_t kaddr, size_t size, uint64_t *v)
{
	uint8_t b1;
	uint16_t b2;
	uint32_t b4;
	*v = 0;
	switch (size) {
	case 1:
		if (vmf_read(k, kaddr, &b1, 1) < 0)
			return -1;
		*v = b1;
		return 0;
	case 2:
		if (vmf_read(k, kaddr, &b2, 2) < 0)
			return -1;
		*v = b2;
		return 0;
	case 4:
		if (vmf_read(k, kaddr, &b4, 4) < 0)
			return -1;
		*v = b4;
		return 0;
	case 8:
		return vmf_read_u64(k, kaddr, v);
	default:
		err_set("cannot read an integer of %zu bytes", size);
		return -1;
	}
}

int vmf_read_string(struct kernel *k, uint64_t kaddr, char *buf, size_t len)
{
	size_t n = 0;
	if (!len)
		return -1;
	/* Byte by byte within a page is slow only in theory: the names
	 * read here are short.  Read in chunks that do not cross a page. */
	while (n + 1 < len) {
		char chunk[64];
		size_t want = sizeof(chunk), i;
		uint64_t a = kaddr + n;
		if (want > len - 1 - n)
			want = len - 1 - n;
		if ((a & 4095) + want > 4096)
			want = 4096 - (a & 4095);
		if (vmf_read(k, a, chunk, want) < 0) {
			if (!n) {
				buf[0] = 0;
				return -1;
			}
			break;
		}
		for (i = 0; i < want; i++) {
			buf[n++] = chunk[i];
			if (!chunk[i])
				return (int)(n - 1);
		}
	}
	buf[n] = 0;
	return (int)n;
}

long vmf_offset(struct kernel *k, const char *type, const char *member)
{
	if (test_ops)
		return test_ops->offset(test_ops->arg, type, member);
	return vmfb_offset(k, type, member);
}

long vmf_member_size(struct kernel *k, const char *type, const char *member)
{
	if (test_ops)
		return test_ops->member_size(test_ops->arg, type, member);
	return vmfb_member_size(k, type, member);
}

long vmf_sizeof(struct kernel *k, const char *type)
{
	if (test_ops)
		return test_ops->size(test_ops->arg, type);
	return vmfb_sizeof(k, type);
}

const char *vmf_member_type(struct kernel *k, const char *type, const char *member)
{
	if (test_ops)
		return test_ops->member_type ? test_ops->member_type(test_ops->arg, type, member)
					     : NULL;
	return vmfb_member_type(k, type, member);
}

int vmf_enum_value(struct kernel *k, const char *name, int64_t *value)
{
	if (test_ops)
		return -1;
	return vmfb_enum_value(k, name, value);
}

int vmf_symbol(struct kernel *k, const char *name, uint64_t *addr)
{
	if (test_ops)
		return test_ops->symbol ? test_ops->symbol(test_ops->arg, name, addr) : -1;
	return vmfb_symbol(k, name, addr);
}

const char *vmf_symbol_at(struct kernel *k, uint64_t addr)
{
	if (test_ops)
		return test_ops->symbol_at ? test_ops->symbol_at(test_ops->arg, addr) : NULL;
	return vmfb_symbol_at(k, addr);
}

uint32_t vmf_page_size(struct kernel *k)
{
	if (test_ops)
		return 4096;
	return vmfb_page_size(k);
}

int vmf_kvtop(struct kernel *k, uint64_t kaddr, uint64_t *paddr)
{
	if (test_ops) {
		*paddr = kaddr;
		return 0;
	}
	return vmfb_kvtop(k, kaddr, paddr);
}

int vmf_uvtop(struct kernel *k, uint64_t pgd_paddr, uint64_t uaddr, struct vmf_upage *out)
{
	memset(out, 0, sizeof(*out));
	if (test_ops)
		return -1;
	return vmfb_uvtop(k, pgd_paddr, uaddr, out);
}

int vmf_nr_cpus(struct kernel *k)
{
	if (test_ops)
		return 1;
	return vmfb_nr_cpus(k);
}

int vmf_percpu_offset(struct kernel *k, int cpu, uint64_t *off)
{
	if (test_ops) {
		*off = 0;
		return 0;
	}
	return vmfb_percpu_offset(k, cpu, off);
}
