/* arch/ x86_64 on synthetic page tables: a fake dump (all of readers/dump.h
 * defined here, so no real reader is linked) holding 1 MiB of "physical
 * memory", VMCOREINFO text and notes written by each test. */
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/x86_64/regs.h"
#include "common/err.h"
#include "tests/unit/check.h"

#define MEMSZ (1u << 20)
#define P 0x1ULL
#define RW 0x2ULL
#define PSE 0x80ULL
#define PROTNONE 0x100ULL
#define NX (1ULL << 63)

struct dump {
	unsigned char mem[MEMSZ];
	struct dump_info info;
	const char *vmcoreinfo;
	struct dump_note notes[4];
	size_t nnotes;
};

struct dump *dump_open(const char *const *paths, int n) { (void)paths; (void)n; return NULL; }
void dump_close(struct dump *d) { (void)d; }
const struct dump_info *dump_get_info(const struct dump *d) { return &d->info; }
int dump_read_phys(struct dump *d, uint64_t paddr, void *buf, size_t len)
{
	if (paddr >= MEMSZ || len > MEMSZ - paddr) {
		err_set("physical address %" PRIx64 " not in dump", paddr);
		return DUMP_E_NOT_RAM;
	}
	memcpy(buf, d->mem + paddr, len);
	return 0;
}
enum dump_page_state dump_page_state(struct dump *d, uint64_t paddr)
{
	(void)d;
	return paddr < MEMSZ ? DUMP_PAGE_PRESENT : DUMP_PAGE_NOT_RAM;
}
const char *dump_vmcoreinfo(const struct dump *d) { return d->vmcoreinfo; }
/* (the real scan of memory for VMCOREINFO is tests/dumps/arm64.sh's) */
char *dump_find_vmcoreinfo_in_memory(struct dump *d) { (void)d; return NULL; }
int dump_use_vmcoreinfo_in_memory(struct dump *d) { (void)d; return -1; }
size_t dump_notes(const struct dump *d, const struct dump_note **notes)
{
	*notes = d->notes;
	return d->nnotes;
}
void dump_describe(const struct dump *d, void (*emit)(void *, const char *), void *arg)
{
	(void)d;
	emit(arg, "fake");
}

static struct dump *D;

static void put(uint64_t paddr, uint64_t val) { memcpy(D->mem + paddr, &val, 8); }
static unsigned idx(uint64_t va, int shift) { return (unsigned)((va >> shift) & 511); }

static struct dump *fresh(const char *vmcoreinfo)
{
	if (!D)
		D = malloc(sizeof(*D));
	memset(D, 0, sizeof(*D));
	D->info.elf_machine = EM_X86_64;
	D->info.page_size = 4096;
	D->vmcoreinfo = vmcoreinfo;
	return D;
}

static struct arch_vm *open_vm(void)
{
	struct arch_setup s = { .dump = D };
	struct arch_vm *vm = arch_vm_open(&s);
	if (!vm)
		printf("# open: %s\n", err_get());
	return vm;
}

static uint64_t swp_entry(uint64_t type, uint64_t off)
{
	/* The kernel's __swp_entry(): inverted offset, type on top. */
	return ((~off << 14) >> 5) | (type << 59);
}

static void test_4level(void)
{
	/* init_top_pgt at physical 0x1000; phys_base 0. */
	fresh("OSRELEASE=test\nSYMBOL(init_top_pgt)=ffffffff80001000\nNUMBER(phys_base)=0\n"
	      "KERNELOFFSET=0\nNUMBER(pgtable_l5_enabled)=0\n");
	uint64_t va = 0xffffc90000000000ULL, pa;
	put(0x1000 + idx(va, 39) * 8, 0x2000 | P | RW);
	put(0x2000 + 0 * 8, 0x3000 | P | RW);			/* PUD[0] -> PMD */
	put(0x2000 + 1 * 8, 0x40000000 | P | RW | PSE);	/* PUD[1]: 1G page */
	put(0x3000 + 0 * 8, 0x4000 | P | RW);			/* PMD[0] -> PTE */
	put(0x3000 + 1 * 8, 0x200000 | P | RW | PSE);		/* PMD[1]: 2M page */
	put(0x4000 + 5 * 8, 0x10000 | P | RW | NX | 0x60);	/* 4K */
	put(0x4000 + 6 * 8, 0);					/* none */
	put(0x4000 + 7 * 8, swp_entry(3, 0x1234));		/* swapped out */
	put(0x4000 + 8 * 8, (~0x20000ULL & 0x000ffffffffff000ULL) | PROTNONE); /* PROT_NONE */
	put(0x4000 + 9 * 8, 0x30000 | P | PSE);		/* PAT bit, still 4K */
	put(0x4000 + 10 * 8, 0x50000 | P);
	put(0x4000 + 11 * 8, 0x70000 | P);
	memcpy(D->mem + 0x50ffc, "spli", 4);
	memcpy(D->mem + 0x70000, "t!", 3);

	struct arch_vm *vm = open_vm();
	CHECK(vm, "4-level: open from VMCOREINFO");
	if (!vm)
		return;
	const struct arch_info *in = arch_get_info(vm);
	CHECK(in->paging_levels == 4 && in->kernel_pgd_paddr == 0x1000 &&
	      !strcmp(in->kaslr_source, "VMCOREINFO"), "4-level: levels %d, pgd %" PRIx64, in->paging_levels,
	      in->kernel_pgd_paddr);
	CHECK(arch_vtop(vm, 0, va + 5 * 4096 + 0x123, &pa) == 0 && pa == 0x10123, "4K page -> %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + (1 << 21) + 0x1234, &pa) == 0 && pa == 0x201234, "2M page -> %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + (1ULL << 30) + 0x123456, &pa) == 0 && pa == 0x40123456, "1G page -> %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + 6 * 4096, &pa) < 0 && strstr(err_get(), "PTE not present"),
	      "empty PTE: %s", err_get());
	CHECK(arch_vtop(vm, 0, va + 2 * (1ULL << 30), &pa) < 0 && strstr(err_get(), "PUD not present"),
	      "empty PUD: %s", err_get());
	CHECK(arch_vtop(vm, 0, va + 7 * 4096, &pa) < 0 && strstr(err_get(), "swap entry type 3 offset 4660"),
	      "swap entry: %s", err_get());
	CHECK(arch_vtop(vm, 0, va + 8 * 4096 + 8, &pa) == 0 && pa == 0x20008, "PROT_NONE page (inverted PFN) -> %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + 9 * 4096, &pa) == 0 && pa == 0x30000, "PAT bit in a PTE is not a huge page");
	CHECK(arch_vtop(vm, 0, 0x0000800000000000ULL, &pa) < 0 && strstr(err_get(), "canonical"),
	      "non-canonical: %s", err_get());
	char buf[8] = "";
	CHECK(arch_read_kvirt(vm, va + 10 * 4096 + 4092, buf, 7) == 0 && !strcmp(buf, "split!"),
	      "read across two non-contiguous pages: '%s'", buf);
	CHECK(arch_vtop(vm, 0, 0xffffffff80005010ULL, &pa) == 0 && pa == 0x5010, "kernel text -> %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, in->page_offset + 0x7000, &pa) == 0 && pa == 0x7000, "direct map -> %" PRIx64, pa);
	CHECK(arch_ptov(vm, 0x7000) == in->page_offset + 0x7000, "ptov");
	CHECK(arch_is_kvaddr(vm, va) && !arch_is_kvaddr(vm, 0x400000), "is_kvaddr");

	struct arch_walk w;
	CHECK(arch_vtop_walk(vm, 0, va + 7 * 4096, &w) == 0 && w.nsteps == 4 && !w.present && w.swap &&
	      w.swap_type == 3 && w.swap_offset == 0x1234 && !strcmp(w.step[3].level, "PTE") &&
	      w.step[3].entry_paddr == 0x4000 + 7 * 8 && w.step[3].entry_vaddr == in->page_offset + 0x4038,
	      "walk of a swap entry: %d steps", w.nsteps);
	CHECK(arch_vtop_walk(vm, 0, va + (1 << 21), &w) == 0 && w.nsteps == 3 && w.present &&
	      w.page_size == (1 << 21) && !strcmp(w.step[2].level, "PMD"), "walk stops at a 2M PMD");
	CHECK(arch_vtop_walk(vm, 0, va + 6 * 4096, &w) == 0 && !w.present && !w.swap, "empty PTE: not swap");

	char fl[128];
	arch_pte_flags(vm, 0x8000000000000063ULL, fl, sizeof(fl));
	CHECK(!strcmp(fl, "(PRESENT|RW|ACCESSED|DIRTY|NX)"), "flags %s", fl);
	arch_pte_flags(vm, PROTNONE | 0x20, fl, sizeof(fl));
	CHECK(!strcmp(fl, "(ACCESSED|PROTNONE)"), "flags %s", fl);
	arch_pte_flags(vm, 0, fl, sizeof(fl));
	CHECK(!strcmp(fl, "(none)"), "flags %s", fl);
	arch_pte_flags(vm, 0x8000000000000063ULL, fl, 6);
	CHECK(strlen(fl) == 5, "flags truncated to the buffer");

	/* A page table pointing outside the dump gives an error, not a crash. */
	put(0x4000 + 12 * 8, 0x7fff0000000ULL | P);
	put(0x3000 + 2 * 8, 0x7fff0000000ULL | P);
	CHECK(arch_read_kvirt(vm, va + 12 * 4096, buf, 4) < 0, "page outside the dump: %s", err_get());
	CHECK(arch_vtop(vm, 0, va + 2 * (1 << 21), &pa) < 0, "table outside the dump: %s", err_get());
	arch_vm_close(vm);
}

static void test_5level(void)
{
	fresh("SYMBOL(init_top_pgt)=ffffffff80001000\nNUMBER(phys_base)=0\nKERNELOFFSET=0\n"
	      "NUMBER(pgtable_l5_enabled)=1\n");
	uint64_t va = 0xffa0000000000000ULL + 0x3000, pa;
	put(0x1000 + idx(va, 48) * 8, 0x2000 | P);
	put(0x2000 + idx(va, 39) * 8, 0x3000 | P);
	put(0x3000 + idx(va, 30) * 8, 0x4000 | P);
	put(0x4000 + idx(va, 21) * 8, 0x5000 | P);
	put(0x5000 + idx(va, 12) * 8, 0x9000 | P);
	struct arch_vm *vm = open_vm();
	CHECK(vm && arch_get_info(vm)->paging_levels == 5, "5-level: open");
	if (!vm)
		return;
	CHECK(arch_vtop(vm, 0, va + 0x10, &pa) == 0 && pa == 0x9010, "5-level 4K page -> %" PRIx64, pa);
	struct arch_walk w;
	CHECK(arch_vtop_walk(vm, 0, va, &w) == 0 && w.nsteps == 5 && !strcmp(w.step[1].level, "P4D"),
	      "5-level walk has PGD P4D PUD PMD PTE");
	/* bit 56 set without the bits above it: not canonical with 57 bits. */
	CHECK(arch_vtop(vm, 0, 0x0100000000000000ULL, &pa) < 0 && strstr(err_get(), "canonical"),
	      "5-level non-canonical: %s", err_get());
	arch_vm_close(vm);
}

static unsigned char qemu_note[440], prstatus[336];

static void test_cpu_state(void)
{
	/* No VMCOREINFO: CR3 -> tables mapping the kernel 32M above its link
	 * address with 2M pages, at physical 16M. */
	fresh(NULL);
	uint64_t text = 0xffffffff81000000ULL + 0x2000000, pa, v;
	put(0x1000 + 511 * 8, 0x2000 | P);
	put(0x2000 + 510 * 8, 0x3000 | P);
	put(0x3000 + idx(text, 21) * 8, 0x1000000 | P | PSE);
	put(0x3000 + idx(text, 21) * 8 + 8, 0x1200000 | P | PSE);
	uint32_t ver = 1, sz = sizeof(qemu_note);
	memcpy(qemu_note, &ver, 4);
	memcpy(qemu_note + 4, &sz, 4);
	v = 0xffffffff81234567ULL;			/* rip */
	memcpy(qemu_note + 8 + 16 * 8, &v, 8);
	v = 0x1000;					/* cr3 */
	memcpy(qemu_note + 392 + 3 * 8, &v, 8);
	D->notes[0] = (struct dump_note){ .name = "QEMU", .type = 0, .desc = qemu_note, .descsz = sizeof(qemu_note) };
	D->nnotes = 1;

	struct arch_vm *vm = open_vm();
	CHECK(vm, "CPU state: open without VMCOREINFO");
	if (!vm)
		return;
	const struct arch_info *in = arch_get_info(vm);
	CHECK(in->kaslr_offset == 0x2000000 && in->phys_base == (uint64_t)-0x2000000 &&
	      !strcmp(in->kaslr_source, "CPU state"), "CPU state: kaslr %" PRIx64 " phys_base %" PRIx64,
	      in->kaslr_offset, in->phys_base);
	CHECK(arch_vtop(vm, 0, text + 0x300000, &pa) == 0 && pa == 0x1300000, "text after KASLR (second 2M page) -> %" PRIx64, pa);

	struct arch_regs r;
	CHECK(arch_cpu_regs(vm, 0, &r) == 1 && r.valid && r.r[X86_64_IP] == 0xffffffff81234567ULL &&
		      r.r[X86_64_CR3] == 0x1000,
	      "registers from the QEMU note: ip %" PRIx64 " cr3 %" PRIx64, r.r[X86_64_IP],
	      r.r[X86_64_CR3]);
	CHECK(arch_reg(vm, &r, ARCH_REG_PC) == r.r[X86_64_IP] && arch_reg_number(vm, "cr3") == X86_64_CR3 &&
		      !strcmp(arch_reg_name(vm, X86_64_SP), "rsp") && arch_reg_number(vm, "pc") < 0,
	      "registers by role and by name");
	/* NT_PRSTATUS takes precedence for the general registers. */
	v = 0xffffffff8abcdef0ULL;
	memcpy(prstatus + 112 + 16 * 8, &v, 8);
	v = 0x10;
	memcpy(prstatus + 112 + 17 * 8, &v, 8);
	D->notes[1] = (struct dump_note){ .name = "CORE", .type = NT_PRSTATUS, .desc = prstatus, .descsz = sizeof(prstatus) };
	D->nnotes = 2;
	CHECK(arch_cpu_regs(vm, 0, &r) == 1 && r.r[X86_64_IP] == 0xffffffff8abcdef0ULL &&
		      r.r[X86_64_CS] == 0x10 && r.r[X86_64_CR3] == 0x1000,
	      "registers from NT_PRSTATUS, CR3 from QEMU");
	char blk[1024];
	arch_regs_format(vm, &r, true, "  ", blk, sizeof(blk));
	CHECK(!strcmp(blk, "  RIP: ffffffff8abcdef0  RSP: 0000000000000000  RFLAGS: 00000000\n"
			   "  CS: 0010  SS: 0000\n"), "the iret part as crash prints it: %s", blk);
	arch_regs_format(vm, &r, false, "", blk, sizeof(blk));
	CHECK(strstr(blk, "\nORIG_RAX: ") && strstr(blk, "  CS: 0010  SS: 0000\n") &&
		      !strncmp(blk, "RIP: ", 5), "the whole block ends with ORIG_RAX, CS and SS");
	CHECK(arch_cpu_regs(vm, 1, &r) == 1 && !r.valid, "no CPU 1");
	arch_vm_close(vm);

	/* The user's --kaslr: phys_base from the tables. */
	struct arch_setup s = { .dump = D, .kaslr = "0x2000000" };
	vm = arch_vm_open(&s);
	CHECK(vm && arch_get_info(vm)->phys_base == (uint64_t)-0x2000000, "--kaslr 0x2000000");
	arch_vm_close(vm);
	s.kaslr = "zz";
	CHECK(!arch_vm_open(&s) && strstr(err_get(), "--kaslr"), "bad --kaslr: %s", err_get());

	/* A QEMU note shorter than the state it claims is ignored. */
	D->notes[0].descsz = 100;
	D->nnotes = 1;
	CHECK(!open_vm(), "truncated QEMU note: %s", err_get());
	D->nnotes = 0;
	CHECK(!open_vm() && strstr(err_get(), "neither"), "no VMCOREINFO, no notes: %s", err_get());
	fresh("OSRELEASE=x\n");
	CHECK(!open_vm() && strstr(err_get(), "phys_base"), "VMCOREINFO without phys_base: %s", err_get());
	fresh(NULL);
	D->info.elf_machine = EM_PPC64;
	CHECK(!open_vm() && strstr(err_get(), "unsupported"), "other machine: %s", err_get());
}

int main(void)
{
	test_4level();
	test_5level();
	test_cpu_state();
	free(D);
	CHECK_DONE();
}
