/* The vmlinux ELF symbol table, loaded once and kept sorted by address
 * (for address -> name) with a hash (for name -> address).  Values are
 * link-time; kernel.c adds the KASLR offset to those that move. */
#ifndef CRASH_KERNEL_TYPES_SYMTAB_H
#define CRASH_KERNEL_TYPES_SYMTAB_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ksym {
	const char *name;
	uint64_t value;		/* link-time */
	uint64_t size;
	char type;		/* nm-style: T t D d B b R r A ... */
	bool relocates;		/* moves with KASLR (not absolute, not per-cpu) */
	uint8_t rank;		/* symtab_load's sort: alias_rank(), once per symbol */
	uint8_t underscores;	/* and the leading underscores (at most 255) */
};

struct symtab {
	struct ksym *syms;	/* sorted by value, then strongest first */
	size_t nsyms;
	uint32_t *hash;		/* open addressing: index+1, 0 = empty */
	size_t hash_size;
	char *names;		/* string pool */
	uint64_t percpu_start, percpu_end; /* link-time bounds of .data..percpu */
	uint64_t image_lo, image_hi;	/* link-time extent of the kernel image's symbols */
};

/* Load the symbols of an ELF file.  0, or -1 with err_get(). */
int symtab_load(struct symtab *st, Elf *elf);
/* The same table from the kernel's kallsyms (kallsyms.h: run-time
 * addresses; kaslr taken off those that move).  No sizes.  0, or -1. */
struct kallsyms;
int symtab_from_kallsyms(struct symtab *st, const struct kallsyms *ks, uint64_t kaslr);
void symtab_free(struct symtab *st);
const struct ksym *symtab_find(const struct symtab *st, const char *name);
/* The nearest non-absolute symbol at or below addr (link-time), the
 * strongest of those at one address; NULL when none. */
const struct ksym *symtab_at(const struct symtab *st, uint64_t addr);

#endif
