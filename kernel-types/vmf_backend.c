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

/* Type names handed out live as long as the process: a small set of
 * distinct names ("struct dentry *", ...), kept in an intern list. */
static const char *intern(const char *s)
{
	static char **names;
	static size_t n;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return names[i];
	names = xreallocarray(names, n + 1, sizeof(*names));
	names[n] = xstrdup(s);
	return names[n++];
}

const char *vmfb_member_type(struct kernel *k, const char *type, const char *member)
{
	Dwarf_Die t, m;
	long off;
	int bo, bs;
	char buf[256];
	const char *name, *prefix = "";
	int ptr = 0;

	if (kernel_type_die(k, type, &t) != 0)
		return NULL;
	kernel_die_strip(&t);
	if (kernel_die_member(k, &t, member, &m, &off, &bo, &bs) != 0)
		return NULL;
	kernel_die_strip(&m);
	if (dwarf_tag(&m) == DW_TAG_pointer_type) {
		Dwarf_Attribute a;
		ptr = 1;
		if (!dwarf_attr_integrate(&m, DW_AT_type, &a) || !dwarf_formref_die(&a, &m))
			return intern("void *");
		kernel_die_strip(&m);
	}
	switch (dwarf_tag(&m)) {
	case DW_TAG_structure_type: prefix = "struct "; break;
	case DW_TAG_union_type: prefix = "union "; break;
	case DW_TAG_enumeration_type: prefix = "enum "; break;
	default: break;
	}
	name = dwarf_diename(&m);
	snprintf(buf, sizeof(buf), "%s%s%s", prefix, name ? name : "?", ptr ? " *" : "");
	return intern(buf);
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
