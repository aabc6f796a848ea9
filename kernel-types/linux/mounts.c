/* Mounts of a mount namespace; see mounts.h. */
#include "kernel-types/linux/mounts.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/slab.h"
#include "kernel-types/walk.h"

/* mnt_flags of the cursor entries /proc/mounts readers put in the list
 * (5.8 to 6.7); they have no super block and are no mounts. */
#define MNT_CURSOR 0x10000000u

/* Offsets of what the listing reads; -1 when the kernel lacks a member. */
struct mlayout {
	long mnt;	   /* struct mount.mnt (the embedded vfsmount) */
	long devname;	   /* mount.mnt_devname */
	long parent;	   /* mount.mnt_parent */
	long mountpoint;   /* mount.mnt_mountpoint */
	long vfs_sb;	   /* vfsmount.mnt_sb */
	long vfs_flags;	   /* vfsmount.mnt_flags */
	long sb_type;	   /* super_block.s_type */
	long fst_name;	   /* file_system_type.name */
	long task_nsproxy; /* task_struct.nsproxy */
	long ns_mnt;	   /* nsproxy.mnt_ns */
	long ns_list;	   /* mnt_namespace.list (before 6.8) */
	long mnt_list;	   /* mount.mnt_list */
	long ns_mounts;	   /* mnt_namespace.mounts, an rb_root (6.8 and later) */
	long mnt_node;	   /* mount.mnt_node */
};

static const char mlayout_key;

static const struct mlayout *layout(struct kernel *k)
{
	struct mlayout *L = kernel_state(k, &mlayout_key);
	if (L)
		return L;
	L = xcalloc(1, sizeof(*L));
	L->mnt = kernel_offsetof(k, "struct mount", "mnt");
	L->devname = kernel_offsetof(k, "struct mount", "mnt_devname");
	L->parent = kernel_offsetof(k, "struct mount", "mnt_parent");
	L->mountpoint = kernel_offsetof(k, "struct mount", "mnt_mountpoint");
	L->vfs_sb = kernel_offsetof(k, "struct vfsmount", "mnt_sb");
	L->vfs_flags = kernel_offsetof(k, "struct vfsmount", "mnt_flags");
	L->sb_type = kernel_offsetof(k, "struct super_block", "s_type");
	L->fst_name = kernel_offsetof(k, "struct file_system_type", "name");
	L->task_nsproxy = kernel_offsetof(k, "struct task_struct", "nsproxy");
	L->ns_mnt = kernel_offsetof(k, "struct nsproxy", "mnt_ns");
	L->ns_list = kernel_offsetof(k, "struct mnt_namespace", "list");
	L->mnt_list = kernel_offsetof(k, "struct mount", "mnt_list");
	L->ns_mounts = kernel_offsetof(k, "struct mnt_namespace", "mounts");
	L->mnt_node = kernel_offsetof(k, "struct mount", "mnt_node");
	if (L->mnt < 0 || L->devname < 0 || L->parent < 0 || L->mountpoint < 0 || L->vfs_sb < 0 ||
	    L->sb_type < 0 || L->fst_name < 0 || L->task_nsproxy < 0 || L->ns_mnt < 0) {
		free(L);
		err_set("this kernel's struct mount/vfsmount/nsproxy layout is not known");
		return NULL;
	}
	bool tree = L->ns_mounts >= 0 && L->mnt_node >= 0;
	bool list = L->ns_list >= 0 && L->mnt_list >= 0;
	if (!tree && !list) {
		free(L);
		err_set("mnt_namespace has neither a mounts tree nor a list of mounts");
		return NULL;
	}
	kernel_set_state(k, &mlayout_key, L, free);
	return L;
}

struct mlist {
	uint64_t *v;
	size_t n, cap;
};

static int add_mount(void *arg, uint64_t entry)
{
	struct mlist *m = arg;
	if (m->n >= MOUNTS_MAX) {
		err_set("more than %d mounts: the namespace looks corrupt", MOUNTS_MAX);
		return -1;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		uint64_t *v = realloc(m->v, cap * sizeof(*v));
		if (!v) {
			err_set("out of memory");
			return -1;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = entry;
	return 0;
}

int mounts_of_task(struct kernel *k, uint64_t task, uint64_t **mounts, size_t *n)
{
	const struct mlayout *L = layout(k);
	struct mlist m = { 0 };
	uint64_t nsproxy, ns;
	int rc;

	*mounts = NULL;
	*n = 0;
	if (!L)
		return -1;
	if ((rc = kernel_read_u64(k, task + (uint64_t)L->task_nsproxy, &nsproxy)) != 0)
		return rc;
	if (!nsproxy) {
		err_set("task %" PRIx64 " has no nsproxy (it has exited)", task);
		return -1;
	}
	if ((rc = kernel_read_u64(k, nsproxy + (uint64_t)L->ns_mnt, &ns)) != 0)
		return rc;
	if (!ns) {
		err_set("task %" PRIx64 " has no mount namespace", task);
		return -1;
	}
	if (L->ns_mounts >= 0 && L->mnt_node >= 0)
		rc = kwalk_rbtree(k, ns + (uint64_t)L->ns_mounts, L->mnt_node, add_mount, &m);
	else
		rc = kwalk_list(k, ns + (uint64_t)L->ns_list, L->mnt_list, false, add_mount, &m);
	if (rc) {
		free(m.v);
		return -1;
	}
	*mounts = m.v;
	*n = m.n;
	return 0;
}

int mount_read(struct kernel *k, uint64_t mnt, struct mount_entry *ml)
{
	const struct mlayout *L = layout(k);
	uint64_t vfs, devp, parent, mp, fst, name;
	int rc;

	memset(ml, 0, sizeof(*ml));
	if (!L)
		return -1;
	vfs = mnt + (uint64_t)L->mnt;
	ml->mount = mnt;
	ml->vfsmount = vfs;
	if ((rc = kernel_read_u64(k, vfs + (uint64_t)L->vfs_sb, &ml->sb)) != 0)
		return rc;
	if (!ml->sb) {
		uint32_t flags = 0;
		if (L->vfs_flags >= 0)
			kernel_read_u32(k, vfs + (uint64_t)L->vfs_flags, &flags);
		if (flags & MNT_CURSOR)
			return 0;
		err_set("mount %" PRIx64 " has no super block", mnt);
		return -1;
	}
	if ((rc = kernel_read_u64(k, mnt + (uint64_t)L->devname, &devp)) != 0 ||
	    (rc = kernel_read_u64(k, mnt + (uint64_t)L->parent, &parent)) != 0 ||
	    (rc = kernel_read_u64(k, mnt + (uint64_t)L->mountpoint, &mp)) != 0)
		return rc;
	/* Names that cannot be read are shown as crash shows them. */
	if (kernel_read_u64(k, ml->sb + (uint64_t)L->sb_type, &fst) != 0 ||
	    kernel_read_u64(k, fst + (uint64_t)L->fst_name, &name) != 0 ||
	    kernel_read_string(k, name, ml->type, sizeof(ml->type)) < 0)
		snprintf(ml->type, sizeof(ml->type), "unknown");
	if (!devp || kernel_read_string(k, devp, ml->dev, sizeof(ml->dev)) < 0)
		snprintf(ml->dev, sizeof(ml->dev), "(unknown)");
	/* The mount point is a dentry of the parent mount. */
	if (dpath_path(k, parent + (uint64_t)L->mnt, mp, ml->dir, sizeof(ml->dir)) != 0 &&
	    !ml->dir[0])
		snprintf(ml->dir, sizeof(ml->dir), "(unknown)");
	return 1;
}

int mount_object_sb(struct kernel *k, uint64_t addr, uint64_t *sb)
{
	struct slab_obj so;
	struct slab_cache c;
	int r = slab_find_object(k, addr, &so);

	if (r <= 0 || slab_cache_read(k, so.cache, &c) != 0)
		return 0;
	/* a dentry is a whole object of the dentry cache; an inode is
	 * embedded in a file system's own inode object (ext4_inode_info,
	 * shmem_inode_info), whose caches are named ..inode.. */
	if (!strcmp(c.name, "dentry") && addr == so.obj)
		r = kernel_read_member(k, addr, "dentry", "d_sb", sb);
	else if (strstr(c.name, "inode"))
		r = kernel_read_member(k, addr, "inode", "i_sb", sb);
	else
		return 0;
	return r == 0 && *sb ? 1 : 0;
}
