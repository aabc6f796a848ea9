/* The typed-reader services stack.c and bt use (stack_kt.h), as thin
 * calls into kernel.h:
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

#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/dwarf.h"

static const char *struct_name(char *buf, size_t len, const char *type)
{
	snprintf(buf, len, "struct %s", type);
	return buf;
}

uint64_t ktx_symbol(struct kernel *k, const char *name)
{
	uint64_t a;
	return kernel_symbol(k, name, &a) == 0 ? a : 0;
}

int ktx_percpu_symbol(struct kernel *k, const char *name, uint64_t *off)
{
	const struct ksym *s = symtab_find(kernel_symtab(k), name);
	if (!s) {
		err_set("%s: symbol not found", name);
		return -1;
	}
	*off = s->value;
	return 0;
}

int ktx_member_offset(struct kernel *k, const char *type, const char *member, long *off)
{
	char t[128];
	long o = kernel_offsetof(k, struct_name(t, sizeof(t), type), member);
	if (off)
		*off = o;
	return o < 0 ? -1 : 0;
}

int ktx_member_size(struct kernel *k, const char *type, const char *member, long *size)
{
	char t[128];
	long sz = kernel_member_size(k, struct_name(t, sizeof(t), type), member);
	if (size)
		*size = sz;
	return sz < 0 ? -1 : 0;
}

int ktx_type_size(struct kernel *k, const char *type, long *size)
{
	char t[128];
	long sz = kernel_sizeof(k, struct_name(t, sizeof(t), type));
	if (size)
		*size = sz;
	return sz < 0 ? -1 : 0;
}

int ktx_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	return kernel_read(k, addr, buf, len);
}

int ktx_cpu_regs(struct kernel *k, int cpu, struct arch_regs *r)
{
	int n = arch_cpu_regs(kernel_arch(k), cpu, r);
	if (cpu < 0 || cpu >= n || !r->valid) {
		err_set("no registers saved for cpu %d", cpu);
		return -1;
	}
	return 0;
}

int ktx_symbolize(struct kernel *k, uint64_t addr, char *buf, size_t len, uint64_t *off,
		  const char **module)
{
	const char *name = kernel_symbol_at(k, addr, off);
	*module = NULL;
	if (!name)
		return -1;
	snprintf(buf, len, "%s", name);
	/* frames in module code end with " [module]", as crash prints them */
	*module = kernel_symbol_module(k, addr, NULL);
	return 0;
}

int ktx_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line)
{
	return kernel_srcline(k, addr, file, len, line);
}

