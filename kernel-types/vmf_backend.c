/* vmf_access.h on the kernel-types API (kernel.h, dwarf.h, arch.h). */
#include "kernel-types/vmf_backend.h"

#include <dwarf.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/dwarf.h"

int vmfb_read(struct kernel *k, uint64_t kaddr, void *buf, size_t len)
{
	return kernel_read(k, kaddr, buf, len);
}

long vmfb_offset(struct kernel *k, const char *type, const char *member)
{
	return kernel_offsetof(k, type, member);
}

long vmfb_member_size(struct kernel *k, const char *type, const char *member)
{
	return kernel_member_size(k, type, member);
}

long vmfb_sizeof(struct kernel *k, const char *type)
{
	return kernel_sizeof(k, type);
}

const char *vmfb_member_type(struct kernel *k, const char *type, const char *member)
{
	return kernel_member_type(k, type, member);
}

int vmfb_enum_value(struct kernel *k, const char *name, int64_t *value)
{
	return kernel_enum_value(k, name, value);
}

int vmfb_symbol(struct kernel *k, const char *name, uint64_t *addr)
{
	return kernel_symbol(k, name, addr);
}

const char *vmfb_symbol_at(struct kernel *k, uint64_t addr)
{
	uint64_t off;
	const char *n = kernel_symbol_at(k, addr, &off);
	return n && off == 0 ? n : NULL;
}

uint32_t vmfb_page_size(struct kernel *k)
{
	return arch_get_info(kernel_arch(k))->page_size;
}

int vmfb_kvtop(struct kernel *k, uint64_t kaddr, uint64_t *paddr)
{
	return kernel_kvtop(k, kaddr, paddr);
}

int vmfb_uvtop(struct kernel *k, uint64_t pgd_paddr, uint64_t uaddr, struct vmf_upage *out)
{
	struct arch_walk w;

	if (arch_vtop_walk(kernel_arch(k), pgd_paddr, uaddr, &w) != 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->present = w.present;
	out->paddr = w.paddr;
	out->swap = w.swap;
	out->swap_type = w.swap_type;
	out->swap_offset = w.swap_offset;
	return 0;
}

int vmfb_nr_cpus(struct kernel *k)
{
	return kernel_nr_cpus(k);
}

int vmfb_percpu_offset(struct kernel *k, int cpu, uint64_t *off)
{
	return kernel_percpu_offset(k, cpu, off);
}
