/* Which of the files on the command line is the vmlinux and which are
 * dump files, from their bytes (never their names). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/openfile.h"
#include "shell/filekind.h"

/* An ELF executable with a symbol table or DWARF is a vmlinux. */
static enum file_kind elf_file_kind(int fd, const char *path)
{
	Elf *e;
	GElf_Ehdr eh;
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	bool syms = false;
	enum file_kind kind = FILE_UNKNOWN;

	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || !gelf_getehdr(e, &eh)) {
		err_set("%s: not a valid ELF file", path);
		goto out;
	}
	if (eh.e_type == ET_CORE) {
		kind = FILE_DUMP;
		goto out;
	}
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		err_set("%s: ELF file is neither a kernel nor a dump", path);
		goto out;
	}
	if (elf_getshdrstrndx(e, &shstrndx) == 0) {
		while ((scn = elf_nextscn(e, scn))) {
			GElf_Shdr sh;
			const char *name;

			if (!gelf_getshdr(scn, &sh))
				continue;
			name = elf_strptr(e, shstrndx, sh.sh_name);
			if (sh.sh_type == SHT_SYMTAB || (name && !strcmp(name, ".debug_info")))
				syms = true;
		}
	}
	if (syms)
		kind = FILE_VMLINUX;
	else
		err_set("%s: no symbols or debug information (not a debug vmlinux?)", path);
out:
	if (e)
		elf_end(e);
	return kind;
}

enum file_kind file_kind(const char *path)
{
	unsigned char hdr[16] = {0};
	enum file_kind kind = FILE_UNKNOWN;
	int fd = open_input(path, NULL);
	ssize_t n;

	if (fd < 0)
		return FILE_UNKNOWN;
	n = pread(fd, hdr, sizeof(hdr), 0);
	if (n < 0) {
		err_set("%s: %s", path, strerror(errno));
	} else if (n >= 4 && !memcmp(hdr, ELFMAG, SELFMAG)) {
		kind = elf_file_kind(fd, path);
	} else if (n >= 8 && (!memcmp(hdr, "KDUMP   ", 8) || !memcmp(hdr, "DISKDUMP", 8))) {
		kind = FILE_DUMP;
	} else if (n >= 12 && !memcmp(hdr, "makedumpfile", 12)) {
		kind = FILE_DUMP;
	} else {
		err_set("%s: not a vmlinux or a dump file", path);
	}
	close(fd);
	return kind;
}
