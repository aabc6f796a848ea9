/* Name -> DIE index over the vmlinux DWARF.
 *
 * Commands look types up by name ("struct task_struct", "pid_t", the
 * global "jiffies").  Walking all of a kernel's DWARF takes seconds, so
 * the index holds only the top-level DIEs of each compile unit (and the
 * enumerators of top-level enums), is built once per vmlinux build-id and
 * is kept on disk; later sessions map the cached file instead. */
#ifndef CRASH_KERNEL_TYPES_DWARF_INDEX_H
#define CRASH_KERNEL_TYPES_DWARF_INDEX_H

#include <elfutils/libdw.h>
#include <stddef.h>
#include <stdint.h>

enum di_kind {
	DI_STRUCT = 1,
	DI_UNION,
	DI_ENUM,
	DI_TYPEDEF,
	DI_BASE,
	DI_VAR,
	DI_ENUMERATOR,
	DI_FUNC,
	DI_NKINDS
};

struct di_entry {
	uint64_t die;		/* DIE offset in .debug_info */
	uint32_t name;		/* offset in the string pool */
	uint8_t kind;
	uint8_t decl;		/* only a declaration was seen */
	uint8_t pad[2];
};

struct dwarf_index {
	struct di_entry *e;
	size_t n, cap;
	char *strs;
	size_t strs_len, strs_cap;
	uint32_t *hash;		/* entry index + 1 */
	size_t hash_size;
	int from_cache;
	char *cache_path;	/* where it is kept, or NULL */
	void **retired;		/* arrays of an index rebuilt in place */
	size_t nretired;
};

/* What a cache file must match: the vmlinux it was built from. */
struct di_ident {
	char build_id[64];	/* hex, NUL-padded */
	uint64_t file_size;	/* of the vmlinux */
	uint64_t info_size;	/* of its .debug_info section */
};

/* Load the index from the cache for build_id (hex), or build it from dw
 * and save it.  0, or -1 with err_get(). */
int dwarf_index_open(struct dwarf_index *di, Dwarf *dw, const char *build_id);
void dwarf_index_free(struct dwarf_index *di);

/* The pieces of dwarf_index_open, for the tests and the fuzzer. */
#define DI_CACHE_HDR 128	/* bytes of the cache file's header */
#define DI_CACHE_CRC_OFF 8	/* where its CRC-32 is */
void dwarf_index_ident(Dwarf *dw, const char *build_id, struct di_ident *id);
int dwarf_index_build(struct dwarf_index *di, Dwarf *dw);
/* The cache file's bytes (malloc'ed, *len set), and back: 0, or -1 when
 * the bytes fail any check (dw, when not NULL, checks a sample of the
 * entries against the DWARF). */
void *dwarf_index_serialize(const struct dwarf_index *di, const struct di_ident *id, size_t *len);
int dwarf_index_load(struct dwarf_index *di, const void *buf, size_t len, Dwarf *dw,
		     const struct di_ident *id);
/* CRC-32 of a cache file's bytes, its own field taken as 0. */
uint32_t dwarf_index_cache_crc(const void *buf, size_t len);
/* Find the DIE of a name of a kind.  0, or -1 when absent.  An index
 * from the cache whose entry does not name its DIE is rebuilt from the
 * DWARF (and saved) before the answer is given. */
int dwarf_index_find(const struct dwarf_index *di, Dwarf *dw, enum di_kind kind, const char *name,
		     Dwarf_Die *out);
/* Calls fn for each indexed name of a kind (for completion, sym -l ...). */
void dwarf_index_each(const struct dwarf_index *di, enum di_kind kind,
		      void (*fn)(void *arg, const char *name), void *arg);

#endif
