/* Example extension working on the dump layer: `pagestate ADDR [COUNT]`
 * tells, for COUNT physical pages from ADDR, whether each is in the dump,
 * filtered out of it (makedumpfile -d), or not RAM at all. */
#include <inttypes.h>
#include <stdlib.h>

#include "extensions/crash-api.h"

const int crash_extension_api_version = CRASH_API_VERSION;

static const char *state_name(enum dump_page_state st)
{
	switch (st) {
	case DUMP_PAGE_PRESENT: return "present";
	case DUMP_PAGE_EXCLUDED: return "excluded";
	case DUMP_PAGE_OTHER_PART: return "in a part of the split dump not given";
	default: return "not RAM";
	}
}

static int pagestate_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	struct dump *d;
	const struct dump_info *info;
	uint64_t addr, count = 1, psize;
	char *end;

	if (argc < 2 || argc > 3)
		return crash_error(s, "usage: pagestate ADDR [COUNT]");
	addr = strtoull(argv[1], &end, 16);
	if (*end || end == argv[1])
		return crash_error(s, "invalid physical address: %s", argv[1]);
	if (argc == 3) {
		count = strtoull(argv[2], &end, 0);
		if (*end || !count || count > (1u << 20))
			return crash_error(s, "invalid count: %s", argv[2]);
	}
	if (!k || !(d = kernel_dump(k)))
		return crash_error(s, "no dump is open");
	info = dump_get_info(d);
	psize = info && info->page_size ? info->page_size : 4096;
	addr &= ~(psize - 1);
	fprintf(crash_out(s), "%-18s  STATE\n", "PHYSICAL");
	for (uint64_t i = 0; i < count && !crash_interrupted(); i++) {
		uint64_t pa = addr + i * psize;
		fprintf(crash_out(s), "%-18" PRIx64 "  %s\n", pa, state_name(dump_page_state(d, pa)));
	}
	return 0;
}

static const struct crash_cmd pagestate_cmd = {
	.name = "pagestate",
	.run = pagestate_run,
	.summary = "is a physical page in the dump? (example extension)",
	.synopsis = "address [count]",
	.description =
		"For count pages (default 1) from the hexadecimal physical address,\n"
		"prints whether the page's contents are in the dump (present), were\n"
		"filtered out when the dump was made (excluded), or whether there is\n"
		"no RAM there (not RAM).\n"
		"\n"
		"EXAMPLES\n"
		"    crash> pagestate 1000 2\n"
		"    PHYSICAL            STATE\n"
		"    1000                present\n"
		"    2000                excluded\n",
	.flags = CMD_NEEDS_KERNEL,
};

int crash_extension_init(struct crash_session *s)
{
	(void)s;
	return crash_register_command(&pagestate_cmd);
}
