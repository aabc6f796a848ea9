/* The "types" test kernel: tests/unit/test_types.c checks the type model
 * (kernel-types/types.h) on its DWARF.  struct ty_opaque is declared in
 * types.h and defined only here, so a pointer member's type is a
 * declaration the model must complete by name. */
#include "types.h"

struct ty_opaque {
	int secret;
	unsigned long more[4];
};

static int ty_callback(struct ty_opaque *o, const char *fmt, ...)
{
	(void)fmt;
	return o ? o->secret : 0;
}

static void ty_nothing(void) {}

struct ty_opaque ty_hidden = { .secret = 42 };

struct ty_outer ty_object = {
	.c = 'A', .s1 = 1, .s2 = -2, .in = { 3, 4 }, .grid = { { 1, 2, 3 }, { 4, 5, 6 } },
	.f0 = 5, .f1 = -7, .f2 = 1234, .cv = 9, .cp = "const", .pc = 0, .w = 77,
	.cb = ty_callback, .fn = ty_nothing, .op = &ty_hidden, .small = TY_NEG,
	.flags = TY_C, .yes = 1,
};

enum ty_small ty_small_var = TY_POS;
int ty_matrix[4][5];
