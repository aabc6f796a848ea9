/* What `sys` shows of the crashed system: utsname, the time of the dump
 * and the uptime, load averages, the CPU clock, memory, the panic message
 * (from the printk text), the taint mask and the built-in .config.
 *
 * Part of the public API through kernel-types/linux/linux.h. */
#ifndef CRASH_KERNEL_TYPES_LINUX_SYSINFO_H
#define CRASH_KERNEL_TYPES_LINUX_SYSINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel-types/kernel.h"

struct ksysinfo {
	/* init_uts_ns.name; "" where unreadable */
	char sysname[65], nodename[65], release[65], version[65], machine[65];
	int64_t wall_secs;	/* seconds since the epoch (timekeeper), 0 if unknown */
	uint64_t uptime_secs;	/* from jiffies_64 and HZ */
	uint64_t avenrun[3];	/* load averages, fixed point (FSHIFT 11) */
	uint32_t cpu_khz;	/* cpu_khz, else tsc_khz; 0 if unknown */
	uint64_t mem_bytes;	/* RAM the kernel manages */
	char panic[256];	/* the last "Kernel panic - not syncing: " message, or "" */
};
/* Never fails: what cannot be read is left empty or 0. */
void ksys_info(struct kernel *k, struct ksysinfo *si);

/* The kernel's HZ (from tick_nsec; 1000 when it cannot be read). */
int ksys_hz(struct kernel *k);

/* The log line that says what happened when the panic string does not:
 * the first line of the oops report for "Fatal exception" (or a kdump
 * oops, which has no panic string), the WARNING line for panic_on_warn,
 * the soft lockup, hung task or hard lockup report for theirs.  1 with
 * buf set, 0 with buf "" when panic says enough or the log has nothing.
 * panic is ksysinfo.panic. */
int ksys_crash_msg(struct kernel *k, const char *panic, char *buf, size_t len);

/* tainted_mask and the flag letters of its bits (taint_flags[].c_true,
 * '?' for a bit without one).  0, or -1 with err_get() when the kernel
 * has no tainted_mask. */
int ksys_taint(struct kernel *k, uint64_t *mask, char *flags, size_t len);

/* The letter of TAINT_* bit `bit` (taint_flags[].c_true; '?' when the
 * kernel has none) into *letter, and its name and meaning, which are the
 * kernel's ABI (Documentation/admin-guide/tainted-kernels.rst): "" for a
 * bit this code does not know.  Never fails. */
void ksys_taint_bit(struct kernel *k, int bit, char *letter, const char **name, const char **what);

/* The kernel's .config (CONFIG_IKCONFIG: kernel_config_data, a gzip
 * stream between "IKCFG_ST" and "IKCFG_ED"), decompressed piece by piece
 * into emit.  0, or -1 with err_get() ("kernel_config_data does not exist
 * in this kernel", "... bad gzip data"). */
int ksys_config(struct kernel *k, void (*emit)(void *arg, const void *buf, size_t len), void *arg);

/* The system call table (sys_call_table): the function address of each
 * entry, by number, into *fns (malloc'ed, the caller frees it).  The
 * table's length is its symbol's size when the symbol table gives one,
 * else entries are taken while they point at kernel text (at most 4096).
 * The number of entries, or -1 with err_get(). */
int ksys_syscalls(struct kernel *k, uint64_t **fns);

/* The DMI strings the kernel kept from the firmware (dmi_ident[], indexed
 * by enum dmi_field): fn is called with the enumerator's name
 * ("DMI_BIOS_VENDOR") and the string for each entry that is set, in
 * enum order; a non-zero return of fn stops the walk and is returned.
 * 0, or -1 with err_get() when the kernel has no dmi_ident or no
 * enum dmi_field. */
int ksys_dmi(struct kernel *k, int (*fn)(void *arg, const char *field, const char *value),
	     void *arg);

#endif
