/* The kernel's VM counters, named by their enumerators as /proc/vmstat
 * and kmem -V/-z show them: the global vm_zone_stat, vm_node_stat,
 * vm_numa_stat (before 5.14) or vm_numa_event, the per-CPU
 * vm_event_states summed over CPUs, and a zone's own vm_stat[]. */
#ifndef CRASH_KERNEL_TYPES_LINUX_VMSTAT_H
#define CRASH_KERNEL_TYPES_LINUX_VMSTAT_H

#include <stddef.h>
#include <stdint.h>

struct kernel;

struct vmstat_item {
	const char *name;	/* the enumerator ("NR_FREE_PAGES"), lives as long as k */
	int64_t value;
	int rc;			/* 0, or the read error of this counter */
};

struct vmstat_set {
	const char *title;	/* "VM_ZONE_STAT", "VM_NODE_STAT", "VM_EVENT_STATES" */
	struct vmstat_item *items;
	size_t n;
};

enum vmstat_kind {
	VMSTAT_ZONE,		/* vm_zone_stat: enum zone_stat_item */
	VMSTAT_NODE,		/* vm_node_stat: enum node_stat_item */
	VMSTAT_NUMA,		/* vm_numa_stat or vm_numa_event: enum numa_stat_item */
	VMSTAT_EVENT,		/* vm_event_states, every CPU's: enum vm_event_item */
};

/* One set of global counters.  0 and *set (free with vmstat_free); 1 when
 * the kernel has no such counters; -1 with err_get() when it has them
 * but their names (the enum) cannot be found. */
int vmstat_global(struct kernel *k, enum vmstat_kind kind, struct vmstat_set *set);
/* The vm_stat[] of the struct zone at zone: same returns. */
int vmstat_zone(struct kernel *k, uint64_t zone, struct vmstat_set *set);
void vmstat_free(struct vmstat_set *set);

#endif
