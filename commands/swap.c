/* swap: the swap areas, as /proc/swaps has them, with crash's layout. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

static int swap_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	struct swap_area *si;
	int n, i, opt;
	uint32_t psz;

	optind = 0;
	while ((opt = getopt(argc, argv, "")) != -1)
		return crash_error(s, "usage: swap");
	if (optind < argc)
		return crash_error(s, "usage: swap");
	if (!k)
		return crash_error(s, "no dump is open");
	n = swap_area_count(k);
	if (n < 0)
		return crash_error(s, "%s", err_get());
	psz = arch_get_info(kernel_arch(k))->page_size;
	/* JSON (commands/json/swap.schema.json): the same areas as objects */
	struct json_object *rows = crash_json(s) ? json_object_new_array() : NULL;
	if (!rows)
		fprintf(out, "SWAP_INFO_STRUCT    TYPE       SIZE       USED     PCT  PRI  FILENAME\n");
	si = malloc(sizeof(*si));
	if (!si)
		return crash_error(s, "out of memory");
	for (i = 0; i < n; i++) {
		char a[64], sz[32], used[32], pct[32], pri[16];
		uint64_t kb, ukb;
		int r = swap_area_get(k, i, si);
		if (r < 0) {
			crash_warn(s, "swap_info[%d]: %s", i, err_get());
			continue;
		}
		if (r == 0)
			continue;
		kb = si->pages * psz / 1024;
		ukb = si->inuse * psz / 1024;
		if (rows) {
			struct json_object *o = json_object_new_object();
			json_object_object_add(o, "address", crash_json_addr(si->addr));
			json_object_object_add(o, "type", json_object_new_string(si->partition ? "partition" : "file"));
			json_object_object_add(o, "size_kb", json_object_new_uint64(kb));
			json_object_object_add(o, "used_kb", json_object_new_uint64(ukb));
			json_object_object_add(o, "priority", json_object_new_int(si->prio));
			json_object_object_add(o, "filename", crash_json_str(si->path));
			json_object_array_add(rows, o);
			continue;
		}
		snprintf(a, sizeof(a), "%llx", (unsigned long long)si->addr);
		snprintf(sz, sizeof(sz), "%lluk", (unsigned long long)kb);
		snprintf(used, sizeof(used), "%lluk", (unsigned long long)ukb);
		snprintf(pct, sizeof(pct), "%2llu%%", (unsigned long long)(kb ? ukb * 100 / kb : 0));
		snprintf(pri, sizeof(pri), "%d", si->prio);
		char f1[64], f2[32], f3[32], f4[32], f5[16];
		fprintf(out, "%s  %s %s %s %s %s  %s\n",
			crash_field(f1, sizeof(f1), CRASH_ADDR_WIDTH, CRASH_CENTER_L, a),
			si->partition ? "PARTITION" : "  FILE   ",
			crash_field(f2, sizeof(f2), 10, CRASH_CENTER_R, sz),
			crash_field(f3, sizeof(f3), 10, CRASH_CENTER_R, used),
			crash_field(f4, sizeof(f4), 4, CRASH_CENTER_R, pct),
			crash_field(f5, sizeof(f5), 4, CRASH_RIGHT, pri), si->path);
	}
	free(si);
	if (rows) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "areas", rows);
		crash_json_emit(s, d);
	}
	return 0;
}

static const struct crash_cmd swap_cmd = {
	.name = "swap",
	.run = swap_run,
	.summary = "swap areas",
	.synopsis = "swap",
	.description =
		"Shows each active swap area: its swap_info_struct, whether it is a\n"
		"block device (PARTITION) or a FILE, its size, how much of it is in\n"
		"use, the percentage used, its priority and its path.\n"
		"\n"
		"EXAMPLE\n"
		"    crash> swap\n"
		"    SWAP_INFO_STRUCT    TYPE       SIZE       USED     PCT  PRI  FILENAME\n"
		"    ffff8f3e9ff85a00  PARTITION   524284k    167168k   31%   -2  /dev/zram0\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(swap_cmd)
