/* Types of the "basic" test kernel (basic.c), shared with its test
 * (tests/unit/test_testkernel.c), which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_BASIC_H
#define CRASH_TESTS_KERNELS_BASIC_H

#include "tk_kernel.h"

enum tk_color { TK_RED = 7, TK_GREEN = -2, TK_BLUE = 1000 };

struct tk_item {
	int id;
	unsigned int on : 1;		/* bitfields: bits 0, 1-3, 4-15 */
	unsigned int kind : 3;
	unsigned int level : 12;
	union {				/* anonymous union with an anonymous struct */
		long raw;
		struct {
			int lo;
			int hi;
		};
	};
	struct list_head list;		/* on tk_items */
	struct rb_node node;		/* in tk_tree, by id */
	const char *name;
	char tag[8];
	enum tk_color color;
};

/* Per-CPU statistics. */
struct tk_stats {
	unsigned long events;
	struct tk_item *last;
	int cpu;
};

/* A buffer three pages long in vmalloc space. */
struct tk_vbuf {
	char page0[4096];
	char page1[4096];
	char page2[4096];
};

#endif
