/* kallsyms_load(): the kernel's compressed symbol table, decoded from the
 * dump.  Layout (scripts/kallsyms.c in the kernel): kallsyms_names holds,
 * per symbol, a length (one byte, or two as a ULEB128 when above 0x7f)
 * and that many token numbers; each token number indexes
 * kallsyms_token_index[] (u16), an offset into kallsyms_token_table's
 * NUL-terminated strings.  The first character of a decoded name is its
 * type letter.  Addresses are kallsyms_offsets[] (s32) against
 * kallsyms_relative_base, or kallsyms_addresses[] on kernels built
 * without base-relative tables. */
#include "kernel-types/kallsyms.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"

#define MAX_SYMS (1u << 22)	 /* far above any kernel's ~200,000 */
#define MAX_NAME 2048		 /* KSYM_NAME_LEN is 512 */
#define CHUNK 65536

static int vmci_addr(const struct kallsyms_src *k, const char *name, uint64_t *addr)
{
	char key[64];
	const char *v;
	char *end;

	snprintf(key, sizeof(key), "SYMBOL(%s)", name);
	v = k->vmcoreinfo(k->arg, key);
	if (!v)
		return -1;
	*addr = strtoull(v, &end, 16);
	return end != v && *addr ? 0 : -1;
}

/* Sequential reader over kallsyms_names. */
struct names_in {
	const struct kallsyms_src *k;
	uint64_t base, pos;	/* pos: bytes consumed */
	uint8_t buf[CHUNK];
	uint64_t buf_at;	/* offset of buf[0] */
	size_t buf_len;
};

static int names_byte(struct names_in *in, uint8_t *b)
{
	if (in->pos < in->buf_at || in->pos >= in->buf_at + in->buf_len) {
		/* Next chunk, but not across the page where a read fails: a
		 * table near the end of a mapping still reads. */
		uint64_t at = in->base + in->pos;
		size_t len = CHUNK;
		while (len && in->k->read(in->k->arg, at, in->buf, len) != 0)
			len = len > 4096 ? 4096 - (at & 4095) : 0;
		if (!len)
			return -1;
		in->buf_at = in->pos;
		in->buf_len = len;
	}
	*b = in->buf[in->pos++ - in->buf_at];
	return 0;
}

struct tokens {
	char *table;		/* token strings, each NUL-terminated */
	size_t table_len;
	uint16_t index[256];
};

static int load_tokens(const struct kallsyms_src *k, struct tokens *t)
{
	uint64_t ta, ia;
	unsigned max = 0;

	if (vmci_addr(k, "kallsyms_token_table", &ta) || vmci_addr(k, "kallsyms_token_index", &ia)) {
		err_set("kallsyms: VMCOREINFO has no token table");
		return -1;
	}
	if (k->read(k->arg, ia, t->index, sizeof(t->index)) != 0) {
		err_prefix("kallsyms: token index");
		return -1;
	}
	for (int i = 0; i < 256; i++)
		if (t->index[i] > max)
			max = t->index[i];
	/* The last token's string follows max: tokens are short. */
	t->table_len = (size_t)max + 256;
	t->table = xmalloc(t->table_len + 1);
	size_t got = t->table_len;
	while (got && k->read(k->arg, ta, t->table, got) != 0)
		got = got > 4096 ? got - 4096 : 0;
	if (got <= max) {
		err_set("kallsyms: token table unreadable");
		return -1;
	}
	t->table_len = got;
	t->table[got] = '\0';
	for (int i = 0; i < 256; i++)
		if (!memchr(t->table + t->index[i], '\0', got - t->index[i])) {
			err_set("kallsyms: token %d is not terminated", i);
			return -1;
		}
	return 0;
}

static int load_addresses(const struct kallsyms_src *k, struct kallsyms *ks)
{
	uint64_t oa, ba, base;
	size_t n = ks->n;

	if (vmci_addr(k, "kallsyms_offsets", &oa) == 0 &&
	    vmci_addr(k, "kallsyms_relative_base", &ba) == 0) {
		int32_t *off = xcalloc(n, sizeof(*off));
		size_t neg = 0;
		if (k->read(k->arg, ba, &base, 8) != 0 || k->read(k->arg, oa, off, n * 4) != 0) {
			free(off);
			err_prefix("kallsyms: offsets");
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			neg += off[i] < 0;
		/* With absolute per-cpu symbols (x86_64 SMP before 6.15),
		 * relative offsets are stored negated and non-negative ones
		 * are absolute; without, all are unsigned from the base. */
		bool absolute_percpu = neg > n / 2;
		for (size_t i = 0; i < n; i++) {
			if (!absolute_percpu)
				ks->syms[i].addr = base + (uint32_t)off[i];
			else if (off[i] >= 0)
				ks->syms[i].addr = (uint64_t)off[i];
			else
				ks->syms[i].addr = base - 1 - (uint64_t)(int64_t)off[i];
		}
		free(off);
		return 0;
	}
	if (vmci_addr(k, "kallsyms_addresses", &oa) == 0) {
		uint64_t *a = xcalloc(n, sizeof(*a));
		if (k->read(k->arg, oa, a, n * 8) != 0) {
			free(a);
			err_prefix("kallsyms: addresses");
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			ks->syms[i].addr = a[i];
		free(a);
		return 0;
	}
	err_set("kallsyms: VMCOREINFO has no kallsyms_offsets or kallsyms_addresses");
	return -1;
}

static int decode_names(const struct kallsyms_src *k, uint64_t names, struct tokens *t,
			struct kallsyms *ks)
{
	struct names_in *in = xcalloc(1, sizeof(*in));
	/* grown as names come: a damaged count must not cost memory first */
	size_t pool_cap = ks->n < 4096 ? ks->n * 24 : 4096 * 24, pool_len = 0;
	size_t *at = xcalloc(ks->n, sizeof(*at));
	char name[MAX_NAME + 1];
	int rc = -1;

	in->k = k;
	in->base = names;
	ks->pool = xmalloc(pool_cap);
	for (size_t i = 0; i < ks->n; i++) {
		uint8_t b, b2;
		size_t len, nl = 0;
		if (names_byte(in, &b) != 0)
			goto read_err;
		len = b;
		if (b & 0x80) {
			if (names_byte(in, &b2) != 0)
				goto read_err;
			len = (b & 0x7f) | ((size_t)b2 << 7);
		}
		if (!len) {
			err_set("kallsyms: symbol %zu has an empty name", i);
			goto out;
		}
		for (size_t j = 0; j < len; j++) {
			if (names_byte(in, &b) != 0)
				goto read_err;
			const char *tok = t->table + t->index[b];
			size_t tl = strlen(tok);
			if (nl + tl > MAX_NAME) {
				err_set("kallsyms: symbol %zu: name too long", i);
				goto out;
			}
			memcpy(name + nl, tok, tl);
			nl += tl;
		}
		if (nl < 2) {
			err_set("kallsyms: symbol %zu has no name", i);
			goto out;
		}
		ks->syms[i].type = name[0];
		if (pool_len + nl > pool_cap) {
			pool_cap = (pool_cap + nl) * 2;
			ks->pool = xrealloc(ks->pool, pool_cap);
		}
		memcpy(ks->pool + pool_len, name + 1, nl - 1);
		at[i] = pool_len;
		pool_len += nl;
		ks->pool[pool_len - 1] = '\0';
	}
	for (size_t i = 0; i < ks->n; i++)
		ks->syms[i].name = ks->pool + at[i];
	rc = 0;
	goto out;
read_err:
	err_prefix("kallsyms: names");
out:
	free(at);
	free(in);
	return rc;
}

int kallsyms_decode(const struct kallsyms_src *k, struct kallsyms *ks)
{
	struct tokens t = { 0 };
	uint64_t na, names;
	uint32_t n;

	memset(ks, 0, sizeof(*ks));
	if (vmci_addr(k, "kallsyms_num_syms", &na) || vmci_addr(k, "kallsyms_names", &names)) {
		err_set("kallsyms: not in VMCOREINFO");
		return -1;
	}
	if (k->read(k->arg, na, &n, 4) != 0) {
		err_prefix("kallsyms: kallsyms_num_syms");
		return -1;
	}
	if (n == 0 || n > MAX_SYMS) {
		err_set("kallsyms: implausible symbol count %u", n);
		return -1;
	}
	ks->n = n;
	ks->syms = xcalloc(n, sizeof(*ks->syms));
	if (load_tokens(k, &t) != 0 || load_addresses(k, ks) != 0 ||
	    decode_names(k, names, &t, ks) != 0) {
		free(t.table);
		kallsyms_free(ks);
		return -1;
	}
	free(t.table);
	return 0;
}

static int kernel_src_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	return kernel_read(arg, addr, buf, len) == 0 ? 0 : -1;
}

static const char *kernel_src_vmcoreinfo(void *arg, const char *key)
{
	return kernel_vmcoreinfo(arg, key);
}

int kallsyms_load(struct kernel *k, struct kallsyms *ks)
{
	const struct kallsyms_src src = { k, kernel_src_read, kernel_src_vmcoreinfo };
	return kallsyms_decode(&src, ks);
}

void kallsyms_free(struct kallsyms *ks)
{
	free(ks->syms);
	free(ks->pool);
	memset(ks, 0, sizeof(*ks));
}
