/* x86_64: finding where the kernel is (KASLR offset, phys_base, paging
 * levels, the kernel page tables and the randomized region bases).
 *
 * VMCOREINFO says it directly.  Without it (a QEMU dump of a guest whose
 * kernel did not export VMCOREINFO through fw_cfg), the CPU state notes
 * give CR3 and CR4; the kernel image is then found as the first mapped
 * 2M page in the kernel-text region of those page tables. */
#include "arch/x86_64/x86_64.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"

/* _text at link time when the symbol callback cannot say (every x86_64
 * kernel links at __START_KERNEL_map + 16M). */
#define X86_DEFAULT_TEXT 0xffffffff81000000ULL
#define X86_CR4_LA57 (1ULL << 12)

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

const unsigned char *x86_64_qemu_note(struct arch_vm *vm, int n, size_t *size)
{
	const struct dump_note *notes;
	size_t count = dump_notes(vm->dump, &notes);

	for (size_t i = 0; i < count; i++) {
		if (strcmp(notes[i].name, "QEMU") || notes[i].descsz < QEMU_CPUSTATE_MIN_SIZE)
			continue;
		if (n-- == 0) {
			/* The note says its own size; trust the smaller one. */
			uint32_t sz;
			memcpy(&sz, (const unsigned char *)notes[i].desc + 4, 4);
			*size = sz < notes[i].descsz ? sz : notes[i].descsz;
			if (*size < QEMU_CPUSTATE_MIN_SIZE)
				return NULL;
			return notes[i].desc;
		}
	}
	return NULL;
}

static bool read_text_u64(struct arch_vm *vm, uint64_t vaddr, uint64_t *val)
{
	uint64_t paddr;

	if (!x86_64_kvtop_fixed(vm, vaddr, &paddr))
		return false;
	return dump_read_phys(vm->dump, paddr, val, sizeof(*val)) == 0;
}

/* Relocated address of a vmlinux symbol. */
static bool sym_reloc(struct arch_vm *vm, const char *name, uint64_t *addr)
{
	if (!arch_symbol(vm, name, addr))
		return false;
	*addr += vm->info.kaslr_offset;
	return true;
}

/* linux_banner starts with "Linux version": a cheap check that the
 * offset and phys_base found are right.  True when it cannot be checked. */
static bool banner_ok(struct arch_vm *vm)
{
	uint64_t va, pa;
	char buf[14];

	if (!sym_reloc(vm, "linux_banner", &va))
		return true;
	if (!x86_64_kvtop_fixed(vm, va, &pa) || dump_read_phys(vm->dump, pa, buf, 13) < 0)
		return false;
	return !memcmp(buf, "Linux version", 13);
}

/* Given page tables, find the KASLR offset (unless known) and phys_base
 * from the kernel-text mapping. */
static int locate_via_pgd(struct arch_vm *vm, uint64_t pgd, bool offset_known)
{
	uint64_t text_link = X86_DEFAULT_TEXT;
	struct arch_walk w;

	arch_symbol(vm, "_text", &text_link);
	if (offset_known) {
		uint64_t va = text_link + vm->info.kaslr_offset;
		memset(&w, 0, sizeof(w));
		if (x86_64_walk(vm, pgd, va, &w) < 0 || !w.present)
			return -1;
		vm->info.phys_base = w.paddr - (va - X86_START_KERNEL_MAP);
		return banner_ok(vm) ? 0 : -1;
	}
	for (uint64_t va = X86_START_KERNEL_MAP; va < X86_MODULES_VADDR; va += 1ULL << 21) {
		memset(&w, 0, sizeof(w));
		if (x86_64_walk(vm, pgd, va, &w) < 0 || !w.present)
			continue;
		/* The first mapped 2M page is _text rounded down to 2M; KASLR
		 * moves the kernel in CONFIG_PHYSICAL_ALIGN (>= 2M) steps. */
		vm->info.kaslr_offset = va - (text_link & ~((1ULL << 21) - 1));
		vm->info.phys_base = w.paddr - (va - X86_START_KERNEL_MAP);
		return banner_ok(vm) ? 0 : -1;
	}
	return -1;
}

static int from_cpu_state(struct arch_vm *vm, bool offset_known)
{
	const unsigned char *st;
	size_t size;
	int n;

	for (n = 0; (st = x86_64_qemu_note(vm, n, &size)); n++) {
		uint64_t cr3 = rd64(st + QEMU_OFF_CR + 3 * 8);
		uint64_t cr4 = rd64(st + QEMU_OFF_CR + 4 * 8);
		uint64_t pgd = cr3 & X86_PHYS_MASK;
		/* With page-table isolation a CPU in user mode runs on the
		 * user copy, 4K above the 8K-aligned kernel PGD. */
		uint64_t cands[2] = { pgd & ~0x1000ULL, pgd };

		if (!pgd)
			continue;
		vm->info.paging_levels = (cr4 & X86_CR4_LA57) ? 5 : 4;
		for (int c = 0; c < 2; c++) {
			if (c == 1 && cands[1] == cands[0])
				break;
			if (locate_via_pgd(vm, cands[c], offset_known) == 0) {
				vm->info.kernel_pgd_paddr = cands[c];
				vm->info.kaslr_source = offset_known ? "user" : "CPU state";
				return 0;
			}
		}
	}
	err_set(n ? "arch: kernel image not found through the CPU state's page tables"
		  : "arch: dump has neither VMCOREINFO nor CPU state notes");
	return -1;
}

static int from_vmcoreinfo(struct arch_vm *vm, const char *vi, bool offset_known)
{
	uint64_t l5 = 0, off = 0, pb;

	if (!arch_vmcoreinfo_u64(vi, "NUMBER(phys_base)", 10, &pb)) {
		err_set("arch: VMCOREINFO has no NUMBER(phys_base)");
		return -1;
	}
	if (!offset_known) {
		/* Absent on kernels without KASLR support: no offset. */
		arch_vmcoreinfo_u64(vi, "KERNELOFFSET", 16, &off);
		vm->info.kaslr_offset = off;
	}
	arch_vmcoreinfo_u64(vi, "NUMBER(pgtable_l5_enabled)", 10, &l5);
	vm->info.paging_levels = l5 ? 5 : 4;
	vm->info.phys_base = pb;
	vm->info.kaslr_source = offset_known ? "user" : "VMCOREINFO";
	return 0;
}

/* The kernel page tables: init_top_pgt (VMCOREINFO gives it relocated),
 * or swapper_pg_dir, its older name. */
static void find_kernel_pgd(struct arch_vm *vm, const char *vi)
{
	uint64_t va = 0, pa;

	if (!(vi && arch_vmcoreinfo_u64(vi, "SYMBOL(init_top_pgt)", 16, &va)) &&
	    !sym_reloc(vm, "init_top_pgt", &va) && !sym_reloc(vm, "swapper_pg_dir", &va))
		return;
	if (x86_64_kvtop_fixed(vm, va, &pa))
		vm->info.kernel_pgd_paddr = pa;
}

/* Memory-layout KASLR moves the direct map, vmalloc and vmemmap; the
 * kernel keeps their bases in variables. */
static void find_region_bases(struct arch_vm *vm)
{
	struct arch_info *in = &vm->info;
	bool l5 = in->paging_levels == 5;
	uint64_t va, v;

	in->page_offset = l5 ? X86_PAGE_OFFSET_L5 : X86_PAGE_OFFSET_L4;
	in->vmalloc_start = l5 ? X86_VMALLOC_L5 : X86_VMALLOC_L4;
	in->vmemmap_start = l5 ? X86_VMEMMAP_L5 : X86_VMEMMAP_L4;
	if (sym_reloc(vm, "page_offset_base", &va) && read_text_u64(vm, va, &v) && v)
		in->page_offset = v;
	if (sym_reloc(vm, "vmalloc_base", &va) && read_text_u64(vm, va, &v) && v)
		in->vmalloc_start = v;
	if (sym_reloc(vm, "vmemmap_base", &va) && read_text_u64(vm, va, &v) && v)
		in->vmemmap_start = v;
}

int x86_64_open(struct arch_vm *vm, const struct arch_setup *setup)
{
	const char *vi = setup->no_vmcoreinfo ? NULL : dump_vmcoreinfo(vm->dump);
	bool offset_known = false;
	struct arch_info *in = &vm->info;

	in->page_size = 4096;
	in->paging_levels = 4;
	in->kernel_text_start = X86_START_KERNEL_MAP;
	in->modules_start = X86_MODULES_VADDR;
	in->pc_name = "RIP";
	in->cpuinfo_symbol = "cpu_info";
	in->cpuinfo_type = "struct cpuinfo_x86";
	in->kaslr_source = "none";
	if (setup->kaslr && strcmp(setup->kaslr, "auto")) {
		char *end;
		const char *s = setup->kaslr;
		if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
			s += 2;
		in->kaslr_offset = strtoull(s, &end, 16);
		if (!*s || *end) {
			err_set("arch: bad --kaslr value '%s' (want a hex offset or auto)", setup->kaslr);
			return -1;
		}
		offset_known = true;
	}
	if (vi ? from_vmcoreinfo(vm, vi, offset_known) : from_cpu_state(vm, offset_known))
		return -1;
	/* Prefer init_top_pgt over a CPU's CR3, which may be a process's. */
	find_kernel_pgd(vm, vi);
	if (!in->kernel_pgd_paddr) {
		err_set("arch: cannot find the kernel page tables (no init_top_pgt)");
		return -1;
	}
	find_region_bases(vm);
	return 0;
}
