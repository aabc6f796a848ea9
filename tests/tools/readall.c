/* readall: read every present page of a dump through readers/dump.h and
 * print the throughput (uncompressed MB of pages per second).
 *   readall DUMP[,SPLIT2,...] [PASSES]
 * A second pass shows the page cache at work only for the last 512 pages;
 * it mostly measures decompression again. */
#include "readers/dump.h"
#include "common/err.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: readall DUMP[,SPLIT...] [PASSES]\n");
		return 2;
	}
	const char *paths[64];
	int n = 0;
	char *list = strdup(argv[1]);
	for (char *t = strtok(list, ","); t && n < 64; t = strtok(NULL, ","))
		paths[n++] = t;
	int passes = argc > 2 ? atoi(argv[2]) : 1;
	double t0 = now();
	struct dump *d = dump_open(paths, n);
	if (!d) {
		fprintf(stderr, "readall: %s\n", err_get());
		return 1;
	}
	double topen = now() - t0;
	const struct dump_info *in = dump_get_info(d);
	uint32_t ps = in->page_size;
	unsigned char *buf = malloc(ps);
	uint64_t pages = 0, errors = 0, sum = 0;
	t0 = now();
	for (int p = 0; p < passes; p++) {
		for (uint64_t a = 0; a < in->max_paddr; a += ps) {
			if (dump_page_state(d, a) != DUMP_PAGE_PRESENT)
				continue;
			if (dump_read_phys(d, a, buf, ps) < 0) {
				errors++;
				continue;
			}
			sum += buf[0];
			pages++;
		}
	}
	double t = now() - t0;
	double mb = (double)pages * ps / 1e6;
	printf("%s: %s%s, open %.3f s, %" PRIu64 " pages (%.0f MB) in %.2f s = %.0f MB/s%s\n",
	       argv[1], in->format, in->flattened ? " flattened" : "", topen, pages, mb, t,
	       t > 0 ? mb / t : 0.0, errors ? " (with read errors)" : "");
	if (errors)
		printf("  %" PRIu64 " pages failed to read (%" PRIu64 ")\n", errors, sum & 0);
	dump_close(d);
	free(buf);
	free(list);
	return 0;
}
