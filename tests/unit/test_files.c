/* Files and paths (kernel-types/linux/{paths,files,pagecache,mounts}.c)
 * on the test seam: the real walkers, through kernel_open(), on the "vfs"
 * test kernel (tests/unit/kernels/vfs.c).  Paths as d_path() builds them
 * (across mount points, the root, a pipe named by its d_dname, an
 * unlinked file, a short buffer, a loop of dentries), struct file, inode
 * and dentry facts, a task's fd table (reserved fds skipped, an absurd
 * max_fds refused) and fs_struct, the mounts of its namespace (a
 * /proc/mounts cursor skipped), the path of a dentry through its super
 * block's mounts, and the page cache's xarray (value and sibling entries
 * skipped, a bad shift refused).  Once plain and once with KASLR and
 * moved direct map in a kdump file; damaged dumps opened again. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/linux/linux.h"
#include "kernels/vfs.h"
#include "testkernel.h"

static struct testkernel *tk;
#define SYM(name) tk_symbol(tk, name)

/* ---- dentry paths ---- */
static void test_paths(const char *what, struct kernel *k)
{
	char p[DPATH_MAX];
	uint64_t mnt_root = SYM("mnt_root") + offsetof(struct mount, mnt);
	uint64_t mnt_dev = SYM("mnt_dev") + offsetof(struct mount, mnt);
	uint64_t mnt_pipe = SYM("mnt_pipe") + offsetof(struct mount, mnt);

	CHECK(dpath_path(k, mnt_root, SYM("d_passwd"), p, sizeof(p)) == 0 &&
		      !strcmp(p, "/etc/passwd"),
	      "%s: path across the root mount: %s", what, p);
	CHECK(dpath_path(k, mnt_dev, SYM("d_null"), p, sizeof(p)) == 0 && !strcmp(p, "/dev/null"),
	      "%s: path across a mount point: %s", what, p);
	CHECK(dpath_path(k, mnt_root, SYM("d_root0"), p, sizeof(p)) == 0 && !strcmp(p, "/"),
	      "%s: root is /: %s", what, p);
	CHECK(dpath_path(k, mnt_pipe, SYM("d_pipe"), p, sizeof(p)) == 0 &&
		      !strcmp(p, "pipe:[1234]"),
	      "%s: pipe name from d_dname (pipefs_dname): %s", what, p);
	CHECK(dpath_path(k, mnt_root, SYM("d_tmpf"), p, sizeof(p)) == 0 &&
		      !strcmp(p, "/tmpf (deleted)"),
	      "%s: unlinked file: %s", what, p);
	CHECK(dpath_path(k, mnt_root, SYM("d_passwd"), p, 6) == 0 && strlen(p) == 5,
	      "%s: short buffer is cut, not overrun", what);
	CHECK(dpath_path(k, 0, SYM("d_passwd"), p, sizeof(p)) == 0 && !strcmp(p, "/etc/passwd"),
	      "%s: no mount: the dentry chain alone: %s", what, p);
	CHECK(!strcmp(kinode_type(020666), "CHR ") && !strcmp(kinode_type(0140777), "SOCK") &&
		      !strcmp(kinode_type(0), "UNKN") && !strcmp(kinode_type(0100644), "REG "),
	      "%s: mode types", what);

	/* A dentry whose parent chain loops (never reaching a root). */
	int rc = dpath_path(k, mnt_root, SYM("d_loop_b"), p, sizeof(p));
	CHECK(rc == 0 && strlen(p) < DPATH_MAX, "%s: a dentry loop ends (path %zu bytes)", what,
	      strlen(p));

	CHECK(dpath_file(k, SYM("f_null"), p, sizeof(p)) == 0 && !strcmp(p, "/dev/null"),
	      "%s: path of a struct file: %s", what, p);
	CHECK(dpath_file(k, SYM("f_deleted"), p, sizeof(p)) == 0 && !strcmp(p, "/tmpf (deleted)"),
	      "%s: path of an unlinked file: %s", what, p);
	/* files -d: the mount from the super block's list, the internal one
	 * skipped */
	CHECK(dpath_dentry(k, SYM("d_null"), p, sizeof(p)) == 0 && !strcmp(p, "/dev/null"),
	      "%s: path of a dentry through its super block's first mount that is not "
	      "internal: %s", what, p);
	CHECK(dpath_path(k, mnt_root, 0, p, sizeof(p)) < 0 && !p[0], "%s: no dentry: an error",
	      what);
}

/* ---- struct file, inode, dentry ---- */
static void test_objects(const char *what, struct kernel *k)
{
	struct kfile f;
	struct kinode i;
	struct kdentry d;

	CHECK(kfile_read(k, SYM("f_passwd"), &f) == 0 && f.dentry == SYM("d_passwd") &&
		      f.vfsmnt == SYM("mnt_root") + offsetof(struct mount, mnt) &&
		      f.inode == SYM("i_passwd"),
	      "%s: struct file: f_path and f_inode", what);
	CHECK(kfile_read(k, SYM("f_zram"), &f) == 0 && f.inode == SYM("i_zram"),
	      "%s: struct file without f_inode: the dentry's inode", what);
	CHECK(kinode_read(k, SYM("i_passwd"), &i) == 0 && i.mode == (S_IFREG | 0644) &&
		      i.ino == 11 && i.sb == SYM("sb_root") &&
		      i.mapping == SYM("i_passwd") + offsetof(struct inode, i_data),
	      "%s: inode: mode, ino, super block, mapping", what);
	CHECK(kdentry_read(k, SYM("d_null"), &d) == 0 && d.inode == SYM("i_null") &&
		      d.sb == SYM("sb_dev"),
	      "%s: dentry: inode and super block", what);
	CHECK(kdentry_read(k, SYM("d_etc"), &d) == 0 && d.inode == 0, "%s: a negative dentry",
	      what);
	CHECK(kinode_read(k, 0x1000, &i) < 0, "%s: an unreadable inode is an error", what);
}

/* ---- fd table, fs_struct ---- */
struct fds {
	unsigned fd[8];
	uint64_t file[8];
	int n;
};

static int fd_collect(void *arg, unsigned fd, uint64_t file)
{
	struct fds *f = arg;
	if (f->n < 8) {
		f->fd[f->n] = fd;
		f->file[f->n] = file;
	}
	f->n++;
	return 0;
}

static void test_fdtable(const char *what, struct kernel *k)
{
	uint64_t files, fs;
	struct fds f = { 0 };
	struct fs_paths p;

	CHECK(fdtable_task_files(k, SYM("task_wl"), &files) == 0 && files == SYM("files_wl"),
	      "%s: files_struct of a task", what);
	CHECK(fdtable_foreach(k, files, fd_collect, &f) == 0, "%s: fd table walk succeeds", what);
	CHECK(f.n == 3 && f.fd[0] == 0 && f.fd[1] == 1 && f.fd[2] == 63,
	      "%s: open fds with files, reserved ones skipped (%d)", what, f.n);
	CHECK(f.file[0] == SYM("f_null") && f.file[1] == SYM("f_passwd") &&
		      f.file[2] == SYM("f_pipe"),
	      "%s: each fd's struct file", what);
	CHECK(fs_struct_of_task(k, SYM("task_wl"), &fs) == 0 && fs == SYM("fs_wl") &&
		      fs_struct_paths(k, fs, &p) == 0 && p.root_dentry == SYM("d_root0") &&
		      p.pwd_dentry == SYM("d_etc") &&
		      p.root_mnt == SYM("mnt_root") + offsetof(struct mount, mnt),
	      "%s: fs_struct: root and cwd", what);
	CHECK(fs_struct_of_task(k, SYM("task_gone"), &fs) == 0 && fs == 0 &&
		      fdtable_task_files(k, SYM("task_gone"), &files) == 0 && files == 0,
	      "%s: an exited task has no fs_struct and no files", what);
}

/* ---- mounts ---- */
static void test_mounts(const char *what, struct kernel *k)
{
	uint64_t *m = NULL;
	size_t n = 0;
	struct mount_entry *e = malloc(sizeof(*e));

	CHECK(mounts_of_task(k, SYM("task_wl"), &m, &n) == 0 && n == 4 &&
		      m[0] == SYM("mnt_rootfs") && m[1] == SYM("mnt_root") &&
		      m[2] == SYM("mnt_cursor") && m[3] == SYM("mnt_dev"),
	      "%s: the namespace's mounts in list order (%zu)", what, n);
	if (n == 4) {
		CHECK(mount_read(k, m[0], e) == 1 && !strcmp(e->type, "rootfs") &&
			      !strcmp(e->dev, "rootfs") && !strcmp(e->dir, "/") &&
			      e->sb == SYM("sb_rootfs"),
		      "%s: rootfs on / (%s %s %s)", what, e->type, e->dev, e->dir);
		CHECK(mount_read(k, m[1], e) == 1 && !strcmp(e->type, "ext4") &&
			      !strcmp(e->dev, "/dev/vda1") && !strcmp(e->dir, "/") &&
			      e->vfsmount == SYM("mnt_root") + offsetof(struct mount, mnt),
		      "%s: ext4 on / (%s %s %s)", what, e->type, e->dev, e->dir);
		CHECK(mount_read(k, m[2], e) == 0, "%s: a /proc/mounts cursor is no mount", what);
		CHECK(mount_read(k, m[3], e) == 1 && !strcmp(e->type, "devtmpfs") &&
			      !strcmp(e->dir, "/dev"),
		      "%s: devtmpfs on /dev (%s %s %s)", what, e->type, e->dev, e->dir);
	}
	free(m);
	m = NULL;
	CHECK(mounts_of_task(k, SYM("task_gone"), &m, &n) < 0 && !m &&
		      strstr(err_get(), "no nsproxy"),
	      "%s: an exited task has no namespace: %s", what, err_get());
	free(e);
}

/* ---- page cache ---- */
struct pages {
	uint64_t idx[8], page[8];
	int n;
};

static int pg_collect(void *arg, uint64_t idx, uint64_t page)
{
	struct pages *p = arg;
	if (p->n < 8) {
		p->idx[p->n] = idx;
		p->page[p->n] = page;
	}
	p->n++;
	return 0;
}

static void test_pagecache(const char *what, struct kernel *k)
{
	uint64_t mapping = SYM("i_passwd") + offsetof(struct inode, i_data), nr;
	struct pages p = { 0 };

	CHECK(pagecache_nrpages(k, mapping, &nr) == 0 && nr == 2, "%s: nrpages %llu", what,
	      (unsigned long long)nr);
	CHECK(pagecache_foreach(k, mapping, pg_collect, &p) == 0, "%s: xarray walk succeeds", what);
	CHECK(p.n == 2 && p.idx[0] == 0 && p.idx[1] == 67 && p.page[0] == 0xffffea0000002000ull &&
		      p.page[1] == 0xffffea0000001000ull,
	      "%s: pages at index 0 and 67, value and sibling entries skipped (%d)", what, p.n);
}

static void run(const char *what, const struct tk_opts *o)
{
	tk = tk_new("vfs", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return;
	struct kernel *k = tk_open(tk);
	CHECK(k, "%s: kernel_open: %s", what, k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		return;
	}
	test_paths(what, k);
	test_objects(what, k);
	test_fdtable(what, k);
	test_mounts(what, k);
	test_pagecache(what, k);
	kernel_close(k);

	/* Damaged dumps. */
	struct fds f = { 0 };
	uint64_t max_fds = SYM("fdt_wl") + offsetof(struct fdtable, max_fds);
	tk_write_u32(tk, max_fds, 0x7fffffff);
	k = tk_open(tk);
	CHECK(k && fdtable_foreach(k, SYM("files_wl"), fd_collect, &f) < 0,
	      "%s: absurd max_fds is an error: %s", what, err_get());
	kernel_close(k);
	tk_write_u32(tk, max_fds, 64);

	struct pages p = { 0 };
	uint64_t shift = SYM("xa_leaf") + offsetof(struct xa_node, shift);
	uint8_t three = 3, zero = 0;
	tk_write(tk, shift, &three, 1);
	k = tk_open(tk);
	CHECK(k && pagecache_foreach(k, SYM("i_passwd") + offsetof(struct inode, i_data),
				     pg_collect, &p) < 0,
	      "%s: bad shift is an error: %s", what, err_get());
	kernel_close(k);
	tk_write(tk, shift, &zero, 1);

	/* The fd array's page left out of the dump: the walk fails with
	 * the kind of the failure, and err_get() names the address. */
	uint64_t arr = SYM("fd_array_wl");
	tk_exclude_page(tk, arr);
	k = tk_open(tk);
	f.n = 0;
	int rc = k ? fdtable_foreach(k, SYM("files_wl"), fd_collect, &f) : 0;
	int want = o->format == TK_KDUMP ? KREAD_EXCLUDED : KREAD_NOT_RAM;
	CHECK(k && rc == want && strstr(err_get(), "ffff"),
	      "%s: an fd array not in the dump: the read error's kind (%s), not -1: %s", what,
	      kernel_read_error_name(rc), err_get());
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x1c800000, .phys_base = 0x7e000000,
				 .page_offset = 0xffff9a4000000000ull, .format = TK_KDUMP };
	run("kaslr+kdump", &kaslr);
	CHECK_DONE();
}
