/* Writes the fuzz seed corpus from the generators of the unit tests:
 *   mkcorpus DIR   ->  DIR/fuzz_elf/, DIR/fuzz_kdump/, DIR/fuzz_flat/, DIR/fuzz_split/ */
#include "tests/unit/dumpgen.h"

#include <stdio.h>
#include <sys/stat.h>

static void put(const char *dir, const char *target, const char *name, const void *p, size_t n)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, target, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n) {
		perror(path);
		exit(1);
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *dir = argv[1];
	struct gbuf b = { 0 }, f = { 0 }, s1 = { 0 }, s2 = { 0 };
	gen_elf(&b);
	put(dir, "fuzz_elf", "elf", b.p, b.len);
	static const struct { uint32_t c; const char *n; } codecs[] = {
		{ 0, "none" }, { 1, "zlib" }, { 2, "lzo" }, { 4, "snappy" }, { 0x20, "zstd" } };
	for (int i = 0; i < 5; i++) {
		gen_kdump(&b, codecs[i].c);
		put(dir, "fuzz_kdump", codecs[i].n, b.p, b.len);
		gen_flatten(&b, &f);
		put(dir, "fuzz_flat", codecs[i].n, f.p, f.len);
	}
	gen_kdump_range(&s1, 1, 1, 0, 8);
	gen_kdump_range(&s2, 0x20, 1, 8, GEN_NPFN);
	uint32_t n1 = (uint32_t)s1.len;
	struct gbuf sp = { 0 };
	gb_put(&sp, 0, &n1, 4);
	gb_put(&sp, 4, s1.p, s1.len);
	gb_put(&sp, 4 + s1.len, s2.p, s2.len);
	put(dir, "fuzz_split", "split", sp.p, sp.len);
	return 0;
}
