/* Private interface between the format readers of readers/.
 *
 * dump.c owns the public API and the page cache; each format (elf.c,
 * kdump.c, later kcore) fills a struct reader_ops.  Files are reached
 * through struct lfile, which presents a flattened file (flat.c) as the
 * plain file it stands for, so kdump.c never knows the difference. */
#ifndef CRASH_READERS_INTERNAL_H
#define CRASH_READERS_INTERNAL_H

#include "readers/dump.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Upper bound for metadata copied into memory from one file (notes,
 * VMCOREINFO, segment tables): far above anything real, far below
 * what would hurt. */
#define READER_META_MAX (64u << 20)
/* Notes: a few per CPU in real dumps (prstatus, QEMU CPU state), a few
 * hundred bytes to a few KB each, and VMCOREINFO.  Both bounds are
 * checked before the notes are read or their table allocated. */
#define READER_MAX_NOTES (1u << 16)
#define READER_NOTES_MAX (16u << 20)	/* bytes of all notes of a dump */
/* Memory for decompressed pages (the page cache holds up to 512). */
#define READER_CACHE_BYTES (32u << 20)

struct flat_index;

/* A dump file as a "logical" byte array. */
struct lfile {
	char *path;
	int fd;
	uint64_t size;	     /* logical size */
	uint64_t data_bytes; /* bytes actually stored: caps allocations */
	struct flat_index *flat;
};

int lfile_open(struct lfile *lf, const char *path);
void lfile_close(struct lfile *lf);
/* Reads exactly len bytes at logical offset off; -1 with err set ("PATH:
 * WHAT extends past end of file") when the range is not in the file. */
int lfile_pread(struct lfile *lf, void *buf, size_t len, uint64_t off, const char *what);

/* flat.c: makedumpfile flattened format. */
bool flat_detect(const void *head, size_t n);
struct flat_index *flat_index_build(int fd, uint64_t fsize, const char *path);
void flat_index_free(struct flat_index *fi);
uint64_t flat_logical_size(const struct flat_index *fi);
uint64_t flat_data_bytes(const struct flat_index *fi);
int flat_pread(const struct flat_index *fi, int fd, void *buf, size_t len, uint64_t off);
size_t flat_nr_blocks(const struct flat_index *fi);

/* decompress.c: one dump page.  Returns 0 when exactly outlen bytes came
 * out, -1 with err set otherwise. */
enum { COMP_NONE = 0, COMP_ZLIB, COMP_LZO, COMP_SNAPPY, COMP_ZSTD };
int decompress_page(int method, const void *in, size_t inlen, void *out, size_t outlen);
const char *compression_name(int method);

struct reader_ops {
	const char *name;
	/* Bytes [paddr, paddr+len) lie within one unit (d->unit bytes). */
	int (*read)(struct dump *d, uint64_t paddr, void *buf, size_t len);
	enum dump_page_state (*page_state)(struct dump *d, uint64_t paddr);
	void (*describe)(const struct dump *d, void (*emit)(void *, const char *), void *arg);
	void (*close)(struct dump *d);
};

struct page_cache;

struct dump {
	const struct reader_ops *ops;
	void *priv;
	struct dump_info info;
	char *vmcoreinfo;
	struct dump_note *notes;
	size_t nr_notes;
	size_t notes_cap;
	/* Buffers that note descs point into. */
	void **note_bufs;
	size_t nr_note_bufs;
	uint32_t unit; /* read granularity of the format */
	struct page_cache *cache;
	char release[65];
	char **warnings;	/* dump_warning() */
	size_t nr_warnings;
	bool zero_excluded;	/* dump_set_zero_excluded() */
};

/* dump.c helpers for the formats. */
/* Parses a buffer of ELF notes (native little-endian Elf64_Nhdr layout),
 * taking ownership of buf.  Bad entries end the parse with an error. */
int dump_add_notes(struct dump *d, void *buf, size_t len, const char *path);
void dump_set_vmcoreinfo(struct dump *d, const char *text, size_t len);
void dump_add_warning(struct dump *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The page cache: decompressed units keyed by unit number. */
struct page_cache *pcache_new(size_t nr_pages, size_t page_size);
void pcache_free(struct page_cache *pc);
/* Pointer to the cached copy, or NULL. */
const void *pcache_get(struct page_cache *pc, uint64_t key);
/* Slot to fill for key (evicts the least recently used entry); the caller
 * fills it and then calls pcache_commit, or drops it with pcache_abort. */
void *pcache_slot(struct page_cache *pc, uint64_t key);
void pcache_commit(struct page_cache *pc);
void pcache_abort(struct page_cache *pc);

/* Format entry points: each returns 0 after filling d, -1 with err set. */
int elf_open(struct dump *d, struct lfile *lf);
int kdump_open(struct dump *d, struct lfile *lfs, int n);
bool elf_detect(const void *head, size_t n);
bool kdump_detect(const void *head, size_t n);

/* Bit helpers. */
static inline bool bit_test(const uint8_t *map, uint64_t bit)
{
	return (map[bit >> 3] >> (bit & 7)) & 1;
}

#endif
