/* Devices: the character device numbers the kernel has registered (the
 * chrdevs hash of struct char_device_struct, with the struct cdev serving
 * each, from the char_device_struct or else from cdev_map's probes) and
 * the block device majors (the major_names hash of struct blk_major_name,
 * with the first gendisk of each major found among the inodes of the
 * block device pseudo file system).
 *
 * The *_check() functions say, before anything is printed, whether the
 * table is there and its layout known; the walkers check it again and
 * call fn for each entry, in hash order; a non-zero return of fn stops
 * the walk and is returned.  0, or -1 (or a read's KREAD_* code) with
 * err_get(). */
#ifndef CRASH_KERNEL_TYPES_LINUX_DEVICES_H
#define CRASH_KERNEL_TYPES_LINUX_DEVICES_H

#include <stdbool.h>
#include <stdint.h>

struct kernel;

struct chrdev_info {
	uint64_t addr;		/* struct char_device_struct */
	uint32_t major, baseminor;
	char name[128];		/* "(unknown)" when unreadable */
	uint64_t cdev;		/* 0 when none was found */
	uint64_t ops;		/* the cdev's file operations, 0 when none */
};

int chrdev_check(struct kernel *k);
int chrdev_foreach(struct kernel *k, int (*fn)(void *arg, const struct chrdev_info *d), void *arg);

struct blkdev_info {
	uint64_t addr;		/* struct blk_major_name */
	uint32_t major;
	char name[64];		/* "(unknown)" when empty */
	uint64_t gendisk;	/* the first gendisk of the major, 0 when none */
	uint64_t fops;		/* its block device operations, 0 when none */
};

int blkdev_check(struct kernel *k);
int blkdev_foreach(struct kernel *k, int (*fn)(void *arg, const struct blkdev_info *d), void *arg);

/* One struct resource of the I/O port or I/O memory tree. */
struct resource_info {
	uint64_t addr;		/* struct resource */
	uint64_t start, end;
	char name[128];		/* "" when it has none */
	int depth;		/* 0 for the root */
};
/* The tree under root ("ioport_resource", "iomem_resource"), depth
 * first: each resource, then its children, then its siblings.  Bounded
 * (a loop or more than 65536 resources ends it with -1). */
int resource_foreach(struct kernel *k, const char *root,
		     int (*fn)(void *arg, const struct resource_info *r), void *arg);

/* PCI: each root bus (pci_root_buses) and its devices, then the devices
 * of the buses below it (their children lists), depth first. */
struct pci_bus_info {
	uint64_t addr;		/* struct pci_bus */
	char name[64];		/* its device's name, "0000:00" */
};
struct pci_dev_info {
	uint64_t addr;		/* struct pci_dev */
	char name[64];		/* its device's name, "0000:00:01.1" */
	uint32_t devfn, class;	/* class: 24 bits, class, subclass, interface */
	uint16_t vendor, device;
	const char *type;	/* "ENDPOINT", "ROOT_PORT", "PCI_BRIDGE"... */
};
/* bus_fn is called for each root bus, dev_fn for each device under it.
 * 0, or -1 (or a read's code) with err_get(). */
int pci_foreach(struct kernel *k, int (*bus_fn)(void *arg, const struct pci_bus_info *b),
		int (*dev_fn)(void *arg, const struct pci_dev_info *d), void *arg);

/* Each gendisk (whole disks, found as blkdev_foreach finds them), with
 * its request queue and the requests in flight, as the kernel's
 * part_in_flight() counts them: a bio-based queue's from part0's per-CPU
 * bd_stats in_flight[READ] and [WRITE]; a blk-mq queue's (mq) from its
 * hardware queues' tags in use, the requests of this queue in state
 * MQ_RQ_IN_FLIGHT, by direction. */
struct gendisk_info {
	uint64_t addr;
	uint32_t major;
	char name[40];
	uint64_t queue;
	uint64_t in_flight[2];	/* READ, WRITE */
	bool stats;		/* in_flight could be counted */
	bool mq;
};
int gendisk_foreach(struct kernel *k, int (*fn)(void *arg, const struct gendisk_info *d), void *arg);

#endif
