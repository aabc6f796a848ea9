/* Linked into every test kernel: what kernel_open() and arch/x86_64 look
 * for in a vmlinux.  tests/unit/testkernel.c fills in the values that
 * depend on the test's options (nr_cpu_ids, __per_cpu_offset[], the
 * cpumasks, phys_base, cpu_number and this_cpu_off in each CPU's area);
 * the rest is as the kernel initialises it. */
#include "tk_kernel.h"

#define TK_RELEASE "6.1.0-tk"

/* init/version.c: kernel_open() compares it with the dump's, and takes
 * the release ("6.1.0-tk") from it for VMCOREINFO's OSRELEASE. */
const char linux_banner[] = "Linux version " TK_RELEASE " (tk@testkernel) (gcc (Debian 12.2.0-14) "
			    "12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC "
			    "Debian " TK_RELEASE " (2024-01-01)\n";

struct new_utsname {
	char sysname[65];
	char nodename[65];
	char release[65];
	char version[65];
	char machine[65];
	char domainname[65];
};

struct uts_namespace {
	struct new_utsname name;
};

struct uts_namespace init_uts_ns = {
	.name = {
		.sysname = "Linux",
		.nodename = "testkernel",
		.release = TK_RELEASE,
		.version = "#1 SMP PREEMPT_DYNAMIC Debian " TK_RELEASE " (2024-01-01)",
		.machine = "x86_64",
		.domainname = "(none)",
	},
};

/* arch/x86/kernel/head_64.S: the kernel's top-level page table (the dump
 * writer builds the tables below it) and phys_base. */
unsigned long init_top_pgt[512] __page_aligned;
unsigned long phys_base;

/* arch/x86/mm/kaslr.c: the region bases memory KASLR would move. */
unsigned long page_offset_base = TK_PAGE_OFFSET;
unsigned long vmalloc_base = TK_VMALLOC_START;
unsigned long vmemmap_base = TK_VMEMMAP_START;

/* arch/x86/kernel/setup_percpu.c, kernel/smp.c, kernel/cpu.c */
unsigned long __per_cpu_offset[NR_CPUS];
unsigned int nr_cpu_ids = 1;
struct cpumask __cpu_possible_mask, __cpu_online_mask, __cpu_present_mask, __cpu_active_mask;
DEFINE_PER_CPU(int, cpu_number);
DEFINE_PER_CPU(unsigned long, this_cpu_off);

/* Something in .text, for symbols of code. */
void start_kernel(void);
void start_kernel(void)
{
}
