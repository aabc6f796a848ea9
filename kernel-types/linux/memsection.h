/* SPARSEMEM's memory sections (struct mem_section), as kmem -n lists
 * them: the mem_section table (two levels under SPARSEMEM_EXTREME), each
 * present section's encoded mem_map and state bits.  The section size is
 * VMCOREINFO's NUMBER(SECTION_SIZE_BITS), an architecture's constant the
 * kernel exports for dump tools. */
#ifndef CRASH_KERNEL_TYPES_LINUX_MEMSECTION_H
#define CRASH_KERNEL_TYPES_LINUX_MEMSECTION_H

#include <stdint.h>

struct kernel;

/* The state bits of section_mem_map, in crash's letters. */
enum {
	MEMSECTION_PRESENT = 1,	/* P: SECTION_MARKED_PRESENT */
	MEMSECTION_MEM_MAP = 2,	/* M: SECTION_HAS_MEM_MAP */
	MEMSECTION_ONLINE = 4,	/* O: SECTION_IS_ONLINE */
	MEMSECTION_EARLY = 8,	/* E: SECTION_IS_EARLY */
	MEMSECTION_DEVICE = 16,	/* D: SECTION_TAINT_ZONE_DEVICE */
};

struct memsection_info {
	uint64_t nr;		/* section number */
	uint64_t addr;		/* the struct mem_section */
	uint64_t coded;		/* section_mem_map without its state bits */
	uint64_t mem_map;	/* the section's first struct page */
	uint64_t pfn;		/* its first page frame */
	unsigned state;		/* MEMSECTION_* */
};

/* Every present section below max_pfn, in order; cb returns non-zero to
 * stop.  The number seen, or -1 with err_get() (no SPARSEMEM, no
 * SECTION_SIZE_BITS in VMCOREINFO). */
int memsection_foreach(struct kernel *k,
		       int (*cb)(void *arg, const struct memsection_info *s), void *arg);

/* The memory blocks of memory hotplug (struct memory_block in the
 * memory_blocks xarray, 5.8+), /sys/devices/system/memory/memoryN. */
struct memblock_info {
	uint64_t addr;		/* the struct memory_block */
	char name[32];		/* its device's name, "memory0" */
	uint64_t start, end;	/* physical [start, end] (end inclusive) */
	int nid;
	uint64_t state;		/* MEM_ONLINE... (an enum since 6.x, bits before) */
	char state_name[16];	/* "ONLINE", "GOING_OFFLINE", "OFFLINE", or "" */
	uint64_t start_section;
};

/* Every memory block in index order; cb returns non-zero to stop.  The
 * number seen, or -1 with err_get() when the kernel keeps no
 * memory_blocks xarray. */
int memblock_foreach(struct kernel *k, int (*cb)(void *arg, const struct memblock_info *b),
		     void *arg);

#endif
