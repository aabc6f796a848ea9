/* The devices walker (kernel-types/linux/devices.c) on the real code:
 * kernel_open() of the "devices" test kernel (tests/unit/kernels/
 * devices.c), plain and with KASLR in a kdump file: the chrdevs hash (a
 * chained bucket, a cdev found through cdev_map, one with none), its
 * length from the symbol's size, and the block majors with the gendisks
 * of the block device inodes. */
#include <stddef.h>
#include <string.h>

#include "kernels/devices.h"

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/devices.h"
#include "testkernel.h"
#include "tkstart.h"

struct chrs {
	int n;
	struct chrdev_info d[8];
};

static int see_chr(void *arg, const struct chrdev_info *d)
{
	struct chrs *c = arg;
	if (c->n < 8)
		c->d[c->n] = *d;
	c->n++;
	return 0;
}

struct blks {
	int n;
	struct blkdev_info d[8];
};

static int see_blk(void *arg, const struct blkdev_info *d)
{
	struct blks *b = arg;
	if (b->n < 8)
		b->d[b->n] = *d;
	b->n++;
	return 0;
}

struct res {
	int n;
	struct resource_info r[8];
};

static int see_res(void *arg, const struct resource_info *r)
{
	struct res *v = arg;
	if (v->n < 8)
		v->r[v->n] = *r;
	v->n++;
	return 0;
}

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("devices", o, what, &k);
	if (!tk)
		return;
	struct chrs c = { 0 };
	int r = chrdev_check(k) == 0 ? chrdev_foreach(k, see_chr, &c) : -1;
	CHECK(r == 0 && c.n == 4, "%s: chrdevs: four registrations (%d: %s)", what, c.n,
	      r ? err_get() : "ok");
	CHECK(c.d[0].major == 1 && !strcmp(c.d[0].name, "mem") &&
		      c.d[0].cdev == tk_symbol(tk, "cdev_mem") && c.d[0].ops == tk_symbol(tk, "memory_fops"),
	      "%s: chrdevs: 1 mem with its cdev and memory_fops", what);
	CHECK(c.d[1].major == 256 && !strcmp(c.d[1].name, "big") && !c.d[1].cdev && !c.d[1].ops,
	      "%s: chrdevs: 256 big, chained in the same bucket, without a cdev", what);
	CHECK(c.d[2].major == 4 && c.d[2].cdev == tk_symbol(tk, "cdev_console") &&
		      c.d[2].ops == tk_symbol(tk, "console_fops"),
	      "%s: chrdevs: 4's cdev from cdev_map's probe for 4:0, past one of another major", what);
	CHECK(c.d[3].major == 13 && !strcmp(c.d[3].name, "input") && !c.d[3].cdev,
	      "%s: chrdevs: 13 input has no cdev", what);

	struct blks b = { 0 };
	r = blkdev_check(k) == 0 ? blkdev_foreach(k, see_blk, &b) : -1;
	CHECK(r == 0 && b.n == 3 && b.d[0].major == 259 && !strcmp(b.d[0].name, "blkext") &&
		      !b.d[0].gendisk && b.d[1].major == 7 && !strcmp(b.d[1].name, "loop") &&
		      b.d[1].gendisk == tk_symbol(tk, "disk_loop0") &&
		      b.d[1].fops == tk_symbol(tk, "lo_fops") && b.d[2].major == 254 &&
		      b.d[2].gendisk == tk_symbol(tk, "disk_zram0") &&
		      b.d[2].fops == tk_symbol(tk, "zram_devops"),
	      "%s: major_names: blkext without a disk, loop and zram with theirs (%d: %s)", what, b.n,
	      r ? err_get() : "ok");

	struct res rs = { 0 };
	r = resource_foreach(k, "ioport_resource", see_res, &rs);
	static const char *const order[] = { "PCI IO", "dma1", "pic1", "pic1-low", "keyboard" };
	static const int depth[] = { 0, 1, 1, 2, 1 };
	bool same = r == 0 && rs.n == 5;
	for (int i = 0; same && i < 5; i++)
		same = !strcmp(rs.r[i].name, order[i]) && rs.r[i].depth == depth[i];
	CHECK(same, "%s: ioport_resource: parents before children, siblings in order (%d: %s)", what,
	      rs.n, r ? err_get() : "ok");
	CHECK(same && rs.r[0].end == 0xffff && rs.r[2].start == 0x20 && rs.r[2].end == 0x21 &&
		      rs.r[1].addr == tk_symbol(tk, "res_dma1"),
	      "%s: ioport_resource: each range and address", what);
	rs.n = 0;
	r = resource_foreach(k, "iomem_resource", see_res, &rs);
	CHECK(r == 0 && rs.n == 1 && rs.r[0].end == ~0ull, "%s: iomem_resource: the root alone", what);
	kernel_close(k);

	/* A sibling pointing back at an earlier resource: bounded, an error. */
	uint64_t kbd = tk_symbol(tk, "res_kbd");
	tk_write_u64(tk, kbd + offsetof(struct resource, sibling), tk_symbol(tk, "res_dma1"));
	k = tk_open(tk);
	rs.n = 0;
	r = k ? resource_foreach(k, "ioport_resource", see_res, &rs) : 0;
	CHECK(r == -1 && strstr(err_get(), "a loop"), "%s: ioport_resource: a looping sibling (%d): %s",
	      what, r, err_get());
	kernel_close(k);
	tk_write_u64(tk, kbd + offsetof(struct resource, sibling), 0);

	/* A chain into memory the dump lacks: an error, with its kind. */
	tk_write_u64(tk, tk_symbol(tk, "cd_mem"), 0xdead0000);
	k = tk_open(tk);
	c.n = 0;
	r = k ? chrdev_foreach(k, see_chr, &c) : 0;
	CHECK(r == KREAD_NOT_MAPPED && c.n == 1, "%s: chrdevs: a broken chain (%d): %s", what, r,
	      err_get());
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 1, .kaslr = 0x7400000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
