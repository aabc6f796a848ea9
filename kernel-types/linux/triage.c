/* Triage of a crash (triage.h): the kind from the panic task's frames,
 * the details from the log's report, the culprit frames, the context and
 * the signature. */
#include "kernel-types/linux/triage.h"

#include <inttypes.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/meminfo.h"
#include "kernel-types/linux/modules.h"
#include "kernel-types/linux/printk.h"
#include "kernel-types/linux/sched.h"
#include "kernel-types/linux/sysinfo.h"
#include "kernel-types/linux/tasks.h"
#include "kernel-types/stack.h"

static const char *const kind_names[KTRIAGE_NKINDS] = {
	[KTRIAGE_UNKNOWN] = "unknown",
	[KTRIAGE_SYSRQ] = "sysrq",
	[KTRIAGE_OOPS] = "oops",
	[KTRIAGE_BUG] = "bug",
	[KTRIAGE_WARN] = "warn",
	[KTRIAGE_SOFTLOCKUP] = "softlockup",
	[KTRIAGE_HARDLOCKUP] = "hardlockup",
	[KTRIAGE_HUNGTASK] = "hungtask",
	[KTRIAGE_STACKOVERFLOW] = "stackoverflow",
	[KTRIAGE_DOUBLEFAULT] = "doublefault",
	[KTRIAGE_OOM] = "oom",
	[KTRIAGE_NMI] = "nmi",
	[KTRIAGE_MCE] = "mce",
	[KTRIAGE_PANIC] = "panic",
};

const char *ktriage_kind_name(enum ktriage_kind kind)
{
	return kind >= 0 && kind < KTRIAGE_NKINDS ? kind_names[kind] : "unknown";
}

/* A function's name without the suffixes the compiler adds to its copies
 * (".cold", ".isra.0", ".constprop.0", ".part.0"), which change with the
 * compiler and not with the bug. */
static void base_name(const char *f, char *out, size_t len)
{
	size_t n = strcspn(f, ".");
	if (n >= len)
		n = len - 1;
	memcpy(out, f, n);
	out[n] = 0;
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool in_list(const char *f, const char *const *list)
{
	char b[128];
	base_name(f, b, sizeof(b));
	for (; *list; list++) {
		size_t l = strlen(*list);
		/* "name*": a prefix */
		if ((*list)[l - 1] == '*' ? !strncmp(b, *list, l - 1) : !strcmp(b, *list))
			return true;
	}
	return false;
}

static bool any_frame(const char *const *funcs, int n, const char *const *list)
{
	for (int i = 0; i < n; i++)
		if (funcs[i] && in_list(funcs[i], list))
			return true;
	return false;
}

static bool any(const char *const *funcs, int n, const char *name)
{
	const char *list[] = {name, NULL};
	return any_frame(funcs, n, list);
}

static bool contains(const char *s, const char *p)
{
	return s && strstr(s, p);
}

enum ktriage_kind ktriage_kind_of_text(const char *panic, const char *message)
{
	const char *m = message ? message : "";
	const char *p = panic ? panic : "";
	if (contains(m, "stack guard page") || contains(m, "kernel stack overflow") ||
	    contains(p, "stack guard page") || contains(p, "kernel stack overflow"))
		return KTRIAGE_STACKOVERFLOW;
	if (contains(m, "soft lockup") || contains(p, "softlockup"))
		return KTRIAGE_SOFTLOCKUP;
	if (contains(m, "hard LOCKUP") || contains(p, "Hard LOCKUP") || contains(p, "hardlockup"))
		return KTRIAGE_HARDLOCKUP;
	if ((has_prefix(m, "INFO: task ") && contains(m, " blocked for more than ")) ||
	    contains(p, "hung_task: blocked tasks"))
		return KTRIAGE_HUNGTASK;
	if (has_prefix(m, "WARNING: ") || contains(p, "panic_on_warn"))
		return KTRIAGE_WARN;
	if (has_prefix(m, "kernel BUG at ") || has_prefix(m, "Kernel BUG at "))
		return KTRIAGE_BUG;
	if (contains(p, "sysrq triggered crash"))
		return KTRIAGE_SYSRQ;
	if (contains(p, "Out of memory") || contains(p, "out of memory") ||
	    contains(p, "deadlocked on memory"))
		return KTRIAGE_OOM;
	if (contains(p, "achine check") || contains(m, "achine check") || contains(p, "MCE"))
		return KTRIAGE_MCE;
	if (contains(p, "double fault") || contains(m, "double fault"))
		return KTRIAGE_DOUBLEFAULT;
	if (contains(p, "NMI") || contains(m, "NMI received for unknown reason"))
		return KTRIAGE_NMI;
	if (has_prefix(m, "BUG: kernel NULL pointer dereference") ||
	    has_prefix(m, "BUG: unable to handle") || has_prefix(m, "Unable to handle kernel") ||
	    contains(m, "general protection fault") || contains(m, "invalid opcode") ||
	    contains(m, "Oops") || contains(m, "Internal error:") || contains(p, "Fatal exception"))
		return KTRIAGE_OOPS;
	if (*p)
		return KTRIAGE_PANIC;
	return KTRIAGE_UNKNOWN;
}

/* The frames of the kernel's own ways to die: reaching panic(), kexec,
 * the exception entries and the report of a fault, the watchdogs' timer
 * and NMI paths, the stop of the other CPUs. */
static const char *const generic_path[] = {
	"delay_tsc", "__delay", "__const_udelay", "delay_halt*", "mdelay", "panic", "vpanic",
	"nmi_panic", "panic_smp_self_stop", "__crash_kexec", "crash_kexec", "machine_kexec",
	"crash_smp_send_stop", "smp_send_stop", "oops_end", "die", "__die", "__die_body",
	"die_kernel_fault", "arm64_notify_die", "page_fault_oops", "kernelmode_fixup_or_oops",
	"no_context", "__bad_area_nosemaphore", "bad_area_nosemaphore", "bad_area",
	"do_user_addr_fault", "handle_page_fault", "exc_*", "asm_exc_*", "do_trap", "do_error_trap",
	"handle_bug", "report_bug", "__warn", "check_panic_on_warn", "warn_slowpath_fmt",
	"__warn_printk", "handle_stack_overflow", "watchdog_timer_fn", "__hrtimer_run_queues",
	"hrtimer_interrupt", "__sysvec_*", "sysvec_*", "asm_sysvec_*", "do_mem_abort", "el1_*",
	"el1h_64_*", "__do_kernel_fault", "do_translation_fault", "do_page_fault", "do_bad_area",
	"bug_handler", "bug_brk_handler", "call_el1_break_hook", "brk_handler", "do_el1_brk64",
	"call_break_hook", "mce_panic", "do_machine_check", "io_check_error", "unknown_nmi_error",
	"pci_serr_error", "default_do_nmi", "nmi_handle", "crash_nmi_callback", "dump_stack",
	"dump_stack_lvl", "show_stack", "watchdog_overflow_callback", "watchdog_hardlockup_check",
	"__perf_event_overflow", "handle_pmi_common", "intel_pmu_handle_irq",
	"perf_event_nmi_handler", "ipi_handler", "do_handle_IPI", "handle_percpu_devid_irq",
	"generic_handle_domain_irq", "gic_handle_irq", "call_on_irq_stack", "do_interrupt_handler",
	"el1_interrupt", "local_cpu_stop", "stop_this_cpu", "native_stop_other_cpus",
	"ipi_cpu_crash_stop", "do_handle_IPI", "handle_IPI", "__delay_cycles", "arch_timer_*",
	"arch_counter_*", "__arch_counter_*", "handle_irq_desc", "generic_handle_irq*",
	"__handle_domain_irq", "handle_domain_irq", "el0_*", "el0t_*", "__el0_*", "el1t_*",
	"__el1_*", "panic_print_sys_info", "__crash_kexec_cold", NULL};

int ktriage_first_culprit(const char *const *funcs, int n)
{
	/* what ran on top of panic() (its delay loop, an interrupt taken
	 * in it) is not the cause: start below it */
	static const char *const panics[] = {"panic", "vpanic", "nmi_panic", "__crash_kexec",
					     NULL};
	int i = 0;
	for (int j = 0; j < n; j++)
		if (funcs[j] && in_list(funcs[j], panics))
			i = j + 1;
	while (i < n && funcs[i] && in_list(funcs[i], generic_path))
		i++;
	return i;
}

enum ktriage_kind ktriage_kind_of_frames(const char *const *funcs, int n, const char *panic,
					 const char *message)
{
	enum ktriage_kind text = ktriage_kind_of_text(panic, message);
	static const char *const hard[] = {"watchdog_overflow_callback",
					   "watchdog_hardlockup_check",
					   "watchdog_check_hardlockup", NULL};
	static const char *const mce[] = {"mce_panic", "do_machine_check", "exc_machine_check",
					  NULL};
	static const char *const nmi[] = {"unknown_nmi_error", "pci_serr_error", "io_check_error",
					  NULL};
	static const char *const oom[] = {"out_of_memory", "oom_kill_process",
					  "check_panic_on_oom", "pagefault_out_of_memory", NULL};
	static const char *const warn[] = {"__warn", "check_panic_on_warn",
					   "warn_slowpath_fmt", NULL};
	static const char *const trap[] = {"do_trap", "do_error_trap", "handle_bug", "die",
					   "bug_handler", "bug_brk_handler", "exc_invalid_op",
					   "oops_end", NULL};
	static const char *const fault[] = {
		"exc_page_fault", "page_fault_oops", "do_page_fault", "__do_kernel_fault",
		"do_mem_abort", "die_kernel_fault", "do_translation_fault", "exc_general_protection",
		"do_general_protection", "oops_end", "die", "exc_invalid_op", "do_error_trap",
		"do_trap", "el1_abort", NULL};
	if (any(funcs, n, "sysrq_handle_crash"))
		return KTRIAGE_SYSRQ;
	if (any(funcs, n, "handle_stack_overflow"))
		return KTRIAGE_STACKOVERFLOW;
	if (any(funcs, n, "watchdog_timer_fn"))
		return KTRIAGE_SOFTLOCKUP;
	if (any_frame(funcs, n, hard))
		return KTRIAGE_HARDLOCKUP;
	if (any(funcs, n, "check_hung_uninterruptible_tasks") ||
	    (any(funcs, n, "watchdog") && text == KTRIAGE_HUNGTASK))
		return KTRIAGE_HUNGTASK;
	if (any_frame(funcs, n, mce))
		return KTRIAGE_MCE;
	if (any_frame(funcs, n, nmi))
		return KTRIAGE_NMI;
	if (any_frame(funcs, n, oom))
		return KTRIAGE_OOM;
	if (any_frame(funcs, n, warn))
		return KTRIAGE_WARN;
	if (any(funcs, n, "exc_double_fault") || any(funcs, n, "df_debug"))
		return KTRIAGE_DOUBLEFAULT;
	/* BUG() and an invalid opcode take the same trap: the report tells */
	if (any_frame(funcs, n, trap) && text == KTRIAGE_BUG)
		return KTRIAGE_BUG;
	if (any_frame(funcs, n, fault))
		return KTRIAGE_OOPS;
	if (any(funcs, n, "panic") || any(funcs, n, "vpanic") || any(funcs, n, "nmi_panic"))
		return text != KTRIAGE_UNKNOWN ? text : KTRIAGE_PANIC;
	return KTRIAGE_UNKNOWN;
}

void ktriage_signature(enum ktriage_kind kind, const struct ktriage_frame *frames, int n,
		       char out[17])
{
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	char prev[128] = "";
	const char *kn = ktriage_kind_name(kind);
	int used = 0;

	sha256_init(&c);
	sha256_update(&c, strlen(kn) + 1, (const uint8_t *)kn);
	for (int i = 0; i < n && used < 5; i++) {
		char b[128];
		base_name(frames[i].func, b, sizeof(b));
		if (!strcmp(b, prev))
			continue;	/* a recursion's depth is not the bug */
		strcpy(prev, b);
		sha256_update(&c, strlen(b) + 1, (const uint8_t *)b);
		sha256_update(&c, strlen(frames[i].module) + 1, (const uint8_t *)frames[i].module);
		used++;
	}
	sha256_digest(&c, sizeof(d), d);
	for (int i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

void ktriage_module_taints(struct kernel *k, uint64_t taints, char *letters, size_t len,
			   bool *oot)
{
	size_t n = 0;
	*oot = false;
	if (len)
		letters[0] = 0;
	for (int bit = 0; bit < 64; bit++) {
		if (!(taints >> bit & 1))
			continue;
		char c;
		const char *name, *what;
		ksys_taint_bit(k, bit, &c, &name, &what);
		if (!strcmp(name, "TAINT_OOT_MODULE"))
			*oot = true;
		if (n + 1 < len) {
			letters[n++] = c;
			letters[n] = 0;
		}
	}
}

/* ---- the log ---- */

#define LOG_KEEP 4096	/* records kept before the panic line */

struct logscan {
	struct ktriage_logline *v;	/* a ring of the last LOG_KEEP records */
	size_t n;		/* records seen (v holds the last LOG_KEEP) */
	bool done;		/* the panic line was seen: it is the last one kept */
};

static void first_line(const struct printk_rec *r, char *buf, size_t len)
{
	size_t n = 0;
	while (n < r->text_len && n + 1 < len && r->text[n] != '\n')
		n++;
	memcpy(buf, r->text, n);
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\r'))
		n--;
	buf[n] = 0;
	for (size_t i = 0; i < n; i++)	/* the dump's bytes: printable only */
		if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] >= 0x7f)
			buf[i] = '?';
}

static int log_rec(void *arg, const struct printk_rec *r)
{
	struct logscan *s = arg;
	if (s->done)
		return 0;
	struct ktriage_logline *l = &s->v[s->n % LOG_KEEP];
	l->level = r->level;
	first_line(r, l->text, sizeof(l->text));
	if (has_prefix(l->text, "Kernel panic - not syncing: "))
		s->done = true;
	s->n++;
	return 0;
}

static uint64_t hex(const char *s, bool *ok)
{
	char *end;
	uint64_t v = strtoull(s, &end, 16);
	*ok = end != s;
	return v;
}

/* "NAME:PID" ending at end (the comm may hold ':'), into t. */
static bool comm_pid(const char *s, const char *end, struct ktriage_task *t)
{
	const char *colon = NULL;
	for (const char *p = s; p < end; p++)
		if (*p == ':')
			colon = p;
	if (!colon || colon == s)
		return false;
	size_t n = (size_t)(colon - s);
	if (n >= sizeof(t->comm))
		n = sizeof(t->comm) - 1;
	memcpy(t->comm, s, n);
	t->comm[n] = 0;
	t->pid = atoi(colon + 1);
	return t->pid > 0;
}

/* The details of the report that starts at line `from`, up to the panic
 * line: the fault's address and access, BUG's and WARN's file:line, the
 * soft lockup's CPU, seconds and task, the hung tasks. */
static void report_details(const struct ktriage_logline *v, size_t from, size_t to,
			   struct ktriage *t)
{
	for (size_t i = from; i < to; i++) {
		const char *l = v[i].text;
		const char *p;
		bool ok;
		if ((p = strstr(l, "NULL pointer dereference, address: ")) ||
		    (p = strstr(l, "unable to handle page fault for address: "))) {
			uint64_t a = hex(strchr(p, ':') + 2, &ok);
			if (ok && !t->has_fault_addr) {
				t->has_fault_addr = true;
				t->fault_addr = a;
			}
			if (strstr(l, "NULL pointer"))
				t->null_deref = true;
		} else if ((p = strstr(l, " at virtual address ")) && has_prefix(l, "Unable to handle")) {
			uint64_t a = hex(p + 20, &ok);
			if (ok && !t->has_fault_addr) {
				t->has_fault_addr = true;
				t->fault_addr = a;
			}
			if (strstr(l, "NULL pointer"))
				t->null_deref = true;
		} else if (has_prefix(l, "#PF: ") && (p = strstr(l, " access in ")) && !*t->access) {
			/* "#PF: supervisor write access in kernel mode" */
			const char *w = l + 5;
			const char *sp = strchr(w, ' ');
			if (sp && sp < p) {
				size_t n = (size_t)(p - sp - 1);
				if (n < sizeof(t->access)) {
					memcpy(t->access, sp + 1, n);
					t->access[n] = 0;
				}
				t->user_access = has_prefix(w, "user");
			}
		} else if ((p = strstr(l, "WnR = ")) && !*t->access) {
			snprintf(t->access, sizeof(t->access), "%s", p[6] == '1' ? "write" : "read");
		} else if ((has_prefix(l, "kernel BUG at ") || has_prefix(l, "Kernel BUG at ")) &&
			   !*t->bug_file) {
			const char *f = l + 14;
			const char *c = strrchr(f, ':');
			if (c) {
				size_t n = (size_t)(c - f);
				if (n < sizeof(t->bug_file)) {
					memcpy(t->bug_file, f, n);
					t->bug_file[n] = 0;
					t->bug_line = atoi(c + 1);
				}
			}
		} else if (has_prefix(l, "WARNING: ") && (p = strstr(l, " at ")) && !*t->bug_file) {
			/* "WARNING: CPU: 0 PID: 1 at crashmod.c:61 crashmod_warn+0x11/0x20" */
			const char *f = p + 4;
			const char *e = strchr(f, ' ');
			const char *c = e ? memchr(f, ':', (size_t)(e - f)) : strrchr(f, ':');
			if (c && (size_t)(c - f) < sizeof(t->bug_file)) {
				memcpy(t->bug_file, f, (size_t)(c - f));
				t->bug_file[c - f] = 0;
				t->bug_line = atoi(c + 1);
			}
		} else if ((p = strstr(l, "soft lockup - CPU#")) && t->lockup_cpu < 0) {
			/* "watchdog: BUG: soft lockup - CPU#1 stuck for 3s! [crashmod-spin:326]" */
			t->lockup_cpu = atoi(p + 18);
			const char *f = strstr(p, "stuck for ");
			if (f)
				t->lockup_secs = atoi(f + 10);
			const char *b = strrchr(l, '[');
			const char *e = b ? strchr(b, ']') : NULL;
			t->lockup_task.cpu = t->lockup_cpu;
			if (b && e)
				comm_pid(b + 1, e, &t->lockup_task);
		} else if (has_prefix(l, "INFO: task ") && (p = strstr(l, " blocked for more than ")) &&
			   t->nhung < KTRIAGE_HUNG) {
			struct ktriage_task *h = &t->hung[t->nhung];
			memset(h, 0, sizeof(*h));
			h->cpu = -1;	/* until the task is found */
			if (comm_pid(l + 11, p, h)) {
				h->blocked_ns = (uint64_t)atoi(p + 23) * 1000000000ull;
				t->nhung++;
			}
		}
	}
}

/* The OOM killer's last victim: "Out of memory: Killed process PID (COMM)". */
static void oom_victim(const struct ktriage_logline *v, size_t to, struct ktriage *t)
{
	for (size_t i = to; i-- > 0;) {
		const char *l = v[i].text;
		const char *p = strstr(l, "Killed process ");
		if (!p)
			continue;
		t->oom_victim.pid = atoi(p + 15);
		t->oom_victim.cpu = -1;
		const char *b = strchr(p, '(');
		const char *e = b ? strchr(b, ')') : NULL;
		if (b && e) {
			size_t n = (size_t)(e - b - 1);
			if (n >= sizeof(t->oom_victim.comm))
				n = sizeof(t->oom_victim.comm) - 1;
			memcpy(t->oom_victim.comm, b + 1, n);
			t->oom_victim.comm[n] = 0;
		}
		return;
	}
}

/* A line at warning level or above that says something: not the
 * "cut here" rule that opens a BUG or WARN report. */
static bool log_worthy(const struct ktriage_logline *l)
{
	return l->level <= 4 && *l->text && !strstr(l->text, "[ cut here ]");
}

void ktriage_from_log(const struct ktriage_logline *v, size_t n, struct ktriage *t)
{
	size_t end = n;
	for (size_t i = 0; i < n; i++)
		if (has_prefix(v[i].text, "Kernel panic - not syncing: ")) {
			end = i;
			break;
		}
	/* where the report starts: its first line (ksys_crash_msg), else
	 * the panic line */
	size_t start = end;
	if (*t->message && strcmp(t->message, t->panic))
		for (size_t i = end; i-- > 0;)
			if (!strcmp(v[i].text, t->message)) {
				start = i;
				break;
			}
	report_details(v, start, end, t);
	oom_victim(v, end, t);
	/* the warning+ lines before it */
	size_t from = start;
	int want = 0;
	while (from > 0 && want < KTRIAGE_LOG) {
		from--;
		if (log_worthy(&v[from]))
			want++;
	}
	t->nlog = 0;
	for (size_t i = from; i < start && t->nlog < KTRIAGE_LOG; i++)
		if (log_worthy(&v[i]))
			snprintf(t->log[t->nlog++], sizeof(t->log[0]), "%s", v[i].text);
}

static void read_log(struct kernel *k, struct ktriage *t)
{
	struct logscan s = {0};
	s.v = xcalloc(LOG_KEEP, sizeof(*s.v));
	printk_walk(k, log_rec, &s, NULL);
	/* the ring's records in order, oldest first */
	size_t n = s.n < LOG_KEEP ? s.n : LOG_KEEP;
	struct ktriage_logline *v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = s.v[(s.n - n + i) % LOG_KEEP];
	free(s.v);
	ktriage_from_log(v, n, t);
	free(v);
}

/* ---- frames ---- */

/* A backtrace's frames named as bt names them: a return address is
 * looked up one byte back (a call may end a function). */
struct named {
	struct ktriage_frame *f;
	const char **names;
	bool *exc;		/* the frame's pc came from a kernel-mode exception frame */
	int n;
	bool user;		/* the trace ends at user-mode registers */
};

static void name_trace(struct kernel *k, const struct kstack_trace *tr, struct named *nm)
{
	nm->f = xcalloc((size_t)tr->n + 1, sizeof(*nm->f));
	nm->names = xcalloc((size_t)tr->n + 1, sizeof(*nm->names));
	nm->exc = xcalloc((size_t)tr->n + 1, sizeof(*nm->exc));
	nm->n = 0;
	for (int i = 0; i < tr->n; i++) {
		const struct arch_frame *a = &tr->frames[i];
		if (a->user) {
			nm->user = true;
			break;
		}
		uint64_t look = a->exact ? a->pc : a->pc - 1, off = 0;
		struct ktriage_frame *f = &nm->f[nm->n];
		const char *name = kernel_symbol_at(k, look, &off);
		const char *mod = kernel_symbol_module(k, look, NULL);
		snprintf(f->func, sizeof(f->func), "%s", name ? name : "(unknown)");
		snprintf(f->module, sizeof(f->module), "%s", mod ? mod : "");
		f->pc = a->pc;
		f->off = off + (a->pc - look);
		f->exact = a->exact;
		nm->names[nm->n] = f->func;
		nm->exc[nm->n] = i > 0 && a->regs_addr;
		nm->n++;
	}
}

static void named_free(struct named *nm)
{
	free(nm->f);
	free(nm->names);
	free(nm->exc);
}

static int trace(struct kernel *k, uint64_t task, int cpu, struct named *nm)
{
	struct kstack_trace tr;
	memset(nm, 0, sizeof(*nm));
	if (kstack_trace_task(k, task, cpu, &tr))
		return -1;
	name_trace(k, &tr, nm);
	kstack_trace_free(&tr);
	return 0;
}

/* Where a running task was: the code an exception frame interrupted
 * (an NMI that stopped the CPU, the timer), else the first frame off the
 * generic path; -1: in user space (the NMI or the stop IPI came from
 * there). */
static int where_ran(const struct named *nm)
{
	for (int i = 0; i < nm->n; i++)
		if (nm->exc[i])
			return i;
	int i = ktriage_first_culprit(nm->names, nm->n);
	if (i >= nm->n && nm->user)
		return -1;
	return i < nm->n ? i : 0;
}

/* The scheduler and the sleeping locks: what a blocked task waits in. */
static const char *const sleep_path[] = {
	"__schedule", "schedule", "schedule_*", "preempt_schedule*", "io_schedule*",
	"__switch_to*", "__mutex_lock*", "mutex_lock*", "rwsem_down_*", "down_*", "__down*",
	"down", "wait_for_completion*", "__wait_for_common", "wait_for_common*",
	"schedule_timeout*", "msleep*", "usleep_range*", "do_nanosleep", "hrtimer_nanosleep",
	"__wait_event*", "wait_woken", "rt_mutex_*", "__rt_mutex_*", "rt_mutex_slowlock*",
	"bit_wait*", "out_of_line_wait_on_bit*", "__wait_on_bit*", "folio_wait_bit*",
	"folio_wait_*", "io_wait_event", "wait_on_page_bit*", "__lock_sock", "lock_sock*",
	"futex_wait*", "__flush_work", "flush_work", "synchronize_rcu*", "__synchronize_srcu",
	"__wait_rcu_gp", "wait_rcu_gp", "percpu_rwsem_wait", "__percpu_down_read",
	"__cond_resched", "__mutex_lock_slowpath", NULL};

static int where_blocked(const struct named *nm)
{
	for (int i = 0; i < nm->n; i++)
		if (!in_list(nm->names[i], sleep_path))
			return i;
	return 0;
}

static void set_where(const struct named *nm, int i, struct ktriage_task *t)
{
	if (i < 0) {
		snprintf(t->where, sizeof(t->where), "user space");
	} else if (i < nm->n) {
		snprintf(t->where, sizeof(t->where), "%s", nm->f[i].func);
		snprintf(t->where_module, sizeof(t->where_module), "%s", nm->f[i].module);
	}
}

static void fill_task(const struct ktask *kt, struct ktriage_task *t)
{
	t->pid = kt->pid;
	t->task = kt->task;
	t->cpu = kt->cpu;
	snprintf(t->comm, sizeof(t->comm), "%s", kt->comm);
}

/* The culprit's frames from index i of nm, repeats of a recursion folded
 * (its depth is not the bug; its callers are). */
static void take_frames(const struct named *nm, int i, struct ktriage *t)
{
	t->nframes = 0;
	for (; i < nm->n && t->nframes < KTRIAGE_FRAMES; i++) {
		if (t->nframes && !strcmp(t->frames[t->nframes - 1].func, nm->f[i].func))
			continue;
		t->frames[t->nframes++] = nm->f[i];
	}
}

static void culprit_from_hung(struct kernel *k, struct ktriage *t)
{
	/* the first task the log names, else the one blocked longest */
	const struct ktask *kt = NULL;
	for (int i = 0; i < t->nhung && !kt; i++) {
		kt = ktask_by_pid(k, t->hung[i].pid);
		if (kt && strcmp(kt->comm, t->hung[i].comm))
			kt = NULL;
	}
	if (!kt && t->nblocked)
		kt = ktask_by_addr(k, t->blocked[0].task);
	if (!kt)
		return;
	struct named nm;
	if (trace(k, kt->task, kstack_task_cpu(k, kt->task, kt->cpu), &nm))
		return;
	take_frames(&nm, where_blocked(&nm), t);
	t->culprit_task = kt->task;
	for (int i = 0; i < t->nhung; i++)
		if (t->hung[i].pid == kt->pid) {
			t->hung[i].task = kt->task;
			t->hung[i].cpu = kt->cpu;
			set_where(&nm, where_blocked(&nm), &t->hung[i]);
		}
	named_free(&nm);
}

/* ---- context ---- */

static void blocked_tasks(struct kernel *k, struct ktriage *t)
{
	long n = ktask_count(k);
	for (long i = 0; i < n; i++) {
		const struct ktask *kt = ktask_at(k, (size_t)i);
		if (!kt || kt->idle || !kt->st || strcmp(kt->st, "UN"))
			continue;
		t->nblocked_all++;
		uint64_t now = ksched_rq_clock(k, kt->cpu);
		if (!now)
			now = ksched_now(k);
		uint64_t ns = now > kt->last_run && kt->last_run ? now - kt->last_run : 0;
		/* insert in order, longest first */
		int at = t->nblocked;
		while (at > 0 && t->blocked[at - 1].blocked_ns < ns)
			at--;
		if (at >= KTRIAGE_BLOCKED)
			continue;
		int last = t->nblocked < KTRIAGE_BLOCKED ? t->nblocked : KTRIAGE_BLOCKED - 1;
		memmove(&t->blocked[at + 1], &t->blocked[at],
			(size_t)(last - at) * sizeof(t->blocked[0]));
		memset(&t->blocked[at], 0, sizeof(t->blocked[0]));
		fill_task(kt, &t->blocked[at]);
		t->blocked[at].blocked_ns = ns;
		if (t->nblocked < KTRIAGE_BLOCKED)
			t->nblocked++;
	}
	for (int i = 0; i < t->nblocked; i++) {
		struct named nm;
		if (trace(k, t->blocked[i].task, -1, &nm))
			continue;
		set_where(&nm, where_blocked(&nm), &t->blocked[i]);
		named_free(&nm);
	}
}

static void busy_cpus(struct kernel *k, struct ktriage *t)
{
	int n = kernel_nr_cpus(k);
	t->ncpus_all = n > 0 ? n : 0;
	for (int cpu = 0; cpu < n; cpu++) {
		const struct ktask *kt = ktask_active(k, cpu);
		if (!kt || kt->idle)
			continue;
		t->ncpus_busy++;
		if (t->ncpus >= KTRIAGE_CPUS)
			continue;
		struct ktriage_task *c = &t->cpus[t->ncpus++];
		memset(c, 0, sizeof(*c));
		fill_task(kt, c);
		c->cpu = cpu;
		struct named nm;
		if (trace(k, kt->task, kstack_task_cpu(k, kt->task, cpu), &nm))
			continue;
		set_where(&nm, where_ran(&nm), c);
		named_free(&nm);
	}
}

static void memory(struct kernel *k, struct ktriage *t)
{
	struct meminfo mi;
	if (meminfo_read(k, &mi))
		return;
	t->has_mem = true;
	t->page_size = arch_get_info(kernel_arch(k))->page_size;
	t->mem_total = mi.totalram;
	t->mem_free = mi.free;
	t->has_swap = mi.has_swap;
	t->swap_total = mi.swap_total;
	t->swap_used = mi.swap_used;
}

static void culprit_module(struct kernel *k, struct ktriage *t)
{
	if (!t->nframes || !*t->frames[0].module)
		return;
	struct kmodules ms;
	if (modules_read(k, &ms))
		return;
	for (size_t i = 0; i < ms.n; i++)
		if (!strcmp(ms.v[i].name, t->frames[0].module))
			ktriage_module_taints(k, ms.v[i].taints, t->module_taints,
					      sizeof(t->module_taints), &t->out_of_tree);
	free(ms.v);
}

static void source_line(struct kernel *k, struct ktriage *t)
{
	if (!t->nframes)
		return;
	const struct ktriage_frame *f = &t->frames[0];
	/* the module's own debuginfo, if the module directory has it */
	if (*f->module && kernel_module_debuginfo_load(k, f->module, NULL))
		err_set("%s", "");
	if (kernel_srcline(k, f->exact ? f->pc : f->pc - 1, t->src_file, sizeof(t->src_file), &t->src_line))
		t->src_file[0] = 0;
}

int ktriage_run(struct kernel *k, struct ktriage *t)
{
	memset(t, 0, sizeof(*t));
	t->lockup_cpu = -1;
	t->task.cpu = -1;
	if (!k) {
		err_set("analyze: no kernel");
		return -1;
	}
	struct ksysinfo si;
	ksys_info(k, &si);
	snprintf(t->panic, sizeof(t->panic), "%s", si.panic);
	snprintf(t->release, sizeof(t->release), "%s", si.release);
	t->uptime_secs = si.uptime_secs;
	if (ksys_crash_msg(k, si.panic, t->message, sizeof(t->message)) <= 0 || !*t->message)
		snprintf(t->message, sizeof(t->message), "%s", si.panic);
	if (ksys_taint(k, &t->taint_mask, t->taint_flags, sizeof(t->taint_flags)))
		t->taint_mask = 0, t->taint_flags[0] = 0;
	read_log(k, t);
	blocked_tasks(k, t);

	/* the panic task and its frames */
	enum ktriage_kind text = ktriage_kind_of_text(t->panic, t->message);
	const struct ktask *pt = ktask_panic(k);
	struct named nm = {0};
	bool traced = false;
	if (pt) {
		fill_task(pt, &t->task);
		int cpu = kstack_task_cpu(k, pt->task, pt->cpu);
		if (cpu >= 0)
			t->task.cpu = cpu;
		traced = !trace(k, pt->task, cpu, &nm);
	}
	t->kind = traced ? ktriage_kind_of_frames(nm.names, nm.n, t->panic, t->message)
			 : KTRIAGE_UNKNOWN;
	t->from_frames = t->kind != KTRIAGE_UNKNOWN;
	if (t->kind == KTRIAGE_UNKNOWN || (t->kind == KTRIAGE_PANIC && text != KTRIAGE_UNKNOWN))
		t->kind = text;
	t->log_confirms = t->kind == text ||
			  (t->kind == KTRIAGE_STACKOVERFLOW && text == KTRIAGE_DOUBLEFAULT);
	if (t->kind == KTRIAGE_HUNGTASK) {
		culprit_from_hung(k, t);
	} else if (traced) {
		int at = -1;
		for (int i = 0; i < nm.n && at < 0; i++)
			if (nm.exc[i])
				at = i;
		if (at < 0)
			at = ktriage_first_culprit(nm.names, nm.n);
		take_frames(&nm, at, t);
		t->culprit_task = pt->task;
	}
	named_free(&nm);
	culprit_module(k, t);
	source_line(k, t);
	busy_cpus(k, t);
	memory(k, t);
	ktriage_signature(t->kind, t->frames, t->nframes, t->signature);
	return 0;
}
