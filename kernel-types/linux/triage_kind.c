/* Triage's kind of crash (triage.h): from a backtrace's function names
 * and from the panic string and the log's report; the names of the
 * generic panic and exception path; the signature; a module's taints. */
#include "kernel-types/linux/triage.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "kernel-types/linux/sysinfo.h"
#include "kernel-types/linux/triage_impl.h"

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
void ktriage_base_name(const char *f, char *out, size_t len)
{
	size_t n = strcspn(f, ".");
	if (n >= len)
		n = len - 1;
	memcpy(out, f, n);
	out[n] = 0;
}

bool ktriage_has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

bool ktriage_in_list(const char *f, const char *const *list)
{
	char b[128];
	ktriage_base_name(f, b, sizeof(b));
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
		if (funcs[i] && ktriage_in_list(funcs[i], list))
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
	if ((ktriage_has_prefix(m, "INFO: task ") && contains(m, " blocked for more than ")) ||
	    contains(p, "hung_task: blocked tasks"))
		return KTRIAGE_HUNGTASK;
	if (ktriage_has_prefix(m, "WARNING: ") || contains(p, "panic_on_warn"))
		return KTRIAGE_WARN;
	if (ktriage_has_prefix(m, "kernel BUG at ") || ktriage_has_prefix(m, "Kernel BUG at "))
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
	if (ktriage_has_prefix(m, "BUG: kernel NULL pointer dereference") ||
	    ktriage_has_prefix(m, "BUG: unable to handle") || ktriage_has_prefix(m, "Unable to handle kernel") ||
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
		if (funcs[j] && ktriage_in_list(funcs[j], panics))
			i = j + 1;
	while (i < n && funcs[i] && ktriage_in_list(funcs[i], generic_path))
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
		ktriage_base_name(frames[i].func, b, sizeof(b));
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
