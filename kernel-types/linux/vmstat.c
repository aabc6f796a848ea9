/* The VM counters by name; see vmstat.h. */
#include "kernel-types/linux/vmstat.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/types.h"

/* Items of a counter enum below its NR_ sentinel (NR_VM_ZONE_STAT_ITEMS);
 * the enumerators in value order, as the kernel indexes its arrays. */
static int enum_items(struct kernel *k, const char *type, const char *sentinel,
		      struct vmstat_set *set)
{
	struct kqtype qt;
	int64_t nr = -1;
	if (ktype_lookup(k, type, &qt) != 0 || !qt.type || ktype_kind(qt.type) != KT_ENUM) {
		err_set("no %s in the kernel's types", type);
		return -1;
	}
	kernel_enum_value(k, sentinel, &nr);
	size_t ne = ktype_nenumerators(qt.type);
	if (nr < 0 || (uint64_t)nr > ne)
		nr = (int64_t)ne;
	set->items = xcalloc(nr ? (size_t)nr : 1, sizeof(*set->items));
	set->n = 0;
	for (size_t i = 0; i < ne; i++) {
		const struct kenumerator *e = ktype_enumerator_at(qt.type, i);
		if (!e || e->value < 0 || e->value >= nr)
			continue;
		/* of two names of one value (NR_LRU_BASE, NR_INACTIVE_ANON)
		 * the later one, the counter's own */
		set->items[e->value].name = e->name;
	}
	set->n = (size_t)nr;
	/* an unnamed slot (cannot be in a well-formed enum) keeps a name */
	for (size_t i = 0; i < set->n; i++)
		if (!set->items[i].name)
			set->items[i].name = "?";
	return 0;
}

/* atomic_long_t counters at base, one per item. */
static void read_array(struct kernel *k, uint64_t base, struct vmstat_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		uint64_t v = 0;
		set->items[i].rc = kernel_read_u64(k, base + 8 * i, &v);
		set->items[i].value = (int64_t)v;
	}
}

/* vm_event_states: per CPU, unsigned long event[]; summed as
 * all_vm_events() does. */
static void read_events(struct kernel *k, const char *sym, struct vmstat_set *set)
{
	int ncpu = kernel_nr_cpus(k);
	long off = kernel_offsetof(k, "struct vm_event_state", "event");
	if (off < 0)
		off = 0;
	for (size_t i = 0; i < set->n; i++)
		set->items[i].rc = KREAD_NOT_MAPPED;
	for (int c = 0; c < ncpu; c++) {
		uint64_t base;
		if (kernel_percpu_symbol(k, sym, c, &base) != 0)
			continue;
		for (size_t i = 0; i < set->n; i++) {
			uint64_t v;
			if (kernel_read_u64(k, base + (uint64_t)off + 8 * i, &v) != 0)
				continue;
			set->items[i].value += (int64_t)v;
			set->items[i].rc = 0;
		}
	}
}

int vmstat_global(struct kernel *k, enum vmstat_kind kind, struct vmstat_set *set)
{
	static const struct {
		const char *sym, *title, *type, *sentinel;
	} tab[] = {
		[VMSTAT_ZONE] = { "vm_zone_stat", "VM_ZONE_STAT", "enum zone_stat_item",
				  "NR_VM_ZONE_STAT_ITEMS" },
		[VMSTAT_NODE] = { "vm_node_stat", "VM_NODE_STAT", "enum node_stat_item",
				  "NR_VM_NODE_STAT_ITEMS" },
		[VMSTAT_NUMA] = { "vm_numa_stat", "VM_NUMA_STAT", "enum numa_stat_item",
				  "NR_VM_NUMA_STAT_ITEMS" },
		[VMSTAT_EVENT] = { "vm_event_states", "VM_EVENT_STATES", "enum vm_event_item",
				   "NR_VM_EVENT_ITEMS" },
	};
	uint64_t a;
	const char *sym = tab[kind].sym, *title = tab[kind].title, *sentinel = tab[kind].sentinel;

	memset(set, 0, sizeof(*set));
	if (kernel_symbol(k, sym, &a) != 0) {
		if (kind != VMSTAT_NUMA)
			return 1;
		/* 5.14+: the NUMA counters are events, in vm_numa_event */
		sym = "vm_numa_event";
		title = "VM_NUMA_EVENT";
		sentinel = "NR_VM_NUMA_EVENT_ITEMS";
		if (kernel_symbol(k, sym, &a) != 0)
			return 1;
	}
	if (enum_items(k, tab[kind].type, sentinel, set) != 0)
		return -1;
	set->title = title;
	if (kind == VMSTAT_EVENT)
		read_events(k, sym, set);
	else
		read_array(k, a, set);
	return 0;
}

int vmstat_zone(struct kernel *k, uint64_t zone, struct vmstat_set *set)
{
	long off = kernel_offsetof(k, "struct zone", "vm_stat");
	memset(set, 0, sizeof(*set));
	if (off < 0)
		return 1;
	if (enum_items(k, "enum zone_stat_item", "NR_VM_ZONE_STAT_ITEMS", set) != 0)
		return -1;
	set->title = "VM_STAT";
	read_array(k, zone + (uint64_t)off, set);
	return 0;
}

void vmstat_free(struct vmstat_set *set)
{
	free(set->items);
	set->items = NULL;
	set->n = 0;
}
