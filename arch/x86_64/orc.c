/* ORC tables: decoding, lookup, loading from the vmlinux file. */
#include "arch/x86_64/orc.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

void orc_decode(const uint8_t raw[ORC_ENTRY_SIZE], int version, struct orc_entry *e)
{
	uint16_t f = le16(raw + 4);
	unsigned t;
	bool end = false;

	e->sp_offset = (int16_t)le16(raw);
	e->bp_offset = (int16_t)le16(raw + 2);
	e->sp_reg = f & 0xf;
	e->bp_reg = (f >> 4) & 0xf;
	if (version >= 3) {
		e->type = (f >> 8) & 7;
		e->signal = (f >> 11) & 1;
		return;
	}
	t = (f >> 8) & 3;
	if (version == 2) {
		e->signal = (f >> 10) & 1;
		end = (f >> 11) & 1;
	} else {
		/* v1 has no signal bit: register frames imply it. */
		e->signal = t == 1 || t == 2;
		end = (f >> 10) & 1;
	}
	/* Before v3 an undefined SP register meant "undefined", or the end of
	 * the stack when the end bit was set. */
	if (e->sp_reg == ORC_REG_UNDEFINED)
		e->type = end ? ORC_TYPE_END_OF_STACK : ORC_TYPE_UNDEFINED;
	else
		e->type = (uint8_t)(t + ORC_TYPE_CALL);
}

/* The known .orc_header hashes (a hash of the kernel's orc_types.h):
 * facts about released kernels, listed here so that the format can be told
 * without a version string. */
static const uint8_t hash_v3[ORC_HEADER_SIZE] = {
	0xfe, 0x5d, 0x32, 0xbf, 0x58, 0x1b, 0xd6, 0x3b, 0x2c, 0xa9,
	0xa5, 0xc6, 0x5b, 0xa5, 0xa6, 0x25, 0xea, 0xb3, 0xfe, 0x24,
};
static const uint8_t hash_v2[ORC_HEADER_SIZE] = {
	0xdb, 0x84, 0xae, 0xd4, 0x10, 0x3b, 0x31, 0xdd, 0x51, 0xe0,
	0x17, 0xf8, 0xf7, 0x97, 0x83, 0xca, 0x98, 0x5c, 0x2c, 0x51,
};

int orc_version_from_header(const void *hdr, size_t len)
{
	if (len != ORC_HEADER_SIZE)
		return -1;
	if (!memcmp(hdr, hash_v3, len))
		return 3;
	if (!memcmp(hdr, hash_v2, len))
		return 2;
	return -1;
}

int orc_version_from_members(bool has_signal, bool has_end)
{
	if (has_signal && has_end)
		return 2;
	if (has_signal)
		return 3;
	if (has_end)
		return 1;
	return -1;
}

struct sort_item {
	uint64_t ip;
	uint32_t idx;
};

static int cmp_item(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	if (x->ip != y->ip)
		return x->ip < y->ip ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int orc_table_init(struct orc_table *t, const void *ip_raw, size_t ip_size,
		   const void *ent_raw, size_t ent_size, uint64_t ip_base, int version)
{
	memset(t, 0, sizeof(*t));
	if (ip_size % 4 || ent_size % ORC_ENTRY_SIZE ||
	    ip_size / 4 != ent_size / ORC_ENTRY_SIZE) {
		err_set("ORC tables have inconsistent sizes (%zu, %zu bytes)", ip_size, ent_size);
		return -1;
	}
	if (ip_size / 4 > (1u << 26)) {
		err_set("ORC table too large (%zu entries)", ip_size / 4);
		return -1;
	}
	if (version < 1 || version > 3) {
		err_set("unknown ORC format version %d", version);
		return -1;
	}
	uint32_t n = (uint32_t)(ip_size / 4);
	const uint8_t *ipb = ip_raw, *eb = ent_raw;
	t->ips = xcalloc(n ? n : 1, sizeof(*t->ips));
	t->entries = xmalloc(n ? (size_t)n * ORC_ENTRY_SIZE : 1);
	bool sorted = true;
	for (uint32_t i = 0; i < n; i++) {
		int32_t off;
		memcpy(&off, ipb + 4 * (size_t)i, 4);
		t->ips[i] = ip_base + 4 * (uint64_t)i + (uint64_t)(int64_t)off;
		if (i && t->ips[i] < t->ips[i - 1])
			sorted = false;
	}
	if (sorted) {
		memcpy(t->entries, eb, (size_t)n * ORC_ENTRY_SIZE);
	} else {
		/* Module tables are sorted by the kernel when loaded; a table
		 * read from a file may not be. */
		struct sort_item *it = xcalloc(n, sizeof(*it));
		for (uint32_t i = 0; i < n; i++)
			it[i] = (struct sort_item){t->ips[i], i};
		qsort(it, n, sizeof(*it), cmp_item);
		for (uint32_t i = 0; i < n; i++) {
			t->ips[i] = it[i].ip;
			memcpy(t->entries + (size_t)i * ORC_ENTRY_SIZE,
			       eb + (size_t)it[i].idx * ORC_ENTRY_SIZE, ORC_ENTRY_SIZE);
		}
		free(it);
	}
	t->n = n;
	t->ip_base = ip_base;
	t->version = version;
	return 0;
}

void orc_table_free(struct orc_table *t)
{
	free(t->ips);
	free(t->entries);
	memset(t, 0, sizeof(*t));
}

bool orc_table_covers(const struct orc_table *t, uint64_t ip)
{
	return t->n && ip >= t->ips[0] && ip <= t->ips[t->n - 1];
}

bool orc_table_find(const struct orc_table *t, uint64_t ip, struct orc_entry *e)
{
	if (!t->n || ip < t->ips[0])
		return false;
	uint32_t lo = 0, hi = t->n; /* answer in [lo, hi) */
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (t->ips[mid] <= ip)
			lo = mid;
		else
			hi = mid;
	}
	orc_decode(t->entries + (size_t)lo * ORC_ENTRY_SIZE, t->version, e);
	return true;
}

static Elf_Scn *find_section(Elf *elf, size_t shstrndx, const char *name, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, sh))
			continue;
		const char *n = elf_strptr(elf, shstrndx, sh->sh_name);
		if (n && !strcmp(n, name) && sh->sh_type == SHT_PROGBITS)
			return scn;
	}
	return NULL;
}

int orc_table_load_elf(struct orc_table *t, const char *vmlinux, uint64_t kaslr, int version)
{
	int rc = -1;
	memset(t, 0, sizeof(*t));
	elf_version(EV_CURRENT);
	int fd = open(vmlinux, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set("%s: cannot open", vmlinux);
		return -1;
	}
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	size_t shstrndx;
	GElf_Shdr ship, shent, shhdr;
	Elf_Scn *sip, *sent, *shdr;
	Elf_Data *dip, *dent;
	if (!elf || elf_getshdrstrndx(elf, &shstrndx)) {
		err_set("%s: not an ELF file", vmlinux);
		goto out;
	}
	sip = find_section(elf, shstrndx, ".orc_unwind_ip", &ship);
	sent = find_section(elf, shstrndx, ".orc_unwind", &shent);
	if (!sip || !sent) {
		err_set("%s: no ORC unwind tables", vmlinux);
		goto out;
	}
	shdr = find_section(elf, shstrndx, ".orc_header", &shhdr);
	if (version <= 0) {
		int fallback = version < 0 ? -version : 1;
		version = fallback;
		if (shdr) {
			Elf_Data *dh = elf_getdata(shdr, NULL);
			int v = dh ? orc_version_from_header(dh->d_buf, dh->d_size) : -1;
			if (v < 0) {
				err_set("%s: unknown .orc_header", vmlinux);
				goto out;
			}
			version = v;
		}
	}
	dip = elf_getdata(sip, NULL);
	dent = elf_getdata(sent, NULL);
	if (!dip || !dent || !dip->d_buf || !dent->d_buf) {
		err_set("%s: cannot read ORC sections", vmlinux);
		goto out;
	}
	rc = orc_table_init(t, dip->d_buf, dip->d_size, dent->d_buf, dent->d_size,
			    ship.sh_addr + kaslr, version);
	if (rc)
		err_prefix("%s", vmlinux);
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return rc;
}
