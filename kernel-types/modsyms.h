/* Symbols of loaded modules, from each module's own kallsyms (struct
 * module.kallsyms: symtab, strtab, typetab) in the dumped memory: module
 * code has no place in the vmlinux symbol table.  Loaded on first use. */
#ifndef CRASH_KERNEL_TYPES_MODSYMS_H
#define CRASH_KERNEL_TYPES_MODSYMS_H

#include <stddef.h>
#include <stdint.h>

struct kernel;

struct modsym {
	uint64_t addr, size;
	const char *name;
	const char *module;
	char type;		/* nm-style, from the module's typetab */
	uint32_t seq;		/* load order: module list, then symtab index */
};

struct modsyms {
	struct modsym *syms;	/* by address */
	size_t n;
	char **strings;		/* names and module names, owned */
	size_t nstrings;
	int state;		/* 0 not loaded, 1 loaded, -1 failed */
};

/* The module symbol at or before addr that covers it (inside its size,
 * or within a page of an unsized one); NULL if none. */
const struct modsym *modsyms_at(struct kernel *k, struct modsyms *ms, uint64_t addr);
/* The symbol named name in any module (the first found); NULL if none. */
const struct modsym *modsyms_find(struct kernel *k, struct modsyms *ms, const char *name);
/* Every module symbol in address order (at one address, in symtab
 * order); fn returns non-zero to stop, which is returned.  -1 with
 * err_get() when the modules' symbols cannot be read. */
int modsyms_foreach(struct kernel *k, struct modsyms *ms,
		    int (*fn)(void *arg, const struct modsym *m), void *arg);
void modsyms_free(struct modsyms *ms);
#endif
