/* The "vfs" test kernel, for tests/unit/test_files.c and test_swap.c:
 * files and paths as 6.1 has them.
 *
 *   mounts:   rootfs "/" (its own parent) <- ext4 /dev/vda1 on its root
 *             <- devtmpfs on /dev; an internal devtmpfs mount (first on
 *             the super block's list) and an internal pipefs mount
 *   namespace (init_mnt_ns): rootfs, ext4, a /proc/mounts cursor, devtmpfs
 *   dentries: /etc/passwd, /dev/null, /dev/zram0, /tmpf (unlinked), a
 *             pipe named by pipefs_dname, two dentries that are each
 *             other's parent
 *   task_wl:  fs_struct (root /, cwd /etc), fds 0 /dev/null, 1
 *             /etc/passwd, 5 (reserved: no file), 63 the pipe
 *   page cache of /etc/passwd: an xarray of two levels with pages at
 *             index 0 and 67, a shadow (value) entry and a sibling entry
 *   swap:     swap_info[0] /dev/zram0 (a block device), swap_info[1] free
 * Everything but the symbols the walkers look up (pipefs_dname, swap_info,
 * nr_swapfiles) is in the direct map, as slab objects are. */
#include "vfs.h"

#define NAME(s) { { { .hash = 0, .len = sizeof(s) - 1 } }, (const unsigned char *)(s) }
/* d_hash.pprev is not NULL for a hashed dentry */
#define HASHED(var) { .pprev = &(var).d_hash.next }
#define DENTRY(var, parent, name, inode, sb)                                          \
	__direct struct dentry var = { .d_hash = HASHED(var), .d_parent = &(parent),   \
				       .d_name = NAME(name), .d_inode = (inode), .d_sb = (sb) }
#define UNHASHED_DENTRY(var, parent, name, inode, sb)                                \
	__direct struct dentry var = { .d_parent = &(parent), .d_name = NAME(name),    \
				       .d_inode = (inode), .d_sb = (sb) }

#define X(type, ...) extern type __VA_ARGS__
X(struct dentry, d_rroot, d_root0, d_etc, d_passwd, d_devdir, d_tmpf, d_loop_a, d_loop_b,
  d_dev0, d_null, d_zram, d_pipe0, d_pipe);
X(struct mount, mnt_rootfs, mnt_root, mnt_cursor, mnt_dev, mnt_devint, mnt_pipe);
X(struct super_block, sb_rootfs, sb_root, sb_dev, sb_pipe);
X(struct inode, i_passwd, i_null, i_zram, i_pipe);
X(struct file, f_passwd, f_null, f_pipe, f_deleted, f_zram);
X(struct xa_node, xa_top, xa_leaf);
X(struct mnt_namespace, init_mnt_ns);
X(struct fdtable, fdt_wl);
X(struct fs_struct, fs_wl);
X(struct files_struct, files_wl);
X(struct nsproxy, nsproxy_wl);
X(struct swap_info_struct, si_zram, si_free);

/* fs/pipe.c: pipes name themselves "pipe:[ino]" */
char *pipefs_dname(struct dentry *dentry, char *buffer, int buflen);
char *pipefs_dname(struct dentry *dentry, char *buffer, int buflen)
{
	(void)dentry;
	(void)buflen;
	return buffer;
}
const struct dentry_operations pipefs_dentry_operations = { .d_dname = pipefs_dname };

struct file_system_type rootfs_fs_type = { .name = "rootfs" };
struct file_system_type ext4_fs_type = { .name = "ext4" };
struct file_system_type dev_fs_type = { .name = "devtmpfs" };
struct file_system_type pipe_fs_type = { .name = "pipefs" };

/* ---- super blocks, each with its list of mounts (mnt_instance) ---- */
__direct struct super_block sb_rootfs = {
	.s_type = &rootfs_fs_type, .s_root = &d_rroot,
	.s_mounts = LIST_NODE(&mnt_rootfs.mnt_instance, &mnt_rootfs.mnt_instance),
};
__direct struct super_block sb_root = {
	.s_type = &ext4_fs_type, .s_root = &d_root0,
	.s_mounts = LIST_NODE(&mnt_root.mnt_instance, &mnt_root.mnt_instance),
};
/* the internal mount first: files -d picks the other one */
__direct struct super_block sb_dev = {
	.s_type = &dev_fs_type, .s_root = &d_dev0,
	.s_mounts = LIST_NODE(&mnt_devint.mnt_instance, &mnt_dev.mnt_instance),
};
__direct struct super_block sb_pipe = {
	.s_type = &pipe_fs_type, .s_root = &d_pipe0,
	.s_mounts = LIST_NODE(&mnt_pipe.mnt_instance, &mnt_pipe.mnt_instance),
};

/* ---- mounts ---- */
__direct struct mount mnt_rootfs = {
	.mnt_parent = &mnt_rootfs, .mnt_mountpoint = &d_rroot,
	.mnt = { .mnt_root = &d_rroot, .mnt_sb = &sb_rootfs },
	.mnt_instance = LIST_NODE(&sb_rootfs.s_mounts, &sb_rootfs.s_mounts),
	.mnt_devname = "rootfs",
	.mnt_list = LIST_NODE(&mnt_root.mnt_list, &init_mnt_ns.list),
};
__direct struct mount mnt_root = {
	.mnt_parent = &mnt_rootfs, .mnt_mountpoint = &d_rroot,
	.mnt = { .mnt_root = &d_root0, .mnt_sb = &sb_root },
	.mnt_instance = LIST_NODE(&sb_root.s_mounts, &sb_root.s_mounts),
	.mnt_devname = "/dev/vda1",
	.mnt_list = LIST_NODE(&mnt_cursor.mnt_list, &mnt_rootfs.mnt_list),
};
/* a reader of /proc/mounts: no super block, MNT_CURSOR */
__direct struct mount mnt_cursor = {
	.mnt = { .mnt_flags = MNT_CURSOR },
	.mnt_list = LIST_NODE(&mnt_dev.mnt_list, &mnt_root.mnt_list),
};
__direct struct mount mnt_dev = {
	.mnt_parent = &mnt_root, .mnt_mountpoint = &d_devdir,
	.mnt = { .mnt_root = &d_dev0, .mnt_sb = &sb_dev },
	.mnt_instance = LIST_NODE(&sb_dev.s_mounts, &mnt_devint.mnt_instance),
	.mnt_devname = "devtmpfs",
	.mnt_list = LIST_NODE(&init_mnt_ns.list, &mnt_cursor.mnt_list),
};
__direct struct mount mnt_devint = {
	.mnt_parent = &mnt_devint, .mnt_mountpoint = &d_dev0,
	.mnt = { .mnt_root = &d_dev0, .mnt_sb = &sb_dev, .mnt_flags = MNT_INTERNAL },
	.mnt_instance = LIST_NODE(&mnt_dev.mnt_instance, &sb_dev.s_mounts),
	.mnt_devname = "devtmpfs",
};
__direct struct mount mnt_pipe = {
	.mnt_parent = &mnt_pipe, .mnt_mountpoint = &d_pipe0,
	.mnt = { .mnt_root = &d_pipe0, .mnt_sb = &sb_pipe, .mnt_flags = MNT_INTERNAL },
	.mnt_instance = LIST_NODE(&sb_pipe.s_mounts, &sb_pipe.s_mounts),
	.mnt_devname = "pipefs",
};

__direct struct mnt_namespace init_mnt_ns = {
	.ns = { .inum = 0xf0000000 }, .root = &mnt_rootfs,
	.list = LIST_NODE(&mnt_rootfs.mnt_list, &mnt_dev.mnt_list), .mounts = 3,
};

/* ---- dentries ---- */
DENTRY(d_rroot, d_rroot, "/", 0, &sb_rootfs);
DENTRY(d_root0, d_root0, "/", 0, &sb_root);
DENTRY(d_etc, d_root0, "etc", 0, &sb_root);
DENTRY(d_passwd, d_etc, "passwd", &i_passwd, &sb_root);
DENTRY(d_devdir, d_root0, "dev", 0, &sb_root);
UNHASHED_DENTRY(d_tmpf, d_root0, "tmpf", &i_passwd, &sb_root);
/* a parent chain that loops and never reaches a root */
DENTRY(d_loop_a, d_loop_b, "a", 0, &sb_root);
DENTRY(d_loop_b, d_loop_a, "b", 0, &sb_root);
DENTRY(d_dev0, d_dev0, "/", 0, &sb_dev);
DENTRY(d_null, d_dev0, "null", &i_null, &sb_dev);
DENTRY(d_zram, d_dev0, "zram0", &i_zram, &sb_dev);
DENTRY(d_pipe0, d_pipe0, "/", 0, &sb_pipe);
__direct struct dentry d_pipe = {
	.d_parent = &d_pipe, .d_name = NAME(""), .d_inode = &i_pipe,
	.d_op = &pipefs_dentry_operations, .d_sb = &sb_pipe,
};

/* ---- inodes ---- */
__direct struct inode i_passwd = {
	.i_mode = S_IFREG | 0644, .i_sb = &sb_root, .i_mapping = &i_passwd.i_data, .i_ino = 11,
	.i_data = { .host = &i_passwd, .i_pages = { .xa_head = XA_NODE(&xa_top) }, .nrpages = 2 },
};
__direct struct inode i_null = {
	.i_mode = S_IFCHR | 0666, .i_sb = &sb_dev, .i_mapping = &i_null.i_data, .i_ino = 5,
	.i_data = { .host = &i_null },
};
__direct struct inode i_zram = {
	.i_mode = S_IFBLK | 0660, .i_sb = &sb_dev, .i_mapping = &i_zram.i_data, .i_ino = 300,
	.i_data = { .host = &i_zram },
};
__direct struct inode i_pipe = {
	.i_mode = S_IFIFO | 0600, .i_sb = &sb_pipe, .i_mapping = &i_pipe.i_data, .i_ino = 1234,
	.i_data = { .host = &i_pipe },
};

/* the page cache of /etc/passwd: index 0 in the top node, 64 + 3 below */
__direct struct xa_node xa_top = {
	.shift = 6, .count = 2, .array = &i_passwd.i_data.i_pages,
	.slots = { (void *)0xffffea0000002000UL, XA_NODE(&xa_leaf) },
};
__direct struct xa_node xa_leaf = {
	.shift = 0, .offset = 1, .count = 3, .nr_values = 1, .parent = &xa_top,
	.array = &i_passwd.i_data.i_pages,
	.slots = {
		[3] = (void *)0xffffea0000001000UL,
		[4] = (void *)((0x1234UL << 1) | 1),	/* xa_mk_value(): a shadow entry */
		[5] = (void *)((3UL << 2) | 2),		/* xa_mk_sibling(3) */
	},
};

/* ---- files ---- */
#define FILE(var, mount, dentry, inode)                                                \
	__direct struct file var = { .f_path = { &(mount).mnt, &(dentry) }, .f_inode = (inode) }
FILE(f_passwd, mnt_root, d_passwd, &i_passwd);
FILE(f_null, mnt_dev, d_null, &i_null);
FILE(f_pipe, mnt_pipe, d_pipe, &i_pipe);
FILE(f_deleted, mnt_root, d_tmpf, &i_passwd);
FILE(f_zram, mnt_dev, d_zram, 0);	/* no f_inode: the dentry's */

/* ---- a task: fds, root and cwd, mount namespace ---- */
__direct struct file *fd_array_wl[64] = { [0] = &f_null, [1] = &f_passwd, [63] = &f_pipe };
/* fd 5 is reserved by an open() that has not installed its file yet */
__direct unsigned long open_fds_wl[1] = { (1UL << 0) | (1UL << 1) | (1UL << 5) | (1UL << 63) };
__direct struct fdtable fdt_wl = { .max_fds = 64, .fd = fd_array_wl, .open_fds = open_fds_wl };
__direct struct files_struct files_wl = { .count = { 1 }, .fdt = &fdt_wl };
__direct struct fs_struct fs_wl = {
	.users = 1, .umask = 022,
	.root = { &mnt_root.mnt, &d_root0 }, .pwd = { &mnt_root.mnt, &d_etc },
};
__direct struct nsproxy nsproxy_wl = { .count = { 1 }, .mnt_ns = &init_mnt_ns };
__direct struct task_struct task_wl = {
	.pid = 100, .fs = &fs_wl, .files = &files_wl, .nsproxy = &nsproxy_wl,
};
/* an exited task: no fs, no files, no nsproxy */
__direct struct task_struct task_gone = { .__state = 0x80, .pid = 101 };

/* ---- swap: mm/swapfile.c ---- */
__direct struct swap_info_struct si_zram = {
	.flags = SWP_USED | SWP_WRITEOK, .prio = -2, .type = 0, .max = 131072,
	.swap_file = &f_zram, .pages = 131071, .inuse_pages = 4000,
};
__direct struct swap_info_struct si_free = { .flags = 0, .type = 1 };
struct swap_info_struct *swap_info[32] = { &si_zram, &si_free };
unsigned int nr_swapfiles = 2;
