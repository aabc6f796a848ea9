/* Types of the "types" test kernel (types.c): what the type model must
 * describe as the compiler laid it out; tests/unit/test_types.c takes
 * offsetof() and sizeof() from these declarations. */
#ifndef CRASH_TESTS_KERNELS_TYPES_H
#define CRASH_TESTS_KERNELS_TYPES_H

#include "tk_kernel.h"

enum ty_small { TY_NEG = -3, TY_ZERO = 0, TY_POS = 5 };
enum ty_flags { TY_A = 1, TY_B = 2, TY_C = 0x80000000u };

struct ty_opaque;			/* only declared here; defined in types.c */

typedef unsigned long ty_word_t;
typedef ty_word_t ty_word2_t;
typedef int (*ty_cb_t)(struct ty_opaque *, const char *, ...);

struct ty_inner {
	short a;
	long b;
};

struct ty_outer {
	char c;
	union {
		long u1;
		struct {
			int s1;
			int s2;
		};
	};
	struct ty_inner in;
	struct ty_inner arr[3];
	int grid[2][3];
	unsigned int f0 : 3;
	signed int f1 : 5;
	unsigned int f2 : 12;
	const volatile int cv;
	const char *cp;
	char *const pc;
	ty_word2_t w;
	ty_cb_t cb;
	void (*fn)(void);
	struct ty_opaque *op;
	enum ty_small small;
	enum ty_flags flags;
	_Bool yes;
	char tail[];
};

#endif
