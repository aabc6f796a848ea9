/* Path names of dentries, built the way the kernel's d_path() builds them
 * for /proc/PID/fd and /proc/PID/maps: walk d_parent up to the root of the
 * mount, cross to the mount point in the parent mount, and stop at a
 * mount that is its own parent.  Pseudo files get the names their file
 * system's d_dname gives them (pipe:[ino], socket:[ino],
 * anon_inode:[eventfd]), and an unlinked dentry gets " (deleted)". */
#ifndef CRASH_KERNEL_TYPES_LINUX_PATHS_H
#define CRASH_KERNEL_TYPES_LINUX_PATHS_H

#include <stddef.h>
#include <stdint.h>

struct kernel;

/* Longest path built; longer ones are cut (the kernel's limit too). */
#define DPATH_MAX 4096

/* Path of dentry seen through vfsmnt (a struct vfsmount *, 0 when not
 * known: then only the dentry chain is walked).  Writes a NUL-terminated
 * string into buf.  Returns 0, or negative with err_get() when a dentry
 * could not be read (buf then holds what was built, possibly ""). */
int dpath_path(struct kernel *k, uint64_t vfsmnt, uint64_t dentry, char *buf, size_t len);

/* Path of an open file (struct file *), from its f_path. */
int dpath_file(struct kernel *k, uint64_t file, char *buf, size_t len);

/* Path of a dentry when its mount is unknown (files -d): the first mount
 * of its super block that is not internal, from the super block's list of
 * mounts. */
int dpath_dentry(struct kernel *k, uint64_t dentry, char *buf, size_t len);

#endif
