/* The typed-reader services of the task table (tasks_kt.h), as thin calls
 * into kernel.h; tests/unit/test_tasks.c defines its own to run the table
 * over a fake kernel. */
#include "kernel-types/tasks_kt.h"

#include <stdio.h>

uint64_t tkt_symbol(struct kernel *k, const char *name)
{
	uint64_t a;
	return kernel_symbol(k, name, &a) == 0 ? a : 0;
}

int tkt_member(struct kernel *k, const char *type, const char *member, long *off, long *size)
{
	char t[128];
	long o;

	snprintf(t, sizeof(t), "struct %s", type);
	o = kernel_offsetof(k, t, member);
	if (o < 0)
		return -1;
	if (off)
		*off = o;
	if (size)
		*size = kernel_member_size(k, t, member);
	return 0;
}

int tkt_type_size(struct kernel *k, const char *type, long *size)
{
	char t[128];
	snprintf(t, sizeof(t), "struct %s", type);
	long sz = kernel_sizeof(k, t);
	if (size)
		*size = sz;
	return sz < 0 ? -1 : 0;
}

int tkt_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	return kernel_read(k, addr, buf, len);
}

int tkt_read_user(struct kernel *k, uint64_t pgd, uint64_t addr, void *buf, size_t len)
{
	return kernel_read_user(k, pgd, addr, buf, len);
}
