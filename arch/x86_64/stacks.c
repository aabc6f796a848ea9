/* The x86_64 unwinder of arch.h: the ORC tables of the kernel and its
 * modules, the stacks a task may run on (its own, the per-CPU IRQ stack
 * and the exception stacks of the CPU entry area), the switch frame of a
 * sleeping task (struct inactive_task_frame at thread.sp), the task each
 * CPU runs (per-cpu current_task), and pt_regs frames; the ORC step
 * machine is unwind.c.
 *
 * Everything is read through struct arch_kernel (symbols, types, memory,
 * modules, task stacks) from the layer above, and checked: sizes are
 * bounded, and pointers must land in kernel space. */
#include "arch/x86_64/x86_64.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/unwind.h"
#include "common/err.h"
#include "common/xalloc.h"

#define MAX_CPUS 8192
#define MAX_MODULES 4096
#define MAX_EXC_STACKS 8
#define KERNEL_SPACE 0xff00000000000000ull

struct mod_orc {
	uint64_t lo, hi; /* text */
	struct orc_table t;
};

/* Facts probed once per kernel. */
struct x86_unwinder {
	struct arch_unwinder base;
	struct orc_table orc;
	uint64_t stext, etext, sinittext, einittext;
	uint64_t ret_from_fork, ret_from_fork_asm;
	/* task_struct.thread.sp; struct inactive_task_frame */
	long off_thread_sp;
	long itf_size, itf_bp, itf_ret;
	/* per-cpu variables: where the IRQ stack pointer, the exception
	 * stacks and the current task are (name, plus an offset into it) */
	const char *irq_sym, *cea_sym, *cur_sym;
	long irq_off, cur_off;
	struct { const char *name, *title; long off, size; } exc[MAX_EXC_STACKS];
	int nexc;
	/* modules, loaded on demand */
	struct mod_orc *mods;
	int nmods, capmods;
	bool mods_scanned;
};

static struct x86_unwinder *X(struct arch_unwinder *uw)
{
	return (struct x86_unwinder *)uw;
}

/* The ORC tables of the vmlinux, read from kernel memory: that copy is
 * the one the running kernel used, already relocated.  The format version
 * from the DWARF struct orc_entry, else from .orc_header. */
static int load_vmlinux_orc(struct x86_unwinder *x)
{
	uint64_t ip0 = uw_symbol(&x->base, "__start_orc_unwind_ip"), ip1 = uw_symbol(&x->base, "__stop_orc_unwind_ip");
	uint64_t u0 = uw_symbol(&x->base, "__start_orc_unwind"), u1 = uw_symbol(&x->base, "__stop_orc_unwind");
	if (!ip0 || !ip1 || !u0 || !u1 || ip1 <= ip0 || u1 <= u0 || ip1 - ip0 > (64u << 20) ||
	    u1 - u0 > (96u << 20)) {
		err_set("kernel has no ORC unwind tables");
		return -1;
	}
	bool has_signal = uw_offset_of(&x->base, "struct orc_entry", "signal") >= 0;
	bool has_end = uw_offset_of(&x->base, "struct orc_entry", "end") >= 0;
	int version = orc_version_from_members(has_signal, has_end);
	if (version < 0) {
		uint64_t h = uw_symbol(&x->base, "__start_orc_header");
		uint8_t hdr[ORC_HEADER_SIZE];
		if (h && uw_read(&x->base, h, hdr, sizeof(hdr)) == 0)
			version = orc_version_from_header(hdr, sizeof(hdr));
		else
			version = 1; /* neither header nor type: the oldest format */
	}
	if (version < 0) {
		err_set("unknown ORC format");
		return -1;
	}
	size_t nip = ip1 - ip0, nu = u1 - u0;
	void *bip = xmalloc(nip), *bu = xmalloc(nu);
	int rc = -1;
	if (uw_read(&x->base, ip0, bip, nip) || uw_read(&x->base, u0, bu, nu))
		err_prefix("reading ORC tables");
	else
		rc = orc_table_init(&x->orc, bip, nip, bu, nu, ip0, version);
	free(bip);
	free(bu);
	return rc;
}

static void probe_exception_stacks(struct x86_unwinder *x)
{
	static const char *const names[] = {"DF", "NMI", "DB", "MCE", "VC", "VC2"};
	static const char *const titles[] = {"DOUBLEFAULT", "NMI", "DEBUG", "MCE", "VC", "VC2"};
	const struct arch_kernel *k = x->base.kern;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && x->nexc < MAX_EXC_STACKS; i++) {
		char m[32];
		snprintf(m, sizeof(m), "%s_stack", names[i]);
		long off = uw_offset_of(&x->base, "struct cea_exception_stacks", m);
		long size = k->member_size(k->arg, "struct cea_exception_stacks", m);
		if (off < 0 || size <= 0 || size > (1 << 20))
			continue;
		x->exc[x->nexc].name = names[i];
		x->exc[x->nexc].title = titles[i];
		x->exc[x->nexc].off = off;
		x->exc[x->nexc].size = size;
		x->nexc++;
	}
}

/* A per-cpu variable: its own name, or a member of struct pcpu_hot (6.2
 * on moved several there). */
static const char *percpu_var(struct x86_unwinder *x, const char *name, const char *const *hot,
			      long *off)
{
	uint64_t a;
	const struct arch_kernel *k = x->base.kern;
	*off = 0;
	if (k->percpu_symbol(k->arg, name, 0, &a) == 0)
		return name;
	if (k->percpu_symbol(k->arg, "pcpu_hot", 0, &a) != 0)
		return NULL;
	for (; *hot; hot++)
		if ((*off = uw_offset_of(&x->base, "struct pcpu_hot", *hot)) >= 0)
			return "pcpu_hot";
	return NULL;
}

struct arch_unwinder *x86_64_unwinder_new(struct arch_vm *vm, const struct arch_kernel *kern)
{
	static const char *const hot_irq[] = {"hardirq_stack_ptr", "hard_irq_stack", NULL};
	static const char *const hot_cur[] = {"current_task", NULL};
	struct x86_unwinder *x = xcalloc(1, sizeof(*x));
	x->base.vm = vm;
	x->base.kern = kern;
	if (load_vmlinux_orc(x))
		goto fail;
	x->stext = uw_symbol(&x->base, "_stext");
	x->etext = uw_symbol(&x->base, "_etext");
	x->sinittext = uw_symbol(&x->base, "_sinittext");
	x->einittext = uw_symbol(&x->base, "_einittext");
	x->ret_from_fork = uw_symbol(&x->base, "ret_from_fork");
	x->ret_from_fork_asm = uw_symbol(&x->base, "ret_from_fork_asm");
	x->off_thread_sp = uw_offset_of(&x->base, "struct task_struct", "thread.sp");
	if (x->off_thread_sp < 0) {
		err_set("task_struct has no thread.sp");
		goto fail;
	}
	x->itf_size = kern->size_of(kern->arg, "struct inactive_task_frame");
	x->itf_bp = uw_offset_of(&x->base, "struct inactive_task_frame", "bp");
	x->itf_ret = uw_offset_of(&x->base, "struct inactive_task_frame", "ret_addr");
	if (x->itf_size <= 0 || x->itf_bp < 0 || x->itf_ret < 0) {
		err_set("no struct inactive_task_frame in the debug info");
		goto fail;
	}
	x->irq_sym = percpu_var(x, "hardirq_stack_ptr", hot_irq, &x->irq_off);
	x->cur_sym = percpu_var(x, "current_task", hot_cur, &x->cur_off);
	uint64_t a;
	if (kern->percpu_symbol(kern->arg, "cea_exception_stacks", 0, &a) == 0) {
		x->cea_sym = "cea_exception_stacks";
		probe_exception_stacks(x);
	}
	return &x->base;
fail:
	orc_table_free(&x->orc);
	free(x);
	return NULL;
}

void x86_64_unwinder_free(struct arch_unwinder *uw)
{
	struct x86_unwinder *x = X(uw);
	orc_table_free(&x->orc);
	for (int i = 0; i < x->nmods; i++)
		orc_table_free(&x->mods[i].t);
	free(x->mods);
	free(x);
}

/* The pointer-sized per-cpu value sym + off on cpu; false when unknown or
 * NULL. */
static bool percpu_ptr(struct x86_unwinder *x, int cpu, const char *sym, long off, uint64_t *val)
{
	const struct arch_kernel *k = x->base.kern;
	uint64_t a;
	if (!sym || cpu < 0 || cpu >= MAX_CPUS || k->percpu_symbol(k->arg, sym, cpu, &a) != 0)
		return false;
	return uw_read(&x->base, a + (uint64_t)off, val, 8) == 0 && *val;
}

int x86_64_cpu_task(struct arch_unwinder *uw, int cpu, uint64_t *task)
{
	struct x86_unwinder *x = X(uw);
	if (!percpu_ptr(x, cpu, x->cur_sym, x->cur_off, task)) {
		err_set("no current task known for cpu %d", cpu);
		return -1;
	}
	return 0;
}

int x86_64_task_saved_sp(struct arch_unwinder *uw, uint64_t task, uint64_t *sp)
{
	struct x86_unwinder *x = X(uw);
	return uw_read(&x->base, task + (uint64_t)x->off_thread_sp, sp, 8);
}

/* The stacks task may run on: its own, then (cpu >= 0) the CPU's IRQ
 * stack and exception stacks.  How many were put in out. */
static int cpu_stacks(struct x86_unwinder *x, uint64_t task, int cpu,
		      struct arch_stack out[MAX_EXC_STACKS + 2])
{
	const struct arch_kernel *k = x->base.kern;
	uint64_t lo, hi, p;
	int n = 0;
	bool own = k->task_stack(k->arg, task, &lo, &hi) == 0;
	uint64_t size = own ? hi - lo : 16384;
	if (own)
		out[n++] = (struct arch_stack){lo, hi, "task"};
	if (cpu < 0)
		return n;
	if (percpu_ptr(x, cpu, x->irq_sym, x->irq_off, &p)) {
		/* The per-cpu pointer is the top of the IRQ stack minus one
		 * word; the stack is as large as a task's. */
		out[n++] = (struct arch_stack){p + 8 - size, p + 8, "IRQ"};
	}
	if (x->cea_sym && percpu_ptr(x, cpu, x->cea_sym, 0, &p)) {
		for (int i = 0; i < x->nexc; i++) {
			lo = p + (uint64_t)x->exc[i].off;
			out[n++] = (struct arch_stack){lo, lo + (uint64_t)x->exc[i].size, x->exc[i].name,
						       x->exc[i].title};
		}
	}
	return n;
}

int x86_64_cpu_stacks(struct arch_unwinder *uw, int cpu, struct arch_stack *out, int max)
{
	struct arch_stack st[MAX_EXC_STACKS + 2];
	int n = cpu_stacks(X(uw), 0, cpu, st), m = 0;
	for (int i = 0; i < n && m < max; i++)
		if (strcmp(st[i].name, "task"))
			out[m++] = st[i];
	return m;
}

bool x86_64_stack_of(struct arch_unwinder *uw, uint64_t task, int cpu, uint64_t addr,
		     struct arch_stack *s)
{
	struct arch_stack st[MAX_EXC_STACKS + 2];
	int n = cpu_stacks(X(uw), task, cpu, st);
	for (int i = 0; i < n; i++)
		if (uw_in_range(addr, st[i].lo, st[i].hi)) {
			*s = st[i];
			return true;
		}
	return false;
}

static bool vmlinux_text(const struct x86_unwinder *x, uint64_t a)
{
	return uw_in_range(a, x->stext, x->etext) || uw_in_range(a, x->sinittext, x->einittext);
}

/* Modules: their ORC tables live in module memory (mod->arch), sorted by
 * the kernel at load time. */
struct mod_scan {
	struct x86_unwinder *x;
	long o_ip, o_u, o_n;
};

static int add_module(void *arg, uint64_t mod, uint64_t lo, uint64_t hi)
{
	struct mod_scan *m = arg;
	struct x86_unwinder *x = m->x;
	uint64_t ip = 0, u = 0;
	uint32_t num = 0;
	if (x->nmods >= MAX_MODULES)
		return 1;
	if (uw_read(&x->base, mod + (uint64_t)m->o_ip, &ip, 8) || uw_read(&x->base, mod + (uint64_t)m->o_u, &u, 8) ||
	    uw_read(&x->base, mod + (uint64_t)m->o_n, &num, 4))
		return 1;
	if (!num || num > (1u << 22) || hi <= lo)
		return 0;
	size_t nip = (size_t)num * 4, nu = (size_t)num * ORC_ENTRY_SIZE;
	void *bip = xmalloc(nip), *bu = xmalloc(nu);
	struct orc_table t;
	if (!uw_read(&x->base, ip, bip, nip) && !uw_read(&x->base, u, bu, nu) &&
	    !orc_table_init(&t, bip, nip, bu, nu, ip, x->orc.version)) {
		if (x->nmods == x->capmods) {
			x->capmods = x->capmods ? 2 * x->capmods : 16;
			x->mods = xreallocarray(x->mods, (size_t)x->capmods, sizeof(*x->mods));
		}
		x->mods[x->nmods++] = (struct mod_orc){lo, hi, t};
	}
	free(bip);
	free(bu);
	return 0;
}

static void scan_modules(struct x86_unwinder *x)
{
	const struct arch_kernel *k = x->base.kern;
	struct mod_scan m = {x, uw_offset_of(&x->base, "struct module", "arch.orc_unwind_ip"),
			     uw_offset_of(&x->base, "struct module", "arch.orc_unwind"),
			     uw_offset_of(&x->base, "struct module", "arch.num_orcs")};
	x->mods_scanned = true;
	if (m.o_ip < 0 || m.o_u < 0 || m.o_n < 0 || !k->modules)
		return;
	k->modules(k->arg, add_module, &m);
}

static bool find_orc(struct x86_unwinder *x, uint64_t ip, struct orc_entry *e)
{
	if (vmlinux_text(x, ip))
		return orc_table_find(&x->orc, ip, e);
	if (ip < KERNEL_SPACE)
		return false;
	if (!x->mods_scanned)
		scan_modules(x);
	for (int i = 0; i < x->nmods; i++)
		if (uw_in_range(ip, x->mods[i].lo, x->mods[i].hi))
			return orc_table_find(&x->mods[i].t, ip, e);
	return false;
}

bool x86_64_is_text(struct arch_unwinder *uw, uint64_t addr)
{
	struct orc_entry e;
	return find_orc(X(uw), addr, &e);
}

bool x86_64_exception_frame_at(struct arch_unwinder *uw, uint64_t addr, struct arch_regs *r,
			       bool *user)
{
	uint64_t w[X86_64_PT_REGS_WORDS];
	if (uw_read(uw, addr, w, sizeof(w)))
		return false;
	unwind_regs_from_words(r, w);
	const uint64_t *v = r->r;
	bool flags_ok = (v[X86_64_FLAGS] & 2) && !(v[X86_64_FLAGS] & ~0x3f7fd7ull);
	bool kern = v[X86_64_CS] == 0x10 && (v[X86_64_SS] == 0x18 || v[X86_64_SS] == 0) &&
		    flags_ok && x86_64_is_text(uw, v[X86_64_IP]) && v[X86_64_SP] >= KERNEL_SPACE;
	bool usr = v[X86_64_CS] == 0x33 && v[X86_64_SS] == 0x2b && flags_ok &&
		   v[X86_64_IP] < 0x800000000000ull && v[X86_64_SP] < 0x800000000000ull;
	*user = usr;
	return kern || usr;
}

/* One unwind: the ORC state machine with the callbacks of one task on
 * one CPU. */
struct x86_unwind {
	struct arch_unwind base;
	struct unwind_ops ops;
	struct unwind_state st;
	uint64_t task;
	int cpu;
};

static int cb_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	struct x86_unwind *u = arg;
	return uw_read(u->base.uw, addr, buf, len);
}

static bool cb_find(void *arg, uint64_t ip, struct orc_entry *e)
{
	struct x86_unwind *u = arg;
	return find_orc(X(u->base.uw), ip, e);
}

static bool cb_stack(void *arg, uint64_t addr, struct arch_stack *s)
{
	struct x86_unwind *u = arg;
	return x86_64_stack_of(u->base.uw, u->task, u->cpu, addr, s);
}

/* ---- CPUs stopped for a crash dump ----
 *
 * A kdump dump's registers of a CPU are what the crashing kernel saved,
 * not where the CPU stopped: the panic CPU's are the oops's pt_regs (or
 * __crash_kexec's own), and the other CPUs' are what the NMI that stopped
 * them interrupted (often user mode).  Where each CPU really stopped is on
 * its stacks: the panic CPU in machine_kexec (called from __crash_kexec,
 * never returning), the others in crash_nmi_callback on their NMI stack.
 * A return address into that function, on the stack of the saved stack
 * pointer below it or on one of the CPU's other stacks, is where its last
 * call left it; the unwind starts there when ORC unwinds it to a caller. */
#define STOP_SCAN_BYTES 65536

/* The highest return address into [lo, hi) found in [from, to) of a
 * stack, read in one piece; its slot, or 0. */
static uint64_t find_return_into(struct x86_unwind *u, uint64_t from, uint64_t to, uint64_t lo,
				 uint64_t hi)
{
	struct x86_unwinder *x = X(u->base.uw);
	from = (from + 7) & ~7ull;
	if (to <= from || to - from > STOP_SCAN_BYTES)
		return 0;
	size_t n = (size_t)(to - from) / 8;
	uint64_t *w = xmalloc(n * 8), slot = 0;
	if (!uw_read(&x->base, from, w, n * 8))
		for (size_t i = n; i-- > 0 && !slot;)
			if (uw_in_range(w[i], lo + 1, hi + 1) && unwind_is_return_address(&u->ops, w[i]))
				slot = from + 8 * i;
	free(w);
	return slot;
}

/* Does an unwind from the return address at slot reach a caller through
 * ORC data? */
static bool unwinds_from(struct x86_unwind *u, uint64_t slot, uint64_t ip, uint64_t bp)
{
	struct unwind_state st;
	struct arch_frame f;
	unwind_start(&st, &u->ops, ip, slot + 8, bp, false);
	return unwind_next(&st, &f) == 1 && !f.scanned;
}

static bool stop_frame(struct x86_unwind *u, const char *fn, const struct arch_regs *r)
{
	struct x86_unwinder *x = X(u->base.uw);
	const struct arch_kernel *k = x->base.kern;
	struct arch_stack st[MAX_EXC_STACKS + 2];
	uint64_t lo, hi, sp = r->r[X86_64_SP], ip;
	if (!k->function_range || k->function_range(k->arg, fn, &lo, &hi))
		return false;
	int n = cpu_stacks(x, u->task, u->cpu, st);
	/* first the stack the saved registers are on, below them */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			bool here = uw_in_range(sp, st[i].lo, st[i].hi);
			if (here != (pass == 0))
				continue;
			uint64_t slot = find_return_into(u, st[i].lo, here ? sp : st[i].hi, lo, hi);
			if (!slot || uw_read(&x->base, slot, &ip, 8) ||
			    !unwinds_from(u, slot, ip, r->r[X86_64_BP]))
				continue;
			unwind_start(&u->st, &u->ops, ip, slot + 8, r->r[X86_64_BP], false);
			return true;
		}
	return false;
}

struct arch_unwind *x86_64_unwind_start(struct arch_unwinder *uw, uint64_t task, int cpu,
					const struct arch_regs *regs)
{
	struct x86_unwinder *x = X(uw);
	const struct arch_kernel *k = uw->kern;
	struct x86_unwind *u = xcalloc(1, sizeof(*u));
	u->base.uw = uw;
	u->task = task;
	u->cpu = regs ? -1 : cpu;
	u->ops = (struct unwind_ops){cb_read, cb_find, cb_stack, u};
	if (regs) {
		u->base.start = *regs;
		unwind_start_regs(&u->st, &u->ops, regs);
		return &u->base;
	}
	if (cpu >= 0) {
		struct arch_regs r;
		int n = arch_cpu_regs(uw->vm, cpu, &r);
		if (cpu >= n || !r.valid) {
			err_set("no saved registers for CPU %d", cpu);
			free(u);
			return NULL;
		}
		u->base.start = r;
		if (!stop_frame(u, "machine_kexec", &r) && !stop_frame(u, "crash_nmi_callback", &r))
			unwind_start_regs(&u->st, &u->ops, &r);
		return &u->base;
	}
	/* Switched out: the switch frame at thread.sp, on the task's stack. */
	uint64_t lo, hi, sp, bp, ip;
	if (k->task_stack(k->arg, task, &lo, &hi) != 0) {
		free(u);
		return NULL;
	}
	if (uw_read(&x->base, task + (uint64_t)x->off_thread_sp, &sp, 8) || !uw_in_range(sp, lo, hi) ||
	    uw_read(&x->base, sp + (uint64_t)x->itf_bp, &bp, 8) ||
	    uw_read(&x->base, sp + (uint64_t)x->itf_ret, &ip, 8)) {
		err_set("task %#llx: bad saved stack pointer", (unsigned long long)task);
		free(u);
		return NULL;
	}
	sp += (uint64_t)x->itf_size;
	u->base.start.r[X86_64_IP] = ip;
	u->base.start.r[X86_64_SP] = sp;
	u->base.start.r[X86_64_BP] = bp;
	bool fork = ip && (ip == x->ret_from_fork || ip == x->ret_from_fork_asm);
	unwind_start(&u->st, &u->ops, ip, sp, bp, fork);
	return &u->base;
}

void x86_64_unwind_current(const struct arch_unwind *au, struct arch_frame *f)
{
	const struct x86_unwind *u = (const struct x86_unwind *)au;
	unwind_current(&u->st, f);
}

int x86_64_unwind_next(struct arch_unwind *au, struct arch_frame *f)
{
	struct x86_unwind *u = (struct x86_unwind *)au;
	int rc = unwind_next(&u->st, f);
	if (rc < 0)
		snprintf(u->base.why, sizeof(u->base.why), "%s", u->st.why);
	return rc;
}

void x86_64_unwind_end(struct arch_unwind *u)
{
	free(u);
}
