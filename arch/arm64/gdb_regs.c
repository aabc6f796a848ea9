/* arm64's registers as gdb names and types them in expressions (gdb's
 * aarch64 target description): $x0-$x30 are long, $sp a void *, $pc a
 * void (*)(), $cpsr gdb's cpsr_flags (bits by name, EL and BTYPE as
 * NAME=value); $w0-$w30 the low 32 bits of the x registers as uint32_t;
 * $lr, $ip0 and $ip1 gdb's aliases of x30, x16 and x17, $fp the frame
 * pointer x29 as a void *.  $fpsr and $fpcr are gdb's too, but no dump
 * note saves them. */
#include "arch/arm64/arm64.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cpsr_flags: its one-bit fields by bit (NULL: none there) */
static const char *const cpsr_names[32] = {
	[0] = "SP", [4] = "nRW", [6] = "F", [7] = "I", [8] = "A", [9] = "D", [12] = "SSBS",
	[20] = "IL", [21] = "SS", [22] = "PAN", [23] = "UAO", [24] = "DIT", [25] = "TCO",
	[28] = "V", [29] = "C", [30] = "Z", [31] = "N",
};
static const struct arch_gdb_field cpsr_fields[] = {
	{ "EL", 2, 2 },
	{ "BTYPE", 10, 2 },
};

static const struct whole {
	const char *name;
	int number;
	enum arch_gdb_type type;
	int role;
} wholes[] = {
	{ "sp", ARM64_SP, ARCH_GDB_DATA_PTR, ARCH_REG_SP },
	{ "pc", ARM64_PC, ARCH_GDB_CODE_PTR, ARCH_REG_PC },
	{ "cpsr", ARM64_PSTATE, ARCH_GDB_FLAGS, -1 },
	/* gdb's aliases and generic names */
	{ "fp", ARM64_FP, ARCH_GDB_DATA_PTR, ARCH_REG_FP },
	{ "lr", ARM64_LR, ARCH_GDB_LONG, -1 },
	{ "ip0", 16, ARCH_GDB_LONG, -1 },
	{ "ip1", 17, ARCH_GDB_LONG, -1 },
	/* the floating-point status and control: gdb's, not in the notes */
	{ "fpsr", -1, ARCH_GDB_UINT, -1 },
	{ "fpcr", -1, ARCH_GDB_UINT, -1 },
};

/* What info registers lists, in gdb's order. */
const char *const arm64_gdb_reg_list[] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
	"x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24",
	"x25", "x26", "x27", "x28", "x29", "x30", "sp", "pc", "cpsr", "fpsr", "fpcr", NULL,
};

/* "x12" or "w12": the register number, or -1 */
static int numbered(const char *name, char letter)
{
	if (name[0] != letter || name[1] < '0' || name[1] > '9')
		return -1;
	char *end;
	long n = strtol(name + 1, &end, 10);
	if (*end || n > 30 || (name[1] == '0' && name[2]))
		return -1;
	return (int)n;
}

int arm64_gdb_reg(const struct arch_vm *vm, const char *name, struct arch_gdb_reg *r)
{
	(void)vm;
	r->bits = 64;
	r->shift = 0;
	r->role = -1;
	int n = numbered(name, 'x');
	if (n >= 0) {
		r->number = n;
		r->type = ARCH_GDB_LONG;
		if (n == ARM64_FP)
			r->role = ARCH_REG_FP;
		return 0;
	}
	if ((n = numbered(name, 'w')) >= 0) {
		r->number = n;
		r->type = ARCH_GDB_UINT;
		r->bits = 32;
		return 0;
	}
	for (size_t i = 0; i < sizeof(wholes) / sizeof(wholes[0]); i++) {
		const struct whole *w = &wholes[i];
		if (strcmp(w->name, name))
			continue;
		r->number = w->number;
		r->type = w->type;
		r->role = w->role;
		if (w->type == ARCH_GDB_UINT)
			r->bits = 32;
		if (w->type == ARCH_GDB_FLAGS) {
			r->bits = 32;
			r->type_name = "cpsr_flags";
			r->flag_names = cpsr_names;
			r->nflags = (int)(sizeof(cpsr_names) / sizeof(cpsr_names[0]));
			r->fields = cpsr_fields;
			r->nfields = (int)(sizeof(cpsr_fields) / sizeof(cpsr_fields[0]));
		}
		return 0;
	}
	return -1;
}
