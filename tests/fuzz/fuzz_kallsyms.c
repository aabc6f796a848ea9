/* libFuzzer target: the kallsyms decoder (kallsyms_decode) over a memory
 * image.  Input: eight little-endian u32 (the offsets in the image of
 * kallsyms_num_syms, _names, _token_table, _token_index, _offsets or
 * _addresses, _relative_base; flags: bit 0 gives _addresses instead of
 * _offsets and _relative_base; 0xffffffff: not in VMCOREINFO), then the
 * image, which is memory at FUZZ_BASE (in whole pages, zeros past its
 * end).  tests/tools/kallsyms_seed makes
 * such inputs from a dump's own tables. */
#include "kernel-types/kallsyms.h"

#include <stdio.h>
#include <string.h>

#define FUZZ_BASE 0xffffffff81000000ull

struct image {
	const uint8_t *p;
	size_t len;
	uint32_t off[6], flags;
	char val[32];
};

/* The image fills whole pages: past its end, up to the page boundary,
 * memory reads as zeros (as a dump's last page of a mapping would). */
static int img_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	const struct image *m = arg;
	size_t mapped = (m->len + 4095) & ~(size_t)4095, off;
	if (addr < FUZZ_BASE || addr - FUZZ_BASE > mapped || len > mapped - (addr - FUZZ_BASE))
		return -1;
	off = (size_t)(addr - FUZZ_BASE);
	memset(buf, 0, len);
	if (off < m->len)
		memcpy(buf, m->p + off, len < m->len - off ? len : m->len - off);
	return 0;
}

static const char *img_vmcoreinfo(void *arg, const char *key)
{
	static const char *const names[6] = { "kallsyms_num_syms", "kallsyms_names",
					       "kallsyms_token_table", "kallsyms_token_index",
					       "kallsyms_offsets", "kallsyms_relative_base" };
	struct image *m = arg;
	for (int i = 0; i < 6; i++) {
		char k[64];
		const char *n = names[i];
		if (i >= 4 && (m->flags & 1))
			n = i == 4 ? "kallsyms_addresses" : "kallsyms_no_such";
		snprintf(k, sizeof(k), "SYMBOL(%s)", n);
		if (strcmp(k, key) || m->off[i] == 0xffffffffu)
			continue;
		snprintf(m->val, sizeof(m->val), "%llx", (unsigned long long)(FUZZ_BASE + m->off[i]));
		return m->val;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image m = { 0 };
	struct kallsyms ks;

	if (size < 32)
		return 0;
	memcpy(m.off, data, sizeof(m.off));
	memcpy(&m.flags, data + 24, 4);
	m.p = data + 32;
	m.len = size - 32;
	const struct kallsyms_src src = { &m, img_read, img_vmcoreinfo };
	if (kallsyms_decode(&src, &ks) == 0) {
		volatile size_t sum = 0;
		for (size_t i = 0; i < ks.n; i++)
			sum += strlen(ks.syms[i].name) + (size_t)ks.syms[i].type + ks.syms[i].addr;
		kallsyms_free(&ks);
	}
	return 0;
}
