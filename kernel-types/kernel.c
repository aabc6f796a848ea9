/* kernel_open(): vmlinux + dump + architecture, checked against each
 * other, and the memory and symbol primitives of kernel.h. */
#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/openfile.h"
#include "common/xalloc.h"
#include "kernel-types/debuginfo.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/kallsyms.h"
#include "kernel-types/kernel_impl.h"
#include "kernel-types/moddebug.h"
#include "kernel-types/type_source.h"
#include "kernel-types/types.h"

static int link_symbol(void *arg, const char *name, uint64_t *addr)
{
	struct kernel *k = arg;
	const struct ksym *s = symtab_find(&k->st, name);
	if (!s)
		return -1;
	*addr = s->value;
	return 0;
}

/* Read bytes of the vmlinux file at a link-time address (for
 * linux_banner, to compare with the dump). */
static int vmlinux_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(k->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || !(sh.sh_flags & SHF_ALLOC))
			continue;
		if (addr >= sh.sh_addr && addr + len <= sh.sh_addr + sh.sh_size) {
			ssize_t n = pread(k->fd, buf, len, (off_t)(sh.sh_offset + (addr - sh.sh_addr)));
			return n == (ssize_t)len ? 0 : -1;
		}
	}
	return -1;
}

/* "Linux version 6.1.0-56-cloud-amd64 (...)" -> "6.1.0-56-cloud-amd64" */
static void banner_release(const char *banner, char *out, size_t len)
{
	const char *p = strstr(banner, "version ");
	size_t n;
	out[0] = '\0';
	if (!p)
		return;
	p += 8;
	n = strcspn(p, " ");
	if (n >= len)
		n = len - 1;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* Before the architecture layer (which finds KASLR through the vmlinux's
 * symbols and would fail in a confusing way with the wrong vmlinux):
 * the release and build-id the dump records against the vmlinux's. */
static int check_release(struct kernel *k)
{
	const struct ksym *b = symtab_find(&k->st, "linux_banner");
	char fbanner[256] = "", frel[128], osrel[128] = "", bid[128] = "";
	const char *v;

	if (!b || vmlinux_read(k, b->value, fbanner, sizeof(fbanner) - 1) != 0) {
		err_set("%s: no linux_banner: is this a vmlinux?", k->vmlinux_path);
		return -1;
	}
	banner_release(fbanner, frel, sizeof(frel));
	if ((v = kernel_vmcoreinfo(k, "OSRELEASE")))
		snprintf(osrel, sizeof(osrel), "%s", v);
	if ((v = kernel_vmcoreinfo(k, "BUILD-ID")))
		snprintf(bid, sizeof(bid), "%s", v);
	if (*osrel && *frel && strcmp(osrel, frel)) {
		err_set("vmlinux and vmcore do not match: vmlinux is %s, dump is %s", frel, osrel);
		return -1;
	}
	/* Same release, different build (a rebuilt kernel): the build-id
	 * tells, when the dump records it (VMCOREINFO since 5.9). */
	if (*bid && k->build_id[0] && strncmp(bid, k->build_id, strlen(k->build_id))) {
		err_set("vmlinux and vmcore do not match: vmlinux build-id %s, dump build-id %s",
			k->build_id, bid);
		return -1;
	}
	return 0;
}

/* After it: the banner in memory must be the vmlinux's, byte for byte
 * (this also checks the KASLR offset, and covers dumps without
 * VMCOREINFO). */
static int check_banner(struct kernel *k)
{
	const struct ksym *b = symtab_find(&k->st, "linux_banner");
	char fbanner[256] = "", mbanner[256] = "", frel[128], drel[128];

	if (vmlinux_read(k, b->value, fbanner, sizeof(fbanner) - 1) != 0)
		return -1;
	if (kernel_read(k, b->value + k->kaslr, mbanner, sizeof(mbanner) - 1) != 0) {
		err_prefix("cannot read linux_banner from the dump");
		return -1;
	}
	if (strcmp(fbanner, mbanner)) {
		banner_release(fbanner, frel, sizeof(frel));
		banner_release(mbanner, drel, sizeof(drel));
		if (*frel && *drel && strcmp(frel, drel))
			err_set("vmlinux and vmcore do not match: vmlinux is %s, dump is %s", frel,
				drel);
		else {
			/* the dump's bytes are untrusted: printable ones only */
			for (char *c = mbanner; *c; c++)
				if (*c < 0x20 || *c > 0x7e)
					*c = '?';
			err_set("vmlinux and vmcore do not match: the dump's linux_banner differs "
				"(\"%.60s\")", mbanner[0] ? mbanner : "unreadable");
		}
		return -1;
	}
	return 0;
}

static void add_warning(struct kernel *k, char *w)
{
	k->warnings = xreallocarray(k->warnings, k->nr_warnings + 1, sizeof(*k->warnings));
	k->warnings[k->nr_warnings++] = w;
}

const char *kernel_open_warning(const struct kernel *k, size_t i)
{
	return i < k->nr_warnings ? k->warnings[i] : NULL;
}

bool kernel_has_debuginfo(const struct kernel *k)
{
	return !k->no_dwarf;
}

/* A .debug_info section with bytes in the file (objcopy --strip-debug
 * removes it; a split debug file leaves it NOBITS). */
static bool has_debug_info(Elf *elf)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;
	GElf_Shdr sh;

	if (elf_getshdrstrndx(elf, &shstrndx) != 0)
		return false;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(elf, shstrndx, sh.sh_name)) &&
		    (!strcmp(name, ".debug_info") || !strcmp(name, ".zdebug_info")))
			return sh.sh_type != SHT_NOBITS && sh.sh_size > 0;
	}
	return false;
}

/* Every error of the open names a file: the message, unless it names one
 * already, gets the vmlinux's path (until the dump is open) or the
 * dump's in front. */
static void name_the_file(const struct kernel_open_opts *o, const char *blame)
{
	char msg[512];
	const char *e = err_get();

	if (strstr(e, o->vmlinux))
		return;
	for (int i = 0; i < o->ndumps; i++)
		if (o->dumps[i] && strstr(e, o->dumps[i]))
			return;
	if (!blame && !strncmp(e, "vmlinux: ", 9))
		e += 9;
	snprintf(msg, sizeof(msg), "%s", e);
	err_set("%s: %s", blame ? blame : o->vmlinux, msg);
}

/* Before the kallsyms are read: a symbol's link-time address from
 * VMCOREINFO's SYMBOL(name), which holds run-time ones, less its
 * KERNELOFFSET (what the architecture needs to find the page tables). */
static int vmcoreinfo_symbol(void *arg, const char *name, uint64_t *addr)
{
	struct kernel *k = arg;
	char key[128];
	const char *v;
	char *end;
	uint64_t off = 0;

	if ((v = kernel_vmcoreinfo(k, "KERNELOFFSET")))
		off = strtoull(v, NULL, 16);
	snprintf(key, sizeof(key), "SYMBOL(%s)", name);
	if (!(v = kernel_vmcoreinfo(k, key)))
		return -1;
	*addr = strtoull(v, &end, 16);
	if (end == v || !*addr)
		return -1;
	*addr -= off;
	return 0;
}

/* Decoded kallsyms from a damaged table are names that do not belong to
 * their addresses: the symbols VMCOREINFO also names must be at the
 * address it gives, and some of them must be there at all. */
static int check_kallsyms(struct kernel *k)
{
	const char *vi = dump_vmcoreinfo(k->dump);
	int found = 0;

	for (const char *p = vi; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		char name[128];
		unsigned long long want;
		if (sscanf(p, "SYMBOL(%127[^)])=%llx", name, &want) != 2 || !strncmp(name, "kallsyms_", 9))
			continue;
		/* SYMBOL_ARRAY entries give a pointer's value (mem_section):
		 * only those in the image are addresses of the symbol */
		if (want - k->kaslr < k->st.image_lo || want - k->kaslr >= k->st.image_hi)
			continue;
		const struct ksym *s = symtab_find(&k->st, name);
		if (!s)
			continue;	/* a name kallsyms leaves out (node_online_map) */
		if (kernel_ksym_addr(k, s) != want) {
			err_set("kallsyms: %s is at %llx, VMCOREINFO says %llx (a damaged table)",
				name, (unsigned long long)kernel_ksym_addr(k, s), want);
			return -1;
		}
		found++;
	}
	if (!found) {
		err_set("kallsyms: none of VMCOREINFO's symbols is in them (a damaged table)");
		return -1;
	}
	return 0;
}

/* No vmlinux: the symbols are the dump's kallsyms, the types its BTF.
 * The architecture is opened twice: on VMCOREINFO's few symbols, to read
 * kallsyms, then on all of them (the randomized region bases need
 * symbols VMCOREINFO lacks). */
static int open_from_dump(struct kernel *k, const struct kernel_open_opts *o)
{
	struct arch_setup setup = { .dump = k->dump, .symbol = vmcoreinfo_symbol,
				    .symbol_arg = k, .kaslr = o->kaslr };
	struct kallsyms ks;
	const char *v;
	int rc;

	k->no_dwarf = true;
	k->from_kallsyms = true;
	if ((v = kernel_vmcoreinfo(k, "BUILD-ID")))
		snprintf(k->build_id, sizeof(k->build_id), "%.*s", (int)strspn(v, "0123456789abcdef"),
			 v);
	if (!dump_vmcoreinfo(k->dump)) {
		err_set("no vmlinux given, and the dump has no VMCOREINFO to find the kernel's "
			"kallsyms in: give the vmlinux");
		return -1;
	}
	if (!(k->vm = arch_vm_open(&setup)))
		return -1;
	k->kaslr = arch_get_info(k->vm)->kaslr_offset;
	rc = kallsyms_load(k, &ks);
	if (rc == 0) {
		rc = symtab_from_kallsyms(&k->st, &ks, k->kaslr);
		kallsyms_free(&ks);
	}
	arch_vm_close(k->vm);
	k->vm = NULL;
	if (rc == 0)
		rc = check_kallsyms(k);
	if (rc != 0) {
		err_prefix("no vmlinux given, and the dump's kallsyms do not read");
		return -1;
	}
	setup.symbol = link_symbol;
	if (!(k->vm = arch_vm_open(&setup)))
		return -1;
	k->kaslr = arch_get_info(k->vm)->kaslr_offset;
	return 0;
}

struct kernel *kernel_open(const struct kernel_open_opts *o)
{
	if (!o->vmlinux) {
		struct kernel *k = xcalloc(1, sizeof(*k));
		char *found = NULL, *why = NULL;
		k->fd = -1;
		/* the debug vmlinux of the dump's build ID, when one is at hand */
		if ((k->dump = dump_open(o->dumps, o->ndumps))) {
			const char *rel = kernel_vmcoreinfo(k, "OSRELEASE");
			char *release = rel ? xstrdup(rel) : NULL;
			const char *bid = kernel_vmcoreinfo(k, "BUILD-ID");
			found = bid ? debuginfo_find(bid, release) : NULL;
			free(release);
		}
		if (found) {
			struct kernel_open_opts with = *o;
			with.vmlinux = found;
			struct kernel *d = kernel_open(&with);
			if (d) {
				add_warning(d, xasprintf("found the debug vmlinux by the dump's build "
							 "ID: %s", found));
				free(found);
				kernel_close(k);
				return d;
			}
			why = xasprintf("%s, found by build ID, does not open: %s", found, err_get());
			free(found);
		}
		if (!k->dump || open_from_dump(k, o) != 0) {
			free(why);
			if (o->ndumps > 0 && !strstr(err_get(), o->dumps[0])) {
				char msg[512];
				snprintf(msg, sizeof(msg), "%s", err_get());
				err_set("%s: %s", o->dumps[0], msg);
			}
			kernel_close(k);
			return NULL;
		}
		if (why)
			add_warning(k, why);
		for (size_t i = 0; dump_warning(k->dump, i); i++)
			add_warning(k, xstrdup(dump_warning(k->dump, i)));
		return k;
	}

	const char *blame = NULL;	/* the file an error is about */
	struct kernel *k = xcalloc(1, sizeof(*k));
	struct arch_setup setup = { 0 };
	const void *id;
	ssize_t idlen;

	k->fd = -1;
	k->vmlinux_path = xstrdup(o->vmlinux);
	elf_version(EV_CURRENT);
	k->fd = open_input(o->vmlinux, NULL);
	if (k->fd < 0)
		goto fail;
	k->elf = elf_begin(k->fd, ELF_C_READ_MMAP, NULL);
	if (!k->elf || elf_kind(k->elf) != ELF_K_ELF) {
		err_set("%s: not an ELF file", o->vmlinux);
		goto fail;
	}
	if (symtab_load(&k->st, k->elf) != 0)
		goto fail;
	k->no_dwarf = !has_debug_info(k->elf);
	if (k->no_dwarf)
		add_warning(k, xasprintf("%s has no debug info (DWARF): install the -dbg "
					 "package's vmlinux", o->vmlinux));
	idlen = dwelf_elf_gnu_build_id(k->elf, &id);
	for (ssize_t i = 0; i < idlen && i < 39; i++)
		snprintf(k->build_id + 2 * i, 3, "%02x", ((const unsigned char *)id)[i]);

	k->dump = dump_open(o->dumps, o->ndumps);
	if (!k->dump)
		goto fail;
	blame = o->ndumps > 0 ? o->dumps[0] : NULL;
	if (check_release(k) != 0)
		goto fail;
	setup.dump = k->dump;
	setup.symbol = link_symbol;
	setup.symbol_arg = k;
	setup.kaslr = o->kaslr;
	k->vm = arch_vm_open(&setup);
	if (!k->vm)
		goto fail;
	k->kaslr = arch_get_info(k->vm)->kaslr_offset;
	if (check_banner(k) != 0)
		goto fail;
	for (size_t i = 0; dump_warning(k->dump, i); i++)
		add_warning(k, xstrdup(dump_warning(k->dump, i)));
	return k;
fail:
	name_the_file(o, blame);
	kernel_close(k);
	return NULL;
}

void *kernel_state(struct kernel *k, const void *key)
{
	for (size_t i = 0; i < k->nstate; i++)
		if (k->state[i].key == key)
			return k->state[i].data;
	return NULL;
}

void kernel_set_state(struct kernel *k, const void *key, void *data, void (*free_fn)(void *))
{
	for (size_t i = 0; i < k->nstate; i++) {
		if (k->state[i].key != key)
			continue;
		if (k->state[i].free_fn && k->state[i].data)
			k->state[i].free_fn(k->state[i].data);
		k->state[i].data = data;
		k->state[i].free_fn = free_fn;
		return;
	}
	k->state = xreallocarray(k->state, k->nstate + 1, sizeof(*k->state));
	k->state[k->nstate++] = (struct kernel_state_slot){ key, data, free_fn };
}

void kernel_close(struct kernel *k)
{
	if (!k)
		return;
	/* the layers above first, newest first: their state may use k */
	for (size_t i = k->nstate; i-- > 0;)
		if (k->state[i].free_fn && k->state[i].data)
			k->state[i].free_fn(k->state[i].data);
	free(k->state);
	kernel_tcache_free(&k->tcache);
	type_cache_free(k->types);
	free(k->types_err);
	moddebug_free(k->md);	/* after the types: their names point into it */
	modsyms_free(&k->ms);
	if (k->di_state == 1)
		dwarf_index_free(&k->di);
	if (k->dw)
		dwarf_end(k->dw);
	if (k->vm)
		arch_vm_close(k->vm);
	if (k->dump)
		dump_close(k->dump);
	symtab_free(&k->st);
	if (k->elf)
		elf_end(k->elf);
	if (k->fd >= 0)
		close(k->fd);
	free(k->percpu_off);
	free(k->vmlinux_path);
	free(k->sources);
	for (size_t i = 0; i < k->nr_warnings; i++)
		free(k->warnings[i]);
	free(k->warnings);
	free(k);
}

struct dump *kernel_dump(struct kernel *k) { return k->dump; }
struct arch_vm *kernel_arch(struct kernel *k) { return k->vm; }
const char *kernel_vmlinux_path(const struct kernel *k) { return k->vmlinux_path; }
Elf *kernel_elf(struct kernel *k) { return k->elf; }
bool kernel_from_kallsyms(const struct kernel *k) { return k->from_kallsyms; }
const struct symtab *kernel_symtab(struct kernel *k) { return &k->st; }
uint64_t kernel_kaslr_offset(const struct kernel *k) { return k->kaslr; }

uint64_t kernel_ksym_addr(const struct kernel *k, const struct ksym *s)
{
	return s->relocates ? s->value + k->kaslr : s->value;
}

const char *kernel_sources(struct kernel *k)
{
	const char *types = ktype_source(k);
	free(k->sources);
	/* no types: why, in the same line */
	k->sources = types ? xasprintf("%s, %s", k->from_kallsyms ? "kallsyms" : "vmlinux symbols",
				       types)
			   : xasprintf("%s, no types (%s)",
				       k->from_kallsyms ? "kallsyms" : "vmlinux symbols", err_get());
	return k->sources;
}

/* What lacks debug info, for the messages of what needs it. */
static const char *no_debuginfo_name(const struct kernel *k)
{
	return k->vmlinux_path ? k->vmlinux_path : "the session (no vmlinux)";
}

Dwarf *kernel_dwarf(struct kernel *k)
{
	if (k->no_dwarf) {
		err_set("%s has no debug info (DWARF)", no_debuginfo_name(k));
		return NULL;
	}
	if (!k->dw && !k->dw_failed) {
		k->dw = dwarf_begin_elf(k->elf, DWARF_C_READ, NULL);
		if (!k->dw)
			k->dw_failed = 1;
	}
	return k->dw;
}

const struct dwarf_index *kernel_dwarf_index(struct kernel *k)
{
	if (k->di_state == 0) {
		Dwarf *dw = kernel_dwarf(k);
		k->di_state = dw && dwarf_index_open(&k->di, dw, k->build_id) == 0 ? 1 : -1;
		if (!dw)
			err_set("%s has no debug info (DWARF)", no_debuginfo_name(k));
	}
	if (k->di_state != 1 && k->no_dwarf)
		err_set("%s has no debug info (DWARF)", no_debuginfo_name(k));
	return k->di_state == 1 ? &k->di : NULL;
}

struct type_cache *kernel_type_cache(struct kernel *k)
{
	if (!k->types && !k->types_err) {
		/* DWARF when the vmlinux has it, else the kernel's own BTF */
		struct type_source *src = k->no_dwarf ? btf_type_source_new(k)
						      : dwarf_type_source_new(k);
		if (src)
			k->types = type_cache_new(src);
		else
			k->types_err = xstrdup(err_get());
	}
	if (!k->types)
		err_set("%s", k->types_err);
	return k->types;
}

const char *kernel_vmcoreinfo(struct kernel *k, const char *key)
{
	static _Thread_local char val[256];
	const char *vi = dump_vmcoreinfo(k->dump), *p;
	size_t klen = strlen(key);

	for (p = vi; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			size_t n = strcspn(p + klen + 1, "\n");
			if (n >= sizeof(val))
				n = sizeof(val) - 1;
			memcpy(val, p + klen + 1, n);
			val[n] = '\0';
			return val;
		}
	}
	return NULL;
}

/* --- symbols --- */

int kernel_symbol(struct kernel *k, const char *name, uint64_t *addr)
{
	const struct ksym *s = symtab_find(&k->st, name);
	if (!s) {
		/* a module's symbol, when the modules are in the dump */
		const struct modsym *m = k->vm ? modsyms_find(k, &k->ms, name) : NULL;
		struct kernel_sym ds;
		if (m) {
			*addr = m->addr;
			return 0;
		}
		if (k->md && moddebug_symbol_named(k, name, &ds)) {
			*addr = ds.addr;
			return 0;
		}
		err_set("%s: symbol not found", name);
		return -1;
	}
	*addr = kernel_ksym_addr(k, s);
	return 0;
}

/* Only addresses in the modules' area are looked up there (and only
 * they make the module symbols load). */
static const struct modsym *module_sym(struct kernel *k, uint64_t addr)
{
	const struct arch_info *ai = k->vm ? arch_get_info(k->vm) : NULL;
	if (!ai || !ai->modules_start || addr < ai->modules_start || !arch_is_kvaddr(k->vm, addr))
		return NULL;
	return modsyms_at(k, &k->ms, addr);
}

const char *kernel_symbol_at(struct kernel *k, uint64_t addr, uint64_t *offset)
{
	/* Kernel-image addresses move with KASLR; take it off to search
	 * the link-time table. */
	uint64_t link = addr - k->kaslr;
	if (link < k->st.image_lo || link >= k->st.image_hi) {
		/* module code and data: the modules' own symbol tables, and the
		 * .ko's where its debuginfo is loaded (mod -s) and names a
		 * nearer symbol (a data symbol kallsyms left out) */
		const struct modsym *m = module_sym(k, addr);
		struct kernel_sym ds;
		uint64_t doff;
		if (k->md && moddebug_symbol_at(k, addr, &ds, &doff) && (!m || doff < addr - m->addr)) {
			if (offset)
				*offset = doff;
			return ds.name;
		}
		if (!m)
			return NULL;
		if (offset)
			*offset = addr - m->addr;
		return m->name;
	}
	const struct ksym *s = symtab_at(&k->st, link);
	if (!s || !s->relocates)
		return NULL;
	uint64_t off = link - s->value;
	if (offset)
		*offset = off;
	return s->name;
}

const char *kernel_symbol_module(struct kernel *k, uint64_t addr, char *type)
{
	uint64_t link = addr - k->kaslr;
	if (link >= k->st.image_lo && link < k->st.image_hi)
		return NULL;
	const struct modsym *m = module_sym(k, addr);
	if (m && type)
		*type = m->type;
	return m ? m->module : NULL;
}

const char *kernel_symbolize(struct kernel *k, uint64_t addr, char *buf, size_t len)
{
	uint64_t off;
	const char *n = kernel_symbol_at(k, addr, &off);
	if (!n)
		snprintf(buf, len, "%lx", (unsigned long)addr);
	else if (off)
		snprintf(buf, len, "%s+0x%lx", n, (unsigned long)off);
	else
		snprintf(buf, len, "%s", n);
	return buf;
}

static void fill_sym(struct kernel *k, const struct ksym *s, struct kernel_sym *out)
{
	out->name = s->name;
	out->addr = kernel_ksym_addr(k, s);
	out->size = s->size;
	out->type = s->type;
	out->percpu = k->st.percpu_end && s->value >= k->st.percpu_start &&
		      s->value < k->st.percpu_end;
	out->module = NULL;
}

int kernel_symbol_info(struct kernel *k, const char *name, struct kernel_sym *out)
{
	const struct ksym *s = symtab_find(&k->st, name);
	if (s) {
		fill_sym(k, s, out);
		return 0;
	}
	const struct modsym *m = k->vm ? modsyms_find(k, &k->ms, name) : NULL;
	if (!m) {
		/* a data symbol only a loaded .ko names */
		if (k->md && moddebug_symbol_named(k, name, out))
			return 0;
		err_set("%s: symbol not found", name);
		return -1;
	}
	*out = (struct kernel_sym){ .name = m->name, .addr = m->addr, .size = m->size,
				    .type = m->type, .module = m->module };
	return 0;
}

int kernel_symbol_info_at(struct kernel *k, uint64_t addr, struct kernel_sym *out,
			  uint64_t *offset)
{
	uint64_t link = addr - k->kaslr, off;
	if (link < k->st.image_lo || link >= k->st.image_hi) {
		const struct modsym *m = module_sym(k, addr);
		uint64_t doff;
		if (k->md && moddebug_symbol_at(k, addr, out, &doff) && (!m || doff < addr - m->addr)) {
			off = doff;
		} else if (!m) {
			err_set("%llx: no symbol", (unsigned long long)addr);
			return -1;
		} else {
			*out = (struct kernel_sym){ .name = m->name, .addr = m->addr, .size = m->size,
						    .type = m->type, .module = m->module };
			off = addr - m->addr;
		}
	} else {
		const struct ksym *s = symtab_at(&k->st, link);
		if (!s || !s->relocates) {
			err_set("%llx: no symbol", (unsigned long long)addr);
			return -1;
		}
		fill_sym(k, s, out);
		off = link - s->value;
	}
	if (offset)
		*offset = off;
	return 0;
}

int kernel_symbol_foreach(struct kernel *k, int (*fn)(void *arg, const struct kernel_sym *s),
			  void *arg)
{
	for (size_t i = 0; i < k->st.nsyms; i++) {
		struct kernel_sym ks;
		fill_sym(k, &k->st.syms[i], &ks);
		int rc = fn(arg, &ks);
		if (rc)
			return rc;
	}
	return 0;
}

struct modsym_each {
	int (*fn)(void *arg, const struct kernel_sym *s);
	void *arg;
};

static int modsym_one(void *arg, const struct modsym *m)
{
	struct modsym_each *e = arg;
	struct kernel_sym ks = { .name = m->name, .addr = m->addr, .size = m->size,
				 .type = m->type, .module = m->module };
	return e->fn(e->arg, &ks);
}

int kernel_module_symbol_foreach(struct kernel *k,
				 int (*fn)(void *arg, const struct kernel_sym *s), void *arg)
{
	struct modsym_each e = { fn, arg };
	if (!k->vm) {
		err_set("no dump: the modules' symbols are in the dump's memory");
		return -1;
	}
	return modsyms_foreach(k, &k->ms, modsym_one, &e);
}

/* --- memory --- */

/* arch/ and readers/ say why a read failed ("ffff...: not mapped: pte not
 * present", "physical address 0x...: page excluded from the dump"); the
 * user wants to know which kernel address it was. */
static void read_error(uint64_t addr)
{
	char why[512], hex[24];
	const char *w = why;
	int n = snprintf(hex, sizeof(hex), "%llx: ", (unsigned long long)addr);

	/* A copy: err_set() must not format from its own buffer. */
	snprintf(why, sizeof(why), "%s", err_get());
	if (!strncmp(w, hex, (size_t)n))
		w += n;
	err_set("read error: kernel virtual address %llx (%s)", (unsigned long long)addr,
		*w ? w : "unreadable");
}

const char *kernel_read_error_name(int rc)
{
	switch (rc) {
	case KREAD_NOT_MAPPED: return "not mapped";
	case KREAD_EXCLUDED: return "excluded from the dump";
	case KREAD_NOT_RAM: return "not in RAM";
	case KREAD_IO: return "unreadable dump file";
	case KREAD_CORRUPT: return "damaged in the dump";
	case KREAD_OTHER_PART: return "in a part of the split dump not given";
	default: return rc < 0 ? "unreadable" : "no error";
	}
}

int kernel_read(struct kernel *k, uint64_t addr, void *buf, size_t len)
{
	char *out = buf;

	/* Page by page, so the error names the page that is missing. */
	while (len) {
		size_t chunk = 4096 - (addr & 4095);
		if (chunk > len)
			chunk = len;
		int rc = arch_read_kvirt(k->vm, addr, out, chunk);
		if (rc != 0) {
			read_error(addr);
			/* keep the kind: the dump's, or no translation */
			return rc < -1 && rc >= DUMP_E_OTHER_PART ? rc : KREAD_NOT_MAPPED;
		}
		addr += chunk;
		out += chunk;
		len -= chunk;
	}
	return 0;
}

int kernel_read_uint(struct kernel *k, uint64_t addr, size_t size, uint64_t *v)
{
	uint8_t b[8] = { 0 };
	int rc;
	if (size != 1 && size != 2 && size != 4 && size != 8) {
		err_set("cannot read an integer of %zu bytes", size);
		return -1;
	}
	if ((rc = kernel_read(k, addr, b, size)) != 0)
		return rc;
	*v = 0;
	memcpy(v, b, size);	/* little-endian host and target */
	return 0;
}

int kernel_read_u64(struct kernel *k, uint64_t addr, uint64_t *v)
{
	return kernel_read(k, addr, v, 8);
}

int kernel_read_u32(struct kernel *k, uint64_t addr, uint32_t *v)
{
	return kernel_read(k, addr, v, 4);
}

int kernel_read_string(struct kernel *k, uint64_t addr, char *buf, size_t len)
{
	size_t n = 0;

	if (!len)
		return -1;
	/* Read page by page so that a string ending just before an
	 * unreadable page still reads. */
	while (n < len - 1) {
		size_t chunk = 4096 - ((addr + n) & 4095);
		if (chunk > len - 1 - n)
			chunk = len - 1 - n;
		int rc = kernel_read(k, addr + n, buf + n, chunk);
		if (rc != 0) {
			if (n == 0)
				return rc;
			break;
		}
		void *z = memchr(buf + n, 0, chunk);
		if (z)
			return (int)((char *)z - buf);
		n += chunk;
	}
	buf[n] = '\0';
	return (int)n;
}

int kernel_read_member(struct kernel *k, uint64_t addr, const char *type, const char *member,
		       uint64_t *v)
{
	long off, size = kernel_member_size(k, type, member);
	int bo, bs;
	uint8_t b[8] = { 0 };

	if (size < 0 || kernel_member_bits(k, type, member, &off, &bo, &bs) != 0)
		return -1;
	if (size == 0 || size > 8) {
		err_set("%s.%s is not an integer or pointer (%ld bytes)", type, member, size);
		return -1;
	}
	int rc = kernel_read(k, addr + (uint64_t)off, b, (size_t)size);
	if (rc != 0)
		return rc;
	memcpy(v, b, 8);	/* little-endian host and target */
	if (bs) {
		*v >>= bo;
		if (bs < 64)
			*v &= (UINT64_C(1) << bs) - 1;
	}
	return 0;
}

int kernel_kvtop(struct kernel *k, uint64_t addr, uint64_t *paddr)
{
	return arch_vtop(k->vm, 0, addr, paddr) == 0 ? 0 : -1;
}

int kernel_read_user(struct kernel *k, uint64_t pgd, uint64_t addr, void *buf, size_t len)
{
	uint64_t pgd_pa, pa;
	uint32_t psize = arch_get_info(k->vm)->page_size;
	char *out = buf;

	if (kernel_kvtop(k, pgd, &pgd_pa) != 0)
		return -1;
	while (len) {
		size_t chunk = psize - (addr & (psize - 1));
		if (chunk > len)
			chunk = len;
		if (arch_vtop(k->vm, pgd_pa, addr, &pa) != 0)
			return -1;
		if (dump_read_phys(k->dump, pa, out, chunk) != 0)
			return -1;
		addr += chunk;
		out += chunk;
		len -= chunk;
	}
	return 0;
}

/* --- CPUs --- */

int kernel_nr_cpus(struct kernel *k)
{
	if (!k->nr_cpus) {
		uint64_t a;
		uint32_t n;
		if (kernel_symbol(k, "nr_cpu_ids", &a) == 0 && kernel_read_u32(k, a, &n) == 0 &&
		    n > 0 && n <= 8192)
			k->nr_cpus = (int)n;
		else
			k->nr_cpus = 1;	/* a UP kernel has no nr_cpu_ids */
	}
	return k->nr_cpus;
}

int kernel_percpu_offset(struct kernel *k, int cpu, uint64_t *off)
{
	int n = kernel_nr_cpus(k);
	if (cpu < 0 || cpu >= n) {
		err_set("invalid cpu %d", cpu);
		return -1;
	}
	if (!k->percpu_off) {
		uint64_t a;
		if (kernel_symbol(k, "__per_cpu_offset", &a) != 0)
			return -1;
		k->percpu_off = xcalloc((size_t)n, 8);
		if (kernel_read(k, a, k->percpu_off, (size_t)n * 8) != 0) {
			free(k->percpu_off);
			k->percpu_off = NULL;
			return -1;
		}
	}
	*off = k->percpu_off[cpu];
	return 0;
}

int kernel_percpu_ptr(struct kernel *k, uint64_t ptr, int cpu, uint64_t *addr)
{
	uint64_t off;
	if (kernel_percpu_offset(k, cpu, &off) != 0)
		return -1;
	*addr = ptr + off;
	return 0;
}

int kernel_percpu_symbol(struct kernel *k, const char *name, int cpu, uint64_t *addr)
{
	const struct ksym *s = symtab_find(&k->st, name);
	if (!s) {
		err_set("%s: symbol not found", name);
		return -1;
	}
	/* x86_64 links .data..percpu at 0: a per-cpu symbol's value is its
	 * offset in every CPU's area, which KASLR does not move
	 * (__per_cpu_offset[] holds the moved bases). */
	if (!k->st.percpu_end || s->value < k->st.percpu_start || s->value >= k->st.percpu_end) {
		err_set("%s is not a per-cpu symbol", name);
		return -1;
	}
	return kernel_percpu_ptr(k, s->relocates ? s->value + k->kaslr : s->value, cpu, addr);
}
