/* Open files of a task, struct file / inode / dentry facts; see files.h. */
#include "kernel-types/linux/files.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"

/* Offsets probed once per kernel (kernel_state); -1 when absent. */
struct files_layout {
	long f_path_mnt, f_path_dentry, f_inode;	/* struct file */
	long i_mode, i_mode_size, i_ino, i_sb, i_mapping; /* struct inode */
	long d_inode, d_sb;				/* struct dentry */
};
static const char files_layout_key;

static const struct files_layout *layout(struct kernel *k)
{
	struct files_layout *L = kernel_state(k, &files_layout_key);
	if (L)
		return L;
	long f_path_dentry = kernel_offsetof(k, "struct file", "f_path.dentry");
	long i_mode = kernel_offsetof(k, "struct inode", "i_mode");
	long d_inode = kernel_offsetof(k, "struct dentry", "d_inode");
	if (f_path_dentry < 0 || i_mode < 0 || d_inode < 0) {
		err_set("kernel has no struct dentry/file/inode layout this code knows");
		return NULL;
	}
	L = xcalloc(1, sizeof(*L));
	L->f_path_dentry = f_path_dentry;
	L->f_path_mnt = kernel_offsetof(k, "struct file", "f_path.mnt");
	L->f_inode = kernel_offsetof(k, "struct file", "f_inode");
	L->i_mode = i_mode;
	L->i_mode_size = kernel_member_size(k, "struct inode", "i_mode");
	L->i_ino = kernel_offsetof(k, "struct inode", "i_ino");
	L->i_sb = kernel_offsetof(k, "struct inode", "i_sb");
	L->i_mapping = kernel_offsetof(k, "struct inode", "i_mapping");
	L->d_inode = d_inode;
	L->d_sb = kernel_offsetof(k, "struct dentry", "d_sb");
	kernel_set_state(k, &files_layout_key, L, free);
	return L;
}

/* A pointer member at off (0 when the kernel has no such member). */
static int rd64(struct kernel *k, uint64_t base, long off, uint64_t *v)
{
	*v = 0;
	if (off < 0)
		return 0;
	return kernel_read_u64(k, base + (uint64_t)off, v);
}

/* A pointer member that must exist. */
static int rdptr(struct kernel *k, uint64_t base, long off, uint64_t *v, const char *what)
{
	*v = 0;
	if (off < 0) {
		err_set("kernel has no %s", what);
		return -1;
	}
	return kernel_read_u64(k, base + (uint64_t)off, v);
}

int fdtable_task_files(struct kernel *k, uint64_t task, uint64_t *files)
{
	return rdptr(k, task, kernel_offsetof(k, "struct task_struct", "files"), files,
		     "task_struct.files");
}

int fs_struct_of_task(struct kernel *k, uint64_t task, uint64_t *fs)
{
	return rdptr(k, task, kernel_offsetof(k, "struct task_struct", "fs"), fs,
		     "task_struct.fs");
}

int fs_struct_paths(struct kernel *k, uint64_t fs, struct fs_paths *out)
{
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = rdptr(k, fs, kernel_offsetof(k, "struct fs_struct", "root.mnt"), &out->root_mnt,
			"fs_struct.root")) != 0 ||
	    (rc = rdptr(k, fs, kernel_offsetof(k, "struct fs_struct", "root.dentry"),
			&out->root_dentry, "fs_struct.root")) != 0 ||
	    (rc = rdptr(k, fs, kernel_offsetof(k, "struct fs_struct", "pwd.mnt"), &out->pwd_mnt,
			"fs_struct.pwd")) != 0 ||
	    (rc = rdptr(k, fs, kernel_offsetof(k, "struct fs_struct", "pwd.dentry"),
			&out->pwd_dentry, "fs_struct.pwd")) != 0)
		return rc;
	return 0;
}

int fdtable_foreach(struct kernel *k, uint64_t files_struct,
		    int (*fn)(void *arg, unsigned fd, uint64_t file), void *arg)
{
	uint64_t fdt, fdarr, open_fds;
	uint32_t max_fds;
	long o_fdt = kernel_offsetof(k, "struct files_struct", "fdt");
	long o_max = kernel_offsetof(k, "struct fdtable", "max_fds");
	long o_fd = kernel_offsetof(k, "struct fdtable", "fd");
	long o_open = kernel_offsetof(k, "struct fdtable", "open_fds");
	uint64_t *bits;
	size_t nwords, w;
	int rc = 0;

	if (o_fdt < 0 || o_max < 0 || o_fd < 0 || o_open < 0) {
		err_set("kernel has no files_struct.fdt layout this code knows");
		return -1;
	}
	if ((rc = kernel_read_u64(k, files_struct + (uint64_t)o_fdt, &fdt)) != 0)
		return rc;
	if (!fdt)
		return 0;
	if ((rc = kernel_read_u32(k, fdt + (uint64_t)o_max, &max_fds)) != 0 ||
	    (rc = kernel_read_u64(k, fdt + (uint64_t)o_fd, &fdarr)) != 0 ||
	    (rc = kernel_read_u64(k, fdt + (uint64_t)o_open, &open_fds)) != 0)
		return rc;
	if (!fdarr || !open_fds || !max_fds)
		return 0;
	if (max_fds > FDTABLE_MAX_FDS) {
		err_set("fdtable %#llx: max_fds %u is not believable", (unsigned long long)fdt,
			max_fds);
		return -1;
	}
	nwords = (max_fds + 63) / 64;
	bits = xcalloc(nwords, sizeof(*bits));
	if ((rc = kernel_read(k, open_fds, bits, nwords * sizeof(*bits))) != 0) {
		free(bits);
		return rc;
	}
	for (w = 0; w < nwords && !rc; w++) {
		uint64_t set = bits[w];
		while (set && !rc) {
			unsigned b = (unsigned)__builtin_ctzll(set);
			unsigned fd = (unsigned)(w * 64 + b);
			uint64_t file;
			set &= set - 1;
			if (fd >= max_fds)
				break;
			if ((rc = kernel_read_u64(k, fdarr + 8ull * fd, &file)) != 0)
				break;
			/* An fd reserved by open() but not yet installed
			 * has its bit set and no file. */
			if (file)
				rc = fn(arg, fd, file);
		}
	}
	free(bits);
	return rc;
}

int kfile_read(struct kernel *k, uint64_t file, struct kfile *f)
{
	const struct files_layout *L = layout(k);
	int rc;

	memset(f, 0, sizeof(*f));
	if (!L)
		return -1;
	if ((rc = rd64(k, file, L->f_path_dentry, &f->dentry)) != 0 ||
	    (rc = rd64(k, file, L->f_path_mnt, &f->vfsmnt)) != 0 ||
	    (rc = rd64(k, file, L->f_inode, &f->inode)) != 0)
		return rc;
	if (!f->inode && f->dentry && (rc = rd64(k, f->dentry, L->d_inode, &f->inode)) != 0)
		return rc;
	return 0;
}

int kinode_read(struct kernel *k, uint64_t inode, struct kinode *ii)
{
	const struct files_layout *L = layout(k);
	uint64_t mode = 0;
	int rc;

	memset(ii, 0, sizeof(*ii));
	if (!L)
		return -1;
	if ((rc = kernel_read_uint(k, inode + (uint64_t)L->i_mode,
				   L->i_mode_size > 0 ? (size_t)L->i_mode_size : 2, &mode)) != 0)
		return rc;
	ii->mode = (uint32_t)mode;
	if ((rc = rd64(k, inode, L->i_ino, &ii->ino)) != 0 ||
	    (rc = rd64(k, inode, L->i_sb, &ii->sb)) != 0 ||
	    (rc = rd64(k, inode, L->i_mapping, &ii->mapping)) != 0)
		return rc;
	return 0;
}

int kdentry_read(struct kernel *k, uint64_t dentry, struct kdentry *d)
{
	const struct files_layout *L = layout(k);
	int rc;

	memset(d, 0, sizeof(*d));
	if (!L)
		return -1;
	if ((rc = rd64(k, dentry, L->d_inode, &d->inode)) != 0)
		return rc;
	if (rd64(k, dentry, L->d_sb, &d->sb) != 0)
		d->sb = 0;	/* shown as 0, as a missing super block */
	return 0;
}

const char *kinode_type(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "REG ";
	case S_IFDIR: return "DIR ";
	case S_IFCHR: return "CHR ";
	case S_IFBLK: return "BLK ";
	case S_IFLNK: return "LNK ";
	case S_IFIFO: return "FIFO";
	case S_IFSOCK: return "SOCK";
	default: return "UNKN";
	}
}
