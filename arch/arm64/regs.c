/* arm64 CPU registers from the dump's NT_PRSTATUS notes (kdump and QEMU's
 * ELF dumps both write one per CPU), their names, crash's register block,
 * and the ops table. */
#include "arch/arm64/arm64.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* struct elf_prstatus: pr_reg (user_pt_regs) at 112, as on x86_64. */
#define PRSTATUS_REG_OFF 112

static const unsigned char *prstatus_note(struct arch_vm *vm, int n, int *count)
{
	const struct dump_note *notes;
	size_t nn = dump_notes(vm->dump, &notes);
	const unsigned char *found = NULL;

	*count = 0;
	for (size_t i = 0; i < nn; i++) {
		if (strcmp(notes[i].name, "CORE") || notes[i].type != NT_PRSTATUS ||
		    notes[i].descsz < PRSTATUS_REG_OFF + ARM64_USER_REGS_WORDS * 8)
			continue;
		if (*count == n)
			found = notes[i].desc;
		(*count)++;
	}
	return found;
}

int arm64_cpu_regs(struct arch_vm *vm, int cpu, struct arch_regs *regs)
{
	int n;
	const unsigned char *pr = prstatus_note(vm, cpu, &n);

	if (pr) {
		memcpy(regs->r, pr + PRSTATUS_REG_OFF, ARM64_USER_REGS_WORDS * 8);
		regs->r[ARM64_PC] = arm64_strip_pac(vm, regs->r[ARM64_PC]);
		regs->r[ARM64_LR] = arm64_strip_pac(vm, regs->r[ARM64_LR]);
		regs->valid = true;
	}
	return n;
}

static const char *const reg_names[ARM64_NREGS] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
	"x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22",
	"x23", "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp", "pc", "pstate",
	"orig_x0", "syscallno",
};

/* crash's arm64 register block: PC, LR and SP first, then x29 down to x0
 * three a line, then orig_x0 and syscallno (with PSTATE at the end for
 * user mode, after SP for kernel mode). */
/* " [name+off]" of a kernel code address, as crash prints PC and LR of
 * an exception frame, or nothing. */
static void named(const struct arch_namer *namer, uint64_t addr, char *out, size_t len)
{
	uint64_t off = 0;
	const char *name = namer && namer->name ? namer->name(namer->arg, addr, &off) : NULL;
	if (!name)
		*out = '\0';
	else if (off)
		snprintf(out, len, "  [%s+%" PRIu64 "]", name, off);
	else
		snprintf(out, len, "  [%s]", name);
}

static void regs_format(const struct arch_vm *vm, const struct arch_regs *regs, bool partial,
			const char *ind, const struct arch_namer *namer, char *buf, size_t len)
{
	const uint64_t *r = regs->r;
	bool user = !(r[ARM64_PC] >> 63);
	size_t n = 0;
#define OUT(...)                                                                       \
	do {                                                                           \
		if (n < len)                                                           \
			n += (size_t)snprintf(buf + n, len - n, __VA_ARGS__);          \
	} while (0)
	(void)vm;
	(void)partial;
	if (user) {
		OUT("%s PC: %016" PRIx64 "   LR: %016" PRIx64 "   SP: %016" PRIx64 "\n", ind,
		    r[ARM64_PC], r[ARM64_LR], r[ARM64_SP]);
	} else {
		char pc[160], lr[160];
		named(namer, r[ARM64_PC], pc, sizeof(pc));
		named(namer, r[ARM64_LR], lr, sizeof(lr));
		OUT("%s PC: %016" PRIx64 "%s\n", ind, r[ARM64_PC], pc);
		OUT("%s LR: %016" PRIx64 "%s\n", ind, r[ARM64_LR], lr);
		OUT("%s SP: %016" PRIx64 "  PSTATE: %08" PRIx64 "\n", ind, r[ARM64_SP],
		    r[ARM64_PSTATE]);
	}
	for (int i = 29; i >= 0; i--) {
		int col = (29 - i) % 3;
		OUT("%s%s%sX%d: %016" PRIx64, col ? "" : ind, col ? "  " : "", i < 10 ? " " : "", i,
		    r[i]);
		if (col == 2 || i == 0)
			OUT("\n");
	}
	if (user)
		OUT("%sORIG_X0: %016" PRIx64 "  SYSCALLNO: %" PRIx64 "  PSTATE: %08" PRIx64 "\n", ind,
		    r[ARM64_ORIG_X0], r[ARM64_SYSCALLNO], r[ARM64_PSTATE]);
	else
		OUT("%sORIG_X0: %016" PRIx64 "  SYSCALLNO: %" PRIx64 "\n", ind, r[ARM64_ORIG_X0],
		    r[ARM64_SYSCALLNO]);
#undef OUT
}

const struct arch_ops arch_arm64_ops = {
	.name = "arm64",
	.open = arm64_open,
	.close = arm64_close,
	.walk = arm64_walk,
	.pte_flags = arm64_pte_flags,
	.pte_decode = arm64_pte_decode,
	.swap_decode = arm64_swap_decode,
	.kvtop_fixed = arm64_kvtop_fixed,
	.is_kvaddr = arm64_is_kvaddr,
	.cpu_regs = arm64_cpu_regs,
	.nregs = ARM64_NREGS,
	.reg_names = reg_names,
	.reg_pc = ARM64_PC,
	.reg_sp = ARM64_SP,
	.reg_fp = ARM64_FP,
	.gdb_reg = arm64_gdb_reg,
	.gdb_reg_list = arm64_gdb_reg_list,
	.regs_format = regs_format,
	.unwinder_new = arm64_unwinder_new,
	.unwinder_free = arm64_unwinder_free,
	.cpu_task = arm64_cpu_task,
	.task_saved_sp = arm64_task_saved_sp,
	.stack_of = arm64_stack_of,
	.cpu_stacks = arm64_cpu_stacks,
	.is_text = arm64_is_text,
	.exception_frame_at = arm64_exception_frame_at,
	.exception_frame_size = (ARM64_USER_REGS_WORDS + 2) * 8,
	.unwind_start = arm64_unwind_start,
	.unwind_current = arm64_unwind_current,
	.unwind_next = arm64_unwind_next,
	.unwind_end = arm64_unwind_end,
};
