/* sys: system data of the crashed kernel (crash's layout), sys -t (taint
 * flags), sys -c (the system call table), sys -i (DMI strings) and sys
 * config (the in-kernel .config when built with IKCONFIG). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"

/* Paths as the user gave them, as crash prints them. */
static const char *given(const char *p)
{
	return p ? p : "(none)";
}

static void print_uptime(FILE *out, uint64_t s)
{
	if (s >= 86400)
		fprintf(out, "%llu days, ", (unsigned long long)(s / 86400));
	fprintf(out, "%02llu:%02llu:%02llu\n", (unsigned long long)(s % 86400 / 3600),
		(unsigned long long)(s % 3600 / 60), (unsigned long long)(s % 60));
}

static void print_memory(FILE *out, uint64_t bytes)
{
	char b[32];
	fprintf(out, "%s\n", crash_memory_size(b, sizeof(b), bytes));
}

/* What sys shows, read once for its text and its JSON form. */
struct sys_facts {
	struct ksysinfo si;
	long tasks;
	struct ktask_unreadable u;	/* u.n: 0 when none or not known */
	const struct dump_info *di;
	uint64_t taint;
	char letters[64];
	bool have_taint;
	int cpus, offline;
	char load[3][24];	/* rounded to hundredths as /proc/loadavg is */
	/* the panic message; a generic one ("Fatal exception") gives way to
	 * the log line that says what happened, as crash does */
	char what[256];
	enum { PANIC_NONE, PANIC_STRING, PANIC_LOG_LINE } panic;
};

static int sys_gather(struct crash_session *s, struct kernel *k, struct sys_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->tasks = ktask_count(k);
	if (f->tasks < 0)
		return crash_error(s, "%s", err_get());
	ksys_info(k, &f->si);
	f->di = kernel_dump(k) ? dump_get_info(kernel_dump(k)) : NULL;
	f->have_taint = !ksys_taint(k, &f->taint, f->letters, sizeof(f->letters));
	/* possible CPUs, and how many of them were offline */
	int on = kwalk_cpumask(k, "cpu_online_mask", NULL, 0);
	f->cpus = kernel_nr_cpus(k);
	f->offline = on < 0 || on > f->cpus ? 0 : f->cpus - on;
	for (int i = 0; i < 3; i++) {
		/* + FIXED_1/200, as /proc/loadavg rounds */
		uint64_t v = f->si.avenrun[i] + (1 << 11) / 200;
		snprintf(f->load[i], sizeof(f->load[i]), "%llu.%02llu", (unsigned long long)(v >> 11),
			 (unsigned long long)(((v & 2047) * 100) >> 11));
	}
	if (ktask_unreadable(k, &f->u) != 0)
		f->u.n = 0;
	if (ksys_crash_msg(k, f->si.panic, f->what, sizeof(f->what)) > 0)
		f->panic = PANIC_LOG_LINE;
	else if (*f->si.panic || ktask_panic(k))
		f->panic = PANIC_STRING;
	return 0;
}

static int sys_show(struct crash_session *s, struct kernel *k, FILE *out)
{
	struct sys_facts f;
	if (sys_gather(s, k, &f))
		return -1;
	const struct ksysinfo *si = &f.si;
	bool tainted = f.have_taint && f.taint;
	if (crash_vmlinux_name(s) || !crash_kernel(s))
		fprintf(out, "      KERNEL: %s%s\n", given(crash_vmlinux_name(s)),
			tainted ? "  [TAINTED]" : "");
	else	/* no vmlinux: say what stands in for it */
		fprintf(out, "      KERNEL: (none: %s)%s\n", kernel_sources(crash_kernel(s)),
			tainted ? "  [TAINTED]" : "");
	fprintf(out, "    DUMPFILE: %s%s\n", given(crash_dump_name(s)),
		f.di && f.di->partial ? "  [PARTIAL DUMP]" : "");
	if (f.offline)
		fprintf(out, "        CPUS: %d [OFFLINE: %d]\n", f.cpus, f.offline);
	else
		fprintf(out, "        CPUS: %d\n", f.cpus);
	time_t w = (time_t)si->wall_secs;
	char date[64] = "(unknown)";
	struct tm tm;
	if (w > 0 && localtime_r(&w, &tm))
		strftime(date, sizeof(date), "%a %b %e %T %Z %Y", &tm);
	fprintf(out, "        DATE: %s\n", date);
	fprintf(out, "      UPTIME: ");
	print_uptime(out, si->uptime_secs);
	fprintf(out, "LOAD AVERAGE: %s, %s, %s\n", f.load[0], f.load[1], f.load[2]);
	const struct ktask_unreadable *u = &f.u;
	if (u->n)
		fprintf(out, "       TASKS: %ld  (and %ld unreadable: %s)\n", f.tasks, u->n,
			u->excluded && u->excluded + u->unreached == u->n ? "excluded from the dump"
			: u->not_in_dump && u->not_in_dump + u->unreached == u->n ? "not in the dump"
			: "their memory cannot be read");
	else
		fprintf(out, "       TASKS: %ld\n", f.tasks);
	fprintf(out, "    NODENAME: %s\n", si->nodename);
	fprintf(out, "     RELEASE: %s\n", si->release);
	fprintf(out, "     VERSION: %s\n", si->version);
	if (si->cpu_khz)
		fprintf(out, "     MACHINE: %s  (%u Mhz)\n", si->machine, si->cpu_khz / 1000);
	else
		fprintf(out, "     MACHINE: %s\n", si->machine);
	fprintf(out, "      MEMORY: ");
	print_memory(out, si->mem_bytes);
	if (f.panic == PANIC_LOG_LINE)
		fprintf(out, "       PANIC: \"%s\" (check log for details)\n", f.what);
	else if (f.panic == PANIC_STRING)
		fprintf(out, "       PANIC: \"%s\"\n", si->panic);
	crash_report_unreadable_tasks(s);
	return 0;
}

/* sys in JSON (commands/json/sys.schema.json): the same facts, as
 * numbers where they are numbers. */
static int sys_json(struct crash_session *s, struct kernel *k)
{
	struct sys_facts f;
	if (sys_gather(s, k, &f))
		return -1;
	const struct ksysinfo *si = &f.si;
	struct json_object *d = json_object_new_object();

	json_object_object_add(d, "kernel", crash_json_str(crash_vmlinux_name(s)));
	if (!crash_vmlinux_name(s))
		json_object_object_add(d, "kernel_sources", crash_json_str(kernel_sources(k)));
	json_object_object_add(d, "dumpfile", crash_json_str(crash_dump_name(s)));
	json_object_object_add(d, "partial_dump", json_object_new_boolean(f.di && f.di->partial));
	json_object_object_add(d, "cpus", json_object_new_int(f.cpus));
	json_object_object_add(d, "cpus_offline", json_object_new_int(f.offline));
	json_object_object_add(d, "time", si->wall_secs > 0 ? json_object_new_int64((int64_t)si->wall_secs) : NULL);
	json_object_object_add(d, "uptime_seconds", json_object_new_uint64(si->uptime_secs));
	struct json_object *la = json_object_new_array();
	for (int i = 0; i < 3; i++)	/* written as /proc/loadavg has it, not 0.320000001 */
		json_object_array_add(la, json_object_new_double_s(strtod(f.load[i], NULL), f.load[i]));
	json_object_object_add(d, "load_average", la);
	json_object_object_add(d, "tasks", json_object_new_int64(f.tasks));
	json_object_object_add(d, "tasks_unreadable", json_object_new_int64(f.u.n));
	json_object_object_add(d, "nodename", crash_json_str(si->nodename));
	json_object_object_add(d, "release", crash_json_str(si->release));
	json_object_object_add(d, "version", crash_json_str(si->version));
	json_object_object_add(d, "machine", crash_json_str(si->machine));
	json_object_object_add(d, "cpu_mhz", si->cpu_khz ? json_object_new_int((int)(si->cpu_khz / 1000)) : NULL);
	json_object_object_add(d, "memory_bytes", json_object_new_uint64(si->mem_bytes));
	json_object_object_add(d, "panic", f.panic == PANIC_LOG_LINE ? crash_json_str(f.what)
					   : f.panic == PANIC_STRING ? crash_json_str(si->panic) : NULL);
	json_object_object_add(d, "taint_mask", f.have_taint ? json_object_new_uint64(f.taint) : NULL);
	json_object_object_add(d, "taint", f.have_taint ? crash_json_str(f.letters) : NULL);
	crash_json_emit(s, d);
	crash_report_unreadable_tasks(s);
	return 0;
}

static int sys_taint(struct crash_session *s, struct kernel *k, FILE *out)
{
	uint64_t mask;
	char flags[64];
	if (ksys_taint(k, &mask, flags, sizeof(flags)))
		return crash_error(s, "%s", err_get());
	if (crash_json(s)) {
		struct json_object *d = json_object_new_object(), *a = json_object_new_array();
		json_object_object_add(d, "taint_mask", json_object_new_uint64(mask));
		json_object_object_add(d, "taint", crash_json_str(flags));
		for (int b = 0; b < 64; b++) {
			char c;
			const char *name, *what;
			if (!(mask & (1ull << b)))
				continue;
			ksys_taint_bit(k, b, &c, &name, &what);
			struct json_object *f = json_object_new_object();
			json_object_object_add(f, "bit", json_object_new_int(b));
			json_object_object_add(f, "letter", json_object_new_string_len(&c, 1));
			json_object_object_add(f, "name", *name ? crash_json_str(name) : NULL);
			json_object_object_add(f, "meaning", *name ? crash_json_str(what) : NULL);
			json_object_array_add(a, f);
		}
		json_object_object_add(d, "flags", a);
		crash_json_emit(s, d);
		return 0;
	}
	fprintf(out, "TAINTED_MASK: %llx  %s\n", (unsigned long long)mask, flags);
	/* then each flag: letter, the kernel's name, what it means */
	for (int b = 0; b < 64; b++) {
		char c;
		const char *name, *what;
		if (!(mask & (1ull << b)))
			continue;
		ksys_taint_bit(k, b, &c, &name, &what);
		if (*name)
			fprintf(out, "  %c  %-27s  %s\n", c, name, what);
		else
			fprintf(out, "  %c  TAINT_BIT_%-17d  (not known to crash)\n", c, b);
	}
	return 0;
}

static void emit(void *arg, const void *buf, size_t len)
{
	fwrite(buf, 1, len, arg);
}

static int sys_config(struct crash_session *s, struct kernel *k, FILE *out)
{
	if (ksys_config(k, emit, out))
		return crash_error(s, "%s", err_get());
	return 0;
}

/* sys -c: one line per system call table entry, crash's columns; arg
 * (may be NULL) is a number, which picks that entry, or a string, which
 * picks the entries whose function name contains it. */
static int sys_calls(struct crash_session *s, struct kernel *k, FILE *out, const char *arg)
{
	uint64_t *fns;
	int n = ksys_syscalls(k, &fns);
	if (n < 0)
		return crash_error(s, "%s", err_get());
	long want = -1;
	if (arg && *arg) {
		char *end;
		bool hex = arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X');
		unsigned long v = strtoul(arg, &end, hex ? 16 : 10);
		if (!*end && arg[0] >= '0' && arg[0] <= '9') {
			if (v >= (unsigned long)n) {
				free(fns);
				return crash_error(s, "invalid system call number: %s (the table has %d entries)", arg, n);
			}
			want = (long)v;
			arg = NULL;
		}
	}
	bool hex = crash_radix(s) == 16;
	fprintf(out, "NUM  SYSTEM CALL                FILE AND LINE NUMBER\n");
	for (int i = 0; i < n; i++) {
		if (want >= 0 && i != want)
			continue;
		uint64_t off = 0;
		const char *name = kernel_symbol_at(k, fns[i], &off);
		char sname[160];
		if (!name)
			snprintf(sname, sizeof(sname), "%" PRIx64, fns[i]);
		else if (off)
			snprintf(sname, sizeof(sname), "%s+%" PRIu64, name, off);
		else
			snprintf(sname, sizeof(sname), "%s", name);
		if (arg && *arg && !strstr(sname, arg))
			continue;
		fprintf(out, hex ? "%3x  %-26s " : "%3d  %-26s ", i, sname);
		char file[512];
		int line;
		if (name && kernel_srcline(k, fns[i], file, sizeof(file), &line) == 0)
			fprintf(out, "%s: %d", file, line);
		fputc('\n', out);
	}
	free(fns);
	return 0;
}

struct dmi_out {
	FILE *out;
	int n;
};

static int dmi_row(void *arg, const char *field, const char *value)
{
	struct dmi_out *d = arg;
	fprintf(d->out, "%25s: %s\n", field, value);
	d->n++;
	return 0;
}

static int sys_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int opt;
	bool taint = false, calls = false, dmi = false;
	while ((opt = getopt(argc, argv, "tci")) != -1) {
		if (opt == 't')
			taint = true;
		else if (opt == 'c')
			calls = true;
		else if (opt == 'i')
			dmi = true;
		else
			return -1; /* getopt said which */
	}
	if (taint)
		return sys_taint(s, k, out);
	if (calls) {
		if (optind + 1 < argc)
			return crash_usage_error(s, "sys -c takes one name or number");
		return sys_calls(s, k, out, optind < argc ? argv[optind] : NULL);
	}
	if (dmi) {
		struct dmi_out d = { out, 0 };
		if (ksys_dmi(k, dmi_row, &d) < 0)
			return crash_error(s, "%s", err_get());
		if (!d.n)
			fprintf(out, "no DMI strings: the firmware gave the kernel none\n");
		return 0;
	}
	if (optind < argc) {
		if (!strcmp(argv[optind], "config"))
			return sys_config(s, k, out);
		return crash_error(s, "invalid argument: %s", argv[optind]);
	}
	return crash_json(s) ? sys_json(s, k) : sys_show(s, k, out);
}

static const struct crash_cmd sys_cmd = {
	.name = "sys",
	.run = sys_run,
	.summary = "system data",
	.synopsis = "[-c [name|number]] [-t] [-i] | [config]",
	.description =
		"Shows the kernel and dump files, CPUs (and how many were offline), the\n"
		"date and uptime at the crash, load averages, number of tasks, the\n"
		"utsname fields, the CPU clock, the memory size and the panic message.\n"
		"KERNEL says [TAINTED] when the kernel's taint mask is not 0.  When the\n"
		"panic message is generic (\"Fatal exception\", a watchdog's or\n"
		"panic_on_warn's, or none, as after a kdump oops), PANIC is instead the\n"
		"log line that says what happened (the first line of the oops report,\n"
		"the kernel BUG, WARNING, soft lockup or hung task line), followed by\n"
		"\"(check log for details)\".\n"
		"\n"
		"  -t      the taint mask and its flag letters, then one line per flag:\n"
		"          its letter, the kernel's name of it and what it means\n"
		"  -c      the system call table: each entry's number, the function it\n"
		"          calls and that function's source file and line (with line\n"
		"          information); with a number, that entry alone; with a name,\n"
		"          the entries whose function's name contains it.  Numbers are\n"
		"          hexadecimal when the output radix is 16 (set radix 16)\n"
		"  -i      the DMI (SMBIOS) strings the kernel kept from the firmware\n"
		"          (dmi_ident), those that were set, by their DMI_* field\n"
		"  config  the kernel's .config, when built in (CONFIG_IKCONFIG)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> sys -t\n"
		"  TAINTED_MASK: 3080  DOE\n"
		"    D  TAINT_DIE                    the kernel died: an oops or BUG happened\n"
		"    O  TAINT_OOT_MODULE             an out-of-tree module was loaded\n"
		"    E  TAINT_UNSIGNED_MODULE        an unsigned module was loaded\n"
		"\n"
		"  crash> sys -c write\n"
		"  NUM  SYSTEM CALL                FILE AND LINE NUMBER\n"
		"    1  __x64_sys_write            fs/read_write.c: 646\n"
		"   18  __x64_sys_pwrite64         fs/read_write.c: 706\n"
		"  ...\n"
		"\n"
		"  crash> sys -i\n"
		"          DMI_BIOS_VENDOR: SeaBIOS\n"
		"           DMI_SYS_VENDOR: QEMU\n"
		"  ...\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(sys_cmd)
