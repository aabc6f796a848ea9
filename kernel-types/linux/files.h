/* Open files: a task's fd table (files_struct->fdt), its root and working
 * directory (fs_struct), and the facts of a struct file, inode and dentry
 * that files, swap and net show.  Paths of them: linux/paths.h. */
#ifndef CRASH_KERNEL_TYPES_LINUX_FILES_H
#define CRASH_KERNEL_TYPES_LINUX_FILES_H

#include <stdint.h>

struct kernel;

/* Most fds looked at in one table: a corrupt max_fds must not make us
 * read gigabytes.  (The kernel's own default limit is 1048576.) */
#define FDTABLE_MAX_FDS (1u << 20)

/* Call fn for each open fd of a files_struct, in increasing order, with
 * the struct file * (never 0).  Stops when fn returns non-zero and
 * returns that value; 0 when all were seen; negative with err_get() when
 * the table could not be read. */
int fdtable_foreach(struct kernel *k, uint64_t files_struct,
		    int (*fn)(void *arg, unsigned fd, uint64_t file), void *arg);

/* files_struct of a task (0 for a task without). */
int fdtable_task_files(struct kernel *k, uint64_t task, uint64_t *files);

/* fs_struct of a task (0 for a task without), and its root and working
 * directory as (vfsmount, dentry). */
int fs_struct_of_task(struct kernel *k, uint64_t task, uint64_t *fs);
struct fs_paths {
	uint64_t root_mnt, root_dentry, pwd_mnt, pwd_dentry;
};
int fs_struct_paths(struct kernel *k, uint64_t fs, struct fs_paths *out);

/* A struct file: its f_path and inode (f_inode, or the dentry's). */
struct kfile {
	uint64_t dentry, vfsmnt, inode;
};
int kfile_read(struct kernel *k, uint64_t file, struct kfile *f);

/* A struct inode. */
struct kinode {
	uint32_t mode;		/* i_mode: S_IFMT bits and permissions */
	uint64_t ino;
	uint64_t sb;		/* super block */
	uint64_t mapping;	/* i_mapping */
};
int kinode_read(struct kernel *k, uint64_t inode, struct kinode *i);

/* A struct dentry: its inode (0 for a negative dentry) and super block. */
struct kdentry {
	uint64_t inode, sb;
};
int kdentry_read(struct kernel *k, uint64_t dentry, struct kdentry *d);

/* Four-letter type of an i_mode, as crash prints it: "REG ", "DIR ",
 * "CHR ", "BLK ", "LNK ", "FIFO", "SOCK", "UNKN". */
const char *kinode_type(uint32_t mode);

#endif
