/* Open files of a task; see fdtable.h. */
#include "kernel-types/fdtable.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/vmf_access.h"

static int rdptr(struct kernel *k, uint64_t base, long off, uint64_t *v, const char *what)
{
	*v = 0;
	if (off < 0) {
		err_set("kernel has no %s", what);
		return -1;
	}
	return vmf_read_u64(k, base + (uint64_t)off, v);
}

int fdtable_task_files(struct kernel *k, uint64_t task, uint64_t *files)
{
	return rdptr(k, task, vmf_offset(k, "struct task_struct", "files"), files,
		     "task_struct.files");
}

int fdtable_task_fs(struct kernel *k, uint64_t task, uint64_t *fs)
{
	return rdptr(k, task, vmf_offset(k, "struct task_struct", "fs"), fs, "task_struct.fs");
}

int fdtable_fs_paths(struct kernel *k, uint64_t fs, struct fdtable_fs *out)
{
	memset(out, 0, sizeof(*out));
	if (rdptr(k, fs, vmf_offset(k, "struct fs_struct", "root.mnt"), &out->root_mnt,
		  "fs_struct.root") < 0 ||
	    rdptr(k, fs, vmf_offset(k, "struct fs_struct", "root.dentry"), &out->root_dentry,
		  "fs_struct.root") < 0 ||
	    rdptr(k, fs, vmf_offset(k, "struct fs_struct", "pwd.mnt"), &out->pwd_mnt,
		  "fs_struct.pwd") < 0 ||
	    rdptr(k, fs, vmf_offset(k, "struct fs_struct", "pwd.dentry"), &out->pwd_dentry,
		  "fs_struct.pwd") < 0)
		return -1;
	return 0;
}

int fdtable_foreach(struct kernel *k, uint64_t files_struct,
		    int (*fn)(void *arg, unsigned fd, uint64_t file), void *arg)
{
	uint64_t fdt, fdarr, open_fds;
	uint32_t max_fds;
	long o_fdt = vmf_offset(k, "struct files_struct", "fdt");
	long o_max = vmf_offset(k, "struct fdtable", "max_fds");
	long o_fd = vmf_offset(k, "struct fdtable", "fd");
	long o_open = vmf_offset(k, "struct fdtable", "open_fds");
	uint64_t *bits;
	size_t nwords, w;
	int rc = 0;

	if (o_fdt < 0 || o_max < 0 || o_fd < 0 || o_open < 0) {
		err_set("kernel has no files_struct.fdt layout this code knows");
		return -1;
	}
	if (vmf_read_u64(k, files_struct + o_fdt, &fdt) < 0)
		return -1;
	if (!fdt)
		return 0;
	if (vmf_read_u32(k, fdt + o_max, &max_fds) < 0 ||
	    vmf_read_u64(k, fdt + o_fd, &fdarr) < 0 ||
	    vmf_read_u64(k, fdt + o_open, &open_fds) < 0)
		return -1;
	if (!fdarr || !open_fds || !max_fds)
		return 0;
	if (max_fds > FDTABLE_MAX_FDS) {
		err_set("fdtable %#llx: max_fds %u is not believable",
			(unsigned long long)fdt, max_fds);
		return -1;
	}
	nwords = (max_fds + 63) / 64;
	bits = xcalloc(nwords, sizeof(*bits));
	if (vmf_read(k, open_fds, bits, nwords * sizeof(*bits)) < 0) {
		free(bits);
		return -1;
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
			if (vmf_read_u64(k, fdarr + 8ull * fd, &file) < 0) {
				rc = -1;
				break;
			}
			/* An fd reserved by open() but not yet installed
			 * has its bit set and no file. */
			if (file)
				rc = fn(arg, fd, file);
		}
	}
	free(bits);
	return rc;
}
