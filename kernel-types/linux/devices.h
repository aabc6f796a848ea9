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

#endif
