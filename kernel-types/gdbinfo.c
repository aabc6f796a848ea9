/* gdbinfo.h: sections, gdb's choice of symbol for an address, scoped
 * variables, line tables and the listings of info functions/variables/
 * types, on the vmlinux's ELF and DWARF (libdw). */
#include "kernel-types/gdbinfo.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/moddebug.h"
#include "kernel-types/typeprint.h"

/* The kernel's image is linked in the top half of the address space (on
 * x86_64 and arm64 alike) and moves with KASLR; a section linked below it
 * is x86_64's .data..percpu at 0, offsets that do not move. */
#define KERNEL_HALF (UINT64_C(1) << 63)

struct section {
	uint64_t lo, hi;	/* link-time */
	const char *name;
};

/* kgdb_function_entry's answers, by the symbol's address (open
 * addressing; 0 is no entry) */
struct entry_memo {
	uint64_t sym, entry;
};

struct gi_state {
	struct section *sec;
	size_t nsec;
	struct entry_memo *memo;
	size_t memo_size, memo_used;
};

static char key;

static void state_free(void *p)
{
	struct gi_state *s = p;
	free(s->sec);
	free(s->memo);
	free(s);
}

static struct gi_state *state(struct kernel *k)
{
	struct gi_state *s = kernel_state(k, &key);
	if (s)
		return s;
	s = xcalloc(1, sizeof(*s));
	Elf *elf = kernel_elf(k);
	size_t shstrndx;
	if (elf && elf_getshdrstrndx(elf, &shstrndx) == 0) {
		Elf_Scn *scn = NULL;
		GElf_Shdr sh;
		size_t cap = 0;
		while ((scn = elf_nextscn(elf, scn))) {
			if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || !sh.sh_size ||
			    sh.sh_addr < KERNEL_HALF)
				continue;
			if (s->nsec == cap) {
				cap = cap ? cap * 2 : 64;
				s->sec = xreallocarray(s->sec, cap, sizeof(*s->sec));
			}
			const char *n = elf_strptr(elf, shstrndx, sh.sh_name);
			s->sec[s->nsec++] = (struct section){ sh.sh_addr, sh.sh_addr + sh.sh_size, n ? n : "?" };
		}
	}
	kernel_set_state(k, &key, s, state_free);
	return s;
}

static const struct section *section_of_link(struct kernel *k, uint64_t link)
{
	struct gi_state *s = state(k);
	for (size_t i = 0; i < s->nsec; i++)
		if (link >= s->sec[i].lo && link < s->sec[i].hi)
			return &s->sec[i];
	return NULL;
}

const char *kgdb_section_of(struct kernel *k, uint64_t addr)
{
	const struct section *sec = section_of_link(k, addr - kernel_kaslr_offset(k));
	return sec ? sec->name : NULL;
}

static const struct ksym *nearest(struct kernel *k, uint64_t addr, uint64_t *off)
{
	uint64_t link = addr - kernel_kaslr_offset(k);
	const struct section *sec = section_of_link(k, link);
	const struct symtab *st = kernel_symtab(k);
	if (!sec || !st || !st->nsyms)
		return NULL;
	/* the last symbol at or below link */
	size_t lo = 0, hi = st->nsyms;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->syms[mid].value <= link)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct ksym *zero = NULL;
	for (size_t i = lo; i-- > 0;) {
		const struct ksym *s = &st->syms[i];
		if (s->value < sec->lo)
			break;
		if (!s->relocates || s->type == 'A' || s->type == 'a')
			continue;
		/* the first of the symbols at one address is the strongest:
		 * look at the group from its start */
		size_t g = i;
		while (g > 0 && st->syms[g - 1].value == s->value)
			g--;
		const struct ksym *sized = NULL, *z = NULL;
		for (size_t j = g; j <= i; j++) {
			const struct ksym *t = &st->syms[j];
			if (!t->relocates || t->type == 'A' || t->type == 'a')
				continue;
			if (t->size && !sized)
				sized = t;
			else if (!t->size && !z)
				z = t;
		}
		/* a label counts only above the sized symbol, not beside it */
		if (!sized && z && !zero)
			zero = z;
		if (sized) {
			if (link < sized->value + sized->size) {
				*off = link - sized->value;
				return sized;
			}
			break;
		}
		i = g;
	}
	if (zero) {
		*off = link - zero->value;
		return zero;
	}
	return NULL;
}

static bool is_text(const struct ksym *s)
{
	return s->type == 'T' || s->type == 't' || s->type == 'W' || s->type == 'w';
}

/* The entry pc of the function DWARF has at link address pc (a
 * subprogram at the top of its compile unit, as the kernel's functions
 * are; dwarf_getscopes would climb from an inlined call into the inlined
 * function's own scopes instead), or 0. */
static uint64_t dwarf_function_low(Dwarf *dw, uint64_t pc)
{
	Dwarf_Die cu, c;
	if (!dw || !dwarf_addrdie(dw, pc, &cu) || dwarf_child(&cu, &c) != 0)
		return 0;
	do {
		Dwarf_Addr a;
		if (dwarf_tag(&c) == DW_TAG_subprogram && dwarf_haspc(&c, pc) == 1 &&
		    (dwarf_entrypc(&c, &a) == 0 || dwarf_lowpc(&c, &a) == 0))
			return a;
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

uint64_t kgdb_function_entry(struct kernel *k, uint64_t addr, uint64_t size)
{
	struct gi_state *st = state(k);
	if (!size)
		return addr;
	if (st->memo_used * 2 >= st->memo_size) {
		size_t nsize = st->memo_size ? st->memo_size * 2 : 256;
		struct entry_memo *n = xcalloc(nsize, sizeof(*n));
		for (size_t i = 0; i < st->memo_size; i++) {
			if (!st->memo[i].sym)
				continue;
			size_t j = (st->memo[i].sym >> 2) & (nsize - 1);
			while (n[j].sym)
				j = (j + 1) & (nsize - 1);
			n[j] = st->memo[i];
		}
		free(st->memo);
		st->memo = n;
		st->memo_size = nsize;
	}
	size_t j = (addr >> 2) & (st->memo_size - 1);
	while (st->memo[j].sym && st->memo[j].sym != addr)
		j = (j + 1) & (st->memo_size - 1);
	if (st->memo[j].sym)
		return st->memo[j].entry;
	/* the symbol's last byte is the function's, wherever it begins */
	uint64_t kaslr = kernel_kaslr_offset(k), link = addr - kaslr;
	uint64_t low = dwarf_function_low(kernel_dwarf(k), link + size - 1);
	uint64_t entry = low > link && low < link + size ? low + kaslr : addr;
	st->memo[j] = (struct entry_memo){ addr, entry };
	st->memo_used++;
	return entry;
}

const char *kgdb_symbol_at(struct kernel *k, uint64_t addr, uint64_t *off)
{
	const struct ksym *s = nearest(k, addr, off);
	const char *mod;
	/* a module whose debuginfo is loaded (mod -s) is known to gdb as an
	 * added symbol file: its code and data are named too */
	struct kernel_sym ds;
	if (!s && moddebug_units(k) && moddebug_symbol_at(k, addr, &ds, off))
		return ds.name;
	if (!s && moddebug_units(k) && (mod = kernel_symbol_module(k, addr, NULL)) &&
	    kernel_module_debuginfo_file(k, mod))
		return kernel_symbol_at(k, addr, off);
	/* gdb names an address by a label (a symbol without size) only in
	 * code */
	if (!s || (!s->size && !is_text(s)))
		return NULL;
	if (s->size && is_text(s) && *off) {
		/* past patchable-entry NOPs gdb counts from the function's
		 * DWARF start */
		uint64_t start = addr - *off, entry = kgdb_function_entry(k, start, s->size);
		if (entry > start && addr >= entry)
			*off = addr - entry;
	}
	return s->name;
}

const char *kgdb_info_symbol(struct kernel *k, uint64_t addr, uint64_t *off)
{
	const struct ksym *s = nearest(k, addr, off);
	return s ? s->name : NULL;
}

/* ---- DWARF helpers ---- */

static bool die_flag(Dwarf_Die *d, unsigned attr)
{
	Dwarf_Attribute a;
	bool f = false;
	return dwarf_attr_integrate(d, attr, &a) && dwarf_formflag(&a, &f) == 0 && f;
}

/* A flag of the DIE itself (not of the declaration it completes). */
static bool own_flag(Dwarf_Die *d, unsigned attr)
{
	Dwarf_Attribute a;
	bool f = false;
	return dwarf_attr(d, attr, &a) && dwarf_formflag(&a, &f) == 0 && f;
}

/* The static address of a variable DIE (DW_OP_addr), link-time. */
static bool var_addr(Dwarf_Die *d, uint64_t *addr)
{
	Dwarf_Attribute a;
	Dwarf_Op *ops;
	size_t n;
	if (!dwarf_attr(d, DW_AT_location, &a) || dwarf_getlocation(&a, &ops, &n) != 0 || n != 1 ||
	    ops[0].atom != DW_OP_addr)
		return false;
	*addr = ops[0].number;
	return true;
}

static uint64_t run_time(struct kernel *k, uint64_t link)
{
	return link >= KERNEL_HALF ? link + kernel_kaslr_offset(k) : link;
}

static bool find_local(Dwarf_Die *parent, const char *name, Dwarf_Die *out, int depth)
{
	Dwarf_Die c;
	if (depth > 32 || dwarf_child(parent, &c) != 0)
		return false;
	do {
		int tag = dwarf_tag(&c);
		const char *n = dwarf_diename(&c);
		uint64_t a;
		if (tag == DW_TAG_variable && n && !strcmp(n, name) && var_addr(&c, &a)) {
			*out = c;
			return true;
		}
		if (tag == DW_TAG_lexical_block && find_local(&c, name, out, depth + 1))
			return true;
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

/* Whether a compile unit's name is file or ends in "/file". */
static bool cu_is(Dwarf_Die *cu, const char *file)
{
	const char *n = dwarf_diename(cu);
	if (!n)
		return false;
	size_t ln = strlen(n), lf = strlen(file);
	if (ln == lf)
		return !strcmp(n, file);
	return ln > lf && n[ln - lf - 1] == '/' && !strcmp(n + ln - lf, file);
}

/* The scope in one DWARF: the vmlinux's (unit -1) or module unit's (its
 * addresses are run-time ones already, relocated by libdwfl).  0 found;
 * 1 the scope is there without the name (gdb's "specified context");
 * 2 no such scope here. */
static int scoped_in(struct kernel *k, Dwarf *dw, const struct dwarf_index *di, long unit,
		     const char *scope, const char *name, struct kqtype *type, uint64_t *addr)
{
	Dwarf_Die fn, v;
	uint64_t a;

	/* function::name: one of its static variables */
	if (dwarf_index_find(di, dw, DI_FUNC, scope, &fn) == 0) {
		Dwarf_Attribute at;
		Dwarf_Die origin;
		if (!find_local(&fn, name, &v, 0) &&
		    !(dwarf_attr(&fn, DW_AT_abstract_origin, &at) && dwarf_formref_die(&at, &origin) &&
		      find_local(&origin, name, &v, 0)))
			return 1;
		if (!var_addr(&v, &a) || dwarf_die_type_unit(k, unit, &v, false, type) != 0)
			return 1;
		*addr = unit < 0 ? run_time(k, a) : a;
		return 0;
	}
	/* 'file.c'::name: a variable or function of that file */
	Dwarf_Off off = 0, next;
	size_t hsize;
	bool file = false;
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, c;
		Dwarf_Off here = off;
		off = next;
		if (!dwarf_offdie(dw, here + hsize, &cu) || !cu_is(&cu, scope))
			continue;
		file = true;
		if (dwarf_child(&cu, &c) != 0)
			continue;
		do {
			int tag = dwarf_tag(&c);
			if (tag != DW_TAG_variable && tag != DW_TAG_subprogram)
				continue;
			const char *n = dwarf_diename(&c);
			if (!n || strcmp(n, name))
				continue;
			if (tag == DW_TAG_variable && var_addr(&c, &a) &&
			    dwarf_die_type_unit(k, unit, &c, false, type) == 0) {
				*addr = unit < 0 ? run_time(k, a) : a;
				return 0;
			}
			Dwarf_Addr low;
			if (tag == DW_TAG_subprogram && dwarf_lowpc(&c, &low) == 0 &&
			    dwarf_die_type_unit(k, unit, &c, true, type) == 0) {
				*addr = unit < 0 ? run_time(k, low) : low;
				return 0;
			}
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	return file ? 1 : 2;
}

/* The vmlinux first; a scope it lacks, in the modules with debuginfo
 * (mod -s): 'crashmod.c'::crashmod_null, crashmod_write::buf. */
int kgdb_scoped_symbol(struct kernel *k, const char *scope, const char *name, struct kqtype *type,
		       uint64_t *addr)
{
	Dwarf *dw = kernel_dwarf(k);
	const struct dwarf_index *di = kernel_dwarf_index(k);
	int rc;

	if (!dw || !di) {
		err_set("No symbol table is loaded.");
		return -1;
	}
	rc = scoped_in(k, dw, di, -1, scope, name, type, addr);
	for (size_t i = 0; rc == 2 && i < moddebug_units(k); i++) {
		const struct dwarf_index *mi = moddebug_active(k, i) ? moddebug_index(k, i) : NULL;
		if (mi)
			rc = scoped_in(k, moddebug_dwarf(k, i), mi, (long)i, scope, name, type, addr);
	}
	if (rc == 0)
		return 0;
	if (rc == 1)
		err_set("No symbol \"%s\" in specified context.", name);
	else
		err_set("No symbol \"%s\" in current context.", scope);
	return -1;
}

/* ---- line tables ---- */

/* A file name as gdb shows it: relative to the compilation directory,
 * without a leading "./". */
static const char *gdb_file(Dwarf_Die *cu, const char *f, char *buf, size_t len)
{
	const char *dir = NULL;
	Dwarf_Attribute a;
	if (dwarf_attr(cu, DW_AT_comp_dir, &a))
		dir = dwarf_formstring(&a);
	if (dir && *dir) {
		size_t dl = strlen(dir);
		if (!strncmp(f, dir, dl) && f[dl] == '/')
			f += dl + 1;
	}
	while (f[0] == '.' && f[1] == '/')
		f += 2;
	snprintf(buf, len, "%s", f);
	return buf;
}

int kgdb_line_at(struct kernel *k, uint64_t addr, char *file, size_t len, int *line, uint64_t *lo,
		 uint64_t *hi)
{
	/* module code with debuginfo (mod -s): its DWARF holds run-time
	 * addresses already */
	long unit = moddebug_unit_at(k, addr);
	Dwarf *dw = unit >= 0 ? moddebug_dwarf(k, (size_t)unit) : kernel_dwarf(k);
	uint64_t kaslr = unit >= 0 ? 0 : kernel_kaslr_offset(k), link = addr - kaslr;
	Dwarf_Die cu;
	Dwarf_Lines *lines;
	size_t n;

	if (!dw) {
		err_set("No symbol table is loaded.");
		return -1;
	}
	if (!dwarf_addrdie(dw, link, &cu) || dwarf_getsrclines(&cu, &lines, &n) != 0) {
		err_set("No line number information available for address 0x%llx", (unsigned long long)addr);
		return -1;
	}
	/* patchable-entry NOPs before a function's DWARF start belong to no
	 * function's lines (whatever row the line program left running) */
	uint64_t soff;
	const struct ksym *sym = nearest(k, addr, &soff);
	if (sym && sym->size && is_text(sym) && addr < kgdb_function_entry(k, addr - soff, sym->size)) {
		err_set("No line number information available for address 0x%llx", (unsigned long long)addr);
		return -1;
	}
	/* the row with the greatest address at or below link */
	ssize_t best = -1;
	Dwarf_Addr ba = 0;
	for (size_t i = 0; i < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr la;
		bool end = false;
		if (!l || dwarf_lineaddr(l, &la) != 0)
			continue;
		dwarf_lineendsequence(l, &end);
		if (la <= link && (best < 0 || la >= ba)) {
			best = end ? -1 : (ssize_t)i;
			ba = la;
		}
	}
	if (best < 0) {
		err_set("No line number information available for address 0x%llx", (unsigned long long)addr);
		return -1;
	}
	/* a row that is no statement gives way to a statement row at the
	 * same address before it, as gdb chooses */
	bool stmt = true;
	dwarf_linebeginstatement(dwarf_onesrcline(lines, (size_t)best), &stmt);
	for (ssize_t i = best - 1; !stmt && i >= 0; i--) {
		Dwarf_Line *l = dwarf_onesrcline(lines, (size_t)i);
		Dwarf_Addr la;
		if (!l || dwarf_lineaddr(l, &la) != 0 || la != ba)
			break;
		dwarf_linebeginstatement(l, &stmt);
		if (stmt)
			best = i;
	}
	Dwarf_Line *bl = dwarf_onesrcline(lines, (size_t)best);
	Dwarf_Addr end = ba;
	for (size_t i = (size_t)best + 1; i < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i);
		Dwarf_Addr la;
		if (l && dwarf_lineaddr(l, &la) == 0 && la > ba) {
			end = la;
			break;
		}
	}
	const char *src = dwarf_linesrc(bl, NULL, NULL);
	if (!src || dwarf_lineno(bl, line) != 0) {
		err_set("No line number information available for address 0x%llx", (unsigned long long)addr);
		return -1;
	}
	gdb_file(&cu, src, file, len);
	*lo = ba + kaslr;
	*hi = end + kaslr;
	return 0;
}

static bool file_is(const char *path, const char *file)
{
	size_t lp = strlen(path), lf = strlen(file);
	if (lp == lf)
		return !strcmp(path, file);
	return lp > lf && path[lp - lf - 1] == '/' && !strcmp(path + lp - lf, file);
}

int kgdb_line_addr(struct kernel *k, const char *file, int line, uint64_t *addr, char *full, size_t len)
{
	Dwarf *dw = kernel_dwarf(k);
	Dwarf_Off off = 0, next;
	size_t hsize;
	bool known = false, found = false;
	uint64_t best = 0;
	/* gdb's best entry when the line has no row: the nearest later line */
	int next_line = 0;
	uint64_t next_addr = 0;

	if (!dw) {
		err_set("No symbol table is loaded.");
		return -1;
	}
	/* the compile units of that name first; headers need them all */
	for (int pass = 0; pass < 2 && !found; pass++) {
		off = 0;
		while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
			Dwarf_Die cu;
			Dwarf_Lines *lines;
			size_t n;
			Dwarf_Off here = off;
			off = next;
			if (!dwarf_offdie(dw, here + hsize, &cu) || cu_is(&cu, file) != (pass == 0))
				continue;
			if (dwarf_getsrclines(&cu, &lines, &n) != 0)
				continue;
			for (size_t i = 0; i < n; i++) {
				Dwarf_Line *l = dwarf_onesrcline(lines, i);
				const char *src = l ? dwarf_linesrc(l, NULL, NULL) : NULL;
				int ln;
				Dwarf_Addr la;
				bool stmt = true, end = false;
				if (!src || !file_is(src, file))
					continue;
				if (!known) {
					gdb_file(&cu, src, full, len);
					known = true;
				}
				dwarf_linebeginstatement(l, &stmt);
				dwarf_lineendsequence(l, &end);
				if (dwarf_lineno(l, &ln) != 0 || ln < line || !stmt || end ||
				    dwarf_lineaddr(l, &la) != 0 || !la)
					continue;
				if (ln > line) {
					if (!next_line || ln < next_line || (ln == next_line && la < next_addr)) {
						next_line = ln;
						next_addr = la;
					}
					continue;
				}
				if (!found || la < best) {
					best = la;
					found = true;
				}
			}
			if (found && pass == 0)
				break;
		}
	}
	if (found || next_line) {
		*addr = (found ? best : next_addr) + kernel_kaslr_offset(k);
		return 0;
	}
	if (known)
		return 1;
	err_set("No source file named %s.", file);
	return -1;
}

static bool definition_die(struct kernel *k, const char *name, Dwarf_Die *out)
{
	Dwarf *dw = kernel_dwarf(k);
	const struct dwarf_index *di = kernel_dwarf_index(k);
	if (!dw || !di)
		return false;
	return dwarf_index_find(di, dw, DI_FUNC, name, out) == 0 ||
	       dwarf_index_find(di, dw, DI_VAR, name, out) == 0;
}

int kgdb_decl_line(struct kernel *k, const char *name, char *file, size_t len, int *line)
{
	Dwarf_Die d, cu;
	const char *f;
	if (!definition_die(k, name, &d) || !(f = dwarf_decl_file(&d)) || dwarf_decl_line(&d, line) != 0 ||
	    !dwarf_diecu(&d, &cu, NULL, NULL)) {
		err_set("No line number known for %s.", name);
		return -1;
	}
	gdb_file(&cu, f, file, len);
	return 0;
}

int kgdb_comp_dir(struct kernel *k, uint64_t addr, char *dir, size_t len)
{
	Dwarf *dw = kernel_dwarf(k);
	Dwarf_Die cu;
	Dwarf_Attribute a;
	const char *d;
	if (!dw || !dwarf_addrdie(dw, addr - kernel_kaslr_offset(k), &cu) ||
	    !dwarf_attr(&cu, DW_AT_comp_dir, &a) || !(d = dwarf_formstring(&a)))
		return -1;
	snprintf(dir, len, "%s", d);
	return 0;
}

/* ---- listings ---- */

static const char *c_base_name(const char *n)
{
	static const char *const map[][2] = {
		{ "long unsigned int", "unsigned long" }, { "long int", "long" },
		{ "long long unsigned int", "unsigned long long" }, { "long long int", "long long" },
		{ "short unsigned int", "unsigned short" }, { "short int", "short" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(n, map[i][0]))
			return map[i][1];
	return n;
}

int kgdb_each(struct kernel *k, enum kgdb_kind kind, bool (*match)(void *arg, const char *name),
	      void (*fn)(void *arg, const struct kgdb_def *d), void *arg)
{
	Dwarf *dw = kernel_dwarf(k);
	Dwarf_Off off = 0, next;
	size_t hsize;

	if (!dw) {
		err_set("No symbol table is loaded.");
		return -1;
	}
	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, c;
		Dwarf_Off here = off;
		off = next;
		if (!dwarf_offdie(dw, here + hsize, &cu) || dwarf_child(&cu, &c) != 0)
			continue;
		const char *cuname = dwarf_diename(&cu);
		do {
			int tag = dwarf_tag(&c);
			const char *name;
			Dwarf_Die spec = c, *named = &c;
			Dwarf_Attribute a;
			bool want;
			switch (kind) {
			case KGDB_FUNCTIONS:
				/* functions with code (not the abstract instance of
				 * one only inlined) */
				want = tag == DW_TAG_subprogram && !own_flag(&c, DW_AT_declaration) &&
				       (dwarf_hasattr(&c, DW_AT_low_pc) || dwarf_hasattr(&c, DW_AT_ranges));
				break;
			case KGDB_VARIABLES:
				want = tag == DW_TAG_variable && !own_flag(&c, DW_AT_declaration) &&
				       (dwarf_hasattr(&c, DW_AT_location) || dwarf_hasattr(&c, DW_AT_const_value));
				break;
			default:
				want = (tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
					tag == DW_TAG_enumeration_type || tag == DW_TAG_typedef ||
					tag == DW_TAG_base_type) &&
				       !own_flag(&c, DW_AT_declaration);
				break;
			}
			if (!want)
				continue;
			if (!(name = dwarf_diename(&c)) && dwarf_attr(&c, DW_AT_specification, &a) &&
			    dwarf_formref_die(&a, &spec)) {
				named = &spec;
				name = dwarf_diename(&spec);
			}
			if (!name)
				continue;
			const char *shown = tag == DW_TAG_base_type ? c_base_name(name) : name;
			if (!match(arg, shown))
				continue;
			struct kgdb_def d = { .name = shown };
			char fbuf[512] = "", text[1024];
			const char *f = dwarf_decl_file(named);
			int line = 0;
			if (tag != DW_TAG_base_type)
				dwarf_decl_line(named, &line);
			d.file = f ? gdb_file(&cu, f, fbuf, sizeof(fbuf)) : (cuname ? cuname : "??");
			d.line = line;
			d.is_static = (kind != KGDB_TYPES) && !die_flag(named, DW_AT_external);
			struct kqtype t;
			switch (kind) {
			case KGDB_FUNCTIONS:
				if (dwarf_die_type(k, &c, true, &t) != 0)
					continue;
				tp_decl(t, name, text, sizeof(text));
				break;
			case KGDB_VARIABLES:
				if (dwarf_die_type(k, named, false, &t) != 0 &&
				    dwarf_die_type(k, &c, false, &t) != 0)
					continue;
				tp_decl(t, name, text, sizeof(text));
				break;
			default:
				if (tag == DW_TAG_base_type) {
					snprintf(text, sizeof(text), "%s", shown);
				} else if (tag == DW_TAG_typedef) {
					struct kqtype tt;
					if (dwarf_die_type(k, &c, false, &tt) != 0)
						continue;
					/* gdb: the typedef chain of the target resolved
					 * ("typedef int pid_t;") */
					tt = ktype_strip_q(tt);
					tp_decl(tt, name, text, sizeof(text) - 9);
					memmove(text + 8, text, strlen(text) + 1);
					memcpy(text, "typedef ", 8);
				} else {
					snprintf(text, sizeof(text), "%s %s",
						 tag == DW_TAG_structure_type ? "struct"
						 : tag == DW_TAG_union_type   ? "union"
									      : "enum",
						 name);
				}
				break;
			}
			char full[1100];
			snprintf(full, sizeof(full), "%s%s%s", d.is_static ? "static " : "", text,
				 tag == DW_TAG_base_type ? "" : ";");
			d.text = full;
			fn(arg, &d);
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	return 0;
}

bool kgdb_has_debuginfo(struct kernel *k, const char *name, uint64_t addr, bool text)
{
	Dwarf_Die d, cu;
	Dwarf *dw = kernel_dwarf(k);
	if (definition_die(k, name, &d))
		return true;
	return text && dw && dwarf_addrdie(dw, addr - kernel_kaslr_offset(k), &cu);
}
