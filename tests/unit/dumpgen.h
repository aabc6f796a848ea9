/* Tiny generated dumps for the reader tests and the fuzz seed corpus.
 *
 * Every dump describes the same machine: 16 pages of 4 KiB, with
 *   pfn 0-3 RAM, dumped          pfn 4-5 RAM, excluded (kdump only)
 *   pfn 6-7 not RAM              pfn 8-11 RAM, dumped
 *   pfn 12-13 RAM, zero pages    pfn 14-15 not RAM
 * Page contents come from gen_byte(); zero pages are zero.  The ELF form
 * has no excluded pages: pfn 4-5 are absent (not RAM), and pfn 12-13 are
 * the p_filesz < p_memsz tail of the second PT_LOAD. */
#ifndef CRASH_TESTS_DUMPGEN_H
#define CRASH_TESTS_DUMPGEN_H

#include <elf.h>
#include <lzo/lzo1x.h>
#include <snappy-c.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#define GEN_PS 4096u
#define GEN_NPFN 16u
#define GEN_VMCOREINFO "OSRELEASE=6.1.0-gen\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=ffffffff82000000\n"

struct gbuf {
	unsigned char *p;
	size_t len, cap;
};

static void gb_put(struct gbuf *b, size_t off, const void *src, size_t n)
{
	if (off + n > b->cap) {
		size_t c = b->cap ? b->cap : 4096;
		while (c < off + n)
			c *= 2;
		b->p = realloc(b->p, c);
		memset(b->p + b->cap, 0, c - b->cap);
		b->cap = c;
	}
	memcpy(b->p + off, src, n);
	if (off + n > b->len)
		b->len = off + n;
}

static void gb_free(struct gbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Start over: generators write into an empty buffer. */
static void gb_clear(struct gbuf *b)
{
	if (b->p)
		memset(b->p, 0, b->cap);
	b->len = 0;
}

static void gb_zero(struct gbuf *b, size_t off, size_t n)
{
	unsigned char z[256] = { 0 };
	while (n) {
		size_t k = n < sizeof(z) ? n : sizeof(z);
		gb_put(b, off, z, k);
		off += k;
		n -= k;
	}
}

static unsigned char gen_byte(uint64_t paddr)
{
	uint64_t pfn = paddr / GEN_PS;
	if (pfn == 12 || pfn == 13)
		return 0;
	/* Partly repetitive so that every codec really compresses. */
	return (unsigned char)((pfn * 37 + (paddr % GEN_PS) / 16) & 0xff);
}

static int gen_state(uint64_t pfn) /* 0 present, 1 excluded, 2 not RAM */
{
	if (pfn <= 3 || (pfn >= 8 && pfn <= 13))
		return 0;
	if (pfn == 4 || pfn == 5)
		return 1;
	return 2;
}

static void gen_page(uint64_t pfn, unsigned char *out)
{
	for (uint32_t i = 0; i < GEN_PS; i++)
		out[i] = gen_byte(pfn * GEN_PS + i);
}

/* ELF notes: two CORE/NT_PRSTATUS (336 bytes, x86_64 size) and VMCOREINFO
 * (not NUL-terminated, as the kernel writes it). */
static size_t gen_notes(struct gbuf *b, size_t off)
{
	size_t start = off;
	for (int cpu = 0; cpu < 2; cpu++) {
		uint32_t h[3] = { 5, 336, NT_PRSTATUS };
		unsigned char desc[336] = { 0 };
		uint32_t pid = (uint32_t)cpu + 1;
		memcpy(desc + 32, &pid, 4);
		gb_put(b, off, h, 12);
		gb_put(b, off + 12, "CORE\0\0\0", 8);
		gb_put(b, off + 20, desc, 336);
		off += 20 + 336;
	}
	uint32_t vl = (uint32_t)strlen(GEN_VMCOREINFO);
	uint32_t h[3] = { 11, vl, 0 };
	gb_put(b, off, h, 12);
	gb_put(b, off + 12, "VMCOREINFO\0", 12);
	gb_put(b, off + 24, GEN_VMCOREINFO, vl);
	off += 24 + ((vl + 3) & ~3u);
	gb_zero(b, off - (((vl + 3) & ~3u) - vl), ((vl + 3) & ~3u) - vl);
	return off - start;
}

static void gen_elf(struct gbuf *b)
{
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph[3] = { 0 };
	unsigned char page[GEN_PS];
	gb_clear(b);
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 3;
	size_t noff = sizeof(eh) + sizeof(ph);
	size_t nlen = gen_notes(b, noff);
	size_t data = (noff + nlen + GEN_PS - 1) & ~(size_t)(GEN_PS - 1);
	ph[0].p_type = PT_NOTE;
	ph[0].p_offset = noff;
	ph[0].p_filesz = nlen;
	/* pfn 0-3 */
	ph[1].p_type = PT_LOAD;
	ph[1].p_offset = data;
	ph[1].p_paddr = 0;
	ph[1].p_vaddr = 0xffff888000000000ull;
	ph[1].p_filesz = ph[1].p_memsz = 4 * GEN_PS;
	/* pfn 8-13, of which 12-13 (zero) are the memsz tail */
	ph[2].p_type = PT_LOAD;
	ph[2].p_offset = data + 4 * GEN_PS;
	ph[2].p_paddr = 8 * GEN_PS;
	ph[2].p_vaddr = 0xffff888000000000ull + 8 * GEN_PS;
	ph[2].p_filesz = 4 * GEN_PS;
	ph[2].p_memsz = 6 * GEN_PS;
	for (uint64_t pfn = 0; pfn < 4; pfn++) {
		gen_page(pfn, page);
		gb_put(b, data + pfn * GEN_PS, page, GEN_PS);
		gen_page(pfn + 8, page);
		gb_put(b, data + (pfn + 4) * GEN_PS, page, GEN_PS);
	}
	gb_put(b, 0, &eh, sizeof(eh));
	gb_put(b, sizeof(eh), ph, sizeof(ph));
}

/* codec: 0 none, 1 zlib, 2 lzo, 4 snappy, 0x20 zstd (kdump flag values). */
static size_t gen_compress(uint32_t codec, const unsigned char *in, unsigned char *out,
			   uint32_t *flags)
{
	size_t n = 2 * GEN_PS + 512;
	int ok = 0;
	if (codec == 1) {
		uLongf z = n;
		ok = compress2(out, &z, in, GEN_PS, 6) == Z_OK;
		n = z;
	} else if (codec == 2) {
		static unsigned char wrk[LZO1X_1_MEM_COMPRESS];
		lzo_uint z = n;
		lzo_init();
		ok = lzo1x_1_compress(in, GEN_PS, out, &z, wrk) == LZO_E_OK;
		n = z;
	} else if (codec == 4) {
		ok = snappy_compress((const char *)in, GEN_PS, (char *)out, &n) == SNAPPY_OK;
	} else if (codec == 0x20) {
		n = ZSTD_compress(out, n, in, GEN_PS, 1);
		ok = !ZSTD_isError(n);
	}
	if (ok && n < GEN_PS) {
		*flags = codec;
		return n;
	}
	memcpy(out, in, GEN_PS);
	*flags = 0;
	return GEN_PS;
}

/* A kdump-compressed file holding pfns [lo, hi); split when split != 0. */
static void gen_kdump_range(struct gbuf *b, uint32_t codec, int split, uint64_t lo, uint64_t hi)
{
	unsigned char h[464] = { 0 }, s[104] = { 0 };
	int32_t v;
	uint32_t u;
	gb_clear(b);
	memcpy(h, "KDUMP   ", 8);
	v = 6; memcpy(h + 8, &v, 4);
	memcpy(h + 12, "Linux", 5);
	memcpy(h + 12 + 65, "gen", 3);
	memcpy(h + 12 + 130, "6.1.0-gen", 9);
	memcpy(h + 12 + 260, "x86_64", 6);
	int64_t ts = 1700000000; memcpy(h + 408, &ts, 8);
	u = 1; memcpy(h + 424, &u, 4);		/* status */
	v = GEN_PS; memcpy(h + 428, &v, 4);	/* block_size */
	v = 1; memcpy(h + 432, &v, 4);		/* sub_hdr_size */
	u = 2; memcpy(h + 436, &u, 4);		/* bitmap_blocks */
	u = GEN_NPFN; memcpy(h + 440, &u, 4);	/* max_mapnr */
	v = 2; memcpy(h + 460, &v, 4);		/* nr_cpus */
	gb_put(b, 0, h, sizeof(h));

	/* Sub header, then VMCOREINFO and notes inside the sub header block. */
	uint64_t x = 0x1000000; memcpy(s, &x, 8);	/* phys_base */
	v = 31; memcpy(s + 8, &v, 4);
	v = split; memcpy(s + 12, &v, 4);
	memcpy(s + 16, &lo, 8);
	memcpy(s + 24, &hi, 8);
	size_t voff = GEN_PS + 104, vlen = strlen(GEN_VMCOREINFO);
	gb_put(b, voff, GEN_VMCOREINFO, vlen);
	x = voff; memcpy(s + 32, &x, 8);
	x = vlen; memcpy(s + 40, &x, 8);
	size_t noff = (voff + vlen + 7) & ~(size_t)7;
	size_t nlen = gen_notes(b, noff);
	x = noff; memcpy(s + 48, &x, 8);
	x = nlen; memcpy(s + 56, &x, 8);
	memcpy(s + 80, &lo, 8);
	memcpy(s + 88, &hi, 8);
	x = GEN_NPFN; memcpy(s + 96, &x, 8);
	gb_put(b, GEN_PS, s, sizeof(s));

	unsigned char bm1[GEN_PS] = { 0 }, bm2[GEN_PS] = { 0 };
	uint64_t ndesc = 0;
	for (uint64_t pfn = 0; pfn < GEN_NPFN; pfn++) {
		if (gen_state(pfn) != 2)
			bm1[pfn / 8] |= (unsigned char)(1u << (pfn % 8));
		if (gen_state(pfn) == 0)
			bm2[pfn / 8] |= (unsigned char)(1u << (pfn % 8));
		if (gen_state(pfn) == 0 && pfn >= lo && pfn < hi)
			ndesc++;
	}
	gb_put(b, 2 * GEN_PS, bm1, GEN_PS);
	gb_put(b, 3 * GEN_PS, bm2, GEN_PS);
	size_t desc = 4 * GEN_PS, data = desc + ndesc * 24;
	uint64_t zero_off = 0;
	uint32_t zero_size = 0, zero_flags = 0;
	unsigned char page[GEN_PS], cbuf[2 * GEN_PS + 512];
	for (uint64_t pfn = lo; pfn < hi; pfn++) {
		if (gen_state(pfn) != 0)
			continue;
		gen_page(pfn, page);
		uint32_t flags, size;
		uint64_t off;
		if ((pfn == 12 || pfn == 13) && zero_size) {
			/* every zero page shares one copy, as makedumpfile does */
			off = zero_off; size = zero_size; flags = zero_flags;
		} else {
			size = (uint32_t)gen_compress(codec, page, cbuf, &flags);
			off = data;
			gb_put(b, data, cbuf, size);
			data += size;
			if (pfn == 12 || pfn == 13) {
				zero_off = off; zero_size = size; zero_flags = flags;
			}
		}
		unsigned char d[24] = { 0 };
		memcpy(d, &off, 8);
		memcpy(d + 8, &size, 4);
		memcpy(d + 12, &flags, 4);
		gb_put(b, desc, d, 24);
		desc += 24;
	}
	if (b->len < 4 * GEN_PS)
		gb_zero(b, b->len, 4 * GEN_PS - b->len);
}

static void gen_kdump(struct gbuf *b, uint32_t codec)
{
	gen_kdump_range(b, codec, 0, 0, GEN_NPFN);
}

static void be64put(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

/* The flattened form of a plain file: records of 3000 bytes, written in
 * an order that is not the file order, plus one rewrite of the header
 * (later records win). */
static void gen_flatten(const struct gbuf *in, struct gbuf *out)
{
	unsigned char hdr[4096] = { 0 }, rec[16];
	gb_clear(out);
	memcpy(hdr, "makedumpfile", 12);
	be64put(hdr + 16, 1);
	be64put(hdr + 24, 1);
	gb_put(out, 0, hdr, sizeof(hdr));
	size_t pos = sizeof(hdr);
	const size_t chunk = 3000;
	size_t nchunks = (in->len + chunk - 1) / chunk;
	/* header chunk first with garbage, then the rest backwards, then the
	 * header chunk again with the real bytes */
	unsigned char junk[3000];
	memset(junk, 0xa5, sizeof(junk));
	for (size_t k = 0; k <= nchunks; k++) {
		size_t c = k == 0 ? 0 : k == nchunks ? 0 : nchunks - k;
		size_t off = c * chunk, n = in->len - off < chunk ? in->len - off : chunk;
		be64put(rec, off);
		be64put(rec + 8, n);
		gb_put(out, pos, rec, 16);
		gb_put(out, pos + 16, k == 0 ? junk : in->p + off, n);
		pos += 16 + n;
	}
	memset(rec, 0xff, 16);
	gb_put(out, pos, rec, 16);
}

#endif
