/* tasks_dump VMLINUX VMCORE[,PART...] [-n REPEAT]: print the task table
 * built by kernel-types/tasks.c, one task a line ("pid tgid ppid cpu st
 * flags vsz rss comm"), through the readers and arch layers plus a small
 * symbol and DWARF member lookup of its own (vmlinux ELF symbols, member
 * offsets).  It lets tests/dumps/tasks.sh check the table against
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

#include "arch/arch.h"
#include "common/err.h"
#include "readers/dump.h"
#include "kernel-types/tasks.h"
#include "kernel-types/tasks_kt.h"

struct sym { char *name; uint64_t addr; };
static struct sym *syms;
static size_t nsyms;
static uint64_t koff;
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

/* ---- memory: the real readers and arch layers ---- */
static struct dump *dump;
static struct arch_vm *vm;

int tkt_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	(void)k;
	return arch_read_kvirt(vm, addr, buf, len);
}

int tkt_read_user(struct kernel *k, uint64_t pgd, uint64_t addr, void *buf, size_t len)
{
	(void)k;
	uint64_t pgd_pa = pgd - arch_get_info(vm)->page_offset;
	unsigned char *b = buf;
	while (len) {
		size_t chunk = 4096 - (addr & 4095);
		uint64_t pa;
		if (chunk > len)
			chunk = len;
		if (arch_vtop(vm, pgd_pa, addr, &pa) || dump_read_phys(dump, pa, b, chunk))
			return -1;
		addr += chunk;
		b += chunk;
		len -= chunk;
	}
	return 0;
}

static int sym_unrelocated(void *arg, const char *name, uint64_t *addr)
{
	(void)arg;
	for (size_t i = 0; i < nsyms; i++)
		if (!strcmp(syms[i].name, name)) {
			*addr = syms[i].addr;
			return 0;
		}
	return -1;
}

/* Open the files; also used by a scratch build of crash whose
 * kernel_open() calls it, to look at the commands' output on real dumps.
 * vmcores: one file, or the parts of a split dump. */
int tasks_dump_open(const char *vmlinux, const char *const *vmcores, int n);
int tasks_dump_open(const char *vmlinux, const char *const *vmcores, int n)
{
	if (load_syms(vmlinux))
		return -1;
	if (!(dump = dump_open(vmcores, n)))
		return -1;
	struct arch_setup as = {.dump = dump, .symbol = sym_unrelocated};
	if (!(vm = arch_vm_open(&as)))
		return -1;
	koff = arch_get_info(vm)->kaslr_offset;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: tasks_dump VMLINUX VMCORE[,PART2...] [-n REPEAT]\n");
		return 2;
	}
	int repeat = argc > 4 && !strcmp(argv[3], "-n") ? atoi(argv[4]) : 0;
	const char *parts[8];
	int np = 0;
	for (char *p = strtok(argv[2], ","); p && np < 8; p = strtok(NULL, ","))
		parts[np++] = p;
	if (tasks_dump_open(argv[1], parts, np)) {
		fprintf(stderr, "tasks_dump: cannot open %s: %s\n", argv[2], err_get());
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
