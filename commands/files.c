/* files: a task's root, working directory and open files, with crash's
 * layout; -d names a dentry, -p lists an inode's pages in the page cache. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

struct files_ctx {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	bool nrpages;		/* -c */
	const char *ref;	/* -R */
	bool ref_num_hex, ref_num_dec;
	uint64_t ref_hex, ref_dec;
	/* per task */
	uint64_t task;
	char rootcwd[2 * DPATH_MAX + 32];
	bool header_done, rootcwd_done, ref_found;
	int lines;
	/* JSON (files and files -c, not -R): the task's "files" array,
	 * filled instead of printing; NULL otherwise */
	struct json_object *fds;
};

static void files_header(struct files_ctx *c)
{
	char a[64], b[64], d[64];
	if (c->nrpages)
		fprintf(c->out, " FD %s %s NRPAGES TYPE PATH\n",
			crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "INODE"),
			crash_field(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "I_MAPPING"));
	else
		fprintf(c->out, " FD %s %s %s TYPE PATH\n",
			crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "FILE"),
			crash_field(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "DENTRY"),
			crash_field(d, sizeof(d), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "INODE"));
}

/* What files shows of one fd, read once for the text line and JSON. */
struct fd_row {
	unsigned fd;
	uint64_t file, dentry, inode, mapping, nrpages;
	bool readable;		/* the struct file could be read */
	const char *type;	/* kinode_type(), "?   " when the inode is unreadable */
	char path[DPATH_MAX];
};

static void fd_collect(struct files_ctx *c, unsigned fd, uint64_t file, struct fd_row *r)
{
	struct kfile fi;
	struct kinode ii;

	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->file = file;
	r->type = "?   ";
	if (kfile_read(c->k, file, &fi) < 0)
		return;
	r->readable = true;
	r->dentry = fi.dentry;
	r->inode = fi.inode;
	if (fi.inode && kinode_read(c->k, fi.inode, &ii) == 0)
		r->type = kinode_type(ii.mode);
	else
		memset(&ii, 0, sizeof(ii));
	r->mapping = ii.mapping;
	if (fi.dentry && dpath_path(c->k, fi.vfsmnt, fi.dentry, r->path, sizeof(r->path)) < 0 &&
	    !r->path[0])
		snprintf(r->path, sizeof(r->path), "?");
	if (c->nrpages && ii.mapping)
		pagecache_nrpages(c->k, ii.mapping, &r->nrpages);
}

/* One fd line, written into line. */
static void fd_line(struct files_ctx *c, const struct fd_row *r, char *line, size_t len)
{
	char a[64], b[64], d[64];

	if (!r->readable) {
		snprintf(line, len, "%3u %s %s %s ?    ?", r->fd,
			 crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_R, r->file),
			 crash_field(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_R, "?"),
			 crash_field(d, sizeof(d), CRASH_ADDR_WIDTH, CRASH_CENTER_R, "?"));
		return;
	}
	if (c->nrpages) {
		char n[32];
		snprintf(n, sizeof(n), "%7llu", (unsigned long long)r->nrpages);
		snprintf(line, len, "%3u %s %s %s %s %s", r->fd,
			 crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_R, r->inode),
			 crash_hexfield(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_R, r->mapping), n,
			 r->type, r->path);
	} else
		snprintf(line, len, "%3u %s %s %s %s %s", r->fd,
			 crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_R, r->file),
			 crash_hexfield(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_R, r->dentry),
			 crash_hexfield(d, sizeof(d), CRASH_ADDR_WIDTH, CRASH_CENTER_R, r->inode), r->type,
			 r->path);
}

/* One fd in JSON (commands/json/files.schema.json). */
static struct json_object *fd_json(const struct files_ctx *c, const struct fd_row *r)
{
	struct json_object *o = json_object_new_object();
	char type[8];
	snprintf(type, sizeof(type), "%s", r->type);
	for (char *e = type + strlen(type); e > type && e[-1] == ' '; )
		*--e = 0;
	json_object_object_add(o, "fd", json_object_new_int64(r->fd));
	json_object_object_add(o, "file", crash_json_addr(r->file));
	json_object_object_add(o, "dentry", r->readable ? crash_json_addr(r->dentry) : NULL);
	json_object_object_add(o, "inode", r->readable ? crash_json_addr(r->inode) : NULL);
	json_object_object_add(o, "type", r->readable && strcmp(type, "?") ? json_object_new_string(type) : NULL);
	json_object_object_add(o, "path", r->readable ? crash_json_str(r->path) : NULL);
	if (c->nrpages) {
		json_object_object_add(o, "mapping", r->readable ? crash_json_addr(r->mapping) : NULL);
		json_object_object_add(o, "nrpages", r->readable ? json_object_new_uint64(r->nrpages) : NULL);
	}
	return o;
}

/* Does an fd line refer to -R's argument: the fd number, one of the
 * addresses, the type, or a part of the path. */
static bool ref_match(struct files_ctx *c, unsigned fd, const char *line, const char *path)
{
	char buf[DPATH_MAX + 256];
	char *tok[6], *save = NULL, *p;
	int n = 0, i;
	snprintf(buf, sizeof(buf), "%s", line);
	for (p = strtok_r(buf, " ", &save); p && n < 5; p = strtok_r(NULL, " ", &save))
		tok[n++] = p;
	if (c->ref_num_dec && fd == c->ref_dec)
		return true;
	if (c->ref_num_hex) {
		if (fd == c->ref_hex && !c->ref_num_dec)
			return true;
		for (i = 1; i < n && i < 4; i++) {
			uint64_t v;
			if (crash_parse_hex(tok[i], &v) && v == c->ref_hex)
				return true;
		}
	}
	if (n >= 5 && !strcmp(tok[4], c->ref))
		return true;
	if (path[0]) {
		if (!strcmp(c->ref, "/"))
			return !strcmp(path, "/");
		if (strstr(path, c->ref))
			return true;
	}
	return false;
}

static int each_fd(void *arg, unsigned fd, uint64_t file)
{
	struct files_ctx *c = arg;
	char line[DPATH_MAX + 256];
	struct fd_row r;

	fd_collect(c, fd, file, &r);
	if (c->fds) {
		json_object_array_add(c->fds, fd_json(c, &r));
		return 0;
	}
	fd_line(c, &r, line, sizeof(line));
	const char *path = r.path;
	if (c->ref) {
		if (!ref_match(c, fd, line, path))
			return 0;
		if (!c->rootcwd_done) {
			crash_print_task_header(c->s, c->task, false);
			fputs(c->rootcwd, c->out);
			c->rootcwd_done = true;
		}
		c->ref_found = true;
	}
	if (!c->header_done) {
		files_header(c);
		c->header_done = true;
	}
	fprintf(c->out, "%s\n", line);
	c->lines++;
	return 0;
}

/* The task's fs_struct (*fs, 0 if none) and its root and current
 * directory into root and cwd (DPATH_MAX each, left as they are when not
 * read): 1 when they were read, 0 when not (no fs_struct, or a warning
 * said why), -1 after crash_error(). */
static int task_root_cwd(struct files_ctx *c, uint64_t task, uint64_t *fs, char *root, char *cwd)
{
	struct fs_paths p;

	*fs = 0;
	if (fs_struct_of_task(c->k, task, fs) < 0)
		return crash_error(c->s, "task %llx: %s", (unsigned long long)task, err_get());
	if (!*fs)
		return 0;
	if (fs_struct_paths(c->k, *fs, &p) < 0) {
		crash_warn(c->s, "fs_struct %llx: %s", (unsigned long long)*fs, err_get());
		return 0;
	}
	if (p.root_dentry)
		dpath_path(c->k, p.root_mnt, p.root_dentry, root, DPATH_MAX);
	if (p.pwd_dentry)
		dpath_path(c->k, p.pwd_mnt, p.pwd_dentry, cwd, DPATH_MAX);
	return 1;
}

/* files of one task in JSON: the same walks as files_task(). */
static int files_task_json(struct files_ctx *c, uint64_t task)
{
	uint64_t fs = 0, files = 0;
	char root[DPATH_MAX] = "", cwd[DPATH_MAX] = "";
	bool have_paths = false;
	int rc = 0;

	int paths = task_root_cwd(c, task, &fs, root, cwd);
	if (paths < 0)
		return -1;
	have_paths = paths > 0;
	if (fdtable_task_files(c->k, task, &files) < 0)
		return crash_error(c->s, "task %llx: %s", (unsigned long long)task, err_get());
	struct json_object *d = crash_json_task(c->s, task);
	json_object_object_add(d, "root", have_paths ? crash_json_str(root) : NULL);
	json_object_object_add(d, "cwd", have_paths ? crash_json_str(cwd) : NULL);
	c->fds = json_object_new_array();
	json_object_object_add(d, "files", c->fds);
	if (files && fdtable_foreach(c->k, files, each_fd, c) < 0) {
		/* the fds found so far stay, with the error */
		crash_error(c->s, "files_struct %llx: %s", (unsigned long long)files, err_get());
		rc = -1;
	}
	c->fds = NULL;
	crash_json_emit(c->s, d);
	return rc;
}

static int files_task(struct files_ctx *c, uint64_t task, bool subsequent)
{
	if (crash_json(c->s) && !c->ref)
		return files_task_json(c, task);

	uint64_t fs = 0, files = 0;
	char root[DPATH_MAX] = "", cwd[DPATH_MAX] = "";
	int rc = 0;

	c->task = task;
	c->header_done = c->rootcwd_done = c->ref_found = false;
	c->lines = 0;
	c->rootcwd[0] = 0;
	if (!c->ref)
		crash_print_task_header(c->s, task, subsequent);
	if (task_root_cwd(c, task, &fs, root, cwd) < 0)
		return -1;
	if (fs) {
		if (c->ref) {
			snprintf(c->rootcwd, sizeof(c->rootcwd), "ROOT: %s    CWD: %s \n", root, cwd);
			if ((!strcmp(c->ref, "/") && (!strcmp(root, "/") || !strcmp(cwd, "/"))) ||
			    (strcmp(c->ref, "/") && (strstr(root, c->ref) || strstr(cwd, c->ref)))) {
				crash_print_task_header(c->s, task, false);
				fputs(c->rootcwd, c->out);
				c->rootcwd_done = true;
				c->ref_found = true;
			}
		} else
			fprintf(c->out, "ROOT: %s    CWD: %s\n", root, cwd);
	}
	if (fdtable_task_files(c->k, task, &files) < 0)
		return crash_error(c->s, "task %llx: %s", (unsigned long long)task, err_get());
	if (files && fdtable_foreach(c->k, files, each_fd, c) < 0) {
		crash_error(c->s, "files_struct %llx: %s", (unsigned long long)files, err_get());
		rc = -1;
	}
	if (c->ref) {
		if (c->ref_found)
			fprintf(c->out, "\n");
	} else if (!c->lines)
		fprintf(c->out, "No open files\n");
	return rc;
}

/* files -d: a dentry's inode, super block, type and path. */
static int files_dentry(struct files_ctx *c, uint64_t dentry)
{
	char a[64], b[64], d[64], path[DPATH_MAX] = "";
	uint64_t inode, sb;
	struct kdentry de;
	struct kinode ii;
	const char *type = "N/A";

	fprintf(c->out, "%s %s %s TYPE PATH\n",
		crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "DENTRY"),
		crash_field(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "INODE"),
		crash_field(d, sizeof(d), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "SUPERBLK"));
	if (kdentry_read(c->k, dentry, &de) < 0)
		return crash_error(c->s, "dentry %llx: %s", (unsigned long long)dentry, err_get());
	inode = de.inode;
	sb = de.sb;	/* the inode's, when it has one */
	if (inode && kinode_read(c->k, inode, &ii) == 0) {
		type = kinode_type(ii.mode);
		sb = ii.sb;
	}
	if (sb)
		dpath_dentry(c->k, dentry, path, sizeof(path));
	fprintf(c->out, "%s %s %s %s %s\n", crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_RIGHT, dentry),
		crash_hexfield(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_RIGHT, inode),
		crash_hexfield(d, sizeof(d), CRASH_ADDR_WIDTH, CRASH_CENTER_L, sb), type, path);
	return 0;
}

/* files -p: the pages of an inode in the page cache. */
struct pc_ctx {
	struct files_ctx *c;
	uint64_t count;
};

static int each_page(void *arg, uint64_t index, uint64_t page)
{
	struct pc_ctx *p = arg;
	struct page_info pg;
	char a[64], b[64], m[64], names[256];
	(void)index;
	if (page_read(p->c->k, page, &pg) < 0) {
		fprintf(p->c->out, "%s  (unreadable: %s)\n",
			crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_LEFT, page), err_get());
		p->count++;
		return 0;
	}
	page_flags_pg_names(p->c->k, pg.flags, names, sizeof(names));
	fprintf(p->c->out, "%s %s %s %8llu %2d %llx %s\n",
		crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_LEFT, page),
		crash_hexfield(b, sizeof(b), 8, CRASH_RIGHT, pg.paddr),
		crash_hexfield(m, sizeof(m), CRASH_ADDR_WIDTH, CRASH_RIGHT, pg.mapping),
		(unsigned long long)pg.index, pg.count, (unsigned long long)pg.flags, names);
	p->count++;
	return 0;
}

static int files_inode_pages(struct files_ctx *c, uint64_t inode)
{
	struct kinode ii;
	uint64_t nr = 0;
	char a[64], b[64];
	struct pc_ctx p = { c, 0 };

	if (kinode_read(c->k, inode, &ii) < 0)
		return crash_error(c->s, "inode %llx: %s", (unsigned long long)inode, err_get());
	if (ii.mapping && pagecache_nrpages(c->k, ii.mapping, &nr) < 0)
		return crash_error(c->s, "address_space %llx: %s", (unsigned long long)ii.mapping,
				   err_get());
	fprintf(c->out, "%s  NRPAGES\n", crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "INODE"));
	snprintf(b, sizeof(b), "%7llu", (unsigned long long)nr);
	fprintf(c->out, "%s  %s\n\n", crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_R, inode),
		b);
	if (!nr)
		return 0;
	fprintf(c->out, "%s %s %s    INDEX CNT FLAGS\n",
		crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "PAGE"),
		crash_field(b, sizeof(b), 8, CRASH_CENTER_L, "PHYSICAL"),
		crash_field((char[64]){ 0 }, 64, CRASH_ADDR_WIDTH, CRASH_CENTER_L, "MAPPING"));
	if (pagecache_foreach(c->k, ii.mapping, each_page, &p) < 0)
		return crash_error(c->s, "address_space %llx: %s", (unsigned long long)ii.mapping,
				   err_get());
	if (p.count != nr)
		crash_warn(c->s, "xarray page count: %llu  nrpages: %llu",
			   (unsigned long long)p.count, (unsigned long long)nr);
	return 0;
}

static int files_run(struct crash_session *s, int argc, char **argv)
{
	struct files_ctx c;
	int opt, i, rc = 0;
	uint64_t v;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.k = crash_kernel(s);
	c.out = crash_out(s);
	if (!c.k)
		return crash_error(s, "no dump is open");
	optind = 0;
	while ((opt = getopt(argc, argv, "d:p:cR:")) != -1) {
		switch (opt) {
		case 'd':
			if (!crash_parse_hex(optarg, &v))
				return crash_error(s, "invalid dentry address: %s", optarg);
			return files_dentry(&c, v);
		case 'p':
			if (!crash_parse_hex(optarg, &v))
				return crash_error(s, "invalid inode address: %s", optarg);
			return files_inode_pages(&c, v);
		case 'c':
			c.nrpages = true;
			break;
		case 'R':
			if (c.ref)
				return crash_error(s, "only one -R option allowed");
			c.ref = optarg;
			break;
		default:
			return crash_error(s, "usage: files [-d dentry] | [-p inode] | [-c] [-R reference] [pid | task] ...");
		}
	}
	if (c.ref) {
		/* A number is an fd when it is decimal, an address when hex. */
		char *end;
		if (crash_parse_hex(c.ref, &c.ref_hex))
			c.ref_num_hex = true;
		c.ref_dec = strtoull(c.ref, &end, 10);
		c.ref_num_dec = *c.ref && *end == 0;
	}
	if (optind >= argc) {
		uint64_t t = crash_current_task(s);
		if (!t)
			return crash_error(s, "no current task");
		return files_task(&c, t, false);
	}
	bool subsequent = false;
	for (i = optind; i < argc; i++) {
		const struct ktask *t = crash_task_arg(s, argv[i]);
		if (!t) {
			crash_usage_error(s, "%s", err_get());
			rc = -1;
			continue;
		}
		if (files_task(&c, t->task, subsequent) < 0)
			rc = -1;
		subsequent = true;
	}
	return rc;
}

static const struct crash_cmd files_cmd = {
	.name = "files",
	.run = files_run,
	.summary = "open files of a task",
	.synopsis = "files [-d dentry] | [-p inode] | [-c] [-R reference] [pid | task] ...",
	.description =
		"Shows the root and working directory of a task (the current context\n"
		"when none is named), then one line per open file descriptor: its\n"
		"number, struct file, dentry and inode, the file type (REG, DIR, CHR,\n"
		"BLK, FIFO, SOCK, LNK, UNKN) and its path.  Paths are built as the\n"
		"kernel builds them for /proc/PID/fd: pipes are pipe:[inode], sockets\n"
		"socket:[inode], anonymous inodes anon_inode:[name], and a file that\n"
		"was deleted ends in \" (deleted)\".\n"
		"\n"
		"  -d dentry  the inode, super block, type and path of a dentry.\n"
		"  -p inode   the pages of an inode that are in the page cache.\n"
		"  -c         for each open file: the inode, its address_space and the\n"
		"             number of its pages in the page cache.\n"
		"  -R ref     only the files that refer to ref: an fd number, a file,\n"
		"             dentry or inode address, a type, or a part of a path.\n"
		"             Meant for \"foreach files -R ref\".\n"
		"      pid    a process id (decimal).\n"
		"      task   a task_struct address (hex).\n"
		"\n"
		"EXAMPLES\n"
		"  Open files of pid 1:\n"
		"    crash> files 1\n"
		"  Tasks that have /var/log/syslog open:\n"
		"    crash> foreach files -R syslog\n",
	.flags = CMD_NEEDS_KERNEL | CMD_TASK_ARG,
};
CRASH_BUILTIN_COMMAND(files_cmd)
