/* TEMPORARY: weak stand-ins for the kernel-types and readers layers so
 * that the shell builds and runs on its own.  The real definitions (strong
 * symbols in libcrashcore.a) replace these at link time; once they exist
 * this file can be deleted. */
#include <stddef.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "readers/dump.h"

__attribute__((weak)) struct kernel *kernel_open(const struct kernel_open_opts *opts)
{
	(void)opts;
	err_set("no kernel support built");
	return NULL;
}

__attribute__((weak)) void kernel_close(struct kernel *k)
{
	(void)k;
}

__attribute__((weak)) struct dump *kernel_dump(struct kernel *k)
{
	(void)k;
	return NULL;
}

__attribute__((weak)) void dump_describe(const struct dump *d,
					 void (*emit)(void *arg, const char *line), void *arg)
{
	(void)d;
	emit(arg, "no dump support built");
}

__attribute__((weak)) enum dump_page_state dump_page_state(struct dump *d, uint64_t paddr)
{
	(void)d;
	(void)paddr;
	return DUMP_PAGE_NOT_RAM;
}

__attribute__((weak)) const struct dump_info *dump_get_info(const struct dump *d)
{
	(void)d;
	return NULL;
}
