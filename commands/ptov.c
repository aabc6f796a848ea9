/* ptov: physical address to its direct-map virtual address, or a per-cpu
 * offset to its address on each CPU. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

static int ptov_percpu(struct crash_session *s, const char *arg)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	char off_s[64];
	const char *colon = strchr(arg, ':');
	int ncpus = kernel_nr_cpus(k);
	uint64_t off;

	snprintf(off_s, sizeof(off_s), "%.*s", (int)(colon - arg), arg);
	if (addrarg_number(off_s, &off) != 0)
		return crash_error(s, "invalid per-cpu offset: %s", off_s);
	if (ncpus <= 0)
		return crash_error(s, "the number of CPUs is not known");
	bool *set = calloc((size_t)ncpus, sizeof(bool));
	if (!set || crash_parse_cpus(colon + 1, set, ncpus) != 0) {
		free(set);
		return crash_error(s, "invalid CPU list: %s (CPUs 0-%d)", colon + 1, ncpus - 1);
	}
	fprintf(out, "PER-CPU OFFSET: %" PRIx64 "\n", off);
	fprintf(out, "  CPU    %-16s\n", "VIRTUAL");
	for (int c = 0; c < ncpus; c++) {
		uint64_t va;
		if (!set[c])
			continue;
		if (kernel_percpu_ptr(k, off, c, &va) != 0)
			fprintf(out, "  [%d]  (unknown)\n", c);
		else
			fprintf(out, "  [%d]  %" PRIx64 "\n", c, va);
	}
	free(set);
	return 0;
}

static int ptov_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int rc = 0;
	bool header = false;

	if (argc < 2)
		return crash_error(s, "a physical address is needed");
	for (int i = 1; i < argc; i++) {
		uint64_t pa;
		if (strchr(argv[i], ':')) {
			if (ptov_percpu(s, argv[i]) != 0)
				rc = -1;
			continue;
		}
		if (addrarg_resolve(k, argv[i], &pa) != 0) {
			rc = crash_error(s, "%s", err_get());
			continue;
		}
		/* one block per address, blank lines between, as crash does */
		if (header)
			fputc('\n', out);
		fprintf(out, "%-16s  %-16s\n", "VIRTUAL", "PHYSICAL");
		header = true;
		char phys[24];
		snprintf(phys, sizeof(phys), "%" PRIx64, pa);
		fprintf(out, "%-16" PRIx64 "  %-16s\n", arch_ptov(kernel_arch(k), pa), phys);
	}
	return rc;
}

static const struct crash_cmd ptov_cmd = {
	.name = "ptov",
	.run = ptov_run,
	.summary = "physical to virtual",
	.synopsis = "[address | offset:cpuspec] ...",
	.description =
		"Shows the kernel's direct-map virtual address of a physical address\n"
		"(hexadecimal).  Given offset:cpuspec instead, shows where a per-cpu\n"
		"offset lies on each CPU named: a CPU number, a list such as 0,2-3, or\n"
		"a (all).\n"
		"\n"
		"EXAMPLES\n"
		"  crash> ptov 1000\n"
		"  VIRTUAL           PHYSICAL        \n"
		"  ffff8f3e80001000  1000            \n"
		"\n"
		"  crash> ptov 1f080:a\n"
		"  PER-CPU OFFSET: 1f080\n"
		"    CPU    VIRTUAL         \n"
		"    [0]  ffff8f3e9fa1f080\n"
		"    [1]  ffff8f3e9fb1f080\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(ptov_cmd)
