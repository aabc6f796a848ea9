/* arm64: where the kernel is.  VMCOREINFO (arch/arm64/kernel/
 * vmcore_info.c, crash_core.c before 6.9) says it: VA_BITS, TCR_EL1_T1SZ
 * (what the CPU really translates when a 52-bit kernel runs on a 48-bit
 * CPU), kimage_voffset (the kernel image's virtual-to-physical offset),
 * PHYS_OFFSET (memstart_addr, the physical base of the linear map, which
 * may wrap below zero), KERNELOFFSET (KASLR) and KERNELPACMASK.
 *
 * The layout is the one of Linux 5.4 and later: the linear map at the
 * bottom of the kernel half, [PAGE_OFFSET, _PAGE_END(VA_BITS_MIN)), then
 * modules, vmalloc (which holds the kernel image) and vmemmap. */
#include "arch/arm64/arm64.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

/* Relocated address of a vmlinux symbol. */
static bool sym_reloc(struct arch_vm *vm, const char *name, uint64_t *addr)
{
	if (!arch_symbol(vm, name, addr))
		return false;
	*addr += vm->info.kaslr_offset;
	return true;
}

static int log2_of(uint64_t v)
{
	int n = 0;
	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* linux_banner starts with "Linux version": a check that the facts found
 * translate the kernel image right.  True when it cannot be checked. */
static bool banner_ok(struct arch_vm *vm)
{
	uint64_t va, pa;
	char buf[14];

	if (!sym_reloc(vm, "linux_banner", &va))
		return true;
	if (!arm64_kvtop_fixed(vm, va, &pa) || dump_read_phys(vm->dump, pa, buf, 13) < 0)
		return false;
	return !memcmp(buf, "Linux version", 13);
}

static bool parse_kaslr(const char *s, uint64_t *off)
{
	char *end;
	if (!strncmp(s, "0x", 2) || !strncmp(s, "0X", 2))
		s += 2;
	*off = strtoull(s, &end, 16);
	return *s && !*end;
}

int arm64_open(struct arch_vm *vm, const struct arch_setup *setup)
{
	const char *vi = setup->no_vmcoreinfo ? NULL : dump_vmcoreinfo(vm->dump), *setup_vi = vi;
	const struct dump_info *di = dump_get_info(vm->dump);
	struct arch_info *in = &vm->info;
	struct arm64_vm *a = xcalloc(1, sizeof(*a));
	uint64_t v, psz = di && di->page_size ? di->page_size : 4096;

	vm->priv = a;
	in->pc_name = "PC";
	in->cpuinfo_symbol = "cpu_data";
	in->cpuinfo_type = "struct cpuinfo_arm64";
	in->isa = ARCH_ISA_AARCH64;
	in->vtop_entry_vaddrs = true;
	in->kaslr_source = "none";
	if (!vi) {
		/* QEMU's arm64 CPU notes carry no TTBR or TCR: without the
		 * VMCOREINFO note the kernel's own copy in memory gives the
		 * layout; a dump that has none is made the owner of it */
		if (setup->no_vmcoreinfo)	/* (tests: the note is to be ignored) */
			vi = a->vi_mem = dump_find_vmcoreinfo_in_memory(vm->dump);
		else if (dump_use_vmcoreinfo_in_memory(vm->dump) == 0)
			vi = dump_vmcoreinfo(vm->dump);
		if (!vi) {
			err_set("arch: arm64 dump without VMCOREINFO, in its notes or in its memory (the "
				"kernel's layout cannot be found)");
			return -1;
		}
	}
	if (arch_vmcoreinfo_u64(vi, "PAGESIZE", 10, &v))
		psz = v;
	if (psz != 4096 && psz != 16384 && psz != 65536) {
		err_set("arch: arm64 page size %llu is not 4K, 16K or 64K", (unsigned long long)psz);
		return -1;
	}
	in->page_size = (uint32_t)psz;
	a->page_shift = log2_of(psz);
	if (!arch_vmcoreinfo_u64(vi, "NUMBER(VA_BITS)", 10, &v) || v < 36 || v > 52) {
		err_set("arch: VMCOREINFO has no usable NUMBER(VA_BITS)");
		return -1;
	}
	a->va_bits = (int)v;
	a->va_bits_actual = a->va_bits;
	if (arch_vmcoreinfo_u64(vi, "NUMBER(TCR_EL1_T1SZ)", 0, &v) && v >= 12 && v <= 28)
		a->va_bits_actual = 64 - (int)v;
	if (!arch_vmcoreinfo_u64(vi, "NUMBER(kimage_voffset)", 0, &a->kimage_voffset) ||
	    !arch_vmcoreinfo_u64(vi, "NUMBER(PHYS_OFFSET)", 0, &a->phys_offset)) {
		err_set("arch: VMCOREINFO has no NUMBER(kimage_voffset) or NUMBER(PHYS_OFFSET)");
		return -1;
	}
	if (setup->kaslr && strcmp(setup->kaslr, "auto")) {
		if (!parse_kaslr(setup->kaslr, &in->kaslr_offset)) {
			err_set("arch: bad --kaslr value '%s' (want a hex offset or auto)", setup->kaslr);
			return -1;
		}
		in->kaslr_source = "user";
	} else if (arch_vmcoreinfo_u64(vi, "KERNELOFFSET", 16, &in->kaslr_offset)) {
		in->kaslr_source = a->vi_mem || vi != setup_vi ? "VMCOREINFO in memory" : "VMCOREINFO";
	}
	if (!arch_vmcoreinfo_u64(vi, "NUMBER(KERNELPACMASK)", 0, &a->pac_mask))
		a->pac_mask = 0;

	/* A 52-bit kernel's linear map ends where a 48-bit (47-bit with 16K
	 * pages) one's does: _PAGE_END(VA_BITS_MIN). */
	int va_min = a->va_bits > 48 ? (a->page_shift == 14 ? 47 : 48) : a->va_bits;
	a->page_offset = (uint64_t)-1 << a->va_bits;
	a->page_end = (uint64_t)-1 << (va_min - 1);
	int per_level = a->page_shift - 3;
	a->levels = (a->va_bits_actual - a->page_shift + per_level - 1) / per_level;
	a->lpa2 = a->page_shift != 16 && a->va_bits_actual > 48;
	if (a->page_shift == 16 && arch_vmcoreinfo_u64(vi, "NUMBER(MAX_PHYSMEM_BITS)", 10, &v))
		a->pa52_64k = v == 52;

	in->phys_base = a->phys_offset;
	in->page_offset = a->page_offset - a->phys_offset;
	in->virtual_base = a->page_offset;
	in->paging_levels = a->levels;
	if (arch_vmcoreinfo_u64(vi, "NUMBER(MODULES_VADDR)", 0, &v))
		in->modules_start = v;
	else
		in->modules_start = a->page_end;
	if (arch_vmcoreinfo_u64(vi, "NUMBER(VMALLOC_START)", 0, &v))
		in->vmalloc_start = v;
	else if (arch_vmcoreinfo_u64(vi, "NUMBER(MODULES_END)", 0, &v))
		in->vmalloc_start = v;
	if (arch_vmcoreinfo_u64(vi, "NUMBER(VMEMMAP_START)", 0, &v)) {
		/* vmemmap is VMEMMAP_START - (memstart_addr >> PAGE_SHIFT)
		 * struct pages: the page of pfn 0. */
		uint64_t page_size = 64, sp;
		if (arch_vmcoreinfo_u64(vi, "SIZE(page)", 10, &sp) && sp && sp <= 256)
			page_size = sp;
		int64_t first_pfn = (int64_t)a->phys_offset >> a->page_shift;
		in->vmemmap_start = v - (uint64_t)first_pfn * page_size;
		in->vmemmap_base = v;
	}

	/* The kernel image: [_text, _end), which kimage_voffset maps. */
	if (!sym_reloc(vm, "_text", &a->kimage_lo) && !sym_reloc(vm, "_stext", &a->kimage_lo) &&
	    !arch_vmcoreinfo_u64(vi, "SYMBOL(_stext)", 16, &a->kimage_lo)) {
		err_set("arch: no _text symbol to place the kernel image");
		return -1;
	}
	if (!sym_reloc(vm, "_end", &a->kimage_hi) || a->kimage_hi <= a->kimage_lo)
		a->kimage_hi = a->kimage_lo + (256ULL << 20);
	in->kernel_text_start = a->kimage_lo;

	uint64_t pgd;
	if (!arch_vmcoreinfo_u64(vi, "SYMBOL(swapper_pg_dir)", 16, &pgd) &&
	    !sym_reloc(vm, "swapper_pg_dir", &pgd)) {
		err_set("arch: cannot find the kernel page tables (no swapper_pg_dir)");
		return -1;
	}
	if (!arm64_kvtop_fixed(vm, pgd, &in->kernel_pgd_paddr)) {
		err_set("arch: swapper_pg_dir %llx is outside the kernel image",
			(unsigned long long)pgd);
		return -1;
	}
	if (!banner_ok(vm)) {
		err_set("arch: linux_banner does not read \"Linux version\" (wrong vmlinux, or bad KASLR offset)");
		return -1;
	}
	return 0;
}

void arm64_close(struct arch_vm *vm)
{
	if (vm->priv)
		free(A64(vm)->vi_mem);
	free(vm->priv);
	vm->priv = NULL;
}

bool arm64_kvtop_fixed(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr)
{
	const struct arm64_vm *a = A64(vm);

	if (vaddr >= a->kimage_lo && vaddr < a->kimage_hi) {
		*paddr = vaddr - a->kimage_voffset;
		return true;
	}
	if (vaddr >= a->page_offset && vaddr < a->page_end) {
		*paddr = (vaddr - a->page_offset) + a->phys_offset;
		return true;
	}
	return false;
}

bool arm64_is_kvaddr(const struct arch_vm *vm, uint64_t vaddr)
{
	return vaddr >= A64(vm)->page_offset;
}

uint64_t arm64_strip_pac(const struct arch_vm *vm, uint64_t addr)
{
	const struct arm64_vm *a = A64(vm);
	/* Kernel return addresses carry the PAC in the bits above the VA
	 * (KERNELPACMASK); bit 55 says which half, and setting the bits
	 * above VA_BITS again gives the address. */
	if (addr & (1ULL << 55))
		return addr | a->pac_mask | ((uint64_t)-1 << a->va_bits);
	return addr;
}
