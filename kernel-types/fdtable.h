/* Open files of a task: the fd table (files_struct->fdt) and the root
 * and working directory (fs_struct). */
#ifndef CRASH_KERNEL_TYPES_FDTABLE_H
#define CRASH_KERNEL_TYPES_FDTABLE_H

#include <stdint.h>

struct kernel;

/* Most fds looked at in one table: a corrupt max_fds must not make us
 * read gigabytes.  (The kernel's own default limit is 1048576.) */
#define FDTABLE_MAX_FDS (1u << 20)

/* Call fn for each open fd of a files_struct, in increasing order, with
 * the struct file * (never 0).  Stops when fn returns non-zero and
 * returns that value; 0 when all were seen; -1 with err_get() when the
 * table could not be read. */
int fdtable_foreach(struct kernel *k, uint64_t files_struct,
		    int (*fn)(void *arg, unsigned fd, uint64_t file), void *arg);

/* files_struct and fs_struct of a task (0 for a task without). */
int fdtable_task_files(struct kernel *k, uint64_t task, uint64_t *files);
int fdtable_task_fs(struct kernel *k, uint64_t task, uint64_t *fs);

/* Root and working directory of an fs_struct as (vfsmount, dentry). */
struct fdtable_fs {
	uint64_t root_mnt, root_dentry, pwd_mnt, pwd_dentry;
};
int fdtable_fs_paths(struct kernel *k, uint64_t fs, struct fdtable_fs *out);

#endif
