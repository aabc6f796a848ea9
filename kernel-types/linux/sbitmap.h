/* A struct sbitmap_queue (the tag allocator of blk-mq and of SCSI
 * targets), read whole for `sbitmapq`: its sizes, per-cpu allocation
 * hints, wait queues and the bits in use, computed as the kernel's
 * sbitmap_queue_show() does.  Members are probed by name (sbitmap_word's
 * depth before 5.18, sbq_wait_state's wait_cnt before 6.1).
 *
 * Part of the public API through kernel-types/linux/linux.h. */
#ifndef CRASH_KERNEL_TYPES_LINUX_SBITMAP_H
#define CRASH_KERNEL_TYPES_LINUX_SBITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel-types/kernel.h"

#define KSBQ_WAIT_QUEUES 8	/* SBQ_WAIT_QUEUES: the kernel's ws[] length */
#define KSBQ_MAX_DEPTH (1u << 24) /* larger depths are refused as damage */

struct ksbq_ws {
	int64_t wait_cnt;	/* -1: the kernel has no wait_cnt (6.1+) */
	bool active;		/* someone waits on the queue */
};

struct ksbitmapq {
	uint64_t addr;
	uint32_t depth, shift, map_nr;
	bool round_robin;
	uint64_t busy, cleared;	/* set bits less cleared ones; cleared bits */
	int ncpus;
	uint32_t *alloc_hint;	/* per CPU; NULL when the kernel has none */
	uint32_t wake_batch, wake_index, ws_active, min_shallow_depth;
	bool has_ws_active, has_min_shallow_depth;
	struct ksbq_ws ws[KSBQ_WAIT_QUEUES];
	int nws;		/* 0 when ws is NULL */
	uint8_t *bitmap;	/* the tags in use (word & ~cleared), bit n of the
				   queue at byte n / 8, bit n % 8 */
	size_t bitmap_bytes;	/* (depth + 7) / 8 */
};

/* 0 and *q (free with ksbitmapq_free), or a negative value with err_get()
 * (a read's KREAD_* code; "not an sbitmap_queue" when sizes disagree). */
int ksbitmapq_read(struct kernel *k, uint64_t addr, struct ksbitmapq *q);
void ksbitmapq_free(struct ksbitmapq *q);
/* Whether tag n is in use. */
static inline bool ksbitmapq_bit(const struct ksbitmapq *q, uint64_t n)
{
	return n < q->depth && (q->bitmap[n / 8] >> (n % 8) & 1);
}

#endif
