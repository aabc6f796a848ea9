/* Unit tests of the files walkers on a fake kernel: dentry paths across
 * mounts (including pseudo and deleted files), an fd table and a
 * page-cache xarray, laid out in a small fake memory.  (The maple tree of
 * VMAs is tested on the seam: test_mm.c.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel-types/dpath.h"
#include "kernel-types/fdtable.h"
#include "kernel-types/pagecache.h"
#include "kernel-types/vmf_access.h"
#include "tests/unit/check.h"

/* ---- fake memory: one flat region of kernel addresses ---- */
#define BASE 0xffff888000000000ull
#define MEMSZ (1u << 20)
static uint8_t *mem;

static int fake_read(void *arg, uint64_t a, void *buf, size_t len)
{
	(void)arg;
	if (a < BASE || a - BASE > MEMSZ || len > MEMSZ - (a - BASE))
		return -1;
	memcpy(buf, mem + (a - BASE), len);
	return 0;
}

static void put64(uint64_t a, uint64_t v) { memcpy(mem + (a - BASE), &v, 8); }
static void put32(uint64_t a, uint32_t v) { memcpy(mem + (a - BASE), &v, 4); }
static void put16(uint64_t a, uint16_t v) { memcpy(mem + (a - BASE), &v, 2); }
static void put8(uint64_t a, uint8_t v) { mem[a - BASE] = v; }
static uint64_t next_free = BASE + 0x1000;
static uint64_t alloc(size_t n, size_t align)
{
	next_free = (next_free + align - 1) & ~(uint64_t)(align - 1);
	uint64_t a = next_free;
	next_free += n;
	return a;
}
static uint64_t str(const char *s)
{
	uint64_t a = alloc(strlen(s) + 1, 1);
	memcpy(mem + (a - BASE), s, strlen(s) + 1);
	return a;
}

/* ---- fake layout ---- */
static const struct { const char *type, *member; long off, size; } layout[] = {
	{ "struct vm_area_struct", "vm_start", 0, 8 },
	{ "struct vm_area_struct", "vm_end", 8, 8 },
	{ "struct vm_area_struct", "vm_mm", 16, 8 },
	{ "struct vm_area_struct", "vm_flags", 32, 8 },
	{ "struct vm_area_struct", "vm_pgoff", 104, 8 },
	{ "struct vm_area_struct", "vm_file", 112, 8 },
	{ "struct dentry", "d_hash.pprev", 16, 8 },
	{ "struct dentry", "d_parent", 24, 8 },
	{ "struct dentry", "d_name.len", 36, 4 },
	{ "struct dentry", "d_name.name", 40, 8 },
	{ "struct dentry", "d_inode", 48, 8 },
	{ "struct dentry", "d_op", 96, 8 },
	{ "struct dentry", "d_sb", 104, 8 },
	{ "struct dentry_operations", "d_dname", 64, 8 },
	{ "struct mount", "mnt_parent", 16, 8 },
	{ "struct mount", "mnt_mountpoint", 24, 8 },
	{ "struct mount", "mnt", 32, 24 },
	{ "struct vfsmount", "mnt_root", 0, 8 },
	{ "struct vfsmount", "mnt_sb", 8, 8 },
	{ "struct vfsmount", "mnt_flags", 16, 4 },
	{ "struct file", "f_path.mnt", 16, 8 },
	{ "struct file", "f_path.dentry", 24, 8 },
	{ "struct file", "f_inode", 32, 8 },
	{ "struct inode", "i_mode", 0, 2 },
	{ "struct inode", "i_sb", 40, 8 },
	{ "struct inode", "i_mapping", 48, 8 },
	{ "struct inode", "i_ino", 64, 8 },
	{ "struct files_struct", "fdt", 32, 8 },
	{ "struct fdtable", "max_fds", 0, 4 },
	{ "struct fdtable", "fd", 8, 8 },
	{ "struct fdtable", "open_fds", 24, 8 },
	{ "struct address_space", "i_pages", 8, 16 },
	{ "struct address_space", "nrpages", 88, 8 },
	{ "struct xarray", "xa_head", 8, 8 },
	{ "struct xa_node", "shift", 0, 1 },
	{ "struct xa_node", "slots", 40, 512 },
};
static const struct { const char *type; long size; } sizes[] = {
	{ "struct maple_node", 256 },
};

static long fake_offset(void *arg, const char *type, const char *member)
{
	(void)arg;
	for (size_t i = 0; i < sizeof(layout) / sizeof(layout[0]); i++)
		if (!strcmp(layout[i].type, type) && !strcmp(layout[i].member, member))
			return layout[i].off;
	return -1;
}
static long fake_msize(void *arg, const char *type, const char *member)
{
	(void)arg;
	for (size_t i = 0; i < sizeof(layout) / sizeof(layout[0]); i++)
		if (!strcmp(layout[i].type, type) && !strcmp(layout[i].member, member))
			return layout[i].size;
	return -1;
}
static long fake_size(void *arg, const char *type)
{
	(void)arg;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (!strcmp(sizes[i].type, type))
			return sizes[i].size;
	return -1;
}
static uint64_t pipefs_dname_addr = 0xffffffff81234560ull;
static const char *fake_symbol_at(void *arg, uint64_t a)
{
	(void)arg;
	return a == pipefs_dname_addr ? "pipefs_dname" : NULL;
}

/* ---- dentry paths ---- */
static uint64_t mkdentry(uint64_t parent, const char *name, uint64_t inode, int hashed)
{
	uint64_t d = alloc(192, 8);
	put64(d + 24, parent ? parent : d);
	put32(d + 36, (uint32_t)strlen(name));
	put64(d + 40, str(name));
	put64(d + 48, inode);
	put64(d + 16, hashed ? d + 8 : 0);
	return d;
}
static uint64_t mkmount(uint64_t parent, uint64_t mountpoint, uint64_t root)
{
	uint64_t m = alloc(96, 8);
	put64(m + 16, parent ? parent : m);
	put64(m + 24, mountpoint ? mountpoint : root);
	put64(m + 32 + 0, root);
	return m;
}
static uint64_t mkinode(uint16_t mode, uint64_t ino)
{
	uint64_t i = alloc(128, 8);
	put16(i, mode);
	put64(i + 64, ino);
	return i;
}
static uint64_t mkfile(uint64_t mnt, uint64_t dentry, uint64_t inode)
{
	uint64_t f = alloc(64, 8);
	put64(f + 16, mnt + 32);
	put64(f + 24, dentry);
	put64(f + 32, inode);
	return f;
}

static uint64_t f_passwd, f_null, f_pipe, f_deleted;

static void test_dpath(void)
{
	char p[DPATH_MAX];
	uint64_t rroot = mkdentry(0, "/", 0, 1);
	uint64_t rootfs = mkmount(0, 0, rroot);
	uint64_t d0 = mkdentry(0, "/", 0, 1);
	uint64_t m = mkmount(rootfs, rroot, d0);
	uint64_t ipw = mkinode(0100644, 11);
	uint64_t d1 = mkdentry(d0, "etc", 0, 1), d2 = mkdentry(d1, "passwd", ipw, 1);
	uint64_t ddev = mkdentry(d0, "dev", 0, 1);
	uint64_t t0 = mkdentry(0, "/", 0, 1);
	uint64_t tm = mkmount(m, ddev, t0);
	uint64_t inull = mkinode(020666, 5);
	uint64_t t1 = mkdentry(t0, "null", inull, 1);
	uint64_t ipipe = mkinode(010600, 1234);
	uint64_t pipemnt_root = mkdentry(0, "/", 0, 1);
	uint64_t pipemnt = mkmount(0, 0, pipemnt_root);
	uint64_t pd = mkdentry(0, "", ipipe, 0);
	uint64_t dops = alloc(128, 8);
	put64(dops + 64, pipefs_dname_addr);
	put64(pd + 96, dops);
	uint64_t udel = mkdentry(d0, "tmpf", ipw, 0);

	CHECK(dpath_path(NULL, m + 32, d2, p, sizeof(p)) == 0 && !strcmp(p, "/etc/passwd"),
	      "path across the root mount: %s", p);
	CHECK(dpath_path(NULL, tm + 32, t1, p, sizeof(p)) == 0 && !strcmp(p, "/dev/null"),
	      "path across a mount point: %s", p);
	CHECK(dpath_path(NULL, m + 32, d0, p, sizeof(p)) == 0 && !strcmp(p, "/"),
	      "root is /: %s", p);
	CHECK(dpath_path(NULL, pipemnt + 32, pd, p, sizeof(p)) == 0 && !strcmp(p, "pipe:[1234]"),
	      "pipe name from d_dname: %s", p);
	CHECK(dpath_path(NULL, m + 32, udel, p, sizeof(p)) == 0 && !strcmp(p, "/tmpf (deleted)"),
	      "unlinked file: %s", p);
	CHECK(dpath_path(NULL, m + 32, d2, p, 6) == 0 && strlen(p) == 5,
	      "short buffer is cut, not overrun");
	CHECK(!strcmp(dpath_mode_type(020666), "CHR ") && !strcmp(dpath_mode_type(0140777), "SOCK") &&
		      !strcmp(dpath_mode_type(0), "UNKN"),
	      "mode types");

	/* A dentry whose parent chain loops (never reaching a root). */
	uint64_t la = mkdentry(d0, "a", 0, 1), lb = mkdentry(la, "b", 0, 1);
	put64(la + 24, lb);
	dpath_path(NULL, m + 32, lb, p, sizeof(p));
	CHECK(1, "a dentry loop ends (path %zu bytes)", strlen(p));

	f_passwd = mkfile(m, d2, ipw);
	f_null = mkfile(tm, t1, inull);
	f_pipe = mkfile(pipemnt, pd, ipipe);
	f_deleted = mkfile(m, udel, ipw);
	CHECK(dpath_file(NULL, f_null, p, sizeof(p)) == 0 && !strcmp(p, "/dev/null"),
	      "path of a struct file: %s", p);
}

/* ---- fd table ---- */
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

static void test_fdtable(void)
{
	uint64_t files = alloc(128, 8), fdt = alloc(64, 8), arr = alloc(64 * 8, 8),
		 bits = alloc(8, 8);
	struct fds f = { 0 };
	put64(files + 32, fdt);
	put32(fdt, 64);
	put64(fdt + 8, arr);
	put64(fdt + 24, bits);
	put64(bits, (1ull << 0) | (1ull << 1) | (1ull << 5) | (1ull << 63));
	put64(arr + 0, f_null);
	put64(arr + 8, f_passwd);
	put64(arr + 63 * 8, f_pipe);
	CHECK(fdtable_foreach(NULL, files, fd_collect, &f) == 0, "fd table walk succeeds");
	CHECK(f.n == 3 && f.fd[0] == 0 && f.fd[1] == 1 && f.fd[2] == 63,
	      "open fds with files, reserved ones skipped (%d)", f.n);
	put32(fdt, 0x7fffffff);
	f.n = 0;
	CHECK(fdtable_foreach(NULL, files, fd_collect, &f) < 0, "absurd max_fds is an error");
}

/* ---- xarray ---- */
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

static void test_xarray(void)
{
	uint64_t mapping = alloc(128, 8), top = alloc(600, 8), leaf = alloc(600, 8);
	struct pages p = { 0 };
	put8(top, 6);
	put64(top + 40 + 8 * 1, leaf | 2);
	put8(leaf, 0);
	put64(leaf + 40 + 8 * 3, 0xffffea0000001000ull);
	put64(leaf + 40 + 8 * 4, 0x1234 << 1 | 1); /* shadow entry */
	put64(leaf + 40 + 8 * 5, (5 << 2) | 2);	   /* sibling entry */
	put64(top + 40 + 8 * 0, 0xffffea0000002000ull);
	put64(mapping + 8 + 8, top | 2);
	CHECK(pagecache_foreach(NULL, mapping, pg_collect, &p) == 0, "xarray walk succeeds");
	CHECK(p.n == 2 && p.idx[0] == 0 && p.idx[1] == 67 && p.page[1] == 0xffffea0000001000ull,
	      "pages at index 0 and 67, value and sibling entries skipped (%d)", p.n);
	put8(leaf, 3);
	p.n = 0;
	CHECK(pagecache_foreach(NULL, mapping, pg_collect, &p) < 0, "bad shift is an error");
}

int main(void)
{
	struct vmf_ops ops = { fake_read, fake_offset, fake_msize, fake_size, NULL, NULL,
			       fake_symbol_at, NULL };
	mem = calloc(1, MEMSZ);
	vmf_access_set_ops(&ops);
	test_dpath();
	test_fdtable();
	test_xarray();
	vmf_access_set_ops(NULL);
	free(mem);
	CHECK_DONE();
}
