/* The x86_64 register set as struct arch_regs numbers it: struct pt_regs
 * order (r15 ... ss, as the kernel saves them on entry and as
 * NT_PRSTATUS's user_regs_struct starts), then the segment bases and CR3.
 * For arch/x86_64 and for tests that build x86_64 register sets (the
 * test seam's NT_PRSTATUS notes); code above arch/ uses arch_reg(). */
#ifndef CRASH_ARCH_X86_64_REGS_H
#define CRASH_ARCH_X86_64_REGS_H

enum x86_64_reg {
	X86_64_R15, X86_64_R14, X86_64_R13, X86_64_R12, X86_64_BP, X86_64_BX,
	X86_64_R11, X86_64_R10, X86_64_R9, X86_64_R8, X86_64_AX, X86_64_CX,
	X86_64_DX, X86_64_SI, X86_64_DI, X86_64_ORIG_AX, X86_64_IP, X86_64_CS,
	X86_64_FLAGS, X86_64_SP, X86_64_SS,
	X86_64_FS_BASE, X86_64_GS_BASE, X86_64_CR3,
	X86_64_NREGS
};

/* Words of struct pt_regs: r15 ... ss. */
#define X86_64_PT_REGS_WORDS (X86_64_SS + 1)
#define X86_64_PT_REGS_SIZE (X86_64_PT_REGS_WORDS * 8)

#endif
