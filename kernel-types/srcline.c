/* kernel_srcline(): the one lookup of a text address's source line, in
 * the vmlinux's DWARF line tables (link-time addresses: KASLR is taken
 * off first), or, for module code, in the line tables of the module's
 * debuginfo when it is loaded (moddebug.c; run-time addresses). */
#include <elfutils/libdw.h>
#include <stdio.h>

#include "common/err.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/kernel.h"
#include "kernel-types/moddebug.h"

int kernel_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line)
{
	Dwarf *dw = kernel_dwarf(k);
	uint64_t link = addr - kernel_kaslr_offset(k);
	Dwarf_Die cu;
	char mtype;
	const char *mod;
	int rc = moddebug_srcline(k, addr, file, len, line);

	if (rc <= 0)
		return rc;
	if ((mod = kernel_symbol_module(k, addr, &mtype))) {
		err_set("no line information for %llx: no debuginfo of module %s loaded (mod -s %s)",
			(unsigned long long)addr, mod, mod);
		return -1;
	}
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
