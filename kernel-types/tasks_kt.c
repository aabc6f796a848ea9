/* The typed-reader services of the task table (tasks_kt.h).
 * TEMPORARY: until the kernel-types API (kt) lands these report "no kernel
 * support"; they then become thin calls into it. */
#include "kernel-types/tasks_kt.h"

#include "common/err.h"

uint64_t tkt_symbol(struct kernel *k, const char *name)
{
	(void)k; (void)name;
	return 0;
}

int tkt_member(struct kernel *k, const char *type, const char *member, long *off, long *size)
{
	(void)k; (void)type; (void)member; (void)off; (void)size;
	return -1;
}

int tkt_type_size(struct kernel *k, const char *type, long *size)
{
	(void)k; (void)type; (void)size;
	return -1;
}

int tkt_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	(void)k; (void)addr; (void)buf; (void)len;
	err_set("no kernel support built");
	return -1;
}

int tkt_read_user(struct kernel *k, uint64_t pgd, uint64_t addr, void *buf, size_t len)
{
	(void)k; (void)pgd; (void)addr; (void)buf; (void)len;
	err_set("no kernel support built");
	return -1;
}
