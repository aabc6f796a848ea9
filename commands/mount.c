/* mount: the mounts of a mount namespace (by default the one of pid 1,
 * which is init_task's), one line each: struct mount, super block, file
 * system type, device name and mount point. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

static const char mount_header[] =
	"     MOUNT           SUPERBLK     TYPE   DEVNAME   DIRNAME\n";

/* crash's columns: TYPE is at least 6 wide and DEVNAME 9, each followed
 * by a space, and the two together are then trimmed of trailing blanks
 * down to 17 characters (keeping one space before DIRNAME). */
static void print_mount(FILE *out, const struct mount_entry *ml)
{
	char td[sizeof(ml->type) + sizeof(ml->dev) + 16];
	snprintf(td, sizeof(td), "%-6s %-9s ", ml->type, ml->dev);
	size_t n = strlen(td);
	while (n > 17 && td[n - 2] == ' ')
		td[--n] = '\0';
	fprintf(out, "%16" PRIx64 " %16" PRIx64 " %s%-10s\n", ml->mount, ml->sb, td, ml->dir);
}

/* One mount in JSON (commands/json/mount.schema.json). */
static struct json_object *mount_json(const struct mount_entry *ml)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "mount", crash_json_addr(ml->mount));
	json_object_object_add(o, "vfsmount", crash_json_addr(ml->vfsmount));
	json_object_object_add(o, "super_block", crash_json_addr(ml->sb));
	json_object_object_add(o, "type", crash_json_str(ml->type));
	json_object_object_add(o, "devname", crash_json_str(ml->dev));
	json_object_object_add(o, "dirname", crash_json_str(ml->dir));
	return o;
}

/* Whether a search argument names this mount: one of its columns, or the
 * address of its struct mount, vfsmount or super block, or of a dentry or
 * inode on it (obj_sb: the super block of the argument's object, 0 if
 * none). */
static bool mount_matches(const struct mount_entry *ml, const char *arg, uint64_t obj_sb)
{
	uint64_t v;
	if (obj_sb && obj_sb == ml->sb)
		return true;
	if (!strcmp(arg, ml->type) || !strcmp(arg, ml->dev) || !strcmp(arg, ml->dir))
		return true;
	/* a path given with a trailing slash names the same directory */
	size_t n = strlen(arg);
	if (n > 1 && arg[n - 1] == '/' && strlen(ml->dir) == n - 1 && !strncmp(arg, ml->dir, n - 1))
		return true;
	if (crash_parse_hex(arg, &v))
		return v == ml->mount || v == ml->vfsmount || v == ml->sb;
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
	uint64_t *mounts = NULL;
	size_t n = 0;
	uint64_t task = 0;
	int opt, rc = 0;

	optind = 0;
	while ((opt = getopt(argc, argv, "n:fi")) != -1) {
		switch (opt) {
		case 'n': nsarg = optarg; break;
		case 'f':
			return crash_error(s, "-f: this kernel's super_block keeps no list of its "
					      "open files (s_files went with Linux 3.x)");
		case 'i':
			return crash_error(s, "-i: this kernel's super_block keeps no list of dirty "
					      "inodes (s_dirty went with Linux 2.6.x)");
		default: return -1;
		}
	}
	if (!k)
		return crash_error(s, "no dump is open");
	if (nsarg) {
		const struct ktask *t = ktask_lookup(k, nsarg);
		if (!t)
			return crash_error(s, "invalid task or pid value: %s", nsarg);
		task = t->task;
	} else if (default_task(k, &task) != 0) {
		return crash_error(s, "%s", err_get());
	}
	if (mounts_of_task(k, task, &mounts, &n) != 0)
		return crash_error(s, "%s", err_get());

	/* an argument that is a dentry or inode: the super block it is on */
	uint64_t *obj_sb = xcalloc((size_t)(argc - optind) + 1, sizeof(*obj_sb));
	for (int a = optind; a < argc; a++) {
		uint64_t v;
		if (crash_parse_hex(argv[a], &v) && mount_object_sb(k, v, &obj_sb[a - optind]) != 1)
			obj_sb[a - optind] = 0;
	}
	FILE *out = crash_out(s);
	struct mount_entry *ml = malloc(sizeof(*ml));
	bool header = false;
	if (!ml) {
		free(mounts);
		free(obj_sb);
		return crash_error(s, "out of memory");
	}
	struct json_object *rows = crash_json(s) ? json_object_new_array() : NULL;
	if (optind >= argc && !rows) {
		fputs(mount_header, out);
		header = true;
	}
	for (size_t i = 0; i < n; i++) {
		if (crash_interrupted()) {
			rc = crash_error(s, "interrupted");
			break;
		}
		int r = mount_read(k, mounts[i], ml);
		if (r < 0) {
			rc = crash_error(s, "mount %" PRIx64 ": %s", mounts[i], err_get());
			break;
		}
		if (r == 0)
			continue;	/* a /proc/mounts cursor */
		bool show = optind >= argc;
		for (int a = optind; a < argc && !show; a++)
			show = mount_matches(ml, argv[a], obj_sb[a - optind]);
		if (!show)
			continue;
		if (rows) {
			json_object_array_add(rows, mount_json(ml));
			continue;
		}
		if (!header) {
			fputs(mount_header, out);
			header = true;
		}
		print_mount(out, ml);
	}
	if (rows) {
		/* the mounts read before a failure stay, with the error */
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "task", crash_json_addr(task));
		json_object_object_add(d, "mounts", rows);
		crash_json_emit(s, d);
	}
	free(ml);
	free(mounts);
	free(obj_sb);
	return rc;
}

static const struct crash_cmd mount_cmd = {
	.name = "mount",
	.run = mount_run,
	.summary = "mounted file systems",
	.synopsis = "[-n pid|task] [mount|vfsmount|superblock|dentry|inode|type|devname|dirname] ...",
	.description =
		"Lists the mounts of a mount namespace, one line each: the address of\n"
		"the struct mount, of its super block, the file system type, the device\n"
		"name it was mounted from and the directory it is mounted on.  The\n"
		"namespace is the one of pid 1 (the initial namespace, the one of\n"
		"init_task) unless -n names a task.  Arguments keep only the mounts\n"
		"they name: a struct mount, vfsmount or super block address, the\n"
		"address of a dentry or inode (the mount of its super block), a type,\n"
		"a device name or a directory.\n"
		"\n"
		"  -n pid|task  the mount namespace of this task (a PID or a hexadecimal\n"
		"               task_struct address).\n"
		"  -f, -i       open files and dirty inodes of each super block: refused,\n"
		"               as by crash: kernels keep no such lists (s_files went in\n"
		"               3.x, s_dirty in 2.6).\n"
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
