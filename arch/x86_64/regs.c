/* x86_64 CPU registers from the dump's notes: NT_PRSTATUS (kdump, and
 * QEMU's ELF dumps) and QEMU's own CPU-state note (which adds CR3). */
#include "arch/x86_64/x86_64.h"

#include <elf.h>
#include <string.h>

/* struct elf_prstatus on x86_64: pr_reg (user_regs_struct) at 112. */
#define PRSTATUS_REG_OFF 112
#define PRSTATUS_NREGS 27

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static const unsigned char *prstatus_note(struct arch_vm *vm, int n, int *count)
{
	const struct dump_note *notes;
	size_t nn = dump_notes(vm->dump, &notes);
	const unsigned char *found = NULL;

	*count = 0;
	for (size_t i = 0; i < nn; i++) {
		if (strcmp(notes[i].name, "CORE") || notes[i].type != NT_PRSTATUS ||
		    notes[i].descsz < PRSTATUS_REG_OFF + PRSTATUS_NREGS * 8)
			continue;
		if (*count == n)
			found = notes[i].desc;
		(*count)++;
	}
	return found;
}

static void from_prstatus(const unsigned char *desc, struct arch_regs *r)
{
	/* user_regs_struct order: r15 r14 r13 r12 bp bx r11 r10 r9 r8 ax cx
	 * dx si di orig_ax ip cs flags sp ss fs_base gs_base ds es fs gs. */
	uint64_t *dst[] = {
		&r->r15, &r->r14, &r->r13, &r->r12, &r->bp, &r->bx, &r->r11, &r->r10,
		&r->r9, &r->r8, &r->ax, &r->cx, &r->dx, &r->si, &r->di, &r->orig_ax,
		&r->ip, &r->cs, &r->flags, &r->sp, &r->ss, &r->fs_base, &r->gs_base,
	};
	const unsigned char *reg = desc + PRSTATUS_REG_OFF;

	for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++)
		*dst[i] = rd64(reg + 8 * i);
	r->valid = true;
}

static void from_qemu(const unsigned char *st, struct arch_regs *r)
{
	/* rax rbx rcx rdx rsi rdi rsp rbp r8..r15 rip rflags */
	uint64_t *dst[] = {
		&r->ax, &r->bx, &r->cx, &r->dx, &r->si, &r->di, &r->sp, &r->bp,
		&r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
		&r->ip, &r->flags,
	};
	const unsigned char *seg = st + QEMU_OFF_SEGS;
	uint32_t sel;

	for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++)
		*dst[i] = rd64(st + QEMU_OFF_REGS + 8 * i);
	memcpy(&sel, seg + 0 * QEMU_SEG_SIZE, 4);	/* cs */
	r->cs = sel;
	memcpy(&sel, seg + 5 * QEMU_SEG_SIZE, 4);	/* ss */
	r->ss = sel;
	r->fs_base = rd64(seg + QEMU_SEG_FS * QEMU_SEG_SIZE + QEMU_SEG_BASE);
	r->gs_base = rd64(seg + QEMU_SEG_GS * QEMU_SEG_SIZE + QEMU_SEG_BASE);
	r->orig_ax = (uint64_t)-1;
	r->valid = true;
}

int x86_64_cpu_regs(struct arch_vm *vm, int cpu, struct arch_regs *regs)
{
	const unsigned char *pr, *st;
	size_t size;
	int npr, nq = 0;

	pr = prstatus_note(vm, cpu, &npr);
	while (x86_64_qemu_note(vm, nq, &size))
		nq++;
	st = cpu >= 0 ? x86_64_qemu_note(vm, cpu, &size) : NULL;
	if (pr)
		from_prstatus(pr, regs);
	else if (st)
		from_qemu(st, regs);
	if (st)
		regs->cr3 = rd64(st + QEMU_OFF_CR + 3 * 8);
	return npr > nq ? npr : nq;
}

const struct arch_ops arch_x86_64_ops = {
	.name = "x86_64",
	.open = x86_64_open,
	.walk = x86_64_walk,
	.pte_flags = x86_64_pte_flags,
	.kvtop_fixed = x86_64_kvtop_fixed,
	.is_kvaddr = x86_64_is_kvaddr,
	.cpu_regs = x86_64_cpu_regs,
};
