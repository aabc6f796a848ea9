/* bt: kernel stack backtraces, laid out like Red Hat crash's x86_64 bt. */
#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"

struct bt_opts {
	bool full, lines, sym, text, textall, exc, raw;
	int symbolic;		/* -F 1, -FF 2: frame words as symbols and slab caches */
	bool old;		/* -o: frames from the text addresses on the stack */
	bool skip_idle;		/* -n idle */
	const char *ref;	/* -R: only traces that reference it */
	uint64_t ref_lo, ref_hi;/* ... the function (or address) it names */
	bool have_ip, have_sp;	/* -I ip, -S sp: unwind from there */
	uint64_t ip, sp;
	int radix;	/* offsets in -s output: 10 or 16 */
	int exc_radix;	/* offsets in "[exception RIP: ...]" */
	struct json_object *json; /* JSON output: the task objects go here */
};

static const char *text_name(void *arg, uint64_t addr, uint64_t *off)
{
	return kernel_symbol_at(arg, addr, off);
}

static void print_regs(FILE *o, struct kernel *k, const struct arch_regs *r, bool partial,
		       const char *ind)
{
	char buf[1024];
	struct arch_namer namer = { text_name, k };
	arch_regs_format_named(kernel_arch(k), r, partial, ind, &namer, buf, sizeof(buf));
	fputs(buf, o);
}

/* "name", "name+off" or the bare address when there is no symbol.  A
 * return address is looked up one byte back: a call may be the last
 * instruction of a function. */
static void sym_text(struct kernel *k, uint64_t ip, bool exact, bool with_off, int radix,
		     char *buf, size_t len, const char **mod)
{
	uint64_t off = 0;
	*mod = NULL;
	uint64_t look = exact ? ip : ip - 1;
	const char *name = kernel_symbol_at(k, look, &off);
	if (!name) {
		snprintf(buf, len, "(unknown)");
		return;
	}
	/* frames in module code end with " [module]", as crash prints them */
	*mod = kernel_symbol_module(k, look, NULL);
	off += ip - look;
	if (!with_off)
		snprintf(buf, len, "%s", name);
	else if (radix == 16)
		snprintf(buf, len, "%s+0x%" PRIx64, name, off);
	else
		snprintf(buf, len, "%s+%" PRIu64, name, off);
}

static void frame_line(FILE *o, struct kernel *k, const struct bt_opts *op, int level,
		       uint64_t slot, const struct arch_frame *f)
{
	char s[300];
	const char *mod;
	sym_text(k, f->pc, f->exact, op->sym, op->radix, s, sizeof(s), &mod);
	fprintf(o, "%s#%d [%016" PRIx64 "] %s at %016" PRIx64 "%s%s%s%s\n", level < 10 ? " " : "",
		level, slot, s, f->pc, mod ? " [" : "", mod ? mod : "", mod ? "]" : "",
		f->scanned ? " (stack scan)" : "");
	if (op->lines) {
		char file[512];
		int line;
		if (kernel_srcline(k, f->exact ? f->pc : f->pc - 1, file, sizeof(file), &line) == 0)
			fprintf(o, "    %s: %d\n", file, line);
	}
}

/* ---- JSON (commands/json/bt.schema.json): the same frames, words and
 * registers the text shows, as objects ---- */

/* The registers of an exception frame's block, by the architecture's
 * names, as the text block shows them. */
static struct json_object *regs_json(struct kernel *k, const struct arch_regs *r, bool partial)
{
	struct json_object *o = json_object_new_object();
	const struct arch_vm *vm = kernel_arch(k);
	for (int i = 0; i < ARCH_REGS_MAX && arch_reg_name(vm, i); i++)
		if (arch_reg_in_frame(vm, i, partial))
			json_object_object_add(o, arch_reg_name(vm, i), crash_json_addr(r->r[i]));
	return o;
}

/* function, offset and module of a code address (a return address is
 * looked up one byte back, as the text does); nulls when unknown */
static void code_json(struct kernel *k, struct json_object *o, uint64_t ip, bool exact)
{
	uint64_t off = 0, look = exact ? ip : ip - 1;
	const char *name = kernel_symbol_at(k, look, &off);
	const char *mod = name ? kernel_symbol_module(k, look, NULL) : NULL;
	json_object_object_add(o, "function", crash_json_str(name));
	json_object_object_add(o, "offset", name ? json_object_new_uint64(off + (ip - look)) : NULL);
	json_object_object_add(o, "module", crash_json_str(mod));
}

static struct json_object *frame_json(struct kernel *k, int level, uint64_t slot,
				      const struct arch_frame *f)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "level", json_object_new_int(level));
	json_object_object_add(o, "sp", crash_json_addr(slot));
	json_object_object_add(o, "pc", crash_json_addr(f->pc));
	code_json(k, o, f->pc, f->exact);
	char file[512];
	int line;
	bool src = kernel_srcline(k, f->exact ? f->pc : f->pc - 1, file, sizeof(file), &line) == 0;
	json_object_object_add(o, "file", src ? crash_json_str(file) : NULL);
	json_object_object_add(o, "line", src ? json_object_new_int(line) : NULL);
	json_object_object_add(o, "stack", crash_json_str(f->stack.name));
	json_object_object_add(o, "scanned", json_object_new_boolean(f->scanned));
	return o;
}

/* A stack word as -F shows it: "name+off" for an address inside a
 * kernel symbol, "[cache]" (-FF "[address:cache]") inside a slab object,
 * else hex.  Only what the symbol's size (or the text) covers is named. */
static void word_text(struct kernel *k, int symbolic, uint64_t w, char *buf, size_t len)
{
	struct kernel_sym ks;
	struct slab_obj so;
	struct slab_cache c;
	uint64_t off;
	snprintf(buf, len, "%016" PRIx64, w);
	if (!symbolic || w < 0xffff800000000000ull)
		return;
	if (kernel_symbol_info_at(k, w, &ks, &off) == 0 && !ks.percpu &&
	    (ks.size ? off < ks.size : kstack_is_text(k, w))) {
		if (off)
			snprintf(buf, len, "%s+%" PRIu64, ks.name, off);
		else
			snprintf(buf, len, "%s", ks.name);
		return;
	}
	if (slab_find_object(k, w, &so) == 1 && so.allocated && slab_cache_read(k, so.cache, &c) == 0) {
		if (symbolic > 1)
			snprintf(buf, len, "[%016" PRIx64 ":%s]", w, c.name);
		else
			snprintf(buf, len, "[%s]", c.name);
	}
}

/* [from, to] inclusive, two words a line, bounded; in JSON (j), each
 * word an object of words. */
static void dump_words(FILE *o, struct kernel *k, int symbolic, uint64_t from, uint64_t to,
		       struct json_object *j)
{
	int n = 0;
	for (uint64_t a = from; a <= to && n < 4096; a += 16, n++) {
		if (!j)
			fprintf(o, "    %016" PRIx64 ":", a);
		for (uint64_t b = a; b < a + 16 && b <= to; b += 8) {
			uint64_t w;
			char s[160];
			bool bad = kernel_read_u64(k, b, &w) != 0;
			if (!bad)
				word_text(k, symbolic, w, s, sizeof(s));
			if (j) {
				struct json_object *x = json_object_new_object();
				json_object_object_add(x, "address", crash_json_addr(b));
				json_object_object_add(x, "value", bad ? NULL : crash_json_addr(w));
				/* -F: what the word points into, when named (else
				 * word_text left the hex) */
				char hex[24];
				snprintf(hex, sizeof(hex), "%016" PRIx64, w);
				json_object_object_add(x, "symbolic", !bad && symbolic && strcmp(s, hex)
						       ? crash_json_str(s) : NULL);
				json_object_array_add(j, x);
			} else if (bad) {
				fprintf(o, " ????????????????");
			} else {
				fprintf(o, symbolic ? " %-16s" : " %s", s);
			}
		}
		if (!j)
			fprintf(o, " \n");
	}
}

static const char *stack_label(const struct arch_stack *s, char *buf, size_t len)
{
	if (!strcmp(s->name, "IRQ"))
		snprintf(buf, len, "IRQ stack");
	else
		snprintf(buf, len, "%s exception stack", s->name);
	return buf;
}

static bool same_stack(const struct arch_stack *a, const struct arch_stack *b)
{
	return a->name == b->name && a->lo == b->lo;
}

/* The trace; in JSON (jt: the task's object), its frames, and the user
 * registers that end it. */
static void print_trace(FILE *o, struct kernel *k, const struct bt_opts *op,
			const struct kstack_trace *t, struct json_object *jt)
{
	int level = 0;
	struct json_object *jf = jt ? json_object_new_array() : NULL, *jcur = NULL;
	if (jt)
		json_object_object_add(jt, "frames", jf);
	for (int i = 0; i < t->n; i++) {
		const struct arch_frame *f = &t->frames[i];
		const struct arch_frame *prev = i ? &t->frames[i - 1] : NULL;
		if (jt) {
			if (f->user) {
				json_object_object_add(jt, "user_registers",
						       regs_json(k, &f->regs, f->regs_partial));
				break;
			}
			uint64_t slot = f->slot ? f->slot : f->sp;
			jcur = frame_json(k, level++, slot, f);
			if (prev && f->regs_addr) {
				struct json_object *e = json_object_new_object();
				json_object_object_add(e, "address", crash_json_addr(f->regs_addr));
				json_object_object_add(e, "partial", json_object_new_boolean(f->regs_partial));
				json_object_object_add(e, "registers", regs_json(k, &f->regs, f->regs_partial));
				json_object_object_add(jcur, "exception", e);
			}
			json_object_array_add(jf, jcur);
		}
		if (jt && op->full && i + 1 < t->n) {
			const struct arch_frame *nx = &t->frames[i + 1];
			uint64_t from = f->slot ? f->slot + 8 : f->sp;
			uint64_t to = nx->regs_addr ? nx->regs_addr + nx->regs_size - 8
				    : nx->slot ? nx->slot : 0;
			struct json_object *w = json_object_new_array();
			if (to >= from && same_stack(&f->stack, &nx->stack) && to - from < 65536)
				dump_words(o, k, op->symbolic, from, to, w);
			json_object_object_add(jcur, "words", w);
		}
		if (jt)
			continue;
		if (f->user) {
			print_regs(o, k, &f->regs, f->regs_partial, "    ");
			break;
		}
		if (prev && f->regs_addr) {
			char s[300];
			const char *mod;
			sym_text(k, f->pc, true, true, op->exc_radix, s, sizeof(s), &mod);
			fprintf(o, "    [exception %s: %s]\n", arch_get_info(kernel_arch(k))->pc_name, s);
			print_regs(o, k, &f->regs, f->regs_partial, "    ");
		}
		if (prev && prev->stack.name && !same_stack(&prev->stack, &f->stack) &&
		    strcmp(prev->stack.name, "task")) {
			char b[64];
			fprintf(o, "--- <%s> ---\n", stack_label(&prev->stack, b, sizeof(b)));
		}
		uint64_t slot = f->slot ? f->slot : f->sp;
		frame_line(o, k, op, level++, slot, f);
		if (op->full && i + 1 < t->n) {
			const struct arch_frame *nx = &t->frames[i + 1];
			uint64_t from = f->slot ? f->slot + 8 : f->sp;
			uint64_t to = nx->regs_addr ? nx->regs_addr + nx->regs_size - 8
				    : nx->slot ? nx->slot : 0;
			if (to >= from && same_stack(&f->stack, &nx->stack) && to - from < 65536)
				dump_words(o, k, op->symbolic, from, to, NULL);
		}
	}
	if (jt)
		json_object_object_add(jt, "unwind_error", t->error ? crash_json_str(t->why) : NULL);
	else if (t->error)
		fprintf(o, "bt: unwind stopped: %s\n", t->why);
}

/* -t / -T: every word on the stack that points into kernel text. */
static void print_text(FILE *o, struct kernel *k, const struct kstack_trace *t, bool all,
		       struct json_object *jt)
{
	char s[300];
	const char *mod;
	uint64_t from = t->n ? t->frames[0].sp : t->stack_lo;
	if (all || from < t->stack_lo || from >= t->stack_hi)
		from = t->stack_lo;
	struct json_object *ja = NULL;
	if (jt) {
		struct json_object *st = NULL;
		if (t->n) {
			st = json_object_new_object();
			json_object_object_add(st, "pc", crash_json_addr(t->frames[0].pc));
			code_json(k, st, t->frames[0].pc, t->frames[0].exact);
		}
		json_object_object_add(jt, "start", st);
		json_object_object_add(jt, "text_addresses", ja = json_object_new_array());
	} else if (t->n) {
		sym_text(k, t->frames[0].pc, t->frames[0].exact, false, 16, s, sizeof(s), &mod);
		fprintf(o, "              START: %s at %016" PRIx64 "\n", s, t->frames[0].pc);
	}
	for (uint64_t a = from & ~7ull; a + 8 <= t->stack_hi; a += 8) {
		uint64_t w;
		if (kernel_read_u64(k, a, &w) || !kstack_is_text(k, w))
			continue;
		if (ja) {
			struct json_object *x = json_object_new_object();
			json_object_object_add(x, "sp", crash_json_addr(a));
			json_object_object_add(x, "pc", crash_json_addr(w));
			code_json(k, x, w, true);
			json_object_array_add(ja, x);
			continue;
		}
		sym_text(k, w, true, false, 16, s, sizeof(s), &mod);
		fprintf(o, "  [%016" PRIx64 "] %s at %016" PRIx64 "%s%s%s\n", a, s, w,
			mod ? " [" : "", mod ? mod : "", mod ? "]" : "");
	}
}

static void print_raw(FILE *o, struct kernel *k, const struct kstack_trace *t)
{
	for (uint64_t a = t->stack_lo; a + 16 <= t->stack_hi; a += 16) {
		uint64_t w[2];
		if (kernel_read(k, a, w, 16)) {
			fprintf(o, "%016" PRIx64 ":  (not readable)\n", a);
			continue;
		}
		unsigned char *c = (unsigned char *)w;
		fprintf(o, "%016" PRIx64 ":  %016" PRIx64 " %016" PRIx64 "   ", a, w[0], w[1]);
		for (int i = 0; i < 16; i++)
			fputc(isprint(c[i]) ? c[i] : '.', o);
		fputc('\n', o);
	}
}

/* -e: exception frames anywhere in [lo, hi) of a stack; how many. */
static int exc_search(FILE *o, struct kernel *k, uint64_t lo, uint64_t hi, struct json_object *j)
{
	size_t size = kstack_exception_frame_size(k);
	int found = 0;
	for (uint64_t a = lo; size && a + size <= hi; a += 8) {
		struct arch_regs r;
		bool user;
		if (!kstack_exception_frame_at(k, a, &r, &user))
			continue;
		if (j) {
			struct json_object *x = json_object_new_object();
			uint64_t pc = arch_reg(kernel_arch(k), &r, ARCH_REG_PC);
			json_object_object_add(x, "address", crash_json_addr(a));
			json_object_object_add(x, "user", json_object_new_boolean(user));
			json_object_object_add(x, "pc", crash_json_addr(pc));
			if (user) {
				json_object_object_add(x, "function", NULL);
				json_object_object_add(x, "offset", NULL);
				json_object_object_add(x, "module", NULL);
			} else {
				code_json(k, x, pc, true);
			}
			json_object_object_add(x, "registers", regs_json(k, &r, false));
			json_object_array_add(j, x);
			found++;
			continue;
		}
		fprintf(o, "\n %s-MODE EXCEPTION FRAME AT %016" PRIx64 ":\n", user ? "USER" : "KERNEL", a);
		if (!user) {
			char s[300];
			const char *mod;
			sym_text(k, arch_reg(kernel_arch(k), &r, ARCH_REG_PC), true, true, 10, s,
				 sizeof(s), &mod);
			fprintf(o, "    [exception %s: %s]\n", arch_get_info(kernel_arch(k))->pc_name, s);
		}
		print_regs(o, k, &r, false, "    ");
		found++;
	}
	return found;
}

static void print_exc_search(FILE *o, struct kernel *k, const struct kstack_trace *t,
			     struct json_object *jt)
{
	struct json_object *j = jt ? json_object_new_array() : NULL;
	if (jt)
		json_object_object_add(jt, "exception_frames", j);
	exc_search(o, k, t->stack_lo, t->stack_hi, j);
}

/* -E: exception frames on the IRQ and exception stacks of the CPUs (set,
 * or all). */
static int bt_search_cpu_stacks(struct crash_session *s, struct kernel *k, const bool *set, int n)
{
	FILE *o = crash_out(s);
	struct arch_stack st[16];
	bool any = false;
	for (int c = 0; c < n; c++) {
		if (set && !set[c])
			continue;
		int m = kstack_cpu_stacks(k, c, st, 16);
		for (int i = 0; i < m; i++) {
			char label[64];
			stack_label(&st[i], label, sizeof(label));
			for (char *p = label; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			fprintf(o, "%sCPU %d %s:\n", any ? "\n" : "", c, label);
			any = true;
			if (!exc_search(o, k, st[i].lo, st[i].hi, NULL))
				fprintf(o, "  (none found)\n");
		}
	}
	if (!any)
		return crash_error(s, "-E: no IRQ or exception stacks are known for this kernel");
	return 0;
}

/* -o: crash's old x86_64 method, every return address into kernel text
 * on the stack from the first frame up, stale ones included: each frame
 * says it came from a stack scan. */
static void print_old(FILE *o, struct kernel *k, const struct bt_opts *op,
		      const struct kstack_trace *t, struct json_object *jt)
{
	uint64_t from = t->n ? t->frames[0].sp : t->stack_lo;
	if (from < t->stack_lo || from >= t->stack_hi)
		from = t->stack_lo;
	int level = 0;
	struct json_object *jf = jt ? json_object_new_array() : NULL;
	if (jt)
		json_object_object_add(jt, "frames", jf);
	if (t->n) {
		uint64_t slot = t->frames[0].slot ? t->frames[0].slot : t->frames[0].sp;
		if (jf)
			json_object_array_add(jf, frame_json(k, level++, slot, &t->frames[0]));
		else
			frame_line(o, k, op, level++, slot, &t->frames[0]);
	}
	for (uint64_t a = from & ~7ull; a + 8 <= t->stack_hi; a += 8) {
		uint64_t w;
		if (kernel_read_u64(k, a, &w) || !kstack_is_text(k, w))
			continue;
		struct arch_frame f = {.pc = w, .sp = a + 8, .slot = a, .scanned = true};
		if (jf)
			json_object_array_add(jf, frame_json(k, level++, a, &f));
		else
			frame_line(o, k, op, level++, a, &f);
	}
}

/* -R: does the trace reference the symbol or address? */
static bool references(const struct bt_opts *op, const struct kstack_trace *t)
{
	for (int i = 0; i < t->n; i++) {
		uint64_t pc = t->frames[i].exact ? t->frames[i].pc : t->frames[i].pc - 1;
		if (t->frames[i].pc == op->ref_lo || (pc >= op->ref_lo && pc < op->ref_hi))
			return true;
	}
	return false;
}

static bool stack_end_ok(struct crash_session *s, struct kernel *k, const struct ktask *ti,
			 bool header)
{
	FILE *o = crash_out(s);
	struct ktask_stack_end e;
	if (ktask_stack_end(k, ti->task, &e) != 0 || !(e.task_bad || e.cpu_bad || e.magic_bad))
		return true;
	if (header)
		fprintf(o, "PID: %-8d TASK: %" PRIx64 "  CPU: %-4d COMMAND: \"%s\"\n", ti->pid,
			ti->task, ti->cpu, ti->comm);
	if (e.task_bad)
		fprintf(o, "possible stack overflow: thread_info.task: %" PRIx64 " != %" PRIx64 "\n",
			e.task_seen, ti->task);
	if (e.cpu_bad)
		fprintf(o, "possible stack overflow: thread_info.cpu: %u is not a valid cpu\n",
			e.cpu_seen);
	if (e.magic_bad)
		fprintf(o, "possible stack overflow: %" PRIx64 ": %" PRIx64 " != STACK_END_MAGIC\n",
			e.magic_addr, e.magic_seen);
	return false;
}

/* -v: every task's stack checked for an overflow. */
static int bt_check_overflow(struct crash_session *s, struct kernel *k)
{
	long n = ktask_count(k);
	int bad = 0;
	if (n < 0)
		return crash_error(s, "%s", err_get());
	for (long i = 0; i < n; i++) {
		const struct ktask *t = ktask_at(k, (size_t)i);
		if (t && !stack_end_ok(s, k, t, true))
			bad++;
	}
	if (!bad)
		fprintf(crash_out(s), "No stack overflows detected\n");
	return 0;
}

static int bt_task(struct crash_session *s, struct kernel *k, const struct bt_opts *op,
		   uint64_t task, int force_cpu)
{
	FILE *o = crash_out(s);
	const struct ktask *ti = ktask_by_addr(k, task);
	uint64_t lo, hi;
	if (!ti)
		return crash_error(s, "invalid task: %" PRIx64, task);
	if (op->skip_idle && ti->idle)
		return 0;
	int cpu = force_cpu >= 0 ? force_cpu : kstack_task_cpu(k, task, ti->cpu);
	struct kstack_trace t;
	/* An exited task (zombie) has no stack left: nothing to show. */
	bool nostack = kstack_task_stack(k, task, &lo, &hi) != 0;
	char why[200] = "";
	if (nostack) {
		snprintf(why, sizeof(why), "%s", err_get());	/* said after the header */
		memset(&t, 0, sizeof(t));
	} else if (op->have_ip || op->have_sp) {
		/* -I/-S: from the given text location and stack address; a bare
		 * -S takes the return address stored there */
		struct arch_regs r = {.valid = true};
		uint64_t sp = op->sp, ip = op->ip;
		if (!op->have_sp && kstack_saved_sp(k, task, &sp))
			sp = lo;
		if (!op->have_ip) {
			if (kernel_read_u64(k, sp, &ip))
				return crash_error(s, "-S %" PRIx64 ": cannot read the stack there", sp);
			sp += 8;
		}
		arch_reg_set(kernel_arch(k), &r, ARCH_REG_PC, ip);
		arch_reg_set(kernel_arch(k), &r, ARCH_REG_SP, sp);
		if (kstack_trace_regs(k, task, &r, &t))
			return crash_error(s, "%s", err_get());
	} else if (kstack_trace_task(k, task, cpu, &t)) {
		/* An active CPU without saved registers: fall back to the
		 * switch frame so that something useful is shown. */
		if (cpu < 0 || kstack_trace_task(k, task, -1, &t))
			return crash_error(s, "%s", err_get());
	}
	if (op->ref && !references(op, &t)) {
		kstack_trace_free(&t);
		return 0;
	}
	struct json_object *jt = NULL;
	if (op->json) {
		jt = json_object_new_object();
		json_object_object_add(jt, "pid", json_object_new_int(ti->pid));
		json_object_object_add(jt, "task", crash_json_addr(task));
		json_object_object_add(jt, "cpu", json_object_new_int(cpu >= 0 ? cpu : ti->cpu));
		json_object_object_add(jt, "command", crash_json_str(ti->comm));
		json_object_object_add(jt, "active", json_object_new_boolean(ti->active));
		json_object_object_add(jt, "no_stack", nostack ? crash_json_str(why) : NULL);
		json_object_array_add(op->json, jt);
	} else {
		fprintf(o, "PID: %-8d TASK: %" PRIx64 "  CPU: %-4d COMMAND: \"%s\"\n", ti->pid, task,
			cpu >= 0 ? cpu : ti->cpu, ti->comm);
	}
	/* An exited task (zombie) has no stack left: say why nothing follows. */
	if (nostack) {
		if (jt)
			json_object_object_add(jt, "frames", json_object_new_array());
		else
			fprintf(o, " (%s)\n", why);
		return 0;
	}
	if (op->raw)
		print_raw(o, k, &t);
	else if (op->text || op->textall)
		print_text(o, k, &t, op->textall, jt);
	else if (op->exc)
		print_exc_search(o, k, &t, jt);
	else if (op->old)
		print_old(o, k, op, &t, jt);
	else
		print_trace(o, k, op, &t, jt);
	kstack_trace_free(&t);
	return 0;
}

/* bt -O: the old method by default, until the next -O */
static bool old_default;

static int parse_ref(struct crash_session *s, struct kernel *k, struct bt_opts *op)
{
	struct kernel_sym ks;
	uint64_t a;
	if (kernel_symbol_info(k, op->ref, &ks) == 0 && !ks.percpu) {
		op->ref_lo = ks.addr;
		op->ref_hi = ks.addr + (ks.size ? ks.size : 1);
		return 0;
	}
	if (crash_parse_hex(op->ref, &a)) {
		op->ref_lo = a;
		op->ref_hi = a + 1;
		return 0;
	}
	return crash_usage_error(s, "-R %s: not a symbol or a text address", op->ref);
}

/* -g: the thread group of the task, its leader first. */
static int bt_group(struct crash_session *s, struct kernel *k, const struct bt_opts *op,
		    const struct ktask *t, bool *first)
{
	const struct ktask *l = ktask_leader(k, t);
	long n = ktask_count(k);
	int rc = 0;
	if (!l)
		l = t;
	for (int pass = 0; pass < 2; pass++)
		for (long i = 0; i < n; i++) {
			const struct ktask *x = ktask_at(k, (size_t)i);
			if (!x || x->tgid != l->tgid || (x == l) != (pass == 0) ||
			    (x->idle && x != t))
				continue;
			if (!*first && !op->json)
				fputc('\n', crash_out(s));
			*first = false;
			rc |= bt_task(s, k, op, x->task, -1);
		}
	return rc;
}

static int bt_main(struct crash_session *s, int argc, char **argv, struct json_object **json)
{
	struct kernel *k = crash_kernel(s);
	struct bt_opts op = {0};
	bool all = false, panic = false, overflow = false, group = false, cpustacks = false;
	const char *cpus = NULL;
	int c;
	op.radix = crash_radix(s) == 16 ? 16 : 10;
	op.exc_radix = op.radix;
	op.old = old_default;
	optind = 0;
	while ((c = getopt(argc, argv, "ac:flstTerxdpFoOn:R:I:S:vgE")) != -1) {
		switch (c) {
		case 'F': op.full = true; op.symbolic++; break;
		case 'o': op.old = true; break;
		case 'O':
			old_default = !old_default;
			op.old = old_default;
			break;
		case 'n':
			if (strcmp(optarg, "idle"))
				return crash_usage_error(s, "-n %s: only \"-n idle\" is known", optarg);
			op.skip_idle = true;
			break;
		case 'R': op.ref = optarg; break;
		case 'I':
			if (!crash_parse_hex(optarg, &op.ip))
				return crash_usage_error(s, "-I %s: not an address", optarg);
			op.have_ip = true;
			break;
		case 'S':
			if (!crash_parse_hex(optarg, &op.sp))
				return crash_usage_error(s, "-S %s: not an address", optarg);
			op.have_sp = true;
			break;
		case 'v': overflow = true; break;
		case 'E': cpustacks = true; break;
		case 'g': group = true; break;
		case 'a': all = true; break;
		case 'c': cpus = optarg; break;
		case 'f': op.full = true; break;
		case 'l': op.lines = true; break;
		case 's': op.sym = true; break;
		case 'x': op.radix = 16; break;
		case 'd': op.radix = 10; break;
		case 't': op.text = true; break;
		case 'T': op.textall = true; break;
		case 'e': op.exc = true; break;
		case 'r': op.raw = true; break;
		case 'p': panic = true; break;
		default: return -1; /* getopt said which */
		}
	}
	if (!k)
		return crash_error(s, "no dump is open");
	/* JSON: the tasks' traces; bt -r, -v and -E stay text */
	if (crash_json(s) && !op.raw && !overflow && !cpustacks)
		*json = op.json = json_object_new_array();
	if (op.lines && !kernel_has_debuginfo(k))
		crash_warn(s, "line information needs debuginfo (a vmlinux with DWARF)");
	if (overflow)
		return bt_check_overflow(s, k);
	if (cpustacks) {
		/* every CPU with saved registers, or those of -c */
		struct arch_regs r;
		int n = arch_cpu_regs(kernel_arch(k), 0, &r);
		if (n <= 0)
			return crash_error(s, "no CPU information in the dump");
		bool *set = NULL;
		if (cpus) {
			set = xcalloc((size_t)n, sizeof(bool));
			if (crash_parse_cpus(cpus, set, n)) {
				free(set);
				return crash_error(s, "invalid cpu specification: %s", cpus);
			}
		}
		int rc = bt_search_cpu_stacks(s, k, set, n);
		free(set);
		return rc;
	}
	if (op.ref && parse_ref(s, k, &op))
		return -1;
	FILE *o = crash_out(s);
	int rc = 0;
	if (all || cpus) {
		/* the dump's CPUs: those with saved registers */
		struct arch_regs r;
		int n = arch_cpu_regs(kernel_arch(k), 0, &r);
		if (n <= 0)
			return crash_error(s, "no CPU information in the dump");
		bool *set = xcalloc((size_t)n, sizeof(bool));
		if (all)
			for (int i = 0; i < n; i++)
				set[i] = true;
		else if (crash_parse_cpus(cpus, set, n)) {
			free(set);
			return crash_error(s, "invalid cpu specification: %s", cpus);
		}
		/* A CPU whose active task cannot be read is said so (a damaged
		 * or partial dump, no types): once when no CPU has one. */
		uint64_t *tasks = xcalloc((size_t)n, sizeof(*tasks));
		int found = 0, wanted = 0;
		char why[256] = "";
		for (int i = 0; i < n; i++) {
			if (!set[i])
				continue;
			wanted++;
			err_clear();
			tasks[i] = kstack_active_task(k, i);
			if (tasks[i])
				found++;
			else if (!*why)
				snprintf(why, sizeof(why), ": %s", err_get());
		}
		if (wanted && !found) {
			free(tasks);
			free(set);
			return crash_error(s, "no active task found on %s%s",
					   wanted == 1 ? "that CPU" : "any CPU", why);
		}
		bool first = true;
		for (int i = 0; i < n; i++) {
			if (!set[i])
				continue;
			uint64_t task = tasks[i];
			/* set offline hide: bt -c, not bt -a, as crash */
			if (!all && crash_cpu_hidden(s, i)) {
				fflush(o);
				fprintf(stderr, "%sbt: CPU %d is OFFLINE.\n", first ? "" : "\n", i);
				first = false;
				continue;
			}
			if (!task) {
				rc = crash_error(s, "CPU %d: no active task found", i);
				continue;
			}
			if (!first && !op.json)
				fputc('\n', o);
			first = false;
			rc |= bt_task(s, k, &op, task, i);
		}
		free(tasks);
		free(set);
		return rc ? -1 : 0;
	}
	if (panic) {
		uint64_t task = kstack_panic_task(k);
		if (!task)
			return crash_error(s, "no panic task found");
		return bt_task(s, k, &op, task, -1);
	}
	if (optind >= argc) {
		uint64_t task = crash_current_task(s);
		if (!task) /* no context set yet: the panic task, as at startup */
			task = kstack_panic_task(k);
		if (!task)
			return crash_error(s, "no current task");
		const struct ktask *t = ktask_by_addr(k, task);
		bool first = true;
		if (group && t)
			return bt_group(s, k, &op, t, &first) ? -1 : 0;
		return bt_task(s, k, &op, task, -1);
	}
	bool first = true;
	for (int i = optind; i < argc; i++) {
		const struct ktask *t = crash_task_arg(s, argv[i]);
		if (!t) {
			rc = crash_usage_error(s, "invalid task or pid value: %s", argv[i]);
			continue;
		}
		if (group) {
			if (bt_group(s, k, &op, t, &first))
				rc = -1;
			continue;
		}
		if (!first && !op.json)
			fputc('\n', o);
		first = false;
		if (bt_task(s, k, &op, t->task, -1))
			rc = -1;
	}
	return rc;
}

static int cmd_bt(struct crash_session *s, int argc, char **argv)
{
	struct json_object *tasks = NULL;
	int rc = bt_main(s, argc, argv, &tasks);
	if (tasks) {
		if (!json_object_array_length(tasks) && rc) {
			json_object_put(tasks);	/* only the error, as a document */
			return rc;
		}
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "tasks", tasks);
		crash_json_emit(s, d);
	}
	return rc;
}

static const struct crash_cmd bt_cmd = {
	.name = "bt",
	.run = cmd_bt,
	.summary = "backtrace",
	.synopsis = "bt [-a|-c cpu(s)|-p|-g|-v|-E] [-f|-F[F]|-l|-s [-x|-d]|-t|-T|-e|-r|-o|-O] "
		    "[-n idle] [-R ref] [-I ip] [-S sp] [pid | task]...",
	.description =
		"Shows the kernel stack backtrace of a task: the current context when no\n"
		"task is given, else each PID or task_struct address given.  The unwind\n"
		"follows the kernel's ORC unwind data across IRQ and exception stacks;\n"
		"exception frames show the interrupted registers, and a task that entered\n"
		"the kernel from user space ends with its user-mode registers.  Frames found\n"
		"only by scanning the stack (no unwind data) are marked \"(stack scan)\".\n"
		"\n"
		"  -a       the task active on each CPU when the dump was taken\n"
		"  -c cpus  the active task of the listed CPUs: \"3\", \"1,3\", \"0-2\"\n"
		"  -p       the panic task\n"
		"  -f       also dump the stack words of each frame\n"
		"  -l       show the source file and line of each frame\n"
		"  -s       show symbol+offset; -x in hex, -d in decimal\n"
		"  -t       list the text addresses on the stack from the first frame up\n"
		"  -T       the same from the bottom of the stack\n"
		"  -e       look for exception (pt_regs) frames anywhere on the stack\n"
		"  -r       dump the whole stack raw\n"
		"  -F       like -f, with the words that point into a kernel symbol shown as\n"
		"           symbol+offset and those into an allocated slab object as\n"
		"           [cache]; -FF shows [address:cache]\n"
		"  -o       the old method: every kernel text address on the stack from\n"
		"           the first frame up, stale ones included, as (stack scan) frames;\n"
		"           -O makes it the default until the next -O\n"
		"  -n idle  leave out the idle tasks (with -a or -c)\n"
		"  -R ref   only the traces with a frame in the function ref (a symbol)\n"
		"           or at the text address ref\n"
		"  -I ip    unwind from the text address ip (with -S, from that stack\n"
		"           address; else from the task's saved stack pointer)\n"
		"  -S sp    unwind from the stack address sp (alone: the return address\n"
		"           stored there)\n"
		"  -g       every thread of the task's thread group, the leader first\n"
		"  -E       look for exception frames on every CPU's IRQ and exception\n"
		"           stacks (with -c, those CPUs'); other arguments are ignored\n"
		"  -v       check every task's stack for an overflow: the STACK_END_MAGIC\n"
		"           word at its end, and thread_info's task and cpu where kept\n"
		"\n"
		"EXAMPLES\n"
		"  crash> bt -a\n"
		"  crash> bt -sx 1234\n"
		"  crash> foreach bt\n",
	.flags = CMD_NEEDS_KERNEL | CMD_TASK_ARG,
};
CRASH_BUILTIN_COMMAND(bt_cmd)
