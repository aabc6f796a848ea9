/* Registers of the current context as gdb names and types them on
 * x86_64: $rip ($pc) is a void (*)(), $rsp ($sp) and $rbp ($fp) void *,
 * the general registers int64_t, $eflags ($ps) gdb's i386_eflags, the
 * segment registers int32_t; $eax, $ax, $al and their kin are parts of
 * them.  An active task's registers are those its CPU saved in the dump;
 * of a task that was not running only the switch frame is known ($pc,
 * $sp, $fp). */
#include <stddef.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/stack.h"

enum rtype { R64, RDATA, RCODE, RFLAGS, R32SEG, RLONG };

static const struct reg {
	const char *name;
	size_t off;		/* in struct arch_regs */
	enum rtype type;
} regs[] = {
	{ "rax", offsetof(struct arch_regs, ax), R64 }, { "rbx", offsetof(struct arch_regs, bx), R64 },
	{ "rcx", offsetof(struct arch_regs, cx), R64 }, { "rdx", offsetof(struct arch_regs, dx), R64 },
	{ "rsi", offsetof(struct arch_regs, si), R64 }, { "rdi", offsetof(struct arch_regs, di), R64 },
	{ "rbp", offsetof(struct arch_regs, bp), RDATA }, { "rsp", offsetof(struct arch_regs, sp), RDATA },
	{ "r8", offsetof(struct arch_regs, r8), R64 }, { "r9", offsetof(struct arch_regs, r9), R64 },
	{ "r10", offsetof(struct arch_regs, r10), R64 }, { "r11", offsetof(struct arch_regs, r11), R64 },
	{ "r12", offsetof(struct arch_regs, r12), R64 }, { "r13", offsetof(struct arch_regs, r13), R64 },
	{ "r14", offsetof(struct arch_regs, r14), R64 }, { "r15", offsetof(struct arch_regs, r15), R64 },
	{ "rip", offsetof(struct arch_regs, ip), RCODE }, { "eflags", offsetof(struct arch_regs, flags), RFLAGS },
	{ "cs", offsetof(struct arch_regs, cs), R32SEG }, { "ss", offsetof(struct arch_regs, ss), R32SEG },
	{ "fs_base", offsetof(struct arch_regs, fs_base), RLONG },
	{ "gs_base", offsetof(struct arch_regs, gs_base), RLONG },
	{ "orig_rax", offsetof(struct arch_regs, orig_ax), RLONG },
	/* gdb's generic names */
	{ "pc", offsetof(struct arch_regs, ip), RCODE }, { "sp", offsetof(struct arch_regs, sp), RDATA },
	{ "fp", offsetof(struct arch_regs, bp), RDATA }, { "ps", offsetof(struct arch_regs, flags), RFLAGS },
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

static const char *const segments[] = { "ds", "es", "fs", "gs" };

static const struct reg *find(const char *name)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		if (!strcmp(regs[i].name, name))
			return &regs[i];
	return NULL;
}

/* The registers of the current task; *partial when only the switch
 * frame is known (a task that was not running). */
static int context_regs(struct kx_ctx *c, struct arch_regs *r, bool *partial, uint64_t *task)
{
	*partial = false;
	if (!c->k || !(*task = kx_context_task(c->k))) {
		err_set("No registers.");
		return -1;
	}
	struct kstack_task ti;
	if (kstack_task_info(c->k, *task, &ti) == 0 && ti.active_cpu >= 0 &&
	    arch_cpu_regs(kernel_arch(c->k), ti.active_cpu, r) > 0 && r->valid)
		return 0;
	struct kstack_trace t;
	memset(&t, 0, sizeof(t));
	if (kstack_trace_task(c->k, *task, -1, &t) == 0 && t.start.ip) {
		memset(r, 0, sizeof(*r));
		r->ip = t.start.ip;
		r->sp = t.start.sp;
		r->bp = t.start.bp;
		r->valid = true;
		*partial = true;
		kstack_trace_free(&t);
		return 0;
	}
	kstack_trace_free(&t);
	err_set("The registers of task %#llx are not known: only an active task's are.",
		(unsigned long long)*task);
	return -1;
}

int kx_register(struct kx_ctx *c, const char *name, struct kx_value *out)
{
	const struct reg *r = find(name);
	const struct part *part = NULL;
	bool segment = false;
	for (size_t i = 0; !r && i < sizeof(parts) / sizeof(parts[0]); i++)
		if (!strcmp(parts[i].name, name)) {
			part = &parts[i];
			r = find(part->of);
		}
	for (size_t i = 0; !r && i < sizeof(segments) / sizeof(segments[0]); i++)
		if (!strcmp(segments[i], name))
			segment = true;
	if (!r && !segment)
		return 1;
	if (segment) {
		err_set("$%s is not saved in the dump's CPU notes.", name);
		return -1;
	}
	const struct kx_builtins *bt = c->bt;
	const struct ktype *t;
	if (part)
		t = part->bits == 32 ? bt->int32 : part->bits == 16 ? bt->int16 : bt->int8;
	else
		switch (r->type) {
		case R64: t = bt->int64; break;
		case RDATA: t = bt->data_ptr; break;
		case RCODE: t = bt->code_ptr; break;
		case RFLAGS: t = bt->eflags; break;
		case R32SEG: t = bt->int32; break;
		default: t = bt->long_; break;
		}
	if (kx_noside(c)) {
		kx_make_int(c, out, t, 0);
		out->where = KX_REGISTER;
		return 0;
	}
	struct arch_regs regs;
	bool partial;
	uint64_t task;
	if (context_regs(c, &regs, &partial, &task) != 0)
		return -1;
	if (partial && r->off != offsetof(struct arch_regs, ip) && r->off != offsetof(struct arch_regs, sp) &&
	    r->off != offsetof(struct arch_regs, bp)) {
		err_set("$%s of task %#llx is not known: it was not running, and its switch frame holds only "
			"$pc, $sp and $fp.", name, (unsigned long long)task);
		return -1;
	}
	uint64_t v;
	memcpy(&v, (const unsigned char *)&regs + r->off, 8);
	if (part)
		v = (v >> part->shift) & ((1ull << part->bits) - 1);
	kx_make_int(c, out, t, v);
	out->where = KX_REGISTER;
	return 0;
}

int kx_context_cpu(struct kernel *k)
{
	uint64_t task = kx_context_task(k);
	struct kstack_task ti;
	if (!task || kstack_task_info(k, task, &ti) != 0)
		return -1;
	return ti.active_cpu >= 0 ? ti.active_cpu : ti.cpu;
}
