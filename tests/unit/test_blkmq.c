/* gendisk_foreach (kernel-types/linux/devices.c), dev -d's walker, on the
 * real code: kernel_open() of the "blkmq" test kernel, plain and with
 * KASLR in a kdump file: the disks of the block device inodes without
 * their partitions, a bio-based disk's in-flight requests summed over the
 * CPUs' disk_stats, and a blk-mq disk's counted from its tags as the
 * kernel does (reserved tags, a tag set shared by two hardware queues,
 * another queue's request, a completed one). */
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/devices.h"
#include "testkernel.h"
#include "tkstart.h"

struct disks {
	int n;
	struct gendisk_info d[4];
};

static int see(void *arg, const struct gendisk_info *d)
{
	struct disks *v = arg;
	if (v->n < 4)
		v->d[v->n] = *d;
	v->n++;
	return 0;
}

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("blkmq", o, what, &k);
	if (!tk)
		return;
	struct disks v = { 0 };
	int r = gendisk_foreach(k, see, &v);
	CHECK(r == 0 && v.n == 2, "%s: two disks, the partition left out (%d: %s)", what, v.n,
	      r ? err_get() : "ok");
	const struct gendisk_info *z = &v.d[0], *m = &v.d[1];
	CHECK(v.n == 2 && !strcmp(z->name, "zram0") && z->major == 254 && !z->mq &&
		      z->addr == tk_symbol(tk, "disk_zram0") && z->queue == tk_symbol(tk, "zram_q"),
	      "%s: zram0, bio-based, its gendisk and queue", what);
	CHECK(v.n == 2 && z->stats && z->in_flight[0] == 1 && z->in_flight[1] == 1,
	      "%s: zram0: 1 read and 1 write in flight over the CPUs (%llu, %llu)", what,
	      (unsigned long long)z->in_flight[0], (unsigned long long)z->in_flight[1]);
	CHECK(v.n == 2 && !strcmp(m->name, "vda") && m->major == 253 && m->mq,
	      "%s: vda, blk-mq", what);
	CHECK(v.n == 2 && m->stats && m->in_flight[0] == 1 && m->in_flight[1] == 1,
	      "%s: vda: from the tags, 1 read (reserved) and 1 write in flight (%llu, %llu)", what,
	      (unsigned long long)m->in_flight[0], (unsigned long long)m->in_flight[1]);
	kernel_close(k);

	/* a request pointer into memory the dump lacks: that tag is not
	 * counted, the others are */
	tk_write_u64(tk, tk_symbol(tk, "vda_rqs") + 2 * 8, 0xdead0000);
	k = tk_open(tk);
	v.n = 0;
	r = k ? gendisk_foreach(k, see, &v) : -1;
	CHECK(r == 0 && v.n == 2 && v.d[1].in_flight[0] == 1 && v.d[1].in_flight[1] == 0,
	      "%s: vda: an unreadable request is left out", what);
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 2 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x7400000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
