/* Character and block devices; see devices.h. */
#include "kernel-types/linux/devices.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

/* Both hashes have 255 buckets (CHRDEV_MAJOR_HASH_SIZE,
 * BLKDEV_MAJOR_HASH_SIZE) unless the symbol table says otherwise. */
#define MAJOR_HASH_SIZE 255
#define MINORBITS 20
/* Entries of one cdev_map probe list followed at most. */
#define CHAIN_MAX 4096

/* Number of elements of the global array of pointers sym, from its size
 * in the symbol table; fallback when that does not tell. */
static long array_len(struct kernel *k, const char *sym, long fallback)
{
	struct kernel_sym s;
	if (kernel_symbol_info(k, sym, &s) != 0 || s.size < 8)
		return fallback;
	return (long)(s.size / 8);
}

/* ---- character devices ---- */

struct chr_layout {
	uint64_t base;		/* chrdevs[] */
	long next, major, baseminor, name, name_size, cdev, cdev_ops;
	long probe_next, probe_dev, probe_data, map_probes;
};

static int chr_layout(struct kernel *k, struct chr_layout *L)
{
	const char *t = "struct char_device_struct";
	if (kernel_symbol(k, "chrdevs", &L->base) != 0) {
		err_set("chrdevs: symbol does not exist");
		return -1;
	}
	L->next = kernel_offsetof(k, t, "next");
	L->major = kernel_offsetof(k, t, "major");
	L->baseminor = kernel_offsetof(k, t, "baseminor");
	L->name = kernel_offsetof(k, t, "name");
	L->name_size = kernel_member_size(k, t, "name");
	L->cdev = kernel_offsetof(k, t, "cdev");
	L->cdev_ops = kernel_offsetof(k, "struct cdev", "ops");
	L->probe_next = kernel_offsetof(k, "struct probe", "next");
	L->probe_dev = kernel_offsetof(k, "struct probe", "dev");
	L->probe_data = kernel_offsetof(k, "struct probe", "data");
	L->map_probes = kernel_offsetof(k, "struct kobj_map", "probes");
	if (L->next < 0 || L->major < 0 || L->name < 0 || L->name_size <= 0 || L->cdev < 0 ||
	    L->cdev_ops < 0) {
		err_set("this kernel's char_device_struct layout is not known");
		return -1;
	}
	return 0;
}

int chrdev_check(struct kernel *k)
{
	struct chr_layout L;
	return chr_layout(k, &L);
}

/* A device number registered without its cdev in char_device_struct
 * (register_chrdev_region, then cdev_add): its cdev is the data of the
 * cdev_map probe for major:baseminor. */
struct probe_find {
	struct kernel *k;
	const struct chr_layout *L;
	uint32_t major, minor;
	uint64_t data;
	int n;
};

static int probe_match(void *arg, uint64_t p)
{
	struct probe_find *f = arg;
	uint32_t dev;
	if (++f->n > CHAIN_MAX || kernel_read_u32(f->k, p + (uint64_t)f->L->probe_dev, &dev) != 0)
		return -1;
	if (dev >> MINORBITS != f->major || (dev & ((1u << MINORBITS) - 1)) != f->minor)
		return 0;
	if (kernel_read_u64(f->k, p + (uint64_t)f->L->probe_data, &f->data) != 0)
		f->data = 0;
	return 1;
}

static uint64_t cdev_from_map(struct kernel *k, const struct chr_layout *L, uint32_t major,
			      uint32_t minor)
{
	struct probe_find f = { .k = k, .L = L, .major = major, .minor = minor };
	uint64_t map, p;
	if (L->probe_next < 0 || L->probe_dev < 0 || L->probe_data < 0 || L->map_probes < 0)
		return 0;
	if (kernel_symbol(k, "cdev_map", &map) != 0 || kernel_read_u64(k, map, &map) != 0 || !map)
		return 0;
	uint64_t slot = map + (uint64_t)L->map_probes + (major % MAJOR_HASH_SIZE) * 8u;
	if (kernel_read_u64(k, slot, &p) != 0 || !p)
		return 0;
	return kwalk_chain(k, p, L->probe_next, 0, probe_match, &f) == 1 ? f.data : 0;
}

struct chr_walk {
	struct kernel *k;
	const struct chr_layout *L;
	int (*fn)(void *arg, const struct chrdev_info *d);
	void *arg;
};

static int one_chrdev(void *arg, uint64_t cd)
{
	struct chr_walk *w = arg;
	struct kernel *k = w->k;
	const struct chr_layout *L = w->L;
	struct chrdev_info d = { .addr = cd };
	int rc;

	if ((rc = kernel_read_u32(k, cd + (uint64_t)L->major, &d.major)) != 0 ||
	    (rc = kernel_read_u64(k, cd + (uint64_t)L->cdev, &d.cdev)) != 0)
		return rc;
	if (L->baseminor >= 0)
		kernel_read_u32(k, cd + (uint64_t)L->baseminor, &d.baseminor);
	if (L->name_size == 8) { /* a pointer in old kernels */
		uint64_t p = 0;
		if (kernel_read_u64(k, cd + (uint64_t)L->name, &p) != 0 || !p ||
		    kernel_read_string(k, p, d.name, sizeof(d.name)) < 0)
			snprintf(d.name, sizeof(d.name), "(unknown)");
	} else {
		size_t n = (size_t)L->name_size < sizeof(d.name) ? (size_t)L->name_size
								 : sizeof(d.name) - 1;
		d.name[n] = '\0';
		if (kernel_read(k, cd + (uint64_t)L->name, d.name, n) != 0)
			snprintf(d.name, sizeof(d.name), "(unknown)");
	}
	if (!d.cdev)
		d.cdev = cdev_from_map(k, L, d.major, d.baseminor);
	if (d.cdev && kernel_read_u64(k, d.cdev + (uint64_t)L->cdev_ops, &d.ops) != 0)
		d.ops = 0;
	return w->fn(w->arg, &d);
}

int chrdev_foreach(struct kernel *k, int (*fn)(void *arg, const struct chrdev_info *d), void *arg)
{
	struct chr_layout L;
	if (chr_layout(k, &L) != 0)
		return -1;
	long len = array_len(k, "chrdevs", MAJOR_HASH_SIZE);
	struct chr_walk w = { k, &L, fn, arg };
	for (long i = 0; i < len; i++) {
		uint64_t first;
		int rc = kernel_read_u64(k, L.base + (uint64_t)i * 8u, &first);
		if (rc == 0 && first)
			rc = kwalk_chain(k, first, L.next, 0, one_chrdev, &w);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- block devices ---- */

struct blk_layout {
	uint64_t base;		/* major_names[] */
	long next, major, name, name_size;
	long sb_inodes, i_sb_list, bd_disk, bdev_to_inode, disk_major, disk_fops;
};

static int blk_layout(struct kernel *k, struct blk_layout *L)
{
	const char *t = "struct blk_major_name";
	if (kernel_symbol(k, "major_names", &L->base) != 0) {
		err_set("major_names: symbol does not exist");
		return -1;
	}
	L->next = kernel_offsetof(k, t, "next");
	L->major = kernel_offsetof(k, t, "major");
	L->name = kernel_offsetof(k, t, "name");
	L->name_size = kernel_member_size(k, t, "name");
	L->sb_inodes = kernel_offsetof(k, "struct super_block", "s_inodes");
	L->i_sb_list = kernel_offsetof(k, "struct inode", "i_sb_list");
	L->bd_disk = kernel_offsetof(k, "struct block_device", "bd_disk");
	L->disk_major = kernel_offsetof(k, "struct gendisk", "major");
	L->disk_fops = kernel_offsetof(k, "struct gendisk", "fops");
	/* A block device inode is the vfs_inode of a struct bdev_inode,
	 * right after its struct block_device. */
	L->bdev_to_inode = kernel_offsetof(k, "struct bdev_inode", "vfs_inode");
	if (L->bdev_to_inode < 0)
		L->bdev_to_inode = kernel_sizeof(k, "struct block_device");
	if (L->next < 0 || L->major < 0 || L->name < 0 || L->name_size <= 0) {
		err_set("this kernel's blk_major_name layout is not known");
		return -1;
	}
	return 0;
}

int blkdev_check(struct kernel *k)
{
	struct blk_layout L;
	return blk_layout(k, &L);
}

/* A gendisk found among the block device inodes. */
struct disk {
	uint32_t major;
	uint64_t gendisk, fops;
};

struct blk_walk {
	struct kernel *k;
	const struct blk_layout *L;
	struct disk *v;
	size_t n, cap;
	int (*fn)(void *arg, const struct blkdev_info *d);
	void *arg;
};

static int add_disk(void *arg, uint64_t inode)
{
	struct blk_walk *w = arg;
	const struct blk_layout *L = w->L;
	uint64_t disk, fops;
	uint32_t major;

	/* An unreadable inode is skipped: the others still name disks. */
	if (kernel_read_u64(w->k, inode - (uint64_t)L->bdev_to_inode + (uint64_t)L->bd_disk, &disk) != 0 ||
	    !disk || kernel_read_u32(w->k, disk + (uint64_t)L->disk_major, &major) != 0 ||
	    kernel_read_u64(w->k, disk + (uint64_t)L->disk_fops, &fops) != 0 || !fops)
		return 0;
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->v = xreallocarray(w->v, w->cap, sizeof(*w->v));
	}
	w->v[w->n++] = (struct disk){ major, disk, fops };
	return 0;
}

/* Every gendisk with operations, from the inodes of the block device
 * pseudo file system (blockdev_superblock), in the order of its list. */
static void collect_disks(struct blk_walk *w)
{
	const struct blk_layout *L = w->L;
	uint64_t sb;
	if (L->sb_inodes < 0 || L->i_sb_list < 0 || L->bd_disk < 0 || L->disk_major < 0 ||
	    L->disk_fops < 0 || L->bdev_to_inode <= 0)
		return;
	if (kernel_symbol(w->k, "blockdev_superblock", &sb) != 0 ||
	    kernel_read_u64(w->k, sb, &sb) != 0 || !sb)
		return;
	/* A broken list leaves the disks found so far. */
	kwalk_list(w->k, sb + (uint64_t)L->sb_inodes, L->i_sb_list, false, add_disk, w);
}

static int one_blkdev(void *arg, uint64_t bm)
{
	struct blk_walk *w = arg;
	const struct blk_layout *L = w->L;
	struct blkdev_info d = { .addr = bm };
	size_t n = (size_t)L->name_size < sizeof(d.name) ? (size_t)L->name_size : sizeof(d.name) - 1;
	int rc;

	if ((rc = kernel_read_u32(w->k, bm + (uint64_t)L->major, &d.major)) != 0 ||
	    (rc = kernel_read(w->k, bm + (uint64_t)L->name, d.name, n)) != 0)
		return rc;
	d.name[n] = '\0';
	if (!d.name[0])
		snprintf(d.name, sizeof(d.name), "(unknown)");
	for (size_t i = 0; i < w->n; i++) {
		if (w->v[i].major == d.major) {
			d.gendisk = w->v[i].gendisk;
			d.fops = w->v[i].fops;
			break;
		}
	}
	return w->fn(w->arg, &d);
}

int blkdev_foreach(struct kernel *k, int (*fn)(void *arg, const struct blkdev_info *d), void *arg)
{
	struct blk_layout L;
	if (blk_layout(k, &L) != 0)
		return -1;
	long len = array_len(k, "major_names", MAJOR_HASH_SIZE);
	struct blk_walk w = { .k = k, .L = &L, .fn = fn, .arg = arg };
	int rc = 0;

	collect_disks(&w);
	for (long i = 0; i < len && rc == 0; i++) {
		uint64_t first;
		rc = kernel_read_u64(k, L.base + (uint64_t)i * 8u, &first);
		if (rc == 0 && first)
			rc = kwalk_chain(k, first, L.next, 0, one_blkdev, &w);
	}
	free(w.v);
	return rc;
}
