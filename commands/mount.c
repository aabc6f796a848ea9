/* mount: the mounts of a mount namespace (by default the one of pid 1,
 * which is init_task's), one line each: struct mount, super block, file
 * system type, device name and mount point. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/tasks.h"

/* Mounts listed at most: a corrupt namespace must not eat all memory. */
#define MOUNT_MAX (1 << 20)
/* mnt_flags of the cursor entries /proc/mounts readers put in the list
 * (5.8 to 6.7); they have no super block and are no mounts. */
#define MNT_CURSOR 0x10000000u

static const char mount_header[] =
	"     MOUNT           SUPERBLK     TYPE   DEVNAME   DIRNAME\n";

/* Offsets of what the listing reads; -1 when the kernel lacks a member. */
struct mlayout {
	long mnt;	   /* struct mount.mnt (the embedded vfsmount) */
	long devname;	   /* mount.mnt_devname */
	long parent;	   /* mount.mnt_parent */
	long mountpoint;   /* mount.mnt_mountpoint */
	long vfs_sb;	   /* vfsmount.mnt_sb */
	long vfs_flags;	   /* vfsmount.mnt_flags */
	long sb_type;	   /* super_block.s_type */
	long fst_name;	   /* file_system_type.name */
	long task_nsproxy; /* task_struct.nsproxy */
	long ns_mnt;	   /* nsproxy.mnt_ns */
	long ns_list;	   /* mnt_namespace.list (before 6.8) */
	long mnt_list;	   /* mount.mnt_list */
	long ns_mounts;	   /* mnt_namespace.mounts, an rb_root (6.8 and later) */
	long mnt_node;	   /* mount.mnt_node */
};

static int probe(struct kernel *k, struct mlayout *L)
{
	L->mnt = kernel_offsetof(k, "struct mount", "mnt");
	L->devname = kernel_offsetof(k, "struct mount", "mnt_devname");
	L->parent = kernel_offsetof(k, "struct mount", "mnt_parent");
	L->mountpoint = kernel_offsetof(k, "struct mount", "mnt_mountpoint");
	L->vfs_sb = kernel_offsetof(k, "struct vfsmount", "mnt_sb");
	L->vfs_flags = kernel_offsetof(k, "struct vfsmount", "mnt_flags");
	L->sb_type = kernel_offsetof(k, "struct super_block", "s_type");
	L->fst_name = kernel_offsetof(k, "struct file_system_type", "name");
	L->task_nsproxy = kernel_offsetof(k, "struct task_struct", "nsproxy");
	L->ns_mnt = kernel_offsetof(k, "struct nsproxy", "mnt_ns");
	L->ns_list = kernel_offsetof(k, "struct mnt_namespace", "list");
	L->mnt_list = kernel_offsetof(k, "struct mount", "mnt_list");
	L->ns_mounts = kernel_offsetof(k, "struct mnt_namespace", "mounts");
	L->mnt_node = kernel_offsetof(k, "struct mount", "mnt_node");
	if (L->mnt < 0 || L->devname < 0 || L->parent < 0 || L->mountpoint < 0 || L->vfs_sb < 0 ||
	    L->sb_type < 0 || L->fst_name < 0 || L->task_nsproxy < 0 || L->ns_mnt < 0) {
		err_set("this kernel's struct mount/vfsmount/nsproxy layout is not known");
		return -1;
	}
	bool tree = L->ns_mounts >= 0 && L->mnt_node >= 0;
	bool list = L->ns_list >= 0 && L->mnt_list >= 0;
	if (!tree && !list) {
		err_set("mnt_namespace has neither a mounts tree nor a list of mounts");
		return -1;
	}
	return 0;
}

/* The struct mount addresses of one namespace, in the kernel's order. */
struct mlist {
	uint64_t *v;
	size_t n, cap;
};

static int add_mount(void *arg, uint64_t entry)
{
	struct mlist *m = arg;
	if (m->n >= MOUNT_MAX) {
		err_set("more than %d mounts: the namespace looks corrupt", MOUNT_MAX);
		return -1;
	}
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		uint64_t *v = realloc(m->v, cap * sizeof(*v));
		if (!v) {
			err_set("out of memory");
			return -1;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = entry;
	return 0;
}

/* Mounts of the namespace of task: nsproxy->mnt_ns, then its rbtree of
 * mounts (6.8 and later) or its list of them. */
static int collect(struct kernel *k, const struct mlayout *L, uint64_t task, struct mlist *m)
{
	uint64_t nsproxy, ns;
	if (kernel_read_u64(k, task + (uint64_t)L->task_nsproxy, &nsproxy) != 0)
		return -1;
	if (!nsproxy) {
		err_set("task %" PRIx64 " has no nsproxy (it has exited)", task);
		return -1;
	}
	if (kernel_read_u64(k, nsproxy + (uint64_t)L->ns_mnt, &ns) != 0)
		return -1;
	if (!ns) {
		err_set("task %" PRIx64 " has no mount namespace", task);
		return -1;
	}
	if (L->ns_mounts >= 0 && L->mnt_node >= 0)
		return kwalk_rbtree(k, ns + (uint64_t)L->ns_mounts, L->mnt_node, add_mount, m) ? -1
											     : 0;
	return kwalk_list(k, ns + (uint64_t)L->ns_list, L->mnt_list, false, add_mount, m) ? -1 : 0;
}

/* What a listing line shows of one mount.  read_mount() sets *skip for a
 * /proc/mounts cursor, which is no mount. */
struct mline {
	uint64_t mount, sb;
	char type[64], dev[256], dir[DPATH_MAX];
};

static int read_mount(struct kernel *k, const struct mlayout *L, uint64_t mnt, struct mline *ml,
		      bool *skip)
{
	uint64_t vfs = mnt + (uint64_t)L->mnt, devp, parent, mp, fst, name;
	*skip = false;
	memset(ml, 0, sizeof(*ml));
	ml->mount = mnt;
	if (kernel_read_u64(k, vfs + (uint64_t)L->vfs_sb, &ml->sb) != 0)
		return -1;
	if (!ml->sb) {
		uint32_t flags = 0;
		if (L->vfs_flags >= 0)
			kernel_read_u32(k, vfs + (uint64_t)L->vfs_flags, &flags);
		if (flags & MNT_CURSOR) {
			*skip = true;
			return 0;
		}
		err_set("mount %" PRIx64 " has no super block", mnt);
		return -1;
	}
	if (kernel_read_u64(k, mnt + (uint64_t)L->devname, &devp) != 0 ||
	    kernel_read_u64(k, mnt + (uint64_t)L->parent, &parent) != 0 ||
	    kernel_read_u64(k, mnt + (uint64_t)L->mountpoint, &mp) != 0)
		return -1;
	/* Names that cannot be read are shown as crash shows them. */
	if (kernel_read_u64(k, ml->sb + (uint64_t)L->sb_type, &fst) != 0 ||
	    kernel_read_u64(k, fst + (uint64_t)L->fst_name, &name) != 0 ||
	    kernel_read_string(k, name, ml->type, sizeof(ml->type)) < 0)
		snprintf(ml->type, sizeof(ml->type), "unknown");
	if (!devp || kernel_read_string(k, devp, ml->dev, sizeof(ml->dev)) < 0)
		snprintf(ml->dev, sizeof(ml->dev), "(unknown)");
	/* The mount point is a dentry of the parent mount. */
	if (dpath_path(k, parent + (uint64_t)L->mnt, mp, ml->dir, sizeof(ml->dir)) != 0 &&
	    !ml->dir[0])
		snprintf(ml->dir, sizeof(ml->dir), "(unknown)");
	return 0;
}

/* crash's columns: TYPE is at least 6 wide and DEVNAME 9, each followed
 * by a space, and the two together are then trimmed of trailing blanks
 * down to 17 characters (keeping one space before DIRNAME). */
static void print_mount(FILE *out, const struct mline *ml)
{
	char td[sizeof(ml->type) + sizeof(ml->dev) + 16];
	snprintf(td, sizeof(td), "%-6s %-9s ", ml->type, ml->dev);
	size_t n = strlen(td);
	while (n > 17 && td[n - 2] == ' ')
		td[--n] = '\0';
	fprintf(out, "%16" PRIx64 " %16" PRIx64 " %s%-10s\n", ml->mount, ml->sb, td, ml->dir);
}

/* Whether a search argument names this mount: one of its columns, or the
 * address of its struct mount, vfsmount or super block. */
static bool mount_matches(const struct mlayout *L, const struct mline *ml, const char *arg)
{
	uint64_t v;
	if (!strcmp(arg, ml->type) || !strcmp(arg, ml->dev) || !strcmp(arg, ml->dir))
		return true;
	/* a path given with a trailing slash names the same directory */
	size_t n = strlen(arg);
	if (n > 1 && arg[n - 1] == '/' && strlen(ml->dir) == n - 1 && !strncmp(arg, ml->dir, n - 1))
		return true;
	if (crash_parse_hex(arg, &v))
		return v == ml->mount || v == ml->mount + (uint64_t)L->mnt || v == ml->sb;
	return false;
}

/* The task whose namespace is shown by default: pid 1 (as crash does),
 * else init_task. */
static int default_task(struct kernel *k, uint64_t *task)
{
	const struct ktask *t = ktask_by_pid(k, 1);
	if (t) {
		*task = t->task;
		return 0;
	}
	if (kernel_symbol(k, "init_task", task) == 0)
		return 0;
	err_set("no pid 1 and no init_task");
	return -1;
}

static int mount_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	const char *nsarg = NULL;
	struct mlayout L;
	struct mlist m = { 0 };
	uint64_t task = 0;
	int opt, rc = 0;

	optind = 0;
	while ((opt = getopt(argc, argv, "n:fi")) != -1) {
		switch (opt) {
		case 'n': nsarg = optarg; break;
		case 'f':
			return crash_error(s, "-f is not supported: super_block has no list of open "
					      "files in this kernel");
		case 'i':
			return crash_error(s, "-i is not supported: super_block has no list of dirty "
					      "inodes in this kernel");
		default: return -1;
		}
	}
	if (!k)
		return crash_error(s, "no dump is open");
	if (probe(k, &L) != 0)
		return crash_error(s, "%s", err_get());
	if (nsarg) {
		const struct ktask *t = ktask_lookup(k, nsarg);
		if (!t)
			return crash_error(s, "invalid task or pid value: %s", nsarg);
		task = t->task;
	} else if (default_task(k, &task) != 0) {
		return crash_error(s, "%s", err_get());
	}
	if (collect(k, &L, task, &m) != 0) {
		free(m.v);
		return crash_error(s, "%s", err_get());
	}

	FILE *out = crash_out(s);
	struct mline *ml = malloc(sizeof(*ml));
	bool header = false;
	if (!ml) {
		free(m.v);
		return crash_error(s, "out of memory");
	}
	if (optind >= argc) {
		fputs(mount_header, out);
		header = true;
	}
	for (size_t i = 0; i < m.n; i++) {
		bool skip;
		if (crash_interrupted()) {
			rc = crash_error(s, "interrupted");
			break;
		}
		if (read_mount(k, &L, m.v[i], ml, &skip) != 0) {
			rc = crash_error(s, "mount %" PRIx64 ": %s", m.v[i], err_get());
			break;
		}
		if (skip)
			continue;
		bool show = optind >= argc;
		for (int a = optind; a < argc && !show; a++)
			show = mount_matches(&L, ml, argv[a]);
		if (!show)
			continue;
		if (!header) {
			fputs(mount_header, out);
			header = true;
		}
		print_mount(out, ml);
	}
	free(ml);
	free(m.v);
	return rc;
}

static const struct crash_cmd mount_cmd = {
	.name = "mount",
	.run = mount_run,
	.summary = "mounted file systems",
	.synopsis = "[-n pid|task] [mount|vfsmount|superblock|type|devname|dirname] ...",
	.description =
		"Lists the mounts of a mount namespace, one line each: the address of\n"
		"the struct mount, of its super block, the file system type, the device\n"
		"name it was mounted from and the directory it is mounted on.  The\n"
		"namespace is the one of pid 1 (the initial namespace, the one of\n"
		"init_task) unless -n names a task.  Arguments keep only the mounts\n"
		"they name: a struct mount, vfsmount or super block address, a type, a\n"
		"device name or a directory.\n"
		"\n"
		"  -n pid|task  the mount namespace of this task (a PID or a hexadecimal\n"
		"               task_struct address).\n"
		"  -f, -i       open files and dirty inodes of each super block: not\n"
		"               supported, kernels since 2.6 keep no such lists.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> mount\n"
		"       MOUNT           SUPERBLK     TYPE   DEVNAME   DIRNAME\n"
		"  ffff8f3e811c1c80 ffff8f3e8105a800 rootfs rootfs    /         \n"
		"  ffff8f3e903ed640 ffff8f3e9fea4000 proc   proc      /proc     \n"
		"  ffff8f3e903ed280 ffff8f3e8105e000 devtmpfs dev     /dev      \n"
		"\n"
		"  crash> mount /proc\n"
		"       MOUNT           SUPERBLK     TYPE   DEVNAME   DIRNAME\n"
		"  ffff8f3e903ed640 ffff8f3e9fea4000 proc   proc      /proc     \n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(mount_cmd)
