/* A crash dump as physical memory plus metadata.
 *
 * This is the only interface the rest of crash uses to reach a dump file.
 * The format (ELF, kdump-compressed, flattened, split) is found from the
 * bytes of the files, never from their names.  A dump file is untrusted
 * input: every offset and size read from it is checked against the file
 * before use, and a bad file gives an error naming the file, never a crash.
 *
 * The reader knows nothing about kernels or architectures beyond what the
 * file headers say: register notes are handed up raw for arch/ to decode. */
#ifndef CRASH_READERS_DUMP_H
#define CRASH_READERS_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dump;

/* What dump_read_phys() and dump_page_state() can answer for a page. */
enum dump_page_state {
	DUMP_PAGE_PRESENT = 0,	/* the page's contents are in the dump */
	DUMP_PAGE_EXCLUDED,	/* RAM, but filtered out (makedumpfile -d) */
	DUMP_PAGE_NOT_RAM,	/* no RAM at that address in the dump */
	DUMP_PAGE_OTHER_PART,	/* in a part of a split dump that was not given */
};

/* Negative returns of dump_read_phys(); err_get() has the text. */
enum dump_error {
	DUMP_E_EXCLUDED = -2,	/* page filtered out of the dump */
	DUMP_E_NOT_RAM = -3,	/* address outside the dump's RAM */
	DUMP_E_IO = -4,		/* read error on the file */
	DUMP_E_CORRUPT = -5,	/* page data in the file is damaged */
	DUMP_E_OTHER_PART = -6,	/* in a part of a split dump that was not given */
};

/* A note from the dump: ELF PT_NOTE entries, or the notes a kdump header
 * carries.  Names are e.g. "CORE" (NT_PRSTATUS), "QEMU" (QEMU CPU state),
 * "VMCOREINFO".  desc points into memory owned by the dump. */
struct dump_note {
	char name[32];
	uint32_t type;
	const void *desc;
	size_t descsz;
};

struct dump_info {
	const char *format;	 /* "ELF", "KDUMP", ... for help -D and sys */
	const char *compression; /* "none", "zlib", "lzo", "snappy", "zstd", "mixed" */
	bool flattened;		 /* makedumpfile -F / QEMU kdump output */
	bool partial;		 /* pages were filtered out (dump level != 0) */
	int dump_level;		 /* makedumpfile -d value, -1 if unknown */
	int nr_files;		 /* more than one for a split dump */
	uint32_t page_size;	 /* page size of the dumped machine */
	uint32_t block_size;	 /* kdump block size (may differ), else page_size */
	uint16_t elf_machine;	 /* EM_X86_64, EM_AARCH64, ... */
	int nr_cpus;		 /* from the header, or counted NT_PRSTATUS notes */
	int64_t timestamp;	 /* seconds since the epoch, 0 if none */
	uint64_t max_paddr;	 /* one past the highest physical address */
	const char *utsname_release; /* from a kdump header, may be "" */
};

/* Open the dump made of files paths[0..n-1] (n > 1 only for a split dump).
 * Returns NULL with err_get() set to e.g.
 * "vmcore: kdump header: bitmap extends past end of file". */
struct dump *dump_open(const char *const *paths, int n);
void dump_close(struct dump *d);

const struct dump_info *dump_get_info(const struct dump *d);

/* Read len bytes of physical memory at paddr; may cross pages.  Returns 0,
 * or a negative enum dump_error with err_get() naming the address. */
int dump_read_phys(struct dump *d, uint64_t paddr, void *buf, size_t len);

enum dump_page_state dump_page_state(struct dump *d, uint64_t paddr);

/* crash's --zero_excluded: pages filtered out of the dump (DUMP_E_EXCLUDED)
 * read as zeros instead of failing, for every reader of the dump.
 * dump_page_state() still tells them. */
void dump_set_zero_excluded(struct dump *d, bool on);
bool dump_zero_excluded(const struct dump *d);

/* The VMCOREINFO text (not NUL-terminated in the file; this copy is), or
 * NULL when the dump has none. */
const char *dump_vmcoreinfo(const struct dump *d);
/* The kernel's own copy of VMCOREINFO, found in the dump's memory: the
 * note the kernel fills at boot (vmcoreinfo_note, at the start of a page),
 * for a dump whose writer added none (QEMU without the vmcoreinfo device
 * or qemu_fw_cfg).  A malloc'd NUL-terminated text, or NULL.  Reads all of
 * memory once: call it only when the note is missing. */
char *dump_find_vmcoreinfo_in_memory(struct dump *d);
/* Make text the dump's VMCOREINFO (len bytes, trailing NULs dropped). */
void dump_set_vmcoreinfo(struct dump *d, const char *text, size_t len);
/* For a dump with no VMCOREINFO note: the copy in memory made the dump's
 * VMCOREINFO, with a warning (dump_warning) that says so.  0, or -1 when
 * memory holds none either. */
int dump_use_vmcoreinfo_in_memory(struct dump *d);

/* All notes of the dump, in file order. */
size_t dump_notes(const struct dump *d, const struct dump_note **notes);

/* One-line warnings found while opening (parts of a split dump not
 * given, ...): the i-th, or NULL past the last. */
const char *dump_warning(const struct dump *d, size_t i);

/* Multi-line, human-readable description of the headers, for `help -D`. */
void dump_describe(const struct dump *d, void (*emit)(void *arg, const char *line), void *arg);

#endif
