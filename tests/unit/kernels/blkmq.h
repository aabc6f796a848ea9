/* Types of the "blkmq" test kernel (blkmq.c): 6.1's gendisk with its
 * part0 block device and per-CPU disk_stats (block/genhd.c), and the
 * blk-mq queue of an older kernel (queue_hw_ctx[], before 5.18's
 * hctx_table xarray) with its tags (include/linux/blk-mq.h).  Shared
 * with tests/unit/test_blkmq.c. */
#ifndef CRASH_TESTS_KERNELS_BLKMQ_H
#define CRASH_TESTS_KERNELS_BLKMQ_H

#include "sbitmap.h"

struct disk_stats {
	unsigned long nsecs[4];
	unsigned long in_flight[2];
};

struct request_queue;

struct block_device {
	unsigned long bd_start_sect;
	struct disk_stats *bd_stats;	/* __percpu */
	struct gendisk *bd_disk;
	u8 bd_partno;
};

struct gendisk {
	int major;
	int first_minor;
	char disk_name[32];
	void *fops;
	struct request_queue *queue;
	struct block_device *part0;
};

struct inode {
	struct list_head i_sb_list;
};

struct bdev_inode {
	struct block_device bdev;
	struct inode vfs_inode;
};

struct super_block {
	struct list_head s_inodes;
};

struct request {
	struct request_queue *q;
	unsigned int cmd_flags;	/* REQ_OP_READ 0, REQ_OP_WRITE 1 */
	int tag;
	int state;		/* MQ_RQ_IDLE 0, MQ_RQ_IN_FLIGHT 1, MQ_RQ_COMPLETE 2 */
};

struct blk_mq_tags {
	unsigned int nr_tags;
	unsigned int nr_reserved_tags;
	struct sbitmap_queue bitmap_tags;
	struct sbitmap_queue breserved_tags;
	struct request **rqs;
};

struct blk_mq_hw_ctx {
	struct blk_mq_tags *tags;
};

struct request_queue {
	void *mq_ops;
	struct blk_mq_hw_ctx **queue_hw_ctx;
	unsigned int nr_hw_queues;
};

#endif
