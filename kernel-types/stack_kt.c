/* The typed-reader services stack.c and bt use (stack_kt.h).
 * TEMPORARY: until the kernel-types API lands these report "no kernel
 * support"; they become thin calls into it:
 *   ktx_symbol         vmlinux symbol + KASLR offset (0 if none)
 *   ktx_percpu_symbol  raw value of a .data..percpu symbol (its offset in
 *                      a CPU's area; __per_cpu_offset[cpu] is added here)
 *   ktx_member_offset  DWARF member offset, dotted paths ("thread.sp",
 *                      "arch.num_orcs", "core_layout.base"); type names
 *                      are struct tags without "struct "
 *   ktx_member_size    byte size of that member's type
 *   ktx_type_size      byte size of struct TYPE
 *   ktx_read           arch_read_kvirt()
 *   ktx_cpu_regs       arch_cpu_regs(); note it returns the CPU count, so
 *                      return 0 only when cpu < count and regs->valid
 *   ktx_symbolize      address -> symbol name + offset (+ module name)
 *   ktx_srcline        address - KASLR -> srcline_dwarf() below */
#include "kernel-types/stack_kt.h"

#include "common/err.h"

static int none(void)
{
	err_set("no kernel support built");
	return -1;
}

uint64_t ktx_symbol(struct kernel *k, const char *name)
{
	(void)k; (void)name;
	return 0;
}

int ktx_percpu_symbol(struct kernel *k, const char *name, uint64_t *off)
{
	(void)k; (void)name; (void)off;
	return none();
}

int ktx_member_offset(struct kernel *k, const char *type, const char *member, long *off)
{
	(void)k; (void)type; (void)member; (void)off;
	return none();
}

int ktx_member_size(struct kernel *k, const char *type, const char *member, long *size)
{
	(void)k; (void)type; (void)member; (void)size;
	return none();
}

int ktx_type_size(struct kernel *k, const char *type, long *size)
{
	(void)k; (void)type; (void)size;
	return none();
}

int ktx_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	(void)k; (void)addr; (void)buf; (void)len;
	return none();
}

int ktx_cpu_regs(struct kernel *k, int cpu, struct arch_regs *r)
{
	(void)k; (void)cpu; (void)r;
	return none();
}

int ktx_symbolize(struct kernel *k, uint64_t addr, char *buf, size_t len, uint64_t *off,
		  const char **module)
{
	(void)k; (void)addr; (void)buf; (void)len; (void)off; (void)module;
	return none();
}

int ktx_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line)
{
	(void)k; (void)addr; (void)file; (void)len; (void)line;
	return none();
}

/* Source line of a link-time (unrelocated) address from the vmlinux's
 * DWARF line tables; for ktx_srcline once the kernel's Dwarf handle is
 * reachable. */
#include <elfutils/libdw.h>
#include <stdio.h>

__attribute__((unused)) static int srcline_dwarf(Dwarf *dw, uint64_t addr, char *file,
						 size_t len, int *line)
{
	Dwarf_Die cu;
	if (!dw || !dwarf_addrdie(dw, addr, &cu))
		return -1;
	Dwarf_Line *l = dwarf_getsrc_die(&cu, addr);
	const char *src = l ? dwarf_linesrc(l, NULL, NULL) : NULL;
	if (!src || dwarf_lineno(l, line))
		return -1;
	snprintf(file, len, "%s", src);
	return 0;
}
