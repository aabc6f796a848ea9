/* ipcirq_access.h on the kernel-types API (kernel.h).
 *
 * The kernel.h primitives are referenced weakly so that this file links
 * (and the unit tests, which run on a fake kernel, build) whether or not
 * the object implementing them is in the link; the crash binary links the
 * whole core library, so there they are always the real ones. */
#include "kernel-types/ipcirq_backend.h"

#include "common/err.h"
#include "kernel-types/kernel.h"

#pragma weak kernel_read
#pragma weak kernel_offsetof
#pragma weak kernel_member_size
#pragma weak kernel_sizeof
#pragma weak kernel_enum_value
#pragma weak kernel_symbol
#pragma weak kernel_symbol_at

static int missing(void)
{
	err_set("kernel-types API is not linked in");
	return -1;
}

int iib_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len)
{
	return kernel_read ? kernel_read(k, kaddr, buf, len) : missing();
}

long iib_offset(struct kernel *k, const char *type, const char *member)
{
	return kernel_offsetof ? kernel_offsetof(k, type, member) : missing();
}

long iib_member_size(struct kernel *k, const char *type, const char *member)
{
	return kernel_member_size ? kernel_member_size(k, type, member) : missing();
}

long iib_sizeof(struct kernel *k, const char *type)
{
	return kernel_sizeof ? kernel_sizeof(k, type) : missing();
}

int iib_enum_value(struct kernel *k, const char *name, int64_t *value)
{
	return kernel_enum_value ? kernel_enum_value(k, name, value) : missing();
}

int iib_symbol(struct kernel *k, const char *name, uint64_t *addr)
{
	return kernel_symbol ? kernel_symbol(k, name, addr) : missing();
}

const char *iib_symbol_near(struct kernel *k, uint64_t addr, uint64_t *offset)
{
	if (!kernel_symbol_at) {
		missing();
		return NULL;
	}
	return kernel_symbol_at(k, addr, offset);
}
