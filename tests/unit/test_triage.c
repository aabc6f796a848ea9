/* triage (kernel-types/linux/triage.h): the log's report details (x86
 * and arm64 faults, BUG, WARN, soft lockup, hung tasks, the OOM victim,
 * the LOG lines, damaged lines), the kind from a backtrace's
 * function names (each kind's path as the kernels print it, the log
 * deciding where frames look alike), the culprit as the first frame below
 * the panic and exception path, the signature's stability (no offsets,
 * compiler suffixes or recursion depth in it; kind and module in it) and
 * the decoding of a module's taints on the "triage" test kernel. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/sysinfo.h"
#include "kernel-types/linux/triage.h"
#include "testkernel.h"
#include "tkstart.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void kinds(void)
{
	static const char *sysrq[] = {"delay_tsc", "panic", "sysrq_handle_crash",
				      "__handle_sysrq.cold", "write_sysrq_trigger"};
	static const char *oops[] = {"delay_tsc", "panic", "oops_end.cold", "page_fault_oops",
				     "exc_page_fault", "asm_exc_page_fault", "crashmod_oops"};
	static const char *kdump[] = {"machine_kexec", "__crash_kexec", "crash_kexec", "oops_end",
				      "page_fault_oops", "exc_page_fault", "asm_exc_page_fault",
				      "crashmod_oops"};
	static const char *bug[] = {"panic", "oops_end.cold", "do_trap", "do_error_trap",
				    "exc_invalid_op", "asm_exc_invalid_op", "crashmod_bug"};
	static const char *warn[] = {"panic", "check_panic_on_warn.cold", "__warn", "report_bug",
				     "handle_bug", "exc_invalid_op", "asm_exc_invalid_op",
				     "crashmod_warn"};
	static const char *soft[] = {"panic", "watchdog_timer_fn.cold", "__hrtimer_run_queues",
				     "hrtimer_interrupt", "__sysvec_apic_timer_interrupt",
				     "sysvec_apic_timer_interrupt", "asm_sysvec_apic_timer_interrupt",
				     "crashmod_spin", "kthread"};
	static const char *hung[] = {"delay_tsc", "panic", "watchdog.cold", "kthread"};
	static const char *so[] = {"panic", "oops_end.cold", "handle_stack_overflow",
				   "exc_double_fault", "asm_exc_double_fault",
				   "crashmod_recurse.isra.0"};
	static const char *arm[] = {"vectors", "__delay", "__const_udelay", "panic",
				    "sysrq_handle_crash", "__handle_sysrq"};
	static const char *sub[] = {"panic", "mount_block_root", "prepare_namespace"};
	static const char *oom[] = {"panic", "out_of_memory", "__alloc_pages_slowpath"};
	static const char *mce[] = {"panic", "mce_panic", "do_machine_check", "exc_machine_check"};
	static const char *nmi[] = {"panic", "nmi_panic", "unknown_nmi_error", "default_do_nmi"};
	static const char *none[] = {"do_idle", "cpu_startup_entry"};
	const char *fatal = "Kernel panic - not syncing: Fatal exception";
	struct {
		const char *what;
		const char **f;
		int n;
		const char *panic, *msg;
		enum ktriage_kind want;
		const char *culprit;
	} c[] = {
		{"sysrq", sysrq, N(sysrq), "Kernel panic - not syncing: sysrq triggered crash", "",
		 KTRIAGE_SYSRQ, "sysrq_handle_crash"},
		{"oops", oops, N(oops), fatal,
		 "BUG: kernel NULL pointer dereference, address: 0000000000000000", KTRIAGE_OOPS,
		 "crashmod_oops"},
		{"kdump oops", kdump, N(kdump), "", "BUG: kernel NULL pointer dereference, address: 0",
		 KTRIAGE_OOPS, "crashmod_oops"},
		{"BUG", bug, N(bug), fatal, "kernel BUG at crashmod.c:56!", KTRIAGE_BUG, "crashmod_bug"},
		{"invalid opcode", bug, N(bug), fatal, "invalid opcode: 0000 [#1] PREEMPT SMP NOPTI",
		 KTRIAGE_OOPS, "crashmod_bug"},
		{"WARN", warn, N(warn), "Kernel panic - not syncing: kernel: panic_on_warn set ...",
		 "WARNING: CPU: 0 PID: 1 at crashmod.c:61", KTRIAGE_WARN, "crashmod_warn"},
		{"soft lockup", soft, N(soft), "Kernel panic - not syncing: softlockup: hung tasks",
		 "watchdog: BUG: soft lockup - CPU#1 stuck for 3s! [crashmod-spin:326]",
		 KTRIAGE_SOFTLOCKUP, "crashmod_spin"},
		{"hung task", hung, N(hung), "Kernel panic - not syncing: hung_task: blocked tasks",
		 "INFO: task crashmod-wait:313 blocked for more than 2 seconds.", KTRIAGE_HUNGTASK,
		 "watchdog.cold"},
		{"stack overflow", so, N(so), "Kernel panic - not syncing: Fatal exception in interrupt",
		 "BUG: TASK stack guard page was hit at 0", KTRIAGE_STACKOVERFLOW,
		 "crashmod_recurse.isra.0"},
		{"arm64 sysrq", arm, N(arm), "", "", KTRIAGE_SYSRQ, "sysrq_handle_crash"},
		{"panic() of a subsystem", sub, N(sub),
		 "Kernel panic - not syncing: VFS: Unable to mount root fs", "", KTRIAGE_PANIC,
		 "mount_block_root"},
		{"OOM", oom, N(oom), "Kernel panic - not syncing: Out of memory: system-wide panic_on_oom",
		 "", KTRIAGE_OOM, NULL},
		{"MCE", mce, N(mce), "Kernel panic - not syncing: Fatal machine check", "",
		 KTRIAGE_MCE, NULL},
		{"NMI", nmi, N(nmi), "Kernel panic - not syncing: NMI: Not continuing", "",
		 KTRIAGE_NMI, NULL},
		{"no crash path", none, N(none), "", "", KTRIAGE_UNKNOWN, NULL},
	};
	for (int i = 0; i < N(c); i++) {
		enum ktriage_kind k = ktriage_kind_of_frames(c[i].f, c[i].n, c[i].panic, c[i].msg);
		CHECK(k == c[i].want, "kind of the %s frames: %s (%s)", c[i].what,
		      ktriage_kind_name(k), ktriage_kind_name(c[i].want));
		if (!c[i].culprit)
			continue;
		int at = ktriage_first_culprit(c[i].f, c[i].n);
		CHECK(at < c[i].n && !strcmp(c[i].f[at], c[i].culprit), "first frame off the %s path: %s",
		      c[i].what, at < c[i].n ? c[i].f[at] : "(none)");
	}
	CHECK(ktriage_kind_of_text("", "") == KTRIAGE_UNKNOWN, "no panic string, no report: unknown");
	CHECK(ktriage_kind_of_text("Kernel panic - not syncing: Attempted to kill init!", "") ==
		      KTRIAGE_PANIC, "a subsystem's panic string alone: panic");
	CHECK(!strcmp(ktriage_kind_name(KTRIAGE_HUNGTASK), "hungtask") &&
		      !strcmp(ktriage_kind_name((enum ktriage_kind)99), "unknown"),
	      "kind names: hungtask, and unknown out of range");
}

static void frame(struct ktriage_frame *f, const char *fn, const char *mod, uint64_t pc,
		  uint64_t off)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->func, sizeof(f->func), "%s", fn);
	snprintf(f->module, sizeof(f->module), "%s", mod);
	f->pc = pc;
	f->off = off;
}

static void signatures(void)
{
	struct ktriage_frame a[3], b[6], c[3];
	char sa[17], sb[17], sc[17], sd[17], se[17];
	frame(&a[0], "crashmod_oops", "crashmod", 0xffffffffc056e00c, 0xc);
	frame(&a[1], "crashmod_write", "crashmod", 0xffffffffc056e396, 0x386);
	frame(&a[2], "vfs_write", "", 0xffffffff8154d497, 0x107);
	/* another boot: other addresses (KASLR, module placement) */
	frame(&c[0], "crashmod_oops", "crashmod", 0xffffffffc038e00c, 0xc);
	frame(&c[1], "crashmod_write", "crashmod", 0xffffffffc038e396, 0x386);
	frame(&c[2], "vfs_write", "", 0xffffffff8cd4d497, 0x107);
	ktriage_signature(KTRIAGE_OOPS, a, 3, sa);
	ktriage_signature(KTRIAGE_OOPS, c, 3, sc);
	CHECK(strlen(sa) == 16 && strspn(sa, "0123456789abcdef") == 16, "signature: 16 hex digits (%s)",
	      sa);
	CHECK(!strcmp(sa, sc), "signature: the same from another boot (%s, %s)", sa, sc);
	ktriage_signature(KTRIAGE_BUG, a, 3, sd);
	CHECK(strcmp(sa, sd), "signature: another kind, another signature");
	snprintf(c[0].module, sizeof(c[0].module), "othermod");
	ktriage_signature(KTRIAGE_OOPS, c, 3, se);
	CHECK(strcmp(sa, se), "signature: another module, another signature");
	/* a recursion of another depth and a compiler's suffix: the same */
	frame(&b[0], "crashmod_recurse.isra.0", "crashmod", 1, 0x3d);
	for (int i = 1; i < 5; i++)
		frame(&b[i], "crashmod_recurse.isra.0", "crashmod", 2, 0x42);
	frame(&b[5], "crashmod_write", "crashmod", 3, 0x10);
	struct ktriage_frame r[2];
	frame(&r[0], "crashmod_recurse.constprop.1", "crashmod", 9, 0x40);
	frame(&r[1], "crashmod_write", "crashmod", 10, 0x20);
	ktriage_signature(KTRIAGE_STACKOVERFLOW, b, 6, sb);
	ktriage_signature(KTRIAGE_STACKOVERFLOW, r, 2, sd);
	CHECK(!strcmp(sb, sd), "signature: recursion depth and .isra/.constprop suffixes left out");
}

/* ktriage_from_log over lines as the kernels print them */
static struct ktriage *from_log(const char *const *lines, int n, const char *panic, const char *msg)
{
	static struct ktriage t;
	static struct ktriage_logline v[32];
	memset(&t, 0, sizeof(t));
	t.lockup_cpu = -1;
	snprintf(t.panic, sizeof(t.panic), "%s", panic);
	snprintf(t.message, sizeof(t.message), "%s", msg);
	for (int i = 0; i < n && i < 32; i++) {
		/* "4 text": the level, then the line */
		v[i].level = lines[i][0] - '0';
		snprintf(v[i].text, sizeof(v[i].text), "%s", lines[i] + 2);
	}
	ktriage_from_log(v, (size_t)n, &t);
	return &t;
}

static void logs(void)
{
	static const char *oops[] = {
		"4 an old warning", "6 info: not shown", "4 crashmod: loading out-of-tree module taints kernel.",
		"4 FIXTURE-TRIGGER oops",
		"1 BUG: kernel NULL pointer dereference, address: 0000000000000000",
		"1 #PF: supervisor write access in kernel mode",
		"1 #PF: error_code(0x0002) - not-present page", "4 Oops: 0002 [#1] PREEMPT SMP NOPTI",
		"0 Kernel panic - not syncing: Fatal exception", "4 after the panic"};
	struct ktriage *t = from_log(oops, N(oops), "Kernel panic - not syncing: Fatal exception",
				     "BUG: kernel NULL pointer dereference, address: 0000000000000000");
	CHECK(t->has_fault_addr && t->fault_addr == 0 && t->null_deref && !strcmp(t->access, "write") &&
		      !t->user_access, "x86 oops: NULL, write at 0, kernel mode (%s)", t->access);
	CHECK(t->nlog == 3 && !strcmp(t->log[0], "an old warning") &&
		      !strcmp(t->log[2], "FIXTURE-TRIGGER oops"),
	      "LOG: the warning+ lines before the report (%d: %s ...)", t->nlog, t->nlog ? t->log[0] : "");
	static const char *arm[] = {
		"1 Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008",
		"1 Mem abort info:", "1 Data abort info:", "1   CM = 0, WnR = 0",
		"0 Kernel panic - not syncing: Oops: Fatal exception"};
	t = from_log(arm, N(arm), "Kernel panic - not syncing: Oops: Fatal exception",
		     "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008");
	CHECK(t->has_fault_addr && t->fault_addr == 8 && t->null_deref && !strcmp(t->access, "read"),
	      "arm64 oops: NULL, read at 0x8 (WnR = 0)");
	static const char *bug[] = {"4 ------------[ cut here ]------------",
				    "4 kernel BUG at drivers/foo/bar.c:1234!",
				    "4 invalid opcode: 0000 [#1] PREEMPT SMP NOPTI",
				    "0 Kernel panic - not syncing: Fatal exception"};
	t = from_log(bug, N(bug), "Kernel panic - not syncing: Fatal exception",
		     "kernel BUG at drivers/foo/bar.c:1234!");
	CHECK(!strcmp(t->bug_file, "drivers/foo/bar.c") && t->bug_line == 1234 && t->nlog == 0,
	      "BUG: file:line %s:%d, the cut-here rule is no LOG line", t->bug_file, t->bug_line);
	static const char *sov[] = {
		"0 BUG: TASK stack guard page was hit at 00000000d9f5944d (stack is 00000000909ddbd0..00000000c90f14b3)",
		"0 Kernel panic - not syncing: Fatal exception in interrupt"};
	t = from_log(sov, N(sov), "Kernel panic - not syncing: Fatal exception in interrupt",
		     "BUG: TASK stack guard page was hit at 00000000d9f5944d (stack is 00000000909ddbd0..00000000c90f14b3)");
	CHECK(!strcmp(t->overflowed, "TASK"), "stack overflow: the TASK stack's guard page (%s)",
	      t->overflowed);
	static const char *warn[] = {
		"4 WARNING: CPU: 3 PID: 77 at net/core/dev.c:42 dev_foo+0x11/0x20",
		"0 Kernel panic - not syncing: kernel: panic_on_warn set ..."};
	t = from_log(warn, N(warn), "Kernel panic - not syncing: kernel: panic_on_warn set ...",
		     "WARNING: CPU: 3 PID: 77 at net/core/dev.c:42 dev_foo+0x11/0x20");
	CHECK(!strcmp(t->bug_file, "net/core/dev.c") && t->bug_line == 42, "WARN: file:line %s:%d",
	      t->bug_file, t->bug_line);
	static const char *soft[] = {
		"0 watchdog: BUG: soft lockup - CPU#5 stuck for 22s! [kworker/5:1:123]",
		"0 Kernel panic - not syncing: softlockup: hung tasks"};
	t = from_log(soft, N(soft), "Kernel panic - not syncing: softlockup: hung tasks",
		     "watchdog: BUG: soft lockup - CPU#5 stuck for 22s! [kworker/5:1:123]");
	CHECK(t->lockup_cpu == 5 && t->lockup_secs == 22 && t->lockup_task.pid == 123 &&
		      !strcmp(t->lockup_task.comm, "kworker/5:1"),
	      "soft lockup: CPU 5, 22 s, [kworker/5:1:123] (a comm with ':')");
	static const char *hung[] = {
		"3 INFO: task jbd2/sda1-8:250 blocked for more than 120 seconds.",
		"3 INFO: task a:b:c:7 blocked for more than 122 seconds.",
		"0 Kernel panic - not syncing: hung_task: blocked tasks"};
	t = from_log(hung, N(hung), "Kernel panic - not syncing: hung_task: blocked tasks",
		     "INFO: task jbd2/sda1-8:250 blocked for more than 120 seconds.");
	CHECK(t->nhung == 2 && t->hung[0].pid == 250 && !strcmp(t->hung[0].comm, "jbd2/sda1-8") &&
		      t->hung[0].blocked_ns == 120000000000ull && t->hung[1].pid == 7 &&
		      !strcmp(t->hung[1].comm, "a:b:c"),
	      "hung tasks: both, names and seconds (%d)", t->nhung);
	static const char *oom[] = {
		"4 stress invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
		"3 Out of memory: Killed process 4242 (stress) total-vm:1000kB, anon-rss:900kB",
		"0 Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled"};
	t = from_log(oom, N(oom), "Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled",
		     "");
	CHECK(t->oom_victim.pid == 4242 && !strcmp(t->oom_victim.comm, "stress"),
	      "OOM victim 4242 (stress)");
	CHECK(t->nlog == 2, "OOM: the oom-killer lines are LOG lines (%d)", t->nlog);
	static const char *junk[] = {"4 BUG: kernel NULL pointer dereference, address: zz",
				     "4 INFO: task :x blocked for more than  seconds.",
				     "4 watchdog: BUG: soft lockup - CPU#", "4 kernel BUG at nocolon!",
				     "4 #PF: supervisor"};
	t = from_log(junk, N(junk), "", "BUG: kernel NULL pointer dereference, address: zz");
	CHECK(!t->has_fault_addr && t->nhung == 0 && !*t->bug_file && !*t->access,
	      "damaged report lines: nothing made up");
	t = from_log(junk, 0, "", "");
	CHECK(t->nlog == 0 && !t->has_fault_addr, "an empty log: nothing");
}

static void taints(void)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("triage", NULL, "triage", &k);
	if (!tk)
		return;
	uint64_t mask;
	char flags[40];
	CHECK(ksys_taint(k, &mask, flags, sizeof(flags)) == 0 && !strcmp(flags, "DOE"),
	      "tainted_mask's letters: %s", flags);
	char letters[16];
	bool oot;
	ktriage_module_taints(k, (1u << 12) | (1u << 13), letters, sizeof(letters), &oot);
	CHECK(!strcmp(letters, "OE") && oot, "module taints O and E: \"%s\", out-of-tree", letters);
	ktriage_module_taints(k, 1u << 0, letters, sizeof(letters), &oot);
	CHECK(!strcmp(letters, "P") && !oot, "module taint P: \"%s\", not out-of-tree", letters);
	ktriage_module_taints(k, 0, letters, sizeof(letters), &oot);
	CHECK(!*letters && !oot, "no module taints: \"\"");
	ktriage_module_taints(k, 1ull << 40, letters, 2, &oot);
	CHECK(!strcmp(letters, "?"), "a bit past taint_flags: '?'");
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	kinds();
	signatures();
	logs();
	taints();
	CHECK_DONE();
}
