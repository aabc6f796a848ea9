/* The kernel's message log (what `dmesg` shows), read from the dump.
 *
 * Two layouts exist: the lockless ring buffer of 5.10+ (symbol `prb`:
 * descriptors, info records and a text data ring) and the older
 * variable-length records in `log_buf` (struct printk_log).  Which one the
 * kernel has is probed from its symbols. */
#ifndef CRASH_KERNEL_TYPES_LINUX_PRINTK_H
#define CRASH_KERNEL_TYPES_LINUX_PRINTK_H

#include <stdbool.h>
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
	bool has_caller_id;	/* the kernel's records have a caller_id */
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

/* The first line of r's text into buf (at most len-1 bytes), trailing
 * blanks cut, any byte that is not printable ASCII made '?': a line safe
 * to compare and print whatever the dump holds. */
void printk_rec_first_line(const struct printk_rec *r, char *buf, size_t len);

/* One per-CPU printk safe buffer (struct printk_safe_seq_buf of 4.11 to
 * 5.10: nmi_print_seq, safe_print_seq), holding messages printed in NMI
 * or printk-recursion context that were not yet flushed to the log. */
struct printk_safe_buf {
	const char *name;	/* the per-CPU symbol */
	int cpu;
	uint64_t addr;		/* the buffer on that CPU */
	uint32_t len, message_lost;
	const char *text;	/* len bytes (bounded by the buffer's size) */
	size_t text_len;
};

/* Call cb for each CPU's safe buffers; a non-zero return of cb stops.
 * Returns the number of buffers seen, 0 with err_get() saying so when the
 * kernel has none (5.11+ prints NMI messages straight into the ring), or
 * -1 with err_get(). */
int printk_safe_walk(struct kernel *k, int (*cb)(void *arg, const struct printk_safe_buf *b),
		     void *arg);

/* Wall-clock seconds at boot (realtime minus boot-time clock), for
 * `log -T`; -1 when the timekeeper cannot be read. */
int printk_boot_wallclock(struct kernel *k, int64_t *sec);

#endif
