/* Types of the "sbitmap" test kernel (sbitmap.c): 6.1's struct
 * sbitmap_queue (include/linux/sbitmap.h) and an array its bits index.
 * Shared with tests/unit/test_sbitmap.c. */
#ifndef CRASH_TESTS_KERNELS_SBITMAP_H
#define CRASH_TESTS_KERNELS_SBITMAP_H

#include "tk_kernel.h"


struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

struct sbitmap_word {
	unsigned long word;
	unsigned long cleared;
	raw_spinlock_t swap_lock;
};

struct sbitmap {
	unsigned int depth;
	unsigned int shift;
	unsigned int map_nr;
	_Bool round_robin;
	struct sbitmap_word *map;
	unsigned int *alloc_hint;	/* __percpu */
};

struct sbq_wait_state {
	wait_queue_head_t wait;
};

struct sbitmap_queue {
	struct sbitmap sb;
	unsigned int wake_batch;
	atomic_t wake_index;
	struct sbq_wait_state *ws;
	atomic_t ws_active;
	unsigned int min_shallow_depth;
	atomic_t completion_cnt;
	atomic_t wakeup_cnt;
};

struct tk_req {
	int tag;
	long data;
};

#define TK_DEPTH 70
#endif
