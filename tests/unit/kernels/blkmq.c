/* The "blkmq" test kernel, for tests/unit/test_blkmq.c: the disks dev -d
 * counts requests in flight of.
 *
 * zram0: bio-based; part0's per-CPU in_flight: CPU 0 {2, 1}, CPU 1
 *        {-1, 0} (an I/O started on one CPU and ended on the other):
 *        1 read, 1 write
 * vda:   blk-mq, two hardware queues sharing one tag set with one
 *        reserved tag; tags in use: reserved 0 (a read in flight), 1 (a
 *        write in flight), 2 (another queue's request), 5 (a read
 *        completed, no longer in flight): 1 read, 1 write
 * vda1:  a partition of vda (bd_partno 1): not a disk of its own
 */
#include "blkmq.h"

const int mq_ops_obj;
struct request_queue vda_q, other_q;

DEFINE_PER_CPU(struct disk_stats, zram_stats) = { .in_flight = { 2, 1 } };
PER_CPU_INIT(1, zram_stats) = { .in_flight = { (unsigned long)-1, 0 } };

__direct struct request rq_res = { .q = &vda_q, .cmd_flags = 0, .state = 1 };
__direct struct request rq_w = { .q = &vda_q, .cmd_flags = 1, .state = 1 };
__direct struct request rq_other = { .q = &other_q, .cmd_flags = 1, .state = 1 };
__direct struct request rq_done = { .q = &vda_q, .cmd_flags = 0, .state = 2 };
/* reserved tags first, then the normal ones: rqs[nr_reserved_tags + tag] */
__direct struct request *vda_rqs[9] = { &rq_res, 0, &rq_w, &rq_other, 0, 0, &rq_done };

DEFINE_PER_CPU(unsigned int, vda_hint);
__direct struct sbitmap_word vda_words[1] = { { .word = 0x26 } };	/* tags 1, 2, 5 */
__direct struct sbitmap_word vda_res_words[1] = { { .word = 0x1 } };
__direct struct sbq_wait_state vda_ws[8];
__direct struct blk_mq_tags vda_tags = {
	.nr_tags = 9, .nr_reserved_tags = 1,
	.bitmap_tags = { .sb = { .depth = 8, .shift = 5, .map_nr = 1, .map = vda_words,
				 .alloc_hint = &vda_hint }, .ws = vda_ws },
	.breserved_tags = { .sb = { .depth = 1, .shift = 5, .map_nr = 1, .map = vda_res_words,
				    .alloc_hint = &vda_hint }, .ws = vda_ws },
	.rqs = vda_rqs,
};
__direct struct blk_mq_hw_ctx vda_hctx0 = { .tags = &vda_tags }, vda_hctx1 = { .tags = &vda_tags };
__direct struct blk_mq_hw_ctx *vda_hctxs[2] = { &vda_hctx0, &vda_hctx1 };
struct request_queue vda_q = { .mq_ops = (void *)&mq_ops_obj, .queue_hw_ctx = vda_hctxs, .nr_hw_queues = 2 };
struct request_queue other_q = { .mq_ops = (void *)&mq_ops_obj };
struct request_queue zram_q;

extern struct bdev_inode bi_zram0, bi_vda, bi_vda1;
struct super_block bdev_sb;
__direct struct gendisk disk_zram0 = { .major = 254, .disk_name = "zram0", .queue = &zram_q,
				       .part0 = &bi_zram0.bdev };
__direct struct gendisk disk_vda = { .major = 253, .disk_name = "vda", .queue = &vda_q,
				     .part0 = &bi_vda.bdev };
__direct struct bdev_inode bi_zram0 = {
	.bdev = { .bd_disk = &disk_zram0, .bd_stats = &zram_stats },
	.vfs_inode = { .i_sb_list = LIST_NODE(&bi_vda.vfs_inode.i_sb_list, &bdev_sb.s_inodes) },
};
__direct struct bdev_inode bi_vda = {
	.bdev = { .bd_disk = &disk_vda },
	.vfs_inode = { .i_sb_list = LIST_NODE(&bi_vda1.vfs_inode.i_sb_list, &bi_zram0.vfs_inode.i_sb_list) },
};
__direct struct bdev_inode bi_vda1 = {
	.bdev = { .bd_disk = &disk_vda, .bd_partno = 1 },
	.vfs_inode = { .i_sb_list = LIST_NODE(&bdev_sb.s_inodes, &bi_vda.vfs_inode.i_sb_list) },
};
struct super_block bdev_sb = {
	.s_inodes = LIST_NODE(&bi_zram0.vfs_inode.i_sb_list, &bi_vda1.vfs_inode.i_sb_list),
};
struct super_block *blockdev_superblock = &bdev_sb;
