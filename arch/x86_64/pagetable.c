/* x86_64 page-table walk (4 and 5 levels, 1G/2M/4K pages, PROT_NONE,
 * swap entries) and the kernel's fixed mappings. */
#include "arch/x86_64/x86_64.h"

#include <stdio.h>
#include <string.h>

#include "common/err.h"

void x86_64_swap_decode(uint64_t pte, uint64_t *type, uint64_t *offset)
{
	*type = pte >> (64 - X86_SWP_TYPE_BITS);
	*offset = (~pte << X86_SWP_TYPE_BITS) >> X86_SWP_OFFSET_SHIFT;
}

/* A leaf with PROTNONE but not PRESENT keeps its PFN inverted (L1TF). */
static uint64_t leaf_phys(uint64_t val, uint64_t mask)
{
	if ((val & (X86_PAGE_PRESENT | X86_PAGE_PROTNONE)) == X86_PAGE_PROTNONE)
		val = ~val;
	return val & mask;
}

static bool leaf_present(uint64_t val)
{
	return val & (X86_PAGE_PRESENT | X86_PAGE_PROTNONE);
}

void x86_64_pte_decode(const struct arch_vm *vm, uint64_t pte, struct arch_pte *out)
{
	(void)vm;
	if (leaf_present(pte)) {
		out->present = true;
		out->paddr = leaf_phys(pte, X86_PHYS_MASK);
	} else if (pte & ~(X86_PAGE_ACCESSED | X86_PAGE_DIRTY)) {
		out->swap = true;
		x86_64_swap_decode(pte, &out->swap_type, &out->swap_offset);
	}
}

int x86_64_walk(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, struct arch_walk *walk)
{
	static const char *const names5[] = { "PGD", "P4D", "PUD", "PMD", "PTE" };
	static const char *const names4[] = { "PGD", "PUD", "PMD", "PTE" };
	int levels = vm->info.paging_levels == 5 ? 5 : 4;
	const char *const *names = levels == 5 ? names5 : names4;
	int top_shift = levels == 5 ? 48 : 39;
	uint64_t table = pgd_paddr & X86_PHYS_MASK;
	int64_t sext;

	/* Non-canonical addresses are not mapped by any table. */
	sext = (int64_t)(vaddr << (63 - (top_shift + 8))) >> (63 - (top_shift + 8));
	if ((uint64_t)sext != vaddr) {
		err_set("%llx: not a canonical %d-level address", (unsigned long long)vaddr, levels);
		return -1;
	}
	for (int i = 0; i < levels; i++) {
		int shift = top_shift - 9 * i;
		struct arch_walk_step *st = &walk->step[walk->nsteps++];
		uint64_t val;
		int rc;

		st->level = names[i];
		st->entry_paddr = table + ((vaddr >> shift) & 511) * 8;
		st->entry_vaddr = st->entry_paddr + vm->info.page_offset;
		rc = dump_read_phys(vm->dump, st->entry_paddr, &val, sizeof(val));
		if (rc < 0) {
			err_prefix("%s entry of %llx", st->level, (unsigned long long)vaddr);
			return rc;
		}
		st->value = val;
		if (i == levels - 1) {
			if (!leaf_present(val)) {
				/* pte_none() ignores the accessed/dirty erratum bits. */
				if (val & ~(X86_PAGE_ACCESSED | X86_PAGE_DIRTY)) {
					walk->swap = true;
					x86_64_swap_decode(val, &walk->swap_type, &walk->swap_offset);
				}
				return 0;
			}
			walk->present = true;
			walk->page_size = 4096;
			walk->paddr = leaf_phys(val, X86_PHYS_MASK) | (vaddr & 4095);
			return 0;
		}
		/* Huge pages exist at PUD (1G) and PMD (2M) level only. */
		if ((val & X86_PAGE_PSE) && (shift == 30 || shift == 21) && leaf_present(val)) {
			uint64_t size = 1ULL << shift;
			walk->present = true;
			walk->page_size = size;
			walk->paddr = leaf_phys(val, X86_PHYS_MASK & ~(size - 1)) | (vaddr & (size - 1));
			return 0;
		}
		if (!(val & X86_PAGE_PRESENT))
			return 0;
		table = val & X86_PHYS_MASK;
	}
	return 0;
}

void x86_64_pte_flags(const struct arch_vm *vm, uint64_t pte, char *buf, size_t len)
{
	static const struct { uint64_t bit; const char *name; } names[] = {
		{ X86_PAGE_PRESENT, "PRESENT" }, { X86_PAGE_RW, "RW" },
		{ X86_PAGE_USER, "USER" }, { X86_PAGE_PWT, "PWT" },
		{ X86_PAGE_PCD, "PCD" }, { X86_PAGE_ACCESSED, "ACCESSED" },
		{ X86_PAGE_DIRTY, "DIRTY" }, { X86_PAGE_PSE, "PSE" },
		{ X86_PAGE_GLOBAL, "GLOBAL" }, { X86_PAGE_NX, "NX" },
	};
	size_t used = 0;
	bool any = false;

	(void)vm;
	if (!len)
		return;
	buf[0] = '\0';
	used += (size_t)snprintf(buf + used, len - used, "(");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && used < len; i++) {
		const char *name = names[i].name;
		if (!(pte & names[i].bit))
			continue;
		/* Without PRESENT, bit 8 means PROT_NONE rather than global. */
		if (names[i].bit == X86_PAGE_GLOBAL && !(pte & X86_PAGE_PRESENT))
			name = "PROTNONE";
		used += (size_t)snprintf(buf + used, len - used, "%s%s", any ? "|" : "", name);
		any = true;
	}
	if (used < len)
		snprintf(buf + used, len - used, "%s)", any ? "" : "none");
}

bool x86_64_kvtop_fixed(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr)
{
	const struct arch_info *in = &vm->info;

	if (vaddr >= X86_START_KERNEL_MAP && vaddr < X86_MODULES_VADDR) {
		*paddr = vaddr - X86_START_KERNEL_MAP + in->phys_base;
		return true;
	}
	/* The direct map runs up to the vmalloc area (a hole at its end just
	 * gives physical addresses the dump does not have). */
	if (in->page_offset && vaddr >= in->page_offset && vaddr < in->vmalloc_start) {
		*paddr = vaddr - in->page_offset;
		return true;
	}
	return false;
}

bool x86_64_is_kvaddr(const struct arch_vm *vm, uint64_t vaddr)
{
	/* The kernel half: everything from the direct map up. */
	return vaddr >= (vm->info.paging_levels == 5 ? 0xff00000000000000ULL : 0xffff800000000000ULL);
}
