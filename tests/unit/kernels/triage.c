/* The "triage" test kernel, for tests/unit/test_triage.c: the kernel's
 * taint_flags table (the letters of the TAINT_* bits, 6.1's layout) and a
 * tainted_mask with TAINT_DIE, TAINT_OOT_MODULE and
 * TAINT_UNSIGNED_MODULE set, as a dump after an out-of-tree module's
 * oops has them. */
#include "tk_kernel.h"

struct taint_flag {
	char c_true;
	char c_false;
	_Bool module;
};

const struct taint_flag taint_flags[19] = {
	{'P', 'G', 1}, {'F', ' ', 1}, {'S', ' ', 0}, {'R', ' ', 0}, {'M', ' ', 0},
	{'B', ' ', 0}, {'U', ' ', 0}, {'D', ' ', 0}, {'A', ' ', 0}, {'W', ' ', 0},
	{'C', ' ', 1}, {'I', ' ', 0}, {'O', ' ', 1}, {'E', ' ', 1}, {'L', ' ', 0},
	{'K', ' ', 1}, {'X', ' ', 1}, {'T', ' ', 1}, {'N', ' ', 1},
};

unsigned long tainted_mask = (1UL << 7) | (1UL << 12) | (1UL << 13);
