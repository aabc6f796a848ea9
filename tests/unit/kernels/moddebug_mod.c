/* The module of the "moddebug" test kernel (tests/unit/test_moddebug.c):
 * its object file, build/.../kernels/moddebug_mod.tk.o, is relocatable
 * with DWARF, as a .ko is; the test loads it as module tmod's debuginfo.
 * (Linked as a test kernel of its own too, which nothing uses.)  Keep
 * tmod_add first in .text and its "return" on the line marked: the test
 * finds the line by the marker. */
#include "tk_kernel.h"

/* a type only the module has */
struct tmod_state {
	int calls;
	long total;
	const char *label;
};

static struct tmod_state tmod_state = { .calls = 1, .total = 2, .label = "tmod" };
static int tmod_counter;

int tmod_add(int x)
{
	tmod_counter++;
	return x + tmod_state.calls; /* TMOD_ADD_RETURN */
}
