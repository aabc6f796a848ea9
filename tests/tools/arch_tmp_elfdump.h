/* TEMPORARY, for arch tests only: a bare ELF-vmcore implementation of
 * readers/dump.h until the real readers/ is merged into main.  Included
 * by tests/tools/arch_probe.c only.  It defines every function of dump.h
 * so that no readers/ object is linked in beside it.  Remove once readers/
 * can open ELF dumps. */
#ifndef ARCH_TMP_ELFDUMP_H
#define ARCH_TMP_ELFDUMP_H

#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "readers/dump.h"

struct dump {
	const unsigned char *map;
	size_t size;
	struct dump_info info;
	struct dump_note *notes;
	size_t nnotes;
	char *vmcoreinfo;
};

static int tmp_phdrs(const struct dump *d, const Elf64_Phdr **ph, int *n)
{
	const Elf64_Ehdr *eh = (const void *)d->map;
	if (eh->e_phoff > d->size || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > d->size - eh->e_phoff)
		return -1;
	*ph = (const void *)(d->map + eh->e_phoff);
	*n = eh->e_phnum;
	return 0;
}

struct dump *dump_open(const char *const *paths, int n)
{
	struct stat sb;
	struct dump *d;
	const Elf64_Phdr *ph;
	int fd, nph;

	if (n != 1) {
		err_set("tmp reader: one file only");
		return NULL;
	}
	fd = open(paths[0], O_RDONLY);
	if (fd < 0 || fstat(fd, &sb) < 0) {
		err_set("%s: cannot open", paths[0]);
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->size = (size_t)sb.st_size;
	d->map = mmap(NULL, d->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (d->map == MAP_FAILED || d->size < sizeof(Elf64_Ehdr) || memcmp(d->map, ELFMAG, SELFMAG) ||
	    tmp_phdrs(d, &ph, &nph)) {
		err_set("%s: not an ELF64 vmcore", paths[0]);
		free(d);
		return NULL;
	}
	d->info.format = "ELF";
	d->info.compression = "none";
	d->info.page_size = d->info.block_size = 4096;
	d->info.elf_machine = ((const Elf64_Ehdr *)d->map)->e_machine;
	d->info.nr_files = 1;
	d->info.dump_level = -1;
	d->info.utsname_release = "";
	for (int i = 0; i < nph; i++) {
		uint64_t off = ph[i].p_offset, end;
		if (ph[i].p_type != PT_NOTE || off > d->size || ph[i].p_filesz > d->size - off)
			continue;
		end = off + ph[i].p_filesz;
		while (off + 12 <= end) {
			const Elf64_Nhdr *nh = (const void *)(d->map + off);
			uint64_t name = off + 12, desc = name + ((nh->n_namesz + 3) & ~3U);
			uint64_t next = desc + ((nh->n_descsz + 3ULL) & ~3ULL);
			struct dump_note *dn;
			if (next > end)
				break;
			d->notes = xreallocarray(d->notes, d->nnotes + 1, sizeof(*d->notes));
			dn = &d->notes[d->nnotes++];
			memset(dn, 0, sizeof(*dn));
			memcpy(dn->name, d->map + name, nh->n_namesz < 31 ? nh->n_namesz : 31);
			dn->type = nh->n_type;
			dn->desc = d->map + desc;
			dn->descsz = nh->n_descsz;
			if (!strcmp(dn->name, "VMCOREINFO") && !d->vmcoreinfo)
				d->vmcoreinfo = xstrndup(dn->desc, dn->descsz);
			if (!strcmp(dn->name, "CORE") && dn->type == NT_PRSTATUS)
				d->info.nr_cpus++;
			off = next;
		}
	}
	return d;
}

void dump_close(struct dump *d)
{
	if (!d)
		return;
	munmap((void *)d->map, d->size);
	free(d->notes);
	free(d->vmcoreinfo);
	free(d);
}

const struct dump_info *dump_get_info(const struct dump *d) { return &d->info; }

int dump_read_phys(struct dump *d, uint64_t paddr, void *buf, size_t len)
{
	const Elf64_Phdr *ph = NULL;
	unsigned char *out = buf;
	int nph = 0;

	if (tmp_phdrs(d, &ph, &nph))
		return DUMP_E_CORRUPT;
	while (len) {
		int i;
		for (i = 0; i < nph; i++) {
			if (ph[i].p_type != PT_LOAD || paddr < ph[i].p_paddr ||
			    paddr - ph[i].p_paddr >= ph[i].p_filesz)
				continue;
			uint64_t in = paddr - ph[i].p_paddr, n = ph[i].p_filesz - in;
			if (n > len)
				n = len;
			if (ph[i].p_offset + in + n > d->size) {
				err_set("paddr %llx: past end of file", (unsigned long long)paddr);
				return DUMP_E_IO;
			}
			memcpy(out, d->map + ph[i].p_offset + in, n);
			out += n;
			paddr += n;
			len -= n;
			break;
		}
		if (i == nph) {
			err_set("physical address %llx not in dump", (unsigned long long)paddr);
			return DUMP_E_NOT_RAM;
		}
	}
	return 0;
}

enum dump_page_state dump_page_state(struct dump *d, uint64_t paddr)
{
	unsigned char b;
	return dump_read_phys(d, paddr, &b, 1) ? DUMP_PAGE_NOT_RAM : DUMP_PAGE_PRESENT;
}

const char *dump_vmcoreinfo(const struct dump *d) { return d->vmcoreinfo; }

size_t dump_notes(const struct dump *d, const struct dump_note **notes)
{
	*notes = d->notes;
	return d->nnotes;
}

void dump_describe(const struct dump *d, void (*emit)(void *arg, const char *line), void *arg)
{
	(void)d;
	emit(arg, "temporary ELF reader");
}

#endif
