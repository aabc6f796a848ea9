/* ELF64 cores: /proc/vmcore copies (PT_LOADs with physical and virtual
 * addresses; makedumpfile -E output), and QEMU/libvirt dumps (physical
 * addresses only).  Little-endian ELF64 only, read by hand with pread so
 * that a 64 GB core is never read whole.
 *
 * A PT_LOAD whose p_filesz < p_memsz reads as zeros past p_filesz: in a
 * /proc/vmcore copy those bytes are zero-filled memory, and makedumpfile
 * -E uses the same convention for the tail of a segment it trims. */
#include "readers/internal.h"

#include "common/err.h"
#include "common/xalloc.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct elf_seg {
	uint64_t paddr, memsz, filesz, offset, vaddr;
	uint64_t maxend;
};

struct elf_priv {
	struct lfile lf;
	struct elf_seg *segs;
	size_t n;
	uint16_t phnum;
};

bool elf_detect(const void *head, size_t n)
{
	return n >= SELFMAG && memcmp(head, ELFMAG, SELFMAG) == 0;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct elf_seg *x = a, *y = b;
	if (x->paddr != y->paddr)
		return x->paddr < y->paddr ? -1 : 1;
	return x->memsz > y->memsz ? -1 : x->memsz < y->memsz;
}

static const struct elf_seg *find_seg(const struct elf_priv *p, uint64_t paddr)
{
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->segs[mid].paddr <= paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Segments may overlap (the kernel-text PT_LOAD of /proc/vmcore lies
	 * inside a RAM one): look back while anything can still cover paddr. */
	for (size_t j = lo; j-- > 0 && p->segs[j].maxend > paddr;)
		if (paddr - p->segs[j].paddr < p->segs[j].memsz)
			return &p->segs[j];
	return NULL;
}

static int elf_read(struct dump *d, uint64_t paddr, void *buf, size_t len)
{
	struct elf_priv *p = d->priv;
	unsigned char *out = buf;
	while (len) {
		const struct elf_seg *s = find_seg(p, paddr);
		if (!s) {
			err_set("physical address %#" PRIx64 " is not in the dump", paddr);
			return DUMP_E_NOT_RAM;
		}
		uint64_t in = paddr - s->paddr;
		uint64_t avail = s->memsz - in;
		size_t n = avail < len ? (size_t)avail : len;
		if (in < s->filesz) {
			uint64_t fa = s->filesz - in;
			if (fa < n)
				n = (size_t)fa;
			if (lfile_pread(&p->lf, out, n, s->offset + in, "PT_LOAD data") < 0)
				return DUMP_E_IO;
		} else {
			memset(out, 0, n);
		}
		out += n;
		paddr += n;
		len -= n;
	}
	return 0;
}

static enum dump_page_state elf_page_state(struct dump *d, uint64_t paddr)
{
	return find_seg(d->priv, paddr) ? DUMP_PAGE_PRESENT : DUMP_PAGE_NOT_RAM;
}

static void elf_describe(const struct dump *d, void (*emit)(void *, const char *), void *arg)
{
	const struct elf_priv *p = d->priv;
	char line[200];
	snprintf(line, sizeof(line), "ELF: %u program headers, %zu PT_LOAD", p->phnum, p->n);
	emit(arg, line);
	for (size_t i = 0; i < p->n; i++) {
		const struct elf_seg *s = &p->segs[i];
		snprintf(line, sizeof(line),
			 "  PT_LOAD paddr %#" PRIx64 " vaddr %#" PRIx64 " memsz %#" PRIx64
			 " filesz %#" PRIx64 " offset %#" PRIx64,
			 s->paddr, s->vaddr, s->memsz, s->filesz, s->offset);
		emit(arg, line);
	}
}

static void elf_close(struct dump *d)
{
	struct elf_priv *p = d->priv;
	if (!p)
		return;
	lfile_close(&p->lf);
	free(p->segs);
	free(p);
	d->priv = NULL;
}

static const struct reader_ops elf_ops = {
	.name = "ELF",
	.read = elf_read,
	.page_state = elf_page_state,
	.describe = elf_describe,
	.close = elf_close,
};

int elf_open(struct dump *d, struct lfile *lf)
{
	struct elf_priv *p = xcalloc(1, sizeof(*p));
	Elf64_Ehdr eh;
	const char *path = lf->path;

	p->lf = *lf;
	d->priv = p;
	d->ops = &elf_ops;
	path = p->lf.path;
	if (p->lf.size < sizeof(eh)) {
		err_set("%s: ELF header: file too short", path);
		return -1;
	}
	if (lfile_pread(&p->lf, &eh, sizeof(eh), 0, "ELF header") < 0)
		return -1;
	if (eh.e_ident[EI_CLASS] != ELFCLASS64) {
		err_set("%s: ELF header: only 64-bit ELF dumps are supported", path);
		return -1;
	}
	if (eh.e_ident[EI_DATA] != ELFDATA2LSB) {
		err_set("%s: ELF header: only little-endian ELF dumps are supported", path);
		return -1;
	}
	if (eh.e_type != ET_CORE) {
		err_set("%s: ELF header: not a core file (e_type %u)", path, eh.e_type);
		return -1;
	}
	/* A program header table with more than 65535 entries stores its count
	 * in section 0's sh_info (PN_XNUM). */
	uint64_t phnum = eh.e_phnum;
	if (phnum == PN_XNUM) {
		Elf64_Shdr sh;
		if (eh.e_shoff == 0 ||
		    lfile_pread(&p->lf, &sh, sizeof(sh), eh.e_shoff, "section header 0") < 0) {
			err_set("%s: ELF header: PN_XNUM without section header 0", path);
			return -1;
		}
		phnum = sh.sh_info;
	}
	if (eh.e_phentsize != sizeof(Elf64_Phdr) || phnum == 0) {
		err_set("%s: ELF header: bad program header table (entsize %u, count %" PRIu64 ")",
			path, eh.e_phentsize, phnum);
		return -1;
	}
	uint64_t phsize = phnum * sizeof(Elf64_Phdr);
	if (eh.e_phoff > p->lf.size || phsize > p->lf.size - eh.e_phoff) {
		err_set("%s: ELF header: program headers extend past end of file", path);
		return -1;
	}
	Elf64_Phdr *ph = xmalloc(phsize);
	if (lfile_pread(&p->lf, ph, phsize, eh.e_phoff, "program headers") < 0) {
		free(ph);
		return -1;
	}
	p->phnum = (uint16_t)(phnum > 0xffff ? 0xffff : phnum);
	p->segs = xcalloc(phnum, sizeof(*p->segs));
	uint64_t note_total = 0; /* PT_NOTEs may all point at one big range */
	for (uint64_t i = 0; i < phnum; i++) {
		if (ph[i].p_type == PT_NOTE) {
			if (ph[i].p_filesz == 0)
				continue;
			note_total += ph[i].p_filesz;
			if (note_total > READER_NOTES_MAX) {
				err_set("%s: PT_NOTE %" PRIu64 ": notes larger than %u MiB in all",
					path, i, READER_NOTES_MAX >> 20);
				free(ph);
				return -1;
			}
			if (ph[i].p_offset > p->lf.size ||
			    ph[i].p_filesz > p->lf.size - ph[i].p_offset) {
				err_set("%s: PT_NOTE %" PRIu64 ": extends past end of file", path, i);
				free(ph);
				return -1;
			}
			void *nb = xmalloc(ph[i].p_filesz);
			if (lfile_pread(&p->lf, nb, ph[i].p_filesz, ph[i].p_offset, "PT_NOTE") < 0 ||
			    dump_add_notes(d, nb, ph[i].p_filesz, path) < 0) {
				if (d->nr_note_bufs == 0 || d->note_bufs[d->nr_note_bufs - 1] != nb)
					free(nb);
				free(ph);
				return -1;
			}
		} else if (ph[i].p_type == PT_LOAD) {
			if (ph[i].p_memsz == 0)
				continue;
			uint64_t fs = ph[i].p_filesz < ph[i].p_memsz ? ph[i].p_filesz : ph[i].p_memsz;
			if (ph[i].p_offset > p->lf.size || fs > p->lf.size - ph[i].p_offset) {
				err_set("%s: PT_LOAD %" PRIu64 " (paddr %#" PRIx64
					"): data extends past end of file", path, i, ph[i].p_paddr);
				free(ph);
				return -1;
			}
			if (ph[i].p_paddr + ph[i].p_memsz < ph[i].p_paddr) {
				err_set("%s: PT_LOAD %" PRIu64 ": physical range wraps around", path, i);
				free(ph);
				return -1;
			}
			p->segs[p->n++] = (struct elf_seg){ ph[i].p_paddr, ph[i].p_memsz, fs,
							    ph[i].p_offset, ph[i].p_vaddr, 0 };
		}
	}
	free(ph);
	if (p->n == 0) {
		err_set("%s: ELF core has no PT_LOAD segments", path);
		return -1;
	}
	qsort(p->segs, p->n, sizeof(*p->segs), cmp_seg);
	uint64_t m = 0;
	for (size_t i = 0; i < p->n; i++) {
		uint64_t e = p->segs[i].paddr + p->segs[i].memsz;
		if (e > m)
			m = e;
		p->segs[i].maxend = m;
	}
	d->info.format = "ELF";
	d->info.elf_machine = eh.e_machine;
	d->info.max_paddr = m;
	d->info.nr_files = 1;
	d->unit = 4096;
	return 0;
}
