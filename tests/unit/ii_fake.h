/* A fake kernel for the unit tests of log, ipcs, irq and waitq: a few
 * memory regions, a table of struct member offsets and sizes, and symbols,
 * served through ii_set_ops(). */
#ifndef CRASH_TESTS_II_FAKE_H
#define CRASH_TESTS_II_FAKE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/ipcirq_access.h"

struct fake_region { uint64_t base; size_t len; uint8_t *mem; };
struct fake_off { const char *type, *member; long off, size; };
struct fake_sym { const char *name; uint64_t addr; };

static struct fake_region fake_regions[16];
static int fake_nregions;
static const struct fake_off *fake_offs;
static const struct fake_sym *fake_syms;

/* Memory at [base, base+len), zeroed; returns a pointer to fill it. */
static inline uint8_t *fake_mem(uint64_t base, size_t len)
{
	struct fake_region *r = &fake_regions[fake_nregions++];
	r->base = base;
	r->len = len;
	r->mem = calloc(1, len);
	return r->mem;
}

static inline uint8_t *fake_at(uint64_t addr)
{
	for (int i = 0; i < fake_nregions; i++)
		if (addr >= fake_regions[i].base && addr < fake_regions[i].base + fake_regions[i].len)
			return fake_regions[i].mem + (addr - fake_regions[i].base);
	return NULL;
}

static inline void fake_put64(uint64_t addr, uint64_t v) { memcpy(fake_at(addr), &v, 8); }
static inline void fake_put32(uint64_t addr, uint32_t v) { memcpy(fake_at(addr), &v, 4); }
static inline void fake_put16(uint64_t addr, uint16_t v) { memcpy(fake_at(addr), &v, 2); }
static inline void fake_put8(uint64_t addr, uint8_t v) { *fake_at(addr) = v; }

static inline int fake_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	(void)arg;
	for (int i = 0; i < fake_nregions; i++) {
		struct fake_region *r = &fake_regions[i];
		if (addr >= r->base && addr - r->base <= r->len && len <= r->len - (addr - r->base)) {
			memcpy(buf, r->mem + (addr - r->base), len);
			return 0;
		}
	}
	err_set("fake: no memory at %#llx", (unsigned long long)addr);
	return -1;
}

static inline const struct fake_off *fake_find(const char *type, const char *member)
{
	for (const struct fake_off *o = fake_offs; o && o->type; o++)
		if (!strcmp(o->type, type) && ((!member && !o->member) || (member && o->member && !strcmp(o->member, member))))
			return o;
	return NULL;
}

static inline long fake_offset(void *arg, const char *type, const char *member)
{
	(void)arg;
	const struct fake_off *o = fake_find(type, member);
	return o ? o->off : -1;
}

static inline long fake_member_size(void *arg, const char *type, const char *member)
{
	(void)arg;
	const struct fake_off *o = fake_find(type, member);
	return o ? o->size : -1;
}

/* A type's size is an entry with member NULL and the size in off. */
static inline long fake_size(void *arg, const char *type)
{
	(void)arg;
	const struct fake_off *o = fake_find(type, NULL);
	return o ? o->off : -1;
}

static inline int fake_symbol(void *arg, const char *name, uint64_t *addr)
{
	(void)arg;
	for (const struct fake_sym *s = fake_syms; s && s->name; s++)
		if (!strcmp(s->name, name)) {
			*addr = s->addr;
			return 0;
		}
	err_set("fake: no symbol %s", name);
	return -1;
}

static inline const char *fake_symbol_near(void *arg, uint64_t addr, uint64_t *off)
{
	(void)arg;
	const struct fake_sym *best = NULL;
	for (const struct fake_sym *s = fake_syms; s && s->name; s++)
		if (s->addr <= addr && (!best || s->addr > best->addr))
			best = s;
	if (!best)
		return NULL;
	*off = addr - best->addr;
	return best->name;
}

static const struct ii_ops fake_ops = {
	fake_read, fake_offset, fake_member_size, fake_size, fake_symbol, fake_symbol_near, NULL,
};

static inline void fake_reset(const struct fake_off *offs, const struct fake_sym *syms)
{
	for (int i = 0; i < fake_nregions; i++)
		free(fake_regions[i].mem);
	fake_nregions = 0;
	fake_offs = offs;
	fake_syms = syms;
	ii_set_ops(&fake_ops);
}

#endif
