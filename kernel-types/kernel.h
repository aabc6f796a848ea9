/* The crashed kernel as a whole: vmlinux (symbols, DWARF types), the dump,
 * and the architecture's address translation, opened together.
 *
 * This is the root of the typed kernel-memory reader.  The functions here
 * are the primitives every command is written on; richer views (typed
 * values, walkers, the task table) live in their own headers beside this
 * one.  Failures return -1 (or NULL) with a one-line err_get() that names
 * what failed: the address, the member, the symbol. */
#ifndef CRASH_KERNEL_TYPES_KERNEL_H
#define CRASH_KERNEL_TYPES_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "readers/dump.h"

struct kernel;

struct kernel_open_opts {
	const char *vmlinux;	  /* NULL: symbols from the dump's kallsyms, types
				   * from its BTF (VMCOREINFO must name them) */
	const char *const *dumps; /* several files only for a split dump */
	int ndumps;
	const char *kaslr;	  /* NULL or "auto": find it; else hex offset */
};

/* Returns NULL with err_get() set, e.g. when the vmlinux does not match
 * the dump. */
struct kernel *kernel_open(const struct kernel_open_opts *opts);
void kernel_close(struct kernel *k);
/* One-line warnings of the open, for the user (a vmlinux without debug
 * info, parts of a split dump not given): the i-th, or NULL past the
 * last. */
const char *kernel_open_warning(const struct kernel *k, size_t i);
/* Whether the vmlinux has DWARF debug info (without it, commands that
 * need types fail). */
bool kernel_has_debuginfo(const struct kernel *k);
/* Whether the symbols are the dump's kallsyms (no vmlinux). */
bool kernel_from_kallsyms(const struct kernel *k);
/* Where symbols and types come from, for the banner: "kallsyms, BTF",
 * "vmlinux symbols, DWARF", "vmlinux symbols, BTF". */
const char *kernel_sources(struct kernel *k);

struct dump *kernel_dump(struct kernel *k);
struct arch_vm *kernel_arch(struct kernel *k);
const char *kernel_vmlinux_path(const struct kernel *k); /* NULL: none */
/* Value of KEY in VMCOREINFO ("OSRELEASE", "SYMBOL(init_top_pgt)"), or
 * NULL. */
const char *kernel_vmcoreinfo(struct kernel *k, const char *key);

/* --- symbols (vmlinux ELF symtab, relocated by the KASLR offset) --- */

/* Run-time address of a symbol.  0, or -1 when there is none. */
int kernel_symbol(struct kernel *k, const char *name, uint64_t *addr);
/* The symbol at or before addr and the offset into it, from vmlinux or,
 * for module addresses, from the loaded modules' kallsyms; NULL when addr
 * is in no known symbol.  The name lives as long as k. */
const char *kernel_symbol_at(struct kernel *k, uint64_t addr, uint64_t *offset);
/* The module whose symbol kernel_symbol_at() found for addr ("tun"), and
 * the symbol's nm-style type into *type (may be NULL); NULL for addresses
 * of the kernel image or of no module. */
const char *kernel_symbol_module(struct kernel *k, uint64_t addr, char *type);
/* "name+0x1f" (or "name" at offset 0, or hex when unknown) into buf. */
const char *kernel_symbolize(struct kernel *k, uint64_t addr, char *buf, size_t len);

/* A symbol as sym, kmem and the completer show it. */
struct kernel_sym {
	const char *name;	/* lives as long as k */
	uint64_t addr;		/* run-time address (a per-cpu symbol: its offset) */
	uint64_t size;		/* 0 when the symbol table does not say */
	char type;		/* nm-style letter: T t D d B b R r W V A a */
	bool percpu;		/* in the per-cpu section: addr is an offset */
	const char *module;	/* NULL for the kernel image */
};
/* By name (the kernel image, then modules).  0, or -1 with err_get(). */
int kernel_symbol_info(struct kernel *k, const char *name, struct kernel_sym *out);
/* The symbol at or below addr that names it, as kernel_symbol_at()
 * chooses it, and addr's offset into it.  0, or -1. */
int kernel_symbol_info_at(struct kernel *k, uint64_t addr, struct kernel_sym *out,
			  uint64_t *offset);
/* Every symbol of the kernel image in address order (aliases in the order
 * kernel_symbol_at() prefers them); fn returns non-zero to stop, which is
 * returned. */
int kernel_symbol_foreach(struct kernel *k, int (*fn)(void *arg, const struct kernel_sym *s),
			  void *arg);
/* API 1.6: every symbol of the loaded modules (from their kallsyms in the dump),
 * in address order, .module set; fn returns non-zero to stop, which is
 * returned.  -1 with err_get() when the modules' symbols are unreadable. */
int kernel_module_symbol_foreach(struct kernel *k,
				 int (*fn)(void *arg, const struct kernel_sym *s), void *arg);

/* --- source lines (debuginfo) --- */

/* The source file (as the debuginfo names it, directory included) and
 * line of a text address.  0, or -1 with err_get() ("no line information
 * for ADDR", or that the session has no line information at all). */
int kernel_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line);

/* --- module debuginfo (mod -s, -S; kernel-types/moddebug.c) --- */

/* Load the debuginfo of the loaded module name from file or, when file is
 * NULL, from the first NAME.ko (NAME.ko.debug, .ko.xz...; '-' and '_' the
 * same) found in the module directory (kernel_set_module_dir, else
 * CRASH_MODULE_PATH), else under each debug directory's
 * lib/modules/RELEASE/ and .build-id/ (CRASH_DEBUGINFO_DIRS, default
 * /usr/lib/debug), then /lib/modules/RELEASE/.  The file must be the
 * module's: its build ID that of the module in the dump.  Its sections
 * are placed where the dump's module has them; its DWARF is read only
 * when a lookup needs it: then kernel_srcline() answers for the module's
 * code and the type lookups (kernel first, then modules) and
 * ktype_of_symbol() reach its types and variables.  0, or -1 with
 * err_get() ("FILE does not match module NAME in the dump", or where it
 * looked). */
int kernel_module_debuginfo_load(struct kernel *k, const char *name, const char *file);
/* The same for every module in the dump, searched under dir alone when
 * it is not NULL; fn (may be NULL) is called for each module with NULL
 * or why it was not loaded.  The number loaded, or -1 with err_get(). */
int kernel_module_debuginfo_load_all(struct kernel *k, const char *dir,
				     void (*fn)(void *arg, const char *name, const char *error),
				     void *arg);
/* Takes module name's debuginfo (NULL: every module's) out of the
 * lookups.  0, or -1 with err_get(). */
int kernel_module_debuginfo_unload(struct kernel *k, const char *name);
/* The file module name's debuginfo comes from, or NULL. */
const char *kernel_module_debuginfo_file(struct kernel *k, const char *name);
/* Module names are equal: '-' and '_' are the same (dm-mod.ko is dm_mod). */
bool kernel_module_names_match(const char *a, const char *b);
/* The directory searched for module files instead of the default path
 * (crash --mod DIR); NULL for the default. */
void kernel_set_module_dir(struct kernel *k, const char *dir);

/* --- types (DWARF, looked up by name on demand) --- */

/* Size of a type ("struct task_struct", "unsigned long", "pid_t"). -1. */
long kernel_sizeof(struct kernel *k, const char *type);
/* Offset of member in type; member may be a dotted path through nested or
 * anonymous structs and unions ("se.on_rq", "thread.sp").  -1 when the
 * kernel has no such member (probe with this, never with versions). */
long kernel_offsetof(struct kernel *k, const char *type, const char *member);
/* Size of that member, -1. */
long kernel_member_size(struct kernel *k, const char *type, const char *member);
/* Where member lies, for bitfields: its byte offset (as kernel_offsetof),
 * the bit offset past that byte (0-7) and the width in bits; bit_size is 0
 * for a member that is not a bitfield.  Any pointer may be NULL.  0, -1. */
int kernel_member_bits(struct kernel *k, const char *type, const char *member, long *byte_off,
		       int *bit_off, int *bit_size);
/* The type of a member, typedefs and qualifiers taken off, spelt as C
 * would: "struct path", "struct dentry *", "unsigned int", "void *";
 * NULL when there is no such member.  For probing what a member is
 * ("atomic_long_t" counters or "struct percpu_counter"); lives as long
 * as k. */
const char *kernel_member_type(struct kernel *k, const char *type, const char *member);
/* Value of an enumerator ("MM_FILEPAGES", "TASK_COMM_LEN" is not one). */
int kernel_enum_value(struct kernel *k, const char *name, int64_t *value);

/* --- memory (kernel virtual addresses, through the kernel page tables) --- */

/* Why a read failed.  kernel_read() and every read built on it (the
 * kernel_read_* functions, kv_read_*, the walkers) return 0 or one of
 * these, and err_get() says which address; a command or walker can tell
 * a page the dump left out from a bad pointer.  The values are those of
 * readers/dump.h's enum dump_error, plus KREAD_NOT_MAPPED for addresses
 * no page table maps. */
enum kernel_read_error {
	KREAD_NOT_MAPPED = -1,		   /* no translation (or not canonical) */
	KREAD_EXCLUDED = DUMP_E_EXCLUDED,  /* RAM the dump filtered out */
	KREAD_NOT_RAM = DUMP_E_NOT_RAM,	   /* a physical address outside RAM */
	KREAD_IO = DUMP_E_IO,		   /* the dump file could not be read */
	KREAD_CORRUPT = DUMP_E_CORRUPT,	   /* damaged page data in the dump */
	KREAD_OTHER_PART = DUMP_E_OTHER_PART, /* in a split dump's part not given */
};
/* "not mapped", "excluded from the dump", ... for a negative return. */
const char *kernel_read_error_name(int rc);

int kernel_read(struct kernel *k, uint64_t addr, void *buf, size_t len);
int kernel_read_u64(struct kernel *k, uint64_t addr, uint64_t *v);
int kernel_read_u32(struct kernel *k, uint64_t addr, uint32_t *v);
/* An unsigned integer of 1, 2, 4 or 8 bytes. */
int kernel_read_uint(struct kernel *k, uint64_t addr, size_t size, uint64_t *v);
/* A C string of at most len-1 bytes; returns its length or -1. */
int kernel_read_string(struct kernel *k, uint64_t addr, char *buf, size_t len);
/* Read a member of the object of type `type` at addr, sized by DWARF;
 * a bitfield is shifted and masked to its value (zero-extended). */
int kernel_read_member(struct kernel *k, uint64_t addr, const char *type, const char *member,
		       uint64_t *v);
int kernel_kvtop(struct kernel *k, uint64_t addr, uint64_t *paddr);
/* User virtual memory of the address space whose top-level page table is
 * at kernel address pgd (mm->pgd); -1 with err_get() when a page is not
 * mapped, swapped out or not in the dump. */
int kernel_read_user(struct kernel *k, uint64_t pgd, uint64_t addr, void *buf, size_t len);

/* --- CPUs --- */

/* Number of possible CPUs (nr_cpu_ids): the size of every per-CPU table.
 * The one CPU count: 1 for a kernel without nr_cpu_ids (UP). */
int kernel_nr_cpus(struct kernel *k);
/* __per_cpu_offset[cpu]; -1 when unknown. */
int kernel_percpu_offset(struct kernel *k, int cpu, uint64_t *off);
/* Per-CPU access, the one way: where the per-CPU object that `ptr` (a
 * __percpu pointer's value, or a per-cpu symbol's offset) designates lives
 * on `cpu`.  0, or -1 with err_get(). */
int kernel_percpu_ptr(struct kernel *k, uint64_t ptr, int cpu, uint64_t *addr);
/* Address of per-cpu symbol `name` on `cpu`. */
int kernel_percpu_symbol(struct kernel *k, const char *name, int cpu, uint64_t *addr);

/* --- state of the layers above, kept with the kernel --- */

/* Walkers keep what they learn once per kernel (the task table, offsets,
 * the ORC tables) here rather than in statics: key is the address of
 * something of the caller's own (a static variable in its file), data
 * lives until kernel_close(), which calls free_fn(data) (free_fn may be
 * NULL).  Setting a key again frees the old data first. */
void *kernel_state(struct kernel *k, const void *key);
void kernel_set_state(struct kernel *k, const void *key, void *data, void (*free_fn)(void *));

#endif
