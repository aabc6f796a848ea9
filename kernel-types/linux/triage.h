/* Automatic triage of a crash (the `analyze` command, crash --analyze):
 * what kind of crash it was, the code that caused it, the context a
 * support engineer reads first, and a signature that is the same for the
 * same bug on other machines and other boots.
 *
 * The kind comes from memory first: the panic task's frames (the
 * exception entries, die/do_trap/handle_bug/__warn, watchdog_timer_fn,
 * the hung task watchdog, handle_stack_overflow, sysrq_handle_crash,
 * nmi_panic, mce_panic, out_of_memory...), then from the panic string and
 * the log's report (ksys_crash_msg), which give its details (the fault
 * address and access, BUG's file:line, the soft lockup's CPU and seconds,
 * the hung tasks) and confirm it.  Everything is gathered from the other
 * walkers (tasks, stack.h, printk, sysinfo, sched, meminfo, modules);
 * this file returns data and never prints.
 *
 * Part of the public API through kernel-types/linux/linux.h. */
#ifndef CRASH_KERNEL_TYPES_LINUX_TRIAGE_H
#define CRASH_KERNEL_TYPES_LINUX_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kernel;

enum ktriage_kind {
	KTRIAGE_UNKNOWN,	/* nothing in the frames or the log says */
	KTRIAGE_SYSRQ,		/* sysrq-c (sysrq_handle_crash) */
	KTRIAGE_OOPS,		/* a fault in kernel mode: page fault, GP fault, invalid opcode */
	KTRIAGE_BUG,		/* BUG() / BUG_ON(): "kernel BUG at FILE:LINE!" */
	KTRIAGE_WARN,		/* WARN() with panic_on_warn */
	KTRIAGE_SOFTLOCKUP,	/* the watchdog's hrtimer found a CPU stuck */
	KTRIAGE_HARDLOCKUP,	/* the NMI watchdog found a CPU stuck with interrupts off */
	KTRIAGE_HUNGTASK,	/* khungtaskd found tasks blocked too long */
	KTRIAGE_STACKOVERFLOW,	/* the stack guard page was hit */
	KTRIAGE_DOUBLEFAULT,	/* a double fault that was not a stack overflow */
	KTRIAGE_OOM,		/* the OOM killer panicked (panic_on_oom, no victim) */
	KTRIAGE_NMI,		/* an NMI the kernel panics on (unknown, SERR, IOCHK) */
	KTRIAGE_MCE,		/* a fatal machine check */
	KTRIAGE_PANIC,		/* panic() called by a subsystem: the message says */
	KTRIAGE_NKINDS
};

/* "oops", "bug", "softlockup"...: the names the text and the JSON show
 * (and that the fixtures' truth.json uses). */
const char *ktriage_kind_name(enum ktriage_kind kind);

#define KTRIAGE_FRAMES 8	/* culprit frames kept (and hashed: the first 5) */
#define KTRIAGE_HUNG 4		/* hung tasks the log names */
#define KTRIAGE_BLOCKED 5	/* D-state tasks, longest first */
#define KTRIAGE_CPUS 16		/* non-idle CPUs listed */
#define KTRIAGE_LOG 6		/* warning+ lines before the report */

struct ktriage_frame {
	char func[128];		/* as bt names it, without offset */
	char module[64];	/* "" for the kernel image */
	uint64_t pc;
	uint64_t off;		/* into func */
	bool exact;		/* pc is where it was (not a return address) */
};

struct ktriage_task {
	int pid;
	char comm[17];
	int cpu;
	uint64_t task;
	uint64_t blocked_ns;	/* D state: how long since it last ran, or 0 */
	char where[128];	/* D state: the first frame outside the scheduler and
				   the sleeping locks; a CPU: the function it ran,
				   "user space" when it was there (the stop IPI or NMI
				   came from there) */
	char where_module[64];
};

struct ktriage {
	enum ktriage_kind kind;
	bool from_frames;	/* the kind was read from the panic task's frames */
	bool log_confirms;	/* the log's report says the same kind */
	char panic[256];	/* the panic string, "" when none (kdump oops) */
	char message[256];	/* the report's first line (ksys_crash_msg), else panic */
	/* details of the kind, where the log or the registers give them */
	bool has_fault_addr;
	uint64_t fault_addr;
	bool null_deref;	/* the fault address is in the first page */
	char access[24];	/* "read", "write", "instruction fetch" or "" */
	bool user_access;	/* the faulting access was in user mode */
	/* (access and the fault address come from the log's report: the
	 * page fault's entry code reads the error code off pt_regs and
	 * leaves -1 in orig_ax, and CR2 is in no frame) */
	char bug_file[128];	/* BUG / WARN: FILE and LINE of the report */
	int bug_line;
	char overflowed[16];	/* stack overflow: the stack whose guard page was hit
				   ("TASK", "IRQ", "#DF"...), "" when unknown */
	int lockup_cpu;		/* soft/hard lockup: -1 when unknown */
	int lockup_secs;
	struct ktriage_task lockup_task;	/* soft lockup's [comm:pid] */
	struct ktriage_task hung[KTRIAGE_HUNG];	/* hung tasks the log names */
	int nhung;
	struct ktriage_task oom_victim;		/* pid 0 when none */
	/* the panic task */
	struct ktriage_task task;
	/* the culprit: frames[0] is the faulting function, or the first
	 * frame outside the generic panic/exception path, then its callers */
	struct ktriage_frame frames[KTRIAGE_FRAMES];
	int nframes;
	uint64_t culprit_task;	/* whose stack the culprit is on (hung: the blocked task) */
	char module_taints[16];	/* the culprit module's taint letters ("OE"), "" */
	bool out_of_tree;	/* the culprit module set TAINT_OOT_MODULE */
	char src_file[256];	/* the culprit's file:line, when debuginfo has it */
	int src_line;
	/* context */
	uint64_t taint_mask;
	char taint_flags[40];	/* the letters, as sys -t */
	char release[65];
	uint64_t uptime_secs;
	struct ktriage_task blocked[KTRIAGE_BLOCKED];
	int nblocked, nblocked_all;
	struct ktriage_task cpus[KTRIAGE_CPUS];	/* non-idle CPUs */
	int ncpus, ncpus_busy, ncpus_all;
	bool has_mem;
	uint64_t page_size, mem_total, mem_free;	/* pages */
	bool has_swap;
	uint64_t swap_total, swap_used;			/* pages */
	char log[KTRIAGE_LOG][256];	/* warning+ lines before the report, oldest first */
	int nlog;
	char signature[17];	/* 16 hex digits */
};

/* Triage the dump.  0 (what cannot be read is left empty: a damaged dump
 * still gets what it has), or -1 with err_get() when there is no kernel
 * to read at all. */
int ktriage_run(struct kernel *k, struct ktriage *t);

/* The pure parts, for the unit tests. */

/* The kind that a backtrace's function names say (innermost first),
 * KTRIAGE_UNKNOWN when they say nothing; the panic string and the log's
 * report decide between kinds whose frames look alike (a hung task's
 * watchdog, BUG and an invalid opcode). */
enum ktriage_kind ktriage_kind_of_frames(const char *const *funcs, int n, const char *panic,
					 const char *message);
/* The kind the panic string and the report's first line say alone. */
enum ktriage_kind ktriage_kind_of_text(const char *panic, const char *message);
/* The index of the first frame outside the generic panic, kexec and
 * exception path below the last panic()/__crash_kexec() frame (what ran
 * on top of panic, its delay loop or an interrupt, is no cause), or n
 * when all of them are on it. */
int ktriage_first_culprit(const char *const *funcs, int n);
/* The signature of kind and frames: SHA-256 over the kind's name and each
 * frame's function (compiler suffixes as ".isra.0" and ".cold" removed,
 * repeats of a recursion folded) and module, no addresses; 16 hex digits
 * into out[17]. */
void ktriage_signature(enum ktriage_kind kind, const struct ktriage_frame *frames, int n,
		       char out[17]);
/* One record of the log: its level and its first line. */
struct ktriage_logline {
	int level;
	char text[256];
};
/* What the log says, into t (whose panic and message are set): the
 * report's details from its first line (t->message) to the panic line
 * (the fault's address and access, BUG's and WARN's file:line, the soft
 * lockup's CPU, seconds and task, the hung tasks), the OOM killer's last
 * victim, and the warning+ lines before the report.  v: the records
 * oldest first, n of them. */
void ktriage_from_log(const struct ktriage_logline *v, size_t n, struct ktriage *t);
/* The taint letters of a module's taints mask and whether it has
 * TAINT_OOT_MODULE, by the kernel's taint_flags (ksys_taint_bit). */
void ktriage_module_taints(struct kernel *k, uint64_t taints, char *letters, size_t len,
			   bool *oot);

#endif
