/* What gdb's symbol commands know of the vmlinux, from its ELF sections,
 * symbol table, DWARF and line tables: for info symbol, info address,
 * info line, info functions/variables/types, list, the <symbol+off> gdb
 * writes after addresses, and the 'file.c'::var and func::var scopes of
 * expressions.  Addresses are run-time ones (KASLR applied).  Failures
 * return -1 (or NULL) with err_get() worded as gdb words it. */
#ifndef CRASH_KERNEL_TYPES_GDBINFO_H
#define CRASH_KERNEL_TYPES_GDBINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel-types/kernel.h"
#include "kernel-types/types.h"

/* The vmlinux section holding addr (".text", ".data", ".bss"); NULL when
 * addr is in none (the direct map, vmalloc, modules, per-cpu offsets). */
const char *kgdb_section_of(struct kernel *k, uint64_t addr);

/* The symbol gdb names addr by (<sym+off>) when it prints an address:
 * the nearest symbol at or below addr in addr's section whose size covers
 * it, or a zero-sized one (a label) above that when it is in code; NULL
 * when there is none.  Lives as long as k. */
const char *kgdb_symbol_at(struct kernel *k, uint64_t addr, uint64_t *off);
/* Where gdb has the function of the ELF symbol at addr (of size bytes)
 * begin: its DWARF definition's low pc, which lies past the symbol when
 * the compiler put patchable-entry NOPs first (arm64's ftrace: 8 bytes),
 * else addr.  gdb's value of the function, its info address and info
 * line, and the <func+off> it prints count from there. */
uint64_t kgdb_function_entry(struct kernel *k, uint64_t addr, uint64_t size);
/* The symbol info symbol names: the same, labels of data included. */
const char *kgdb_info_symbol(struct kernel *k, uint64_t addr, uint64_t *off);

/* A variable or function of a scope: a source file ("panic.c",
 * "kernel/panic.c") or a function, for its static variables. */
int kgdb_scoped_symbol(struct kernel *k, const char *scope, const char *name, struct kqtype *type,
		       uint64_t *addr);

/* The line-table row holding addr: its file (as the compile unit names
 * it), line, and the addresses [lo, hi) of that row's code. */
int kgdb_line_at(struct kernel *k, uint64_t addr, char *file, size_t len, int *line, uint64_t *lo,
		 uint64_t *hi);
/* The lowest address of the code of a source line; file may be a path
 * suffix ("core.c").  The file's name as the line table has it goes into
 * full.  A line without code of its own gives the code of the nearest
 * later line that has some, as gdb takes it; 1 when there is none (the
 * line is past the file's last code). */
int kgdb_line_addr(struct kernel *k, const char *file, int line, uint64_t *addr, char *full, size_t len);

/* The source file and line where name (a function or variable) is
 * defined (DW_AT_decl_file, DW_AT_decl_line). */
int kgdb_decl_line(struct kernel *k, const char *name, char *file, size_t len, int *line);
/* The compilation directory of the compile unit holding addr (where gdb
 * looks for relative source file names). */
int kgdb_comp_dir(struct kernel *k, uint64_t addr, char *dir, size_t len);

/* The definitions of info functions, info variables and info types. */
enum kgdb_kind { KGDB_FUNCTIONS, KGDB_VARIABLES, KGDB_TYPES };
struct kgdb_def {
	const char *file;	/* as gdb names it ("kernel/sched/core.c") */
	int line;		/* 0: none (base types) */
	const char *name;	/* what the regex matched and sorting uses */
	const char *text;	/* "static void __schedule(unsigned int);" */
	bool is_static;
};
/* fn for each definition of kind whose name match(arg, name) accepts,
 * in no particular order (the same definition once per compile unit). */
int kgdb_each(struct kernel *k, enum kgdb_kind kind, bool (*match)(void *arg, const char *name),
	      void (*fn)(void *arg, const struct kgdb_def *d), void *arg);
/* Whether an ELF symbol is known to the debug information: a function
 * or variable of its name, or code of some compile unit at its address
 * (gdb's "Non-debugging symbols" are the others). */
bool kgdb_has_debuginfo(struct kernel *k, const char *name, uint64_t addr, bool text);

#endif
