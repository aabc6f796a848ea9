/* C-like expressions over the crashed kernel, for `p` and `eval`:
 * numbers, symbols, members (. ->), indexes, casts "(struct X *)addr",
 * unary * & - ~ !, and integer arithmetic.  A result is either an object
 * in kernel memory (an lvalue: type + address) or a plain value. */
#ifndef CRASH_KERNEL_TYPES_EXPR_H
#define CRASH_KERNEL_TYPES_EXPR_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel-types/kernel.h"
#include "kernel-types/types.h"

struct kexpr {
	bool has_type;		/* type is valid (an rvalue may have none) */
	struct kqtype type;
	bool lvalue;		/* the object lives at addr */
	uint64_t addr;
	uint64_t value;		/* rvalue (or the lvalue's value once read) */
	int bit_offset, bit_size; /* a bitfield lvalue */
	bool bare_symbol;	/* the whole expression was one symbol name */
};

/* Evaluate; 0, or -1 with err_get().  k may be NULL (numbers only). */
int kexpr_eval(struct kernel *k, const char *expr, struct kexpr *out);
/* The integer value of a result (reads an integer/pointer lvalue). */
int kexpr_int(struct kernel *k, struct kexpr *e, uint64_t *v);

#endif
