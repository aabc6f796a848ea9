/* Registers of the current context in expressions ($pc, $sp, $rip, $eax):
 * the architecture names and types them as gdb does (arch_gdb_reg); this
 * file finds their values.  An active task's registers are those its CPU
 * saved in the dump; of a task that was not running only the switch frame
 * is known (the pc, sp and fp). */
#include <stddef.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/stack.h"

/* The registers of the current task; *partial when only the switch
 * frame is known (a task that was not running). */
static int context_regs(struct kx_ctx *c, struct arch_regs *r, bool *partial, uint64_t *task)
{
	*partial = false;
	if (!c->k || !(*task = kx_context_task(c->k))) {
		err_set("No registers.");
		return -1;
	}
	int cpu = kstack_task_cpu(c->k, *task, kx_context_cpu(c->k));
	if (cpu >= 0 && arch_cpu_regs(kernel_arch(c->k), cpu, r) > 0 && r->valid)
		return 0;
	struct kstack_trace t;
	memset(&t, 0, sizeof(t));
	struct arch_vm *vm = kernel_arch(c->k);
	if (kstack_trace_task(c->k, *task, -1, &t) == 0 && arch_reg(vm, &t.start, ARCH_REG_PC)) {
		*r = t.start;
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

/* gdb's type of a register the architecture describes. */
static const struct ktype *reg_type(struct kx_ctx *c, const struct arch_gdb_reg *d)
{
	const struct kx_builtins *bt = c->bt;
	switch (d->type) {
	case ARCH_GDB_DATA_PTR: return bt->data_ptr;
	case ARCH_GDB_CODE_PTR: return bt->code_ptr;
	case ARCH_GDB_LONG: return bt->long_;
	case ARCH_GDB_UINT: return d->bits == 32 ? bt->uint32 : bt->ulong;
	case ARCH_GDB_FLAGS: {
		struct kx_state *st = kx_state(c->k);
		if (!st->flags_type) {
			st->flags_type = tc_base(st->tc, KT_INT, d->type_name ? d->type_name : "flags",
						 d->bits / 8, 0);
			st->flags_reg = *d;
		}
		return st->flags_type;
	}
	default:
		return d->bits == 8 ? bt->int8 : d->bits == 16 ? bt->int16 : d->bits == 32 ? bt->int32 : bt->int64;
	}
}

int kx_register(struct kx_ctx *c, const char *name, struct kx_value *out)
{
	struct arch_gdb_reg d;
	struct arch_vm *vm = c->k ? kernel_arch(c->k) : NULL;
	if (!vm || arch_gdb_reg(vm, name, &d) != 0)
		return 1;
	const struct ktype *t = reg_type(c, &d);
	if (kx_noside(c)) {
		/* its type is known all the same (whatis $ds) */
		kx_make_int(c, out, t, 0);
		out->where = KX_REGISTER;
		return 0;
	}
	if (d.number < 0) {
		err_set("$%s is not saved in the dump's CPU notes.", name);
		return -1;
	}
	struct arch_regs regs;
	bool partial;
	uint64_t task;
	if (context_regs(c, &regs, &partial, &task) != 0)
		return -1;
	if (partial && d.role < 0) {
		err_set("$%s of task %#llx is not known: it was not running, and its switch frame holds only "
			"$pc, $sp and $fp.", name, (unsigned long long)task);
		return -1;
	}
	uint64_t v = d.number < ARCH_REGS_MAX ? regs.r[d.number] : 0;
	if (d.bits < 64)
		v = (v >> d.shift) & ((1ull << d.bits) - 1);
	kx_make_int(c, out, t, v);
	out->where = KX_REGISTER;
	return 0;
}

const struct arch_gdb_reg *kx_flags_reg(struct kernel *k, const struct ktype *t)
{
	struct kx_state *st = k ? kx_state(k) : NULL;
	if (!st || !st->flags_type || t != st->flags_type ||
	    (!st->flags_reg.flag_names && !st->flags_reg.fields))
		return NULL;
	return &st->flags_reg;
}
