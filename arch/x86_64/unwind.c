/* ORC-driven unwinder; see unwind.h.  The rules follow the format's
 * meaning (sp_reg gives the caller's stack pointer, the CFA; the return
 * address sits just below it; REGS entries say a pt_regs lies at the CFA),
 * with bounds checks because the stack comes from an untrusted dump. */
#include "arch/x86_64/unwind.h"

#include <stdio.h>
#include <string.h>

#define SCAN_MAX_WORDS 2048

void unwind_regs_from_words(struct arch_regs *r, const uint64_t w[X86_64_PT_REGS_WORDS])
{
	memset(r, 0, sizeof(*r));
	memcpy(r->r, w, X86_64_PT_REGS_SIZE);	/* the same order */
	r->valid = true;
}

static void set_stack(struct unwind_state *st, uint64_t sp)
{
	if (!st->ops->stack_of || !st->ops->stack_of(st->ops->arg, sp, &st->stack))
		memset(&st->stack, 0, sizeof(st->stack));
}

static bool on_stack(const struct arch_stack *s, uint64_t addr, uint64_t len)
{
	return s->name && addr >= s->lo && addr < s->hi && len <= s->hi - addr;
}

/* Memory of a stack: the current one, or any other known stack. */
static bool rd(struct unwind_state *st, uint64_t addr, void *buf, size_t len)
{
	if (st->ops->stack_of) {
		struct arch_stack s;
		if (!on_stack(&st->stack, addr, len) &&
		    (!st->ops->stack_of(st->ops->arg, addr, &s) || !on_stack(&s, addr, len)))
			return false;
	}
	return st->ops->read(st->ops->arg, addr, buf, len) == 0;
}

static bool rd64(struct unwind_state *st, uint64_t addr, uint64_t *v)
{
	return rd(st, addr, v, 8);
}

static void init_common(struct unwind_state *st, const struct unwind_ops *ops)
{
	memset(st, 0, sizeof(*st));
	st->ops = ops;
}

void unwind_start_regs(struct unwind_state *st, const struct unwind_ops *ops,
		       const struct arch_regs *regs)
{
	init_common(st, ops);
	st->ip = regs->r[X86_64_IP];
	st->sp = regs->r[X86_64_SP];
	st->bp = regs->r[X86_64_BP];
	st->regs = *regs;
	st->have_regs = st->full_regs = true;
	st->signal = true;
	set_stack(st, st->sp);
}

void unwind_start(struct unwind_state *st, const struct unwind_ops *ops,
		  uint64_t ip, uint64_t sp, uint64_t bp, bool signal)
{
	init_common(st, ops);
	st->ip = ip;
	st->sp = sp;
	st->bp = bp;
	st->signal = signal;
	set_stack(st, st->sp);
}

static bool user_mode(const struct arch_regs *r)
{
	return (r->r[X86_64_CS] & 3) == 3;
}

void unwind_current(const struct unwind_state *st, struct arch_frame *f)
{
	memset(f, 0, sizeof(*f));
	f->pc = st->ip;
	f->sp = st->sp;
	f->exact = st->signal;
	/* A sleeping task's first ip is the return address just below sp. */
	f->slot = st->have_regs ? 0 : st->sp - 8;
	if (st->have_regs && user_mode(&st->regs)) {
		f->user = true;
		f->regs = st->regs;
	}
	f->stack = st->stack;
}

static int fail(struct unwind_state *st, const char *fmt, uint64_t a)
{
	snprintf(st->why, sizeof(st->why), fmt, (unsigned long long)a);
	st->error = st->done = true;
	return -1;
}

static bool get_reg(struct unwind_state *st, int which, uint64_t *v)
{
	const struct arch_regs *r;
	if (!st->have_regs)
		return false;
	if (st->full_regs)
		r = &st->regs;
	else if (st->have_prev_regs)
		r = &st->prev_regs;
	else
		return false;
	switch (which) {
	case ORC_REG_R10: *v = r->r[X86_64_R10]; return true;
	case ORC_REG_R13: *v = r->r[X86_64_R13]; return true;
	case ORC_REG_DI: *v = r->r[X86_64_DI]; return true;
	case ORC_REG_DX: *v = r->r[X86_64_DX]; return true;
	case ORC_REG_BP: *v = r->r[X86_64_BP]; return true;
	}
	return false;
}

/* Is w a return address: does a call instruction end just before it?
 * (call rel32; call through a register or memory, ff /2.) */
bool unwind_is_return_address(const struct unwind_ops *ops, uint64_t w)
{
	uint8_t b[8];
	if (ops->read(ops->arg, w - 8, b, sizeof(b)))
		return false;
	if (b[3] == 0xe8)				/* e8 rel32 */
		return true;
	static const int len[] = {2, 3, 6, 7};	/* ff modrm [sib] [disp] */
	for (int i = 0; i < 4; i++) {
		int at = 8 - len[i];
		if (b[at] == 0xff && ((b[at + 1] >> 3) & 7) == 2)
			return true;
	}
	return false;
}

static bool after_call(struct unwind_state *st, uint64_t w)
{
	return unwind_is_return_address(st->ops, w);
}

/* No unwind data for the current ip: look up the stack for the nearest
 * word that is a return address (it follows a call instruction) into code
 * with unwind data, and go on from there.  The frame is marked as
 * scanned. */
static int scan(struct unwind_state *st, struct arch_frame *f)
{
	uint64_t a = st->sp;
	for (int i = 0; i < SCAN_MAX_WORDS; i++, a += 8) {
		uint64_t w;
		struct orc_entry e;
		if (!on_stack(&st->stack, a, 8) || !rd64(st, a, &w))
			break;
		if (w < 0xffff800000000000ull || !st->ops->find_orc(st->ops->arg, w - 1, &e) ||
		    e.type == ORC_TYPE_UNDEFINED || !after_call(st, w))
			continue;
		st->ip = w;
		st->sp = a + 8;
		st->signal = false;
		st->have_regs = st->full_regs = st->have_prev_regs = false;
		memset(f, 0, sizeof(*f));
		f->pc = w;
		f->sp = st->sp;
		f->slot = a;
		f->scanned = true;
		f->stack = st->stack;
		st->nframes++;
		return 1;
	}
	return fail(st, "no unwind data at %#llx", st->ip);
}

int unwind_next(struct unwind_state *st, struct arch_frame *f)
{
	struct orc_entry e;
	uint64_t sp, orig_ip = st->ip, prev_sp = st->sp, tmp;
	struct arch_stack prev_stack = st->stack;
	bool indirect = false;

	if (st->done)
		return st->error ? -1 : 0;
	if (st->nframes >= UNWIND_MAX_FRAMES)
		return fail(st, "more than %llu frames", UNWIND_MAX_FRAMES);
	if (st->have_regs && user_mode(&st->regs)) {
		st->done = true;
		return 0;
	}
	uint64_t look = st->signal ? st->ip : st->ip - 1;
	if (!st->ops->find_orc(st->ops->arg, look, &e) || e.type == ORC_TYPE_UNDEFINED)
		return scan(st, f);
	if (e.type == ORC_TYPE_END_OF_STACK) {
		st->done = true;
		return 0;
	}

	switch (e.sp_reg) {
	case ORC_REG_SP:
		sp = st->sp + e.sp_offset;
		break;
	case ORC_REG_BP:
		sp = st->bp + e.sp_offset;
		break;
	case ORC_REG_SP_INDIRECT:
		sp = st->sp;
		indirect = true;
		break;
	case ORC_REG_BP_INDIRECT:
		sp = st->bp + e.sp_offset;
		indirect = true;
		break;
	case ORC_REG_R10: case ORC_REG_R13: case ORC_REG_DI: case ORC_REG_DX:
		if (!get_reg(st, e.sp_reg, &sp))
			return fail(st, "stack pointer kept in a register not saved at %#llx", orig_ip);
		break;
	default:
		return fail(st, "bad ORC entry at %#llx", orig_ip);
	}
	if (indirect) {
		if (!rd64(st, sp, &sp))
			return fail(st, "cannot read stack at %#llx", sp);
		if (e.sp_reg == ORC_REG_SP_INDIRECT)
			sp += e.sp_offset;
	}

	memset(f, 0, sizeof(*f));
	switch (e.type) {
	case ORC_TYPE_CALL:
		if (!rd64(st, sp - 8, &st->ip))
			return fail(st, "cannot read return address at %#llx", sp - 8);
		f->slot = sp - 8;
		st->sp = sp;
		st->have_regs = st->full_regs = st->have_prev_regs = false;
		break;
	case ORC_TYPE_REGS: {
		uint64_t w[X86_64_PT_REGS_WORDS];
		if (!rd(st, sp, w, sizeof(w)))
			return fail(st, "cannot read registers at %#llx", sp);
		unwind_regs_from_words(&st->regs, w);
		st->ip = st->regs.r[X86_64_IP];
		st->sp = st->regs.r[X86_64_SP];
		st->have_regs = st->full_regs = true;
		st->have_prev_regs = false;
		f->regs_addr = sp;
		f->regs_size = X86_64_PT_REGS_SIZE;
		f->regs = st->regs;
		break;
	}
	case ORC_TYPE_REGS_PARTIAL: {
		uint64_t w[5];
		if (!rd(st, sp, w, sizeof(w)))
			return fail(st, "cannot read iret frame at %#llx", sp);
		if (st->have_regs && st->full_regs) {
			st->prev_regs = st->regs;
			st->have_prev_regs = true;
		}
		memset(&st->regs, 0, sizeof(st->regs));
		st->regs.r[X86_64_IP] = w[0]; st->regs.r[X86_64_CS] = w[1];
		st->regs.r[X86_64_FLAGS] = w[2]; st->regs.r[X86_64_SP] = w[3];
		st->regs.r[X86_64_SS] = w[4];
		st->regs.valid = true;
		st->ip = w[0];
		st->sp = w[3];
		st->have_regs = true;
		st->full_regs = false;
		f->regs_addr = sp - UNWIND_IRET_OFFSET;
		f->regs_size = X86_64_PT_REGS_SIZE;
		f->regs_partial = true;
		f->regs = st->regs;
		break;
	}
	default:
		return fail(st, "unknown ORC entry type at %#llx", orig_ip);
	}

	switch (e.bp_reg) {
	case ORC_REG_UNDEFINED:
		if (get_reg(st, ORC_REG_BP, &tmp))
			st->bp = tmp;
		break;
	case ORC_REG_PREV_SP:
		if (!rd64(st, sp + e.bp_offset, &st->bp))
			return fail(st, "cannot read saved frame pointer at %#llx", sp + e.bp_offset);
		break;
	case ORC_REG_BP:
		if (!rd64(st, st->bp + e.bp_offset, &st->bp))
			return fail(st, "cannot read saved frame pointer at %#llx", st->bp + e.bp_offset);
		break;
	default:
		return fail(st, "bad ORC entry at %#llx", orig_ip);
	}

	/* After a register frame the ip is exact; entries from v2 on may also
	 * say so for a call frame. */
	st->signal = e.type != ORC_TYPE_CALL || e.signal;

	set_stack(st, st->sp);
	if (st->stack.name && prev_stack.name && st->stack.lo == prev_stack.lo &&
	    st->sp <= prev_sp)
		return fail(st, "stack going the wrong way at %#llx", orig_ip);
	if (!st->stack.name && !(st->have_regs && user_mode(&st->regs)))
		return fail(st, "stack pointer %#llx is on no known stack", st->sp);

	f->pc = st->ip;
	f->sp = st->sp;
	f->exact = st->signal;
	f->user = st->have_regs && user_mode(&st->regs);
	f->stack = st->stack;
	st->nframes++;
	return 1;
}
