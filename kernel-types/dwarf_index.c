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

#include "common/err.h"
#include "common/xalloc.h"

#define CACHE_MAGIC "CRSHIDX3"

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

static char *cache_path(const char *build_id)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg)
		return xasprintf("%s/crash/%s.idx", xdg, build_id);
	if (home && *home)
		return xasprintf("%s/.cache/crash/%s.idx", home, build_id);
	return NULL;
}

/* The cache file: magic, counts, entries, strings.  Anything that does
 * not add up is ignored and the index is rebuilt. */
static int cache_load(struct dwarf_index *di, const char *path)
{
	FILE *f = fopen(path, "rb");
	char magic[8];
	uint64_t n, slen;
	int rc = -1;

	if (!f)
		return -1;
	if (fread(magic, 8, 1, f) != 1 || memcmp(magic, CACHE_MAGIC, 8) ||
	    fread(&n, 8, 1, f) != 1 || fread(&slen, 8, 1, f) != 1 ||
	    n > (1u << 26) || slen > (1u << 30))
		goto out;
	di->e = xcalloc(n ? n : 1, sizeof(*di->e));
	di->strs = xmalloc(slen + 1);
	if (fread(di->e, sizeof(*di->e), n, f) != n || fread(di->strs, 1, slen, f) != slen)
		goto out;
	di->strs[slen] = '\0';
	for (uint64_t i = 0; i < n; i++)
		if (di->e[i].name >= slen || !di->e[i].kind || di->e[i].kind >= DI_NKINDS)
			goto out;
	di->n = di->cap = n;
	di->strs_len = di->strs_cap = slen;
	hash_rebuild(di);
	rc = 0;
out:
	fclose(f);
	if (rc) {
		free(di->e);
		free(di->strs);
		memset(di, 0, sizeof(*di));
	}
	return rc;
}

static void cache_save(const struct dwarf_index *di, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	char *tmp = xasprintf("%s.%d.tmp", path, (int)getpid());
	uint64_t n = di->n, slen = di->strs_len;
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
		int ok = fwrite(CACHE_MAGIC, 8, 1, f) == 1 && fwrite(&n, 8, 1, f) == 1 &&
			 fwrite(&slen, 8, 1, f) == 1 &&
			 fwrite(di->e, sizeof(*di->e), n, f) == n &&
			 fwrite(di->strs, 1, slen, f) == slen;
		if (fclose(f) == 0 && ok)
			rename(tmp, path);	/* a failed cache is only slower */
	}
	unlink(tmp);
	free(tmp);
	free(dir);
}

int dwarf_index_open(struct dwarf_index *di, Dwarf *dw, const char *build_id)
{
	char *path = build_id && *build_id ? cache_path(build_id) : NULL;

	memset(di, 0, sizeof(*di));
	if (path && cache_load(di, path) == 0) {
		di->from_cache = 1;
		free(path);
		return 0;
	}
	if (build(di, dw) != 0) {
		free(path);
		dwarf_index_free(di);
		return -1;
	}
	if (path && !getenv("CRASH_NO_INDEX_CACHE"))
		cache_save(di, path);
	free(path);
	return 0;
}

void dwarf_index_free(struct dwarf_index *di)
{
	free(di->e);
	free(di->strs);
	free(di->hash);
	memset(di, 0, sizeof(*di));
}

int dwarf_index_find(const struct dwarf_index *di, Dwarf *dw, enum di_kind kind, const char *name,
		     Dwarf_Die *out)
{
	struct di_entry *e = lookup(di, kind, name);
	if (!e || !dwarf_offdie(dw, e->die, out))
		return -1;
	/* A stale cache could point anywhere: check the DIE is the one. */
	const char *n = dwarf_diename(out);
	if (!n || strcmp(n, name) || tag_kind(dwarf_tag(out)) != (int)kind) {
		if (kind != DI_ENUMERATOR || dwarf_tag(out) != DW_TAG_enumerator)
			return -1;
	}
	return 0;
}

void dwarf_index_each(const struct dwarf_index *di, enum di_kind kind,
		      void (*fn)(void *arg, const char *name), void *arg)
{
	for (size_t i = 0; i < di->n; i++)
		if (di->e[i].kind == kind)
			fn(arg, di->strs + di->e[i].name);
}
