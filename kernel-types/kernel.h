/* The crashed kernel as a whole: vmlinux (symbols, DWARF types), the dump,
 * and the architecture's address translation, opened together.
 *
 * This is the root of the typed kernel-memory reader; the rest of the API
 * (symbols, types, typed values, walkers) hangs off struct kernel. */
#ifndef CRASH_KERNEL_TYPES_KERNEL_H
#define CRASH_KERNEL_TYPES_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "readers/dump.h"

struct kernel;

struct kernel_open_opts {
	const char *vmlinux;
	const char *const *dumps; /* several files only for a split dump */
	int ndumps;
	const char *kaslr;	  /* NULL or "auto": find it; else hex offset */
};

/* Returns NULL with err_get() set, e.g. when the vmlinux does not match
 * the dump. */
struct kernel *kernel_open(const struct kernel_open_opts *opts);
void kernel_close(struct kernel *k);

struct dump *kernel_dump(struct kernel *k);

#endif
