/* Private to kernel-types/: the vmlinux's ELF, symbol table and DWARF,
 * for the DWARF type source (dwarf_types.c), the DWARF index and the
 * source-line lookup.  Everything above them uses types.h and kernel.h. */
#ifndef CRASH_KERNEL_TYPES_DWARF_H
#define CRASH_KERNEL_TYPES_DWARF_H

#include <elfutils/libdw.h>
#include <gelf.h>

#include "kernel-types/dwarf_index.h"
#include "kernel-types/kernel.h"
#include "kernel-types/symtab.h"

Dwarf *kernel_dwarf(struct kernel *k);
Elf *kernel_elf(struct kernel *k);
const struct symtab *kernel_symtab(struct kernel *k);
const struct dwarf_index *kernel_dwarf_index(struct kernel *k);
uint64_t kernel_kaslr_offset(const struct kernel *k);
/* Run-time address of a symbol-table entry. */
uint64_t kernel_ksym_addr(const struct kernel *k, const struct ksym *s);

/* Follow typedefs and const/volatile/restrict/atomic qualifiers. */
void kernel_die_strip(Dwarf_Die *die);
/* Size of the type of a DIE (pointers are 8), -1 if unknown. */
long kernel_die_size(Dwarf_Die *type);

/* The type model's type of what a DIE's DW_AT_type names (a variable's
 * type), or, itself set, of the DIE itself (a type, or a function's). */
struct kqtype;
int dwarf_die_type(struct kernel *k, Dwarf_Die *die, bool itself, struct kqtype *out);
/* The same for a DIE of module debuginfo unit (moddebug.h; -1: the
 * vmlinux's, as dwarf_die_type). */
int dwarf_die_type_unit(struct kernel *k, long unit, Dwarf_Die *die, bool itself,
			struct kqtype *out);

#endif
