/* Types of the "expr" test kernel (expr.c): what tests/unit/test_expr_grammar.c
 * evaluates expressions over, with the values gdb prints for them. */
#ifndef CRASH_TESTS_KERNELS_EXPR_H
#define CRASH_TESTS_KERNELS_EXPR_H

#include "tk_kernel.h"

enum ex_color { EX_RED, EX_GREEN = 5, EX_BLUE };
enum ex_bits { EX_BIT0 = 1, EX_BIT1 = 2, EX_BIT3 = 8 };

typedef int ex_int_t;
typedef struct ex_pair { int a, b; } ex_pair_t;

struct ex_node {
	int id;
	char name[16];
	struct ex_node *next;
	struct list_head list;
	unsigned int f3 : 3;
	signed int fs : 4;
	unsigned int f9 : 9;
	enum ex_color color;
	_Bool on;
	union {
		long lval;
		unsigned char bytes[8];
	} u;
	ex_pair_t pair;
	int (*op)(int, int);
	const char *label;
	short vals[4];
};

struct ex_stat {
	unsigned long count;
	int cpu;
};

#endif
