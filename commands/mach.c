/* mach: the machine the dump was taken on: its layout and per-CPU stacks,
 * what the kernel recorded of each CPU (-c), its boot memory map (-m).
 * What is machine-specific comes from arch_info, the arch's CPU stacks
 * and the memmap walker; this file names no architecture. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

/* A right-aligned title, as crash lines up mach's values. */
static void row(FILE *out, const char *title, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void row(FILE *out, const char *title, const char *fmt, ...)
{
	va_list ap;
	fprintf(out, "%22s: ", title);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

#define MACH_MAX_STACKS 16

/* The CPU stacks (IRQ, exception stacks) by kind, in the order the
 * architecture lists them: each kind's size, then each CPU's base. */
static void cpu_stacks(struct kernel *k, FILE *out, int ncpus)
{
	struct arch_stack first[MACH_MAX_STACKS];
	int nk = kstack_cpu_stacks(k, 0, first, MACH_MAX_STACKS);
	for (int i = 0; i < nk; i++) {
		const char *t = first[i].title ? first[i].title : first[i].name;
		char title[64];
		snprintf(title, sizeof(title), "%s STACK SIZE", t);
		row(out, title, "%llu", (unsigned long long)(first[i].hi - first[i].lo));
		snprintf(title, sizeof(title), "%s STACKS", t);
		fprintf(out, "%22s:\n", title);
		for (int c = 0; c < ncpus && !crash_interrupted(); c++) {
			struct arch_stack st[MACH_MAX_STACKS];
			int n = kstack_cpu_stacks(k, c, st, MACH_MAX_STACKS);
			char cpu[16];
			snprintf(cpu, sizeof(cpu), "CPU %d", c);
			for (int j = 0; j < n; j++) {
				if (strcmp(st[j].name, first[i].name))
					continue;
				unsigned char b;
				/* an exception stack the CPU never set up
				 * (VC without SEV) is not mapped */
				bool ok = kernel_read(k, st[j].lo, &b, 1) == 0 ||
					  kernel_read(k, st[j].hi - 1, &b, 1) == 0;
				row(out, cpu, "%016llx%s", (unsigned long long)st[j].lo,
				    ok ? "" : " [unavailable]");
				break;
			}
		}
	}
}

static int mach_summary(struct crash_session *s, struct kernel *k, FILE *out)
{
	const struct arch_info *ai = arch_get_info(kernel_arch(k));
	struct ksysinfo si;
	char buf[64];
	ksys_info(k, &si);
	row(out, "MACHINE TYPE", "%s", *si.machine ? si.machine : ai->name);
	crash_memory_size(buf, sizeof(buf), si.mem_bytes);
	row(out, "MEMORY SIZE", "%s", buf);
	int nc = kernel_nr_cpus(k), on = kwalk_cpumask(k, "cpu_online_mask", NULL, 0);
	if (on >= 0 && on < nc)
		row(out, "CPUS", "%d [OFFLINE: %d]", nc, nc - on);
	else
		row(out, "CPUS", "%d", nc);
	if (si.cpu_khz)
		row(out, "PROCESSOR SPEED", "%u Mhz", si.cpu_khz / 1000);
	else
		row(out, "PROCESSOR SPEED", "(unknown)");
	row(out, "HZ", "%d", ksys_hz(k));
	row(out, "PAGE SIZE", "%u", ai->page_size);
	row(out, "KERNEL VIRTUAL BASE", "%016llx",
	    (unsigned long long)(ai->virtual_base ? ai->virtual_base : ai->page_offset));
	row(out, "KERNEL VMALLOC BASE", "%016llx", (unsigned long long)ai->vmalloc_start);
	row(out, "KERNEL VMEMMAP BASE", "%016llx",
	    (unsigned long long)(ai->vmemmap_base ? ai->vmemmap_base : ai->vmemmap_start));
	row(out, "KERNEL START MAP", "%016llx", (unsigned long long)ai->kernel_text_start);
	row(out, "KERNEL MODULES BASE", "%016llx", (unsigned long long)ai->modules_start);
	uint64_t lo, hi, t = crash_current_task(s);
	if (t && kstack_task_stack(k, t, &lo, &hi) == 0)
		row(out, "KERNEL STACK SIZE", "%llu", (unsigned long long)(hi - lo));
	cpu_stacks(k, out, nc);
	return 0;
}

/* -c: each CPU's entry of the per-cpu structure the architecture names. */
static int mach_cpuinfo(struct crash_session *s, struct kernel *k, FILE *out, unsigned flags)
{
	const struct arch_info *ai = arch_get_info(kernel_arch(k));
	struct kqtype type;
	uint64_t sym;
	if (!ai->cpuinfo_symbol)
		return crash_error(s, "-c: this architecture keeps no per-cpu CPU data");
	if (kernel_symbol(k, ai->cpuinfo_symbol, &sym) != 0)
		return crash_error(s, "-c: the kernel has no %s", ai->cpuinfo_symbol);
	if (ktype_lookup(k, ai->cpuinfo_type, &type) != 0)
		return crash_error(s, "-c: no type %s: %s", ai->cpuinfo_type, err_get());
	int rc = 0;
	for (int c = 0; c < kernel_nr_cpus(k) && !crash_interrupted(); c++) {
		uint64_t a;
		if (c)
			fputc('\n', out);
		fprintf(out, "CPU %d:\n", c);
		if (kernel_percpu_ptr(k, sym, c, &a) != 0) {
			rc = crash_error(s, "cpu %d: %s", c, err_get());
			continue;
		}
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		int bad = tp_value_at(k, mem, type, a, 0, flags);
		fclose(mem);
		if (bad)
			rc = crash_error(s, "cpu %d: %s", c, err_get());
		else
			fprintf(out, "%s %s\n", ai->cpuinfo_type, text);
		free(text);
	}
	return rc;
}

/* -m: the boot memory map. */
static int mach_memmap(struct crash_session *s, struct kernel *k, FILE *out)
{
	struct kmemmap m;
	if (kmemmap_read(k, &m) != 0)
		return crash_error(s, "-m: %s", err_get());
	fprintf(out, "      PHYSICAL ADDRESS RANGE         TYPE\n");
	for (int i = 0; i < m.n; i++)
		fprintf(out, "%016llx - %016llx  %s\n", (unsigned long long)m.regions[i].start,
			(unsigned long long)m.regions[i].end, m.regions[i].type);
	kmemmap_free(&m);
	return 0;
}

static int mach_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	bool cpus = false, map = false;
	unsigned flags = crash_radix(s) == 16 ? TP_HEX : 0;
	int opt;
	optind = 0;
	while ((opt = getopt(argc, argv, "cmxd")) != -1) {
		switch (opt) {
		case 'c': cpus = true; break;
		case 'm': map = true; break;
		case 'x': flags |= TP_HEX; break;
		case 'd': flags &= ~(unsigned)TP_HEX; break;
		default: return crash_usage_error(s, "usage: mach [-c|-m] [-x|-d]");
		}
	}
	if (optind < argc)
		return crash_usage_error(s, "unexpected argument: %s", argv[optind]);
	if (!k)
		return crash_error(s, "no dump is open");
	FILE *out = crash_out(s);
	if (cpus)
		return mach_cpuinfo(s, k, out, flags);
	if (map)
		return mach_memmap(s, k, out);
	return mach_summary(s, k, out);
}

static const struct crash_cmd mach_cmd = {
	.name = "mach",
	.run = mach_run,
	.summary = "machine specific data",
	.synopsis = "[-c | -m] [-x | -d]",
	.description =
		"Without an option, the machine's summary: its type, memory, CPUs and\n"
		"clock, HZ and page size, the bases of the kernel's virtual layout\n"
		"(direct map, vmalloc, vmemmap, kernel image, modules), the size of a\n"
		"task's kernel stack, and each CPU's IRQ and exception stacks (an\n"
		"exception stack the CPU never mapped is marked [unavailable]).\n"
		"\n"
		"  -c  what the kernel recorded of each CPU, the per-cpu structure the\n"
		"      architecture keeps (struct cpuinfo_x86 on x86_64, struct\n"
		"      cpuinfo_arm64 on arm64).\n"
		"  -m  the physical memory map given at boot: the e820 table where the\n"
		"      kernel keeps one, else memblock's memory regions.\n"
		"  -x  -c in hexadecimal.\n"
		"  -d  -c in decimal.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> mach\n"
		"            MACHINE TYPE: x86_64\n"
		"             MEMORY SIZE: 511.5 MB\n"
		"                    CPUS: 2\n"
		"         PROCESSOR SPEED: 2445 Mhz\n"
		"                      HZ: 250\n"
		"               PAGE SIZE: 4096\n"
		"     KERNEL VIRTUAL BASE: ffff8e1280000000\n"
		"     ...\n"
		"          IRQ STACK SIZE: 16384\n"
		"              IRQ STACKS:\n"
		"                   CPU 0: ffffd11300000000\n"
		"\n"
		"  crash> mach -m\n"
		"        PHYSICAL ADDRESS RANGE         TYPE\n"
		"  0000000000000000 - 0000000000001000  E820_RESERVED\n"
		"  0000000000001000 - 000000000009fc00  E820_RAM\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(mach_cmd)
