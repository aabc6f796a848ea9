/* pte: what a page-table entry's value says, in crash's layout: the
 * physical page and flag bits it maps, or the swap device and offset it
 * holds.  The decoding is the architecture's (arch_pte_decode). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "extensions/crash-api.h"

static int pte_one(struct crash_session *s, const char *arg)
{
	struct kernel *k = crash_kernel(s);
	const struct arch_vm *vm = kernel_arch(k);
	FILE *out = crash_out(s);
	struct arch_pte d;
	uint64_t pte;
	char hex[24], h1[64], h2[64], h3[64];

	if (!crash_parse_hex(arg, &pte))
		return crash_error(s, "invalid input: \"%s\"", arg);
	if (arch_pte_decode(vm, pte, &d) != 0)
		return crash_error(s, "%s", err_get());
	snprintf(hex, sizeof hex, "%" PRIx64, pte);
	int w1 = strlen(hex) > 3 ? (int)strlen(hex) : 3;
	if (d.swap) {
		/* the layout whose slot is in use, where there are several */
		swap_entry_of_pte(k, pte, &d.swap_type, &d.swap_offset);
		err_clear();
		struct swap_area si;
		char dev[sizeof(si.path) + 32], off[24];
		if (swap_area_get(k, (int)d.swap_type, &si) == 1)
			snprintf(dev, sizeof dev, "%s", si.path);
		else	/* one word, as scripts split the line */
			snprintf(dev, sizeof dev, "(swap_type_%" PRIu64 ")", d.swap_type);
		snprintf(off, sizeof off, "%" PRIu64, d.swap_offset);
		int w2 = strlen(dev) > 4 ? (int)strlen(dev) : 4;
		int w3 = strlen(off) > 6 ? (int)strlen(off) : 6;
		fprintf(out, "%s  %s  %s\n", crash_field(h1, sizeof h1, w1, CRASH_CENTER_L, "PTE"),
			crash_field(h2, sizeof h2, w2, CRASH_CENTER_L, "SWAP"),
			crash_field(h3, sizeof h3, w3, CRASH_CENTER_L, "OFFSET"));
		fprintf(out, "%s  %s  %s\n", crash_field(h1, sizeof h1, w1, CRASH_CENTER_R, hex),
			crash_field(h2, sizeof h2, w2, CRASH_CENTER_R, dev),
			crash_field(h3, sizeof h3, w3, CRASH_CENTER_R, off));
		return 0;
	}
	char phys[24], flags[256];
	snprintf(phys, sizeof phys, "%" PRIx64, d.paddr);
	int w2 = strlen(phys) > 8 ? (int)strlen(phys) : 8;
	if (d.present)
		arch_pte_flags(vm, pte, flags, sizeof flags);
	else
		snprintf(flags, sizeof flags, "(no mapping)");
	fprintf(out, "%s  %s  FLAGS\n", crash_field(h1, sizeof h1, w1, CRASH_CENTER_L, "PTE"),
		crash_field(h2, sizeof h2, w2, CRASH_CENTER_L, "PHYSICAL"));
	fprintf(out, "%s  %s  %s\n", crash_field(h1, sizeof h1, w1, CRASH_CENTER_R, hex),
		crash_field(h2, sizeof h2, w2, CRASH_CENTER_R, phys), flags);
	return 0;
}

static int pte_run(struct crash_session *s, int argc, char **argv)
{
	int rc = 0;
	if (argc < 2)
		return crash_usage_error(s, "usage: pte contents ...");
	for (int i = 1; i < argc; i++)
		if (pte_one(s, argv[i]) != 0)
			rc = -1;
	return rc;
}

static const struct crash_cmd pte_cmd = {
	.name = "pte",
	.run = pte_run,
	.summary = "translate a page table entry",
	.synopsis = "contents ...",
	.description =
		"Decodes the hexadecimal contents of a last-level page-table entry: the\n"
		"physical address and flag bits of the page it maps, or, for a swap\n"
		"entry, the swap device (from swap_info) and the page's offset in it.\n"
		"An empty entry prints \"(no mapping)\".\n"
		"\n"
		"EXAMPLES\n"
		"  crash> pte d8e067\n"
		"   PTE    PHYSICAL  FLAGS\n"
		"  d8e067   d8e000   (PRESENT|RW|USER|ACCESSED|DIRTY)\n"
		"  crash> pte 13f600\n"
		"   PTE       SWAP          OFFSET     \n"
		"  13f600  /dev/zram0  1125899906840068\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(pte_cmd)
