/* kernel_srcline(): the one lookup of a text address's source line, in
 * the vmlinux's DWARF line tables (link-time addresses: KASLR is taken
 * off first). */
#include <elfutils/libdw.h>
#include <stdio.h>

#include "common/err.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/kernel.h"

int kernel_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line)
{
	Dwarf *dw = kernel_dwarf(k);
	uint64_t link = addr - kernel_kaslr_offset(k);
	Dwarf_Die cu;

	if (!dw) {
		err_set("no line information: the session has no debuginfo");
		return -1;
	}
	Dwarf_Line *l = dwarf_addrdie(dw, link, &cu) ? dwarf_getsrc_die(&cu, link) : NULL;
	const char *src = l ? dwarf_linesrc(l, NULL, NULL) : NULL;
	if (!src || dwarf_lineno(l, line) != 0) {
		err_set("no line information for %llx", (unsigned long long)addr);
		return -1;
	}
	snprintf(file, len, "%s", src);
	return 0;
}
