/* A dump file seen through its logical contents: plain files are read in
 * place with pread, flattened files through their block index. */
#include "readers/internal.h"

#include "common/err.h"
#include "common/openfile.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lfile_open(struct lfile *lf, const char *path)
{
	uint64_t size;
	unsigned char head[16];
	ssize_t got;

	memset(lf, 0, sizeof(*lf));
	lf->fd = open_input(path, &size);
	if (lf->fd < 0)
		return -1;
	lf->path = xstrdup(path);
	lf->size = lf->data_bytes = size;
	if (lf->size == 0) {
		err_set("%s: empty file", path);
		goto fail;
	}
	got = pread(lf->fd, head, sizeof(head), 0);
	if (got == (ssize_t)sizeof(head) && flat_detect(head, sizeof(head))) {
		lf->flat = flat_index_build(lf->fd, lf->size, path);
		if (!lf->flat)
			goto fail;
		lf->size = flat_logical_size(lf->flat);
		lf->data_bytes = flat_data_bytes(lf->flat);
	}
	return 0;
fail:
	lfile_close(lf);
	return -1;
}

void lfile_close(struct lfile *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
	flat_index_free(lf->flat);
	lf->flat = NULL;
	free(lf->path);
	lf->path = NULL;
}

int lfile_pread(struct lfile *lf, void *buf, size_t len, uint64_t off, const char *what)
{
	if (off > lf->size || len > lf->size - off) {
		err_set("%s: %s extends past end of file", lf->path, what);
		return -1;
	}
	if (lf->flat) {
		if (flat_pread(lf->flat, lf->fd, buf, len, off) < 0) {
			err_prefix("%s: %s", lf->path, what);
			return -1;
		}
		return 0;
	}
	while (len) {
		ssize_t r = pread(lf->fd, buf, len, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err_set("%s: %s: %s", lf->path, what, strerror(errno));
			return -1;
		}
		if (r == 0) {
			err_set("%s: %s extends past end of file", lf->path, what);
			return -1;
		}
		buf = (char *)buf + r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}
