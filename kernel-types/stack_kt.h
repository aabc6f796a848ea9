/* What stack.c needs from the typed kernel reader, in one place, so that
 * the unwinding glue is easy to test with a fake kernel. */
#ifndef CRASH_KERNEL_TYPES_STACK_KT_H
#define CRASH_KERNEL_TYPES_STACK_KT_H

#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "kernel-types/kernel.h"

/* Relocated address of a vmlinux symbol, 0 if none. */
uint64_t ktx_symbol(struct kernel *k, const char *name);
/* Offset of a per-cpu variable inside a CPU's per-cpu area. */
int ktx_percpu_symbol(struct kernel *k, const char *name, uint64_t *off);
/* struct NAME's member (dotted path) offset and size; off may be NULL. */
int ktx_member_offset(struct kernel *k, const char *type, const char *member, long *off);
int ktx_member_size(struct kernel *k, const char *type, const char *member, long *size);
int ktx_type_size(struct kernel *k, const char *type, long *size);
/* Kernel virtual memory. */
int ktx_read(struct kernel *k, uint64_t addr, void *buf, size_t len);
/* Saved registers of a CPU (note order). */
int ktx_cpu_regs(struct kernel *k, int cpu, struct arch_regs *r);

/* Symbol containing addr: name (copied into buf) and offset; module name
 * or NULL for the vmlinux.  0, or -1 when no symbol covers addr. */
int ktx_symbolize(struct kernel *k, uint64_t addr, char *buf, size_t len, uint64_t *off,
		  const char **module);
/* Source file and line of a text address (DWARF line table). */
int ktx_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line);

struct ktx_module {
	uint64_t orc_unwind_ip, orc_unwind;
	uint32_t num_orcs;
	uint64_t text_lo, text_hi;
};

#endif
