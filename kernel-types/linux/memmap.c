/* The boot memory map: e820_table or memblock.memory (memmap.h). */
#include "kernel-types/linux/memmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/types.h"

/* The name of value in enum `type`, with prefix "X_TYPE_" shortened to
 * "X_" (E820_TYPE_RAM is E820_RAM, as crash and older kernels name it);
 * a number when the enum has no such value. */
static void enum_name(struct kernel *k, const char *type, int64_t value, char *buf, size_t len)
{
	struct kqtype t;
	snprintf(buf, len, "(type %lld)", (long long)value);
	if (ktype_lookup(k, type, &t) != 0)
		return;
	const struct ktype *e = ktype_strip(t.type);
	for (size_t i = 0; e && i < ktype_nenumerators(e); i++) {
		const struct kenumerator *en = ktype_enumerator_at(e, i);
		if (en->value != value)
			continue;
		const char *n = en->name, *ty = strstr(n, "_TYPE_");
		if (ty)
			snprintf(buf, len, "%.*s_%s", (int)(ty - n), n, ty + 6);
		else
			snprintf(buf, len, "%s", n);
		return;
	}
}

static void add(struct kmemmap *m, uint64_t start, uint64_t size)
{
	m->regions = xrealloc(m->regions, (size_t)(m->n + 1) * sizeof(*m->regions));
	m->regions[m->n] = (struct kmemmap_region){ start, start + size, "" };
	m->n++;
}

/* struct e820_table { u32 nr_entries; struct e820_entry entries[]; },
 * e820_table pointing to it. */
static int read_e820(struct kernel *k, uint64_t sym, struct kmemmap *m)
{
	uint64_t tbl;
	uint32_t nr;
	long o_ent = kernel_offsetof(k, "struct e820_table", "entries");
	long esz = kernel_sizeof(k, "struct e820_entry");
	long o_addr = kernel_offsetof(k, "struct e820_entry", "addr");
	long o_size = kernel_offsetof(k, "struct e820_entry", "size");
	long o_type = kernel_offsetof(k, "struct e820_entry", "type");
	if (o_ent < 0 || esz <= 0 || o_addr < 0 || o_size < 0 || o_type < 0)
		return -1;
	int rc = kernel_read_u64(k, sym, &tbl);
	if (rc || (rc = kernel_read_u32(k, tbl, &nr)))
		return rc;
	if (nr > KMEMMAP_MAX) {
		err_set("e820_table at %llx holds %u entries: not a table", (unsigned long long)tbl, nr);
		return -1;
	}
	m->source = "e820";
	for (uint32_t i = 0; i < nr; i++) {
		uint64_t e = tbl + (uint64_t)o_ent + (uint64_t)esz * i, a, s;
		uint32_t t;
		if ((rc = kernel_read_u64(k, e + (uint64_t)o_addr, &a)) ||
		    (rc = kernel_read_u64(k, e + (uint64_t)o_size, &s)) ||
		    (rc = kernel_read_u32(k, e + (uint64_t)o_type, &t)))
			return rc;
		add(m, a, s);
		enum_name(k, "enum e820_type", t, m->regions[m->n - 1].type,
			  sizeof(m->regions[0].type));
	}
	return 0;
}

/* memblock.memory: struct memblock_type { cnt; ...; regions } of struct
 * memblock_region { base; size; flags; ... }. */
static int read_memblock(struct kernel *k, uint64_t sym, struct kmemmap *m)
{
	long o_mem = kernel_offsetof(k, "struct memblock", "memory");
	long o_cnt = kernel_offsetof(k, "struct memblock_type", "cnt");
	long o_reg = kernel_offsetof(k, "struct memblock_type", "regions");
	long rsz = kernel_sizeof(k, "struct memblock_region");
	long o_base = kernel_offsetof(k, "struct memblock_region", "base");
	long o_size = kernel_offsetof(k, "struct memblock_region", "size");
	long o_flags = kernel_offsetof(k, "struct memblock_region", "flags");
	uint64_t cnt, regs;
	if (o_mem < 0 || o_cnt < 0 || o_reg < 0 || rsz <= 0 || o_base < 0 || o_size < 0)
		return -1;
	uint64_t t = sym + (uint64_t)o_mem;
	int rc = kernel_read_u64(k, t + (uint64_t)o_cnt, &cnt);
	if (rc || (rc = kernel_read_u64(k, t + (uint64_t)o_reg, &regs)))
		return rc;
	if (cnt > KMEMMAP_MAX) {
		err_set("memblock.memory holds %llu regions: not a table", (unsigned long long)cnt);
		return -1;
	}
	m->source = "memblock";
	for (uint64_t i = 0; i < cnt; i++) {
		uint64_t r = regs + (uint64_t)rsz * i, b, s, f = 0;
		if ((rc = kernel_read_u64(k, r + (uint64_t)o_base, &b)) ||
		    (rc = kernel_read_u64(k, r + (uint64_t)o_size, &s)))
			return rc;
		if (o_flags >= 0 && kernel_read_member(k, r, "struct memblock_region", "flags", &f))
			f = 0;
		if (!s)		/* an empty table holds one zero-sized region */
			continue;
		add(m, b, s);
		enum_name(k, "enum memblock_flags", (int64_t)f, m->regions[m->n - 1].type,
			  sizeof(m->regions[0].type));
	}
	return 0;
}

int kmemmap_read(struct kernel *k, struct kmemmap *m)
{
	uint64_t sym;
	int rc;
	memset(m, 0, sizeof(*m));
	if (kernel_symbol(k, "e820_table", &sym) == 0)
		rc = read_e820(k, sym, m);
	else if (kernel_symbol(k, "memblock", &sym) == 0)
		rc = read_memblock(k, sym, m);
	else {
		err_set("the kernel keeps no memory map: neither e820_table nor memblock");
		return -1;
	}
	if (rc)
		kmemmap_free(m);
	return rc ? -1 : 0;
}

void kmemmap_free(struct kmemmap *m)
{
	free(m->regions);
	m->regions = NULL;
	m->n = 0;
}
