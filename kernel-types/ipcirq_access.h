/* The kernel-memory operations that log, ipcs, irq and waitq are written
 * on: reads, symbols, member offsets, per-CPU offsets.
 *
 * Each is a thin call into the kernel-types API (kernel.h) through
 * ipcirq_backend.c; keeping them behind one small header lets the walkers
 * (printk ring, IPC idr, irq descriptor trees, wait queues) read as plain
 * offsets and reads, and lets unit tests run them on a fake kernel through
 * ii_set_ops(). */
#ifndef CRASH_KERNEL_TYPES_IPCIRQ_ACCESS_H
#define CRASH_KERNEL_TYPES_IPCIRQ_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

/* Read len bytes of kernel virtual memory: 0, or -1 with err_get(). */
int ii_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len);
int ii_read_u64(struct kernel *k, uint64_t kaddr, uint64_t *v);
int ii_read_u32(struct kernel *k, uint64_t kaddr, uint32_t *v);
/* An unsigned integer of 1, 2, 4 or 8 bytes. */
int ii_read_uint(struct kernel *k, uint64_t kaddr, size_t size, uint64_t *v);
/* A NUL-terminated string of at most len-1 bytes (always terminated);
 * returns its length or -1. */
int ii_read_string(struct kernel *k, uint64_t kaddr, char *buf, size_t len);

/* Offset of member ("a.b" through nested structs) in type ("struct
 * irq_desc"); -1 when the kernel has no such member. */
long ii_offset(struct kernel *k, const char *type, const char *member);
long ii_member_size(struct kernel *k, const char *type, const char *member);
long ii_sizeof(struct kernel *k, const char *type);
/* Value of an enumerator; -1 when absent. */
int ii_enum_value(struct kernel *k, const char *name, int64_t *value);

/* Run-time address of a symbol: 0, or -1 when absent. */
int ii_symbol(struct kernel *k, const char *name, uint64_t *addr);
/* Name of the symbol containing addr and addr's offset into it; NULL when
 * none is near. */
const char *ii_symbol_near(struct kernel *k, uint64_t addr, uint64_t *offset);

/* Possible CPUs (nr_cpu_ids) and the per-CPU offset of one; -1 when
 * unknown. */
int ii_nr_cpus(struct kernel *k);
int ii_percpu_offset(struct kernel *k, int cpu, uint64_t *off);

/* An operations table for unit tests that run this code on a fake kernel;
 * NULL restores the real kernel. */
struct ii_ops {
	int (*read)(void *arg, uint64_t kaddr, void *buf, size_t len);
	long (*offset)(void *arg, const char *type, const char *member);
	long (*member_size)(void *arg, const char *type, const char *member);
	long (*size)(void *arg, const char *type);
	int (*symbol)(void *arg, const char *name, uint64_t *addr);
	const char *(*symbol_near)(void *arg, uint64_t addr, uint64_t *offset);
	void *arg;
};
void ii_set_ops(const struct ii_ops *ops);

#endif
