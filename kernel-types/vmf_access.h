/* The small set of kernel-memory operations that the vm, files and swap
 * code (dpath, vma, fdtable, swapinfo) is written on.
 *
 * Each is a thin call into the kernel-types API (kernel.h); keeping them
 * behind one header lets that code read as plain offsets and reads, and
 * lets the unit tests run it on a fake kernel (see vmf_access_set_ops()).
 * Offsets are looked up once per kernel and cached by the callers. */
#ifndef CRASH_KERNEL_TYPES_VMF_ACCESS_H
#define CRASH_KERNEL_TYPES_VMF_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

/* Read len bytes of kernel virtual memory.  0, or -1 with err_get(). */
int vmf_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len);
int vmf_read_u64(struct kernel *k, uint64_t kaddr, uint64_t *v);
int vmf_read_u32(struct kernel *k, uint64_t kaddr, uint32_t *v);
/* Read an unsigned integer of size 1, 2, 4 or 8 bytes. */
int vmf_read_uint(struct kernel *k, uint64_t kaddr, size_t size, uint64_t *v);
/* A NUL-terminated string of at most len-1 bytes; stops quietly at the
 * first unreadable byte after the first.  Returns its length or -1. */
int vmf_read_string(struct kernel *k, uint64_t kaddr, char *buf, size_t len);

/* Byte offset of member (may be "a.b" through nested or anonymous
 * structs/unions) in type ("struct dentry", "struct mm_struct"); -1 when
 * the kernel has no such member. */
long vmf_offset(struct kernel *k, const char *type, const char *member);
/* Size in bytes of member, or -1. */
long vmf_member_size(struct kernel *k, const char *type, const char *member);
/* Size of a type, or -1. */
long vmf_sizeof(struct kernel *k, const char *type);
/* Name of the type of a member with qualifiers and typedefs stripped:
 * "struct path", "struct dentry *", "struct file *", "unsigned int"; NULL
 * when absent.  Points into storage that lives as long as k. */
const char *vmf_member_type(struct kernel *k, const char *type, const char *member);
/* Value of an enumerator (MM_FILEPAGES), -1 when absent. */
int vmf_enum_value(struct kernel *k, const char *name, int64_t *value);

/* Run-time (relocated) address of a symbol; -1 when absent. */
int vmf_symbol(struct kernel *k, const char *name, uint64_t *addr);
/* Name of the symbol that starts exactly at addr, or NULL. */
const char *vmf_symbol_at(struct kernel *k, uint64_t addr);

/* Page size of the dumped machine. */
uint32_t vmf_page_size(struct kernel *k);
/* Physical address of a direct-mapped or otherwise mapped kernel virtual
 * address; -1 when not mapped. */
int vmf_kvtop(struct kernel *k, uint64_t kaddr, uint64_t *paddr);

/* What a walk of a user page table found for one address. */
struct vmf_upage {
	bool present;		/* mapped: paddr is valid */
	uint64_t paddr;
	bool swap;		/* not present, holds a swap entry */
	uint64_t swap_type, swap_offset;
};
/* Translate a user address through the page table whose top level is at
 * physical address pgd_paddr.  0 (even when not mapped: see *out), or -1
 * when the tables themselves cannot be read. */
int vmf_uvtop(struct kernel *k, uint64_t pgd_paddr, uint64_t uaddr, struct vmf_upage *out);

/* Number of possible CPUs and the per-CPU offset of cpu, for per-CPU
 * counters; -1 when unknown. */
int vmf_nr_cpus(struct kernel *k);
int vmf_percpu_offset(struct kernel *k, int cpu, uint64_t *off);

/* A table of the operations above, for unit tests that run this code on
 * a fake kernel; NULL restores the real ones. */
struct vmf_ops {
	int (*read)(void *arg, uint64_t kaddr, void *buf, size_t len);
	long (*offset)(void *arg, const char *type, const char *member);
	long (*member_size)(void *arg, const char *type, const char *member);
	long (*size)(void *arg, const char *type);
	const char *(*member_type)(void *arg, const char *type, const char *member);
	int (*symbol)(void *arg, const char *name, uint64_t *addr);
	const char *(*symbol_at)(void *arg, uint64_t addr);
	void *arg;
};
void vmf_access_set_ops(const struct vmf_ops *ops);

#endif
