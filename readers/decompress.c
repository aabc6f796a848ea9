/* Decompression of one kdump page with each codec makedumpfile and QEMU
 * use.  Every codec is asked for exactly the page size and must produce
 * exactly that: anything else means the page data is damaged. */
#include "readers/internal.h"

#include "common/err.h"

#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

const char *compression_name(int method)
{
	switch (method) {
	case COMP_NONE: return "none";
	case COMP_ZLIB: return "zlib";
	case COMP_LZO: return "lzo";
	case COMP_SNAPPY: return "snappy";
	case COMP_ZSTD: return "zstd";
	}
	return "unknown";
}

int decompress_page(int method, const void *in, size_t inlen, void *out, size_t outlen)
{
	switch (method) {
	case COMP_NONE:
		if (inlen != outlen) {
			err_set("uncompressed page has size %zu, not %zu", inlen, outlen);
			return -1;
		}
		memcpy(out, in, outlen);
		return 0;
	case COMP_ZLIB: {
		uLongf n = outlen;
		int rc = uncompress(out, &n, in, inlen);
		if (rc != Z_OK || n != outlen) {
			err_set("zlib: %s", rc != Z_OK ? zError(rc) : "short page");
			return -1;
		}
		return 0;
	}
	case COMP_LZO: {
		static int lzo_ready;
		if (!lzo_ready) {
			if (lzo_init() != LZO_E_OK) {
				err_set("lzo: initialisation failed");
				return -1;
			}
			lzo_ready = 1;
		}
		lzo_uint n = outlen;
		int rc = lzo1x_decompress_safe(in, inlen, out, &n, NULL);
		if (rc != LZO_E_OK || n != outlen) {
			err_set("lzo: bad compressed data (%d)", rc);
			return -1;
		}
		return 0;
	}
	case COMP_SNAPPY: {
		size_t n = 0;
		if (snappy_uncompressed_length(in, inlen, &n) != SNAPPY_OK || n != outlen) {
			err_set("snappy: bad compressed data");
			return -1;
		}
		n = outlen;
		if (snappy_uncompress(in, inlen, out, &n) != SNAPPY_OK || n != outlen) {
			err_set("snappy: bad compressed data");
			return -1;
		}
		return 0;
	}
	case COMP_ZSTD: {
		size_t n = ZSTD_decompress(out, outlen, in, inlen);
		if (ZSTD_isError(n) || n != outlen) {
			err_set("zstd: %s", ZSTD_isError(n) ? ZSTD_getErrorName(n) : "short page");
			return -1;
		}
		return 0;
	}
	}
	err_set("unknown compression method");
	return -1;
}
