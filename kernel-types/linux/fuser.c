/* Who uses a file; see fuser.h. */
#include "kernel-types/linux/fuser.h"

#include <stdbool.h>
#include <string.h>

#include "kernel-types/kernel.h"
#include "kernel-types/linux/files.h"
#include "kernel-types/linux/mm.h"
#include "kernel-types/linux/paths.h"

struct fuser_ctx {
	struct kernel *k;
	const struct fuser_target *t;
	bool hit;
};

/* A path (mount and dentry) is the target: its inode, or its full path. */
static bool path_is(struct fuser_ctx *c, uint64_t mnt, uint64_t dentry)
{
	if (!dentry)
		return false;
	if (c->t->inode) {
		struct kdentry d;
		return kdentry_read(c->k, dentry, &d) == 0 && d.inode == c->t->inode;
	}
	char buf[DPATH_MAX];
	return dpath_path(c->k, mnt, dentry, buf, sizeof buf) >= 0 && !strcmp(buf, c->t->path);
}

static bool file_is(struct fuser_ctx *c, uint64_t file)
{
	struct kfile f;
	if (!file || kfile_read(c->k, file, &f) != 0)
		return false;
	if (c->t->inode)
		return f.inode == c->t->inode;
	return path_is(c, f.vfsmnt, f.dentry);
}

static int fd_cb(void *arg, unsigned fd, uint64_t file)
{
	struct fuser_ctx *c = arg;
	(void)fd;
	if (file_is(c, file)) {
		c->hit = true;
		return 1;
	}
	return 0;
}

static int vma_cb(void *arg, const struct vma *v)
{
	struct fuser_ctx *c = arg;
	if (file_is(c, v->file)) {
		c->hit = true;
		return 1;
	}
	return 0;
}

int fuser_task(struct kernel *k, uint64_t task, const struct fuser_target *t, unsigned *uses)
{
	struct fuser_ctx c = { .k = k, .t = t };
	uint64_t fs = 0, files = 0, mm = 0;

	*uses = 0;
	if (fs_struct_of_task(k, task, &fs) < 0)
		return -1;
	if (fs) {
		struct fs_paths p;
		if (fs_struct_paths(k, fs, &p) == 0) {
			if (path_is(&c, p.root_mnt, p.root_dentry))
				*uses |= FUSER_ROOT;
			if (path_is(&c, p.pwd_mnt, p.pwd_dentry))
				*uses |= FUSER_CWD;
		}
	}
	if (fdtable_task_files(k, task, &files) == 0 && files) {
		c.hit = false;
		fdtable_foreach(k, files, fd_cb, &c);
		if (c.hit)
			*uses |= FUSER_FD;
	}
	if (mm_of_task(k, task, &mm) == 0 && mm) {
		c.hit = false;
		vma_foreach(k, mm, vma_cb, &c);
		if (c.hit)
			*uses |= FUSER_MMAP;
	}
	return 0;
}
