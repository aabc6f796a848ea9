/* makedumpfile's flattened format (makedumpfile -F, QEMU kdump output).
 *
 * The file is a 4 KiB header starting "makedumpfile", then records of
 * (offset, size) big-endian 64-bit pairs each followed by size bytes that
 * belong at that offset of the plain kdump file, then a record of (-1,-1).
 * Rather than rewrite the file, we index the records once (sorted by
 * logical offset) and serve reads of the logical file from that index.
 * Later records win where records overlap, as they would when writing the
 * plain file; holes read as zeros, as they would in a sparse file. */
#include "readers/internal.h"

#include "common/err.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLAT_SIG "makedumpfile"
#define FLAT_HDR_SIZE 4096

struct flat_seg {
	uint64_t loff;	 /* logical offset */
	uint64_t foff;	 /* file offset of the data */
	uint64_t len;
	uint64_t seq;	 /* record order: later wins */
	uint64_t maxend; /* max loff+len over this and earlier sorted segs */
};

struct flat_index {
	struct flat_seg *segs;
	size_t n;
	uint64_t lsize, data;
};

bool flat_detect(const void *head, size_t n)
{
	return n >= 16 && memcmp(head, FLAT_SIG, sizeof(FLAT_SIG)) == 0;
}

static uint64_t be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

static int cmp_seg(const void *a, const void *b)
{
	const struct flat_seg *x = a, *y = b;
	if (x->loff != y->loff)
		return x->loff < y->loff ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int read_full(int fd, void *buf, size_t len, uint64_t off)
{
	while (len) {
		ssize_t r = pread(fd, buf, len, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		buf = (char *)buf + r;
		len -= (size_t)r;
		off += (uint64_t)r;
	}
	return 0;
}

struct flat_index *flat_index_build(int fd, uint64_t fsize, const char *path)
{
	struct flat_index *fi = xcalloc(1, sizeof(*fi));
	unsigned char hdr[16];
	size_t cap = 0;
	uint64_t pos = FLAT_HDR_SIZE;
	bool ended = false;

	if (fsize < FLAT_HDR_SIZE) {
		err_set("%s: flattened header: file shorter than its header", path);
		goto fail;
	}
	while (pos + 16 <= fsize) {
		if (read_full(fd, hdr, 16, pos) < 0) {
			err_set("%s: flattened data: read error at offset %llu", path,
				(unsigned long long)pos);
			goto fail;
		}
		int64_t off = (int64_t)be64(hdr), size = (int64_t)be64(hdr + 8);
		pos += 16;
		if (off == -1 && size == -1) {
			ended = true;
			break;
		}
		if (off < 0 || size < 0 || (uint64_t)size > fsize - pos ||
		    (uint64_t)off > UINT64_MAX / 2 - (uint64_t)size) {
			err_set("%s: flattened data: bad record at offset %llu", path,
				(unsigned long long)(pos - 16));
			goto fail;
		}
		if (size > 0) {
			/* Real records are pages or more; bound the index
			 * against files made of tiny records. */
			if (fi->n >= (1u << 20) + fsize / 512) {
				err_set("%s: flattened data: too many records", path);
				goto fail;
			}
			if (fi->n == cap) {
				cap = cap ? cap * 2 : 256;
				fi->segs = xreallocarray(fi->segs, cap, sizeof(*fi->segs));
			}
			fi->segs[fi->n] = (struct flat_seg){ (uint64_t)off, pos, (uint64_t)size,
							     fi->n, 0 };
			fi->n++;
			fi->data += (uint64_t)size;
			if ((uint64_t)off + (uint64_t)size > fi->lsize)
				fi->lsize = (uint64_t)off + (uint64_t)size;
		}
		pos += (uint64_t)size;
	}
	if (!ended) {
		err_set("%s: flattened data: no end marker (truncated file?)", path);
		goto fail;
	}
	if (fi->n == 0) {
		err_set("%s: flattened data: no data records", path);
		goto fail;
	}
	qsort(fi->segs, fi->n, sizeof(*fi->segs), cmp_seg);
	uint64_t m = 0;
	for (size_t i = 0; i < fi->n; i++) {
		uint64_t e = fi->segs[i].loff + fi->segs[i].len;
		if (e > m)
			m = e;
		fi->segs[i].maxend = m;
	}
	return fi;
fail:
	flat_index_free(fi);
	return NULL;
}

void flat_index_free(struct flat_index *fi)
{
	if (!fi)
		return;
	free(fi->segs);
	free(fi);
}

uint64_t flat_logical_size(const struct flat_index *fi) { return fi->lsize; }
uint64_t flat_data_bytes(const struct flat_index *fi) { return fi->data; }
size_t flat_nr_blocks(const struct flat_index *fi) { return fi->n; }

/* Index of the last segment starting at or before off, or -1. */
static ptrdiff_t last_at_or_before(const struct flat_index *fi, uint64_t off)
{
	size_t lo = 0, hi = fi->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (fi->segs[mid].loff <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (ptrdiff_t)lo - 1;
}

int flat_pread(const struct flat_index *fi, int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *out = buf;

	while (len) {
		ptrdiff_t i = last_at_or_before(fi, off);
		const struct flat_seg *best = NULL;
		/* Among segments covering off, the latest record wins. */
		for (ptrdiff_t j = i; j >= 0 && fi->segs[j].maxend > off; j--) {
			const struct flat_seg *s = &fi->segs[j];
			if (s->loff + s->len > off && (!best || s->seq > best->seq))
				best = s;
		}
		uint64_t next = (size_t)(i + 1) < fi->n ? fi->segs[i + 1].loff : UINT64_MAX;
		uint64_t end = best ? best->loff + best->len : next;
		if (end > next)
			end = next;
		size_t n = end - off < len ? (size_t)(end - off) : len;
		if (best) {
			if (read_full(fd, out, n, best->foff + (off - best->loff)) < 0) {
				err_set("read error: %s", errno ? strerror(errno) : "short read");
				return -1;
			}
		} else {
			memset(out, 0, n);
		}
		out += n;
		off += n;
		len -= n;
	}
	return 0;
}
