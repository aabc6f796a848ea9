/* Mount namespaces: the mounts of a task's namespace (nsproxy->mnt_ns),
 * from its rbtree of mounts (6.8 and later) or its list of them, and what
 * mount shows of each: struct mount, super block, file system type,
 * device name and mount point. */
#ifndef CRASH_KERNEL_TYPES_LINUX_MOUNTS_H
#define CRASH_KERNEL_TYPES_LINUX_MOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "kernel-types/linux/paths.h"

struct kernel;

/* Mounts listed at most: a corrupt namespace must not eat all memory. */
#define MOUNTS_MAX (1 << 20)

/* The struct mount addresses of task's mount namespace, in the kernel's
 * order, into a malloc'ed *mounts (free it) of *n.  0, or negative with
 * err_get() (a task without a namespace, a layout this code does not
 * know, a damaged list). */
int mounts_of_task(struct kernel *k, uint64_t task, uint64_t **mounts, size_t *n);

struct mount_entry {
	uint64_t mount;		/* struct mount */
	uint64_t vfsmount;	/* its embedded struct vfsmount (mount->mnt) */
	uint64_t sb;		/* super block */
	char type[64];		/* file system type ("unknown" if unreadable) */
	char dev[256];		/* mnt_devname ("(unknown)" if none) */
	char dir[DPATH_MAX];	/* the mount point ("(unknown)" if unreadable) */
};

/* One mount.  1 with *m filled; 0 for a cursor entry of a /proc/mounts
 * reader (5.8 to 6.7), which is no mount; negative with err_get(). */
int mount_read(struct kernel *k, uint64_t mount, struct mount_entry *m);

/* The super block of the dentry or inode at addr (found by the slab cache
 * that holds it: "dentry", or a file system's inode cache), which names
 * the mount it is on: 1 with *sb set, 0 when addr is neither (or cannot
 * be read). */
int mount_object_sb(struct kernel *k, uint64_t addr, uint64_t *sb);

#endif
