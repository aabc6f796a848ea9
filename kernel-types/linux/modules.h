/* Loaded kernel modules, from the kernel's `modules` list of struct
 * module, in both layouts of a module's memory: mem[] of struct
 * module_memory (6.4+) and the older core_layout/init_layout.  (The
 * modules' symbols, for kernel_symbol_at(), are read by
 * kernel-types/modsyms.c.) */
#ifndef CRASH_KERNEL_TYPES_LINUX_MODULES_H
#define CRASH_KERNEL_TYPES_LINUX_MODULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

/* Modules read at most: a corrupt list ends here. */
#define MODULES_MAX 8192

struct kmodule {
	uint64_t addr;		/* struct module */
	char name[64];
	uint64_t base;		/* start of its code (mem[MOD_TEXT] or core_layout) */
	uint64_t size;		/* all its memory, as /proc/modules counts it */
	uint64_t taints;	/* struct module.taints: TAINT_* bits it set */
};

struct kmodules {
	struct kmodule *v;	/* in list (load) order; free() it */
	size_t n;
	bool mem;		/* the 6.4+ layout: base is the text's */
};

/* 0, or -1 (or a read's KREAD_* code) with err_get(). */
int modules_read(struct kernel *k, struct kmodules *out);

#endif
