/* kernel-types' symbol table and DWARF index on this test program itself
 * (built with -g): symbols by name and address, type lookup by name, and
 * the on-disk index cache (saved, reloaded, a corrupt file rebuilt).  The
 * type model over the index (members, bitfields, paths) is tested on a
 * test kernel: test_types.c. */
#include "common/err.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/dwarf_index.h"
#include "kernel-types/symtab.h"
#include "check.h"

#include <dwarf.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The types whose layout DWARF must describe as the compiler laid them
 * out (offsetof is the truth). */
struct kt_inner {
	int a;
	long b;
};

struct kt_outer {
	char c;
	union {
		long u1;
		struct {
			int s1;
			int s2;
		};
	};
	struct kt_inner in;
	struct kt_inner arr[3];
	unsigned int f0 : 3;
	unsigned int f1 : 5;
	unsigned int f2 : 12;
	void *p;
};

typedef struct kt_outer kt_outer_t;

enum kt_color { KT_RED = 7, KT_GREEN = -2 };

/* Globals, so the compiler emits the types and the variables. */
kt_outer_t kt_global_outer;
enum kt_color kt_global_color = KT_RED;

static void check_index(const struct dwarf_index *di, Dwarf *dw)
{
	Dwarf_Die d;

	CHECK(dwarf_index_find(di, dw, DI_STRUCT, "kt_outer", &d) == 0 &&
		      kernel_die_size(&d) == (long)sizeof(struct kt_outer),
	      "struct kt_outer found, size %zu", sizeof(struct kt_outer));
	CHECK(dwarf_index_find(di, dw, DI_TYPEDEF, "kt_outer_t", &d) == 0 &&
		      kernel_die_size(&d) == (long)sizeof(struct kt_outer),
	      "typedef kt_outer_t sized through the typedef");
	CHECK(dwarf_index_find(di, dw, DI_VAR, "kt_global_outer", &d) == 0, "variable indexed");
	CHECK(dwarf_index_find(di, dw, DI_STRUCT, "kt_no_such", &d) != 0, "absent struct");
	CHECK(dwarf_index_find(di, dw, DI_UNION, "kt_outer", &d) != 0, "struct is not a union");

	CHECK(dwarf_index_find(di, dw, DI_ENUMERATOR, "KT_GREEN", &d) == 0, "enumerator indexed");
}

int main(void)
{
	struct symtab st;
	struct dwarf_index di;
	char tmpl[] = "/tmp/test_kernel_types.XXXXXX", bid[80] = "";
	const void *id;
	int fd;

	elf_version(EV_CURRENT);
	fd = open("/proc/self/exe", O_RDONLY);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	CHECK(elf && symtab_load(&st, elf) == 0, "symtab of this program");
	if (!elf)
		CHECK_DONE();

	const struct ksym *s = symtab_find(&st, "check_index");
	const struct ksym *m = symtab_find(&st, "main");
	CHECK(m && (m->type == 'T' || m->type == 't'), "main is a text symbol");
	CHECK(s && symtab_at(&st, s->value + 3) == s, "address inside check_index names it");
	CHECK(symtab_find(&st, "kt_no_such_symbol") == NULL, "absent symbol");

	/* The index, built then reloaded from its cache in a scratch dir. */
	char *dir = mkdtemp(tmpl);
	setenv("XDG_CACHE_HOME", dir, 1);
	ssize_t n = dwelf_elf_gnu_build_id(elf, &id);
	for (ssize_t i = 0; i < n && i < 39; i++)
		snprintf(bid + 2 * i, 3, "%02x", ((const unsigned char *)id)[i]);
	if (!*bid)
		strcpy(bid, "test-no-build-id");
	Dwarf *dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
	CHECK(dw != NULL, "DWARF of this program");
	if (!dw)
		CHECK_DONE();
	CHECK(dwarf_index_open(&di, dw, bid) == 0 && !di.from_cache, "index built");
	check_index(&di, dw);
	dwarf_index_free(&di);
	CHECK(dwarf_index_open(&di, dw, bid) == 0 && di.from_cache, "index loaded from the cache");
	check_index(&di, dw);
	dwarf_index_free(&di);

	/* A cache whose offsets point at the wrong DIEs must not be
	 * believed: lookups fail (or the file is rebuilt), never lie. */
	char path[512];
	snprintf(path, sizeof(path), "%s/crash/%s.idx", dir, bid);
	FILE *f = fopen(path, "r+b");
	if (f) {
		/* Shift every entry's DIE offset: header is 24 bytes. */
		fseek(f, 0, SEEK_END);
		long len = ftell(f);
		char *buf = malloc((size_t)len);
		fseek(f, 0, SEEK_SET);
		if (fread(buf, 1, (size_t)len, f) == (size_t)len) {
			uint64_t cnt;
			memcpy(&cnt, buf + 8, 8);
			for (uint64_t i = 0; i < cnt; i++) {
				uint64_t off;
				memcpy(&off, buf + 24 + i * sizeof(struct di_entry), 8);
				off += 1;
				memcpy(buf + 24 + i * sizeof(struct di_entry), &off, 8);
			}
			fseek(f, 0, SEEK_SET);
			fwrite(buf, 1, (size_t)len, f);
		}
		free(buf);
		fclose(f);
	}
	Dwarf_Die d;
	CHECK(dwarf_index_open(&di, dw, bid) == 0 &&
		      dwarf_index_find(&di, dw, DI_STRUCT, "kt_outer", &d) != 0,
	      "stale cache offsets are checked, not trusted");
	dwarf_index_free(&di);
	/* Truncated: ignored and rebuilt. */
	if (truncate(path, 30) == 0) {
		CHECK(dwarf_index_open(&di, dw, bid) == 0 && !di.from_cache,
		      "truncated cache rebuilt");
		check_index(&di, dw);
		dwarf_index_free(&di);
	}
	unlink(path);
	snprintf(path, sizeof(path), "%s/crash", dir);
	rmdir(path);
	rmdir(dir);

	dwarf_end(dw);
	symtab_free(&st);
	elf_end(elf);
	close(fd);
	(void)kt_global_outer;
	(void)kt_global_color;
	CHECK_DONE();
}
