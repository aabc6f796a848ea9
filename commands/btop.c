/* btop: physical (byte) address to page frame number. */
#include <inttypes.h>

#include "extensions/crash-api.h"

static int btop_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	uint32_t ps = k ? arch_get_info(kernel_arch(k))->page_size : 4096;
	int shift = 0, rc = 0;

	while ((1u << shift) < ps)
		shift++;
	if (argc < 2)
		return crash_error(s, "an address is needed");
	for (int i = 1; i < argc; i++) {
		uint64_t a;
		if (addrarg_number(argv[i], &a) != 0) {
			rc = crash_error(s, "%s", err_get());
			continue;
		}
		fprintf(crash_out(s), "%" PRIx64 ": %" PRIx64 "\n", a, a >> shift);
	}
	return rc;
}

static const struct crash_cmd btop_cmd = {
	.name = "btop",
	.run = btop_run,
	.summary = "bytes to page",
	.synopsis = "address ...",
	.description =
		"Shows the page frame number of hexadecimal physical addresses.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> btop 20000 1234567\n"
		"  20000: 20\n"
		"  1234567: 1234\n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(btop_cmd)
