/* Opening a file given on the command line (a vmlinux, a dump part).
 *
 * Only a regular file or a block device is opened: anything else is
 * refused from its stat() before open() is called, so that a FIFO, a
 * terminal or a socket path never blocks the program in open() or in a
 * read. */
#ifndef CRASH_COMMON_OPENFILE_H
#define CRASH_COMMON_OPENFILE_H

#include <stdint.h>

/* Returns a read-only descriptor (close-on-exec, blocking), or -1 with
 * err_set("PATH: ...").  *size gets the size of the file or device when
 * size is not NULL. */
int open_input(const char *path, uint64_t *size);

#endif
