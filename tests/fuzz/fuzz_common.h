/* Shared body of the reader fuzz targets: the input becomes one or more
 * in-memory files (memfd, reached by /proc/self/fd path), which go through
 * dump_open and then every read the API offers. */
#ifndef CRASH_FUZZ_COMMON_H
#define CRASH_FUZZ_COMMON_H

#include "readers/dump.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int fuzz_file(const uint8_t *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

static void fuzz_emit(void *arg, const char *line)
{
	(void)arg;
	(void)line;
}

static void fuzz_exercise(struct dump *d)
{
	const struct dump_info *i = dump_get_info(d);
	unsigned char buf[8192];
	uint32_t ps = i->page_size ? i->page_size : 4096;
	/* Pages near the bottom and near max_paddr, and a few odd spans. */
	for (uint64_t k = 0; k < 40; k++) {
		uint64_t a = k * ps;
		dump_page_state(d, a);
		dump_read_phys(d, a, buf, ps < sizeof(buf) ? ps : sizeof(buf));
	}
	if (i->max_paddr >= ps) {
		dump_read_phys(d, i->max_paddr - 8, buf, 16);
		dump_page_state(d, i->max_paddr - 1);
	}
	dump_read_phys(d, ps - 100, buf, 200);
	dump_read_phys(d, UINT64_MAX - 4, buf, 16);
	const struct dump_note *n;
	size_t nn = dump_notes(d, &n);
	volatile unsigned sum = 0;
	for (size_t k = 0; k < nn; k++)
		for (size_t j = 0; j < n[k].descsz; j++)
			sum += ((const unsigned char *)n[k].desc)[j];
	const char *v = dump_vmcoreinfo(d);
	if (v)
		sum += (unsigned)strlen(v);
	dump_describe(d, fuzz_emit, NULL);
}

/* Opens data (optionally with its first bytes replaced by magic so the
 * fuzzer stays inside one format) as a one-file dump. */
static void fuzz_one(const uint8_t *data, size_t size, const void *magic, size_t mlen)
{
	uint8_t copy[1 << 17];
	if (size > sizeof(copy))
		size = sizeof(copy);
	memcpy(copy, data, size);
	if (magic && size >= mlen)
		memcpy(copy, magic, mlen);
	char path[64];
	int fd = fuzz_file(copy, size, path);
	if (fd < 0)
		return;
	const char *p[1] = { path };
	struct dump *d = dump_open(p, 1);
	if (d) {
		fuzz_exercise(d);
		dump_close(d);
	}
	close(fd);
}

#endif
