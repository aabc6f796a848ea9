/* Direct access to the vmlinux DWARF and symbol table, for the code that
 * needs more than kernel.h's sizes and offsets: the type printer, the
 * expression evaluator, `sym -l`.  Most commands should not need it. */
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

/* The DIE of a type named like "struct task_struct", "union X", "enum X",
 * a typedef or base type name, or a bare struct name.  0, or -1. */
int kernel_type_die(struct kernel *k, const char *name, Dwarf_Die *out);
/* The DIE of a global variable (its definition if one exists). */
int kernel_var_die(struct kernel *k, const char *name, Dwarf_Die *out);
/* Follow typedefs and const/volatile/restrict/atomic qualifiers. */
void kernel_die_strip(Dwarf_Die *die);
/* Size of the type of a DIE (pointers are 8), -1 if unknown. */
long kernel_die_size(Dwarf_Die *type);
/* Find member `path` (dotted, with [N] indexes) starting at struct/union
 * type `type`; fills the member's type DIE, byte offset, and for
 * bitfields the bit offset within the storage unit and the bit size
 * (0 when not a bitfield).  0, or -1 with err_get(). */
int kernel_die_member(struct kernel *k, Dwarf_Die *type, const char *path, Dwarf_Die *mtype,
		      long *offset, int *bit_offset, int *bit_size);

#endif
