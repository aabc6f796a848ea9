/* Architecture dispatch and the parts of translation that do not depend
 * on the page-table format: reading kernel virtual memory page by page,
 * the direct map, VMCOREINFO key lookup. */
#include "arch/arch_impl.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

bool arch_vmcoreinfo_u64(const char *vmcoreinfo, const char *key, int base, uint64_t *val)
{
	size_t klen = strlen(key);
	const char *p = vmcoreinfo;

	if (!p)
		return false;
	while (*p) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if ((size_t)(eol - p) > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			char tmp[40];
			size_t n = (size_t)(eol - p) - klen - 1;
			char *end;
			if (n == 0 || n >= sizeof(tmp))
				return false;
			memcpy(tmp, p + klen + 1, n);
			tmp[n] = '\0';
			errno = 0;
			/* NUMBER() values are printed signed (%ld). */
			if (tmp[0] == '-')
				*val = (uint64_t)strtoll(tmp, &end, base);
			else
				*val = strtoull(tmp, &end, base);
			return errno == 0 && *end == '\0';
		}
		p = *eol ? eol + 1 : eol;
	}
	return false;
}

bool arch_symbol(const struct arch_vm *vm, const char *name, uint64_t *addr)
{
	uint64_t a = 0;

	if (!vm->symbol || vm->symbol(vm->symbol_arg, name, &a) != 0 || a == 0)
		return false;
	*addr = a;
	return true;
}

struct arch_vm *arch_vm_open(const struct arch_setup *setup)
{
	const struct dump_info *di;
	struct arch_vm *vm;

	if (!setup || !setup->dump) {
		err_set("arch: no dump");
		return NULL;
	}
	di = dump_get_info(setup->dump);
	vm = xcalloc(1, sizeof(*vm));
	vm->dump = setup->dump;
	vm->symbol = setup->symbol;
	vm->symbol_arg = setup->symbol_arg;
	switch (di ? di->elf_machine : 0) {
	case EM_X86_64:
		vm->ops = &arch_x86_64_ops;
		break;
	case EM_AARCH64:
		vm->ops = &arch_arm64_ops;
		break;
	default:
		err_set("arch: unsupported machine type %u in dump", di ? di->elf_machine : 0);
		free(vm);
		return NULL;
	}
	vm->info.name = vm->ops->name;
	if (vm->ops->open(vm, setup) < 0) {
		if (vm->ops->close)
			vm->ops->close(vm);
		free(vm);
		return NULL;
	}
	return vm;
}

void arch_vm_close(struct arch_vm *vm)
{
	if (vm && vm->ops->close)
		vm->ops->close(vm);
	free(vm);
}

const struct arch_info *arch_get_info(const struct arch_vm *vm)
{
	return &vm->info;
}

int arch_vtop_walk(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, struct arch_walk *walk)
{
	memset(walk, 0, sizeof(*walk));
	return vm->ops->walk(vm, pgd_paddr ? pgd_paddr : vm->info.kernel_pgd_paddr, vaddr, walk);
}

int arch_vtop(struct arch_vm *vm, uint64_t pgd_paddr, uint64_t vaddr, uint64_t *paddr)
{
	struct arch_walk w;
	int rc;

	/* The kernel image and the direct map need no walk; only when
	 * asked for the kernel's own tables (a user pgd could differ). */
	if (!pgd_paddr && vm->ops->kvtop_fixed(vm, vaddr, paddr))
		return 0;
	rc = arch_vtop_walk(vm, pgd_paddr, vaddr, &w);
	if (rc < 0)
		return rc;
	if (!w.present) {
		if (w.swap)
			err_set("%llx: not mapped: swap entry type %llu offset %llu",
				(unsigned long long)vaddr, (unsigned long long)w.swap_type,
				(unsigned long long)w.swap_offset);
		else
			err_set("%llx: not mapped: %s not present", (unsigned long long)vaddr,
				w.nsteps ? w.step[w.nsteps - 1].level : "page table");
		return -1;
	}
	*paddr = w.paddr;
	return 0;
}

int arch_swap_layout_decode(const struct arch_vm *vm, uint64_t pte, int layout, uint64_t *type,
			    uint64_t *offset)
{
	if (vm->ops->swap_decode)
		return vm->ops->swap_decode(vm, pte, layout, type, offset);
	struct arch_pte d;
	if (layout != 0 || arch_pte_decode(vm, pte, &d) != 0 || !d.swap)
		return -1;
	*type = d.swap_type;
	*offset = d.swap_offset;
	return 0;
}

void arch_pte_flags(const struct arch_vm *vm, uint64_t pte, char *buf, size_t len)
{
	vm->ops->pte_flags(vm, pte, buf, len);
}

int arch_pte_decode(const struct arch_vm *vm, uint64_t pte, struct arch_pte *out)
{
	memset(out, 0, sizeof(*out));
	if (!vm->ops->pte_decode) {
		err_set("page-table entries of this architecture cannot be decoded yet");
		return -1;
	}
	vm->ops->pte_decode(vm, pte, out);
	return 0;
}

bool arch_kvtop_fixed(const struct arch_vm *vm, uint64_t vaddr, uint64_t *paddr)
{
	return vm->ops->kvtop_fixed(vm, vaddr, paddr);
}

int arch_read_kvirt(struct arch_vm *vm, uint64_t vaddr, void *buf, size_t len)
{
	uint64_t psz = vm->info.page_size ? vm->info.page_size : 4096;
	unsigned char *out = buf;

	while (len) {
		uint64_t paddr;
		size_t chunk = (size_t)(psz - (vaddr & (psz - 1)));
		int rc;

		if (chunk > len)
			chunk = len;
		rc = arch_vtop(vm, 0, vaddr, &paddr);
		if (rc < 0)
			return rc;
		rc = dump_read_phys(vm->dump, paddr, out, chunk);
		if (rc < 0)
			return rc;
		out += chunk;
		vaddr += chunk;
		len -= chunk;
	}
	return 0;
}

uint64_t arch_ptov(const struct arch_vm *vm, uint64_t paddr)
{
	return paddr + vm->info.page_offset;
}

bool arch_is_kvaddr(const struct arch_vm *vm, uint64_t vaddr)
{
	return vm->ops->is_kvaddr(vm, vaddr);
}

int arch_cpu_regs(struct arch_vm *vm, int cpu, struct arch_regs *regs)
{
	memset(regs, 0, sizeof(*regs));
	return vm->ops->cpu_regs(vm, cpu, regs);
}

/* --- registers --- */

uint64_t arch_reg(const struct arch_vm *vm, const struct arch_regs *r, enum arch_reg_role role)
{
	int n = role == ARCH_REG_PC ? vm->ops->reg_pc : role == ARCH_REG_SP ? vm->ops->reg_sp
									  : vm->ops->reg_fp;
	return n >= 0 && n < ARCH_REGS_MAX ? r->r[n] : 0;
}

void arch_reg_set(const struct arch_vm *vm, struct arch_regs *r, enum arch_reg_role role,
		  uint64_t v)
{
	int n = role == ARCH_REG_PC ? vm->ops->reg_pc : role == ARCH_REG_SP ? vm->ops->reg_sp
									  : vm->ops->reg_fp;
	if (n >= 0 && n < ARCH_REGS_MAX)
		r->r[n] = v;
}

int arch_reg_number(const struct arch_vm *vm, const char *name)
{
	for (int i = 0; i < vm->ops->nregs; i++)
		if (!strcmp(vm->ops->reg_names[i], name))
			return i;
	return -1;
}

const char *arch_reg_name(const struct arch_vm *vm, int number)
{
	return number >= 0 && number < vm->ops->nregs ? vm->ops->reg_names[number] : NULL;
}

bool arch_reg_in_frame(const struct arch_vm *vm, int number, bool partial)
{
	if (number < 0 || number >= vm->ops->nregs)
		return false;
	if (partial && vm->ops->partial_regs) {
		for (const signed char *p = vm->ops->partial_regs; *p >= 0; p++)
			if (*p == number)
				return true;
		return false;
	}
	return !vm->ops->frame_nregs || number < vm->ops->frame_nregs;
}

int arch_gdb_reg(const struct arch_vm *vm, const char *name, struct arch_gdb_reg *r)
{
	memset(r, 0, sizeof(*r));
	r->bits = 64;
	r->role = -1;
	if (vm->ops->gdb_reg)
		return vm->ops->gdb_reg(vm, name, r);
	/* gdb's generic names, then the machine's own */
	static const struct { const char *name; enum arch_reg_role role; enum arch_gdb_type type; } generic[] = {
		{ "pc", ARCH_REG_PC, ARCH_GDB_CODE_PTR },
		{ "sp", ARCH_REG_SP, ARCH_GDB_DATA_PTR },
		{ "fp", ARCH_REG_FP, ARCH_GDB_DATA_PTR },
	};
	for (size_t i = 0; i < sizeof(generic) / sizeof(generic[0]); i++)
		if (!strcmp(name, generic[i].name)) {
			r->role = (int)generic[i].role;
			r->type = generic[i].type;
			r->number = generic[i].role == ARCH_REG_PC ? vm->ops->reg_pc
				    : generic[i].role == ARCH_REG_SP ? vm->ops->reg_sp : vm->ops->reg_fp;
			return r->number >= 0 ? 0 : -1;
		}
	r->number = arch_reg_number(vm, name);
	r->type = ARCH_GDB_LONG;
	if (r->number == vm->ops->reg_pc)
		r->role = ARCH_REG_PC;
	else if (r->number == vm->ops->reg_sp)
		r->role = ARCH_REG_SP;
	else if (r->number == vm->ops->reg_fp)
		r->role = ARCH_REG_FP;
	return r->number >= 0 ? 0 : -1;
}

const char *arch_gdb_reg_listed(const struct arch_vm *vm, int i)
{
	if (i < 0)
		return NULL;
	if (vm->ops->gdb_reg_list) {
		for (int j = 0; j < i; j++)
			if (!vm->ops->gdb_reg_list[j])
				return NULL;
		return vm->ops->gdb_reg_list[i];
	}
	return arch_reg_name(vm, i);
}

void arch_regs_format_named(const struct arch_vm *vm, const struct arch_regs *r, bool partial,
			    const char *indent, const struct arch_namer *namer, char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
	vm->ops->regs_format(vm, r, partial, indent, namer, buf, len);
}

void arch_regs_format(const struct arch_vm *vm, const struct arch_regs *r, bool partial,
		      const char *indent, char *buf, size_t len)
{
	arch_regs_format_named(vm, r, partial, indent, NULL, buf, len);
}

/* --- unwinding --- */

struct arch_unwinder *arch_unwinder_new(struct arch_vm *vm, const struct arch_kernel *kern)
{
	if (!vm->ops->unwinder_new) {
		err_set("%s: no stack unwinder", vm->ops->name);
		return NULL;
	}
	return vm->ops->unwinder_new(vm, kern);
}

void arch_unwinder_free(struct arch_unwinder *uw)
{
	if (uw)
		uw->vm->ops->unwinder_free(uw);
}

int arch_cpu_task(struct arch_unwinder *uw, int cpu, uint64_t *task)
{
	return uw->vm->ops->cpu_task(uw, cpu, task);
}

int arch_task_saved_sp(struct arch_unwinder *uw, uint64_t task, uint64_t *sp)
{
	return uw->vm->ops->task_saved_sp(uw, task, sp);
}

bool arch_stack_of(struct arch_unwinder *uw, uint64_t task, int cpu, uint64_t addr,
		   struct arch_stack *s)
{
	memset(s, 0, sizeof(*s));
	return uw->vm->ops->stack_of(uw, task, cpu, addr, s);
}

int arch_cpu_stacks(struct arch_unwinder *uw, int cpu, struct arch_stack *out, int max)
{
	return uw->vm->ops->cpu_stacks ? uw->vm->ops->cpu_stacks(uw, cpu, out, max) : 0;
}

bool arch_is_text(struct arch_unwinder *uw, uint64_t addr)
{
	return uw->vm->ops->is_text(uw, addr);
}

bool arch_exception_frame_at(struct arch_unwinder *uw, uint64_t addr, struct arch_regs *regs,
			     bool *user)
{
	return uw->vm->ops->exception_frame_at(uw, addr, regs, user);
}

size_t arch_exception_frame_size(const struct arch_unwinder *uw)
{
	return uw->vm->ops->exception_frame_size;
}

struct arch_unwind *arch_unwind_start(struct arch_unwinder *uw, uint64_t task, int cpu,
				      const struct arch_regs *regs)
{
	return uw->vm->ops->unwind_start(uw, task, cpu, regs);
}

const struct arch_regs *arch_unwind_start_regs(const struct arch_unwind *u)
{
	return &u->start;
}

void arch_unwind_current(const struct arch_unwind *u, struct arch_frame *f)
{
	u->uw->vm->ops->unwind_current(u, f);
}

int arch_unwind_next(struct arch_unwind *u, struct arch_frame *f)
{
	return u->uw->vm->ops->unwind_next(u, f);
}

const char *arch_unwind_why(const struct arch_unwind *u)
{
	return u->why;
}

void arch_unwind_end(struct arch_unwind *u)
{
	if (u)
		u->uw->vm->ops->unwind_end(u);
}
