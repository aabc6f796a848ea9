/* readphys: look at a dump through readers/dump.h, for tests.
 *
 *   readphys DUMP[,SPLIT2,...] info          info fields and dump_describe
 *   readphys DUMP[,...] pages                 "PFN STATE HASH" for every page
 *   readphys DUMP[,...] read PADDR [LEN]      hex of LEN bytes (default 64)
 *   readphys DUMP[,...] vmcoreinfo            the VMCOREINFO text
 *
 * STATE is P (present), X (excluded) or - (not RAM); HASH is FNV-1a 64 of
 * the page for present pages, "partial" for a page only partly in the
 * dump, or the error code otherwise. */
#include "readers/dump.h"
#include "common/err.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void emit(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: readphys DUMP[,SPLIT...] info|pages|read ADDR [LEN]|vmcoreinfo\n");
		return 2;
	}
	const char *paths[64];
	int n = 0;
	char *list = strdup(argv[1]);
	for (char *t = strtok(list, ","); t && n < 64; t = strtok(NULL, ","))
		paths[n++] = t;
	struct dump *d = dump_open(paths, n);
	if (!d) {
		fprintf(stderr, "readphys: %s\n", err_get());
		return 1;
	}
	const struct dump_info *in = dump_get_info(d);
	int rc = 0;
	if (!strcmp(argv[2], "info")) {
		dump_describe(d, emit, NULL);
	} else if (!strcmp(argv[2], "vmcoreinfo")) {
		const char *v = dump_vmcoreinfo(d);
		fputs(v ? v : "", stdout);
	} else if (!strcmp(argv[2], "pages")) {
		uint32_t ps = in->page_size;
		unsigned char *buf = malloc(ps);
		for (uint64_t a = 0; a < in->max_paddr; a += ps) {
			enum dump_page_state st = dump_page_state(d, a);
			if (st == DUMP_PAGE_NOT_RAM)
				continue;
			if (st == DUMP_PAGE_EXCLUDED) {
				int r = dump_read_phys(d, a, buf, ps);
				printf("%" PRIx64 " X %d\n", a / ps, r);
				continue;
			}
			int r = dump_read_phys(d, a, buf, ps);
			if (r == DUMP_E_NOT_RAM) {
				/* a page only partly inside the dump (ELF segment
				 * ending mid-page, e.g. at 0x9fc00 on x86) */
				printf("%" PRIx64 " P partial\n", a / ps);
				continue;
			}
			if (r < 0) {
				printf("%" PRIx64 " P error %d %s\n", a / ps, r, err_get());
				rc = 1;
				continue;
			}
			uint64_t h = 0xcbf29ce484222325ull;
			for (uint32_t i = 0; i < ps; i++)
				h = (h ^ buf[i]) * 0x100000001b3ull;
			printf("%" PRIx64 " P %016" PRIx64 "\n", a / ps, h);
		}
		free(buf);
	} else if (!strcmp(argv[2], "read") && argc > 3) {
		uint64_t a = strtoull(argv[3], NULL, 0);
		size_t len = argc > 4 ? strtoull(argv[4], NULL, 0) : 64;
		unsigned char *buf = malloc(len ? len : 1);
		int r = dump_read_phys(d, a, buf, len);
		if (r < 0) {
			printf("error %d: %s\n", r, err_get());
			rc = 1;
		} else {
			for (size_t i = 0; i < len; i++)
				printf("%02x%s", buf[i], (i % 16 == 15 || i + 1 == len) ? "\n" : " ");
		}
		free(buf);
	} else {
		fprintf(stderr, "readphys: unknown mode %s\n", argv[2]);
		rc = 2;
	}
	dump_close(d);
	free(list);
	return rc;
}
