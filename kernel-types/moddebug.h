/* Private to kernel-types/: the debuginfo of loaded modules (mod -s, -S).
 *
 * A module's .ko is ET_REL: its DWARF means something only once its
 * sections are placed where the kernel put them.  Registering a file
 * (kernel_module_debuginfo_load) reads the module's section addresses
 * from the dump (struct module.sect_attrs, the kernel's own relocation,
 * the same in every layout of struct module) and checks the file's build
 * ID against the module's .note.gnu.build-id in the dump; nothing more,
 * so that registering hundreds of modules stays fast.  A unit's DWARF is
 * opened (libdwfl, which applies the relocations with the section
 * addresses given back by a section_address callback) only when an
 * address in the module needs a source line, and indexed by name only
 * when a type or variable lookup reaches the modules.
 *
 * Units are never freed before kernel_close: the type model keeps names
 * that point into their DWARF, so unloading (mod -d) only takes a unit
 * out of the lookups. */
#ifndef CRASH_KERNEL_TYPES_MODDEBUG_H
#define CRASH_KERNEL_TYPES_MODDEBUG_H

#include <elfutils/libdw.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel-types/dwarf_index.h"

struct kernel;
struct moddebug;

/* Units are numbered from 0 in the order they were registered; a number
 * stays with its unit (and its DWARF) until kernel_close. */
size_t moddebug_units(struct kernel *k);
/* Whether unit i is in the lookups (loaded and not deleted). */
bool moddebug_active(struct kernel *k, size_t i);
/* The relocated DWARF of unit i and its name index, opened and built on
 * first use; NULL (with err_get()) when the file has none or the unit is
 * not active. */
Dwarf *moddebug_dwarf(struct kernel *k, size_t i);
const struct dwarf_index *moddebug_index(struct kernel *k, size_t i);
/* The active unit of module name, or -1. */
long moddebug_unit_of(struct kernel *k, const char *name);
/* The active unit whose DWARF has a compile unit covering run-time
 * address addr (module code with debuginfo loaded), or -1. */
long moddebug_unit_at(struct kernel *k, uint64_t addr);
/* The source line of a run-time address in a module with debuginfo:
 * 0, 1 when no unit covers addr, -1 with err_get() when one does but has
 * no line for it. */
int moddebug_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line);

/* The symbols of the modules' own symbol tables (the .ko's, data symbols
 * included, which a kernel without KALLSYMS_ALL keeps out of the modules'
 * kallsyms), where their debuginfo is loaded: the one run-time address
 * addr is inside of (*off past its start), or the one of a name.  true
 * and *out (its name lives as long as k); false when no such symbol. */
struct kernel_sym;
bool moddebug_symbol_at(struct kernel *k, uint64_t addr, struct kernel_sym *out, uint64_t *off);
bool moddebug_symbol_named(struct kernel *k, const char *name, struct kernel_sym *out);

void moddebug_free(struct moddebug *md);

#endif
