#include "common/openfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m)) return "a directory";
	if (S_ISFIFO(m)) return "a FIFO";
	if (S_ISCHR(m)) return "a character device";
	if (S_ISSOCK(m)) return "a socket";
	return "not a file";
}

int open_input(const char *path, uint64_t *size)
{
	struct stat st, fst;
	int fd;

	if (stat(path, &st) < 0) {
		err_set("%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		err_set("%s: is %s, not a regular file or a block device", path, kind_of(st.st_mode));
		return -1;
	}
	/* O_NONBLOCK: should the path have become a FIFO since the stat,
	 * open() still returns (and the fstat below refuses it). */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err_set("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &fst) < 0 || (!S_ISREG(fst.st_mode) && !S_ISBLK(fst.st_mode))) {
		err_set("%s: not a regular file or a block device", path);
		close(fd);
		return -1;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	if (size) {
		if (S_ISBLK(fst.st_mode)) {
			off_t end = lseek(fd, 0, SEEK_END);
			*size = end > 0 ? (uint64_t)end : 0;
			lseek(fd, 0, SEEK_SET);
		} else {
			*size = (uint64_t)fst.st_size;
		}
	}
	return fd;
}
