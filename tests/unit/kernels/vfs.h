/* Types of the "vfs" test kernel (vfs.c): dentries, mounts, inodes and
 * files as 6.1 has them, a task's fd table and fs_struct, a mount
 * namespace, an address space's page cache and the swap areas, with the
 * members linux/{paths,files,mounts,pagecache,swap}.c probe, in the
 * kernel's order.  Shared with tests/unit/test_files.c and test_swap.c,
 * which take offsets from them. */
#ifndef CRASH_TESTS_KERNELS_VFS_H
#define CRASH_TESTS_KERNELS_VFS_H

#include "tk_kernel.h"

typedef unsigned short umode_t;

#define S_IFSOCK 0140000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000

#define MNT_INTERNAL 0x4000
#define MNT_CURSOR 0x10000000

struct dentry;
struct inode;
struct super_block;
struct mount;

struct qstr {
	union {
		struct {
			u32 hash;
			u32 len;
		};
		u64 hash_len;
	};
	const unsigned char *name;
};

struct hlist_bl_node {
	struct hlist_bl_node *next, **pprev;
};

struct dentry_operations {
	int (*d_revalidate)(struct dentry *, unsigned int);
	int (*d_weak_revalidate)(struct dentry *, unsigned int);
	int (*d_hash)(const struct dentry *, struct qstr *);
	int (*d_compare)(const struct dentry *, unsigned int, const char *, const struct qstr *);
	int (*d_delete)(const struct dentry *);
	int (*d_init)(struct dentry *);
	void (*d_release)(struct dentry *);
	void (*d_prune)(struct dentry *);
	char *(*d_dname)(struct dentry *, char *, int);
};

struct dentry {
	unsigned int d_flags;
	unsigned int d_seq;
	struct hlist_bl_node d_hash;	/* pprev 0: unhashed */
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
	unsigned char d_iname[32];
	u64 d_lockref;
	const struct dentry_operations *d_op;
	struct super_block *d_sb;
	unsigned long d_time;
	void *d_fsdata;
};

struct file_system_type {
	const char *name;
	int fs_flags;
};

struct super_block {
	struct list_head s_list;
	unsigned int s_dev;
	struct file_system_type *s_type;
	struct dentry *s_root;
	struct list_head s_mounts;	/* struct mount.mnt_instance */
	struct list_head s_inodes;
};

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	int mnt_flags;
	void *mnt_userns;
};

struct mount {
	struct hlist_node mnt_hash;
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
	struct list_head mnt_mounts;
	struct list_head mnt_child;
	struct list_head mnt_instance;	/* on super_block.s_mounts */
	const char *mnt_devname;
	struct list_head mnt_list;	/* on mnt_namespace.list */
};

struct ns_common {
	long stashed;
	const void *ops;
	unsigned int inum;
};

struct mnt_namespace {
	struct ns_common ns;
	struct mount *root;
	struct list_head list;
	unsigned int mounts;
};

struct nsproxy {
	atomic_t count;
	void *uts_ns;
	void *ipc_ns;
	struct mnt_namespace *mnt_ns;
};

struct address_space {
	struct inode *host;
	struct xarray i_pages;
	unsigned long flags;
	unsigned long nrpages;
};

struct inode {
	umode_t i_mode;
	unsigned short i_opflags;
	unsigned int i_uid;
	unsigned int i_gid;
	unsigned int i_flags;
	const void *i_op;
	struct super_block *i_sb;
	struct address_space *i_mapping;
	unsigned long i_ino;
	struct address_space i_data;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	union {
		struct list_head f_llist;
		struct rcu_head f_rcuhead;
	};
	struct path f_path;
	struct inode *f_inode;
	const void *f_op;
	unsigned int f_flags;
};

struct fdtable {
	unsigned int max_fds;
	struct file **fd;
	unsigned long *close_on_exec;
	unsigned long *open_fds;
	unsigned long *full_fds_bits;
	struct rcu_head rcu;
};

struct files_struct {
	atomic_t count;
	int resize_in_progress;
	struct list_head resize_wait;
	struct fdtable *fdt;
	struct fdtable fdtab;
};

struct fs_struct {
	int users;
	spinlock_t lock;
	unsigned int seq;
	int umask;
	int in_exec;
	struct path root, pwd;
};

struct task_struct {
	unsigned int __state;
	int pid;
	struct fs_struct *fs;
	struct files_struct *files;
	struct nsproxy *nsproxy;
};

/* include/linux/swap.h */
#define SWP_USED 1
#define SWP_WRITEOK 2
struct swap_info_struct {
	unsigned long flags;
	signed short prio;
	struct list_head list;
	signed char type;
	unsigned int max;
	unsigned char *swap_map;
	struct file *swap_file;
	unsigned int pages;
	unsigned int inuse_pages;
};

#endif
