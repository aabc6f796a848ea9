/* The kernel's own symbol table, kallsyms, read from the dump.
 *
 * VMCOREINFO names the tables (SYMBOL(kallsyms_names), _offsets,
 * _relative_base, _num_syms, _token_table, _token_index); the names are
 * token-compressed, the addresses are offsets from a base.  Entries come
 * in the kernel's own order: by address, and at one address in the order
 * the kernel's lookups (oops traces, /proc/PID/wchan) prefer.
 *
 * Everything here is read from the dump and so untrusted: counts, lengths
 * and token indexes are bounded, and a damaged table is an error, never a
 * crash or an endless loop. */
#ifndef CRASH_KERNEL_TYPES_KALLSYMS_H
#define CRASH_KERNEL_TYPES_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

struct kernel;

struct kallsym {
	uint64_t addr;		/* run-time address (per-cpu: offset) */
	const char *name;
	char type;		/* nm-style letter as kallsyms stores it */
};

struct kallsyms {
	struct kallsym *syms;	/* kernel order */
	size_t n;
	char *pool;		/* names */
};

/* Decode the dump's kallsyms.  0, or -1 with err_get() (no kallsyms in
 * VMCOREINFO, or a table that does not decode). */
int kallsyms_load(struct kernel *k, struct kallsyms *out);
void kallsyms_free(struct kallsyms *ks);

/* The decoder alone, over any memory: read gives len bytes at a kernel
 * address (0, or -1 when any of them is unreadable), vmcoreinfo the value
 * of a VMCOREINFO key or NULL.  kallsyms_load is this over the dump. */
struct kallsyms_src {
	void *arg;
	int (*read)(void *arg, uint64_t addr, void *buf, size_t len);
	const char *(*vmcoreinfo)(void *arg, const char *key);
};
int kallsyms_decode(const struct kallsyms_src *src, struct kallsyms *out);

#endif
