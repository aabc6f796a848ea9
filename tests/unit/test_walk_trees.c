/* walk.h's index trees on the real code (kernel_open() of the "trees" and
 * "radix" test kernels): the xarray of two levels (and its guards against
 * a node that points at itself), an entry held in the head, the 4.x radix
 * tree with its 01-tagged nodes, and the maple tree over two leaves (and
 * its guards against a looping or unknown node).  These are the walks
 * ipcs (the ipc idr) and irq (irq_desc_tree, sparse_irqs) stand on. */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"
#include "kernels/trees.h"
#include "testkernel.h"

struct seen {
	int n;
	uint64_t idx[8], entry[8];
};

static int see(void *arg, uint64_t index, uint64_t entry)
{
	struct seen *s = arg;
	if (s->n < 8) {
		s->idx[s->n] = index;
		s->entry[s->n] = entry;
	}
	s->n++;
	return 0;
}

static int see_range(void *arg, uint64_t first, uint64_t last, uint64_t entry)
{
	(void)last;
	return see(arg, first, entry);
}

static void test_xarray(const char *what, const struct tk_opts *o)
{
	struct testkernel *tk = tk_new("trees", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return;
	uint64_t xa = tk_symbol(tk, "tk_xa"), root = tk_symbol(tk, "tk_xa_root");
	struct seen s = { 0 };
	struct kernel *k = tk_open(tk);
	int r = k ? kwalk_xarray(k, xa, see, &s) : -1;
	CHECK(r == 0 && s.n == 2 && s.idx[0] == 0 && s.entry[0] == 0xaaa0 && s.idx[1] == 66 &&
		      s.entry[1] == 0xbbb0,
	      "%s: xarray: two levels, indexes 0 and 66, the sibling skipped (n=%d)", what, s.n);
	kernel_close(k);

	/* A node that points to itself must not loop. */
	tk_write_u64(tk, root + offsetof(struct xa_node, slots[1]), root | 2);
	memset(&s, 0, sizeof(s));
	k = tk_open(tk);
	r = k ? kwalk_xarray(k, xa, see, &s) : 0;
	CHECK(r < 0, "%s: xarray: self-referencing node refused: %s", what, err_get());
	kernel_close(k);

	/* A single entry at the head is index 0. */
	tk_write_u64(tk, xa + offsetof(struct xarray, xa_head), 0xccc0);
	memset(&s, 0, sizeof(s));
	k = tk_open(tk);
	r = k ? kwalk_xarray(k, xa, see, &s) : -1;
	CHECK(r == 0 && s.n == 1 && s.idx[0] == 0 && s.entry[0] == 0xccc0,
	      "%s: xarray: entry in the head", what);
	kernel_close(k);
	tk_free(tk);
}

/* 4.x radix tree: internal nodes tagged with 01 instead of 10. */
static void test_radix(void)
{
	struct testkernel *tk = tk_new("radix", NULL);
	CHECK(tk, "radix: tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		return;
	struct kernel *k = tk_open(tk);
	struct seen s = { 0 };
	int r = k ? kwalk_xarray(k, tk_symbol(tk, "tk_radix"), see, &s) : -1;
	CHECK(r == 0 && s.n == 1 && s.idx[0] == 5 && s.entry[0] == 0xeee0,
	      "radix (4.x): entry at index 5 (n=%d): %s", s.n, r ? err_get() : "ok");
	kernel_close(k);
	tk_free(tk);
}

static void test_maple(const char *what, const struct tk_opts *o)
{
	struct testkernel *tk = tk_new("trees", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return;
	uint64_t mt = tk_symbol(tk, "tk_maple"), root = tk_symbol(tk, "tk_mt_root");
	uint64_t leaf1 = tk_symbol(tk, "tk_mt_leaf1");
	uint64_t slot1 = root + offsetof(struct maple_node, ma64.slot[1]);
	struct seen s = { 0 };
	struct kernel *k = tk_open(tk);
	int r = k ? kwalk_maple(k, mt, see_range, &s) : -1;
	/* the metadata in leaf 1's last slot is no entry */
	CHECK(r == 0 && s.n == 3 && s.idx[0] == 0 && s.entry[0] == 0xd000 && s.idx[1] == 1 &&
		      s.entry[1] == 0xd100 && s.idx[2] == 10 && s.entry[2] == 0xda00,
	      "%s: maple: entries 0, 1 and 10 across two leaves (n=%d): %s", what, s.n,
	      r ? err_get() : "ok");
	kernel_close(k);

	/* A child pointing back to the root must not loop: pivots must
	 * grow, so the revisited root ends the walk at once. */
	tk_write_u64(tk, slot1, root | maple_arange_64 << 3 | 4);
	memset(&s, 0, sizeof(s));
	k = tk_open(tk);
	r = k ? kwalk_maple(k, mt, see_range, &s) : 0;
	CHECK(r <= 0 && s.n <= 3, "%s: maple: looping tree ends (r=%d, n=%d)", what, r, s.n);
	kernel_close(k);

	tk_write_u64(tk, slot1, leaf1 | 7 << 3 | 4);
	k = tk_open(tk);
	r = k ? kwalk_maple(k, mt, see_range, &s) : 0;
	CHECK(r < 0, "%s: maple: unknown node type refused: %s", what, err_get());
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	struct tk_opts kaslr = { .ncpus = 1, .kaslr = 0x3c00000, .format = TK_KDUMP };
	test_xarray("plain", &plain);
	test_xarray("kaslr", &kaslr);
	test_radix();
	test_maple("plain", &plain);
	test_maple("kaslr", &kaslr);
	CHECK_DONE();
}
