/* kallsyms_seed: a seed input of tests/fuzz/fuzz_kallsyms from a real dump:
 * the first N symbols of the dump's kallsyms tables (count, names, token
 * table and index, offsets or addresses, relative base), laid out as that
 * target reads them.
 *
 *   kallsyms_seed VMLINUX DUMP N OUTFILE */
#include "kernel-types/kernel.h"
#include "common/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t vmci(struct kernel *k, const char *name)
{
	char key[64];
	const char *v;
	snprintf(key, sizeof(key), "SYMBOL(%s)", name);
	v = kernel_vmcoreinfo(k, key);
	return v ? strtoull(v, NULL, 16) : 0;
}

static unsigned char img[1 << 20];
static size_t used;

/* Copy len bytes at addr into the image; its offset there. */
static uint32_t put(struct kernel *k, uint64_t addr, size_t len)
{
	uint32_t at = (uint32_t)((used + 7) & ~(size_t)7);
	if (at + len > sizeof(img) || kernel_read(k, addr, img + at, len) != 0) {
		fprintf(stderr, "kallsyms_seed: %#llx+%zu: %s\n", (unsigned long long)addr, len, err_get());
		exit(1);
	}
	used = at + len;
	return at;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: kallsyms_seed VMLINUX DUMP N OUTFILE\n");
		return 2;
	}
	const char *dumps[1] = { argv[2] };
	struct kernel_open_opts o = { .vmlinux = argv[1], .dumps = dumps, .ndumps = 1 };
	struct kernel *k = kernel_open(&o);
	if (!k) {
		fprintf(stderr, "kallsyms_seed: %s\n", err_get());
		return 1;
	}
	uint32_t n = (uint32_t)strtoul(argv[3], NULL, 0), hdr[8] = { 0 };
	uint64_t names = vmci(k, "kallsyms_names"), ti = vmci(k, "kallsyms_token_index");
	uint64_t tt = vmci(k, "kallsyms_token_table"), offs = vmci(k, "kallsyms_offsets");
	uint64_t base = vmci(k, "kallsyms_relative_base");
	uint16_t index[256];
	unsigned max = 0;

	/* the names of n symbols: a length (one or two bytes) and that many tokens */
	size_t nb = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t b[2];
		if (kernel_read(k, names + nb, b, 2) != 0)
			return 1;
		size_t len = b[0] & 0x80 ? ((b[0] & 0x7f) | (size_t)b[1] << 7) + 2 : b[0] + 1u;
		nb += len;
	}
	if (kernel_read(k, ti, index, sizeof(index)) != 0)
		return 1;
	for (int i = 0; i < 256; i++)
		max = index[i] > max ? index[i] : max;
	memcpy(img, &n, 4);	/* kallsyms_num_syms */
	used = 4;
	hdr[0] = 0;
	hdr[1] = put(k, names, nb);
	hdr[2] = put(k, tt, max + 64);
	hdr[3] = put(k, ti, sizeof(index));
	if (offs && base) {
		hdr[4] = put(k, offs, (size_t)n * 4);
		hdr[5] = put(k, base, 8);
	} else {
		hdr[4] = put(k, vmci(k, "kallsyms_addresses"), (size_t)n * 8);
		hdr[5] = 0xffffffffu;
		hdr[6] = 1;
	}
	FILE *f = fopen(argv[4], "wb");
	if (!f || fwrite(hdr, 4, 8, f) != 8 || fwrite(img, 1, used, f) != used || fclose(f) != 0) {
		perror(argv[4]);
		return 1;
	}
	kernel_close(k);
	return 0;
}
