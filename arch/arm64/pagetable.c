/* arm64 translation-table walk: 4K, 16K and 64K granules, 2 to 5 levels
 * (as many as the VA bits TTBR1 translates need), block mappings, 52-bit
 * output addresses (LPA2 for 4K/16K, bits 15:12 for 64K), swap entries,
 * and the flag bits by the kernel's names. */
#include "arch/arm64/arm64.h"

#include <stdio.h>
#include <string.h>

#include "common/err.h"

/* The output address of a descriptor whose address bits start at shift. */
static uint64_t out_addr(const struct arm64_vm *a, uint64_t desc, int shift)
{
	uint64_t lo = (uint64_t)-1 << shift;
	if (a->lpa2)
		return (desc & lo & ((1ULL << 50) - 1)) | (((desc >> 8) & 3) << 50);
	if (a->pa52_64k)
		return (desc & lo & ((1ULL << 48) - 1)) | (((desc >> 12) & 15) << 48);
	return desc & lo & ((1ULL << 48) - 1);
}

static const char *level_name(int levels, int i)
{
	static const char *const n5[] = { "PGD", "P4D", "PUD", "PMD", "PTE" };
	static const char *const n4[] = { "PGD", "PUD", "PMD", "PTE" };
	static const char *const n3[] = { "PGD", "PMD", "PTE" };
	static const char *const n2[] = { "PGD", "PTE" };
	switch (levels) {
	case 5: return n5[i];
	case 4: return n4[i];
	case 3: return n3[i];
	default: return n2[i];
	}
}

int arm64_walk(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, struct arch_walk *walk)
{
	const struct arm64_vm *a = A64(vm);
	int ps = a->page_shift, per = ps - 3, levels = a->levels, vab = a->va_bits_actual;
	uint64_t top, table;
	bool kernel = vaddr >> 63;

	/* Kernel addresses are TTBR1's: the kernel's tables whatever
	 * process's tables were asked for. */
	if (kernel)
		pgd_paddr = vm->info.kernel_pgd_paddr;
	top = vaddr >> vab;
	table = pgd_paddr & ~7ULL; /* a user PGD may be smaller than a page */

	/* TTBR1 translates addresses whose bits above the VA are all ones,
	 * TTBR0 those where they are all zero. */
	if (kernel ? top != ((uint64_t)-1 >> vab) : top != 0) {
		err_set("%llx: not a %d-bit %s address", (unsigned long long)vaddr, vab,
			kernel ? "kernel" : "user");
		return -1;
	}
	if (!kernel && pgd_paddr == vm->info.kernel_pgd_paddr) {
		/* swapper_pg_dir is TTBR1's: it maps no user address. */
		err_set("%llx: not a kernel address", (unsigned long long)vaddr);
		return -1;
	}
	if (levels < 2 || levels > 5) {
		err_set("arm64: cannot walk %d translation levels", levels);
		return -1;
	}
	/* A 52-bit 64K kernel on a 48-bit CPU points TTBR1 into its PGD
	 * where the 48-bit part starts. */
	if (kernel && ps == 16 && a->va_bits == 52 && vab == 48)
		table += 8 * ((1ULL << (52 - 42)) - (1ULL << (48 - 42)));
	for (int i = 0; i < levels; i++) {
		int shift = ps + per * (levels - 1 - i);
		uint64_t mask = i == 0 ? (1ULL << (vab - shift)) - 1 : (1ULL << per) - 1;
		struct arch_walk_step *st = &walk->step[walk->nsteps++];
		uint64_t val;
		int rc;

		st->level = level_name(levels, i);
		st->entry_paddr = table + ((vaddr >> shift) & mask) * 8;
		st->entry_vaddr = arch_ptov(vm, st->entry_paddr);
		rc = dump_read_phys(vm->dump, st->entry_paddr, &val, sizeof(val));
		if (rc < 0) {
			err_prefix("%s entry of %llx", st->level, (unsigned long long)vaddr);
			return rc;
		}
		st->value = val;
		if (i == levels - 1) {
			if ((val & 3) != 3) {
				if (val && !(val & A64_PTE_VALID)) {
					walk->swap = true;
					arm64_swap_decode(vm, val, 0, &walk->swap_type, &walk->swap_offset);
				}
				return 0;
			}
			walk->present = true;
			walk->page_size = 1ULL << ps;
			walk->paddr = out_addr(a, val, ps) | (vaddr & (walk->page_size - 1));
			return 0;
		}
		if (!(val & A64_PTE_VALID))
			return 0;
		if (!(val & A64_PTE_TABLE)) {
			/* A block: the whole range this level's entry covers. */
			uint64_t size = 1ULL << shift;
			walk->present = true;
			walk->page_size = size;
			walk->paddr = out_addr(a, val, shift) | (vaddr & (size - 1));
			return 0;
		}
		table = out_addr(a, val, ps);
	}
	return 0;
}

void arm64_pte_flags(const struct arch_vm *vm, uint64_t pte, char *buf, size_t len)
{
	static const struct { uint64_t bit; const char *name; } names[] = {
		{ A64_PTE_VALID, "VALID" }, { A64_PTE_USER, "USER" },
		{ A64_PTE_RDONLY, "RDONLY" }, { A64_PTE_SHARED, "SHARED" },
		{ A64_PTE_AF, "AF" }, { A64_PTE_NG, "NG" }, { A64_PTE_CONT, "CONT" },
		{ A64_PTE_PXN, "PXN" }, { A64_PTE_UXN, "UXN" }, { A64_PTE_DIRTY, "DIRTY" },
		{ A64_PTE_DBM, "WRITE" }, { A64_PTE_SPECIAL, "SPECIAL" },
		{ A64_PTE_PROT_NONE, "PROT_NONE" },
	};
	size_t used = 0;
	bool any = false;

	if (!len)
		return;
	buf[0] = '\0';
	used += (size_t)snprintf(buf + used, len - used, "(");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && used < len; i++) {
		uint64_t bit = names[i].bit;
		if ((pte & bit) != bit)
			continue;
		/* With LPA2 bits 9:8 are address bits, not shareability. */
		if (bit == A64_PTE_SHARED && A64(vm)->lpa2)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s", any ? "|" : "",
					 names[i].name);
		any = true;
	}
	if (used < len)
		snprintf(buf + used, len - used, "%s)", any ? "" : "none");
}

int arm64_swap_decode(const struct arch_vm *vm, uint64_t pte, int layout, uint64_t *type, uint64_t *offset)
{
	(void)vm;
	if (layout < 0 || layout > 1 || !pte || (pte & A64_PTE_VALID))
		return -1;
	int ts = layout ? A64_SWP_TYPE_SHIFT_610 : A64_SWP_TYPE_SHIFT;
	int os = layout ? A64_SWP_OFFSET_SHIFT_610 : A64_SWP_OFFSET_SHIFT;
	*type = (pte >> ts) & ((1ULL << A64_SWP_TYPE_BITS) - 1);
	*offset = (pte >> os) & ((1ULL << A64_SWP_OFFSET_BITS) - 1);
	return 0;
}

/* For `pte`: a valid page entry maps a page, any other non-zero one holds
 * a swap entry (in layout 0; swap_entry_of_pte() picks the layout). */
void arm64_pte_decode(const struct arch_vm *vm, uint64_t pte, struct arch_pte *out)
{
	const struct arm64_vm *a = A64(vm);
	if ((pte & 3) == 3) {
		out->present = true;
		out->paddr = out_addr(a, pte, a->page_shift);
	} else if (pte) {
		out->swap = true;
		arm64_swap_decode(vm, pte, 0, &out->swap_type, &out->swap_offset);
	}
}
