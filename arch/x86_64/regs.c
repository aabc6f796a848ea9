/* x86_64 CPU registers from the dump's notes: NT_PRSTATUS (kdump, and
 * QEMU's ELF dumps) and QEMU's own CPU-state note (which adds CR3). */
#include "arch/x86_64/x86_64.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
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
	/* user_regs_struct: pt_regs order (r15 ... ss), then fs_base and
	 * gs_base, then ds es fs gs. */
	const unsigned char *reg = desc + PRSTATUS_REG_OFF;

	for (int i = 0; i <= X86_64_GS_BASE; i++)
		r->r[i] = rd64(reg + 8 * i);
	r->valid = true;
}

static void from_qemu(const unsigned char *st, struct arch_regs *r)
{
	/* rax rbx rcx rdx rsi rdi rsp rbp r8..r15 rip rflags */
	static const int dst[] = {
		X86_64_AX, X86_64_BX, X86_64_CX, X86_64_DX, X86_64_SI, X86_64_DI, X86_64_SP,
		X86_64_BP, X86_64_R8, X86_64_R9, X86_64_R10, X86_64_R11, X86_64_R12, X86_64_R13,
		X86_64_R14, X86_64_R15, X86_64_IP, X86_64_FLAGS,
	};
	const unsigned char *seg = st + QEMU_OFF_SEGS;
	uint32_t sel;

	for (size_t i = 0; i < sizeof(dst) / sizeof(dst[0]); i++)
		r->r[dst[i]] = rd64(st + QEMU_OFF_REGS + 8 * i);
	memcpy(&sel, seg + 0 * QEMU_SEG_SIZE, 4);	/* cs */
	r->r[X86_64_CS] = sel;
	memcpy(&sel, seg + 5 * QEMU_SEG_SIZE, 4);	/* ss */
	r->r[X86_64_SS] = sel;
	r->r[X86_64_FS_BASE] = rd64(seg + QEMU_SEG_FS * QEMU_SEG_SIZE + QEMU_SEG_BASE);
	r->r[X86_64_GS_BASE] = rd64(seg + QEMU_SEG_GS * QEMU_SEG_SIZE + QEMU_SEG_BASE);
	r->r[X86_64_ORIG_AX] = (uint64_t)-1;
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
		regs->r[X86_64_CR3] = rd64(st + QEMU_OFF_CR + 3 * 8);
	return npr > nq ? npr : nq;
}

static const char *const reg_names[X86_64_NREGS] = {
	"r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9", "r8", "rax", "rcx",
	"rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "rflags", "rsp", "ss",
	"fs_base", "gs_base", "cr3",
};

/* What the CPU pushes on an exception: the iret frame. */
static const signed char iret_regs[] = {X86_64_IP, X86_64_CS, X86_64_FLAGS, X86_64_SP, X86_64_SS, -1};

/* crash's register block (x86_64_exception_frame() in crash's x86_64.c). */
static void regs_format(const struct arch_vm *vm, const struct arch_regs *regs, bool partial,
			const char *ind, const struct arch_namer *namer, char *buf, size_t len)
{
	(void)namer;	/* bt names the frame's RIP in its "[exception RIP: ...]" line */
	const uint64_t *r = regs->r;
	size_t n = 0;
#define OUT(...)                                                                       \
	do {                                                                           \
		if (n < len)                                                           \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__);          \
	} while (0)
	(void)vm;
	OUT("%sRIP: %016" PRIx64 "  RSP: %016" PRIx64 "  RFLAGS: %08" PRIx64 "\n", ind,
	    r[X86_64_IP], r[X86_64_SP], r[X86_64_FLAGS]);
	if (partial) {
		OUT("%sCS: %04" PRIx64 "  SS: %04" PRIx64 "\n", ind, r[X86_64_CS], r[X86_64_SS]);
		return;
	}
	OUT("%sRAX: %016" PRIx64 "  RBX: %016" PRIx64 "  RCX: %016" PRIx64 "\n", ind,
	    r[X86_64_AX], r[X86_64_BX], r[X86_64_CX]);
	OUT("%sRDX: %016" PRIx64 "  RSI: %016" PRIx64 "  RDI: %016" PRIx64 "\n", ind,
	    r[X86_64_DX], r[X86_64_SI], r[X86_64_DI]);
	OUT("%sRBP: %016" PRIx64 "   R8: %016" PRIx64 "   R9: %016" PRIx64 "\n", ind,
	    r[X86_64_BP], r[X86_64_R8], r[X86_64_R9]);
	OUT("%sR10: %016" PRIx64 "  R11: %016" PRIx64 "  R12: %016" PRIx64 "\n", ind,
	    r[X86_64_R10], r[X86_64_R11], r[X86_64_R12]);
	OUT("%sR13: %016" PRIx64 "  R14: %016" PRIx64 "  R15: %016" PRIx64 "\n", ind,
	    r[X86_64_R13], r[X86_64_R14], r[X86_64_R15]);
	OUT("%sORIG_RAX: %016" PRIx64 "  CS: %04" PRIx64 "  SS: %04" PRIx64 "\n", ind,
	    r[X86_64_ORIG_AX], r[X86_64_CS], r[X86_64_SS]);
#undef OUT
}

const struct arch_ops arch_x86_64_ops = {
	.name = "x86_64",
	.open = x86_64_open,
	.walk = x86_64_walk,
	.pte_flags = x86_64_pte_flags,
	.pte_decode = x86_64_pte_decode,
	.kvtop_fixed = x86_64_kvtop_fixed,
	.is_kvaddr = x86_64_is_kvaddr,
	.cpu_regs = x86_64_cpu_regs,
	.nregs = X86_64_NREGS,
	.reg_names = reg_names,
	.reg_pc = X86_64_IP,
	.reg_sp = X86_64_SP,
	.reg_fp = X86_64_BP,
	.frame_nregs = X86_64_PT_REGS_WORDS,
	.partial_regs = iret_regs,
	.regs_format = regs_format,
	.gdb_reg = x86_64_gdb_reg,
	.gdb_reg_list = x86_64_gdb_reg_list,
	.unwinder_new = x86_64_unwinder_new,
	.unwinder_free = x86_64_unwinder_free,
	.cpu_task = x86_64_cpu_task,
	.task_saved_sp = x86_64_task_saved_sp,
	.stack_of = x86_64_stack_of,
	.cpu_stacks = x86_64_cpu_stacks,
	.is_text = x86_64_is_text,
	.exception_frame_at = x86_64_exception_frame_at,
	.exception_frame_size = X86_64_PT_REGS_SIZE,
	.unwind_start = x86_64_unwind_start,
	.unwind_current = x86_64_unwind_current,
	.unwind_next = x86_64_unwind_next,
	.unwind_end = x86_64_unwind_end,
};
