/* Task stacks and backtraces: the kernel-structure side of the unwinder.
 * See stack.h.  Everything read here comes from the dump and is checked:
 * sizes are bounded, and pointers must land in kernel space. */
#include "kernel-types/stack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/stack_kt.h"

#define MAX_CPUS 8192
#define MAX_MODULES 4096
#define MAX_EXC_STACKS 8

struct mod_orc {
	uint64_t lo, hi; /* text */
	struct orc_table t;
	bool loaded;
};

/* Facts probed once per kernel. */
struct kstack_info {
	struct kernel *k;
	bool ok;
	struct orc_table orc;
	uint64_t stext, etext, sinittext, einittext;
	uint64_t thread_size;
	uint64_t ret_from_fork, ret_from_fork_asm;
	/* task_struct */
	long off_stack, off_thread_sp;
	/* inactive_task_frame */
	long itf_size, itf_bp, itf_ret;
	/* per-cpu stacks */
	uint64_t pcpu_offsets_sym;	/* __per_cpu_offset */
	uint64_t irq_ptr_off;		/* per-cpu offset of the IRQ stack pointer */
	bool have_irq;
	uint64_t cea_ptr_off;		/* per-cpu offset of cea_exception_stacks */
	bool have_cea;
	struct { const char *name; long off, size; } exc[MAX_EXC_STACKS];
	int nexc;
	/* modules, loaded on demand */
	struct mod_orc *mods;
	int nmods;
	bool mods_scanned;
};

static struct kstack_info *info_cache;

/* Read the ORC tables of the vmlinux from kernel memory: that copy is the
 * one the running kernel used, already relocated. */
static int load_vmlinux_orc(struct kstack_info *in)
{
	struct kernel *k = in->k;
	uint64_t ip0 = ktx_symbol(k, "__start_orc_unwind_ip");
	uint64_t ip1 = ktx_symbol(k, "__stop_orc_unwind_ip");
	uint64_t u0 = ktx_symbol(k, "__start_orc_unwind");
	uint64_t u1 = ktx_symbol(k, "__stop_orc_unwind");
	if (!ip0 || !ip1 || !u0 || !u1 || ip1 <= ip0 || u1 <= u0 ||
	    ip1 - ip0 > (64u << 20) || u1 - u0 > (96u << 20)) {
		err_set("kernel has no ORC unwind tables");
		return -1;
	}
	int version = -1;
	bool has_signal = false, has_end = false;
	if (ktx_member_offset(k, "orc_entry", "signal", NULL) == 0)
		has_signal = true;
	if (ktx_member_offset(k, "orc_entry", "end", NULL) == 0)
		has_end = true;
	version = orc_version_from_members(has_signal, has_end);
	if (version < 0) {
		uint64_t h = ktx_symbol(k, "__start_orc_header");
		uint8_t hdr[ORC_HEADER_SIZE];
		if (h && ktx_read(k, h, hdr, sizeof(hdr)) == 0)
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
	if (ktx_read(k, ip0, bip, nip) || ktx_read(k, u0, bu, nu))
		err_prefix("reading ORC tables");
	else
		rc = orc_table_init(&in->orc, bip, nip, bu, nu, ip0, version);
	free(bip);
	free(bu);
	return rc;
}

static void probe_exception_stacks(struct kstack_info *in)
{
	static const char *const names[] = {"DF", "NMI", "DB", "MCE", "VC", "VC2"};
	struct kernel *k = in->k;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && in->nexc < MAX_EXC_STACKS; i++) {
		char m[32];
		long off, size;
		snprintf(m, sizeof(m), "%s_stack", names[i]);
		if (ktx_member_offset(k, "cea_exception_stacks", m, &off) ||
		    ktx_member_size(k, "cea_exception_stacks", m, &size) || size <= 0 ||
		    size > (1 << 20))
			continue;
		in->exc[in->nexc].name = names[i];
		in->exc[in->nexc].off = off;
		in->exc[in->nexc].size = size;
		in->nexc++;
	}
}

static struct kstack_info *get_info(struct kernel *k)
{
	if (info_cache && info_cache->k == k)
		return info_cache->ok ? info_cache : NULL;
	if (info_cache) {
		orc_table_free(&info_cache->orc);
		for (int i = 0; i < info_cache->nmods; i++)
			orc_table_free(&info_cache->mods[i].t);
		free(info_cache->mods);
		free(info_cache);
	}
	struct kstack_info *in = info_cache = xcalloc(1, sizeof(*in));
	in->k = k;
	if (load_vmlinux_orc(in))
		return NULL;
	in->stext = ktx_symbol(k, "_stext");
	in->etext = ktx_symbol(k, "_etext");
	in->sinittext = ktx_symbol(k, "_sinittext");
	in->einittext = ktx_symbol(k, "_einittext");
	/* THREAD_SIZE: the size of init's stack (the end symbol was renamed). */
	uint64_t s0 = ktx_symbol(k, "init_stack"), s1 = ktx_symbol(k, "__end_init_task");
	if (!s1)
		s1 = ktx_symbol(k, "__end_init_stack");
	in->thread_size = (s0 && s1 > s0 && s1 - s0 <= (1 << 20)) ? s1 - s0 : 16384;
	in->ret_from_fork = ktx_symbol(k, "ret_from_fork");
	in->ret_from_fork_asm = ktx_symbol(k, "ret_from_fork_asm");
	if (ktx_member_offset(k, "task_struct", "stack", &in->off_stack) ||
	    ktx_member_offset(k, "task_struct", "thread.sp", &in->off_thread_sp)) {
		err_set("task_struct has no stack or thread.sp");
		return NULL;
	}
	if (ktx_type_size(k, "inactive_task_frame", &in->itf_size) ||
	    ktx_member_offset(k, "inactive_task_frame", "bp", &in->itf_bp) ||
	    ktx_member_offset(k, "inactive_task_frame", "ret_addr", &in->itf_ret)) {
		err_set("no struct inactive_task_frame in the debug info");
		return NULL;
	}
	in->pcpu_offsets_sym = ktx_symbol(k, "__per_cpu_offset");
	uint64_t v;
	long off;
	if (ktx_percpu_symbol(k, "hardirq_stack_ptr", &v) == 0) {
		in->irq_ptr_off = v;
		in->have_irq = true;
	} else if (ktx_percpu_symbol(k, "pcpu_hot", &v) == 0 &&
		   (ktx_member_offset(k, "pcpu_hot", "hardirq_stack_ptr", &off) == 0 ||
		    ktx_member_offset(k, "pcpu_hot", "hard_irq_stack", &off) == 0)) {
		/* 6.2 on: the pointer moved into struct pcpu_hot. */
		in->irq_ptr_off = v + (uint64_t)off;
		in->have_irq = true;
	}
	if (ktx_percpu_symbol(k, "cea_exception_stacks", &v) == 0) {
		in->cea_ptr_off = v;
		in->have_cea = true;
		probe_exception_stacks(in);
	}
	in->ok = true;
	return in;
}

static bool percpu_ptr(struct kstack_info *in, int cpu, uint64_t off, uint64_t *val)
{
	uint64_t base;
	if (cpu < 0 || cpu >= MAX_CPUS || !in->pcpu_offsets_sym ||
	    ktx_read(in->k, in->pcpu_offsets_sym + 8 * (uint64_t)cpu, &base, 8))
		return false;
	return ktx_read(in->k, base + off, val, 8) == 0 && *val;
}

int kstack_task_stack(struct kernel *k, uint64_t task, uint64_t *lo, uint64_t *hi)
{
	struct kstack_info *in = get_info(k);
	uint64_t s;
	if (!in)
		return -1;
	if (ktx_read(k, task + (uint64_t)in->off_stack, &s, 8) || s < 0xff00000000000000ull) {
		err_set("task %#llx: no stack", (unsigned long long)task);
		return -1;
	}
	*lo = s;
	*hi = s + in->thread_size;
	return 0;
}

static bool in_range(uint64_t a, uint64_t lo, uint64_t hi)
{
	return a >= lo && a < hi;
}

bool kstack_stack_of(struct kernel *k, uint64_t task, int cpu, uint64_t addr,
		     struct unwind_stack *s)
{
	struct kstack_info *in = get_info(k);
	uint64_t lo, hi, p;
	if (!in)
		return false;
	if (kstack_task_stack(k, task, &lo, &hi) == 0 && in_range(addr, lo, hi)) {
		*s = (struct unwind_stack){lo, hi, "task"};
		return true;
	}
	if (cpu < 0)
		return false;
	if (in->have_irq && percpu_ptr(in, cpu, in->irq_ptr_off, &p)) {
		/* The per-cpu pointer is the top of the IRQ stack minus one
		 * word; the stack is THREAD_SIZE bytes. */
		hi = p + 8;
		lo = hi - in->thread_size;
		if (in_range(addr, lo, hi)) {
			*s = (struct unwind_stack){lo, hi, "IRQ"};
			return true;
		}
	}
	if (in->have_cea && percpu_ptr(in, cpu, in->cea_ptr_off, &p)) {
		for (int i = 0; i < in->nexc; i++) {
			lo = p + (uint64_t)in->exc[i].off;
			hi = lo + (uint64_t)in->exc[i].size;
			if (in_range(addr, lo, hi)) {
				*s = (struct unwind_stack){lo, hi, in->exc[i].name};
				return true;
			}
		}
	}
	return false;
}

static bool vmlinux_text(struct kstack_info *in, uint64_t a)
{
	return in_range(a, in->stext, in->etext) || in_range(a, in->sinittext, in->einittext);
}

/* Modules: their ORC tables live in module memory (mod->arch), sorted by
 * the kernel at load time.  The text range is core_layout (until 6.3) or
 * mem[MOD_TEXT] (6.4 on); MOD_TEXT is the first element. */
static int list_modules(struct kernel *k, struct ktx_module **out)
{
	long o_list, o_ip, o_u, o_n, o_base, o_size;
	uint64_t head = ktx_symbol(k, "modules");
	*out = NULL;
	if (!head || ktx_member_offset(k, "module", "list", &o_list) ||
	    ktx_member_offset(k, "module", "arch.orc_unwind_ip", &o_ip) ||
	    ktx_member_offset(k, "module", "arch.orc_unwind", &o_u) ||
	    ktx_member_offset(k, "module", "arch.num_orcs", &o_n))
		return -1;
	long o_text_size = -1;
	if (ktx_member_offset(k, "module", "mem", &o_base) == 0) {
		long b, sz;
		if (ktx_member_offset(k, "module_memory", "base", &b) ||
		    ktx_member_offset(k, "module_memory", "size", &sz))
			return -1;
		o_size = o_base + sz;
		o_base += b;
	} else if (ktx_member_offset(k, "module", "core_layout.base", &o_base) == 0 &&
		   ktx_member_offset(k, "module", "core_layout.text_size", &o_text_size) == 0) {
		o_size = o_text_size;
	} else {
		return -1;
	}
	int n = 0, cap = 16;
	struct ktx_module *m = xcalloc((size_t)cap, sizeof(*m));
	uint64_t p;
	if (ktx_read(k, head, &p, 8))
		p = head;
	for (int i = 0; p != head && i < MAX_MODULES; i++) {
		uint64_t mod = p - (uint64_t)o_list, base = 0;
		uint32_t num = 0, size = 0;
		struct ktx_module x = {0};
		if (ktx_read(k, mod + (uint64_t)o_ip, &x.orc_unwind_ip, 8) ||
		    ktx_read(k, mod + (uint64_t)o_u, &x.orc_unwind, 8) ||
		    ktx_read(k, mod + (uint64_t)o_n, &num, 4) ||
		    ktx_read(k, mod + (uint64_t)o_base, &base, 8) ||
		    ktx_read(k, mod + (uint64_t)o_size, &size, 4))
			break;
		x.num_orcs = num;
		x.text_lo = base;
		x.text_hi = base + size;
		if (n == cap) {
			cap *= 2;
			m = xreallocarray(m, (size_t)cap, sizeof(*m));
		}
		m[n++] = x;
		if (ktx_read(k, p, &p, 8))
			break;
	}
	*out = m;
	return n;
}

static void scan_modules(struct kstack_info *in)
{
	in->mods_scanned = true;
	struct ktx_module *m = NULL;
	int n = list_modules(in->k, &m);
	if (n <= 0) {
		free(m);
		return;
	}
	in->mods = xcalloc((size_t)n, sizeof(*in->mods));
	for (int i = 0; i < n; i++) {
		struct mod_orc *mo = &in->mods[in->nmods];
		if (!m[i].num_orcs || m[i].num_orcs > (1u << 22) || m[i].text_hi <= m[i].text_lo)
			continue;
		size_t nip = (size_t)m[i].num_orcs * 4, nu = (size_t)m[i].num_orcs * ORC_ENTRY_SIZE;
		void *bip = xmalloc(nip), *bu = xmalloc(nu);
		if (!ktx_read(in->k, m[i].orc_unwind_ip, bip, nip) &&
		    !ktx_read(in->k, m[i].orc_unwind, bu, nu) &&
		    !orc_table_init(&mo->t, bip, nip, bu, nu, m[i].orc_unwind_ip, in->orc.version)) {
			mo->lo = m[i].text_lo;
			mo->hi = m[i].text_hi;
			in->nmods++;
		}
		free(bip);
		free(bu);
	}
	free(m);
}

static bool find_orc(struct kstack_info *in, uint64_t ip, struct orc_entry *e)
{
	if (vmlinux_text(in, ip))
		return orc_table_find(&in->orc, ip, e);
	if (ip < 0xff00000000000000ull)
		return false;
	if (!in->mods_scanned)
		scan_modules(in);
	for (int i = 0; i < in->nmods; i++)
		if (in_range(ip, in->mods[i].lo, in->mods[i].hi))
			return orc_table_find(&in->mods[i].t, ip, e);
	return false;
}

bool kstack_is_text(struct kernel *k, uint64_t addr)
{
	struct kstack_info *in = get_info(k);
	struct orc_entry e;
	return in && find_orc(in, addr, &e);
}

/* Callbacks of the unwinder for one task on one CPU. */
struct uctx {
	struct kstack_info *in;
	uint64_t task;
	int cpu;
};

static int cb_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	struct uctx *c = arg;
	return ktx_read(c->in->k, addr, buf, len);
}

static bool cb_find(void *arg, uint64_t ip, struct orc_entry *e)
{
	struct uctx *c = arg;
	return find_orc(c->in, ip, e);
}

static bool cb_stack(void *arg, uint64_t addr, struct unwind_stack *s)
{
	struct uctx *c = arg;
	return kstack_stack_of(c->in->k, c->task, c->cpu, addr, s);
}

static void run(struct unwind_state *st, struct kstack_trace *t)
{
	int cap = 32;
	t->frames = xcalloc((size_t)cap, sizeof(*t->frames));
	unwind_current(st, &t->frames[0]);
	t->n = 1;
	for (;;) {
		struct unwind_frame f;
		int rc = unwind_next(st, &f);
		if (rc == 0)
			break;
		if (rc < 0) {
			t->error = true;
			snprintf(t->why, sizeof(t->why), "%s", st->why);
			break;
		}
		if (t->n == cap) {
			cap *= 2;
			t->frames = xreallocarray(t->frames, (size_t)cap, sizeof(*t->frames));
		}
		t->frames[t->n++] = f;
	}
}

int kstack_trace_regs(struct kernel *k, uint64_t task, const struct arch_regs *regs,
		      struct kstack_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->cpu = -1;
	t->task = task;
	struct kstack_info *in = get_info(k);
	if (!in)
		return -1;
	kstack_task_stack(k, task, &t->stack_lo, &t->stack_hi);
	struct uctx c = {in, task, -1};
	struct unwind_ops ops = {cb_read, cb_find, cb_stack, &c};
	struct unwind_state st;
	t->start = *regs;
	unwind_start_regs(&st, &ops, regs);
	run(&st, t);
	return 0;
}

int kstack_trace_task(struct kernel *k, uint64_t task, int cpu, struct kstack_trace *t)
{
	memset(t, 0, sizeof(*t));
	t->cpu = cpu;
	t->task = task;
	struct kstack_info *in = get_info(k);
	if (!in)
		return -1;
	if (kstack_task_stack(k, task, &t->stack_lo, &t->stack_hi))
		return -1;
	struct uctx c = {in, task, cpu};
	struct unwind_ops ops = {cb_read, cb_find, cb_stack, &c};
	struct unwind_state st;
	if (cpu >= 0) {
		struct arch_regs r;
		if (ktx_cpu_regs(k, cpu, &r) || !r.valid) {
			err_set("no saved registers for CPU %d", cpu);
			return -1;
		}
		t->start = r;
		unwind_start_regs(&st, &ops, &r);
	} else {
		uint64_t sp, bp, ip;
		if (ktx_read(k, task + (uint64_t)in->off_thread_sp, &sp, 8) ||
		    !in_range(sp, t->stack_lo, t->stack_hi) ||
		    ktx_read(k, sp + (uint64_t)in->itf_bp, &bp, 8) ||
		    ktx_read(k, sp + (uint64_t)in->itf_ret, &ip, 8)) {
			err_set("task %#llx: bad saved stack pointer", (unsigned long long)task);
			return -1;
		}
		t->start.ip = ip;
		t->start.sp = sp + (uint64_t)in->itf_size;
		t->start.bp = bp;
		bool fork = ip && (ip == in->ret_from_fork || ip == in->ret_from_fork_asm);
		unwind_start(&st, &ops, ip, sp + (uint64_t)in->itf_size, bp, fork);
	}
	run(&st, t);
	return 0;
}

void kstack_trace_free(struct kstack_trace *t)
{
	free(t->frames);
	t->frames = NULL;
	t->n = 0;
}

/* Tasks, as bt needs them: a few task_struct members and per-cpu
 * variables, probed by name. */
struct task_offs {
	bool ok;
	long pid, comm, cpu, tasks, thread_node, signal, thread_head;
	uint64_t current_off; /* per-cpu offset of the current task pointer */
	bool have_current;
};
static struct task_offs toffs;
static struct kernel *toffs_k;

static struct task_offs *get_toffs(struct kernel *k)
{
	if (toffs_k == k)
		return toffs.ok ? &toffs : NULL;
	toffs_k = k;
	memset(&toffs, 0, sizeof(toffs));
	if (ktx_member_offset(k, "task_struct", "pid", &toffs.pid) ||
	    ktx_member_offset(k, "task_struct", "comm", &toffs.comm) ||
	    ktx_member_offset(k, "task_struct", "tasks", &toffs.tasks))
		return NULL;
	if (ktx_member_offset(k, "task_struct", "thread_info.cpu", &toffs.cpu) &&
	    ktx_member_offset(k, "task_struct", "cpu", &toffs.cpu))
		toffs.cpu = -1;
	if (ktx_member_offset(k, "task_struct", "thread_node", &toffs.thread_node) ||
	    ktx_member_offset(k, "task_struct", "signal", &toffs.signal) ||
	    ktx_member_offset(k, "signal_struct", "thread_head", &toffs.thread_head))
		toffs.thread_node = -1;
	uint64_t v;
	long off;
	if (ktx_percpu_symbol(k, "current_task", &v) == 0) {
		toffs.current_off = v;
		toffs.have_current = true;
	} else if (ktx_percpu_symbol(k, "pcpu_hot", &v) == 0 &&
		   ktx_member_offset(k, "pcpu_hot", "current_task", &off) == 0) {
		toffs.current_off = v + (uint64_t)off;
		toffs.have_current = true;
	}
	toffs.ok = true;
	return &toffs;
}

int kstack_ncpus(struct kernel *k)
{
	struct arch_regs r;
	int n = 0;
	while (n < MAX_CPUS && ktx_cpu_regs(k, n, &r) == 0)
		n++;
	return n;
}

uint64_t kstack_active_task(struct kernel *k, int cpu)
{
	struct kstack_info *in = get_info(k);
	struct task_offs *t = get_toffs(k);
	uint64_t task;
	if (!in || !t || !t->have_current || !percpu_ptr(in, cpu, t->current_off, &task))
		return 0;
	return task;
}

int kstack_task_info(struct kernel *k, uint64_t task, struct kstack_task *ti)
{
	struct task_offs *t = get_toffs(k);
	memset(ti, 0, sizeof(*ti));
	ti->active_cpu = -1;
	int32_t pid;
	uint32_t cpu = 0;
	if (!t || ktx_read(k, task + (uint64_t)t->pid, &pid, 4) ||
	    ktx_read(k, task + (uint64_t)t->comm, ti->comm, 16)) {
		err_set("invalid task %#llx", (unsigned long long)task);
		return -1;
	}
	ti->comm[16] = 0;
	ti->pid = pid;
	if (t->cpu >= 0 && ktx_read(k, task + (uint64_t)t->cpu, &cpu, 4) == 0 && cpu < MAX_CPUS)
		ti->cpu = (int)cpu;
	int n = kstack_ncpus(k);
	/* Usually the task's own CPU; check every CPU all the same. */
	if (ti->cpu < n && kstack_active_task(k, ti->cpu) == task)
		ti->active_cpu = ti->cpu;
	for (int c = 0; ti->active_cpu < 0 && c < n; c++)
		if (kstack_active_task(k, c) == task)
			ti->active_cpu = c;
	return 0;
}

uint64_t kstack_panic_task(struct kernel *k)
{
	uint64_t a = ktx_symbol(k, "panic_cpu");
	int32_t cpu;
	if (!a || ktx_read(k, a, &cpu, 4) || cpu < 0 || cpu >= kstack_ncpus(k))
		return 0;
	return kstack_active_task(k, cpu);
}

/* Bounded walks of the process list and each thread group. */
#define MAX_TASKS (1 << 22)

uint64_t kstack_find_pid(struct kernel *k, int pid)
{
	struct task_offs *t = get_toffs(k);
	uint64_t init = ktx_symbol(k, "init_task");
	if (!t || !init)
		return 0;
	uint64_t head = init + (uint64_t)t->tasks, p;
	if (ktx_read(k, head, &p, 8))
		return 0;
	uint64_t leader = init;
	for (long n = 0; n < MAX_TASKS; n++) {
		/* Every thread of this process. */
		if (t->thread_node >= 0) {
			uint64_t sig, th, q;
			if (ktx_read(k, leader + (uint64_t)t->signal, &sig, 8) == 0 &&
			    ktx_read(k, sig + (uint64_t)t->thread_head, &q, 8) == 0) {
				th = sig + (uint64_t)t->thread_head;
				for (long m = 0; q != th && m < MAX_TASKS; m++) {
					uint64_t task = q - (uint64_t)t->thread_node;
					int32_t tp;
					if (ktx_read(k, task + (uint64_t)t->pid, &tp, 4))
						break;
					if (tp == pid)
						return task;
					if (ktx_read(k, q, &q, 8))
						break;
				}
			}
		}
		int32_t lp;
		if (ktx_read(k, leader + (uint64_t)t->pid, &lp, 4) == 0 && lp == pid)
			return leader;
		if (p == head)
			break;
		leader = p - (uint64_t)t->tasks;
		if (ktx_read(k, p, &p, 8))
			break;
	}
	return 0;
}
