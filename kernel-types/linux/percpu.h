/* Per-CPU counters: struct percpu_counter (lib/percpu_counter.c), a
 * central count plus one s32 delta per CPU not yet folded into it, as
 * percpu_counter_sum() adds them.  The one such sum: RSS (linux/mm.h),
 * the committed-memory counter (linux/meminfo.h) and any other counter
 * use it. */
#ifndef CRASH_KERNEL_TYPES_LINUX_PERCPU_H
#define CRASH_KERNEL_TYPES_LINUX_PERCPU_H

#include <stdint.h>

struct kernel;

/* The struct percpu_counter at addr: its count and every possible CPU's
 * delta (CPUs whose delta cannot be read are left out).  0, or the
 * negative kernel_read error of the count (err_get() names it); the sum
 * may be negative, as the kernel's may be. */
int percpu_counter_sum(struct kernel *k, uint64_t addr, int64_t *sum);

#endif
