/* analyze: the triage report a support engineer reads first (the kind of
 * crash, its culprit, the context, a signature); crash --analyze runs it
 * and exits.  The knowledge is kernel-types/linux/triage.c's. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

#define L(label) "%12s: ", label

/* "NULL pointer dereference, write at 0x0", "at crashmod.c:56"... */
static void kind_details(const struct ktriage *t, char *buf, size_t len)
{
	buf[0] = 0;
	switch (t->kind) {
	case KTRIAGE_OOPS:
	case KTRIAGE_DOUBLEFAULT: {
		const char *what = t->kind != KTRIAGE_OOPS ? "" :
				   t->null_deref ? "NULL pointer dereference" :
				   t->has_fault_addr ? "page fault" : "";
		char at[64] = "";
		if (t->has_fault_addr && t->kind == KTRIAGE_OOPS)
			snprintf(at, sizeof(at), " at 0x%" PRIx64, t->fault_addr);
		snprintf(buf, len, "%s%s%s%s%s", what, *what && (*t->access || *at) ? ", " : "",
			 *t->access ? t->access : *at ? "access" : "", t->user_access ? " (user mode)" : "",
			 at);
		break;
	}
	case KTRIAGE_BUG:
	case KTRIAGE_WARN:
		if (*t->bug_file)
			snprintf(buf, len, "at %s:%d", t->bug_file, t->bug_line);
		break;
	case KTRIAGE_STACKOVERFLOW:
		if (*t->overflowed)
			snprintf(buf, len, "%s stack guard page hit", t->overflowed);
		break;
	case KTRIAGE_SOFTLOCKUP:
		if (t->lockup_cpu >= 0)
			snprintf(buf, len, "CPU#%d stuck for %ds [%s:%d]", t->lockup_cpu, t->lockup_secs,
				 t->lockup_task.comm, t->lockup_task.pid);
		break;
	case KTRIAGE_HUNGTASK: {
		size_t n = 0;
		for (int i = 0; i < t->nhung && n < len; i++)
			n += (size_t)snprintf(buf + n, len - n, "%s%s:%d blocked for more than %" PRIu64 "s",
					      i ? ", " : "", t->hung[i].comm, t->hung[i].pid,
					      (uint64_t)(t->hung[i].blocked_ns / 1000000000u));
		break;
	}
	case KTRIAGE_SYSRQ:
		snprintf(buf, len, "sysrq-c: crash requested");
		break;
	default:
		break;
	}
}

static void where(FILE *o, const char *func, const char *mod)
{
	fprintf(o, "%s", *func ? func : "(unknown)");
	if (*mod)
		fprintf(o, " [%s]", mod);
}

static void duration(FILE *o, uint64_t secs)
{
	if (secs >= 86400)
		fprintf(o, "%" PRIu64 " days, ", secs / 86400);
	fprintf(o, "%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64, secs / 3600 % 24, secs / 60 % 60,
		secs % 60);
}

static void size_of(FILE *o, uint64_t bytes)
{
	if (bytes >= 10ull << 30)
		fprintf(o, "%" PRIu64 " GB", bytes >> 30);
	else if (bytes >= 10ull << 20)
		fprintf(o, "%" PRIu64 " MB", bytes >> 20);
	else
		fprintf(o, "%" PRIu64 " KB", bytes >> 10);
}

static void print_text(FILE *o, struct kernel *k, const struct ktriage *t, bool verbose)
{
	char d[512];
	kind_details(t, d, sizeof(d));
	fprintf(o, L("KIND"));
	fprintf(o, "%s%s%s%s%s\n", ktriage_kind_name(t->kind), *d ? " (" : "", d, *d ? ")" : "",
		t->from_frames ? "" : "  [from the log only]");
	if (*t->message)
		fprintf(o, L("MESSAGE")), fprintf(o, "%s\n", t->message);
	if (*t->panic && strcmp(t->panic, t->message))
		fprintf(o, L("PANIC")), fprintf(o, "%s\n", t->panic);
	fprintf(o, L("CULPRIT"));
	if (t->nframes) {
		const struct ktriage_frame *f = &t->frames[0];
		fprintf(o, "%s+0x%" PRIx64, f->func, f->off);
		if (*f->module) {
			fprintf(o, " [%s]", f->module);
			if (t->out_of_tree || *t->module_taints)
				fprintf(o, " (%s%staints %s)", t->out_of_tree ? "out-of-tree" : "",
					t->out_of_tree && *t->module_taints ? ", " : "",
					*t->module_taints ? t->module_taints : "none");
		}
		fprintf(o, "\n");
	} else {
		fprintf(o, "(unknown)\n");
	}
	if (verbose && *t->access)
		fprintf(o, L("ACCESS")), fprintf(o, "%s in %s mode (the log's report)\n", t->access,
						 t->user_access ? "user" : "kernel");
	if (*t->src_file)
		fprintf(o, L("AT")), fprintf(o, "%s: %d\n", t->src_file, t->src_line);
	if (t->nframes > 1) {
		fprintf(o, L("TRACE"));
		int n = verbose ? t->nframes : t->nframes < 5 ? t->nframes : 5;
		for (int i = 0; i < n; i++) {
			fprintf(o, "%s", i ? " < " : "");
			where(o, t->frames[i].func, t->frames[i].module);
		}
		fprintf(o, "\n");
	}
	if (t->task.pid || t->task.task) {
		fprintf(o, L("TASK"));
		fprintf(o, "%d \"%s\"", t->task.pid, t->task.comm);
		if (t->task.cpu >= 0)
			fprintf(o, " on CPU %d", t->task.cpu);
		fprintf(o, "\n");
	}
	fprintf(o, L("TAINT"));
	if (!t->taint_mask) {
		fprintf(o, "none\n");
	} else {
		fprintf(o, "%s (", t->taint_flags);
		bool first = true;
		for (int bit = 0; bit < 64; bit++) {
			if (!(t->taint_mask >> bit & 1))
				continue;
			char c;
			const char *name, *what;
			ksys_taint_bit(k, bit, &c, &name, &what);
			fprintf(o, "%s%s", first ? "" : ", ", *what ? what : "unknown taint");
			first = false;
		}
		fprintf(o, ")\n");
	}
	if (*t->release)
		fprintf(o, L("RELEASE")), fprintf(o, "%s\n", t->release);
	fprintf(o, L("UPTIME")), duration(o, t->uptime_secs), fprintf(o, "\n");
	fprintf(o, L("D-STATE"));
	if (!t->nblocked_all) {
		fprintf(o, "none\n");
	} else {
		int n = verbose ? t->nblocked : t->nblocked < 3 ? t->nblocked : 3;
		fprintf(o, "%d task%s%s\n", t->nblocked_all, t->nblocked_all == 1 ? "" : "s",
			t->nblocked_all > n ? ", the longest:" : ":");
		for (int i = 0; i < n; i++) {
			const struct ktriage_task *b = &t->blocked[i];
			fprintf(o, "%14s%d \"%s\" for ", "", b->pid, b->comm);
			duration(o, (uint64_t)(b->blocked_ns / 1000000000u));
			fprintf(o, " in ");
			where(o, b->where, b->where_module);
			fprintf(o, "\n");
		}
	}
	fprintf(o, L("CPUS"));
	fprintf(o, "%d of %d busy%s\n", t->ncpus_busy, t->ncpus_all, t->ncpus ? ":" : "");
	int nc = verbose ? t->ncpus : t->ncpus < 4 ? t->ncpus : 4;
	for (int i = 0; i < nc; i++) {
		const struct ktriage_task *c = &t->cpus[i];
		fprintf(o, "%14sCPU %d: %d \"%s\" in ", "", c->cpu, c->pid, c->comm);
		where(o, c->where, c->where_module);
		fprintf(o, "\n");
	}
	if (t->has_mem) {
		uint64_t ps = t->page_size ? t->page_size : 4096;
		fprintf(o, L("MEMORY"));
		size_of(o, t->mem_free * ps), fprintf(o, " free of "), size_of(o, t->mem_total * ps);
		if (t->has_swap && t->swap_total)
			fprintf(o, ", swap "), size_of(o, t->swap_used * ps), fprintf(o, " used of "),
				size_of(o, t->swap_total * ps);
		else
			fprintf(o, ", no swap");
		if (t->oom_victim.pid)
			fprintf(o, ", OOM victim %d \"%s\"", t->oom_victim.pid, t->oom_victim.comm);
		fprintf(o, "\n");
	}
	if (t->nlog) {
		int from = verbose || t->nlog <= 3 ? 0 : t->nlog - 3;
		fprintf(o, L("LOG"));
		for (int i = from; i < t->nlog; i++)
			fprintf(o, "%*s%s\n", i == from ? 0 : 14, "", t->log[i]);
	}
	fprintf(o, L("SIGNATURE")), fprintf(o, "%s\n", t->signature);
}

/* ---- JSON (commands/json/analyze.schema.json): all that was gathered ---- */

#define J(d, key, v) json_object_object_add(d, key, v)

static struct json_object *jstr_or_null(const char *v)
{
	return v && *v ? crash_json_str(v) : NULL;
}

static struct json_object *jframe(const struct ktriage_frame *f)
{
	struct json_object *o = json_object_new_object();
	J(o, "function", crash_json_str(f->func));
	J(o, "offset", json_object_new_uint64(f->off));
	J(o, "address", crash_json_addr(f->pc));
	J(o, "module", jstr_or_null(f->module));
	return o;
}

/* a task of the report: who, and where it waits or runs */
static struct json_object *jtask(const struct ktriage_task *t, bool blocked, bool where)
{
	struct json_object *o = json_object_new_object();
	J(o, "pid", json_object_new_int(t->pid));
	J(o, "comm", crash_json_str(t->comm));
	J(o, "task", t->task ? crash_json_addr(t->task) : NULL);
	J(o, "cpu", t->cpu >= 0 ? json_object_new_int(t->cpu) : NULL);
	if (blocked)
		J(o, "blocked_seconds", json_object_new_uint64(t->blocked_ns / 1000000000u));
	if (where) {
		J(o, "where", jstr_or_null(t->where));
		J(o, "where_module", jstr_or_null(t->where_module));
	}
	return o;
}

static struct json_object *jdetails(const struct ktriage *t)
{
	struct json_object *o = json_object_new_object();
	J(o, "fault_address", t->has_fault_addr ? crash_json_addr(t->fault_addr) : NULL);
	J(o, "null_pointer", json_object_new_boolean(t->null_deref));
	J(o, "access", jstr_or_null(t->access));
	J(o, "user_mode", *t->access ? json_object_new_boolean(t->user_access) : NULL);
	J(o, "overflowed_stack", jstr_or_null(t->overflowed));
	J(o, "file", jstr_or_null(t->bug_file));
	J(o, "line", *t->bug_file ? json_object_new_int(t->bug_line) : NULL);
	J(o, "lockup_cpu", t->lockup_cpu >= 0 ? json_object_new_int(t->lockup_cpu) : NULL);
	J(o, "lockup_seconds", t->lockup_cpu >= 0 ? json_object_new_int(t->lockup_secs) : NULL);
	J(o, "lockup_task", t->lockup_task.pid ? jtask(&t->lockup_task, false, false) : NULL);
	struct json_object *h = json_object_new_array();
	for (int i = 0; i < t->nhung; i++) {
		struct json_object *x = jtask(&t->hung[i], true, true);
		json_object_array_add(h, x);
	}
	J(o, "hung_tasks", h);
	return o;
}

static void print_json(struct crash_session *s, struct kernel *k, const struct ktriage *t)
{
	struct json_object *d = json_object_new_object();
	J(d, "kernel", crash_json_str(crash_vmlinux_name(s)));
	J(d, "dumpfile", crash_json_str(crash_dump_name(s)));
	J(d, "kind", crash_json_str(ktriage_kind_name(t->kind)));
	J(d, "kind_from_frames", json_object_new_boolean(t->from_frames));
	J(d, "log_confirms", json_object_new_boolean(t->log_confirms));
	J(d, "details", jdetails(t));
	J(d, "message", jstr_or_null(t->message));
	J(d, "panic", jstr_or_null(t->panic));
	struct json_object *c = NULL;
	if (t->nframes) {
		c = jframe(&t->frames[0]);
		J(c, "module_taints", *t->frames[0].module ? crash_json_str(t->module_taints) : NULL);
		J(c, "out_of_tree", json_object_new_boolean(t->out_of_tree));
		J(c, "file", jstr_or_null(t->src_file));
		J(c, "line", *t->src_file ? json_object_new_int(t->src_line) : NULL);
	}
	J(d, "culprit", c);
	struct json_object *fr = json_object_new_array();
	for (int i = 0; i < t->nframes; i++)
		json_object_array_add(fr, jframe(&t->frames[i]));
	J(d, "frames", fr);
	J(d, "task", t->task.pid || t->task.task ? jtask(&t->task, false, false) : NULL);
	J(d, "taint_mask", json_object_new_uint64(t->taint_mask));
	J(d, "taint", crash_json_str(t->taint_flags));
	struct json_object *tf = json_object_new_array();
	for (int bit = 0; bit < 64; bit++) {
		if (!(t->taint_mask >> bit & 1))
			continue;
		char ch;
		const char *name, *what;
		ksys_taint_bit(k, bit, &ch, &name, &what);
		struct json_object *f = json_object_new_object();
		J(f, "bit", json_object_new_int(bit));
		J(f, "letter", json_object_new_string_len(&ch, 1));
		J(f, "name", jstr_or_null(name));
		J(f, "meaning", jstr_or_null(what));
		json_object_array_add(tf, f);
	}
	J(d, "taint_flags", tf);
	J(d, "release", jstr_or_null(t->release));
	J(d, "uptime_seconds", t->uptime_secs ? json_object_new_uint64(t->uptime_secs) : NULL);
	J(d, "blocked_tasks_total", json_object_new_int(t->nblocked_all));
	struct json_object *b = json_object_new_array();
	for (int i = 0; i < t->nblocked; i++)
		json_object_array_add(b, jtask(&t->blocked[i], true, true));
	J(d, "blocked_tasks", b);
	J(d, "cpus_total", json_object_new_int(t->ncpus_all));
	J(d, "cpus_busy", json_object_new_int(t->ncpus_busy));
	struct json_object *cp = json_object_new_array();
	for (int i = 0; i < t->ncpus; i++)
		json_object_array_add(cp, jtask(&t->cpus[i], false, true));
	J(d, "cpus", cp);
	struct json_object *m = NULL;
	if (t->has_mem) {
		uint64_t ps = t->page_size ? t->page_size : 4096;
		m = json_object_new_object();
		J(m, "total_bytes", json_object_new_uint64(t->mem_total * ps));
		J(m, "free_bytes", json_object_new_uint64(t->mem_free * ps));
		J(m, "swap_total_bytes", t->has_swap ? json_object_new_uint64(t->swap_total * ps) : NULL);
		J(m, "swap_used_bytes", t->has_swap ? json_object_new_uint64(t->swap_used * ps) : NULL);
	}
	J(d, "memory", m);
	J(d, "oom_victim", t->oom_victim.pid ? jtask(&t->oom_victim, false, false) : NULL);
	struct json_object *lg = json_object_new_array();
	for (int i = 0; i < t->nlog; i++)
		json_object_array_add(lg, crash_json_str(t->log[i]));
	J(d, "log", lg);
	J(d, "signature", crash_json_str(t->signature));
	crash_json_emit(s, d);
}

static int analyze_run(struct crash_session *s, int argc, char **argv)
{
	bool verbose = false;
	int opt;
	optind = 0;
	while ((opt = getopt(argc, argv, "v")) != -1) {
		if (opt == 'v')
			verbose = true;
		else
			return crash_error(s, "usage: analyze [-v]");
	}
	if (optind < argc)
		return crash_error(s, "usage: analyze [-v]");
	struct kernel *k = crash_kernel(s);
	if (!k)
		return crash_error(s, "no dump is open");
	/* without types (a kallsyms without data symbols and no BTF found)
	 * there are no tasks, stacks or log to read: one line says so (and
	 * a fleet's document names the dump) */
	if (kernel_sizeof(k, "struct task_struct") < 0) {
		if (crash_json(s)) {
			struct json_object *d = json_object_new_object();
			J(d, "kernel", crash_json_str(crash_vmlinux_name(s)));
			J(d, "dumpfile", crash_json_str(crash_dump_name(s)));
			crash_json_emit(s, d);
		}
		return crash_error(s, "no struct task_struct in the kernel's types: nothing to analyze");
	}
	struct ktriage *t = malloc(sizeof(*t));
	if (!t)
		return crash_error(s, "out of memory");
	if (ktriage_run(k, t)) {
		free(t);
		return crash_error(s, "%s", err_get());
	}
	if (crash_json(s))
		print_json(s, k, t);
	else
		print_text(crash_out(s), k, t, verbose);
	free(t);
	return 0;
}

static const struct crash_cmd analyze_cmd = {
	.name = "analyze",
	.run = analyze_run,
	.summary = "triage of the crash: kind, culprit, context, signature",
	.synopsis = "analyze [-v]",
	.description =
		"Prints a short report of the crash: its KIND, read from the panic\n"
		"task's frames (exception entries, the BUG, WARN, watchdog, hung task,\n"
		"stack overflow, sysrq, OOM, NMI and machine check paths) and\n"
		"confirmed by the log (\"[from the log only]\" when the frames say\n"
		"nothing), with its details (the fault's address and access, BUG's or\n"
		"WARN's file:line, the overflowed stack, the stuck CPU, the hung\n"
		"tasks); the report's first\n"
		"log line (MESSAGE) and the panic string (PANIC); the CULPRIT, the\n"
		"faulting function or the first frame outside the generic panic and\n"
		"exception path (for a hung task: the blocked task's first frame\n"
		"outside the scheduler and its locks), with its module, whether that\n"
		"module is out-of-tree and the taints it set, its file and line (AT)\n"
		"when debuginfo has them, and its callers (TRACE); the panic TASK; the\n"
		"TAINT flags spelled out; RELEASE and UPTIME; the tasks in D state\n"
		"longest and what they wait in; the CPUS that were not idle and the\n"
		"function each ran; free MEMORY, swap use and the OOM killer's last\n"
		"victim; the last LOG lines at warning level or above before the\n"
		"report; and a SIGNATURE, a hash of the kind and the culprit's\n"
		"function and module names (no addresses, offsets, PIDs or CPUs), the\n"
		"same for the same bug on other machines and other boots.\n"
		"\n"
		"  -v  all of what was gathered: 8 frames of TRACE, 5 D-state tasks,\n"
		"      16 CPUs, 6 LOG lines\n"
		"\n"
		"crash --analyze VMLINUX VMCORE runs it and exits.\n"
		"\n"
		"EXAMPLE\n"
		"    crash> analyze\n"
		"            KIND: oops (NULL pointer dereference, write at 0x0)\n"
		"         MESSAGE: BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
		"           PANIC: Kernel panic - not syncing: Fatal exception\n"
		"         CULPRIT: crashmod_oops+0xc [crashmod] (out-of-tree, taints OE)\n"
		"           TRACE: crashmod_oops [crashmod] < crashmod_write [crashmod] < proc_reg_write < vfs_write < ksys_write\n"
		"            TASK: 1 \"init\" on CPU 0\n"
		"           TAINT: DOE (the kernel died: an oops or BUG happened, an out-of-tree module was loaded, an unsigned module was loaded)\n"
		"         RELEASE: 6.1.0-57-cloud-amd64\n"
		"          UPTIME: 00:00:50\n"
		"         D-STATE: 1 task:\n"
		"                  164 \"wl-vfork-par\" for 00:00:14 in kernel_clone\n"
		"            CPUS: 2 of 2 busy:\n"
		"                  CPU 0: 1 \"init\" in crashmod_oops [crashmod]\n"
		"                  CPU 1: 177 \"wl-spinner\" in user space\n"
		"          MEMORY: 13 MB free of 469 MB, swap 165 MB used of 511 MB\n"
		"             LOG: Unstable clock detected, switching default tracing clock to \"global\"\n"
		"                  crashmod: loading out-of-tree module taints kernel.\n"
		"                  FIXTURE-TRIGGER oops\n"
		"       SIGNATURE: 310d5e2f63c61a57\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(analyze_cmd)
