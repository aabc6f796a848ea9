/* The debuginfo of loaded modules; see moddebug.h and, for the API,
 * kernel.h's "module debuginfo". */
#include "kernel-types/moddebug.h"

#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/kernel_impl.h"
#include "kernel-types/walk.h"

/* A module has this many sections at most (sect_attrs.nsections); more
 * is a damaged dump. */
#define MAX_SECTIONS 4096
#define MAX_MODULES 8192
#define MAX_BUILD_ID 64

struct section {
	char *name;
	uint64_t addr;
};

struct unit {
	char name[64];		/* the module's, as the dump has it */
	char *path;
	uint64_t mod;		/* struct module */
	struct section *secs;
	size_t nsecs;
	uint64_t lo, hi;	/* what its allocated sections cover */
	bool active;
	Dwfl *dwfl;		/* opened on first use */
	Dwarf *dw;
	int dw_state;		/* 0 not tried, 1 open, -1 failed */
	char *dw_err;
	struct dwarf_index di;
	int di_state;
};

struct moddebug {
	struct unit **u;
	size_t n;
	char *dir;		/* --mod DIR: searched instead of the default path */
};

static struct moddebug *md_of(struct kernel *k)
{
	if (!k->md)
		k->md = xcalloc(1, sizeof(*k->md));
	return k->md;
}

static void unit_free(struct unit *u)
{
	for (size_t i = 0; i < u->nsecs; i++)
		free(u->secs[i].name);
	free(u->secs);
	free(u->path);
	free(u->dw_err);
	if (u->di_state == 1)
		dwarf_index_free(&u->di);
	if (u->dwfl)
		dwfl_end(u->dwfl);
	free(u);
}

void moddebug_free(struct moddebug *md)
{
	if (!md)
		return;
	for (size_t i = 0; i < md->n; i++)
		unit_free(md->u[i]);
	free(md->u);
	free(md->dir);
	free(md);
}

/* --- the modules of the dump --- */

struct dmod {
	char name[64];
	uint64_t addr;
};

struct dmods {
	struct dmod *v;
	size_t n;
	long off_name;
	struct kernel *k;
};

static int dmod_add(void *arg, uint64_t mod)
{
	struct dmods *d = arg;
	if (d->n >= MAX_MODULES)
		return 1;
	d->v = xreallocarray(d->v, d->n + 1, sizeof(*d->v));
	d->v[d->n].addr = mod;
	if (kernel_read_string(d->k, mod + (uint64_t)d->off_name, d->v[d->n].name,
			       sizeof(d->v[d->n].name)) <= 0)
		return 0; /* a module without a readable name is skipped */
	d->n++;
	return 0;
}

static int dump_modules(struct kernel *k, struct dmods *d)
{
	uint64_t head;
	long list = kernel_offsetof(k, "struct module", "list");

	*d = (struct dmods){ .k = k, .off_name = kernel_offsetof(k, "struct module", "name") };
	if (list < 0 || d->off_name < 0 || kernel_symbol(k, "modules", &head) != 0) {
		err_set("the dump's module list cannot be read: %s", err_get());
		return -1;
	}
	if (kwalk_list(k, head, list, false, dmod_add, d) < 0 && !d->n) {
		free(d->v);
		return -1;
	}
	return 0;
}

bool kernel_module_names_match(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return false;
	return *a == *b;
}

static int find_dmod(struct kernel *k, const char *name, struct dmod *out)
{
	struct dmods d;
	if (dump_modules(k, &d) != 0)
		return -1;
	for (size_t i = 0; i < d.n; i++) {
		if (kernel_module_names_match(d.v[i].name, name)) {
			*out = d.v[i];
			free(d.v);
			return 0;
		}
	}
	free(d.v);
	err_set("%s: no such module in the dump", name);
	return -1;
}

/* The module's sections and where the kernel put them: struct
 * module.sect_attrs, as /sys/module/NAME/sections shows them. */
static int read_sections(struct kernel *k, uint64_t mod, const char *name, struct section **out,
			 size_t *nout)
{
	uint64_t sa = 0;
	uint32_t n = 0;
	long off_attrs = kernel_offsetof(k, "struct module", "sect_attrs");
	long off_n = kernel_offsetof(k, "struct module_sect_attrs", "nsections");
	long off_v = kernel_offsetof(k, "struct module_sect_attrs", "attrs");
	long esz = kernel_sizeof(k, "struct module_sect_attr");
	long off_name = kernel_offsetof(k, "struct module_sect_attr", "battr.attr.name");
	long off_addr = kernel_offsetof(k, "struct module_sect_attr", "address");

	if (off_name < 0)
		off_name = kernel_offsetof(k, "struct module_sect_attr", "name");
	if (off_addr < 0) /* newer kernels keep it in the attribute's private */
		off_addr = kernel_offsetof(k, "struct module_sect_attr", "battr.private");
	if (off_attrs < 0 || off_n < 0 || off_v < 0 || esz <= 0 || off_name < 0 || off_addr < 0) {
		err_set("this kernel's module section addresses (struct module.sect_attrs) are not known");
		return -1;
	}
	if (kernel_read_u64(k, mod + (uint64_t)off_attrs, &sa) != 0 || !sa ||
	    kernel_read_u32(k, sa + (uint64_t)off_n, &n) != 0) {
		err_set("module %s: its section addresses are not in the dump", name);
		return -1;
	}
	if (n > MAX_SECTIONS)
		n = MAX_SECTIONS;
	*out = NULL;
	*nout = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t e = sa + (uint64_t)off_v + (uint64_t)i * (uint64_t)esz, np, addr;
		char sname[128];
		if (kernel_read_u64(k, e + (uint64_t)off_name, &np) != 0 ||
		    kernel_read_u64(k, e + (uint64_t)off_addr, &addr) != 0 ||
		    kernel_read_string(k, np, sname, sizeof(sname)) <= 0)
			continue;
		*out = xreallocarray(*out, *nout + 1, sizeof(**out));
		(*out)[(*nout)++] = (struct section){ xstrdup(sname), addr };
	}
	if (!*nout) {
		err_set("module %s: its section addresses are not in the dump", name);
		return -1;
	}
	return 0;
}

static const struct section *section(const struct section *s, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].name, name))
			return &s[i];
	return NULL;
}

/* The GNU build ID of the notes at addr in the dump: its length, or 0.
 * Each note is read on its own: nothing past the notes is touched. */
static size_t dump_build_id(struct kernel *k, uint64_t addr, unsigned char *id)
{
	for (int i = 0; i < 8; i++) {
		uint32_t h[3];
		char name[16];
		if (kernel_read(k, addr, h, sizeof(h)) != 0 || h[0] > sizeof(name) || h[1] > MAX_BUILD_ID)
			return 0;
		uint64_t desc = addr + 12 + ((h[0] + 3u) & ~3u);
		if (h[2] == NT_GNU_BUILD_ID && h[0] == 4 && kernel_read(k, addr + 12, name, 4) == 0 &&
		    !memcmp(name, "GNU", 4))
			return h[1] && kernel_read(k, desc, id, h[1]) == 0 ? h[1] : 0;
		addr = desc + ((h[1] + 3u) & ~3u);
	}
	return 0;
}

/* --- a candidate file --- */

/* 0: file is the module's debuginfo (u's range filled in); -1 with
 * err_get() otherwise. */
static int check_file(struct kernel *k, struct unit *u, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unsigned char want[MAX_BUILD_ID];
	const void *have = NULL;
	size_t shstrndx;
	bool dwarf = false;
	int rc = -1;

	if (fd < 0) {
		err_set("%s: %s", path, strerror(errno));
		return -1;
	}
	Elf *elf = dwelf_elf_begin(fd); /* .ko.xz and the like too */
	GElf_Ehdr eh;
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh) || eh.e_type != ET_REL ||
	    elf_getshdrstrndx(elf, &shstrndx) != 0) {
		err_set("%s: not a kernel module object file", path);
		goto out;
	}
	const struct section *note = section(u->secs, u->nsecs, ".note.gnu.build-id");
	size_t wn = note ? dump_build_id(k, note->addr, want) : 0;
	ssize_t hn = dwelf_elf_gnu_build_id(elf, &have);
	/* a dump without the module's build ID (its page left out) cannot
	 * tell; the section addresses still place the file */
	if (wn && (hn != (ssize_t)wn || memcmp(have, want, wn))) {
		err_set("%s does not match module %s in the dump", path, u->name);
		goto out;
	}
	u->lo = UINT64_MAX;
	u->hi = 0;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		if (!gelf_getshdr(scn, &sh) || !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
		if (!strcmp(name, ".debug_info") && sh.sh_size && sh.sh_type != SHT_NOBITS)
			dwarf = true;
		const struct section *s;
		if ((sh.sh_flags & SHF_ALLOC) && sh.sh_size && (s = section(u->secs, u->nsecs, name)) &&
		    s->addr) {
			u->lo = s->addr < u->lo ? s->addr : u->lo;
			u->hi = s->addr + sh.sh_size > u->hi ? s->addr + sh.sh_size : u->hi;
		}
	}
	if (!dwarf) {
		err_set("%s has no debuginfo (DWARF)", path);
		goto out;
	}
	if (u->lo >= u->hi) {
		err_set("%s: none of its sections is in module %s in the dump", path, u->name);
		goto out;
	}
	rc = 0;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return rc;
}

/* --- searching --- */

struct found {
	char *key;		/* module name of the file: '-' as '_' */
	char *path;
};

struct scan {
	struct found *v;
	size_t n;
};

static _Thread_local struct scan *scanning;

static char *key_of(const char *base)
{
	static const char *const exts[] = { ".ko.debug", ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t bl = strlen(base);
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t el = strlen(exts[i]);
		if (bl > el && !strcmp(base + bl - el, exts[i])) {
			char *key = xasprintf("%.*s", (int)(bl - el), base);
			for (char *p = key; *p; p++)
				if (*p == '-')
					*p = '_';
			return key;
		}
	}
	return NULL;
}

static int scan_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	char *key;
	if ((flag != FTW_F && flag != FTW_SL) || !(key = key_of(path + ftw->base)))
		return 0;
	scanning->v = xreallocarray(scanning->v, scanning->n + 1, sizeof(*scanning->v));
	scanning->v[scanning->n++] = (struct found){ key, xstrdup(path) };
	return 0;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct found *)a)->key, ((const struct found *)b)->key);
}

/* Every module file under dir, sorted by module name. */
static void scan_dir(const char *dir, struct scan *s)
{
	struct stat st;
	*s = (struct scan){ 0 };
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	scanning = s;
	nftw(dir, scan_one, 16, FTW_PHYS);
	scanning = NULL;
	if (s->n)
		qsort(s->v, s->n, sizeof(*s->v), by_key);
}

static void scan_free(struct scan *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].key);
		free(s->v[i].path);
	}
	free(s->v);
}

/* Where module files are looked for, in order: --mod DIR (or
 * CRASH_MODULE_PATH) alone, else each debug directory's
 * lib/modules/RELEASE and .build-id tree, then /lib/modules/RELEASE. */
struct place {
	char *path;
	bool by_id;		/* a .build-id tree, else a tree of NAME.ko */
	struct scan scan;	/* of a tree: its module files */
};

struct searchpath {
	struct place *v;
	size_t n;
};

static void sp_add(struct searchpath *sp, char *path, bool by_id)
{
	sp->v = xreallocarray(sp->v, sp->n + 1, sizeof(*sp->v));
	sp->v[sp->n] = (struct place){ .path = path, .by_id = by_id };
	if (!by_id)
		scan_dir(path, &sp->v[sp->n].scan);
	sp->n++;
}

static void sp_init(struct kernel *k, const char *dir, struct searchpath *sp)
{
	const char *rel = kernel_vmcoreinfo(k, "OSRELEASE");
	char *release = rel && *rel && !strchr(rel, '/') ? xstrdup(rel) : NULL;
	const char *env = getenv("CRASH_MODULE_PATH");

	*sp = (struct searchpath){ 0 };
	if (!dir)
		dir = md_of(k)->dir;
	if (!dir && env && *env)
		dir = env;
	if (dir) {
		sp_add(sp, xstrdup(dir), false);
	} else {
		const char *dbg = getenv("CRASH_DEBUGINFO_DIRS");
		char *copy = xstrdup(dbg && *dbg ? dbg : "/usr/lib/debug"), *save = NULL;
		for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
			if (release)
				sp_add(sp, xasprintf("%s/lib/modules/%s", d, release), false);
			sp_add(sp, xasprintf("%s/.build-id", d), true);
		}
		free(copy);
		if (release)
			sp_add(sp, xasprintf("/lib/modules/%s", release), false);
	}
	free(release);
}

static void sp_free(struct searchpath *sp)
{
	for (size_t i = 0; i < sp->n; i++) {
		free(sp->v[i].path);
		scan_free(&sp->v[i].scan);
	}
	free(sp->v);
}

/* "a, b and c" of the places searched, for the message of a miss. */
static char *sp_where(const struct searchpath *sp)
{
	char *s = xstrdup("");
	for (size_t i = 0; i < sp->n; i++) {
		char *t = xasprintf("%s%s%s", s, !i ? "" : i + 1 == sp->n ? " and " : ", ",
				    sp->v[i].path);
		free(s);
		s = t;
	}
	return s;
}

/* The first candidate, in the order of the places, that is the module's
 * debuginfo; a refused candidate's message is kept when none is. */
static int sp_find(struct kernel *k, const struct searchpath *sp, struct unit *u, char **path)
{
	char key[64], *first_err = NULL;
	snprintf(key, sizeof(key), "%s", u->name);
	for (char *p = key; *p; p++)
		if (*p == '-')
			*p = '_';
	/* the .build-id trees: by the module's build ID in the dump */
	const struct section *note = section(u->secs, u->nsecs, ".note.gnu.build-id");
	unsigned char id[MAX_BUILD_ID];
	size_t idn = note ? dump_build_id(k, note->addr, id) : 0;
	char hex[2 * MAX_BUILD_ID + 1] = "";
	for (size_t i = 0; i < idn; i++)
		snprintf(hex + 2 * i, 3, "%02x", id[i]);
	for (size_t i = 0; i < sp->n; i++) {
		const struct place *pl = &sp->v[i];
		if (pl->by_id) {
			if (idn < 2)
				continue;
			char *p = xasprintf("%s/%.2s/%s.debug", pl->path, hex, hex + 2);
			if (access(p, R_OK) == 0 && check_file(k, u, p) == 0) {
				free(first_err);
				*path = p;
				return 0;
			}
			free(p);
			continue;
		}
		const struct scan *s = &pl->scan;
		struct found want = { .key = key }, *f;
		f = s->n ? bsearch(&want, s->v, s->n, sizeof(*s->v), by_key) : NULL;
		if (!f)
			continue;
		while (f > s->v && !strcmp(f[-1].key, key))
			f--;
		for (; f < s->v + s->n && !strcmp(f->key, key); f++) {
			if (check_file(k, u, f->path) == 0) {
				free(first_err);
				*path = xstrdup(f->path);
				return 0;
			}
			if (!first_err)
				first_err = xstrdup(err_get());
		}
	}
	if (first_err) {
		err_set("%s", first_err);
		free(first_err);
	} else {
		char *where = sp_where(sp);
		err_set("no debuginfo of module %s found (looked in %s)", u->name,
			*where ? where : "nowhere: no search path");
		free(where);
	}
	return -1;
}

/* --- registering --- */

static struct unit *unit_new(struct kernel *k, const struct dmod *m)
{
	struct unit *u = xcalloc(1, sizeof(*u));
	snprintf(u->name, sizeof(u->name), "%s", m->name);
	u->mod = m->addr;
	if (read_sections(k, m->addr, m->name, &u->secs, &u->nsecs) != 0) {
		free(u);
		return NULL;
	}
	return u;
}

/* The unit of an already registered file for this module, if any. */
static struct unit *registered(struct moddebug *md, const struct unit *u, const char *path)
{
	for (size_t i = 0; i < md->n; i++)
		if (md->u[i]->mod == u->mod && !strcmp(md->u[i]->name, u->name) &&
		    !strcmp(md->u[i]->path, path))
			return md->u[i];
	return NULL;
}

static void deactivate(struct moddebug *md, const char *name)
{
	for (size_t i = 0; i < md->n; i++)
		if (md->u[i]->active && kernel_module_names_match(md->u[i]->name, name))
			md->u[i]->active = false;
}

/* Types and names looked up before may now have other answers. */
static void lookups_changed(struct kernel *k)
{
	kernel_tcache_free(&k->tcache);
}

/* Takes u (and path): registered, or freed. */
static int activate(struct kernel *k, struct unit *u, char *path)
{
	struct moddebug *md = md_of(k);
	struct unit *old = registered(md, u, path);
	deactivate(md, u->name);
	if (old) {
		unit_free(u);
		free(path);
		old->active = true;
	} else {
		u->path = path;
		u->active = true;
		md->u = xreallocarray(md->u, md->n + 1, sizeof(*md->u));
		md->u[md->n++] = u;
	}
	lookups_changed(k);
	return 0;
}

int kernel_module_debuginfo_load(struct kernel *k, const char *name, const char *file)
{
	struct dmod m;
	if (find_dmod(k, name, &m) != 0)
		return -1;
	struct unit *u = unit_new(k, &m);
	char *path = NULL;
	if (!u)
		return -1;
	if (file) {
		if (check_file(k, u, file) != 0) {
			unit_free(u);
			return -1;
		}
		path = xstrdup(file);
	} else {
		struct searchpath sp;
		sp_init(k, NULL, &sp);
		int rc = sp_find(k, &sp, u, &path);
		sp_free(&sp);
		if (rc != 0) {
			unit_free(u);
			return -1;
		}
	}
	return activate(k, u, path);
}

int kernel_module_debuginfo_load_all(struct kernel *k, const char *dir,
				     void (*fn)(void *arg, const char *name, const char *error),
				     void *arg)
{
	struct dmods d;
	struct searchpath sp;
	int loaded = 0;

	struct stat st;
	if (dir && stat(dir, &st) != 0) {
		err_set("%s: %s", dir, strerror(errno));
		return -1;
	}
	if (dir && !S_ISDIR(st.st_mode)) {
		err_set("%s: not a directory", dir);
		return -1;
	}
	if (dump_modules(k, &d) != 0)
		return -1;
	sp_init(k, dir, &sp);
	for (size_t i = 0; i < d.n; i++) {
		struct unit *u = unit_new(k, &d.v[i]);
		char *path = NULL;
		if (!u || sp_find(k, &sp, u, &path) != 0) {
			if (u)
				unit_free(u);
			if (fn)
				fn(arg, d.v[i].name, err_get());
			continue;
		}
		activate(k, u, path);
		loaded++;
		if (fn)
			fn(arg, d.v[i].name, NULL);
	}
	sp_free(&sp);
	free(d.v);
	return loaded;
}

int kernel_module_debuginfo_unload(struct kernel *k, const char *name)
{
	struct moddebug *md = md_of(k);
	if (name && moddebug_unit_of(k, name) < 0) {
		struct dmod m;
		if (find_dmod(k, name, &m) != 0)
			return -1;
		err_set("module %s has no debuginfo loaded", name);
		return -1;
	}
	for (size_t i = 0; i < md->n; i++)
		if (!name || kernel_module_names_match(md->u[i]->name, name))
			md->u[i]->active = false;
	lookups_changed(k);
	return 0;
}

const char *kernel_module_debuginfo_file(struct kernel *k, const char *name)
{
	long i = moddebug_unit_of(k, name);
	return i < 0 ? NULL : k->md->u[i]->path;
}

void kernel_set_module_dir(struct kernel *k, const char *dir)
{
	struct moddebug *md = md_of(k);
	free(md->dir);
	md->dir = dir && *dir ? xstrdup(dir) : NULL;
}

/* --- lookups --- */

size_t moddebug_units(struct kernel *k)
{
	return k->md ? k->md->n : 0;
}

bool moddebug_active(struct kernel *k, size_t i)
{
	return k->md && i < k->md->n && k->md->u[i]->active;
}

long moddebug_unit_of(struct kernel *k, const char *name)
{
	for (size_t i = 0; k->md && i < k->md->n; i++)
		if (k->md->u[i]->active && kernel_module_names_match(k->md->u[i]->name, name))
			return (long)i;
	return -1;
}

static int find_elf(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
		    char **file_name, Elf **elfp)
{
	(void)mod, (void)modname, (void)base, (void)elfp;
	struct unit *u = *userdata;
	int fd = open(u->path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		*file_name = xstrdup(u->path);
	return fd;
}

/* The .ko holds its DWARF itself. */
static int find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
			  const char *file_name, const char *debuglink_file,
			  GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	(void)mod, (void)userdata, (void)modname, (void)base, (void)file_name;
	(void)debuglink_file, (void)debuglink_crc, (void)debuginfo_file_name;
	return -1;
}

/* Where the kernel put the section: libdwfl relocates the DWARF with it. */
static int section_address(Dwfl_Module *mod, void **userdata, const char *modname,
			   Dwarf_Addr base, const char *secname, GElf_Word shndx,
			   const GElf_Shdr *shdr, Dwarf_Addr *addr)
{
	(void)mod, (void)modname, (void)base, (void)shndx, (void)shdr;
	const struct unit *u = *userdata;
	const struct section *s = section(u->secs, u->nsecs, secname);
	*addr = s && s->addr ? s->addr : (Dwarf_Addr)-1; /* -1: not loaded */
	return 0;
}

static const Dwfl_Callbacks callbacks = {
	.find_elf = find_elf,
	.find_debuginfo = find_debuginfo,
	.section_address = section_address,
};

Dwarf *moddebug_dwarf(struct kernel *k, size_t i)
{
	/* a deleted unit's DWARF stays readable for the types made from it */
	if (!k->md || i >= k->md->n || (!k->md->u[i]->active && k->md->u[i]->dw_state != 1)) {
		err_set("no module debuginfo #%zu", i);
		return NULL;
	}
	struct unit *u = k->md->u[i];
	if (u->dw_state == 0) {
		Dwarf_Addr bias;
		void **ud;
		u->dw_state = -1;
		u->dwfl = dwfl_begin(&callbacks);
		Dwfl_Module *m = NULL;
		if (u->dwfl) {
			dwfl_report_begin(u->dwfl);
			m = dwfl_report_module(u->dwfl, u->name, u->lo, u->hi);
			dwfl_report_end(u->dwfl, NULL, NULL);
		}
		if (m && dwfl_module_info(m, &ud, NULL, NULL, NULL, NULL, NULL, NULL)) {
			*ud = u;
			u->dw = dwfl_module_getdwarf(m, &bias);
		}
		if (u->dw)
			u->dw_state = 1;
		else
			u->dw_err = xasprintf("%s: its DWARF cannot be read: %s", u->path,
					      dwfl_errmsg(-1));
	}
	if (u->dw_state != 1)
		err_set("%s", u->dw_err);
	return u->dw;
}

const struct dwarf_index *moddebug_index(struct kernel *k, size_t i)
{
	Dwarf *dw = moddebug_dwarf(k, i);
	if (!dw)
		return NULL;
	struct unit *u = k->md->u[i];
	if (u->di_state == 0)
		u->di_state = dwarf_index_build(&u->di, dw) == 0 ? 1 : -1;
	if (u->di_state != 1) {
		err_set("%s: its DWARF has no compile units", u->path);
		return NULL;
	}
	return &u->di;
}

long moddebug_unit_at(struct kernel *k, uint64_t addr)
{
	for (size_t i = 0; k->md && i < k->md->n; i++) {
		struct unit *u = k->md->u[i];
		Dwarf_Die cu;
		Dwarf *dw;
		if (u->active && addr >= u->lo && addr < u->hi && (dw = moddebug_dwarf(k, i)) &&
		    dwarf_addrdie(dw, addr, &cu))
			return (long)i;
	}
	return -1;
}

int moddebug_srcline(struct kernel *k, uint64_t addr, char *file, size_t len, int *line)
{
	int rc = 1;
	for (size_t i = 0; k->md && i < k->md->n; i++) {
		struct unit *u = k->md->u[i];
		if (!u->active || addr < u->lo || addr >= u->hi)
			continue;
		if (!moddebug_dwarf(k, i)) {
			rc = -1;
			continue;
		}
		Dwfl_Module *m = dwfl_addrmodule(u->dwfl, addr);
		Dwfl_Line *l = m ? dwfl_module_getsrc(m, addr) : NULL;
		const char *src = l ? dwfl_lineinfo(l, NULL, line, NULL, NULL, NULL) : NULL;
		if (src) {
			snprintf(file, len, "%s", src);
			return 0;
		}
		err_set("no line information for %llx in %s", (unsigned long long)addr, u->path);
		rc = -1;
	}
	return rc;
}

/* nm's letter of a .ko symbol */
static char sym_letter(const GElf_Sym *sym, const char *secname)
{
	char c = GELF_ST_TYPE(sym->st_info) == STT_FUNC ? 't'
		 : secname && !strncmp(secname, ".bss", 4) ? 'b'
		 : secname && !strncmp(secname, ".rodata", 7) ? 'r' : 'd';
	return GELF_ST_BIND(sym->st_info) == STB_LOCAL ? c : (char)(c - 'a' + 'A');
}

static bool fill(struct unit *u, Dwfl_Module *m, const char *name, const GElf_Sym *sym, GElf_Addr addr,
		 struct kernel_sym *out)
{
	GElf_Word shndx = 0;
	Elf *elf = NULL;
	GElf_Addr bias;
	const char *secname = NULL;
	elf = dwfl_module_getelf(m, &bias);
	shndx = sym->st_shndx;
	if (elf && shndx != SHN_UNDEF && shndx < SHN_LORESERVE) {
		size_t shstr;
		GElf_Shdr sh;
		Elf_Scn *scn = elf_getscn(elf, shndx);
		if (scn && gelf_getshdr(scn, &sh) && elf_getshdrstrndx(elf, &shstr) == 0)
			secname = elf_strptr(elf, shstr, sh.sh_name);
	}
	*out = (struct kernel_sym){ .name = name, .addr = addr, .size = sym->st_size,
				    .type = sym_letter(sym, secname), .module = u->name };
	return true;
}

bool moddebug_symbol_at(struct kernel *k, uint64_t addr, struct kernel_sym *out, uint64_t *off)
{
	for (size_t i = 0; k->md && i < k->md->n; i++) {
		struct unit *u = k->md->u[i];
		if (!u->active || addr < u->lo || addr >= u->hi || !moddebug_dwarf(k, i))
			continue;
		Dwfl_Module *m = dwfl_addrmodule(u->dwfl, addr);
		GElf_Off o;
		GElf_Sym sym;
		const char *name = m ? dwfl_module_addrinfo(m, addr, &o, &sym, NULL, NULL, NULL) : NULL;
		err_clear();
		/* a symbol the address is inside of, not just after */
		if (name && *name && (o < sym.st_size || (!sym.st_size && o == 0))) {
			*off = o;
			return fill(u, m, name, &sym, addr - o, out);
		}
	}
	return false;
}

bool moddebug_symbol_named(struct kernel *k, const char *name, struct kernel_sym *out)
{
	for (size_t i = 0; k->md && i < k->md->n; i++) {
		struct unit *u = k->md->u[i];
		if (!u->active || !moddebug_dwarf(k, i))
			continue;
		Dwfl_Module *m = dwfl_addrmodule(u->dwfl, u->lo);
		int n = m ? dwfl_module_getsymtab(m) : -1;
		for (int j = 1; j < n; j++) {
			GElf_Sym sym;
			GElf_Addr a;
			const char *sn = dwfl_module_getsym_info(m, j, &sym, &a, NULL, NULL, NULL);
			int t = GELF_ST_TYPE(sym.st_info);
			if (sn && !strcmp(sn, name) && sym.st_shndx != SHN_UNDEF && (t == STT_FUNC || t == STT_OBJECT))
				return fill(u, m, sn, &sym, a, out);
		}
		err_clear();
	}
	return false;
}
