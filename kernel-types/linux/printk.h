/* The kernel's message log (what `dmesg` shows), read from the dump.
 *
 * Two layouts exist: the lockless ring buffer of 5.10+ (symbol `prb`:
 * descriptors, info records and a text data ring) and the older
 * variable-length records in `log_buf` (struct printk_log).  Which one the
 * kernel has is probed from its symbols. */
#ifndef CRASH_KERNEL_TYPES_LINUX_PRINTK_H
#define CRASH_KERNEL_TYPES_LINUX_PRINTK_H

#include <stddef.h>
#include <stdint.h>

struct kernel;

struct printk_rec {
	uint64_t seq;
	uint64_t ts_nsec;	/* local_clock() at the message */
	int level;		/* 0..7 */
	int facility;
	unsigned flags;		/* LOG_NEWLINE 2, LOG_CONT 8 ... */
	uint32_t caller_id;	/* 0 when the kernel does not record it */
	const char *text;	/* not NUL-terminated; may hold '\n' */
	size_t text_len;
	/* dev_printk() origin (5.10+), "" when none. */
	char subsystem[17];
	char device[49];
};

/* Call cb for every readable record, oldest first; a non-zero return of cb
 * stops the walk and is returned.  Records whose descriptor or text cannot
 * be read are skipped (counted in *skipped when not NULL).  -1 with
 * err_get() when the kernel has no log the code understands, or the
 * read's KREAD_* code when the ring itself cannot be read. */
int printk_walk(struct kernel *k, int (*cb)(void *arg, const struct printk_rec *r),
		void *arg, unsigned *skipped);

/* Wall-clock seconds at boot (realtime minus boot-time clock), for
 * `log -T`; -1 when the timekeeper cannot be read. */
int printk_boot_wallclock(struct kernel *k, int64_t *sec);

#endif
