/* The "sbitmap" test kernel, for tests/unit/test_sbitmap.c: a queue of
 * 70 tags in 3 words of 32 bits, with
 *   word 0: bits 4, 5 set, bit 4 cleared   (in use: 5)
 *   word 1: bits 0, 31 set                 (in use: 32, 63)
 *   word 2: 0xff, of which the 6 bits of the queue's depth count (64-69)
 * so busy = 10 set - 1 cleared = 9; wait queue 2 has a waiter; the
 * allocation hint is 3 on CPU 0 and 7 on CPU 1; tk_reqs[] is the array
 * the tags index, tk_req_ptrs[] the same as pointers. */
#include "sbitmap.h"

DEFINE_PER_CPU(unsigned int, sbq_hint) = 3;
PER_CPU_INIT(1, sbq_hint) = 7;

__direct struct sbitmap_word sbq_words[3] = {
	{ .word = 0x30, .cleared = 0x10 },
	{ .word = 0x80000001 },
	{ .word = 0xff },
};

__direct struct list_head sbq_waiter;
__direct struct sbq_wait_state sbq_ws[8] = {
#define IDLE(i) [i] = { .wait = { .head = { &sbq_ws[i].wait.head, &sbq_ws[i].wait.head } } }
	IDLE(0), IDLE(1), IDLE(3), IDLE(4), IDLE(5), IDLE(6), IDLE(7),
	[2] = { .wait = { .head = { &sbq_waiter, &sbq_waiter } } },
};

struct sbitmap_queue tk_sbq = {
	.sb = { .depth = TK_DEPTH, .shift = 5, .map_nr = 3, .map = sbq_words, .alloc_hint = &sbq_hint },
	.wake_batch = 8, .wake_index = { 2 }, .ws = sbq_ws, .ws_active = { 1 },
	.min_shallow_depth = 4294967295u,
};

/* a queue whose map_nr disagrees with its depth */
struct sbitmap_queue tk_bad_sbq = { .sb = { .depth = 70, .shift = 5, .map_nr = 9 } };

__direct struct tk_req tk_reqs[TK_DEPTH];
__direct struct tk_req *tk_req_ptrs[TK_DEPTH] = {
	[5] = &tk_reqs[5], [32] = &tk_reqs[32], [63] = &tk_reqs[63], [64] = &tk_reqs[64],
	[65] = &tk_reqs[65], [66] = &tk_reqs[66], [67] = &tk_reqs[67], [68] = &tk_reqs[68],
	[69] = &tk_reqs[69],
};
