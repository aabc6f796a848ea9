/* Dentry paths like the kernel's d_path(); see dpath.h. */
#include "kernel-types/dpath.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "kernel-types/vmf_access.h"

/* Offsets used here, found once per kernel. */
static struct {
	struct kernel *k;
	bool ok;
	long d_parent, d_name_len, d_name_name, d_inode, d_op, d_sb, d_hash_pprev;
	long d_iname;
	long dop_d_dname;
	long mnt_parent, mnt_mountpoint, mnt_mnt, mnt_instance;	/* struct mount */
	long vfs_root, vfs_sb, vfs_flags;			/* struct vfsmount */
	long f_path_mnt, f_path_dentry, f_inode;		/* struct file */
	long i_mode, i_mode_size, i_ino, i_sb, i_mapping;	/* struct inode */
	long s_mounts, s_type;					/* super_block */
	long fst_name;						/* file_system_type */
} L;

void dpath_reset(void)
{
	memset(&L, 0, sizeof(L));
}

static int layout(struct kernel *k)
{
	if (L.k == k && L.ok)
		return 0;
	memset(&L, 0, sizeof(L));
	L.d_parent = vmf_offset(k, "struct dentry", "d_parent");
	L.d_name_len = vmf_offset(k, "struct dentry", "d_name.len");
	L.d_name_name = vmf_offset(k, "struct dentry", "d_name.name");
	L.d_inode = vmf_offset(k, "struct dentry", "d_inode");
	L.d_op = vmf_offset(k, "struct dentry", "d_op");
	L.d_sb = vmf_offset(k, "struct dentry", "d_sb");
	L.d_hash_pprev = vmf_offset(k, "struct dentry", "d_hash.pprev");
	L.d_iname = vmf_offset(k, "struct dentry", "d_iname");
	L.dop_d_dname = vmf_offset(k, "struct dentry_operations", "d_dname");
	L.mnt_parent = vmf_offset(k, "struct mount", "mnt_parent");
	L.mnt_mountpoint = vmf_offset(k, "struct mount", "mnt_mountpoint");
	L.mnt_mnt = vmf_offset(k, "struct mount", "mnt");
	L.mnt_instance = vmf_offset(k, "struct mount", "mnt_instance");
	L.vfs_root = vmf_offset(k, "struct vfsmount", "mnt_root");
	L.vfs_sb = vmf_offset(k, "struct vfsmount", "mnt_sb");
	L.vfs_flags = vmf_offset(k, "struct vfsmount", "mnt_flags");
	L.f_path_mnt = vmf_offset(k, "struct file", "f_path.mnt");
	L.f_path_dentry = vmf_offset(k, "struct file", "f_path.dentry");
	L.f_inode = vmf_offset(k, "struct file", "f_inode");
	L.i_mode = vmf_offset(k, "struct inode", "i_mode");
	L.i_mode_size = vmf_member_size(k, "struct inode", "i_mode");
	L.i_ino = vmf_offset(k, "struct inode", "i_ino");
	L.i_sb = vmf_offset(k, "struct inode", "i_sb");
	L.i_mapping = vmf_offset(k, "struct inode", "i_mapping");
	L.s_mounts = vmf_offset(k, "struct super_block", "s_mounts");
	L.s_type = vmf_offset(k, "struct super_block", "s_type");
	L.fst_name = vmf_offset(k, "struct file_system_type", "name");
	if (L.d_parent < 0 || L.d_name_len < 0 || L.d_name_name < 0 || L.d_inode < 0 ||
	    L.f_path_dentry < 0 || L.i_mode < 0) {
		err_set("kernel has no struct dentry/file/inode layout this code knows");
		return -1;
	}
	L.k = k;
	L.ok = true;
	return 0;
}

static int rd64(struct kernel *k, uint64_t base, long off, uint64_t *v)
{
	if (off < 0) {
		*v = 0;
		return 0;
	}
	return vmf_read_u64(k, base + (uint64_t)off, v);
}

/* Read the name of a dentry into name (at most NAME_MAX bytes). */
static int dentry_name(struct kernel *k, uint64_t dentry, char *name, size_t len)
{
	uint32_t nlen;
	uint64_t p;
	if (vmf_read_u32(k, dentry + L.d_name_len, &nlen) < 0 ||
	    vmf_read_u64(k, dentry + L.d_name_name, &p) < 0)
		return -1;
	if (nlen > 255)
		nlen = 255;
	if (nlen >= len)
		nlen = len - 1;
	if (nlen == 0 || p == 0) {
		name[0] = 0;
		return 0;
	}
	if (vmf_read(k, p, name, nlen) < 0)
		return -1;
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

/* The name a file system's d_dname gives, for pseudo files.  Returns 1
 * when it wrote one, 0 when the dentry has no d_dname. */
static int dname(struct kernel *k, uint64_t dentry, char *out, size_t len)
{
	uint64_t dop, fn, inode = 0, ino = 0;
	char name[256];
	const char *sym;

	if (L.d_op < 0 || L.dop_d_dname < 0)
		return 0;
	if (vmf_read_u64(k, dentry + L.d_op, &dop) < 0 || !dop)
		return 0;
	if (vmf_read_u64(k, dop + L.dop_d_dname, &fn) < 0 || !fn)
		return 0;
	if (vmf_read_u64(k, dentry + L.d_inode, &inode) == 0 && inode && L.i_ino >= 0)
		vmf_read_u64(k, inode + L.i_ino, &ino);
	if (dentry_name(k, dentry, name, sizeof(name)) < 0)
		name[0] = 0;
	sym = vmf_symbol_at(k, fn);
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
		long fsd = vmf_offset(k, "struct dentry", "d_fsdata");
		long ops = vmf_offset(k, "struct ns_common", "ops");
		long nm = vmf_offset(k, "struct proc_ns_operations", "name");
		uint64_t ns = 0, o = 0, np = 0;
		char nsname[32] = "ns";
		if (fsd >= 0 && ops >= 0 && nm >= 0 &&
		    vmf_read_u64(k, dentry + fsd, &ns) == 0 && ns &&
		    vmf_read_u64(k, ns + ops, &o) == 0 && o &&
		    vmf_read_u64(k, o + nm, &np) == 0 && np)
			vmf_read_string(k, np, nsname, sizeof(nsname));
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

static int walk(struct kernel *k, uint64_t vfsmnt, uint64_t dentry, char *out, size_t len)
{
	char tmp[DPATH_MAX];
	struct rbuf b = { tmp, sizeof(tmp) - 1, false };
	uint64_t mnt = 0, mnt_root = 0, parent, hpprev = 1;
	char name[256];
	int steps, rc = 0;
	bool any = false;

	tmp[sizeof(tmp) - 1] = 0;
	if (vfsmnt && L.mnt_mnt >= 0) {
		mnt = vfsmnt - (uint64_t)L.mnt_mnt;
		if (rd64(k, vfsmnt, L.vfs_root, &mnt_root) < 0)
			return -1;
	}

	/* A pseudo file names itself (the kernel skips this only for the
	 * root of a mount). */
	if (!(mnt_root && dentry == mnt_root)) {
		int r = dname(k, dentry, out, len);
		if (r)
			return 0;
	}

	/* d_unlinked(): not hashed and not the root of its tree. */
	if (vmf_read_u64(k, dentry + L.d_parent, &parent) < 0)
		return -1;
	if (L.d_hash_pprev >= 0 && vmf_read_u64(k, dentry + L.d_hash_pprev, &hpprev) < 0)
		return -1;
	if (!hpprev && parent != dentry)
		prepend(&b, " (deleted)", 10);

	/* The walk is bounded: a corrupt dump may hold a loop. */
	for (steps = 0; steps < 4096; steps++) {
		if (mnt && dentry == mnt_root) {
			uint64_t mp, mparent;
			if (rd64(k, mnt, L.mnt_parent, &mparent) < 0 ||
			    rd64(k, mnt, L.mnt_mountpoint, &mp) < 0) {
				rc = -1;
				break;
			}
			if (mparent == mnt || !mparent || !mp)
				break;	/* the global root, or a detached mount */
			dentry = mp;
			mnt = mparent;
			if (rd64(k, mnt + (uint64_t)L.mnt_mnt, L.vfs_root, &mnt_root) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (vmf_read_u64(k, dentry + L.d_parent, &parent) < 0) {
			rc = -1;
			break;
		}
		if (parent == dentry || !parent)
			break;
		int n = dentry_name(k, dentry, name, sizeof(name));
		if (n < 0) {
			rc = -1;
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
	if (len)
		buf[0] = 0;
	if (layout(k) < 0)
		return -1;
	if (!dentry) {
		err_set("no dentry");
		return -1;
	}
	return walk(k, vfsmnt, dentry, buf, len);
}

int dpath_file_info(struct kernel *k, uint64_t file, struct dpath_file_info *fi)
{
	memset(fi, 0, sizeof(*fi));
	if (layout(k) < 0)
		return -1;
	if (rd64(k, file, L.f_path_dentry, &fi->dentry) < 0 ||
	    rd64(k, file, L.f_path_mnt, &fi->vfsmnt) < 0)
		return -1;
	if (L.f_inode >= 0) {
		if (rd64(k, file, L.f_inode, &fi->inode) < 0)
			return -1;
	}
	if (!fi->inode && fi->dentry && rd64(k, fi->dentry, L.d_inode, &fi->inode) < 0)
		return -1;
	return 0;
}

int dpath_file(struct kernel *k, uint64_t file, char *buf, size_t len)
{
	struct dpath_file_info fi;
	if (len)
		buf[0] = 0;
	if (dpath_file_info(k, file, &fi) < 0)
		return -1;
	return dpath_path(k, fi.vfsmnt, fi.dentry, buf, len);
}

int dpath_dentry_inode(struct kernel *k, uint64_t dentry, uint64_t *inode)
{
	*inode = 0;
	if (layout(k) < 0)
		return -1;
	return rd64(k, dentry, L.d_inode, inode);
}

int dpath_inode_info(struct kernel *k, uint64_t inode, struct dpath_inode_info *ii)
{
	uint64_t mode = 0;
	memset(ii, 0, sizeof(*ii));
	if (layout(k) < 0)
		return -1;
	if (vmf_read_uint(k, inode + (uint64_t)L.i_mode,
			  L.i_mode_size > 0 ? (size_t)L.i_mode_size : 2, &mode) < 0)
		return -1;
	ii->mode = (uint32_t)mode;
	if (rd64(k, inode, L.i_ino, &ii->ino) < 0 || rd64(k, inode, L.i_sb, &ii->sb) < 0 ||
	    rd64(k, inode, L.i_mapping, &ii->mapping) < 0)
		return -1;
	return 0;
}

int dpath_dentry(struct kernel *k, uint64_t dentry, char *buf, size_t len)
{
	uint64_t sb = 0, head, node, first_internal = 0, pick = 0;
	int i;
	const uint64_t MNT_INTERNAL = 0x4000;

	if (len)
		buf[0] = 0;
	if (layout(k) < 0)
		return -1;
	if (rd64(k, dentry, L.d_sb, &sb) < 0)
		return -1;
	if (sb && L.s_mounts >= 0 && L.mnt_instance >= 0 && L.mnt_mnt >= 0) {
		head = sb + (uint64_t)L.s_mounts;
		if (vmf_read_u64(k, head, &node) < 0)
			return -1;
		for (i = 0; node && node != head && i < 100000; i++) {
			uint64_t m = node - (uint64_t)L.mnt_instance;
			uint32_t flags = 0;
			if (L.vfs_flags >= 0)
				vmf_read_u32(k, m + L.mnt_mnt + L.vfs_flags, &flags);
			if (flags & MNT_INTERNAL) {
				if (!first_internal)
					first_internal = m;
			} else {
				pick = m;
				break;
			}
			if (vmf_read_u64(k, node, &node) < 0)
				break;
		}
	}
	if (!pick)
		pick = first_internal;
	return walk(k, pick ? pick + (uint64_t)L.mnt_mnt : 0, dentry, buf, len);
}

const char *dpath_mode_type(uint32_t mode)
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
