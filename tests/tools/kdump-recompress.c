/* kdump-recompress: rewrite the pages of a (non-flattened, single-file)
 * kdump-compressed dump with another codec, keeping everything else.
 *
 *   kdump-recompress snappy|zstd|zlib|none IN OUT
 *
 * Debian's makedumpfile writes only zlib and lzo; this makes the snappy and
 * zstd fixtures.  Pages that do not shrink are stored uncompressed, as
 * makedumpfile does; descs that shared one page (the zero page) still share
 * one copy. */
#include "readers/internal.h"
#include "common/err.h"

#include <snappy-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

static void die(const char *msg)
{
	fprintf(stderr, "kdump-recompress: %s\n", msg);
	exit(1);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die("cannot open input");
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc((size_t)n);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
		die("cannot read input");
	fclose(f);
	*len = (size_t)n;
	return b;
}

struct seen { uint64_t old_off, new_off; uint32_t size, flags; };

int main(int argc, char **argv)
{
	if (argc != 4)
		die("usage: kdump-recompress snappy|zstd|zlib|none IN OUT");
	uint32_t flag;
	if (!strcmp(argv[1], "snappy")) flag = 0x4;
	else if (!strcmp(argv[1], "zstd")) flag = 0x20;
	else if (!strcmp(argv[1], "zlib")) flag = 0x1;
	else if (!strcmp(argv[1], "none")) flag = 0;
	else die("unknown codec");

	size_t len;
	unsigned char *in = slurp(argv[2], &len);
	if (len < 4096 || memcmp(in, "KDUMP   ", 8))
		die("input is not a plain kdump-compressed file");
	uint32_t bs, sub_blocks, bm_blocks, version;
	memcpy(&version, in + 8, 4);
	memcpy(&bs, in + 428, 4);
	memcpy(&sub_blocks, in + 432, 4);
	memcpy(&bm_blocks, in + 436, 4);
	uint64_t bm_off = (1 + (uint64_t)sub_blocks) * bs, bm_len = (uint64_t)bm_blocks * bs / 2;
	if (bm_off + 2 * bm_len > len)
		die("bitmaps past end of input");
	uint64_t ndesc = 0;
	for (uint64_t i = 0; i < bm_len; i++)
		ndesc += (uint64_t)__builtin_popcount(in[bm_off + bm_len + i]);
	uint64_t desc_off = bm_off + 2 * bm_len;
	if (desc_off + ndesc * 24 > len)
		die("descs past end of input");
	uint64_t data_start = desc_off + ndesc * 24;
	for (uint64_t i = 0; i < ndesc; i++) {
		uint64_t off;
		memcpy(&off, in + desc_off + i * 24, 8);
		if (off < data_start)
			data_start = off;
	}
	if (data_start < desc_off + ndesc * 24)
		die("page data overlaps the descs");

	FILE *out = fopen(argv[3], "wb");
	if (!out)
		die("cannot create output");
	unsigned char *hdr = malloc(data_start);
	memcpy(hdr, in, data_start);
	fwrite(hdr, 1, data_start, out);
	uint64_t pos = data_start;

	unsigned char *page = malloc(bs), *cbuf = malloc(2 * bs + 1024);
	struct seen *seen = calloc(ndesc ? ndesc : 1, sizeof(*seen));
	size_t nseen = 0;
	for (uint64_t i = 0; i < ndesc; i++) {
		unsigned char *dp = hdr + desc_off + i * 24;
		uint64_t off;
		uint32_t size, flags;
		memcpy(&off, dp, 8);
		memcpy(&size, dp + 8, 4);
		memcpy(&flags, dp + 12, 4);
		/* Shared pages (the zero page) are usually recent: look back a bit,
		 * then everywhere. */
		struct seen *hit = NULL;
		for (size_t k = nseen; k-- > 0;)
			if (seen[k].old_off == off) { hit = &seen[k]; break; }
		if (!hit) {
			if (off + size > len)
				die("page data past end of input");
			int m = flags & 1 ? COMP_ZLIB : flags & 2 ? COMP_LZO : flags & 4 ? COMP_SNAPPY :
				flags & 0x20 ? COMP_ZSTD : COMP_NONE;
			if (decompress_page(m, in + off, size, page, bs) < 0)
				die(err_get());
			size_t clen = 0;
			int ok = 0;
			if (flag == 0x4) {
				clen = snappy_max_compressed_length(bs);
				ok = snappy_compress((char *)page, bs, (char *)cbuf, &clen) == SNAPPY_OK;
			} else if (flag == 0x20) {
				clen = ZSTD_compress(cbuf, 2 * bs + 1024, page, bs, 1);
				ok = !ZSTD_isError(clen);
			} else if (flag == 0x1) {
				uLongf n = 2 * bs + 1024;
				ok = compress2(cbuf, &n, page, bs, 6) == Z_OK;
				clen = n;
			}
			struct seen s = { off, pos, 0, 0 };
			if (ok && clen < bs) {
				fwrite(cbuf, 1, clen, out);
				s.size = (uint32_t)clen;
				s.flags = flag;
			} else {
				fwrite(page, 1, bs, out);
				s.size = bs;
				s.flags = 0;
			}
			pos += s.size;
			seen[nseen++] = s;
			hit = &seen[nseen - 1];
		}
		memcpy(dp, &hit->new_off, 8);
		memcpy(dp + 8, &hit->size, 4);
		memcpy(dp + 12, &hit->flags, 4);
	}
	/* Eraseinfo (sub header v5+) lives after the page data: move it. */
	if (version >= 5) {
		uint64_t eo, es;
		memcpy(&eo, hdr + bs + 64, 8);
		memcpy(&es, hdr + bs + 72, 8);
		if (es && eo + es <= len) {
			fwrite(in + eo, 1, es, out);
			memcpy(hdr + bs + 64, &pos, 8);
			pos += es;
		}
	}
	fseek(out, 0, SEEK_SET);
	fwrite(hdr, 1, data_start, out);
	if (fclose(out) != 0)
		die("write error");
	fprintf(stderr, "kdump-recompress: %llu descs, %zu distinct pages, %llu bytes\n",
		(unsigned long long)ndesc, nseen, (unsigned long long)pos);
	free(seen);
	free(cbuf);
	free(page);
	free(hdr);
	free(in);
	return 0;
}
