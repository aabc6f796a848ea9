/* Who uses a file: a task's root and working directory, its open file
 * descriptors and its file mappings, matched by inode or by path. */
#ifndef CRASH_KERNEL_TYPES_LINUX_FUSER_H
#define CRASH_KERNEL_TYPES_LINUX_FUSER_H

#include <stdint.h>

struct kernel;

enum fuser_use {
	FUSER_ROOT = 1,		/* fs->root */
	FUSER_CWD = 2,		/* fs->pwd */
	FUSER_FD = 4,		/* an open file descriptor */
	FUSER_MMAP = 8,		/* a VMA maps it */
};

/* The file asked about: an inode address, or (inode 0) a full path. */
struct fuser_target {
	uint64_t inode;
	const char *path;
};

/* How task uses the target: a mask of enum fuser_use, 0 when it does not;
 * -1 with err_get() when the task's fs_struct cannot be read.  Unreadable
 * files and VMAs are passed over (a dump is untrusted). */
int fuser_task(struct kernel *k, uint64_t task, const struct fuser_target *t, unsigned *uses);

#endif
