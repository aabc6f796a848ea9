/* tasks_dump VMLINUX VMCORE.elf [-n REPEAT]: print the task table built by
 * kernel-types/tasks.c, one task a line ("pid tgid ppid cpu st flags comm"),
 * through a small self-contained reader of its own (vmlinux ELF symbols,
 * DWARF member offsets, an ELF core with VMCOREINFO, 4/5-level page
 * tables).  It lets tests/dumps/tasks.sh check the table against
 * truth.json before the kernel-types reader is merged, and times repeated
 * table builds (-n). */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "kernel-types/tasks.h"
#include "kernel-types/tasks_kt.h"

struct sym { char *name; uint64_t addr; };
static struct sym *syms;
static size_t nsyms;
static uint64_t koff, phys_base, pob, top_pgt_pa;
static int levels = 4;
static unsigned char *core;
static size_t core_len;
struct seg { uint64_t pa, len, off; };
static struct seg segs[64];
static int nsegs;
static Dwarf *dw;

static int load_syms(const char *path)
{
	int fd = open(path, O_RDONLY);
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		gelf_getshdr(scn, &sh);
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		size_t n = sh.sh_size / sh.sh_entsize;
		syms = calloc(n, sizeof(*syms));
		for (size_t i = 0; i < n; i++) {
			GElf_Sym s;
			gelf_getsym(d, (int)i, &s);
			const char *nm = elf_strptr(e, sh.sh_link, s.st_name);
			if (!nm || !*nm || !s.st_value)
				continue;
			syms[nsyms].name = strdup(nm);
			syms[nsyms++].addr = s.st_value;
		}
	}
	dw = dwarf_begin_elf(e, DWARF_C_READ, NULL);
	return dw ? 0 : -1;
}

uint64_t tkt_symbol(struct kernel *k, const char *name)
{
	(void)k;
	for (size_t i = 0; i < nsyms; i++)
		if (!strcmp(syms[i].name, name))
			return syms[i].addr + (syms[i].addr >= 0xffffffff00000000ull ? koff : 0);
	return 0;
}

/* ---- DWARF ---- */
struct tcache { char *name; Dwarf_Die die; int ok; };
static struct tcache tc[256];
static int ntc;

static int find_struct(const char *name, Dwarf_Die *out)
{
	for (int i = 0; i < ntc; i++)
		if (!strcmp(tc[i].name, name)) {
			*out = tc[i].die;
			return tc[i].ok ? 0 : -1;
		}
	Dwarf_Off off = 0, next;
	size_t hsz;
	int ok = 0;
	while (!ok && dwarf_nextcu(dw, off, &next, &hsz, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, c;
		if (dwarf_offdie(dw, off + hsz, &cu) && dwarf_child(&cu, &c) == 0) {
			do {
				int tag = dwarf_tag(&c);
				if ((tag == DW_TAG_structure_type || tag == DW_TAG_union_type) &&
				    !dwarf_hasattr(&c, DW_AT_declaration)) {
					const char *n = dwarf_diename(&c);
					if (n && !strcmp(n, name)) {
						*out = c;
						ok = 1;
						break;
					}
				}
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		off = next;
	}
	if (ntc < 256) {
		tc[ntc].name = strdup(name);
		tc[ntc].die = *out;
		tc[ntc++].ok = ok;
	}
	return ok ? 0 : -1;
}

static int strip(Dwarf_Die *t)
{
	Dwarf_Attribute a;
	while (dwarf_tag(t) == DW_TAG_typedef || dwarf_tag(t) == DW_TAG_const_type ||
	       dwarf_tag(t) == DW_TAG_volatile_type) {
		if (!dwarf_attr(t, DW_AT_type, &a) || !dwarf_formref_die(&a, t))
			return -1;
	}
	return 0;
}

/* member name in struct die (searching anonymous members); off added */
static int find_member(Dwarf_Die *st, const char *name, long *off, Dwarf_Die *type)
{
	Dwarf_Die c;
	if (dwarf_child(st, &c))
		return -1;
	do {
		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		Dwarf_Word loc = 0;
		Dwarf_Attribute a;
		if (dwarf_attr(&c, DW_AT_data_member_location, &a))
			dwarf_formudata(&a, &loc);
		const char *n = dwarf_diename(&c);
		Dwarf_Die t;
		if (!dwarf_attr(&c, DW_AT_type, &a) || !dwarf_formref_die(&a, &t))
			continue;
		if (n && !strcmp(n, name)) {
			*off += (long)loc;
			*type = t;
			return 0;
		}
		if (!n) {
			Dwarf_Die s = t;
			long o2 = *off + (long)loc;
			if (!strip(&s) && !find_member(&s, name, &o2, type)) {
				*off = o2;
				return 0;
			}
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return -1;
}

int tkt_member(struct kernel *k, const char *type, const char *member, long *offp, long *sizep)
{
	(void)k;
	Dwarf_Die st, t;
	if (find_struct(type, &st))
		return -1;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", member);
	long off = 0;
	for (char *p = strtok(buf, "."); p; p = strtok(NULL, ".")) {
		if (find_member(&st, p, &off, &t))
			return -1;
		st = t;
		strip(&st);
	}
	if (offp)
		*offp = off;
	if (sizep) {
		Dwarf_Word sz = 0;
		if (dwarf_aggregate_size(&t, &sz))
			sz = 0;
		*sizep = (long)sz;
	}
	return 0;
}

int tkt_type_size(struct kernel *k, const char *type, long *size)
{
	(void)k;
	Dwarf_Die st;
	Dwarf_Word sz;
	if (find_struct(type, &st) || dwarf_aggregate_size(&st, &sz))
		return -1;
	*size = (long)sz;
	return 0;
}

/* ---- memory ---- */
static int rdpa(uint64_t pa, void *buf, size_t len)
{
	for (int i = 0; i < nsegs; i++)
		if (pa >= segs[i].pa && pa + len <= segs[i].pa + segs[i].len) {
			memcpy(buf, core + segs[i].off + (pa - segs[i].pa), len);
			return 0;
		}
	err_set("physical address %llx not in the dump", (unsigned long long)pa);
	return -1;
}

static int vtop(uint64_t va, uint64_t *pa)
{
	if (va >= 0xffffffff80000000ull) {
		*pa = va - 0xffffffff80000000ull + phys_base;
		return 0;
	}
	if (pob && va >= pob && va < pob + (1ull << 46)) {
		*pa = va - pob;
		return 0;
	}
	uint64_t t = top_pgt_pa;
	for (int l = levels; l >= 1; l--) {
		int sh = 12 + 9 * (l - 1);
		uint64_t e;
		if (rdpa((t & 0xffffffffff000ull) + 8 * ((va >> sh) & 511), &e, 8) || !(e & 1))
			return -1;
		if (l <= 3 && l >= 2 && (e & 0x80)) {
			*pa = (e & 0xffffffffff000ull & ~((1ull << sh) - 1)) | (va & ((1ull << sh) - 1));
			return 0;
		}
		t = e;
	}
	*pa = (t & 0xffffffffff000ull) | (va & 4095);
	return 0;
}

int tkt_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	(void)k;
	unsigned char *b = buf;
	while (len) {
		size_t chunk = 4096 - (addr & 4095);
		if (chunk > len)
			chunk = len;
		uint64_t pa;
		if (vtop(addr, &pa) || rdpa(pa, b, chunk)) {
			err_set("cannot read %llx", (unsigned long long)addr);
			return -1;
		}
		addr += chunk;
		b += chunk;
		len -= chunk;
	}
	return 0;
}

static const char *vmci(const char *key)
{
	const char *p = memmem(core, core_len < (1 << 20) ? core_len : (1 << 20), key, strlen(key));
	return p ? p + strlen(key) : NULL;
}

/* Open the files; also used by a scratch build of crash whose
 * kernel_open() calls it, to look at the commands' output on real dumps. */
int tasks_dump_open(const char *vmlinux, const char *vmcore);
int tasks_dump_open(const char *vmlinux, const char *vmcore)
{
	int fd = open(vmcore, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st))
		return -1;
	core_len = st.st_size;
	core = mmap(NULL, core_len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (core == MAP_FAILED || core_len < sizeof(Elf64_Ehdr) || memcmp(core, ELFMAG, 4))
		return -1;
	Elf64_Ehdr *eh = (Elf64_Ehdr *)core;
	for (int i = 0; i < eh->e_phnum && nsegs < 64; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(core + eh->e_phoff + i * eh->e_phentsize);
		if (ph->p_type == PT_LOAD)
			segs[nsegs++] = (struct seg){ph->p_paddr, ph->p_filesz, ph->p_offset};
	}
	const char *v;
	if ((v = vmci("KERNELOFFSET=")))
		koff = strtoull(v, NULL, 16);
	if ((v = vmci("NUMBER(phys_base)=")))
		phys_base = strtoull(v, NULL, 10);
	if ((v = vmci("NUMBER(pgtable_l5_enabled)=")))
		levels = atoi(v) ? 5 : 4;
	if (load_syms(vmlinux))
		return -1;
	uint64_t a = tkt_symbol(NULL, "page_offset_base");
	tkt_read(NULL, a, &pob, 8);
	top_pgt_pa = tkt_symbol(NULL, "init_top_pgt") - 0xffffffff80000000ull + phys_base;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tasks_dump VMLINUX VMCORE.elf [-n REPEAT]\n");
		return 2;
	}
	int repeat = argc > 4 && !strcmp(argv[3], "-n") ? atoi(argv[4]) : 0;
	if (tasks_dump_open(argv[1], argv[2])) {
		fprintf(stderr, "tasks_dump: cannot open %s %s\n", argv[1], argv[2]);
		return 2;
	}
	struct kernel *k = (struct kernel *)&syms; /* any non-NULL key */
	struct timespec t0, t1;
	long n = ktask_count(k);
	if (n < 0) {
		fprintf(stderr, "tasks_dump: %s\n", err_get());
		return 1;
	}
	if (repeat) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < repeat; i++) {
			ktasks_forget(k);
			ktask_count(k);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("# %d builds of %ld tasks: %.3f ms each\n", repeat, n,
		       ((t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6) / repeat);
	}
	const struct ktask *p = ktask_panic(k);
	printf("# ncpus %d online %d panic %d\n", ktask_ncpus(k), ktask_nonline(k), p ? p->pid : -1);
	for (long i = 0; i < n; i++) {
		const struct ktask *t = ktask_at(k, i);
		struct ktask_mem m;
		ktask_mem(k, t, &m);
		printf("%d %d %d %d %s %c%c%c %llu %llu %s\n", t->pid, t->tgid, t->ppid, t->cpu, t->st,
		       t->active ? 'A' : '-', t->kthread ? 'K' : '-', t->idle ? 'I' : '-',
		       (unsigned long long)m.vsz_kb, (unsigned long long)m.rss_kb, t->comm);
	}
	return 0;
}
