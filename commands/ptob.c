/* ptob: page frame number to physical (byte) address. */
#include <inttypes.h>

#include "extensions/crash-api.h"

static int ptob_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	uint32_t ps = k ? arch_get_info(kernel_arch(k))->page_size : 4096;
	int rc = 0;

	if (argc < 2)
		return crash_error(s, "a page frame number is needed");
	for (int i = 1; i < argc; i++) {
		struct kexpr e;
		uint64_t pfn;
		/* page numbers are decimal unless written 0x..., as in crash */
		if (kexpr_eval(NULL, argv[i], &e) != 0 || kexpr_int(NULL, &e, &pfn) != 0) {
			rc = crash_error(s, "invalid page frame number: %s", argv[i]);
			continue;
		}
		fprintf(crash_out(s), "%" PRIx64 ": %" PRIx64 "\n", pfn, pfn * ps);
	}
	return rc;
}

static const struct crash_cmd ptob_cmd = {
	.name = "ptob",
	.run = ptob_run,
	.summary = "page to bytes",
	.synopsis = "page_number ...",
	.description =
		"Shows the physical address of page frame numbers (decimal, or hex\n"
		"written with 0x), both in hexadecimal.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> ptob 10 0x100\n"
		"  a: a000\n"
		"  100: 100000\n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(ptob_cmd)
