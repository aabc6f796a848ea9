/* x86_64's registers as gdb names and types them in expressions: $rip
 * ($pc) is a void (*)(), $rsp ($sp) and $rbp ($fp) void *, the general
 * registers int64_t, $eflags ($ps) gdb's i386_eflags flags, $cs and $ss
 * int32_t, $fs_base, $gs_base and $orig_rax long; $eax, $ax, $al, $ah and
 * their kin are parts of the general registers.  $ds ... $gs are gdb's
 * too, but no dump note saves them. */
#include "arch/x86_64/x86_64.h"

#include <string.h>

static const char *const eflags_names[22] = {
	"CF", "", "PF", NULL, "AF", NULL, "ZF", "SF", "TF", "IF", "DF", "OF",
	NULL, NULL, "NT", NULL, "RF", "VM", "AC", "VIF", "VIP", "ID",
};

static const struct whole {
	const char *name;
	int number;
	enum arch_gdb_type type;
	int role;
} wholes[] = {
	{ "rax", X86_64_AX, ARCH_GDB_INT, -1 }, { "rbx", X86_64_BX, ARCH_GDB_INT, -1 },
	{ "rcx", X86_64_CX, ARCH_GDB_INT, -1 }, { "rdx", X86_64_DX, ARCH_GDB_INT, -1 },
	{ "rsi", X86_64_SI, ARCH_GDB_INT, -1 }, { "rdi", X86_64_DI, ARCH_GDB_INT, -1 },
	{ "rbp", X86_64_BP, ARCH_GDB_DATA_PTR, ARCH_REG_FP }, { "rsp", X86_64_SP, ARCH_GDB_DATA_PTR, ARCH_REG_SP },
	{ "r8", X86_64_R8, ARCH_GDB_INT, -1 }, { "r9", X86_64_R9, ARCH_GDB_INT, -1 },
	{ "r10", X86_64_R10, ARCH_GDB_INT, -1 }, { "r11", X86_64_R11, ARCH_GDB_INT, -1 },
	{ "r12", X86_64_R12, ARCH_GDB_INT, -1 }, { "r13", X86_64_R13, ARCH_GDB_INT, -1 },
	{ "r14", X86_64_R14, ARCH_GDB_INT, -1 }, { "r15", X86_64_R15, ARCH_GDB_INT, -1 },
	{ "rip", X86_64_IP, ARCH_GDB_CODE_PTR, ARCH_REG_PC }, { "eflags", X86_64_FLAGS, ARCH_GDB_FLAGS, -1 },
	{ "cs", X86_64_CS, ARCH_GDB_INT, -1 }, { "ss", X86_64_SS, ARCH_GDB_INT, -1 },
	{ "fs_base", X86_64_FS_BASE, ARCH_GDB_LONG, -1 }, { "gs_base", X86_64_GS_BASE, ARCH_GDB_LONG, -1 },
	{ "orig_rax", X86_64_ORIG_AX, ARCH_GDB_LONG, -1 },
	/* gdb's generic names */
	{ "pc", X86_64_IP, ARCH_GDB_CODE_PTR, ARCH_REG_PC }, { "sp", X86_64_SP, ARCH_GDB_DATA_PTR, ARCH_REG_SP },
	{ "fp", X86_64_BP, ARCH_GDB_DATA_PTR, ARCH_REG_FP }, { "ps", X86_64_FLAGS, ARCH_GDB_FLAGS, -1 },
	/* segment registers: gdb's, not in the notes */
	{ "ds", -1, ARCH_GDB_INT, -1 }, { "es", -1, ARCH_GDB_INT, -1 },
	{ "fs", -1, ARCH_GDB_INT, -1 }, { "gs", -1, ARCH_GDB_INT, -1 },
};

/* What info registers lists, in gdb's order (as crash's gdb shows them). */
const char *const x86_64_gdb_reg_list[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11",
	"r12", "r13", "r14", "r15", "rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs", NULL,
};

/* Parts of the general registers: $eax (32 bits), $ax (16), $al, $ah. */
static const struct part {
	const char *name;
	const char *of;
	int bits, shift;
} parts[] = {
	{ "eax", "rax", 32, 0 }, { "ebx", "rbx", 32, 0 }, { "ecx", "rcx", 32, 0 }, { "edx", "rdx", 32, 0 },
	{ "esi", "rsi", 32, 0 }, { "edi", "rdi", 32, 0 }, { "ebp", "rbp", 32, 0 }, { "esp", "rsp", 32, 0 },
	{ "r8d", "r8", 32, 0 }, { "r9d", "r9", 32, 0 }, { "r10d", "r10", 32, 0 }, { "r11d", "r11", 32, 0 },
	{ "r12d", "r12", 32, 0 }, { "r13d", "r13", 32, 0 }, { "r14d", "r14", 32, 0 }, { "r15d", "r15", 32, 0 },
	{ "ax", "rax", 16, 0 }, { "bx", "rbx", 16, 0 }, { "cx", "rcx", 16, 0 }, { "dx", "rdx", 16, 0 },
	{ "si", "rsi", 16, 0 }, { "di", "rdi", 16, 0 }, { "bp", "rbp", 16, 0 },
	{ "al", "rax", 8, 0 }, { "bl", "rbx", 8, 0 }, { "cl", "rcx", 8, 0 }, { "dl", "rdx", 8, 0 },
	{ "sil", "rsi", 8, 0 }, { "dil", "rdi", 8, 0 }, { "bpl", "rbp", 8, 0 }, { "spl", "rsp", 8, 0 },
	{ "ah", "rax", 8, 8 }, { "bh", "rbx", 8, 8 }, { "ch", "rcx", 8, 8 }, { "dh", "rdx", 8, 8 },
};

static const struct whole *find(const char *name)
{
	for (size_t i = 0; i < sizeof(wholes) / sizeof(wholes[0]); i++)
		if (!strcmp(wholes[i].name, name))
			return &wholes[i];
	return NULL;
}

int x86_64_gdb_reg(const struct arch_vm *vm, const char *name, struct arch_gdb_reg *r)
{
	(void)vm;
	const struct whole *w = find(name);
	const struct part *part = NULL;
	for (size_t i = 0; !w && i < sizeof(parts) / sizeof(parts[0]); i++)
		if (!strcmp(parts[i].name, name)) {
			part = &parts[i];
			w = find(part->of);
		}
	if (!w)
		return -1;
	r->number = w->number;
	r->role = w->role;
	r->type = w->type;
	r->bits = 64;
	r->shift = 0;
	if (part) {
		r->type = ARCH_GDB_INT;
		r->bits = part->bits;
		r->shift = part->shift;
	} else if (w->number == X86_64_CS || w->number == X86_64_SS || w->number < 0) {
		r->bits = 32;
	} else if (w->type == ARCH_GDB_FLAGS) {
		r->bits = 32;
		r->type_name = "i386_eflags";
		r->flag_names = eflags_names;
		r->nflags = (int)(sizeof(eflags_names) / sizeof(eflags_names[0]));
	}
	return 0;
}
