/* kdump-compressed dumps (makedumpfile -c/-l/-p/-z, QEMU "diskdump"),
 * plain or flattened (through struct lfile), single or split.
 *
 * Layout (offsets in blocks of block_size): block 0 disk_dump_header,
 * block 1.. kdump_sub_header (sub_hdr_size blocks), then bitmap_blocks of
 * bitmaps (first half: pages that are RAM, second half: pages dumped),
 * then one 24-byte page_desc per dumped page, in pfn order.  For a split
 * dump each file holds descs for its pfns [start_pfn, end_pfn) only.
 *
 * Memory: the bitmaps are kept (at most 1/16384 of the memory size each)
 * with a prefix count every 512 bits so a pfn finds its desc in O(1);
 * descs and page data are read on demand. */
#include "readers/internal.h"

#include "common/err.h"
#include "common/xalloc.h"

#include <elf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KDUMP_SIG "KDUMP   "
#define DISKDUMP_SIG "DISKDUMP"
#define HDR_SIZE 464		/* 64-bit disk_dump_header */
#define SUB_SIZE 104		/* kdump_sub_header, version 6 */
#define DESC_SIZE 24

#define DH_ZLIB 0x1
#define DH_LZO 0x2
#define DH_SNAPPY 0x4
#define DH_ZSTD 0x20
#define DH_INCOMPLETE 0x8	/* header status: the dump was cut short */
#define DH_PAGE_FLAGS (DH_ZLIB | DH_LZO | DH_SNAPPY | DH_ZSTD) /* of a page desc */

struct kfile {
	struct lfile lf;
	int32_t version;
	uint32_t block_size;
	uint64_t max_mapnr;
	uint64_t start_pfn, end_pfn;
	uint64_t nbits;		/* pfns covered by the bitmaps */
	uint8_t *bm1, *bm2;
	uint64_t *rank;		/* bm2 bits set before each 512-bit chunk */
	uint64_t desc_off;
	uint64_t start_rank;	/* rank of start_pfn */
	uint64_t nr_descs;	/* descs this file must hold */
	int dump_level;
	int split;
	uint64_t phys_base;
	uint32_t status;
	int nr_cpus;
	char machine[66];
	/* A window of descs: sequential reads cost one pread per 170 pages. */
	unsigned char dwin[170 * DESC_SIZE];
	uint64_t dwin_first, dwin_n;
};

struct kdump_priv {
	struct kfile *f;
	int n;
	uint32_t bs;
	unsigned char *cbuf;	/* compressed page buffer */
};

bool kdump_detect(const void *head, size_t n)
{
	return n >= 8 && (memcmp(head, KDUMP_SIG, 8) == 0 || memcmp(head, DISKDUMP_SIG, 8) == 0);
}

static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static uint64_t rank_of(const struct kfile *f, uint64_t pfn)
{
	uint64_t c = pfn >> 9, r = f->rank[c];
	const uint8_t *bm = f->bm2;
	for (uint64_t b = c << 9; b + 64 <= pfn; b += 64) {
		uint64_t w;
		memcpy(&w, bm + (b >> 3), 8);
		r += (uint64_t)__builtin_popcountll(w);
	}
	uint64_t rem = pfn & 63;
	if (rem) {
		uint64_t w;
		memcpy(&w, bm + ((pfn & ~63ull) >> 3), 8);
		r += (uint64_t)__builtin_popcountll(w & ((1ull << rem) - 1));
	}
	return r;
}

static const struct kfile *file_for(const struct kdump_priv *p, uint64_t pfn)
{
	for (int i = 0; i < p->n; i++)
		if (pfn >= p->f[i].start_pfn && pfn < p->f[i].end_pfn)
			return &p->f[i];
	return NULL;
}

static enum dump_page_state state_of(const struct kdump_priv *p, uint64_t pfn,
				     const struct kfile **fp)
{
	const struct kfile *f = file_for(p, pfn);
	*fp = f;
	const struct kfile *any = f ? f : &p->f[0];
	if (pfn >= any->nbits || !bit_test(any->bm1, pfn))
		return DUMP_PAGE_NOT_RAM;
	if (!f)	/* every file has the first bitmap whole; the second only
		   for its own pfns, held by a part that was not given */
		return any->split ? DUMP_PAGE_OTHER_PART : DUMP_PAGE_EXCLUDED;
	if (!bit_test(f->bm2, pfn))
		return DUMP_PAGE_EXCLUDED;
	return DUMP_PAGE_PRESENT;
}

static enum dump_page_state kdump_page_state(struct dump *d, uint64_t paddr)
{
	const struct kdump_priv *p = d->priv;
	const struct kfile *f;
	return state_of(p, paddr / p->bs, &f);
}

static int method_of(uint32_t flags)
{
	if (flags & DH_ZLIB) return COMP_ZLIB;
	if (flags & DH_LZO) return COMP_LZO;
	if (flags & DH_SNAPPY) return COMP_SNAPPY;
	if (flags & DH_ZSTD) return COMP_ZSTD;
	return COMP_NONE;
}

static int read_desc(struct kfile *f, uint64_t pfn, unsigned char desc[DESC_SIZE])
{
	uint64_t idx = rank_of(f, pfn) - f->start_rank;
	if (idx >= f->nr_descs) {
		err_set("%s: page descriptor of pfn %#" PRIx64 " extends past end of file",
			f->lf.path, pfn);
		return -1;
	}
	if (idx < f->dwin_first || idx >= f->dwin_first + f->dwin_n) {
		uint64_t n = f->nr_descs - idx;
		if (n > sizeof(f->dwin) / DESC_SIZE)
			n = sizeof(f->dwin) / DESC_SIZE;
		f->dwin_n = 0;
		if (lfile_pread(&f->lf, f->dwin, n * DESC_SIZE, f->desc_off + idx * DESC_SIZE,
				"page descriptor") < 0)
			return -1;
		f->dwin_first = idx;
		f->dwin_n = n;
	}
	memcpy(desc, f->dwin + (idx - f->dwin_first) * DESC_SIZE, DESC_SIZE);
	return 0;
}

static int load_page(struct dump *d, uint64_t pfn, void *out)
{
	struct kdump_priv *p = d->priv;
	const struct kfile *cf;
	enum dump_page_state st = state_of(p, pfn, &cf);
	uint64_t paddr = pfn * p->bs;
	if (st == DUMP_PAGE_NOT_RAM) {
		err_set("physical address %#" PRIx64 " is not in the dump", paddr);
		return DUMP_E_NOT_RAM;
	}
	if (st == DUMP_PAGE_EXCLUDED) {
		err_set("physical address %#" PRIx64 ": page excluded from the dump", paddr);
		return DUMP_E_EXCLUDED;
	}
	if (st == DUMP_PAGE_OTHER_PART) {
		err_set("physical address %#" PRIx64 " is not in this part of the split dump",
			paddr);
		return DUMP_E_OTHER_PART;
	}
	struct kfile *f = (struct kfile *)cf;
	unsigned char desc[DESC_SIZE];
	if (read_desc(f, pfn, desc) < 0)
		return DUMP_E_CORRUPT;
	uint64_t off = rd64(desc);
	uint32_t size = rd32(desc + 8), flags = rd32(desc + 12);
	if ((f->status & DH_INCOMPLETE) && off == 0 && size == 0) {
		/* makedumpfile ran out of space: descs past that point are empty */
		err_set("physical address %#" PRIx64 ": page not written (incomplete dump)", paddr);
		return DUMP_E_EXCLUDED;
	}
	if (size == 0 || size > p->bs || off > f->lf.size || size > f->lf.size - off) {
		err_set("%s: page %#" PRIx64 ": bad page descriptor (offset %#" PRIx64
			", size %u)", f->lf.path, paddr, off, size);
		return DUMP_E_CORRUPT;
	}
	if ((flags & ~(uint32_t)DH_PAGE_FLAGS) || (flags & (flags - 1))) {
		err_set("%s: page %#" PRIx64 ": bad page descriptor (flags %#x)", f->lf.path, paddr,
			flags);
		return DUMP_E_CORRUPT;
	}
	int m = method_of(flags);
	if (m == COMP_NONE && size != p->bs) {
		err_set("%s: page %#" PRIx64 ": uncompressed page of size %u", f->lf.path, paddr,
			size);
		return DUMP_E_CORRUPT;
	}
	if (lfile_pread(&f->lf, m == COMP_NONE ? out : p->cbuf, size, off, "page data") < 0)
		return DUMP_E_IO;
	if (m != COMP_NONE && decompress_page(m, p->cbuf, size, out, p->bs) < 0) {
		err_prefix("%s: page %#" PRIx64, f->lf.path, paddr);
		return DUMP_E_CORRUPT;
	}
	return 0;
}

static int kdump_read(struct dump *d, uint64_t paddr, void *buf, size_t len)
{
	struct kdump_priv *p = d->priv;
	uint64_t pfn = paddr / p->bs;
	const unsigned char *pg = pcache_get(d->cache, pfn);
	if (!pg) {
		unsigned char *slot = pcache_slot(d->cache, pfn);
		int rc = load_page(d, pfn, slot);
		if (rc < 0) {
			pcache_abort(d->cache);
			return rc;
		}
		pcache_commit(d->cache);
		pg = slot;
	}
	memcpy(buf, pg + paddr % p->bs, len);
	return 0;
}

static void kdump_describe(const struct dump *d, void (*emit)(void *, const char *), void *arg)
{
	const struct kdump_priv *p = d->priv;
	char line[256];
	for (int i = 0; i < p->n; i++) {
		const struct kfile *f = &p->f[i];
		snprintf(line, sizeof(line),
			 "kdump file %s: header_version %d block_size %u max_mapnr %#" PRIx64
			 " status %#x", f->lf.path, f->version, f->block_size, f->max_mapnr, f->status);
		emit(arg, line);
		snprintf(line, sizeof(line),
			 "  phys_base %#" PRIx64 " dump_level %d split %d pfns [%#" PRIx64 ", %#" PRIx64
			 ") descs %" PRIu64 "%s", f->phys_base, f->dump_level, f->split, f->start_pfn,
			 f->end_pfn, f->nr_descs, f->lf.flat ? " flattened" : "");
		emit(arg, line);
		if (f->lf.flat) {
			snprintf(line, sizeof(line), "  flattened records: %zu",
				 flat_nr_blocks(f->lf.flat));
			emit(arg, line);
		}
	}
}

static void kdump_close(struct dump *d)
{
	struct kdump_priv *p = d->priv;
	if (!p)
		return;
	for (int i = 0; i < p->n; i++) {
		lfile_close(&p->f[i].lf);
		free(p->f[i].bm1);
		free(p->f[i].bm2);
		free(p->f[i].rank);
	}
	free(p->f);
	free(p->cbuf);
	free(p);
	d->priv = NULL;
}

static const struct reader_ops kdump_ops = {
	.name = "KDUMP",
	.read = kdump_read,
	.page_state = kdump_page_state,
	.describe = kdump_describe,
	.close = kdump_close,
};

static uint16_t machine_from_name(const char *m)
{
	if (!strcmp(m, "x86_64")) return EM_X86_64;
	if (!strcmp(m, "aarch64") || !strcmp(m, "arm64")) return EM_AARCH64;
	if (!strcmp(m, "s390x")) return EM_S390;
	if (!strncmp(m, "ppc64", 5)) return EM_PPC64;
	if (!strcmp(m, "riscv64")) return EM_RISCV;
	if (!strncmp(m, "i", 1) && strstr(m, "86")) return EM_386;
	return 0;
}

/* Reads header, sub header, bitmaps of one file; notes only for the first. */
static int open_one(struct dump *d, struct kfile *f, bool first)
{
	unsigned char h[HDR_SIZE], s[SUB_SIZE];
	const char *path = f->lf.path;

	if (lfile_pread(&f->lf, h, sizeof(h), 0, "kdump header") < 0)
		return -1;
	if (!kdump_detect(h, 8)) {
		err_set("%s: kdump header: bad signature", path);
		return -1;
	}
	f->version = (int32_t)rd32(h + 8);
	memcpy(f->machine, h + 12 + 4 * 65, 65);
	f->machine[65] = '\0';
	int64_t ts = (int64_t)rd64(h + 408);
	f->status = rd32(h + 424);
	int32_t bs = (int32_t)rd32(h + 428);
	int32_t sub_blocks = (int32_t)rd32(h + 432);
	uint32_t bitmap_blocks = rd32(h + 436);
	f->max_mapnr = rd32(h + 440);
	f->nr_cpus = (int32_t)rd32(h + 460);
	if (bs < 512 || bs > (2 << 20) || (bs & (bs - 1))) {
		err_set("%s: kdump header: bad block size %d", path, bs);
		return -1;
	}
	if (f->version < 0 || sub_blocks < 0 || bitmap_blocks == 0 || (bitmap_blocks & 1)) {
		err_set("%s: kdump header: bad header (version %d, sub header %d blocks, "
			"bitmap %u blocks)", path, f->version, sub_blocks, bitmap_blocks);
		return -1;
	}
	f->block_size = (uint32_t)bs;
	uint64_t B = (uint64_t)bs;
	f->dump_level = -1;
	f->start_pfn = 0;
	f->end_pfn = UINT64_MAX;
	if (f->version >= 1 && sub_blocks > 0) {
		memset(s, 0, sizeof(s));
		uint64_t want = f->version >= 6 ? 104 : f->version >= 5 ? 80 : f->version >= 4 ? 64 :
				f->version >= 3 ? 48 : f->version >= 2 ? 32 : 16;
		if (want > (uint64_t)sub_blocks * B)
			want = (uint64_t)sub_blocks * B;
		if (lfile_pread(&f->lf, s, want, B, "kdump sub header") < 0)
			return -1;
		f->phys_base = rd64(s);
		f->dump_level = (int32_t)rd32(s + 8);
		f->split = (int32_t)rd32(s + 12);
		if (f->version >= 6) {
			uint64_t m = rd64(s + 96);
			if (m)
				f->max_mapnr = m;
		}
		if (f->split && f->version >= 2) {
			f->start_pfn = f->version >= 6 ? rd64(s + 80) : rd64(s + 16);
			f->end_pfn = f->version >= 6 ? rd64(s + 88) : rd64(s + 24);
			if (f->version >= 6 && f->start_pfn == 0 && f->end_pfn == 0) {
				f->start_pfn = rd64(s + 16);
				f->end_pfn = rd64(s + 24);
			}
		}
		if (first && f->version >= 3) {
			uint64_t vo = rd64(s + 32), vs = rd64(s + 40);
			if (vs) {
				if (vs > READER_META_MAX || vs > f->lf.data_bytes) {
					err_set("%s: kdump sub header: VMCOREINFO too large", path);
					return -1;
				}
				char *v = xmalloc(vs);
				if (lfile_pread(&f->lf, v, vs, vo, "VMCOREINFO") < 0) {
					free(v);
					return -1;
				}
				dump_set_vmcoreinfo(d, v, vs);
				free(v);
			}
		}
		if (first && f->version >= 4) {
			uint64_t no = rd64(s + 48), ns = rd64(s + 56);
			if (ns) {
				if (ns > READER_NOTES_MAX || ns > f->lf.data_bytes) {
					err_set("%s: kdump sub header: ELF notes too large", path);
					return -1;
				}
				void *nb = xmalloc(ns);
				if (lfile_pread(&f->lf, nb, ns, no, "ELF notes") < 0) {
					free(nb);
					return -1;
				}
				if (dump_add_notes(d, nb, ns, path) < 0)
					return -1;
			}
		}
	}
	if (first) {
		d->info.timestamp = ts;
		memcpy(d->release, h + 12 + 2 * 65, 65);
		d->release[64] = '\0';
	}
	if (f->start_pfn > f->end_pfn) {
		err_set("%s: kdump sub header: split range [%#" PRIx64 ", %#" PRIx64 ") is empty",
			path, f->start_pfn, f->end_pfn);
		return -1;
	}
	/* Bitmaps. */
	uint64_t bm_off = (1 + (uint64_t)sub_blocks) * B;
	uint64_t bm_len = (uint64_t)bitmap_blocks * B / 2;
	if (bm_off > f->lf.size || 2 * bm_len > f->lf.size - bm_off ||
	    2 * bm_len > f->lf.data_bytes) {
		err_set("%s: kdump header: bitmap extends past end of file", path);
		return -1;
	}
	f->nbits = bm_len * 8;
	if (f->max_mapnr && f->max_mapnr < f->nbits)
		f->nbits = f->max_mapnr;
	if (f->end_pfn > f->nbits)
		f->end_pfn = f->nbits;
	if (f->start_pfn > f->end_pfn)
		f->start_pfn = f->end_pfn;
	/* Pad to whole 512-bit chunks so rank_of can read whole words. */
	size_t alloc = (size_t)((bm_len + 63) & ~63ull);
	f->bm1 = xcalloc(1, alloc);
	f->bm2 = xcalloc(1, alloc);
	if (lfile_pread(&f->lf, f->bm1, bm_len, bm_off, "first bitmap") < 0 ||
	    lfile_pread(&f->lf, f->bm2, bm_len, bm_off + bm_len, "second bitmap") < 0)
		return -1;
	/* Bits at and past max_mapnr are not pages. */
	uint64_t full = f->nbits / 8;
	if (f->nbits % 8) {
		uint8_t keep = (uint8_t)((1u << (f->nbits % 8)) - 1);
		f->bm1[full] &= keep;
		f->bm2[full] &= keep;
		full++;
	}
	memset(f->bm1 + full, 0, alloc - full);
	memset(f->bm2 + full, 0, alloc - full);
	size_t nchunks = alloc / 64 + 1;
	f->rank = xcalloc(nchunks, sizeof(uint64_t));
	uint64_t r = 0;
	for (size_t c = 0; c < nchunks; c++) {
		f->rank[c] = r;
		if (c < alloc / 64)
			for (int w = 0; w < 8; w++) {
				uint64_t x;
				memcpy(&x, f->bm2 + c * 64 + w * 8, 8);
				r += (uint64_t)__builtin_popcountll(x);
			}
	}
	f->start_rank = rank_of(f, f->start_pfn);
	f->nr_descs = rank_of(f, f->end_pfn) - f->start_rank;
	f->desc_off = bm_off + 2 * bm_len;
	if (f->desc_off > f->lf.size || f->nr_descs > (f->lf.size - f->desc_off) / DESC_SIZE) {
		err_set("%s: kdump header: page descriptors extend past end of file", path);
		return -1;
	}
	return 0;
}

/* A page descriptor that could describe a page of this file: data inside
 * the file, at most a block, at most one compression. */
static bool desc_plausible(const struct kfile *f, uint32_t bs, const unsigned char *desc)
{
	uint64_t off = rd64(desc);
	uint32_t size = rd32(desc + 8), flags = rd32(desc + 12);

	if ((f->status & DH_INCOMPLETE) && off == 0 && size == 0)
		return true;	/* not written: the dump was cut short */
	if ((flags & ~(uint32_t)DH_PAGE_FLAGS) || (flags & (flags - 1)))
		return false;
	if (size == 0 || size > bs || off > f->lf.size || size > f->lf.size - off)
		return false;
	return flags || size == bs;
}

/* Descriptors spread over each file's table: when none is plausible
 * (a table of 0xff bytes) the dump is refused, when some are not a
 * warning says so; a bad one would otherwise only show as pages that
 * fail to read, and as empty answers. */
static int check_descs(struct dump *d, struct kfile *f, uint32_t bs)
{
	uint64_t n = f->nr_descs < 256 ? f->nr_descs : 256, bad = 0;
	unsigned char desc[DESC_SIZE], first[DESC_SIZE] = { 0 };

	for (uint64_t i = 0; i < n; i++) {
		uint64_t idx = f->nr_descs <= 256 ? i : i * (f->nr_descs / 256);
		if (lfile_pread(&f->lf, desc, DESC_SIZE, f->desc_off + idx * DESC_SIZE,
				"page descriptor") < 0)
			return -1;
		if (!desc_plausible(f, bs, desc) && !bad++)
			memcpy(first, desc, DESC_SIZE);
	}
	if (!bad)
		return 0;
	if (bad == n) {
		err_set("%s: kdump page descriptors are implausible (%" PRIu64 " of %" PRIu64
			" sampled; the first: offset %#" PRIx64 ", size %u, flags %#x)", f->lf.path,
			bad, n, rd64(first), rd32(first + 8), rd32(first + 12));
		return -1;
	}
	dump_add_warning(d, "%s: %" PRIu64 " of %" PRIu64 " page descriptors sampled are "
			 "implausible: those pages cannot be read", f->lf.path, bad, n);
	return 0;
}

/* Compression named after the first descs of the first file. */
static void sample_compression(struct dump *d, struct kfile *f)
{
	unsigned seen = 0;
	for (uint64_t i = 0; i < f->nr_descs && i < 256; i++) {
		unsigned char desc[DESC_SIZE];
		if (lfile_pread(&f->lf, desc, DESC_SIZE, f->desc_off + i * DESC_SIZE, "desc") < 0)
			break;
		int m = method_of(rd32(desc + 12));
		if (m != COMP_NONE)
			seen |= 1u << m;
	}
	if (!seen)
		d->info.compression = "none";
	else if (seen & (seen - 1))
		d->info.compression = "mixed";
	else
		d->info.compression = compression_name(__builtin_ctz(seen));
}

static int by_start(const void *a, const void *b)
{
	const struct kfile *x = *(const struct kfile *const *)a, *y = *(const struct kfile *const *)b;
	return x->start_pfn < y->start_pfn ? -1 : x->start_pfn > y->start_pfn;
}

/* A split dump: the pfns [0, max_mapnr) are shared out among the parts,
 * each sub header says which range its part holds.  The ranges none of
 * the given parts holds are named in one warning. */
static void warn_missing_parts(struct dump *d, struct kdump_priv *p)
{
	const struct kfile **v = xcalloc((size_t)p->n, sizeof(*v));
	uint64_t end = p->f[0].nbits, at = 0;
	char buf[256];
	size_t len = 0;
	int gaps = 0;

	for (int i = 0; i < p->n; i++)
		v[i] = &p->f[i];
	qsort(v, (size_t)p->n, sizeof(*v), by_start);
	for (int i = 0; i <= p->n && at < end; i++) {
		uint64_t s = i < p->n ? v[i]->start_pfn : end;
		if (s > end)
			s = end;
		if (s > at) {
			if (gaps < 4)
				len += (size_t)snprintf(buf + len, sizeof(buf) - len,
							"%s[%#" PRIx64 ", %#" PRIx64 ")",
							gaps ? ", " : "", at, s);
			gaps++;
			if (len >= sizeof(buf))
				len = sizeof(buf) - 1;
		}
		if (i < p->n && v[i]->end_pfn > at)
			at = v[i]->end_pfn;
	}
	if (gaps)
		dump_add_warning(d, "%s: part of a split dump: pfns %s%s are in parts not given "
				 "(reads there fail)", p->f[0].lf.path, buf, gaps > 4 ? " ..." : "");
	free(v);
}

int kdump_open(struct dump *d, struct lfile *lfs, int n)
{
	struct kdump_priv *p = xcalloc(1, sizeof(*p));
	p->f = xcalloc((size_t)n, sizeof(*p->f));
	p->n = n;
	for (int i = 0; i < n; i++)
		p->f[i].lf = lfs[i];
	free(lfs);
	d->priv = p;
	d->ops = &kdump_ops;

	for (int i = 0; i < n; i++) {
		if (open_one(d, &p->f[i], i == 0) < 0)
			return -1;
	}
	p->bs = p->f[0].block_size;
	for (int i = 1; i < n; i++) {
		if (p->f[i].block_size != p->bs) {
			err_set("%s: split dump: block size differs from %s", p->f[i].lf.path,
				p->f[0].lf.path);
			return -1;
		}
	}
	if (n > 1) {
		for (int i = 0; i < n; i++) {
			if (!p->f[i].split) {
				err_set("%s: not part of a split dump", p->f[i].lf.path);
				return -1;
			}
			for (int j = 0; j < i; j++)
				if (p->f[i].start_pfn < p->f[j].end_pfn &&
				    p->f[j].start_pfn < p->f[i].end_pfn) {
					err_set("%s: split dump: pfn range overlaps %s",
						p->f[i].lf.path, p->f[j].lf.path);
					return -1;
				}
		}
	}
	for (int i = 0; i < n; i++)
		if (check_descs(d, &p->f[i], p->bs) < 0)
			return -1;
	if (p->f[0].split)
		warn_missing_parts(d, p);
	p->cbuf = xmalloc(p->bs);
	size_t cache_pages = READER_CACHE_BYTES / p->bs;
	if (cache_pages > 512)
		cache_pages = 512;
	if (cache_pages < 8)
		cache_pages = 8;
	d->cache = pcache_new(cache_pages, p->bs);
	d->unit = p->bs;
	d->info.format = "KDUMP";
	d->info.flattened = p->f[0].lf.flat != NULL;
	d->info.nr_files = n;
	d->info.block_size = p->bs;
	d->info.page_size = p->bs;
	d->info.dump_level = p->f[0].dump_level;
	/* Partial when some RAM page was left out, whatever the level says
	 * (QEMU writes level 1 and keeps every page). */
	uint64_t ram = 0, dumped = 0;
	for (uint64_t b = 0; b < (p->f[0].nbits + 7) / 8; b++)
		ram += (uint64_t)__builtin_popcount(p->f[0].bm1[b]);
	for (int i = 0; i < n; i++)
		dumped += p->f[i].nr_descs;
	d->info.partial = dumped < ram;
	d->info.nr_cpus = p->f[0].nr_cpus;
	d->info.max_paddr = p->f[0].nbits * p->bs;
	d->info.elf_machine = machine_from_name(p->f[0].machine);
	if (!d->info.elf_machine) {
		/* QEMU may leave utsname empty: guess from the prstatus size. */
		for (size_t i = 0; i < d->nr_notes; i++) {
			if (d->notes[i].type != NT_PRSTATUS)
				continue;
			if (d->notes[i].descsz == 336)
				d->info.elf_machine = EM_X86_64;
			else if (d->notes[i].descsz == 392)
				d->info.elf_machine = EM_AARCH64;
			break;
		}
	}
	sample_compression(d, &p->f[0]);
	return 0;
}
