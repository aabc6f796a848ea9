/* The memory sections; see memsection.h. */
#include "kernel-types/linux/memsection.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/page.h"
#include "kernel-types/types.h"
#include "kernel-types/walk.h"

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

struct memblock_walk {
	struct kernel *k;
	int (*cb)(void *arg, const struct memblock_info *b);
	void *arg;
	uint64_t block_bytes;
	int bits, count;
	long name_off;
};

static int memblock_one(void *arg, uint64_t index, uint64_t mb)
{
	struct memblock_walk *w = arg;
	const char *t = "struct memory_block";
	struct memblock_info b = { .addr = mb };
	uint64_t v, np;
	(void)index;
	if (kernel_read_member(w->k, mb, t, "start_section_nr", &b.start_section) != 0)
		return 0;
	kernel_read_member(w->k, mb, t, "state", &b.state);
	/* the enumerators where the state is an enum, else the old bits */
	static const char *const names[] = { "ONLINE", "GOING_OFFLINE", "OFFLINE" };
	for (int i = 0; i < 3; i++) {
		char en[32];
		int64_t val = (int64_t)1 << (i == 2 ? 2 : i);
		snprintf(en, sizeof(en), "MEM_%s", names[i]);
		kernel_enum_value(w->k, en, &val);
		if ((uint64_t)val == b.state)
			snprintf(b.state_name, sizeof(b.state_name), "%s", names[i]);
	}
	if (kernel_read_member(w->k, mb, t, "nid", &v) == 0)
		b.nid = (int)(int32_t)v;
	if (w->name_off < 0 || kernel_read_u64(w->k, mb + (uint64_t)w->name_off, &np) != 0 || !np ||
	    kernel_read_string(w->k, np, b.name, sizeof(b.name)) < 0)
		b.name[0] = '\0';
	b.start = b.start_section << w->bits;
	b.end = b.start + w->block_bytes - 1;
	w->count++;
	return w->cb ? w->cb(w->arg, &b) : 0;
}

int memblock_foreach(struct kernel *k, int (*cb)(void *arg, const struct memblock_info *b),
		     void *arg)
{
	const char *v = kernel_vmcoreinfo(k, "NUMBER(SECTION_SIZE_BITS)");
	struct memblock_walk w = { k, cb, arg, 0, v ? atoi(v) : 0, 0,
				   kernel_offsetof(k, "struct memory_block", "dev.kobj.name") };
	uint64_t xa, spb = 1, a;
	if (kernel_symbol(k, "memory_blocks", &xa) != 0 ||
	    kernel_sizeof(k, "struct memory_block") <= 0) {
		err_set("the kernel keeps no memory_blocks");
		return -1;
	}
	if (w.bits <= 0 || w.bits > 40) {
		err_set("no NUMBER(SECTION_SIZE_BITS) in VMCOREINFO: the block size is unknown");
		return -1;
	}
	if (kernel_symbol(k, "sections_per_block", &a) == 0)
		kernel_read_uint(k, a, 4, &spb);
	if (!spb || spb > (1u << 20))
		spb = 1;
	w.block_bytes = spb << w.bits;
	if (kwalk_xarray(k, xa, memblock_one, &w) < 0)
		return -1;
	return w.count;
}
