/* The physical memory map the kernel was given or built at boot, for
 * `mach -m`: the firmware's e820 table where the kernel keeps one
 * (e820_table), else memblock's memory regions (kept after boot where the
 * kernel is built with ARCH_KEEP_MEMBLOCK).  Which one is found by the
 * kernel's symbols, not named by architecture.
 *
 * Part of the public API through kernel-types/linux/linux.h. */
#ifndef CRASH_KERNEL_TYPES_LINUX_MEMMAP_H
#define CRASH_KERNEL_TYPES_LINUX_MEMMAP_H

#include <stdint.h>

#include "kernel-types/kernel.h"

struct kmemmap_region {
	uint64_t start, end;	/* physical [start, end) */
	char type[40];		/* "E820_RAM", "E820_RESERVED"; memblock's flags
				   ("MEMBLOCK_NONE", "MEMBLOCK_NOMAP") */
};

struct kmemmap {
	const char *source;	/* "e820", "memblock" */
	struct kmemmap_region *regions;
	int n;
};

/* At most KMEMMAP_MAX regions are read (the kernel's tables hold fewer). */
#define KMEMMAP_MAX 4096

/* 0 and *m (free with kmemmap_free), or -1 with err_get() ("the kernel
 * keeps no memory map: neither e820_table nor memblock"). */
int kmemmap_read(struct kernel *k, struct kmemmap *m);
void kmemmap_free(struct kmemmap *m);

#endif
