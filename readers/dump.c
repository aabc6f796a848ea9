/* The public dump API: format detection from the first bytes, the common
 * read loop (page by page through the format's ops), notes, VMCOREINFO. */
#include "readers/internal.h"

#include "common/err.h"
#include "common/xalloc.h"

#include <elf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCACHE_PAGES 512

static void init_info(struct dump *d)
{
	d->info.format = "?";
	d->info.compression = "none";
	d->info.dump_level = -1;
	d->info.nr_files = 1;
	d->info.utsname_release = d->release;
}

/* Page size from VMCOREINFO, which beats any header: QEMU's kdump block
 * size need not be the guest's page size. */
static uint32_t vmcoreinfo_pagesize(const char *vi)
{
	const char *p = vi;
	while (p && *p) {
		if (strncmp(p, "PAGESIZE=", 9) == 0) {
			unsigned long v = strtoul(p + 9, NULL, 10);
			if (v >= 512 && v <= (1u << 20) && (v & (v - 1)) == 0)
				return (uint32_t)v;
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return 0;
}

static void vmcoreinfo_release(struct dump *d)
{
	const char *p = d->vmcoreinfo;
	while (p && *p) {
		if (strncmp(p, "OSRELEASE=", 10) == 0) {
			size_t n = strcspn(p + 10, "\n");
			if (n >= sizeof(d->release))
				n = sizeof(d->release) - 1;
			memcpy(d->release, p + 10, n);
			d->release[n] = '\0';
			return;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
}

struct dump *dump_open(const char *const *paths, int n)
{
	struct dump *d;
	struct lfile *lfs;
	unsigned char head[64];
	int rc;

	if (n < 1 || n > 256 || !paths) {
		err_set("dump_open: bad number of files (%d)", n);
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	init_info(d);
	lfs = xcalloc((size_t)n, sizeof(*lfs));
	for (int i = 0; i < n; i++)
		lfs[i].fd = -1;
	for (int i = 0; i < n; i++)
		if (lfile_open(&lfs[i], paths[i]) < 0)
			goto fail;
	memset(head, 0, sizeof(head));
	size_t hn = lfs[0].size < sizeof(head) ? (size_t)lfs[0].size : sizeof(head);
	if (lfile_pread(&lfs[0], head, hn, 0, "header") < 0)
		goto fail;
	if (kdump_detect(head, hn)) {
		rc = kdump_open(d, lfs, n);
		lfs = NULL; /* owned by the kdump reader now, even on failure */
	} else if (elf_detect(head, hn)) {
		if (lfs[0].flat) {
			err_set("%s: flattened file does not hold a kdump file", paths[0]);
			goto fail;
		}
		if (n > 1) {
			err_set("%s: an ELF dump is a single file", paths[0]);
			goto fail;
		}
		rc = elf_open(d, &lfs[0]);
		free(lfs);
		lfs = NULL;
	} else {
		err_set("%s: unknown dump format (not ELF, kdump-compressed or flattened)",
			paths[0]);
		goto fail;
	}
	if (rc < 0) {
		dump_close(d);
		return NULL;
	}
	uint32_t ps = vmcoreinfo_pagesize(d->vmcoreinfo);
	if (ps)
		d->info.page_size = ps;
	if (!d->info.page_size)
		d->info.page_size = 4096;
	if (!d->info.block_size)
		d->info.block_size = d->info.page_size;
	if (!d->release[0])
		vmcoreinfo_release(d);
	if (d->info.nr_cpus <= 0) {
		int c = 0;
		for (size_t i = 0; i < d->nr_notes; i++)
			if (d->notes[i].type == NT_PRSTATUS && !strcmp(d->notes[i].name, "CORE"))
				c++;
		d->info.nr_cpus = c;
	}
	return d;
fail:
	if (lfs) {
		for (int i = 0; i < n; i++)
			lfile_close(&lfs[i]);
		free(lfs);
	}
	dump_close(d);
	return NULL;
}

void dump_close(struct dump *d)
{
	if (!d)
		return;
	if (d->ops && d->ops->close)
		d->ops->close(d);
	pcache_free(d->cache);
	free(d->vmcoreinfo);
	free(d->notes);
	for (size_t i = 0; i < d->nr_note_bufs; i++)
		free(d->note_bufs[i]);
	free(d->note_bufs);
	for (size_t i = 0; i < d->nr_warnings; i++)
		free(d->warnings[i]);
	free(d->warnings);
	free(d);
}

const char *dump_warning(const struct dump *d, size_t i)
{
	return i < d->nr_warnings ? d->warnings[i] : NULL;
}

void dump_add_warning(struct dump *d, const char *fmt, ...)
{
	va_list ap;
	char *w;

	va_start(ap, fmt);
	if (vasprintf(&w, fmt, ap) < 0)
		w = NULL;
	va_end(ap);
	if (!w)
		return;
	d->warnings = xreallocarray(d->warnings, d->nr_warnings + 1, sizeof(*d->warnings));
	d->warnings[d->nr_warnings++] = w;
}

const struct dump_info *dump_get_info(const struct dump *d)
{
	return &d->info;
}

int dump_read_phys(struct dump *d, uint64_t paddr, void *buf, size_t len)
{
	unsigned char *out = buf;
	while (len) {
		uint64_t in_unit = paddr % d->unit;
		size_t n = d->unit - in_unit;
		if (n > len)
			n = len;
		int rc = d->ops->read(d, paddr, out, n);
		if (rc == DUMP_E_EXCLUDED && d->zero_excluded) {
			memset(out, 0, n);
			rc = 0;
		}
		if (rc < 0)
			return rc;
		out += n;
		paddr += n;
		len -= n;
		if (paddr == 0 && len) { /* wrapped past the top of memory */
			err_set("physical address range wraps around");
			return DUMP_E_NOT_RAM;
		}
	}
	return 0;
}

void dump_set_zero_excluded(struct dump *d, bool on)
{
	d->zero_excluded = on;
}

bool dump_zero_excluded(const struct dump *d)
{
	return d->zero_excluded;
}

enum dump_page_state dump_page_state(struct dump *d, uint64_t paddr)
{
	return d->ops->page_state(d, paddr);
}

const char *dump_vmcoreinfo(const struct dump *d)
{
	return d->vmcoreinfo;
}

size_t dump_notes(const struct dump *d, const struct dump_note **notes)
{
	*notes = d->notes;
	return d->nr_notes;
}

void dump_describe(const struct dump *d, void (*emit)(void *arg, const char *line), void *arg)
{
	char line[256];
	const struct dump_info *i = &d->info;

	snprintf(line, sizeof(line), "format: %s%s, %d file%s", i->format,
		 i->flattened ? " (flattened)" : "", i->nr_files, i->nr_files == 1 ? "" : "s");
	emit(arg, line);
	snprintf(line, sizeof(line), "compression: %s  dump_level: %d%s", i->compression,
		 i->dump_level, i->partial ? " (partial dump)" : "");
	emit(arg, line);
	snprintf(line, sizeof(line), "page_size: %u  block_size: %u  elf_machine: %u  nr_cpus: %d",
		 i->page_size, i->block_size, i->elf_machine, i->nr_cpus);
	emit(arg, line);
	snprintf(line, sizeof(line), "max_paddr: %#" PRIx64 "  timestamp: %" PRId64
		 "  release: %s", i->max_paddr, i->timestamp,
		 i->utsname_release[0] ? i->utsname_release : "(none)");
	emit(arg, line);
	if (d->ops->describe)
		d->ops->describe(d, emit, arg);
	snprintf(line, sizeof(line), "notes: %zu  vmcoreinfo: %zu bytes", d->nr_notes,
		 d->vmcoreinfo ? strlen(d->vmcoreinfo) : (size_t)0);
	emit(arg, line);
	for (size_t k = 0; k < d->nr_notes; k++) {
		snprintf(line, sizeof(line), "  note %zu: %s type %#x size %zu", k,
			 d->notes[k].name, d->notes[k].type, d->notes[k].descsz);
		emit(arg, line);
	}
}

void dump_set_vmcoreinfo(struct dump *d, const char *text, size_t len)
{
	free(d->vmcoreinfo);
	/* Trailing NULs are padding, not text. */
	while (len && text[len - 1] == '\0')
		len--;
	d->vmcoreinfo = xstrndup(text, len);
}

int dump_add_notes(struct dump *d, void *buf, size_t len, const char *path)
{
	const unsigned char *p = buf;
	size_t off = 0;

	d->note_bufs = xreallocarray(d->note_bufs, d->nr_note_bufs + 1, sizeof(void *));
	d->note_bufs[d->nr_note_bufs++] = buf;
	/* Count first: the table is allocated once, for a bounded count. */
	size_t count = 0;
	for (size_t o = 0; o + 12 <= len;) {
		uint32_t nsz, dsz, typ;
		memcpy(&nsz, p + o, 4);
		memcpy(&dsz, p + o + 4, 4);
		memcpy(&typ, p + o + 8, 4);
		if (nsz == 0 && dsz == 0 && typ == 0)
			break;
		size_t nl = ((size_t)nsz + 3) & ~(size_t)3, dl = ((size_t)dsz + 3) & ~(size_t)3;
		if (nsz > len || dsz > len || nl + dl > len - o - 12)
			break;	/* the parse below says what is wrong */
		if (++count + d->nr_notes > READER_MAX_NOTES) {
			err_set("%s: more than %u notes", path, READER_MAX_NOTES);
			return -1;
		}
		o += 12 + nl + dl;
	}
	if (d->nr_notes + count + 1 > d->notes_cap) {
		d->notes_cap = d->nr_notes + count + 1;
		d->notes = xreallocarray(d->notes, d->notes_cap, sizeof(*d->notes));
	}
	while (off + 12 <= len) {
		uint32_t namesz, descsz, type;
		memcpy(&namesz, p + off, 4);
		memcpy(&descsz, p + off + 4, 4);
		memcpy(&type, p + off + 8, 4);
		if (namesz == 0 && descsz == 0 && type == 0)
			break; /* zero padding at the end of a note segment */
		size_t noff = off + 12;
		size_t nlen = ((size_t)namesz + 3) & ~(size_t)3;
		if (namesz > len || nlen > len - noff) {
			err_set("%s: note %zu: name extends past its segment", path, d->nr_notes);
			return -1;
		}
		size_t doff = noff + nlen;
		size_t dlen = ((size_t)descsz + 3) & ~(size_t)3;
		if (descsz > len || descsz > len - doff) {
			err_set("%s: note %zu: data extends past its segment", path, d->nr_notes);
			return -1;
		}
		if (d->nr_notes >= READER_MAX_NOTES) {
			err_set("%s: more than %u notes", path, READER_MAX_NOTES);
			return -1;
		}
		if (d->nr_notes == d->notes_cap) {
			d->notes_cap = d->notes_cap ? d->notes_cap * 2 : 16;
			d->notes = xreallocarray(d->notes, d->notes_cap, sizeof(*d->notes));
		}
		struct dump_note *nt = &d->notes[d->nr_notes++];
		memset(nt, 0, sizeof(*nt));
		size_t cn = namesz < sizeof(nt->name) ? namesz : sizeof(nt->name) - 1;
		memcpy(nt->name, p + noff, cn);
		nt->name[cn] = '\0';
		nt->type = type;
		nt->desc = p + doff;
		nt->descsz = descsz;
		if (!strcmp(nt->name, "VMCOREINFO") && !d->vmcoreinfo)
			dump_set_vmcoreinfo(d, (const char *)p + doff, descsz);
		off = dlen > len - doff ? len : doff + dlen;
	}
	return 0;
}

/* A page that starts with the ELF note "VMCOREINFO" whose text begins
 * with OSRELEASE=: its text, else NULL. */
static char *vmcoreinfo_note_at(const unsigned char *p, size_t psz)
{
	static const char name[12] = "VMCOREINFO";
	uint32_t namesz, descsz, type;
	memcpy(&namesz, p, 4);
	memcpy(&descsz, p + 4, 4);
	memcpy(&type, p + 8, 4);
	if (namesz != 11 || type != 0 || descsz < 16 || descsz > psz - 24 || memcmp(p + 12, name, 12) ||
	    memcmp(p + 24, "OSRELEASE=", 10))
		return NULL;
	const char *text = (const char *)p + 24;
	size_t len = strnlen(text, descsz);
	return xstrndup(text, len);
}

char *dump_find_vmcoreinfo_in_memory(struct dump *d)
{
	/* the note sits at the start of a page of any size the kernel may
	 * use: 4 KiB steps find it */
	const size_t step = 4096, chunk = 2u << 20;
	unsigned char *buf = xmalloc(chunk);
	char *found = NULL;
	uint64_t end = d->info.max_paddr;
	for (uint64_t pa = 0; pa < end && !found; pa += chunk) {
		size_t len = end - pa < chunk ? (size_t)(end - pa) : chunk;
		len -= len % step;
		if (!len)
			break;
		bool whole = dump_read_phys(d, pa, buf, len) == 0;
		for (size_t off = 0; off < len && !found; off += step) {
			/* a chunk with a hole or an excluded page: page by page */
			if (!whole && dump_read_phys(d, pa + off, buf + off, step) != 0)
				continue;
			found = vmcoreinfo_note_at(buf + off, step);
		}
	}
	err_clear();
	free(buf);
	return found;
}

int dump_use_vmcoreinfo_in_memory(struct dump *d)
{
	if (d->vmcoreinfo)
		return 0;
	char *vi = dump_find_vmcoreinfo_in_memory(d);
	if (!vi)
		return -1;
	dump_set_vmcoreinfo(d, vi, strlen(vi));
	free(vi);
	if (!d->release[0])
		vmcoreinfo_release(d);
	dump_add_warning(d, "the dump has no VMCOREINFO note: the kernel's own copy in its memory is used");
	return 0;
}
