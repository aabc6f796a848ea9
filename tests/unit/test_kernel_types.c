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

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *b = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		b = malloc((size_t)n);
		if (fread(b, 1, (size_t)n, f) != (size_t)n) {
			free(b);
			b = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return b;
}

static void write_all(const char *path, const void *b, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		if (fwrite(b, 1, len, f) != len)
			perror(path);
		fclose(f);
	}
}

/* A copy of the cache bytes damaged one way (see the format in
 * kernel-types/dwarf_index.c); fix: recompute the checksum, so that the
 * checks behind it are reached. */
static unsigned char *damage(const unsigned char *good, size_t *len, const char *kind, int fix)
{
	unsigned char *b = malloc(*len);
	uint64_t n, slen;
	struct di_entry *e;

	memcpy(b, good, *len);
	memcpy(&n, b + 16, 8);
	memcpy(&slen, b + 24, 8);
	e = (struct di_entry *)(b + DI_CACHE_HDR);
	char *pool = (char *)b + DI_CACHE_HDR + n * sizeof(*e);
	srand(7);
	if (!strcmp(kind, "count0")) {
		uint64_t z = 0;
		memcpy(b + 16, &z, 8);
		memmove(b + DI_CACHE_HDR, pool, slen);
		*len = DI_CACHE_HDR + slen;
	} else if (!strcmp(kind, "shiftdie")) {
		for (uint64_t i = 0; i < n; i++)
			e[i].die += 1;
	} else if (!strcmp(kind, "randdie")) {
		for (uint64_t i = 0; i < n; i++)
			e[i].die = (uint64_t)rand() % 100000;
	} else if (!strcmp(kind, "kinds")) {
		for (uint64_t i = 0; i + 1 < n; i++) {
			uint64_t j = i + (uint64_t)rand() % (n - i);
			uint8_t t = e[i].kind;
			e[i].kind = e[j].kind;
			e[j].kind = t;
		}
		/* a shuffle may leave an entry alone: move every one */
		for (uint64_t i = 0; i < n; i++)
			e[i].kind = (uint8_t)(e[i].kind % (DI_NKINDS - 1) + 1);
	} else if (!strcmp(kind, "nonul")) {
		for (uint64_t i = 0; i < slen; i++)
			if (!pool[i])
				pool[i] = 'A';
	} else if (!strcmp(kind, "decl")) {
		for (uint64_t i = 0; i < n; i++)
			e[i].decl ^= 1;
	} else if (!strcmp(kind, "dupname")) {
		e[1].name = e[0].name;
		e[1].kind = e[0].kind;
	} else if (!strcmp(kind, "buildid")) {
		b[48] ^= 1;
	} else if (!strcmp(kind, "truncated")) {
		*len -= 5;
	} else if (!strcmp(kind, "garbage")) {
		for (size_t i = DI_CACHE_HDR; i < *len; i += 7)
			b[i] = (unsigned char)rand();
	} else if (!strcmp(kind, "one")) {
		/* kt_outer's struct entry gets kt_inner's DIE */
		struct di_entry *outer = NULL, *inner = NULL;
		for (uint64_t i = 0; i < n; i++) {
			if (e[i].kind != DI_STRUCT)
				continue;
			if (!strcmp(pool + e[i].name, "kt_outer"))
				outer = &e[i];
			if (!strcmp(pool + e[i].name, "kt_inner"))
				inner = &e[i];
		}
		if (outer && inner)
			outer->die = inner->die;
	}
	if (fix) {
		uint32_t c = dwarf_index_cache_crc(b, *len);
		memcpy(b + DI_CACHE_CRC_OFF, &c, 4);
	}
	return b;
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

	/* A damaged cache is never believed: it is rebuilt (and saved over
	 * the bad file), and lookups give the right answers. */
	char path[512];
	snprintf(path, sizeof(path), "%s/crash/%s.v4.idx", dir, bid);
	size_t glen = 0;
	unsigned char *good = read_all(path, &glen);
	CHECK(good && glen > DI_CACHE_HDR, "cache file read (%zu bytes)", glen);
	static const char *const kinds[] = { "count0", "shiftdie", "randdie", "kinds", "nonul",
					     "decl", "dupname", "buildid", "truncated", "garbage" };
	for (size_t k = 0; good && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (int fix = 1; fix >= 0; fix--) {
			size_t len = glen;
			unsigned char *b = damage(good, &len, kinds[k], fix);
			write_all(path, b, len);
			int rc = dwarf_index_open(&di, dw, bid);
			CHECK(rc == 0 && !di.from_cache, "damaged cache (%s, %s checksum) rebuilt",
			      kinds[k], fix ? "recomputed" : "stale");
			if (rc == 0)
				check_index(&di, dw);
			dwarf_index_free(&di);
			size_t nlen = 0;
			unsigned char *now = read_all(path, &nlen);
			CHECK(now && nlen == glen && !memcmp(now, good, glen),
			      "damaged cache (%s): replaced by a good file", kinds[k]);
			free(now);
			free(b);
		}
	}
	/* One entry pointing at another struct's DIE, checksum fixed: the
	 * sample check cannot see it; the lookup does, and rebuilds. */
	if (good) {
		size_t len = glen;
		unsigned char *b = damage(good, &len, "one", 1);
		write_all(path, b, len);
		Dwarf_Die d;
		CHECK(dwarf_index_open(&di, dw, bid) == 0 && di.from_cache, "one bad entry: loaded");
		CHECK(dwarf_index_find(&di, dw, DI_STRUCT, "kt_outer", &d) == 0 &&
			      kernel_die_size(&d) == (long)sizeof(struct kt_outer) && !di.from_cache,
		      "one bad entry: the lookup rebuilds the index and answers right");
		check_index(&di, dw);
		dwarf_index_free(&di);
		size_t nlen = 0;
		unsigned char *now = read_all(path, &nlen);
		CHECK(now && nlen == glen && !memcmp(now, good, glen), "one bad entry: file replaced");
		free(now);
		free(b);
	}
	/* serialize and load are each other's inverse */
	if (good) {
		struct dwarf_index d2;
		struct di_ident ident;
		dwarf_index_ident(dw, bid, &ident);
		CHECK(dwarf_index_load(&d2, good, glen, dw, &ident) == 0, "cache bytes load");
		size_t len = 0;
		void *again = dwarf_index_serialize(&d2, &ident, &len);
		CHECK(len == glen && !memcmp(again, good, len), "serialize(load(bytes)) == bytes");
		free(again);
		dwarf_index_free(&d2);
		ident.file_size++;
		CHECK(dwarf_index_load(&d2, good, glen, dw, &ident) != 0, "cache of another vmlinux size refused");
	}
	free(good);
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
