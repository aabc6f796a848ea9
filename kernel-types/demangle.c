/* Rust demangling through libiberty (see demangle.h). */
#include "kernel-types/demangle.h"

#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>

/* Symbols longer than this are not names a kernel emits; libiberty's
 * recursion is bounded, this bounds its time as well. */
#define DEMANGLE_MAX_LEN 4096

char *kdemangle_rust(const char *name)
{
	if (!name || strnlen(name, DEMANGLE_MAX_LEN + 1) > DEMANGLE_MAX_LEN)
		return NULL;
	/* DMGL_PARAMS keeps generic arguments; without DMGL_VERBOSE the
	 * legacy hash is left out. */
	return rust_demangle(name, DMGL_PARAMS | DMGL_ANSI);
}
