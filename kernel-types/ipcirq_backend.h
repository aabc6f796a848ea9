/* The real kernel behind ipcirq_access.h, written on the kernel-types API
 * (kernel.h).  Only ipcirq_access.c calls these. */
#ifndef CRASH_KERNEL_TYPES_IPCIRQ_BACKEND_H
#define CRASH_KERNEL_TYPES_IPCIRQ_BACKEND_H

#include "kernel-types/ipcirq_access.h"

int iib_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len);
long iib_offset(struct kernel *k, const char *type, const char *member);
long iib_member_size(struct kernel *k, const char *type, const char *member);
long iib_sizeof(struct kernel *k, const char *type);
int iib_enum_value(struct kernel *k, const char *name, int64_t *value);
int iib_symbol(struct kernel *k, const char *name, uint64_t *addr);
const char *iib_symbol_near(struct kernel *k, uint64_t addr, uint64_t *offset);

#endif
