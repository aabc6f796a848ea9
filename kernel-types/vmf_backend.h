/* The real kernel behind vmf_access.h: the same operations written on the
 * kernel-types API (kernel.h).  Only vmf_access.c calls these. */
#ifndef CRASH_KERNEL_TYPES_VMF_BACKEND_H
#define CRASH_KERNEL_TYPES_VMF_BACKEND_H

#include "kernel-types/vmf_access.h"

int vmfb_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len);
long vmfb_offset(struct kernel *k, const char *type, const char *member);
long vmfb_member_size(struct kernel *k, const char *type, const char *member);
long vmfb_sizeof(struct kernel *k, const char *type);
const char *vmfb_member_type(struct kernel *k, const char *type, const char *member);
int vmfb_enum_value(struct kernel *k, const char *name, int64_t *value);
int vmfb_symbol(struct kernel *k, const char *name, uint64_t *addr);
const char *vmfb_symbol_at(struct kernel *k, uint64_t addr);
uint32_t vmfb_page_size(struct kernel *k);
int vmfb_kvtop(struct kernel *k, uint64_t kaddr, uint64_t *paddr);
int vmfb_uvtop(struct kernel *k, uint64_t pgd_paddr, uint64_t uaddr, struct vmf_upage *out);
int vmfb_nr_cpus(struct kernel *k);
int vmfb_percpu_offset(struct kernel *k, int cpu, uint64_t *off);

#endif
