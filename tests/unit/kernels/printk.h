/* Types of the "printk" and "logbuf" test kernels (printk.c, logbuf.c):
 * the lockless ring buffer of 5.10+ (kernel/printk/printk_ringbuffer.h)
 * and the older log_buf records (struct printk_log of 3.5-5.9, without
 * CONFIG_PRINTK_CALLER).  Shared with tests/unit/test_log.c, which takes
 * offsets from them. */
#ifndef CRASH_TESTS_KERNELS_PRINTK_H
#define CRASH_TESTS_KERNELS_PRINTK_H

#include "tk_kernel.h"

/* the test's ring: 4 descriptors, 64 bytes of text */
#define TK_DESC_BITS 2
#define TK_TEXT_BITS 6

struct prb_desc_ring {
	unsigned int count_bits;
	struct prb_desc *descs;
	struct printk_info *infos;
	atomic_long_t head_id;
	atomic_long_t tail_id;
	atomic_long_t last_finalized_id;
};

struct prb_data_ring {
	unsigned int size_bits;
	char *data;
	atomic_long_t head_lpos;
	atomic_long_t tail_lpos;
};

struct printk_ringbuffer {
	struct prb_desc_ring desc_ring;
	struct prb_data_ring text_data_ring;
	atomic_long_t fail;
};

struct prb_data_blk_lpos {
	unsigned long begin;
	unsigned long next;
};

struct prb_desc {
	atomic_long_t state_var;
	struct prb_data_blk_lpos text_blk_lpos;
};

struct dev_printk_info {
	char subsystem[16];
	char device[48];
};

struct printk_info {
	u64 seq;
	u64 ts_nsec;
	u16 text_len;
	u8 facility;
	u8 flags : 5;
	u8 level : 3;
	u32 caller_id;
	struct dev_printk_info dev_info;
};

struct printk_log {
	u64 ts_nsec;
	u16 len;
	u16 text_len;
	u16 dict_len;
	u8 facility;
	u8 flags : 5;
	u8 level : 3;
};

#endif
