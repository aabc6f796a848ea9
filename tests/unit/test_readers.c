/* Unit tests of readers/ on small generated dumps (tests/unit/dumpgen.h):
 * every format reads the same pages, states and metadata; truncated and
 * corrupted files fail with a one-line error naming the file, never a
 * crash. */
#include "readers/dump.h"
#include "common/err.h"
#include "tests/unit/check.h"
#include "tests/unit/dumpgen.h"

#include <elf.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_readers.XXXXXX";

static char *write_file(const char *name, const void *p, size_t n)
{
	static char paths[16][256];
	static int next;
	char *path = paths[next++ % 16];
	snprintf(path, 256, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
	return path;
}

static struct dump *open1(const char *path)
{
	const char *p[1] = { path };
	return dump_open(p, 1);
}

/* Reads and checks every page against the generator. */
static void check_pages(const char *what, struct dump *d, bool elf)
{
	unsigned char page[GEN_PS], want[GEN_PS];
	int bad = 0, badstate = 0;
	for (uint64_t pfn = 0; pfn < GEN_NPFN; pfn++) {
		int st = gen_state(pfn);
		if (elf && st == 1)
			st = 2;
		enum dump_page_state ds = dump_page_state(d, pfn * GEN_PS);
		int rc = dump_read_phys(d, pfn * GEN_PS, page, GEN_PS);
		if ((int)ds != st)
			badstate++;
		if (st == 0) {
			gen_page(pfn, want);
			if (rc != 0 || memcmp(page, want, GEN_PS))
				bad++;
		} else if (rc != (st == 1 ? DUMP_E_EXCLUDED : DUMP_E_NOT_RAM)) {
			bad++;
		}
	}
	CHECK(bad == 0, "%s: page contents and read errors", what);
	CHECK(badstate == 0, "%s: page states", what);
	/* a read that crosses pages (pfn 0-1) */
	unsigned char two[GEN_PS + 16];
	int rc = dump_read_phys(d, GEN_PS - 50, two, 100);
	bool same = rc == 0;
	for (int i = 0; same && i < 100; i++)
		same = two[i] == gen_byte(GEN_PS - 50 + (uint64_t)i);
	CHECK(same, "%s: read across a page boundary", what);
	CHECK(dump_read_phys(d, 3 * GEN_PS + 10, two, GEN_PS) == (elf ? DUMP_E_NOT_RAM : DUMP_E_EXCLUDED),
	      "%s: read running into a missing page fails", what);
	CHECK(dump_read_phys(d, UINT64_MAX - 10, two, 20) < 0, "%s: read at top of address space", what);
}

static void check_meta(const char *what, struct dump *d)
{
	const char *v = dump_vmcoreinfo(d);
	CHECK(v && !strcmp(v, GEN_VMCOREINFO), "%s: VMCOREINFO text", what);
	const struct dump_note *n;
	size_t nn = dump_notes(d, &n);
	CHECK(nn == 3 && !strcmp(n[0].name, "CORE") && n[0].type == NT_PRSTATUS &&
	      n[0].descsz == 336 && !strcmp(n[2].name, "VMCOREINFO"), "%s: notes", what);
	const struct dump_info *i = dump_get_info(d);
	CHECK(i->page_size == 4096 && i->nr_cpus == 2 && i->elf_machine == EM_X86_64,
	      "%s: info page_size %u nr_cpus %d machine %u", what, i->page_size, i->nr_cpus,
	      i->elf_machine);
	CHECK(!strcmp(i->utsname_release, "6.1.0-gen"), "%s: release '%s'", what, i->utsname_release);
}

static void emit_count(void *arg, const char *line)
{
	(void)line;
	++*(int *)arg;
}

/* Truncations and byte corruptions: open must fail cleanly or reads must
 * return errors; the sanitizer builds catch anything worse. */
static void abuse(const char *what, const struct gbuf *g)
{
	unsigned char *buf = malloc(g->len);
	int opened = 0, failed_ok = 0, tries = 0;
	size_t step = g->len / 300 + 1;
	for (size_t len = 0; len < g->len; len += step) {
		char *p = write_file("trunc", g->p, len);
		struct dump *d = open1(p);
		tries++;
		if (d) {
			unsigned char page[GEN_PS];
			for (uint64_t pfn = 0; pfn < GEN_NPFN; pfn++)
				dump_read_phys(d, pfn * GEN_PS, page, GEN_PS);
			opened++;
			dump_close(d);
		} else if (strstr(err_get(), p) == err_get() && !strchr(err_get(), '\n')) {
			failed_ok++;
		}
	}
	CHECK(opened + failed_ok == tries, "%s: %d truncations: errors name the file", what, tries);
	unsigned seed = 1;
	int crashes_avoided = 0;
	for (int k = 0; k < 400; k++) {
		memcpy(buf, g->p, g->len);
		for (int j = 0; j < 4; j++) {
			seed = seed * 1103515245 + 12345;
			/* mostly in the headers, sometimes anywhere */
			size_t at = (seed >> 8) % (k & 1 ? g->len : (g->len < 20000 ? g->len : 20000));
			seed = seed * 1103515245 + 12345;
			buf[at] = (unsigned char)(seed >> 16);
		}
		char *p = write_file("corrupt", buf, g->len);
		struct dump *d = open1(p);
		if (d) {
			unsigned char page[GEN_PS];
			int lines = 0;
			for (uint64_t pfn = 0; pfn < GEN_NPFN + 2; pfn++) {
				dump_page_state(d, pfn * GEN_PS);
				dump_read_phys(d, pfn * GEN_PS, page, GEN_PS);
			}
			dump_describe(d, emit_count, &lines);
			dump_close(d);
		}
		crashes_avoided++;
	}
	CHECK(crashes_avoided == 400, "%s: 400 corrupted copies handled", what);
	free(buf);
}

/* An ELF core file of one PT_NOTE: `bytes` bytes of empty notes (name
 * and desc sizes 0, type 1), written in pieces (the test's own memory
 * stays small: it measures the reader's). */
static char *empty_notes_elf(const char *name, size_t bytes)
{
	static char path[300];
	unsigned char b[sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr)] = { 0 }, chunk[12 * 4096] = { 0 };
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof(*eh));
	FILE *f;

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_CORE;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 1;
	ph->p_type = PT_NOTE;
	ph->p_offset = sizeof(b);
	ph->p_filesz = bytes / sizeof(chunk) * sizeof(chunk);
	for (size_t o = 0; o < sizeof(chunk); o += 12)
		chunk[o + 8] = 1;
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	if (!f)
		return path;
	fwrite(b, 1, sizeof(b), f);
	for (size_t o = 0; o < ph->p_filesz; o += sizeof(chunk))
		fwrite(chunk, 1, sizeof(chunk), f);
	fclose(f);
	return path;
}

static long max_rss_kb(void)
{
	struct rusage ru;
	return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	/* Notes are bounded in size and count before anything is allocated
	 * for them (60 MB of empty notes took 230 MB before the refusal). */
	{
		long rss0 = max_rss_kb();
		struct dump *d = open1(empty_notes_elf("bignotes", 60u << 20));
		long grew = max_rss_kb() - rss0;
		CHECK(!d && strstr(err_get(), "notes larger than"), "60 MB of notes refused: %s",
		      err_get());
		CHECK(grew < 20 * 1024, "60 MB of notes refused before reading them (max RSS grew %ld KB)",
		      grew);
		unlink(empty_notes_elf("bignotes", 0));
		rss0 = max_rss_kb();
		d = open1(empty_notes_elf("manynotes", 12u << 20));
		grew = max_rss_kb() - rss0;
		CHECK(!d && strstr(err_get(), "more than 65536 notes"), "a million notes refused: %s",
		      err_get());
		CHECK(grew < 20 * 1024, "a million notes refused before their table is made (max RSS grew %ld KB)",
		      grew);
		unlink(empty_notes_elf("manynotes", 0));
		dump_close(d);
	}
	struct gbuf elf = { 0 };
	gen_elf(&elf);
	struct dump *d = open1(write_file("vmcore.elf", elf.p, elf.len));
	CHECK(d != NULL, "ELF opens: %s", d ? "" : err_get());
	if (d) {
		check_pages("ELF", d, true);
		check_meta("ELF", d);
		CHECK(!strcmp(dump_get_info(d)->format, "ELF"), "ELF: format name");
		CHECK(dump_get_info(d)->max_paddr == 14 * GEN_PS, "ELF: max_paddr");
		dump_close(d);
	}

	static const struct { uint32_t codec; const char *name; } codecs[] = {
		{ 0, "none" }, { 1, "zlib" }, { 2, "lzo" }, { 4, "snappy" }, { 0x20, "zstd" },
	};
	struct gbuf kz = { 0 };
	for (size_t c = 0; c < sizeof(codecs) / sizeof(codecs[0]); c++) {
		struct gbuf k = { 0 };
		char what[64];
		gen_kdump(&k, codecs[c].codec);
		snprintf(what, sizeof(what), "kdump %s", codecs[c].name);
		d = open1(write_file("vmcore.kdump", k.p, k.len));
		CHECK(d != NULL, "%s opens: %s", what, d ? "" : err_get());
		if (d) {
			const struct dump_info *i = dump_get_info(d);
			check_pages(what, d, false);
			check_meta(what, d);
			CHECK(!strcmp(i->compression, codecs[c].name), "%s: compression '%s'", what,
			      i->compression);
			CHECK(i->dump_level == 31 && i->partial && !i->flattened && i->nr_files == 1 &&
			      i->timestamp == 1700000000 && i->max_paddr == GEN_NPFN * GEN_PS,
			      "%s: info fields", what);
			int lines = 0;
			dump_describe(d, emit_count, &lines);
			CHECK(lines > 3, "%s: describe gives %d lines", what, lines);
			dump_close(d);
		}
		if (codecs[c].codec == 1)
			kz = k;
		else
			gb_free(&k);

		struct gbuf f = { 0 }, k2 = { 0 };
		gen_kdump(&k2, codecs[c].codec);
		gen_flatten(&k2, &f);
		snprintf(what, sizeof(what), "flattened kdump %s", codecs[c].name);
		d = open1(write_file("vmcore.flat", f.p, f.len));
		CHECK(d != NULL, "%s opens: %s", what, d ? "" : err_get());
		if (d) {
			check_pages(what, d, false);
			check_meta(what, d);
			CHECK(dump_get_info(d)->flattened, "%s: flattened", what);
			dump_close(d);
		}
		gb_free(&f);
		gb_free(&k2);
	}

	/* split in two at pfn 8 */
	struct gbuf s1 = { 0 }, s2 = { 0 };
	gen_kdump_range(&s1, 1, 1, 0, 8);
	gen_kdump_range(&s2, 4, 1, 8, GEN_NPFN);
	char p1[256], p2[256];
	snprintf(p1, sizeof(p1), "%s", write_file("split.1", s1.p, s1.len));
	snprintf(p2, sizeof(p2), "%s", write_file("split.2", s2.p, s2.len));
	const char *sp[2] = { p1, p2 };
	d = dump_open(sp, 2);
	CHECK(d != NULL, "split kdump opens: %s", d ? "" : err_get());
	if (d) {
		check_pages("split kdump", d, false);
		check_meta("split kdump", d);
		CHECK(dump_get_info(d)->nr_files == 2, "split kdump: nr_files");
		dump_close(d);
	}
	const char *sp1[1] = { p1 };
	d = dump_open(sp1, 1);
	CHECK(d && dump_read_phys(d, 8 * GEN_PS, (unsigned char[16]){ 0 }, 16) == DUMP_E_OTHER_PART &&
		      strstr(err_get(), "not in this part of the split dump"),
	      "one part of a split dump: pages of the other part are missing (%s)", d ? err_get() : "");
	CHECK(d && dump_page_state(d, 8 * GEN_PS) == DUMP_PAGE_OTHER_PART,
	      "one part of a split dump: page state of the other part");
	CHECK(d && dump_warning(d, 0) && strstr(dump_warning(d, 0), "parts not given") && !dump_warning(d, 1),
	      "one part of a split dump: one warning names the missing pfns: %s",
	      d && dump_warning(d, 0) ? dump_warning(d, 0) : "none");
	dump_close(d);

	/* Specific errors. */
	d = open1(write_file("garbage", "hello world, not a dump", 23));
	CHECK(!d && strstr(err_get(), "unknown dump format"), "unknown format: %s", err_get());
	d = open1(write_file("empty", "", 0));
	CHECK(!d && strstr(err_get(), "empty"), "empty file: %s", err_get());
	d = open1(tmpdir);
	CHECK(!d, "directory: %s", err_get());
	d = open1("/nonexistent/vmcore");
	CHECK(!d && strstr(err_get(), "/nonexistent/vmcore"), "missing file: %s", err_get());
	char *tp = write_file("vmcore", kz.p, 3 * GEN_PS);
	d = open1(tp);
	CHECK(!d && strstr(err_get(), "bitmap extends past end of file"), "truncated kdump: %s",
	      err_get());
	{
		struct gbuf k = { 0 };
		gen_kdump(&k, 1);
		uint32_t huge = 0x7fffffff;
		memcpy(k.p + 436, &huge, 4);
		d = open1(write_file("vmcore", k.p, k.len));
		CHECK(!d && strstr(err_get(), "bitmap"), "huge bitmap_blocks: %s", err_get());
		gen_kdump(&k, 1);
		uint32_t bs = 3000;
		memcpy(k.p + 428, &bs, 4);
		d = open1(write_file("vmcore", k.p, k.len));
		CHECK(!d && strstr(err_get(), "block size"), "bad block size: %s", err_get());
		gen_kdump(&k, 1);
		/* first desc: offset far past the end */
		uint64_t off = 1ull << 40;
		memcpy(k.p + 4 * GEN_PS, &off, 8);
		d = open1(write_file("vmcore", k.p, k.len));
		int rc = d ? dump_read_phys(d, 0, (unsigned char[8]){ 0 }, 8) : 0;
		CHECK(d && rc == DUMP_E_CORRUPT && strstr(err_get(), "bad page descriptor"),
		      "bad desc offset: %s", err_get());
		CHECK(d && dump_warning(d, 0) && strstr(dump_warning(d, 0), "1 of 10 page descriptors sampled are implausible"),
		      "bad desc offset: said at open: %s", d && dump_warning(d, 0) ? dump_warning(d, 0) : "no warning");
		dump_close(d);
		/* every desc 0xff, or only their flags: refused at open */
		gen_kdump(&k, 1);
		memset(k.p + 4 * GEN_PS, 0xff, 10 * 24);
		d = open1(write_file("vmcore", k.p, k.len));
		CHECK(!d && strstr(err_get(), "page descriptors are implausible (10 of 10 sampled"),
		      "descs all 0xff: %s", err_get());
		gen_kdump(&k, 1);
		for (int i = 0; i < 10; i++)
			memset(k.p + 4 * GEN_PS + 24 * i + 12, 0xff, 4);
		d = open1(write_file("vmcore", k.p, k.len));
		CHECK(!d && strstr(err_get(), "flags 0xffffffff"), "desc flags all 0xff: %s", err_get());
		gen_kdump(&k, 1);
		memset(k.p + 4 * GEN_PS + 12, 0xff, 4);
		d = open1(write_file("vmcore", k.p, k.len));
		rc = d ? dump_read_phys(d, 0, (unsigned char[8]){ 0 }, 8) : 0;
		CHECK(d && rc == DUMP_E_CORRUPT && strstr(err_get(), "bad page descriptor (flags 0xffffffff)"),
		      "one desc with flags 0xff: its page fails: %s", err_get());
		dump_close(d);
		gen_kdump(&k, 1);
		/* damage the compressed bytes of page 0 */
		memcpy(&off, k.p + 4 * GEN_PS, 8);
		memset(k.p + off, 0xff, 8);
		d = open1(write_file("vmcore", k.p, k.len));
		rc = d ? dump_read_phys(d, 0, (unsigned char[8]){ 0 }, 8) : 0;
		CHECK(d && rc == DUMP_E_CORRUPT && strstr(err_get(), "zlib"), "damaged page: %s",
		      err_get());
		dump_close(d);
		gb_free(&k);
	}
	{
		struct gbuf e = { 0 };
		gen_elf(&e);
		Elf64_Ehdr *eh = (Elf64_Ehdr *)e.p;
		eh->e_phnum = 60000;
		d = open1(write_file("vmcore", e.p, e.len));
		CHECK(!d && strstr(err_get(), "program headers extend past end of file"),
		      "ELF phnum too big: %s", err_get());
		gb_free(&e);
		gen_elf(&e);
		d = open1(write_file("vmcore", e.p, e.len - 100));
		CHECK(!d && strstr(err_get(), "PT_LOAD"), "ELF truncated data: %s", err_get());
		gb_free(&e);
	}
	{
		struct gbuf k = { 0 }, f = { 0 };
		gen_kdump(&k, 1);
		gen_flatten(&k, &f);
		d = open1(write_file("vmcore", f.p, f.len - 16));
		CHECK(!d && strstr(err_get(), "end marker"), "flattened without end: %s", err_get());
		gb_free(&k);
		gb_free(&f);
	}

	abuse("ELF", &elf);
	abuse("kdump", &kz);
	{
		struct gbuf k = { 0 }, f = { 0 };
		gen_kdump(&k, 0x20);
		gen_flatten(&k, &f);
		abuse("flattened", &f);
		gb_free(&k);
		gb_free(&f);
	}
	gb_free(&elf);
	gb_free(&kz);
	gb_free(&s1);
	gb_free(&s2);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	CHECK_DONE();
}
