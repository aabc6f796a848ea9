/* libFuzzer target: the DWARF index cache loader (dwarf_index_load) and
 * lookups through what it accepts, on the index of a small compiled
 * program (tests/fuzz/index_sample.c, built beside this target).  The
 * input is a cache file; its vmlinux identity and checksum are made to
 * match before loading, so that the fuzzer reaches the checks behind
 * them (the unit tests cover refusing a stale checksum or identity);
 * the low bit of the checksum field skips the loader's sample check.
 *   FUZZ_INDEX_SEED=FILE ./fuzz_index   writes the sample's own cache. */
#include "kernel-types/dwarf_index.h"

#include <elfutils/libdw.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Dwarf *dw;
static struct di_ident ident;

static void each(void *arg, const char *name)
{
	*(size_t *)arg += strlen(name);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[4096];
	const char *self = (*argv)[0], *slash = strrchr(self, '/');
	snprintf(path, sizeof(path), "%.*sindex_sample", slash ? (int)(slash - self + 1) : 0, self);
	int fd = open(path, O_RDONLY);
	if (fd < 0 || !(dw = dwarf_begin(fd, DWARF_C_READ))) {
		fprintf(stderr, "fuzz_index: no DWARF in %s\n", path);
		exit(1);
	}
	dwarf_index_ident(dw, "fuzz", &ident);
	const char *seed = getenv("FUZZ_INDEX_SEED");
	if (seed) {
		struct dwarf_index di;
		size_t len;
		if (dwarf_index_build(&di, dw) != 0)
			exit(1);
		void *b = dwarf_index_serialize(&di, &ident, &len);
		FILE *f = fopen(seed, "wb");
		if (!f || fwrite(b, 1, len, f) != len)
			exit(1);
		fclose(f);
		exit(0);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "sample_task", "sample_task_t", "sample_list",
					     "sample_u", "sample_state", "SAMPLE_DEAD", "int",
					     "sample_jiffies", "main", "sample_decl", "nope" };
	unsigned char *b = malloc(size ? size : 1);
	struct dwarf_index di;

	/* The checksum's bytes are the fuzzer's to choose a mode: bit 0 set
	 * loads without the sample check against the DWARF, so that bad
	 * entries reach the lookups (which rebuild the index). */
	bool sample = size < DI_CACHE_HDR || !(data[DI_CACHE_CRC_OFF] & 1);
	memcpy(b, data, size);
	if (size >= DI_CACHE_HDR) {
		uint64_t v[2] = { ident.file_size, ident.info_size };
		memcpy(b + 32, v, sizeof(v));
		memcpy(b + 48, ident.build_id, sizeof(ident.build_id));
		uint32_t c = dwarf_index_cache_crc(b, size);
		memcpy(b + DI_CACHE_CRC_OFF, &c, 4);
	}
	if (dwarf_index_load(&di, b, size, sample ? dw : NULL, &ident) == 0) {
		Dwarf_Die d;
		size_t sum = 0;
		di.from_cache = 1;	/* lookups check entries, and rebuild */
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			for (int k = 1; k < DI_NKINDS; k++)
				dwarf_index_find(&di, dw, (enum di_kind)k, names[i], &d);
		for (int k = 1; k < DI_NKINDS; k++)
			dwarf_index_each(&di, (enum di_kind)k, each, &sum);
		dwarf_index_free(&di);
	}
	free(b);
	return 0;
}
