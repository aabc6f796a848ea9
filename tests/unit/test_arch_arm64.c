/* arch/ arm64 on synthetic translation tables: a fake dump (readers/dump.h
 * defined here, as in test_arch.c) of 1 MiB of "physical memory" and the
 * VMCOREINFO each test writes: 4K pages with 4 levels (pages, 2M and 1G
 * blocks, swap entries, a user table, the PAC bits of a saved pc), 16K
 * with 3 levels, 64K with 3 levels and 52-bit output addresses, and 4K
 * LPA2 with 5 levels. */
#include <elf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/arm64/regs.h"
#include "common/err.h"
#include "tests/unit/check.h"

#define MEMSZ (1u << 20)
#define TABLE 3ULL	/* valid table (or page at the last level) */
#define BLOCK 1ULL
#define AF (1ULL << 10)

struct dump {
	unsigned char mem[MEMSZ];
	struct dump_info info;
	const char *vmcoreinfo;
	struct dump_note notes[2];
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
/* Index of va in the table of the level whose entries map 1 << shift. */
static uint64_t ix(uint64_t va, int shift, int bits) { return (va >> shift) & ((1ULL << bits) - 1); }

static struct arch_vm *open_vm(const char *vmcoreinfo, uint32_t psz)
{
	if (!D)
		D = malloc(sizeof(*D));
	memset(D, 0, sizeof(*D));
	D->info.elf_machine = EM_AARCH64;
	D->info.page_size = psz;
	D->vmcoreinfo = vmcoreinfo;
	struct arch_setup s = { .dump = D };
	struct arch_vm *vm = arch_vm_open(&s);
	if (!vm)
		printf("# open: %s\n", err_get());
	return vm;
}

static void test_4k_48(void)
{
	/* the kernel image at 0xffff800008000000 is physical 0; swapper_pg_dir
	 * at 0x1000; the linear map starts at PHYS_OFFSET 0x40000000 */
	static const char vi[] = "OSRELEASE=test\nPAGESIZE=4096\nNUMBER(VA_BITS)=48\n"
		"NUMBER(TCR_EL1_T1SZ)=0x10\nNUMBER(kimage_voffset)=0xffff800008000000\n"
		"NUMBER(PHYS_OFFSET)=0x40000000\nKERNELOFFSET=0\n"
		"NUMBER(KERNELPACMASK)=0xffff000000000000\n"
		"SYMBOL(_stext)=ffff800008000000\nSYMBOL(swapper_pg_dir)=ffff800008001000\n";
	struct arch_vm *vm = open_vm(vi, 4096);
	CHECK(vm != NULL, "4K/48: opened");
	if (!vm)
		return;
	const struct arch_info *in = arch_get_info(vm);
	CHECK(in->paging_levels == 4 && in->kernel_pgd_paddr == 0x1000 && in->page_size == 4096,
	      "4K/48: 4 levels, swapper_pg_dir at 0x1000 (%d, %" PRIx64 ")", in->paging_levels,
	      in->kernel_pgd_paddr);
	uint64_t va = 0xffff800020005000ULL, pa = 0;
	put(0x1000 + ix(va, 39, 9) * 8, 0x2000 | TABLE);
	put(0x2000 + ix(va, 30, 9) * 8, 0x3000 | TABLE);
	put(0x2000 + (ix(va, 30, 9) + 1) * 8, 0x80000000ULL | BLOCK | AF);	/* 1G block */
	put(0x3000 + ix(va, 21, 9) * 8, 0x4000 | TABLE);
	put(0x3000 + (ix(va, 21, 9) + 1) * 8, 0x200000 | BLOCK | AF);	/* 2M block */
	put(0x4000 + ix(va, 12, 9) * 8, 0x10000 | TABLE | AF | (1ULL << 53) | (1ULL << 54));
	put(0x4000 + (ix(va, 12, 9) + 1) * 8, (2ULL << 3) | (0x1234ULL << 8));	/* swap */
	CHECK(arch_vtop(vm, 0, va + 0x123, &pa) == 0 && pa == 0x10123, "4K page: %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + (1 << 21) + 0x4567, &pa) == 0 && pa == 0x209567,
	      "2M block: %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + (1ULL << 30) + 0x89abc, &pa) == 0 && pa == 0xa008eabc,
	      "1G block: %" PRIx64, pa);
	struct arch_walk w;
	CHECK(arch_vtop_walk(vm, 0, va + 0x1000, &w) == 0 && !w.present && w.swap &&
	      w.swap_type == 2 && w.swap_offset == 0x1234 && w.nsteps == 4,
	      "swap entry: type %" PRIu64 " offset %" PRIx64, w.swap_type, w.swap_offset);
	CHECK(arch_vtop_walk(vm, 0, va, &w) == 0 && !strcmp(w.step[0].level, "PGD") &&
	      !strcmp(w.step[3].level, "PTE") && w.page_size == 4096, "walk names PGD..PTE");
	char flags[128];
	arch_pte_flags(vm, w.step[3].value, flags, sizeof(flags));
	CHECK(!strcmp(flags, "(VALID|AF|PXN|UXN)"), "PTE flags %s", flags);
	CHECK(arch_vtop(vm, 0, va + 0x200000000ULL, &pa) < 0, "unmapped: %s", err_get());
	/* the linear map and the kernel image, without tables */
	CHECK(arch_vtop(vm, 0, 0xffff000000001234ULL, &pa) == 0 && pa == 0x40001234,
	      "linear map: %" PRIx64, pa);
	CHECK(arch_ptov(vm, 0x40001234) == 0xffff000000001234ULL, "ptov: %" PRIx64,
	      arch_ptov(vm, 0x40001234));
	CHECK(arch_vtop(vm, 0, 0xffff800008012345ULL, &pa) == 0 && pa == 0x12345,
	      "kernel image: %" PRIx64, pa);
	/* a user table: TTBR0's, never the kernel's */
	uint64_t ua = 0x400000;
	put(0x8000, 0x9000 | TABLE);
	put(0x9000, 0xa000 | TABLE);
	put(0xa000 + ix(ua, 21, 9) * 8, 0xb000 | TABLE);
	put(0xb000, 0x20000 | TABLE | AF | (1ULL << 6));
	CHECK(arch_vtop(vm, 0x8000, ua + 8, &pa) == 0 && pa == 0x20008, "user page: %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, ua, &pa) < 0 && strstr(err_get(), "not a kernel address"),
	      "user address through swapper_pg_dir: %s", err_get());
	CHECK(arch_vtop(vm, 0x8000, va + 0x123, &pa) == 0 && pa == 0x10123,
	      "kernel address with a user table walks the kernel's");
	CHECK(!arch_is_kvaddr(vm, ua) && arch_is_kvaddr(vm, va), "kernel and user halves");
	/* NT_PRSTATUS: x0-x30, sp, pc, pstate at 112; the PAC of pc and lr
	 * stripped */
	static unsigned char pr[392];
	uint64_t regs[34] = {0};
	regs[ARM64_PC] = 0x5aaa800008012345ULL;	/* bit 55 set: a kernel pointer */
	regs[ARM64_LR] = 0x00d5800008012000ULL | (1ULL << 55);
	regs[ARM64_SP] = 0xffff800020004000ULL;
	memcpy(pr + 112, regs, sizeof(regs));
	D->notes[0] = (struct dump_note){ .name = "CORE", .type = NT_PRSTATUS, .desc = pr,
					  .descsz = sizeof(pr) };
	D->nnotes = 1;
	struct arch_regs r;
	CHECK(arch_cpu_regs(vm, 0, &r) == 1 && r.valid, "one CPU's registers");
	CHECK(arch_reg(vm, &r, ARCH_REG_PC) == 0xffff800008012345ULL &&
	      r.r[ARM64_LR] == 0xffff800008012000ULL && arch_reg(vm, &r, ARCH_REG_SP) == regs[ARM64_SP],
	      "PAC bits stripped: pc %" PRIx64 " lr %" PRIx64, arch_reg(vm, &r, ARCH_REG_PC),
	      r.r[ARM64_LR]);
	CHECK(arch_reg_number(vm, "x29") == ARM64_FP && !strcmp(arch_reg_name(vm, ARM64_PC), "pc"),
	      "register names");
	arch_vm_close(vm);
}

static void test_16k_47(void)
{
	static const char vi[] = "PAGESIZE=16384\nNUMBER(VA_BITS)=47\nNUMBER(TCR_EL1_T1SZ)=0x11\n"
		"NUMBER(kimage_voffset)=0xffffc00008000000\nNUMBER(PHYS_OFFSET)=0\n"
		"SYMBOL(_stext)=ffffc00008000000\nSYMBOL(swapper_pg_dir)=ffffc00008004000\n";
	struct arch_vm *vm = open_vm(vi, 16384);
	CHECK(vm && arch_get_info(vm)->paging_levels == 3, "16K/47: 3 levels");
	if (!vm)
		return;
	uint64_t va = 0xffffc00040004abcULL, pa = 0;
	put(0x4000 + ix(va, 36, 11) * 8, 0x8000 | TABLE);
	put(0x8000 + ix(va, 25, 11) * 8, 0xc000 | TABLE);
	put(0x8000 + (ix(va, 25, 11) + 1) * 8, 0x2000000 | BLOCK | AF);	/* 32M block */
	put(0xc000 + ix(va, 14, 11) * 8, 0x40000 | TABLE | AF);
	CHECK(arch_vtop(vm, 0, va, &pa) == 0 && pa == 0x40abc, "16K page: %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + (1 << 25), &pa) == 0 && pa == 0x2000000 + (va & 0x1ffffff),
	      "32M block: %" PRIx64, pa);
	struct arch_walk w;
	CHECK(arch_vtop_walk(vm, 0, va, &w) == 0 && w.nsteps == 3 && !strcmp(w.step[1].level, "PMD"),
	      "PGD, PMD, PTE");
	arch_vm_close(vm);
}

static void test_64k_48_pa52(void)
{
	static const char vi[] = "PAGESIZE=65536\nNUMBER(VA_BITS)=48\nNUMBER(TCR_EL1_T1SZ)=0x10\n"
		"NUMBER(kimage_voffset)=0xffff800008000000\nNUMBER(PHYS_OFFSET)=0\n"
		"NUMBER(MAX_PHYSMEM_BITS)=52\n"
		"SYMBOL(_stext)=ffff800008010000\nSYMBOL(swapper_pg_dir)=ffff800008010000\n";
	struct arch_vm *vm = open_vm(vi, 65536);
	CHECK(vm && arch_get_info(vm)->paging_levels == 3, "64K/48: 3 levels");
	if (!vm)
		return;
	uint64_t va = 0xffff800100012345ULL, pa = 0;
	put(0x10000 + ix(va, 42, 6) * 8, 0x20000 | TABLE);
	put(0x20000 + ix(va, 29, 13) * 8, 0x30000 | TABLE);
	put(0x20000 + (ix(va, 29, 13) + 1) * 8, 0x20000000 | BLOCK | AF);	/* 512M block */
	/* output address bits 51:48 in descriptor bits 15:12 */
	put(0x30000 + ix(va, 16, 13) * 8, 0x50000 | (1ULL << 12) | TABLE | AF);
	CHECK(arch_vtop(vm, 0, va, &pa) == 0 && pa == 0x1000000052345ULL, "52-bit PA: %" PRIx64, pa);
	CHECK(arch_vtop(vm, 0, va + (1 << 29), &pa) == 0 && pa == 0x20000000 + (va & 0x1fffffff),
	      "512M block: %" PRIx64, pa);
	arch_vm_close(vm);
}

static void test_4k_lpa2(void)
{
	static const char vi[] = "PAGESIZE=4096\nNUMBER(VA_BITS)=52\nNUMBER(TCR_EL1_T1SZ)=0xc\n"
		"NUMBER(kimage_voffset)=0xffff800008000000\nNUMBER(PHYS_OFFSET)=0\n"
		"SYMBOL(_stext)=ffff800008000000\nSYMBOL(swapper_pg_dir)=ffff800008001000\n";
	struct arch_vm *vm = open_vm(vi, 4096);
	CHECK(vm && arch_get_info(vm)->paging_levels == 5, "4K/52 LPA2: 5 levels");
	if (!vm)
		return;
	uint64_t va = 0xffff800100003010ULL, pa = 0;	/* vmalloc, not the linear map */
	put(0x1000 + ix(va, 48, 4) * 8, 0x2000 | TABLE);
	put(0x2000 + ix(va, 39, 9) * 8, 0x3000 | TABLE);
	put(0x3000 + ix(va, 30, 9) * 8, 0x4000 | TABLE);
	put(0x4000 + ix(va, 21, 9) * 8, 0x5000 | TABLE);
	/* output address bits 51:50 in descriptor bits 9:8 */
	put(0x5000 + ix(va, 12, 9) * 8, 0x10000 | (1ULL << 8) | TABLE | AF);
	CHECK(arch_vtop(vm, 0, va, &pa) == 0 && pa == ((1ULL << 50) | 0x10010), "LPA2 PA: %" PRIx64, pa);
	struct arch_walk w;
	CHECK(arch_vtop_walk(vm, 0, va, &w) == 0 && w.nsteps == 5 && !strcmp(w.step[1].level, "P4D"),
	      "PGD, P4D, PUD, PMD, PTE");
	CHECK(arch_vtop(vm, 0, 0x000f000000000000ULL, &pa) < 0, "a user address above 48 bits: %s",
	      err_get());
	arch_vm_close(vm);
	CHECK(!open_vm("PAGESIZE=4096\nNUMBER(VA_BITS)=48\n", 4096) && strstr(err_get(), "kimage_voffset"),
	      "VMCOREINFO without kimage_voffset: %s", err_get());
	CHECK(!open_vm(NULL, 4096) && strstr(err_get(), "VMCOREINFO"), "no VMCOREINFO: %s", err_get());
}

static const char *fake_name(void *arg, uint64_t addr, uint64_t *off)
{
	(void)arg;
	if (addr >= 0xffff800008a4c8c0ull && addr < 0xffff800008a4c900ull) {
		*off = addr - 0xffff800008a4c8c0ull;
		return "sysrq_handle_crash";
	}
	*off = 0;
	return addr == 0xffff800008a4d000ull ? "__handle_sysrq" : NULL;
}

/* gdb's names and types of arm64's registers (gdb's aarch64 target
 * description), which $x0, $w0, $cpsr and info registers follow. */
static void test_gdb_regs(void)
{
	static const char vi[] = "OSRELEASE=test\nPAGESIZE=4096\nNUMBER(VA_BITS)=48\n"
		"NUMBER(TCR_EL1_T1SZ)=0x10\nNUMBER(kimage_voffset)=0xffff800008000000\n"
		"NUMBER(PHYS_OFFSET)=0x40000000\nKERNELOFFSET=0\n"
		"SYMBOL(_stext)=ffff800008000000\nSYMBOL(swapper_pg_dir)=ffff800008001000\n";
	struct arch_vm *vm = open_vm(vi, 4096);
	if (!vm)
		return;
	struct arch_gdb_reg r;
	CHECK(arch_gdb_reg(vm, "x0", &r) == 0 && r.number == 0 && r.type == ARCH_GDB_LONG && r.bits == 64,
	      "gdb regs: $x0 is a long");
	CHECK(arch_gdb_reg(vm, "x29", &r) == 0 && r.number == 29 && r.role == ARCH_REG_FP, "$x29 is the fp");
	CHECK(arch_gdb_reg(vm, "w7", &r) == 0 && r.number == 7 && r.type == ARCH_GDB_UINT && r.bits == 32 &&
		      r.shift == 0, "$w7 is the low half of x7, a uint32_t");
	CHECK(arch_gdb_reg(vm, "lr", &r) == 0 && r.number == 30 && arch_gdb_reg(vm, "ip1", &r) == 0 &&
		      r.number == 17, "gdb's aliases $lr and $ip1");
	CHECK(arch_gdb_reg(vm, "pc", &r) == 0 && r.type == ARCH_GDB_CODE_PTR && r.role == ARCH_REG_PC &&
		      arch_gdb_reg(vm, "sp", &r) == 0 && r.type == ARCH_GDB_DATA_PTR && r.role == ARCH_REG_SP,
	      "$pc is code, $sp data");
	CHECK(arch_gdb_reg(vm, "cpsr", &r) == 0 && r.type == ARCH_GDB_FLAGS && r.bits == 32 && r.nfields == 2 &&
		      !strcmp(r.fields[0].name, "EL") && r.fields[0].shift == 2 && r.fields[0].bits == 2 &&
		      r.nflags == 32 && !strcmp(r.flag_names[22], "PAN"),
	      "$cpsr: gdb's cpsr_flags, EL a field of bits 2-3, PAN bit 22");
	CHECK(arch_gdb_reg(vm, "fpsr", &r) == 0 && r.number == -1, "$fpsr is gdb's, in no note");
	CHECK(arch_gdb_reg(vm, "x31", &r) != 0 && arch_gdb_reg(vm, "w31", &r) != 0 &&
		      arch_gdb_reg(vm, "x01", &r) != 0 && arch_gdb_reg(vm, "rax", &r) != 0 &&
		      arch_gdb_reg(vm, "x", &r) != 0,
	      "no $x31, $w31, $x01, $rax or $x");
	int n = 0;
	while (arch_gdb_reg_listed(vm, n))
		n++;
	CHECK(n == 36 && !strcmp(arch_gdb_reg_listed(vm, 31), "sp") && !strcmp(arch_gdb_reg_listed(vm, 33), "cpsr"),
	      "info registers lists x0-x30, sp, pc, cpsr, fpsr, fpcr (%d)", n);
	/* crash's block of a kernel-mode exception frame names PC and LR */
	struct arch_regs regs = { .valid = true };
	regs.r[ARM64_PC] = 0xffff800008a4c8d8ull;
	regs.r[ARM64_LR] = 0xffff800008a4d000ull;
	regs.r[ARM64_SP] = 0xffff80000ab5bb60ull;
	regs.r[ARM64_PSTATE] = 0x60400005;
	char blk[2048];
	struct arch_namer namer = { fake_name, NULL };
	arch_regs_format_named(vm, &regs, false, "    ", &namer, blk, sizeof(blk));
	CHECK(strstr(blk, "     PC: ffff800008a4c8d8  [sysrq_handle_crash+24]\n") &&
		      strstr(blk, "     LR: ffff800008a4d000  [__handle_sysrq]\n") &&
		      strstr(blk, "     SP: ffff80000ab5bb60  PSTATE: 60400005\n"),
	      "a kernel exception frame: PC and LR with their symbols, as crash prints them");
	arch_regs_format(vm, &regs, false, "    ", blk, sizeof(blk));
	CHECK(strstr(blk, "     PC: ffff800008a4c8d8\n") != NULL, "without symbols, the addresses alone");
	/* both swap layouts in use: type 2, offset 0x1234 written as Linux
	 * up to 6.9 and from 6.10 does */
	uint64_t t, o, old = (2ull << 3) | (0x1234ull << 8), new = (2ull << 6) | (0x1234ull << 12) | 4;
	CHECK(arch_swap_layout_decode(vm, old, 0, &t, &o) == 0 && t == 2 && o == 0x1234 &&
		      arch_swap_layout_decode(vm, new, 1, &t, &o) == 0 && t == 2 && o == 0x1234 &&
		      arch_swap_layout_decode(vm, new, 2, &t, &o) == -1 &&
		      arch_swap_layout_decode(vm, old | 1, 0, &t, &o) == -1,
	      "swap entries in the layouts before and since Linux 6.10; none past them, none in a valid entry");
	arch_vm_close(vm);
}

int main(void)
{
	test_gdb_regs();
	test_4k_48();
	test_16k_47();
	test_64k_48_pa52();
	test_4k_lpa2();
	free(D);
	CHECK_DONE();
}
