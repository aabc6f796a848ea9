/* The memory sections; see memsection.h. */
#include "kernel-types/linux/memsection.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/page.h"
#include "kernel-types/types.h"

/* Where each state bit is: the kernel's enumerators (5.x+), else the
 * positions they have always had. */
static unsigned state_of(struct kernel *k, uint64_t v)
{
	static const char *const names[] = { "SECTION_MARKED_PRESENT_BIT",
		"SECTION_HAS_MEM_MAP_BIT", "SECTION_IS_ONLINE_BIT", "SECTION_IS_EARLY_BIT",
		"SECTION_TAINT_ZONE_DEVICE_BIT" };
	unsigned st = 0;
	for (int i = 0; i < 5; i++) {
		int64_t bit = i;
		/* the device taint is newer than its macro-free form: without
		 * its enumerator, no such bit */
		if (kernel_enum_value(k, names[i], &bit) != 0 && i == 4)
			continue;
		if (bit < 0 || bit > 16)
			continue;
		if (v & (1ull << bit))
			st |= 1u << i;
	}
	return st;
}

int memsection_foreach(struct kernel *k,
		       int (*cb)(void *arg, const struct memsection_info *s), void *arg)
{
	const char *v = kernel_vmcoreinfo(k, "NUMBER(SECTION_SIZE_BITS)");
	long msz = kernel_sizeof(k, "struct mem_section");
	long mmo = kernel_offsetof(k, "struct mem_section", "section_mem_map");
	uint32_t ps = arch_get_info(kernel_arch(k))->page_size;
	uint64_t sym, base, max = 0, shift_pages;
	int64_t last = -1;
	struct kqtype qt;
	bool extreme;
	int count = 0, page_shift = 0;

	if (kernel_symbol(k, "mem_section", &sym) != 0 || msz <= 0 || mmo < 0) {
		err_set("the kernel has no memory sections (no SPARSEMEM mem_section)");
		return -1;
	}
	if (!v) {
		err_set("no NUMBER(SECTION_SIZE_BITS) in VMCOREINFO: the section size is unknown");
		return -1;
	}
	while (ps && (1u << page_shift) < ps)
		page_shift++;
	int bits = atoi(v);
	if (bits <= page_shift || bits > 40) {
		err_set("VMCOREINFO's SECTION_SIZE_BITS %s is not a section size", v);
		return -1;
	}
	shift_pages = (uint64_t)(bits - page_shift);
	if (kernel_enum_value(k, "SECTION_MAP_LAST_BIT", &last) != 0 || last <= 0 || last > 16)
		last = 5;
	uint64_t mask = (1ull << last) - 1;
	/* SPARSEMEM_EXTREME: a pointer to the roots, each a page of sections */
	extreme = ktype_of_symbol(k, "mem_section", &qt) == 0 && qt.type &&
		  ktype_kind(qt.type) == KT_POINTER;
	base = sym;
	if (extreme && kernel_read_u64(k, sym, &base) != 0) {
		err_prefix("mem_section");
		return -1;
	}
	uint64_t per_root = extreme ? ps / (uint64_t)msz : 1;
	page_max_pfn(k, &max);
	uint64_t nsec = (max + (1ull << shift_pages) - 1) >> shift_pages;
	if (nsec > (1u << 20))
		nsec = 1u << 20;
	uint64_t root_addr = 0, cur_root = UINT64_MAX;
	for (uint64_t nr = 0; nr < nsec; nr++) {
		struct memsection_info s = { .nr = nr };
		uint64_t mm;
		if (extreme) {
			if (nr / per_root != cur_root) {
				cur_root = nr / per_root;
				if (kernel_read_u64(k, base + 8 * cur_root, &root_addr) != 0)
					root_addr = 0;
			}
			if (!root_addr)
				continue;
			s.addr = root_addr + (nr % per_root) * (uint64_t)msz;
		} else {
			s.addr = base + nr * (uint64_t)msz;
		}
		if (kernel_read_u64(k, s.addr + (uint64_t)mmo, &mm) != 0 || !mm)
			continue;
		s.state = state_of(k, mm);
		if (!(s.state & MEMSECTION_PRESENT))
			continue;
		s.coded = mm & ~mask;
		s.pfn = nr << shift_pages;
		long psz = kernel_sizeof(k, "struct page");
		s.mem_map = s.coded + s.pfn * (uint64_t)(psz > 0 ? psz : 64);
		count++;
		if (cb && cb(arg, &s))
			break;
	}
	return count;
}
