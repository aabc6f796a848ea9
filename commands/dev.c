/* dev: the registered character devices (the chrdevs hash of struct
 * char_device_struct) and block device majors (major_names, of struct
 * blk_major_name), each with the cdev or gendisk found for it and the
 * file or block operations it uses. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"

/* Both hashes have 255 buckets (CHRDEV_MAJOR_HASH_SIZE,
 * BLKDEV_MAJOR_HASH_SIZE) unless the debug info says otherwise. */
#define MAJOR_HASH_SIZE 255
#define MINORBITS 20
/* Entries of one hash chain or probe list followed at most. */
#define CHAIN_MAX 4096

static const char chr_header[] =
	"CHRDEV    NAME                 CDEV        OPERATIONS      \n";
static const char blk_header[] =
	"BLKDEV    NAME                GENDISK      OPERATIONS      \n";

struct dev {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
};

/* Number of elements of the global array sym (of pointers), from its
 * type; fallback when the types do not tell. */
static long array_len(struct kernel *k, const char *sym, long fallback)
{
	struct kqtype t;
	if (ktype_of_symbol(k, sym, &t) != 0)
		return fallback;
	long size = ktype_size(t.type);
	return size >= 8 ? size / 8 : fallback;
}

/* An operations pointer as crash shows it: the symbol (with a decimal
 * offset when inside one), or hex when it is in no symbol. */
static void print_ops(struct dev *d, uint64_t ops)
{
	uint64_t off = 0;
	const char *name = kernel_symbol_at(d->k, ops, &off);
	if (!name)
		fprintf(d->out, "%" PRIx64 "\n", ops);
	else if (off)
		fprintf(d->out, "%s+%" PRIu64 "\n", name, off);
	else
		fprintf(d->out, "%s\n", name);
}

/* One row: the owner (cdev or gendisk) and its operations, or "(none)"
 * centred in the address column when nothing was found. */
static void print_row(struct dev *d, uint32_t major, const char *name, uint64_t owner, uint64_t ops)
{
	fprintf(d->out, " %3u      %-13s ", major, name);
	if (!ops) {
		fprintf(d->out, "      (none)     \n");
		return;
	}
	fprintf(d->out, " %16" PRIx64 "  ", owner);
	print_ops(d, ops);
}

/* ---- character devices ---- */

struct chr_layout {
	long next, major, baseminor, name, name_size, cdev, cdev_ops;
	long probe_next, probe_dev, probe_data, map_probes;
};

static int chr_probe(struct kernel *k, struct chr_layout *L)
{
	const char *t = "struct char_device_struct";
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

/* A device number registered without its cdev in char_device_struct
 * (register_chrdev_region, then cdev_add): its cdev is the data of the
 * cdev_map probe for major:baseminor. */
static uint64_t cdev_from_map(struct dev *d, const struct chr_layout *L, uint32_t major,
			      uint32_t minor)
{
	uint64_t map, p;
	if (L->probe_next < 0 || L->probe_dev < 0 || L->probe_data < 0 || L->map_probes < 0)
		return 0;
	if (kernel_symbol(d->k, "cdev_map", &map) != 0 || kernel_read_u64(d->k, map, &map) != 0 ||
	    !map)
		return 0;
	uint64_t slot = map + (uint64_t)L->map_probes + (major % MAJOR_HASH_SIZE) * 8u;
	if (kernel_read_u64(d->k, slot, &p) != 0)
		return 0;
	for (int n = 0; p && n < CHAIN_MAX; n++) {
		uint32_t dev;
		uint64_t data;
		if (kernel_read_u32(d->k, p + (uint64_t)L->probe_dev, &dev) != 0)
			return 0;
		if (dev >> MINORBITS == major && (dev & ((1u << MINORBITS) - 1)) == minor) {
			if (kernel_read_u64(d->k, p + (uint64_t)L->probe_data, &data) != 0)
				return 0;
			return data;
		}
		if (kernel_read_u64(d->k, p + (uint64_t)L->probe_next, &p) != 0)
			return 0;
	}
	return 0;
}

struct chr_walk {
	struct dev *d;
	const struct chr_layout *L;
};

static int chr_entry(void *arg, uint64_t cd)
{
	struct chr_walk *w = arg;
	struct dev *d = w->d;
	const struct chr_layout *L = w->L;
	uint32_t major, minor = 0;
	uint64_t cdev, ops = 0;
	char name[128];

	if (kernel_read_u32(d->k, cd + (uint64_t)L->major, &major) != 0 ||
	    kernel_read_u64(d->k, cd + (uint64_t)L->cdev, &cdev) != 0)
		return -1;
	if (L->baseminor >= 0)
		kernel_read_u32(d->k, cd + (uint64_t)L->baseminor, &minor);
	if (L->name_size == 8) { /* a pointer in old kernels */
		uint64_t p = 0;
		if (kernel_read_u64(d->k, cd + (uint64_t)L->name, &p) != 0 || !p ||
		    kernel_read_string(d->k, p, name, sizeof(name)) < 0)
			snprintf(name, sizeof(name), "(unknown)");
	} else {
		size_t n = (size_t)L->name_size < sizeof(name) ? (size_t)L->name_size : sizeof(name) - 1;
		name[n] = '\0';
		if (kernel_read(d->k, cd + (uint64_t)L->name, name, n) != 0)
			snprintf(name, sizeof(name), "(unknown)");
	}
	if (!cdev)
		cdev = cdev_from_map(d, L, major, minor);
	if (cdev && kernel_read_u64(d->k, cdev + (uint64_t)L->cdev_ops, &ops) != 0)
		ops = 0;
	print_row(d, major, name, cdev, ops);
	return 0;
}

static int dump_chrdevs(struct dev *d)
{
	struct chr_layout L;
	uint64_t base;
	if (kernel_symbol(d->k, "chrdevs", &base) != 0) {
		err_set("chrdevs: symbol does not exist");
		return -1;
	}
	if (chr_probe(d->k, &L) != 0)
		return -1;
	long len = array_len(d->k, "chrdevs", MAJOR_HASH_SIZE);
	struct chr_walk w = { d, &L };

	fputs(chr_header, d->out);
	for (long i = 0; i < len; i++) {
		uint64_t first;
		if (kernel_read_u64(d->k, base + (uint64_t)i * 8u, &first) != 0)
			return -1;
		if (first && kwalk_chain(d->k, first, L.next, 0, chr_entry, &w) != 0)
			return -1;
	}
	return 0;
}

/* ---- block devices ---- */

struct blk_layout {
	long next, major, name, name_size;
	long sb_inodes, i_sb_list, bd_disk, bdev_to_inode, disk_major, disk_fops;
};

/* A gendisk found among the block device inodes. */
struct disk {
	uint32_t major;
	uint64_t gendisk, fops;
};

struct disks {
	struct disk *v;
	size_t n, cap;
	struct dev *d;
	const struct blk_layout *L;
};

static int blk_probe(struct kernel *k, struct blk_layout *L)
{
	const char *t = "struct blk_major_name";
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

static int add_disk(void *arg, uint64_t inode)
{
	struct disks *ds = arg;
	struct kernel *k = ds->d->k;
	const struct blk_layout *L = ds->L;
	uint64_t disk, fops;
	uint32_t major;

	/* An unreadable inode is skipped: the others still name disks. */
	if (kernel_read_u64(k, inode - (uint64_t)L->bdev_to_inode + (uint64_t)L->bd_disk, &disk) != 0 ||
	    !disk || kernel_read_u32(k, disk + (uint64_t)L->disk_major, &major) != 0 ||
	    kernel_read_u64(k, disk + (uint64_t)L->disk_fops, &fops) != 0 || !fops)
		return 0;
	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 32;
		struct disk *v = realloc(ds->v, cap * sizeof(*v));
		if (!v) {
			err_set("out of memory");
			return -1;
		}
		ds->v = v;
		ds->cap = cap;
	}
	ds->v[ds->n++] = (struct disk){ major, disk, fops };
	return 0;
}

/* Every gendisk with operations, from the inodes of the block device
 * pseudo file system (blockdev_superblock), in the order of its list. */
static void collect_disks(struct disks *ds)
{
	struct kernel *k = ds->d->k;
	const struct blk_layout *L = ds->L;
	uint64_t sb;
	if (L->sb_inodes < 0 || L->i_sb_list < 0 || L->bd_disk < 0 || L->disk_major < 0 ||
	    L->disk_fops < 0 || L->bdev_to_inode <= 0)
		return;
	if (kernel_symbol(k, "blockdev_superblock", &sb) != 0 || kernel_read_u64(k, sb, &sb) != 0 ||
	    !sb)
		return;
	/* A broken list leaves the disks found so far. */
	kwalk_list(k, sb + (uint64_t)L->sb_inodes, L->i_sb_list, false, add_disk, ds);
}

static const struct disk *disk_of(const struct disks *ds, uint32_t major)
{
	for (size_t i = 0; i < ds->n; i++)
		if (ds->v[i].major == major)
			return &ds->v[i];
	return NULL;
}

static int blk_entry(void *arg, uint64_t bm)
{
	struct disks *ds = arg;
	struct dev *d = ds->d;
	const struct blk_layout *L = ds->L;
	uint32_t major;
	char name[64];
	size_t n = (size_t)L->name_size < sizeof(name) ? (size_t)L->name_size : sizeof(name) - 1;

	if (kernel_read_u32(d->k, bm + (uint64_t)L->major, &major) != 0 ||
	    kernel_read(d->k, bm + (uint64_t)L->name, name, n) != 0)
		return -1;
	name[n] = '\0';
	if (!name[0])
		snprintf(name, sizeof(name), "(unknown)");
	const struct disk *dk = disk_of(ds, major);
	print_row(d, major, name, dk ? dk->gendisk : 0, dk ? dk->fops : 0);
	return 0;
}

static int dump_blkdevs(struct dev *d)
{
	struct blk_layout L;
	uint64_t base;
	if (kernel_symbol(d->k, "major_names", &base) != 0) {
		err_set("major_names: symbol does not exist");
		return -1;
	}
	if (blk_probe(d->k, &L) != 0)
		return -1;
	long len = array_len(d->k, "major_names", MAJOR_HASH_SIZE);
	struct disks ds = { .d = d, .L = &L };
	int rc = 0;

	collect_disks(&ds);
	fputs(blk_header, d->out);
	for (long i = 0; i < len && rc == 0; i++) {
		uint64_t first;
		if (kernel_read_u64(d->k, base + (uint64_t)i * 8u, &first) != 0)
			rc = -1;
		else if (first && kwalk_chain(d->k, first, L.next, 0, blk_entry, &ds) != 0)
			rc = -1;
	}
	free(ds.v);
	return rc;
}

static int dev_run(struct crash_session *s, int argc, char **argv)
{
	struct dev d = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	int opt;

	optind = 0;
	while ((opt = getopt(argc, argv, "dDipVv:")) != -1) {
		switch (opt) {
		case 'd':
		case 'D': return crash_error(s, "-%c (disk I/O statistics) is not supported", opt);
		case 'i': return crash_error(s, "-i (I/O ports and memory) is not supported");
		case 'p': return crash_error(s, "-p (PCI devices) is not supported");
		case 'V':
		case 'v': return crash_error(s, "-%c (device dumps) is not supported", opt);
		default: return -1;
		}
	}
	if (optind < argc)
		return crash_error(s, "unexpected argument: %s", argv[optind]);
	if (!d.k)
		return crash_error(s, "no dump is open");
	if (dump_chrdevs(&d) != 0)
		return crash_error(s, "character devices: %s", err_get());
	fputc('\n', d.out);
	if (dump_blkdevs(&d) != 0)
		return crash_error(s, "block devices: %s", err_get());
	return 0;
}

static const struct crash_cmd dev_cmd = {
	.name = "dev",
	.run = dev_run,
	.summary = "character and block devices",
	.synopsis = "",
	.description =
		"Lists the character device numbers the kernel has registered (its\n"
		"chrdevs table) and the block device majors (its major_names table).\n"
		"A character device line gives the major, the name given at\n"
		"registration, the struct cdev serving it and that cdev's file\n"
		"operations; a block device line gives the major, its name, the first\n"
		"gendisk of that major and the disk's block device operations.\n"
		"Operations are shown by symbol name when they are one; \"(none)\"\n"
		"means no cdev or gendisk was found for the major.\n"
		"\n"
		"The options -d, -D (disk I/O statistics), -i (I/O ports and memory),\n"
		"-p (PCI devices), -V and -v (device dumps) are not supported.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> dev\n"
		"  CHRDEV    NAME                 CDEV        OPERATIONS      \n"
		"     1      mem            ffff8f3e90592700  memory_fops\n"
		"     4      /dev/vc/0      ffffffff981fbd40  console_fops\n"
		"    13      input               (none)     \n"
		"  ...\n"
		"\n"
		"  BLKDEV    NAME                GENDISK      OPERATIONS      \n"
		"   259      blkext              (none)     \n"
		"     7      loop           ffff8f3e9fe74400  lo_fops\n"
		"   254      zram           ffff8f3e82431000  zram_devops\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(dev_cmd)
