/* tree: walk a red-black tree, radix tree / xarray or maple tree and show
 * each entry, optionally formatted as a struct. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"

/* Deepest red-black tree walked: a valid one of 2^32 nodes is at most 64
 * deep; deeper means a damaged tree. */
#define RB_MAX_DEPTH 128

enum tree_type { T_RBTREE, T_XARRAY, T_MAPLE };

struct tree {
	struct crash_session *s;
	struct kernel *k;
	struct crash_entry_printer p;
	long node_off;		/* -o: rb_node in each struct */
	bool position, linear;
	int levels;		/* xarray height, for positions */
};

/* ---- red-black trees: crash's default order is top-down (node, left
 * subtree, right subtree); -l is in key order. ---- */
struct rb_frame {
	uint64_t node;
	int state;		/* 0: new, 1: left done, 2: right done */
	uint64_t left, right;
	size_t pathlen;
};

static int rb_visit(struct tree *t, uint64_t node, const char *path)
{
	char pos[RB_MAX_DEPTH * 2 + 32];
	snprintf(pos, sizeof(pos), "  position: %s\n", path);
	return crash_entry_print(&t->p, node - (uint64_t)t->node_off, t->position ? pos : NULL) ? 1 : 0;
}

static int rb_walk(struct tree *t, uint64_t root_node)
{
	struct rb_frame st[RB_MAX_DEPTH];
	char path[RB_MAX_DEPTH * 2 + 8] = "root";
	int sp = 0;
	uint64_t count = 0;

	if (!root_node)
		return 0;
	st[0] = (struct rb_frame){ .node = root_node, .pathlen = 4 };
	while (sp >= 0) {
		struct rb_frame *f = &st[sp];
		path[f->pathlen] = '\0';
		if (f->state == 0) {
			uint64_t w[3];
			if (kernel_read(t->k, f->node, w, sizeof(w)) != 0)
				return -1;
			f->right = w[1];
			f->left = w[2];
			if (++count > KWALK_MAX_STEPS) {
				err_set("rbtree: more than %u nodes (a loop?)", KWALK_MAX_STEPS);
				return -1;
			}
			if (!t->linear && rb_visit(t, f->node, path))
				return 1;
			f->state = 1;
			if (f->left) {
				if (sp + 1 >= RB_MAX_DEPTH)
					goto deep;
				strcat(path, "/l");
				st[sp + 1] = (struct rb_frame){ .node = f->left, .pathlen = f->pathlen + 2 };
				sp++;
			}
			continue;
		}
		if (f->state == 1) {
			if (t->linear && rb_visit(t, f->node, path))
				return 1;
			f->state = 2;
			if (f->right) {
				if (sp + 1 >= RB_MAX_DEPTH)
					goto deep;
				strcat(path, "/r");
				st[sp + 1] = (struct rb_frame){ .node = f->right, .pathlen = f->pathlen + 2 };
				sp++;
			}
			continue;
		}
		sp--;
	}
	return 0;
deep:
	err_set("rbtree: deeper than %d levels (a damaged tree?)", RB_MAX_DEPTH);
	return -1;
}

/* ---- xarrays ---- */
static int xa_entry(void *arg, uint64_t index, uint64_t entry)
{
	struct tree *t = arg;
	char pos[128] = "root", line[192];
	size_t n = 4;
	for (int l = t->levels - 1; l >= 0 && n < sizeof(pos) - 8; l--)
		n += (size_t)snprintf(pos + n, sizeof(pos) - n, "/%" PRIu64, (index >> (6 * l)) & 63);
	snprintf(line, sizeof(line), "  index: %" PRIu64 "  position: %s\n", index, pos);
	return crash_entry_print(&t->p, entry, t->position ? line : NULL) ? 1 : 0;
}

/* ---- maple trees ---- */
static int mt_entry(void *arg, uint64_t first, uint64_t last, uint64_t entry)
{
	struct tree *t = arg;
	char line[96];
	snprintf(line, sizeof(line), "  range: %" PRIx64 "-%" PRIx64 "\n", first, last);
	return crash_entry_print(&t->p, entry, t->position ? line : NULL) ? 1 : 0;
}

static int tree_run(struct crash_session *s, int argc, char **argv)
{
	struct tree t = { .s = s, .k = crash_kernel(s) };
	enum tree_type type = T_RBTREE;
	const char *root_arg = NULL, *off_arg = NULL;
	bool node_start = false;
	long root_off = 0;
	uint64_t start;
	int opt, rc;

	t.p.s = s;
	t.p.flags = crash_radix(s) == 16 ? TP_HEX : 0;
	optind = 0;
	while ((opt = getopt(argc, argv, "t:r:o:s:S:xdlpN")) != -1) {
		switch (opt) {
		case 't':
			/* crash's short forms: rb, ra, x (and m for maple) */
			if (!strcmp(optarg, "rbtree") || !strcmp(optarg, "rb"))
				type = T_RBTREE;
			else if (!strcmp(optarg, "radix") || !strcmp(optarg, "ra") ||
				 !strcmp(optarg, "xarray") || !strcmp(optarg, "x"))
				type = T_XARRAY;
			else if (!strcmp(optarg, "maple") || !strcmp(optarg, "m"))
				type = T_MAPLE;
			else if (!strcmp(optarg, "r"))
				return crash_error(s, "ambiguous tree type: r (ra: radix, rb: rbtree)");
			else
				return crash_error(s, "invalid tree type: %s (rbtree, radix, xarray "
						      "or maple; rb, ra, x, m)", optarg);
			break;
		case 'r': root_arg = optarg; break;
		case 'o': off_arg = optarg; break;
		case 's': case 'S':
			if (t.p.nstructs == (int)(sizeof(t.p.structs) / sizeof(t.p.structs[0])))
				return crash_error(s, "too many -s options");
			t.p.structs[t.p.nstructs++] = optarg;
			break;
		case 'x': t.p.flags |= TP_HEX; break;
		case 'd': t.p.flags &= ~(unsigned)TP_HEX; break;
		case 'l': t.linear = true; break;
		case 'p': t.position = true; break;
		case 'N': node_start = true; break;
		default: return -1;
		}
	}
	if (optind + 1 != argc)
		return crash_error(s, "usage: tree [-t rbtree|radix|xarray|maple] [-r offset] "
				      "[-o offset] [-s struct[.member[,member]]] [-x|-d] [-l] [-p] [-N] "
				      "start");
	if ((root_arg && crash_struct_offset(s, root_arg, &root_off) != 0) ||
	    (off_arg && crash_struct_offset(s, off_arg, &t.node_off) != 0))
		return crash_error(s, "%s", err_get());
	if (addrarg_resolve(t.k, argv[optind], &start) != 0)
		return crash_error(s, "%s", err_get());
	if (crash_entry_check(&t.p) != 0)
		return crash_error(s, "%s", err_get());
	if (node_start && type != T_RBTREE)
		return crash_error(s, "-N is only for red-black trees here");
	start += (uint64_t)root_off; /* -r: the root inside a containing struct */

	switch (type) {
	case T_RBTREE: {
		uint64_t node = start;
		if (!node_start && kernel_read_u64(t.k, start, &node) != 0)
			return crash_error(s, "%s", err_get());
		rc = rb_walk(&t, node);
		break;
	}
	case T_XARRAY:
		/* an unreadable head: the walk below says why */
		if ((t.levels = kwalk_xarray_levels(t.k, start)) < 1)
			t.levels = 1;
		rc = kwalk_xarray(t.k, start, xa_entry, &t);
		break;
	default:
		rc = kwalk_maple(t.k, start, mt_entry, &t);
		break;
	}
	if (rc < 0)
		return crash_error(s, "%s", err_get());
	return 0;
}

static const struct crash_cmd tree_cmd = {
	.name = "tree",
	.run = tree_run,
	.summary = "tree contents",
	.synopsis = "[-t [radix|xarray|rbtree|maple]] [-r offset] [-[s|S] struct[.member[,member]]]\n"
		    "     -[x|d] [-o offset] [-l] [-p] [-N] start",
	.description =
		"Walks a red-black tree (the default), a radix tree or xarray, or a maple\n"
		"tree, and shows each entry's address, one to a line, each followed by\n"
		"the entry formatted as a struct when -s is given.  For a red-black tree\n"
		"the address is that of the struct holding the rb_node (see -o); for the\n"
		"others, the pointer stored in the tree.\n"
		"\n"
		"  -t type      rbtree, radix, xarray or maple (or rb, ra, x, m).\n"
		"  -r offset    start is a struct holding the root at this offset\n"
		"               (\"struct.member\" or bytes).\n"
		"  -o offset    where the rb_node lies in each entry (\"struct.member\" or\n"
		"               bytes).\n"
		"  -s struct[.member[,member]]  show each entry as this struct (or only\n"
		"               these members); -S is the same.\n"
		"  -x / -d      members in hexadecimal / decimal.\n"
		"  -l           red-black tree in key order (leftmost first) instead of\n"
		"               top-down (node, left subtree, right subtree).\n"
		"  -p           each entry's position: root/l/r for red-black trees,\n"
		"               index and slot path for xarrays, range for maple trees.\n"
		"  -N           start is a red-black tree node, not a root.\n"
		"  start        hexadecimal address, symbol or expression.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> tree -t rbtree -o vmap_area.rb_node -p vmap_area_root\n"
		"  ffff8f3e9fe4bb40\n"
		"    position: root\n"
		"  ffff8f3e8104d240\n"
		"    position: root/l\n"
		"  ...\n"
		"\n"
		"  crash> tree -t xarray -p -s pid.level &init_pid_ns.idr.idr_rt\n"
		"  ffff8f3e81206080\n"
		"    index: 1  position: root/0/1\n"
		"    level = 0,\n"
		"  ...\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(tree_cmd)
