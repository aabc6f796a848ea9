/* list: walk a linked list (a chain of next pointers, or list_head
 * linkage) and show each entry's address, optionally formatted as a
 * struct. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"

static int entry_cb(void *arg, uint64_t entry)
{
	return crash_entry_print(arg, entry, NULL);
}

static int list_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	struct crash_entry_printer p = { .s = s, .flags = crash_radix(s) == 16 ? TP_HEX : 0 };
	const char *off_arg = NULL, *end_arg = NULL, *head_off_arg = NULL, *l_arg = NULL;
	bool head_ptr = false, head_struct = false, reverse = false;
	long offset = 0, head_off = 0;
	uint64_t start, end = 0;
	int opt, rc;

	optind = 0;
	while ((opt = getopt(argc, argv, "BHhrs:S:e:o:O:xdl:")) != -1) {
		switch (opt) {
		case 'B': break; /* loops are always detected with Brent's algorithm */
		case 'H': head_ptr = true; break;
		case 'h': head_struct = true; break;
		case 'r': reverse = true; break;
		case 's': case 'S':
			if (p.nstructs == (int)(sizeof(p.structs) / sizeof(p.structs[0])))
				return crash_error(s, "too many -s options");
			p.structs[p.nstructs++] = optarg;
			break;
		case 'e': end_arg = optarg; break;
		case 'o': off_arg = optarg; break;
		case 'O': head_off_arg = optarg; break;
		case 'x': p.flags |= TP_HEX; break;
		case 'd': p.flags &= ~(unsigned)TP_HEX; break;
		case 'l': l_arg = optarg; break;
		default: return -1;
		}
	}
	/* [offset] start */
	if (optind + 2 == argc && !off_arg)
		off_arg = argv[optind++];
	if (optind + 1 != argc)
		return crash_error(s, "usage: list [[-o] offset] [-e end] [-s struct[.member[,member]]] "
				      "[-x|-d] [-r] [-h [-O head_offset]|-H] start");
	if (head_ptr && head_struct)
		return crash_error(s, "-h and -H cannot be used together");
	if (l_arg && off_arg)
		return crash_error(s, "-l and -o cannot be used together");
	if ((off_arg && crash_struct_offset(s, off_arg, &offset) != 0) ||
	    (head_off_arg && crash_struct_offset(s, head_off_arg, &head_off) != 0) ||
	    (l_arg && crash_struct_offset(s, l_arg, &p.struct_off) != 0))
		return crash_error(s, "%s", err_get());
	if (addrarg_resolve(k, argv[optind], &start) != 0 ||
	    (end_arg && addrarg_resolve(k, end_arg, &end) != 0))
		return crash_error(s, "%s", err_get());
	if (!start)
		return crash_error(s, "invalid list start: 0");
	if (crash_entry_check(&p) != 0)
		return crash_error(s, "%s", err_get());
	if (reverse && !head_ptr)
		head_struct = true; /* -r walks list_head linkage */

	if (head_ptr) {
		uint64_t first;
		/* start is a standalone list_head: its entries, not itself */
		if (kernel_read_u64(k, start + (reverse ? 8 : 0), &first) != 0)
			return crash_error(s, "%s", err_get());
		if (first == start) {
			fprintf(crash_out(s), "(empty)\n");
			return 0;
		}
		rc = kwalk_list(k, start, offset, reverse, entry_cb, &p);
	} else if (head_struct && head_off_arg) {
		/* start is a struct of another type holding the list head */
		rc = kwalk_list(k, start + (uint64_t)head_off, offset, reverse, entry_cb, &p);
	} else if (head_struct) {
		/* start is the first entry; its list_head is the head */
		rc = kwalk_list_from(k, start + (uint64_t)offset, offset, reverse, entry_cb, &p);
	} else {
		/* a chain of next pointers at offset in each entry */
		rc = kwalk_chain(k, start, offset, end, entry_cb, &p);
	}
	if (rc < 0)
		return crash_error(s, "%s", err_get());
	return 0;
}

static const struct crash_cmd list_cmd = {
	.name = "list",
	.run = list_run,
	.summary = "linked list",
	.synopsis = "[[-o] offset] [-e end] [-[s|S] struct[.member[,member]] [-l offset]] [-x|-d]\n"
		    "     [-r] [-B] [-h [-O head_offset]|-H] start",
	.description =
		"Walks a linked list and shows the address of each entry, one to a line,\n"
		"each followed by the entry formatted as a struct when -s is given.\n"
		"Without -h or -H the list is a chain: each entry holds the address of\n"
		"the next one at offset, and the chain ends at a NULL pointer, at the\n"
		"start again, or at the -e address.  With -h or -H it is linked by\n"
		"list_head members at offset (entry addresses are those of the\n"
		"containing structures).  A list that loops without coming back to its\n"
		"start is reported instead of walked forever.\n"
		"\n"
		"  [-o] offset   where the link lies in each entry: \"struct.member\" or a\n"
		"                number of bytes.\n"
		"  -e end        stop the chain at this address.\n"
		"  -s struct[.member[,member]]  show each entry as this struct (or only\n"
		"                these members); -S is the same.\n"
		"  -l offset     with -s: the entry addresses are of a member at this\n"
		"                offset, not of the struct.\n"
		"  -x / -d       members in hexadecimal / decimal.\n"
		"  -h start      start is the first entry, whose list_head is the head.\n"
		"  -O offset     with -h: the head lies at this offset of start (a struct\n"
		"                of another type), the entries' list_heads at offset.\n"
		"  -H start      start is a standalone list_head (LIST_HEAD); it is not\n"
		"                an entry.  An empty list prints (empty).\n"
		"  -r            follow prev instead of next (list_head lists).\n"
		"  -B            accepted for compatibility (loops are always detected).\n"
		"  start         hexadecimal address, symbol or expression.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> list task_struct.tasks -s task_struct.pid,comm -h init_task\n"
		"  ffffffff9781aa40\n"
		"    pid = 0,\n"
		"    comm = \"swapper/0\\000\\000\\000\\000\\000\\000\",\n"
		"  ffff8f3e811fc180\n"
		"    pid = 1,\n"
		"    comm = \"init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\",\n"
		"  ...\n"
		"\n"
		"  crash> list -H modules -o module.list\n"
		"  ffffffffc0377480\n"
		"  ffffffffc02f8100\n"
		"  ...\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(list_cmd)
