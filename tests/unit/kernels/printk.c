/* The "printk" test kernel, for tests/unit/test_log.c: the 5.10+ printk
 * ring buffer, empty (the test writes the records): prb points at
 * printk_rb_static, whose 4 descriptors are in the image; its infos and
 * its 64-byte text ring have a page of the direct map each. */
#include "printk.h"

static struct prb_desc _printk_rb_static_descs[1 << TK_DESC_BITS];
__direct __page_aligned struct printk_info _printk_rb_static_infos[1 << TK_DESC_BITS];
__direct __page_aligned char __log_buf[1 << TK_TEXT_BITS];

struct printk_ringbuffer printk_rb_static = {
	.desc_ring = { .count_bits = TK_DESC_BITS, .descs = _printk_rb_static_descs,
		       .infos = _printk_rb_static_infos },
	.text_data_ring = { .size_bits = TK_TEXT_BITS, .data = __log_buf },
};
struct printk_ringbuffer *prb = &printk_rb_static;
