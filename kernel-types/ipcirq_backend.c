/* ipcirq_access.h on the kernel-types API (kernel.h). */
#include "kernel-types/ipcirq_backend.h"

#include "common/err.h"
#include "kernel-types/kernel.h"


int iib_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len)
{
	return kernel_read(k, kaddr, buf, len);
}

long iib_offset(struct kernel *k, const char *type, const char *member)
{
	return kernel_offsetof(k, type, member);
}

long iib_member_size(struct kernel *k, const char *type, const char *member)
{
	return kernel_member_size(k, type, member);
}

long iib_sizeof(struct kernel *k, const char *type)
{
	return kernel_sizeof(k, type);
}

int iib_enum_value(struct kernel *k, const char *name, int64_t *value)
{
	return kernel_enum_value(k, name, value);
}

int iib_symbol(struct kernel *k, const char *name, uint64_t *addr)
{
	return kernel_symbol(k, name, addr);
}

const char *iib_symbol_near(struct kernel *k, uint64_t addr, uint64_t *offset)
{
	return kernel_symbol_at(k, addr, offset);
}
