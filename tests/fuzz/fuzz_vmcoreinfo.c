/* libFuzzer target: ELF notes and the VMCOREINFO text in them.  The input
 * is the contents of one PT_NOTE segment of an otherwise fixed ELF core
 * (one page of RAM); the dump is opened, its notes walked, and the
 * VMCOREINFO keys the architecture layer reads are looked up
 * (arch_vmcoreinfo_u64). */
#include "arch/arch_impl.h"
#include "tests/fuzz/fuzz_common.h"

#include <elf.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { const char *key; int base; } keys[] = {
		{ "NUMBER(phys_base)", 10 }, { "KERNELOFFSET", 16 },
		{ "NUMBER(pgtable_l5_enabled)", 10 }, { "SYMBOL(init_top_pgt)", 16 },
		{ "SYMBOL(_stext)", 16 }, { "PAGESIZE", 10 }, { "OSRELEASE", 10 },
		{ "NUMBER(PAGE_OFFSET)", 16 }, { "SIZE(page)", 10 }, { "OFFSET(page.flags)", 10 },
		{ "", 10 }, { "=", 16 },
	};
	size_t hdr = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr), ram = 4096;
	size_t len = hdr + size + ram;
	unsigned char *b = calloc(1, len);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof(*eh));

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 2;
	ph[0].p_type = PT_NOTE;
	ph[0].p_offset = hdr;
	ph[0].p_filesz = size;
	ph[1].p_type = PT_LOAD;
	ph[1].p_offset = hdr + size;
	ph[1].p_filesz = ph[1].p_memsz = ram;
	ph[1].p_vaddr = 0xffff888000000000ull;
	memcpy(b + hdr, data, size);

	char path[64];
	int fd = fuzz_file(b, len, path);
	free(b);
	if (fd < 0)
		return 0;
	const char *p[1] = { path };
	struct dump *d = dump_open(p, 1);
	if (d) {
		const char *vi = dump_vmcoreinfo(d);
		uint64_t v;
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			arch_vmcoreinfo_u64(vi, keys[i].key, keys[i].base, &v);
		fuzz_exercise(d);
		dump_close(d);
	}
	close(fd);
	return 0;
}
