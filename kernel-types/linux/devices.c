/* Character and block devices; see devices.h. */
#include "kernel-types/linux/devices.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/sbitmap.h"
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

/* ---- I/O resources ---- */

/* Resources visited at most: a machine has a few thousand; a sibling or
 * child pointer that loops back ends the walk here. */
#define RESOURCE_MAX (1u << 16)

int resource_foreach(struct kernel *k, const char *root,
		     int (*fn)(void *arg, const struct resource_info *r), void *arg)
{
	const char *t = "struct resource";
	long o_start = kernel_offsetof(k, t, "start"), o_end = kernel_offsetof(k, t, "end"),
	     o_name = kernel_offsetof(k, t, "name"), o_sib = kernel_offsetof(k, t, "sibling"),
	     o_child = kernel_offsetof(k, t, "child"), o_parent = kernel_offsetof(k, t, "parent");
	uint64_t r;
	if (kernel_symbol(k, root, &r) != 0) {
		err_set("%s: symbol does not exist", root);
		return -1;
	}
	if (o_start < 0 || o_end < 0 || o_name < 0 || o_sib < 0 || o_child < 0 || o_parent < 0) {
		err_set("this kernel's struct resource layout is not known");
		return -1;
	}
	/* child first, then sibling, else back up through parent until a
	 * sibling: no stack, bounded by a step count */
	uint64_t top = r;
	int depth = 0;
	for (unsigned long steps = 0; r; steps++) {
		if (steps > RESOURCE_MAX) {
			err_set("%s: more than %u resources (a loop?)", root, RESOURCE_MAX);
			return -1;
		}
		struct resource_info ri = { .addr = r, .depth = depth };
		uint64_t np, child, sib;
		int rc;
		if ((rc = kernel_read_u64(k, r + (uint64_t)o_start, &ri.start)) ||
		    (rc = kernel_read_u64(k, r + (uint64_t)o_end, &ri.end)) ||
		    (rc = kernel_read_u64(k, r + (uint64_t)o_name, &np)) ||
		    (rc = kernel_read_u64(k, r + (uint64_t)o_child, &child)) ||
		    (rc = kernel_read_u64(k, r + (uint64_t)o_sib, &sib)))
			return rc;
		if (np && kernel_read_string(k, np, ri.name, sizeof(ri.name)) < 0)
			snprintf(ri.name, sizeof(ri.name), "(unreadable name)");
		if ((rc = fn(arg, &ri)))
			return rc;
		if (child && depth < 64) {
			r = child;
			depth++;
			continue;
		}
		while (r != top && !sib) {
			uint64_t parent;
			if ((rc = kernel_read_u64(k, r + (uint64_t)o_parent, &parent)))
				return rc;
			if (!parent || depth == 0)
				return 0;
			r = parent;
			depth--;
			if (r == top)
				return 0;
			if ((rc = kernel_read_u64(k, r + (uint64_t)o_sib, &sib)))
				return rc;
		}
		if (r == top)
			return 0;
		r = sib;
	}
	return 0;
}

/* ---- PCI ---- */

struct pci_layout {
	long bus_node, bus_children, bus_devices, bus_dev;
	long dev_bus_list, dev_devfn, dev_class, dev_vendor, dev_device, dev_hdr, dev_pcie_cap,
	     dev_pcie_flags, dev_dev;
	long kobj_name;		/* struct device's kobj.name */
};

struct pci_walk {
	struct kernel *k;
	struct pci_layout L;
	int (*bus_fn)(void *arg, const struct pci_bus_info *b);
	int (*dev_fn)(void *arg, const struct pci_dev_info *d);
	void *arg;
	int depth;
};

static void device_name(struct kernel *k, uint64_t dev, long kobj_name, char *buf, size_t len)
{
	uint64_t p = 0;
	buf[0] = 0;
	if (kernel_read_u64(k, dev + (uint64_t)kobj_name, &p) || !p ||
	    kernel_read_string(k, p, buf, len) < 0)
		snprintf(buf, len, "(unknown)");
}

static const char *pci_type(struct kernel *k, const struct pci_layout *L, uint64_t d)
{
	/* PCIe devices by their capability's port type (PCI_EXP_TYPE_*),
	 * the others by their header type */
	static const char *const pcie[] = {
		[0] = "ENDPOINT", [1] = "LEG_END", [4] = "ROOT_PORT", [5] = "UPSTREAM_PORT",
		[6] = "DOWNSTREAM_PORT", [7] = "PCIE_BRIDGE", [8] = "PCI_BRIDGE", [9] = "RC_END",
		[10] = "RC_EC",
	};
	uint64_t cap = 0, flags = 0, hdr = 0;
	if (L->dev_pcie_cap >= 0 && L->dev_pcie_flags >= 0 &&
	    !kernel_read_member(k, d, "struct pci_dev", "pcie_cap", &cap) && cap &&
	    !kernel_read_member(k, d, "struct pci_dev", "pcie_flags_reg", &flags)) {
		unsigned t = (unsigned)(flags >> 4) & 0xf;
		return t < sizeof(pcie) / sizeof(pcie[0]) && pcie[t] ? pcie[t] : "UNKNOWN";
	}
	if (L->dev_hdr >= 0 && !kernel_read_member(k, d, "struct pci_dev", "hdr_type", &hdr)) {
		switch (hdr & 0x7f) {
		case 0: return "ENDPOINT";
		case 1: return "PCI_BRIDGE";
		case 2: return "CARDBUS_BRIDGE";
		}
	}
	return "UNKNOWN";
}

static int pci_one_dev(void *arg, uint64_t d)
{
	struct pci_walk *w = arg;
	const struct pci_layout *L = &w->L;
	struct pci_dev_info di = { .addr = d };
	uint64_t v;
	int rc;
	if ((rc = kernel_read_member(w->k, d, "struct pci_dev", "devfn", &v)))
		return rc;
	di.devfn = (uint32_t)v;
	if ((rc = kernel_read_member(w->k, d, "struct pci_dev", "class", &v)))
		return rc;
	di.class = (uint32_t)v;
	if ((rc = kernel_read_member(w->k, d, "struct pci_dev", "vendor", &v)))
		return rc;
	di.vendor = (uint16_t)v;
	if ((rc = kernel_read_member(w->k, d, "struct pci_dev", "device", &v)))
		return rc;
	di.device = (uint16_t)v;
	device_name(w->k, d + (uint64_t)L->dev_dev, L->kobj_name, di.name, sizeof(di.name));
	di.type = pci_type(w->k, L, d);
	return w->dev_fn(w->arg, &di);
}

static int pci_one_bus(void *arg, uint64_t b)
{
	struct pci_walk *w = arg;
	const struct pci_layout *L = &w->L;
	int rc;
	if (w->depth == 0 && w->bus_fn) {
		struct pci_bus_info bi = { .addr = b };
		device_name(w->k, b + (uint64_t)L->bus_dev, L->kobj_name, bi.name, sizeof(bi.name));
		if ((rc = w->bus_fn(w->arg, &bi)))
			return rc;
	}
	if ((rc = kwalk_list(w->k, b + (uint64_t)L->bus_devices, L->dev_bus_list, false, pci_one_dev, w)))
		return rc;
	if (w->depth >= 32)	/* buses nest no deeper than 256 bus numbers allow */
		return 0;
	w->depth++;
	rc = kwalk_list(w->k, b + (uint64_t)L->bus_children, L->bus_node, false, pci_one_bus, w);
	w->depth--;
	return rc;
}

int pci_foreach(struct kernel *k, int (*bus_fn)(void *arg, const struct pci_bus_info *b),
		int (*dev_fn)(void *arg, const struct pci_dev_info *d), void *arg)
{
	struct pci_walk w = { .k = k, .bus_fn = bus_fn, .dev_fn = dev_fn, .arg = arg };
	struct pci_layout *L = &w.L;
	uint64_t roots;
	if (kernel_symbol(k, "pci_root_buses", &roots) != 0) {
		err_set("pci_root_buses does not exist in this kernel: no PCI");
		return -1;
	}
	L->bus_node = kernel_offsetof(k, "struct pci_bus", "node");
	L->bus_children = kernel_offsetof(k, "struct pci_bus", "children");
	L->bus_devices = kernel_offsetof(k, "struct pci_bus", "devices");
	L->bus_dev = kernel_offsetof(k, "struct pci_bus", "dev");
	L->dev_bus_list = kernel_offsetof(k, "struct pci_dev", "bus_list");
	L->dev_devfn = kernel_offsetof(k, "struct pci_dev", "devfn");
	L->dev_class = kernel_offsetof(k, "struct pci_dev", "class");
	L->dev_vendor = kernel_offsetof(k, "struct pci_dev", "vendor");
	L->dev_device = kernel_offsetof(k, "struct pci_dev", "device");
	L->dev_hdr = kernel_offsetof(k, "struct pci_dev", "hdr_type");
	L->dev_pcie_cap = kernel_offsetof(k, "struct pci_dev", "pcie_cap");
	L->dev_pcie_flags = kernel_offsetof(k, "struct pci_dev", "pcie_flags_reg");
	L->dev_dev = kernel_offsetof(k, "struct pci_dev", "dev");
	L->kobj_name = kernel_offsetof(k, "struct device", "kobj.name");
	if (L->bus_node < 0 || L->bus_children < 0 || L->bus_devices < 0 || L->bus_dev < 0 ||
	    L->dev_bus_list < 0 || L->dev_devfn < 0 || L->dev_class < 0 || L->dev_vendor < 0 ||
	    L->dev_device < 0 || L->dev_dev < 0 || L->kobj_name < 0) {
		err_set("this kernel's struct pci_bus/pci_dev layout is not known");
		return -1;
	}
	return kwalk_list(k, roots, L->bus_node, false, pci_one_bus, &w);
}

/* ---- disk I/O statistics ---- */

struct disk_walk {
	struct kernel *k;
	uint64_t *seen;
	size_t nseen, cap;
	long sb_inodes, i_sb_list, bd_disk, bdev_to_inode, bd_partno;
	int (*fn)(void *arg, const struct gendisk_info *d);
	void *arg;
};

static void disk_stats(struct kernel *k, struct gendisk_info *gi)
{
	/* part0: a struct block_device * since 5.11 (bd_stats per CPU),
	 * before that an embedded struct hd_struct (dkstats) */
	const char *pt = kernel_member_type(k, "struct gendisk", "part0");
	long o_part0 = kernel_offsetof(k, "struct gendisk", "part0");
	long o_stats = kernel_offsetof(k, "struct block_device", "bd_stats");
	long o_inf = kernel_offsetof(k, "struct disk_stats", "in_flight");
	long sz = kernel_sizeof(k, "struct disk_stats");
	uint64_t part0, stats;
	if (!pt || !strchr(pt, '*') || o_part0 < 0 || o_stats < 0 || o_inf < 0 || sz <= 0 ||
	    kernel_read_u64(k, gi->addr + (uint64_t)o_part0, &part0) || !part0 ||
	    kernel_read_u64(k, part0 + (uint64_t)o_stats, &stats) || !stats)
		return;
	uint64_t sum[2] = { 0, 0 };
	for (int c = 0; c < kernel_nr_cpus(k); c++) {
		uint64_t a, v[2];
		if (kernel_percpu_ptr(k, stats, c, &a) || kernel_read(k, a + (uint64_t)o_inf, v, sizeof(v)))
			return;
		sum[0] += v[0];
		sum[1] += v[1];
	}
	/* per-CPU counters go negative on one CPU and positive on another */
	gi->in_flight[0] = (int64_t)sum[0] < 0 ? 0 : sum[0];
	gi->in_flight[1] = (int64_t)sum[1] < 0 ? 0 : sum[1];
	gi->stats = true;
}

/* blk-mq: the requests in flight as the kernel's blk_mq_in_flight()
 * counts them: each hardware queue's tags (shared tag sets once), every
 * tag in use whose request is this queue's and in flight (MQ_RQ_IN_FLIGHT),
 * by data direction (REQ_OP_* bit 0: a write). */
#define MAX_HCTX 4096
#define MQ_RQ_IN_FLIGHT 1

struct mq_count {
	struct kernel *k;
	uint64_t q;
	uint64_t tags[64];	/* tag sets counted already */
	int ntags;
	uint64_t n[2];
	bool ok;
};

static void mq_count_bitmap(struct mq_count *c, uint64_t sbq, uint64_t rqs, uint32_t first)
{
	struct ksbitmapq b;
	if (ksbitmapq_read(c->k, sbq, &b) != 0) {
		c->ok = false;
		return;
	}
	for (uint32_t t = 0; t < b.depth; t++) {
		uint64_t rq, rq_q, st, flags;
		if (!ksbitmapq_bit(&b, t))
			continue;
		if (kernel_read_u64(c->k, rqs + (uint64_t)(first + t) * 8, &rq) || !rq ||
		    kernel_read_member(c->k, rq, "struct request", "q", &rq_q) || rq_q != c->q ||
		    kernel_read_member(c->k, rq, "struct request", "state", &st) || st != MQ_RQ_IN_FLIGHT ||
		    kernel_read_member(c->k, rq, "struct request", "cmd_flags", &flags))
			continue;
		c->n[flags & 1]++;
	}
	ksbitmapq_free(&b);
}

static int mq_count_hctx(void *arg, uint64_t index, uint64_t hctx)
{
	struct mq_count *c = arg;
	uint64_t tags, rqs, nres = 0;
	(void)index;
	if (!hctx || kernel_read_member(c->k, hctx, "struct blk_mq_hw_ctx", "tags", &tags) || !tags) {
		c->ok = false;
		return 0;
	}
	for (int i = 0; i < c->ntags; i++)
		if (c->tags[i] == tags)
			return 0;
	if (c->ntags == (int)(sizeof(c->tags) / sizeof(c->tags[0]))) {
		c->ok = false;
		return 1;
	}
	c->tags[c->ntags++] = tags;
	if (kernel_read_member(c->k, tags, "struct blk_mq_tags", "rqs", &rqs) || !rqs ||
	    kernel_read_member(c->k, tags, "struct blk_mq_tags", "nr_reserved_tags", &nres)) {
		c->ok = false;
		return 0;
	}
	/* the queues are embedded in struct blk_mq_tags since 5.16, pointers
	 * before */
	static const char *const m[2] = { "breserved_tags", "bitmap_tags" };
	for (int i = 0; i < 2; i++) {
		const char *ty = kernel_member_type(c->k, "struct blk_mq_tags", m[i]);
		long off = kernel_offsetof(c->k, "struct blk_mq_tags", m[i]);
		uint64_t sbq = tags + (uint64_t)off;
		if (!ty || off < 0 || (strchr(ty, '*') && kernel_read_u64(c->k, sbq, &sbq))) {
			c->ok = false;
			continue;
		}
		if (i == 0 && !nres)
			continue;	/* no reserved tags */
		mq_count_bitmap(c, sbq, rqs, i ? (uint32_t)nres : 0);
	}
	return 0;
}

static void mq_stats(struct kernel *k, struct gendisk_info *gi)
{
	struct mq_count c = { .k = k, .q = gi->queue, .ok = true };
	long xa = kernel_offsetof(k, "struct request_queue", "hctx_table");
	if (xa >= 0) {	/* 5.18+: an xarray of hardware contexts */
		if (kwalk_xarray(k, gi->queue + (uint64_t)xa, mq_count_hctx, &c) < 0)
			return;
	} else {
		uint64_t tbl, nr;
		if (kernel_read_member(k, gi->queue, "struct request_queue", "queue_hw_ctx", &tbl) || !tbl ||
		    kernel_read_member(k, gi->queue, "struct request_queue", "nr_hw_queues", &nr) ||
		    nr > MAX_HCTX)
			return;
		for (uint64_t i = 0; i < nr; i++) {
			uint64_t h;
			if (kernel_read_u64(k, tbl + i * 8, &h) || mq_count_hctx(&c, i, h))
				break;
		}
	}
	if (!c.ok || !c.ntags)
		return;
	gi->in_flight[0] = c.n[0];
	gi->in_flight[1] = c.n[1];
	gi->stats = true;
}

static int disk_one(void *arg, uint64_t inode)
{
	struct disk_walk *w = arg;
	uint64_t bdev = inode - (uint64_t)w->bdev_to_inode, disk, v;
	if (kernel_read_u64(w->k, bdev + (uint64_t)w->bd_disk, &disk) || !disk)
		return 0;
	/* a partition: its disk comes with partition 0 (bd_partno, or the
	 * low byte of __bd_flags where that replaced it) */
	if (w->bd_partno >= 0 &&
	    (kernel_read_member(w->k, bdev, "struct block_device", "bd_partno", &v) || v))
		return 0;
	if (w->bd_partno < 0 &&
	    !kernel_read_member(w->k, bdev, "struct block_device", "__bd_flags", &v) && (v & 0xff))
		return 0;
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i] == disk)
			return 0;
	if (w->nseen == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->seen = xreallocarray(w->seen, w->cap, sizeof(*w->seen));
	}
	w->seen[w->nseen++] = disk;
	struct gendisk_info gi = { .addr = disk };
	long o_name = kernel_offsetof(w->k, "struct gendisk", "disk_name");
	if (kernel_read_member(w->k, disk, "struct gendisk", "major", &v))
		return 0;
	gi.major = (uint32_t)v;
	if (o_name < 0 || kernel_read(w->k, disk + (uint64_t)o_name, gi.name, sizeof(gi.name) - 8))
		snprintf(gi.name, sizeof(gi.name), "(unknown)");
	gi.name[sizeof(gi.name) - 8] = 0;
	kernel_read_member(w->k, disk, "struct gendisk", "queue", &gi.queue);
	uint64_t mq = 0;
	if (gi.queue && !kernel_read_member(w->k, gi.queue, "struct request_queue", "mq_ops", &mq))
		gi.mq = mq != 0;
	if (gi.mq)	/* blk-mq keeps no counters: its tags say */
		mq_stats(w->k, &gi);
	else
		disk_stats(w->k, &gi);
	return w->fn(w->arg, &gi);
}

int gendisk_foreach(struct kernel *k, int (*fn)(void *arg, const struct gendisk_info *d), void *arg)
{
	struct disk_walk w = { .k = k, .fn = fn, .arg = arg };
	uint64_t sb;
	w.sb_inodes = kernel_offsetof(k, "struct super_block", "s_inodes");
	w.i_sb_list = kernel_offsetof(k, "struct inode", "i_sb_list");
	w.bd_disk = kernel_offsetof(k, "struct block_device", "bd_disk");
	w.bd_partno = kernel_offsetof(k, "struct block_device", "bd_partno");
	w.bdev_to_inode = kernel_offsetof(k, "struct bdev_inode", "vfs_inode");
	if (w.bdev_to_inode < 0)
		w.bdev_to_inode = kernel_sizeof(k, "struct block_device");
	if (w.sb_inodes < 0 || w.i_sb_list < 0 || w.bd_disk < 0 || w.bdev_to_inode <= 0 ||
	    kernel_offsetof(k, "struct gendisk", "major") < 0) {
		err_set("this kernel's block device layout is not known");
		return -1;
	}
	if (kernel_symbol(k, "blockdev_superblock", &sb) != 0 || kernel_read_u64(k, sb, &sb) != 0 || !sb) {
		err_set("blockdev_superblock cannot be read");
		return -1;
	}
	int rc = kwalk_list(k, sb + (uint64_t)w.sb_inodes, w.i_sb_list, false, disk_one, &w);
	free(w.seen);
	return rc;
}
