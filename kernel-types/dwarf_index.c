#include "kernel-types/dwarf_index.h"

#include <dwarf.h>
#include <gelf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "common/err.h"
#include "common/xalloc.h"

static uint32_t key_hash(int kind, const char *s)
{
	uint32_t h = 2166136261u ^ (uint32_t)kind;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void hash_rebuild(struct dwarf_index *di);

static struct di_entry *lookup(const struct dwarf_index *di, int kind, const char *name)
{
	if (!di->hash_size)
		return NULL;
	for (size_t h = key_hash(kind, name) & (di->hash_size - 1);;
	     h = (h + 1) & (di->hash_size - 1)) {
		uint32_t i = di->hash[h];
		if (!i)
			return NULL;
		struct di_entry *e = &di->e[i - 1];
		if (e->kind == kind && !strcmp(di->strs + e->name, name))
			return e;
	}
}

static void hash_insert(struct dwarf_index *di, size_t idx)
{
	struct di_entry *e = &di->e[idx];
	size_t h = key_hash(e->kind, di->strs + e->name) & (di->hash_size - 1);
	while (di->hash[h])
		h = (h + 1) & (di->hash_size - 1);
	di->hash[h] = (uint32_t)idx + 1;
}

/* hash_insert() of an entry whose kind and name no other entry has yet:
 * -1 when one has. */
static int hash_insert_new(struct dwarf_index *di, size_t idx)
{
	const struct di_entry *e = &di->e[idx];
	const char *name = di->strs + e->name;
	size_t h = key_hash(e->kind, name) & (di->hash_size - 1);
	for (uint32_t i; (i = di->hash[h]); h = (h + 1) & (di->hash_size - 1)) {
		const struct di_entry *o = &di->e[i - 1];
		if (o->kind == e->kind && !strcmp(di->strs + o->name, name))
			return -1;
	}
	di->hash[h] = (uint32_t)idx + 1;
	return 0;
}

static void hash_rebuild(struct dwarf_index *di)
{
	free(di->hash);
	di->hash_size = 1024;
	while (di->hash_size < di->n * 2 + 2)
		di->hash_size <<= 1;
	di->hash = xcalloc(di->hash_size, sizeof(*di->hash));
	for (size_t i = 0; i < di->n; i++)
		hash_insert(di, i);
}

static void add(struct dwarf_index *di, int kind, const char *name, uint64_t die, int decl)
{
	struct di_entry *old = lookup(di, kind, name);
	size_t len;

	if (old) {
		/* Keep the first full definition; a declaration is only a
		 * placeholder until one is seen. */
		if (old->decl && !decl) {
			old->die = die;
			old->decl = 0;
		}
		return;
	}
	if (di->n == di->cap) {
		di->cap = di->cap ? di->cap * 2 : 65536;
		di->e = xreallocarray(di->e, di->cap, sizeof(*di->e));
	}
	len = strlen(name) + 1;
	if (di->strs_len + len > di->strs_cap) {
		while (di->strs_len + len > di->strs_cap)
			di->strs_cap = di->strs_cap ? di->strs_cap * 2 : 1 << 20;
		di->strs = xrealloc(di->strs, di->strs_cap);
	}
	memcpy(di->strs + di->strs_len, name, len);
	di->e[di->n] = (struct di_entry){ .die = die, .name = (uint32_t)di->strs_len,
					  .kind = (uint8_t)kind, .decl = (uint8_t)(decl != 0) };
	di->strs_len += len;
	di->n++;
	if (di->n * 2 >= di->hash_size)
		hash_rebuild(di);
	else
		hash_insert(di, di->n - 1);
}

static int tag_kind(int tag)
{
	switch (tag) {
	case DW_TAG_structure_type: return DI_STRUCT;
	case DW_TAG_union_type: return DI_UNION;
	case DW_TAG_enumeration_type: return DI_ENUM;
	case DW_TAG_typedef: return DI_TYPEDEF;
	case DW_TAG_base_type: return DI_BASE;
	case DW_TAG_variable: return DI_VAR;
	case DW_TAG_subprogram: return DI_FUNC;
	default: return 0;
	}
}

static void index_enumerators(struct dwarf_index *di, Dwarf_Die *en)
{
	Dwarf_Die c;
	if (dwarf_child(en, &c) != 0)
		return;
	do {
		const char *name;
		if (dwarf_tag(&c) == DW_TAG_enumerator && (name = dwarf_diename(&c)))
			add(di, DI_ENUMERATOR, name, dwarf_dieoffset(&c), 0);
	} while (dwarf_siblingof(&c, &c) == 0);
}

/* Building the index reads all of .debug_info once (160-210 MB for a
 * distribution kernel).  libelf maps the file, so every page read stays in
 * our resident set although it is not needed again; give back the pages of
 * the compile units already done, which keeps the peak near that of a
 * session with a cached index.  Only done when the section is in a
 * read-only file mapping, where MADV_DONTNEED merely drops clean pages
 * (on anonymous memory it would zero them). */
struct dropper {
	const char *base;	/* .debug_info bytes, or NULL: do nothing */
	size_t size, done;
};

static int readonly_file_mapping(const void *lo, const void *hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int ok = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long a, b, ino;
		char perms[8];
		if (sscanf(line, "%lx-%lx %7s %*s %*s %lu", &a, &b, perms, &ino) != 4)
			continue;
		if ((uintptr_t)lo >= a && (uintptr_t)hi <= b) {
			ok = ino != 0 && perms[1] != 'w';
			break;
		}
	}
	fclose(f);
	return ok;
}

static void dropper_init(struct dropper *d, Dwarf *dw)
{
	Elf *elf = dwarf_getelf(dw);
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	memset(d, 0, sizeof(*d));
	if (!elf || elf_getshdrstrndx(elf, &shstrndx) != 0)
		return;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		Elf_Data *data;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)) ||
		    strcmp(name, ".debug_info"))
			continue;
		data = elf_getdata(scn, NULL);
		if (data && data->d_buf && data->d_size > (1u << 20) &&
		    readonly_file_mapping(data->d_buf, (const char *)data->d_buf + data->d_size)) {
			d->base = data->d_buf;
			d->size = data->d_size;
		}
		return;
	}
}

/* Everything before offset `upto` of .debug_info is done with. */
static void dropper_drop(struct dropper *d, uint64_t upto)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t lo, hi;

	if (!d->base || upto > d->size || upto < d->done + (8u << 20))
		return;
	lo = ((uintptr_t)d->base + d->done + (uintptr_t)pg - 1) & ~(uintptr_t)(pg - 1);
	hi = ((uintptr_t)d->base + upto) & ~(uintptr_t)(pg - 1);
	if (hi > lo)
		madvise((void *)lo, hi - lo, MADV_DONTNEED);
	d->done = upto;
}

static int build(struct dwarf_index *di, Dwarf *dw)
{
	Dwarf_Off off = 0, next;
	size_t hsize;
	int ncu = 0;
	struct dropper drop;

	dropper_init(&drop, dw);

	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, c;
		if (dwarf_offdie(dw, off + hsize, &cu) && dwarf_child(&cu, &c) == 0) {
			do {
				int tag = dwarf_tag(&c), kind = tag_kind(tag);
				const char *name;
				if (!kind)
					continue;
				if (kind == DI_ENUM)
					index_enumerators(di, &c);
				name = dwarf_diename(&c);
				if (!name)
					continue;
				add(di, kind, name, dwarf_dieoffset(&c),
				    dwarf_hasattr(&c, DW_AT_declaration));
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		dropper_drop(&drop, next);
		off = next;
		ncu++;
	}
	if (!ncu) {
		err_set("vmlinux: no DWARF compile units (no debug info?)");
		return -1;
	}
	return 0;
}

/* The cache file: a header, the entries, the string pool.
 *
 *   0   magic "CRSHIDX4"
 *   8   CRC-32 (zlib) of the whole file, this field taken as 0
 *   12  header size (DI_CACHE_HDR)
 *   16  number of entries (u64), 24 bytes of the string pool (u64)
 *   32  size of the vmlinux file (u64), 40 size of its .debug_info (u64)
 *   48  build-id of the vmlinux (hex, NUL-padded to 64 bytes)
 *   112 zero, to DI_CACHE_HDR
 *   then the entries (struct di_entry), then the pool (NUL-terminated names)
 *
 * The cache is only a cache: a file that fails any check (checksum,
 * vmlinux identity, bounds, strings, a sample of entries against the
 * DWARF) is not used, and the index is built again and saved over it. */
#define CACHE_MAGIC "CRSHIDX4"
/* in the file name too: crash versions with other formats sharing one
 * cache directory keep their own files instead of rebuilding each
 * other's (BUILDID.v4.idx) */
#define CACHE_VERSION "v4"
#define NAME_MAX_LEN 1024	/* far above any C identifier in a kernel */
#define SAMPLES 64
#define SAMPLE_SPAN (8u << 20)

static uint64_t get64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }
static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }

uint32_t dwarf_index_cache_crc(const void *buf, size_t len)
{
	static const unsigned char zero[4];
	uLong c = crc32(0L, Z_NULL, 0);
	const unsigned char *p = buf;

	if (len < DI_CACHE_CRC_OFF + 4)
		return (uint32_t)crc32(c, p, (uInt)len);
	c = crc32(c, p, DI_CACHE_CRC_OFF);
	c = crc32(c, zero, 4);
	p += DI_CACHE_CRC_OFF + 4;
	len -= DI_CACHE_CRC_OFF + 4;
	while (len) {
		uInt n = len > (1u << 30) ? 1u << 30 : (uInt)len;
		c = crc32(c, p, n);
		p += n;
		len -= n;
	}
	return (uint32_t)c;
}

void dwarf_index_ident(Dwarf *dw, const char *build_id, struct di_ident *id)
{
	Elf *elf = dw ? dwarf_getelf(dw) : NULL;
	Elf_Scn *scn = NULL;
	size_t shstrndx, n = 0;
	GElf_Shdr sh;

	memset(id, 0, sizeof(*id));
	snprintf(id->build_id, sizeof(id->build_id), "%s", build_id ? build_id : "");
	if (!elf)
		return;
	if (elf_rawfile(elf, &n))
		id->file_size = n;
	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(elf, shstrndx, sh.sh_name)) &&
		    !strcmp(name, ".debug_info")) {
			id->info_size = sh.sh_size;
			return;
		}
	}
}

/* Does entry e name the DIE it points to, as build() would have made it? */
static int entry_matches(Dwarf *dw, const char *name, const struct di_entry *e)
{
	Dwarf_Die d;
	const char *n;
	int tag;

	if (!dwarf_offdie(dw, e->die, &d) || !(n = dwarf_diename(&d)) || strcmp(n, name))
		return 0;
	tag = dwarf_tag(&d);
	if (e->kind == DI_ENUMERATOR)
		return tag == DW_TAG_enumerator;
	return tag_kind(tag) == e->kind && !!dwarf_hasattr(&d, DW_AT_declaration) == e->decl;
}

int dwarf_index_load(struct dwarf_index *di, const void *buf, size_t len, Dwarf *dw,
		     const struct di_ident *id)
{
	const unsigned char *h = buf;
	uint64_t n, slen;
	uint32_t crc, hsize;
	int rc = -1;

	memset(di, 0, sizeof(*di));
	if (len < DI_CACHE_HDR || memcmp(h, CACHE_MAGIC, 8))
		return -1;
	memcpy(&crc, h + DI_CACHE_CRC_OFF, 4);
	memcpy(&hsize, h + 12, 4);
	if (hsize != DI_CACHE_HDR || crc != dwarf_index_cache_crc(buf, len))
		return -1;
	n = get64(h + 16);
	slen = get64(h + 24);
	if (get64(h + 32) != id->file_size || get64(h + 40) != id->info_size ||
	    memcmp(h + 48, id->build_id, sizeof(id->build_id)))
		return -1;
	for (size_t i = 112; i < DI_CACHE_HDR; i++)
		if (h[i])
			return -1;
	/* at least one name; sizes that add up to the file exactly */
	if (n == 0 || n > (1u << 26) || slen < 2 || slen > (1u << 30) ||
	    len - DI_CACHE_HDR != n * sizeof(struct di_entry) + slen)
		return -1;
	di->e = xmalloc(n * sizeof(*di->e));
	memcpy(di->e, h + DI_CACHE_HDR, n * sizeof(*di->e));
	di->strs = xmalloc(slen);
	memcpy(di->strs, h + DI_CACHE_HDR + n * sizeof(*di->e), slen);
	if (di->strs[0] == '\0' || di->strs[slen - 1] != '\0')
		goto out;
	for (uint64_t i = 0; i < n; i++) {
		const struct di_entry *e = &di->e[i];
		uint32_t o = e->name;
		/* a name starts a string of the pool and is short: hashing
		 * and comparing it stays cheap */
		if (o >= slen || (o && di->strs[o - 1]) || !di->strs[o] ||
		    !memchr(di->strs + o, 0, slen - o < NAME_MAX_LEN ? slen - o : NAME_MAX_LEN) ||
		    !e->kind || e->kind >= DI_NKINDS || e->decl > 1 || e->pad[0] || e->pad[1] ||
		    (id->info_size && e->die >= id->info_size))
			goto out;
	}
	di->n = di->cap = n;
	di->strs_len = di->strs_cap = slen;
	/* build() never indexes a name twice: a file that does was not
	 * written by it.  One walk of each probe sequence both checks and
	 * inserts (a lookup first, then an insert, hashed every name twice). */
	di->hash_size = 1024;
	while (di->hash_size < di->n * 2 + 2)
		di->hash_size <<= 1;
	di->hash = xcalloc(di->hash_size, sizeof(*di->hash));
	for (size_t i = 0; i < di->n; i++)
		if (hash_insert_new(di, i) != 0)
			goto out;
	/* A sample of the entries against the DWARF: shifted offsets or
	 * shuffled kinds fail here.  Only entries in the first SAMPLE_SPAN
	 * bytes of .debug_info: libdw reads every compile unit header
	 * before a DIE it is asked for, and a far one would bring the whole
	 * section into memory.  find() checks every entry it returns. */
	if (dw) {
		size_t m = 0, step, seen = 0, checked = 0;
		for (size_t i = 0; i < n; i++)
			m += di->e[i].die < SAMPLE_SPAN;
		step = m > SAMPLES ? m / SAMPLES : 1;
		for (size_t i = 0; i < n; i++) {
			if (di->e[i].die >= SAMPLE_SPAN || seen++ % step)
				continue;
			if (!entry_matches(dw, di->strs + di->e[i].name, &di->e[i]))
				goto out;
			checked++;
		}
		if (!checked)
			goto out;
	}
	rc = 0;
out:
	if (rc)
		dwarf_index_free(di);
	return rc;
}

static char *cache_path(const char *build_id)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		return xasprintf("%s/crash/%s." CACHE_VERSION ".idx", xdg, build_id);
	if (home && *home)
		return xasprintf("%s/.cache/crash/%s." CACHE_VERSION ".idx", home, build_id);
	return NULL;
}

static int cache_load(struct dwarf_index *di, const char *path, Dwarf *dw,
		      const struct di_ident *id)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	void *map;
	int rc = -1;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= DI_CACHE_HDR &&
	    (uint64_t)st.st_size <= (2ull << 30) &&
	    (map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
		rc = dwarf_index_load(di, map, (size_t)st.st_size, dw, id);
		munmap(map, (size_t)st.st_size);
	}
	close(fd);
	return rc;
}

void *dwarf_index_serialize(const struct dwarf_index *di, const struct di_ident *id, size_t *len)
{
	size_t esz = di->n * sizeof(*di->e);
	unsigned char *b = xcalloc(1, DI_CACHE_HDR + esz + di->strs_len);

	memcpy(b, CACHE_MAGIC, 8);
	put64(b + 12, DI_CACHE_HDR);
	put64(b + 16, di->n);
	put64(b + 24, di->strs_len);
	put64(b + 32, id->file_size);
	put64(b + 40, id->info_size);
	memcpy(b + 48, id->build_id, sizeof(id->build_id));
	if (esz)
		memcpy(b + DI_CACHE_HDR, di->e, esz);
	if (di->strs_len)
		memcpy(b + DI_CACHE_HDR + esz, di->strs, di->strs_len);
	*len = DI_CACHE_HDR + esz + di->strs_len;
	put32(b + DI_CACHE_CRC_OFF, dwarf_index_cache_crc(b, *len));
	return b;
}

/* Written to a temporary file and renamed over the old one: a reader
 * sees the old file or the new one, never half of one. */
static void cache_save(const struct dwarf_index *di, const char *path, const struct di_ident *id)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	char *tmp = xasprintf("%s.%d.tmp", path, (int)getpid());
	size_t len;
	unsigned char *b = dwarf_index_serialize(di, id, &len);
	FILE *f;

	if (slash) {
		*slash = '\0';
		char *parent = xstrdup(dir), *s2 = strrchr(parent, '/');
		if (s2) {
			*s2 = '\0';
			mkdir(parent, 0755);
		}
		free(parent);
		mkdir(dir, 0755);
	}
	f = fopen(tmp, "wb");
	if (f) {
		int ok = fwrite(b, 1, len, f) == len;
		ok = fflush(f) == 0 && ok;
		ok = fsync(fileno(f)) == 0 && ok;
		ok = fclose(f) == 0 && ok;
		if (ok)
			rename(tmp, path);	/* a failed cache is only slower */
	}
	unlink(tmp);
	free(b);
	free(tmp);
	free(dir);
}

int dwarf_index_build(struct dwarf_index *di, Dwarf *dw)
{
	memset(di, 0, sizeof(*di));
	if (build(di, dw) != 0) {
		dwarf_index_free(di);
		return -1;
	}
	/* the arrays grow by doubling from 1 MB: a module's few hundred
	 * names (mod -S indexes each module on its own) keep only their
	 * size */
	if (di->n && di->n < di->cap) {
		di->e = xreallocarray(di->e, di->n, sizeof(*di->e));
		di->cap = di->n;
	}
	if (di->strs_len && di->strs_len < di->strs_cap) {
		di->strs = xrealloc(di->strs, di->strs_len);
		di->strs_cap = di->strs_len;
	}
	return 0;
}

int dwarf_index_open(struct dwarf_index *di, Dwarf *dw, const char *build_id)
{
	char *path = build_id && *build_id ? cache_path(build_id) : NULL;
	struct di_ident id;

	dwarf_index_ident(dw, build_id, &id);
	memset(di, 0, sizeof(*di));
	if (path && cache_load(di, path, dw, &id) == 0) {
		di->from_cache = 1;
		di->cache_path = path;
		return 0;
	}
	if (dwarf_index_build(di, dw) != 0) {
		free(path);
		return -1;
	}
	if (path && !getenv("CRASH_NO_INDEX_CACHE"))
		cache_save(di, path, &id);
	di->cache_path = path;
	return 0;
}

/* A cached index whose entry does not name its DIE is wrong: build the
 * index again from the DWARF (and save it over the cache).  The old
 * arrays stay until dwarf_index_free (a dwarf_index_each may be
 * walking them). */
static int rebuild(struct dwarf_index *di, Dwarf *dw)
{
	struct dwarf_index fresh;
	struct di_ident id;
	char *bid;

	if (dwarf_index_build(&fresh, dw) != 0)
		return -1;
	if (di->cache_path && !getenv("CRASH_NO_INDEX_CACHE")) {
		/* the build-id (hex) is the file name up to its first dot */
		const char *base = strrchr(di->cache_path, '/');
		bid = xstrdup(base ? base + 1 : di->cache_path);
		if (strchr(bid, '.'))
			*strchr(bid, '.') = '\0';
		dwarf_index_ident(dw, bid, &id);
		cache_save(&fresh, di->cache_path, &id);
		free(bid);
	}
	di->retired = xreallocarray(di->retired, di->nretired + 3, sizeof(*di->retired));
	di->retired[di->nretired++] = di->e;
	di->retired[di->nretired++] = di->strs;
	di->retired[di->nretired++] = di->hash;
	fresh.cache_path = di->cache_path;
	fresh.retired = di->retired;
	fresh.nretired = di->nretired;
	*di = fresh;
	return 0;
}

void dwarf_index_free(struct dwarf_index *di)
{
	free(di->e);
	free(di->strs);
	free(di->hash);
	for (size_t i = 0; i < di->nretired; i++)
		free(di->retired[i]);
	free(di->retired);
	free(di->cache_path);
	memset(di, 0, sizeof(*di));
}

int dwarf_index_find(const struct dwarf_index *cdi, Dwarf *dw, enum di_kind kind, const char *name,
		     Dwarf_Die *out)
{
	/* Only a cached index is ever rebuilt, in place (see rebuild). */
	struct dwarf_index *di = (struct dwarf_index *)cdi;
	struct di_entry *e = lookup(di, kind, name);

	if (e && di->from_cache && !entry_matches(dw, name, e)) {
		if (rebuild(di, dw) != 0)
			return -1;
		e = lookup(di, kind, name);
	}
	if (!e || !dwarf_offdie(dw, e->die, out))
		return -1;
	return 0;
}

void dwarf_index_each(const struct dwarf_index *di, enum di_kind kind,
		      void (*fn)(void *arg, const char *name), void *arg)
{
	for (size_t i = 0; i < di->n; i++)
		if (di->e[i].kind == kind)
			fn(arg, di->strs + di->e[i].name);
}
