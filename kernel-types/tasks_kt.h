/* What the task table needs from the typed kernel reader, in one place:
 * symbol addresses, member offsets/sizes probed in the DWARF types, and
 * kernel virtual memory.  Kept narrow so that tests/unit/test_tasks.c can
 * build the task table over a fake kernel by defining these four. */
#ifndef CRASH_KERNEL_TYPES_TASKS_KT_H
#define CRASH_KERNEL_TYPES_TASKS_KT_H

#include <stddef.h>
#include <stdint.h>

#include "kernel-types/kernel.h"

/* Relocated address of a vmlinux symbol, 0 if none.  A per-cpu variable
 * (in .data..percpu) gives its offset in a CPU's per-cpu area, unrelocated. */
uint64_t tkt_symbol(struct kernel *k, const char *name);
/* Offset and size of struct TYPE's member (a dotted path such as
 * "thread_info.cpu"); either pointer may be NULL.  -1 if no such member. */
int tkt_member(struct kernel *k, const char *type, const char *member, long *off, long *size);
/* sizeof(struct TYPE); -1 if unknown. */
int tkt_type_size(struct kernel *k, const char *type, long *size);
/* Kernel virtual memory; -1 with err_set() when unreadable. */
int tkt_read(struct kernel *k, uint64_t addr, void *buf, size_t len);
/* User virtual memory of an address space whose page global directory is
 * at kernel address pgd (mm->pgd); -1 with err_set() when not mapped or
 * not in the dump (ps -a). */
int tkt_read_user(struct kernel *k, uint64_t pgd, uint64_t addr, void *buf, size_t len);

#endif
