/* The arm64 register set as struct arch_regs numbers it: user_pt_regs
 * order (x0-x30, sp, pc, pstate), as NT_PRSTATUS and the start of
 * struct pt_regs hold them, then orig_x0 and syscallno of a pt_regs. */
#ifndef CRASH_ARCH_ARM64_REGS_H
#define CRASH_ARCH_ARM64_REGS_H

enum arm64_reg {
	ARM64_X0 = 0,
	ARM64_FP = 29,		/* x29 */
	ARM64_LR = 30,		/* x30 */
	ARM64_SP = 31,
	ARM64_PC = 32,
	ARM64_PSTATE = 33,
	ARM64_ORIG_X0 = 34,
	ARM64_SYSCALLNO = 35,
	ARM64_NREGS
};

/* Words of user_pt_regs: x0-x30, sp, pc, pstate. */
#define ARM64_USER_REGS_WORDS 34

#endif
