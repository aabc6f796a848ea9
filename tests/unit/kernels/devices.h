/* Types of the "devices" test kernel (devices.c): 6.1's character device
 * registrations (fs/char_dev.c, drivers/base/map.c) and block majors
 * (block/genhd.c) with the gendisks behind the block device inodes
 * (block/bdev.c).  Shared with tests/unit/test_devices.c. */
#ifndef CRASH_TESTS_KERNELS_DEVICES_H
#define CRASH_TESTS_KERNELS_DEVICES_H

#include "tk_kernel.h"

#define CHRDEV_MAJOR_HASH_SIZE 255
#define BLKDEV_MAJOR_HASH_SIZE 255
#define MINORBITS 20
#define MKDEV(ma, mi) (((ma) << MINORBITS) | (mi))

typedef u32 dev_t;

struct file_operations {
	void *owner;
	long (*llseek)(void);
};

struct block_device_operations {
	int (*submit_bio)(void);
};

struct cdev {
	void *kobj[8];
	void *owner;
	const struct file_operations *ops;
	struct list_head list;
	dev_t dev;
	unsigned int count;
};

struct char_device_struct {
	struct char_device_struct *next;
	unsigned int major;
	unsigned int baseminor;
	int minorct;
	char name[64];
	struct cdev *cdev;
};

struct probe {
	struct probe *next;
	dev_t dev;
	unsigned long range;
	void *owner;
	void *get;
	void *lock;
	void *data;
};

struct kobj_map {
	struct probe *probes[255];
	void *lock;
};

struct blk_major_name {
	struct blk_major_name *next;
	int major;
	char name[16];
	void (*probe)(dev_t devt);
};

struct gendisk {
	int major;
	int first_minor;
	int minors;
	char disk_name[32];
	const struct block_device_operations *fops;
};

struct inode {
	unsigned short i_mode;
	unsigned int i_flags;
	struct list_head i_sb_list;
	unsigned long i_ino;
};

struct block_device {
	unsigned long bd_start_sect;
	struct gendisk *bd_disk;
	dev_t bd_dev;
};

struct bdev_inode {
	struct block_device bdev;
	struct inode vfs_inode;
};

struct super_block {
	struct list_head s_list;
	unsigned long s_flags;
	struct list_head s_inodes;
};

struct resource {
	u64 start, end;
	const char *name;
	unsigned long flags, desc;
	struct resource *parent, *sibling, *child;
};

#endif
