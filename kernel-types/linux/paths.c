/* Dentry paths like the kernel's d_path(); see paths.h. */
#include "kernel-types/linux/paths.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/files.h"
#include "kernel-types/walk.h"

/* Offsets used here, probed once per kernel (kernel_state). */
struct path_layout {
	long d_parent, d_name_len, d_name_name, d_inode, d_op, d_sb, d_hash_pprev, d_fsdata;
	long dop_d_dname;
	long mnt_parent, mnt_mountpoint, mnt_mnt, mnt_instance;	/* struct mount */
	long vfs_root, vfs_flags;				/* struct vfsmount */
	long i_ino;						/* struct inode */
	long s_mounts;						/* super_block */
	long ns_ops, nsops_name;	/* ns_common.ops, proc_ns_operations.name */
};
static const char path_layout_key;

static const struct path_layout *layout(struct kernel *k)
{
	struct path_layout *L = kernel_state(k, &path_layout_key);
	if (L)
		return L;
	L = xcalloc(1, sizeof(*L));
	L->d_parent = kernel_offsetof(k, "struct dentry", "d_parent");
	L->d_name_len = kernel_offsetof(k, "struct dentry", "d_name.len");
	L->d_name_name = kernel_offsetof(k, "struct dentry", "d_name.name");
	L->d_inode = kernel_offsetof(k, "struct dentry", "d_inode");
	L->d_op = kernel_offsetof(k, "struct dentry", "d_op");
	L->d_sb = kernel_offsetof(k, "struct dentry", "d_sb");
	L->d_hash_pprev = kernel_offsetof(k, "struct dentry", "d_hash.pprev");
	L->d_fsdata = kernel_offsetof(k, "struct dentry", "d_fsdata");
	L->dop_d_dname = kernel_offsetof(k, "struct dentry_operations", "d_dname");
	L->mnt_parent = kernel_offsetof(k, "struct mount", "mnt_parent");
	L->mnt_mountpoint = kernel_offsetof(k, "struct mount", "mnt_mountpoint");
	L->mnt_mnt = kernel_offsetof(k, "struct mount", "mnt");
	L->mnt_instance = kernel_offsetof(k, "struct mount", "mnt_instance");
	L->vfs_root = kernel_offsetof(k, "struct vfsmount", "mnt_root");
	L->vfs_flags = kernel_offsetof(k, "struct vfsmount", "mnt_flags");
	L->i_ino = kernel_offsetof(k, "struct inode", "i_ino");
	L->s_mounts = kernel_offsetof(k, "struct super_block", "s_mounts");
	L->ns_ops = kernel_offsetof(k, "struct ns_common", "ops");
	L->nsops_name = kernel_offsetof(k, "struct proc_ns_operations", "name");
	if (L->d_parent < 0 || L->d_name_len < 0 || L->d_name_name < 0 || L->d_inode < 0) {
		free(L);
		err_set("kernel has no struct dentry layout this code knows");
		return NULL;
	}
	kernel_set_state(k, &path_layout_key, L, free);
	return L;
}

static int rd64(struct kernel *k, uint64_t base, long off, uint64_t *v)
{
	if (off < 0) {
		*v = 0;
		return 0;
	}
	return kernel_read_u64(k, base + (uint64_t)off, v);
}

/* Read the name of a dentry into name (at most NAME_MAX bytes). */
static int dentry_name(struct kernel *k, const struct path_layout *L, uint64_t dentry,
		       char *name, size_t len)
{
	uint32_t nlen;
	uint64_t p;
	int rc;
	if ((rc = kernel_read_u32(k, dentry + (uint64_t)L->d_name_len, &nlen)) != 0 ||
	    (rc = kernel_read_u64(k, dentry + (uint64_t)L->d_name_name, &p)) != 0)
		return rc;
	if (nlen > 255)
		nlen = 255;
	if (nlen >= len)
		nlen = (uint32_t)len - 1;
	if (nlen == 0 || p == 0) {
		name[0] = 0;
		return 0;
	}
	if ((rc = kernel_read(k, p, name, nlen)) != 0)
		return rc;
	name[nlen] = 0;
	/* A name with a NUL inside is cut there, as C would print it. */
	return (int)strlen(name);
}

/* Builds a path from its end: components are put in front of what is
 * there.  pos is the index of the first used byte in buf. */
struct rbuf {
	char *buf;
	size_t pos;
	bool cut;
};

static void prepend(struct rbuf *b, const char *s, size_t n)
{
	if (n > b->pos) {
		b->cut = true;
		n = b->pos;
		s += strlen(s) - n;
	}
	b->pos -= n;
	memcpy(b->buf + b->pos, s, n);
}

/* The name of the function at fn, when fn is where one starts. */
static const char *function_at(struct kernel *k, uint64_t fn)
{
	uint64_t off;
	const char *n = kernel_symbol_at(k, fn, &off);
	return n && off == 0 ? n : NULL;
}

/* The name a file system's d_dname gives, for pseudo files.  Returns 1
 * when it wrote one, 0 when the dentry has no d_dname. */
static int dname(struct kernel *k, const struct path_layout *L, uint64_t dentry, char *out,
		 size_t len)
{
	uint64_t dop, fn, inode = 0, ino = 0;
	char name[256];
	const char *sym;

	if (L->d_op < 0 || L->dop_d_dname < 0)
		return 0;
	if (kernel_read_u64(k, dentry + (uint64_t)L->d_op, &dop) != 0 || !dop)
		return 0;
	if (kernel_read_u64(k, dop + (uint64_t)L->dop_d_dname, &fn) != 0 || !fn)
		return 0;
	if (kernel_read_u64(k, dentry + (uint64_t)L->d_inode, &inode) == 0 && inode &&
	    L->i_ino >= 0)
		kernel_read_u64(k, inode + (uint64_t)L->i_ino, &ino);
	if (dentry_name(k, L, dentry, name, sizeof(name)) < 0)
		name[0] = 0;
	sym = function_at(k, fn);
	if (!sym)
		sym = "";
	if (!strcmp(sym, "pipefs_dname"))
		snprintf(out, len, "pipe:[%llu]", (unsigned long long)ino);
	else if (!strcmp(sym, "sockfs_dname"))
		snprintf(out, len, "socket:[%llu]", (unsigned long long)ino);
	else if (!strcmp(sym, "anon_inodefs_dname"))
		snprintf(out, len, "anon_inode:%s", name);
	else if (!strcmp(sym, "pidfs_dname"))
		snprintf(out, len, "anon_inode:[pidfd]");
	else if (!strcmp(sym, "ns_dname")) {
		/* "mnt:[4026531841]": the dentry's d_fsdata is the
		 * ns_common whose ops name the namespace type. */
		uint64_t ns = 0, o = 0, np = 0;
		char nsname[32] = "ns";
		if (L->d_fsdata >= 0 && L->ns_ops >= 0 && L->nsops_name >= 0 &&
		    kernel_read_u64(k, dentry + (uint64_t)L->d_fsdata, &ns) == 0 && ns &&
		    kernel_read_u64(k, ns + (uint64_t)L->ns_ops, &o) == 0 && o &&
		    kernel_read_u64(k, o + (uint64_t)L->nsops_name, &np) == 0 && np)
			kernel_read_string(k, np, nsname, sizeof(nsname));
		snprintf(out, len, "%s:[%llu]", nsname, (unsigned long long)ino);
	} else if (!strcmp(sym, "simple_dname"))
		snprintf(out, len, "/%s (deleted)", name);
	else if (!strcmp(sym, "dmabuf_dname"))
		snprintf(out, len, "/%s", name);
	else
		/* Unknown d_dname: the dentry's own name is the best guess. */
		snprintf(out, len, "%s", name[0] ? name : "?");
	return 1;
}

static int walk(struct kernel *k, const struct path_layout *L, uint64_t vfsmnt,
		uint64_t dentry, char *out, size_t len)
{
	char tmp[DPATH_MAX];
	struct rbuf b = { tmp, sizeof(tmp) - 1, false };
	uint64_t mnt = 0, mnt_root = 0, parent, hpprev = 1;
	char name[256];
	int steps, rc = 0;
	bool any = false;

	tmp[sizeof(tmp) - 1] = 0;
	if (vfsmnt && L->mnt_mnt >= 0) {
		mnt = vfsmnt - (uint64_t)L->mnt_mnt;
		if ((rc = rd64(k, vfsmnt, L->vfs_root, &mnt_root)) != 0)
			return rc;
	}

	/* A pseudo file names itself (the kernel skips this only for the
	 * root of a mount). */
	if (!(mnt_root && dentry == mnt_root)) {
		int r = dname(k, L, dentry, out, len);
		if (r)
			return 0;
	}

	/* d_unlinked(): not hashed and not the root of its tree. */
	if ((rc = kernel_read_u64(k, dentry + (uint64_t)L->d_parent, &parent)) != 0)
		return rc;
	if (L->d_hash_pprev >= 0 &&
	    (rc = kernel_read_u64(k, dentry + (uint64_t)L->d_hash_pprev, &hpprev)) != 0)
		return rc;
	if (!hpprev && parent != dentry)
		prepend(&b, " (deleted)", 10);

	/* The walk is bounded: a corrupt dump may hold a loop. */
	for (steps = 0; steps < 4096; steps++) {
		if (mnt && dentry == mnt_root) {
			uint64_t mp, mparent;
			if ((rc = rd64(k, mnt, L->mnt_parent, &mparent)) != 0 ||
			    (rc = rd64(k, mnt, L->mnt_mountpoint, &mp)) != 0)
				break;
			if (mparent == mnt || !mparent || !mp)
				break;	/* the global root, or a detached mount */
			dentry = mp;
			mnt = mparent;
			if ((rc = rd64(k, mnt + (uint64_t)L->mnt_mnt, L->vfs_root, &mnt_root)) != 0)
				break;
			continue;
		}
		if ((rc = kernel_read_u64(k, dentry + (uint64_t)L->d_parent, &parent)) != 0)
			break;
		if (parent == dentry || !parent)
			break;
		int n = dentry_name(k, L, dentry, name, sizeof(name));
		if (n < 0) {
			rc = n;
			break;
		}
		prepend(&b, name, (size_t)n);
		prepend(&b, "/", 1);
		any = true;
		dentry = parent;
	}
	if (!any)
		prepend(&b, "/", 1);
	snprintf(out, len, "%s", b.buf + b.pos);
	return rc;
}

int dpath_path(struct kernel *k, uint64_t vfsmnt, uint64_t dentry, char *buf, size_t len)
{
	const struct path_layout *L;
	if (len)
		buf[0] = 0;
	if (!(L = layout(k)))
		return -1;
	if (!dentry) {
		err_set("no dentry");
		return -1;
	}
	return walk(k, L, vfsmnt, dentry, buf, len);
}

int dpath_file(struct kernel *k, uint64_t file, char *buf, size_t len)
{
	struct kfile f;
	int rc;
	if (len)
		buf[0] = 0;
	if ((rc = kfile_read(k, file, &f)) != 0)
		return rc;
	return dpath_path(k, f.vfsmnt, f.dentry, buf, len);
}

/* The first mount of a super block that is not internal (the first
 * internal one when all are). */
struct sb_mount {
	struct kernel *k;
	const struct path_layout *L;
	uint64_t first_internal, pick;
};

static int sb_mount_cb(void *arg, uint64_t m)
{
	struct sb_mount *c = arg;
	const uint64_t MNT_INTERNAL = 0x4000;
	uint32_t flags = 0;
	if (c->L->vfs_flags >= 0)
		kernel_read_u32(c->k, m + (uint64_t)c->L->mnt_mnt + (uint64_t)c->L->vfs_flags, &flags);
	if (!(flags & MNT_INTERNAL)) {
		c->pick = m;
		return 1;
	}
	if (!c->first_internal)
		c->first_internal = m;
	return 0;
}

int dpath_dentry(struct kernel *k, uint64_t dentry, char *buf, size_t len)
{
	const struct path_layout *L;
	uint64_t sb = 0;
	int rc;

	if (len)
		buf[0] = 0;
	if (!(L = layout(k)))
		return -1;
	if ((rc = rd64(k, dentry, L->d_sb, &sb)) != 0)
		return rc;
	struct sb_mount c = { k, L, 0, 0 };
	if (sb && L->s_mounts >= 0 && L->mnt_instance >= 0 && L->mnt_mnt >= 0)
		/* a damaged list ends the search with what it found */
		kwalk_list(k, sb + (uint64_t)L->s_mounts, L->mnt_instance, false, sb_mount_cb, &c);
	uint64_t pick = c.pick ? c.pick : c.first_internal;
	return walk(k, L, pick ? pick + (uint64_t)L->mnt_mnt : 0, dentry, buf, len);
}
