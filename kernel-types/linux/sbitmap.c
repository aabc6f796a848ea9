/* struct sbitmap_queue, read for sbitmapq (sbitmap.h). */
#include "kernel-types/linux/sbitmap.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#define Q "struct sbitmap_queue"
#define W "struct sbitmap_word"

static int rd(struct kernel *k, uint64_t addr, const char *type, const char *m, uint64_t *v)
{
	return kernel_read_member(k, addr, type, m, v);
}

int ksbitmapq_read(struct kernel *k, uint64_t addr, struct ksbitmapq *q)
{
	uint64_t v, map, hint, ws;
	int rc;
	memset(q, 0, sizeof(*q));
	q->addr = addr;
	long wsz = kernel_sizeof(k, W), o_word = kernel_offsetof(k, W, "word"),
	     o_clr = kernel_offsetof(k, W, "cleared");
	if (wsz <= 0 || o_word < 0 || kernel_offsetof(k, Q, "sb") < 0) {
		err_set("this kernel has no struct sbitmap_queue it can read");
		return -1;
	}
	if ((rc = rd(k, addr, Q, "sb.depth", &v)))
		return rc;
	q->depth = (uint32_t)v;
	if ((rc = rd(k, addr, Q, "sb.shift", &v)))
		return rc;
	q->shift = (uint32_t)v;
	if ((rc = rd(k, addr, Q, "sb.map_nr", &v)))
		return rc;
	q->map_nr = (uint32_t)v;
	if (rd(k, addr, Q, "sb.round_robin", &v) == 0)
		q->round_robin = v != 0;
	if ((rc = rd(k, addr, Q, "sb.map", &map)))
		return rc;
	/* a queue is depth bits in map_nr words of 1 << shift bits */
	uint64_t bpw = q->shift < 64 ? 1ull << q->shift : 0;
	if (q->depth > KSBQ_MAX_DEPTH || !bpw || bpw > 64 ||
	    q->map_nr != (q->depth + bpw - 1) / bpw) {
		err_set("%llx: not an sbitmap_queue (depth %u, shift %u, map_nr %u)",
			(unsigned long long)addr, q->depth, q->shift, q->map_nr);
		return -1;
	}
	q->bitmap_bytes = (q->depth + 7) / 8;
	q->bitmap = xcalloc(q->bitmap_bytes + 1, 1);
	bool word_depth = kernel_offsetof(k, W, "depth") >= 0;	/* before 5.18 */
	for (uint32_t i = 0; i < q->map_nr; i++) {
		uint64_t w = map + (uint64_t)wsz * i, word, clr = 0, d;
		if ((rc = kernel_read_u64(k, w + (uint64_t)o_word, &word)) ||
		    (o_clr >= 0 && (rc = kernel_read_u64(k, w + (uint64_t)o_clr, &clr))))
			goto fail;
		if (word_depth) {
			if ((rc = rd(k, w, W, "depth", &d)))
				goto fail;
		} else {
			d = i + 1 < q->map_nr ? bpw : q->depth - (uint64_t)i * bpw;
		}
		if (d > bpw)
			d = bpw;
		uint64_t mask = d >= 64 ? ~0ull : (1ull << d) - 1;
		q->busy += (uint64_t)__builtin_popcountll(word & mask);
		q->cleared += (uint64_t)__builtin_popcountll(clr & mask);
		uint64_t used = word & ~clr & mask;
		for (uint64_t b = 0; b < d; b++)
			if (used >> b & 1) {
				uint64_t n = (uint64_t)i * bpw + b;
				q->bitmap[n / 8] |= (uint8_t)(1u << (n % 8));
			}
	}
	q->busy -= q->busy >= q->cleared ? q->cleared : q->busy;
	/* per-cpu allocation hints: in the sbitmap since 5.13, before in
	 * the queue */
	q->ncpus = kernel_nr_cpus(k);
	if ((rd(k, addr, Q, "sb.alloc_hint", &hint) == 0 || rd(k, addr, Q, "alloc_hint", &hint) == 0) &&
	    hint) {
		q->alloc_hint = xcalloc((size_t)q->ncpus, sizeof(*q->alloc_hint));
		for (int c = 0; c < q->ncpus; c++) {
			uint64_t a;
			uint32_t h = 0;
			if (kernel_percpu_ptr(k, hint, c, &a) == 0 && kernel_read_u32(k, a, &h) == 0)
				q->alloc_hint[c] = h;
		}
	}
	if ((rc = rd(k, addr, Q, "wake_batch", &v)))
		goto fail;
	q->wake_batch = (uint32_t)v;
	if ((rc = rd(k, addr, Q, "wake_index", &v)))
		goto fail;
	q->wake_index = (uint32_t)v;
	if ((q->has_ws_active = rd(k, addr, Q, "ws_active", &v) == 0))
		q->ws_active = (uint32_t)v;
	if ((q->has_min_shallow_depth = rd(k, addr, Q, "min_shallow_depth", &v) == 0))
		q->min_shallow_depth = (uint32_t)v;
	/* the wait queues: ws[SBQ_WAIT_QUEUES] */
	long ssz = kernel_sizeof(k, "struct sbq_wait_state");
	long o_head = kernel_offsetof(k, "struct sbq_wait_state", "wait.head");
	bool cnt = kernel_offsetof(k, "struct sbq_wait_state", "wait_cnt") >= 0;
	if ((rc = rd(k, addr, Q, "ws", &ws)))
		goto fail;
	if (ws && ssz > 0 && o_head >= 0) {
		for (int i = 0; i < KSBQ_WAIT_QUEUES; i++) {
			uint64_t s = ws + (uint64_t)ssz * (uint64_t)i, next;
			q->ws[i].wait_cnt = -1;
			if (cnt && (rc = rd(k, s, "struct sbq_wait_state", "wait_cnt", &v)) == 0)
				q->ws[i].wait_cnt = (int64_t)(int32_t)v;
			if (rc || (rc = kernel_read_u64(k, s + (uint64_t)o_head, &next)))
				goto fail;
			q->ws[i].active = next != s + (uint64_t)o_head;
		}
		q->nws = KSBQ_WAIT_QUEUES;
	}
	return 0;
fail:
	ksbitmapq_free(q);
	return rc;
}

void ksbitmapq_free(struct ksbitmapq *q)
{
	free(q->bitmap);
	free(q->alloc_hint);
	q->bitmap = NULL;
	q->alloc_hint = NULL;
}
