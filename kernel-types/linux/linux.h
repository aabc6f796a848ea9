/* The subsystem walkers: what crash knows about the Linux kernel's own
 * data structures, one concern per header (tasks, memory maps, files,
 * slab, page cache, swap, IPC, interrupts, the printk ring, wait queues,
 * timers, signals, run queues, mounts, devices, networking, modules).
 * Each returns data and never prints; the commands print.  They probe
 * struct members at run time and never test kernel versions.
 *
 * Part of the public API: extensions/crash-api.h includes this header. */
#ifndef CRASH_KERNEL_TYPES_LINUX_LINUX_H
#define CRASH_KERNEL_TYPES_LINUX_LINUX_H

#include "kernel-types/linux/devices.h"
#include "kernel-types/linux/files.h"
#include "kernel-types/linux/ipc.h"
#include "kernel-types/linux/irq.h"
#include "kernel-types/linux/meminfo.h"
#include "kernel-types/linux/mm.h"
#include "kernel-types/linux/modules.h"
#include "kernel-types/linux/mounts.h"
#include "kernel-types/linux/net.h"
#include "kernel-types/linux/page.h"
#include "kernel-types/linux/pagecache.h"
#include "kernel-types/linux/paths.h"
#include "kernel-types/linux/percpu.h"
#include "kernel-types/linux/printk.h"
#include "kernel-types/linux/sched.h"
#include "kernel-types/linux/signals.h"
#include "kernel-types/linux/slab.h"
#include "kernel-types/linux/swap.h"
#include "kernel-types/linux/sysinfo.h"
#include "kernel-types/linux/tasks.h"
#include "kernel-types/linux/timers.h"
#include "kernel-types/linux/vmalloc.h"
#include "kernel-types/linux/fuser.h"
#include "kernel-types/linux/waitq.h"
#include "kernel-types/linux/memmap.h"
#include "kernel-types/linux/bpf.h"
#include "kernel-types/linux/sbitmap.h"
#include "kernel-types/linux/audit.h"
#include "kernel-types/linux/vmstat.h"
#include "kernel-types/linux/zones.h"
#include "kernel-types/linux/hugetlb.h"
#include "kernel-types/linux/memsection.h"
#include "kernel-types/linux/triage.h"

#endif
