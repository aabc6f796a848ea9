/* struct kernel, private to kernel-types/. */
#ifndef CRASH_KERNEL_TYPES_KERNEL_IMPL_H
#define CRASH_KERNEL_TYPES_KERNEL_IMPL_H

#include <elfutils/libdw.h>
#include <gelf.h>

#include "kernel-types/dwarf_index.h"
#include "kernel-types/kernel.h"
#include "kernel-types/moddebug.h"
#include "kernel-types/modsyms.h"
#include "kernel-types/symtab.h"

/* (type, member) -> offset and size answers; negative offsets are cached
 * too, with their message, since probing for absent members is common. */
struct kernel_tcache_entry {
	char *key;		/* "type\1member"; NULL = empty slot */
	char *err;		/* message of a negative answer */
	long off, size;
	int bit_off, bit_size;	/* bitfields: bits past off, width; else 0 */
};

struct kernel_tcache {
	struct kernel_tcache_entry *e;
	size_t size, used;
};

/* One slot of kernel_state(). */
struct kernel_state_slot {
	const void *key;
	void *data;
	void (*free_fn)(void *);
};

struct kernel {
	char *vmlinux_path;
	int fd;
	Elf *elf;
	Dwarf *dw;		/* opened on first use of types */
	int dw_failed;
	char build_id[80];
	struct symtab st;
	struct dwarf_index di;
	int di_state;		/* 0 not tried, 1 ready, -1 failed */
	struct dump *dump;
	struct arch_vm *vm;
	uint64_t kaslr;
	struct kernel_tcache tcache;
	int nr_cpus;
	uint64_t *percpu_off;	/* __per_cpu_offset[], read on first use */
	struct modsyms ms;	/* module symbols, read on first use */
	struct moddebug *md;	/* module debuginfo (moddebug.h), or NULL */
	struct type_cache *types; /* the type model, made on first use */
	char *types_err;	/* why there is none */
	struct kernel_state_slot *state; /* kernel_state() */
	size_t nstate;
	bool no_dwarf;		/* the vmlinux has no .debug_info, or no vmlinux */
	bool from_kallsyms;	/* no vmlinux: symbols from the dump's kallsyms */
	char *sources;		/* kernel_sources() */
	char **warnings;	/* kernel_open_warning() */
	size_t nr_warnings;
};

void kernel_tcache_free(struct kernel_tcache *tc);
/* The type model's cache over the session's type source; NULL with
 * err_get() when there is none. */
struct type_cache *kernel_type_cache(struct kernel *k);

#endif
