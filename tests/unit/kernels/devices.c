/* The "devices" test kernel, for tests/unit/test_devices.c.
 *
 * chrdevs:     1 "mem" with its cdev (memory_fops), chained in bucket 1 to
 *              256 "big" without one; 4 "/dev/vc/0" registered apart from
 *              its cdev, which cdev_map's probe for 4:0 holds
 *              (console_fops); 13 "input" with no cdev at all
 * major_names: 7 "loop" and 254 "zram", each with a gendisk among the
 *              block device inodes; 259 "blkext" without
 * ioport_resource: "PCI IO" 0-ffff with children "dma1" 0-1f, "pic1"
 *              20-21 (its child "pic1-low" 20-20) and "keyboard" 60-60;
 *              iomem_resource: "PCI mem" alone
 */
#include "devices.h"

const struct file_operations memory_fops, console_fops;
const struct block_device_operations lo_fops, zram_devops;

__direct struct cdev cdev_mem = { .ops = &memory_fops, .dev = MKDEV(1, 1), .count = 256 };
__direct struct cdev cdev_console = { .ops = &console_fops, .dev = MKDEV(4, 0), .count = 1 };

extern struct char_device_struct cd_big;
__direct struct char_device_struct cd_mem = { .next = &cd_big, .major = 1, .baseminor = 0,
					      .minorct = 256, .name = "mem", .cdev = &cdev_mem };
__direct struct char_device_struct cd_big = { .major = 256, .minorct = 1, .name = "big" };
__direct struct char_device_struct cd_vc = { .major = 4, .minorct = 1, .name = "/dev/vc/0" };
__direct struct char_device_struct cd_input = { .major = 13, .minorct = 1024, .name = "input" };
struct char_device_struct *chrdevs[CHRDEV_MAJOR_HASH_SIZE] = {
	[1] = &cd_mem, [4] = &cd_vc, [13] = &cd_input,
};

/* two probes in bucket 4: 259:0 (another major) first, then 4:0 */
extern struct probe probe_vc;
__direct struct probe probe_other = { .next = &probe_vc, .dev = MKDEV(259, 0), .range = 1 };
__direct struct probe probe_vc = { .dev = MKDEV(4, 0), .range = 1, .data = &cdev_console };
__direct struct kobj_map cdev_map_obj = { .probes = { [4] = &probe_other } };
struct kobj_map *cdev_map = &cdev_map_obj;

__direct struct blk_major_name bm_loop = { .major = 7, .name = "loop" };
__direct struct blk_major_name bm_zram = { .major = 254, .name = "zram" };
__direct struct blk_major_name bm_blkext = { .major = 259, .name = "blkext" };
struct blk_major_name *major_names[BLKDEV_MAJOR_HASH_SIZE] = {
	[7] = &bm_loop, [254] = &bm_zram, [259 % BLKDEV_MAJOR_HASH_SIZE] = &bm_blkext,
};

__direct struct gendisk disk_loop0 = { .major = 7, .minors = 1, .disk_name = "loop0", .fops = &lo_fops };
__direct struct gendisk disk_zram0 = { .major = 254, .minors = 1, .disk_name = "zram0",
				       .fops = &zram_devops };
extern struct super_block bdev_sb;
extern struct bdev_inode bi_loop0, bi_zram0;
__direct struct bdev_inode bi_loop0 = {
	.bdev = { .bd_disk = &disk_loop0, .bd_dev = MKDEV(7, 0) },
	.vfs_inode = { .i_sb_list = LIST_NODE(&bi_zram0.vfs_inode.i_sb_list, &bdev_sb.s_inodes) },
};
__direct struct bdev_inode bi_zram0 = {
	.bdev = { .bd_disk = &disk_zram0, .bd_dev = MKDEV(254, 0) },
	.vfs_inode = { .i_sb_list = LIST_NODE(&bdev_sb.s_inodes, &bi_loop0.vfs_inode.i_sb_list) },
};
__direct struct super_block bdev_sb = {
	.s_inodes = LIST_NODE(&bi_loop0.vfs_inode.i_sb_list, &bi_zram0.vfs_inode.i_sb_list),
};
struct super_block *blockdev_superblock = &bdev_sb;

extern struct resource ioport_resource, res_dma1, res_pic1, res_pic1_low, res_kbd;
__direct struct resource res_dma1 = { .start = 0, .end = 0x1f, .name = "dma1",
				      .parent = &ioport_resource, .sibling = &res_pic1 };
__direct struct resource res_pic1 = { .start = 0x20, .end = 0x21, .name = "pic1",
				      .parent = &ioport_resource, .sibling = &res_kbd,
				      .child = &res_pic1_low };
__direct struct resource res_pic1_low = { .start = 0x20, .end = 0x20, .name = "pic1-low",
					  .parent = &res_pic1 };
__direct struct resource res_kbd = { .start = 0x60, .end = 0x60, .name = "keyboard",
				     .parent = &ioport_resource };
struct resource ioport_resource = { .start = 0, .end = 0xffff, .name = "PCI IO", .child = &res_dma1 };
struct resource iomem_resource = { .start = 0, .end = ~0ull, .name = "PCI mem" };
