#include "kernel-types/symtab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kallsyms.h"

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static char nm_type(const GElf_Sym *sym, const GElf_Shdr *sh)
{
	char c;

	if (sym->st_shndx == SHN_ABS)
		c = 'a';
	else if (!sh)
		c = '?';
	else if (GELF_ST_BIND(sym->st_info) == STB_WEAK)
		return GELF_ST_TYPE(sym->st_info) == STT_OBJECT ? 'V' : 'W';
	else if (sh->sh_flags & SHF_EXECINSTR)
		c = 't';
	else if (sh->sh_type == SHT_NOBITS)
		c = 'b';
	else if (sh->sh_flags & SHF_WRITE)
		c = 'd';
	else
		c = 'r';
	if (GELF_ST_BIND(sym->st_info) != STB_LOCAL && c != '?')
		c = (char)(c - 'a' + 'A');
	return c;
}

static bool has_prefix(const char *s, const char *p) { return !strncmp(s, p, strlen(p)); }

static bool has_suffix(const char *s, const char *x)
{
	size_t n = strlen(s), m = strlen(x);
	return n >= m && !strcmp(s + n - m, x);
}

/* Names the kernel's kallsyms leaves out (scripts/kallsyms.c and
 * scripts/mksysmap): they never name an address in an oops or in
 * /proc/PID/wchan, so they come last here too. */
static bool kallsyms_hidden(const char *name)
{
	static const char *const prefixes[] = {
		"__crc_", "__kstrtab", "__efistub_", "__kvm_nvhe_$", "__kvm_nvhe_.L", "__pi_$", "__kcfi_typeid_",
		"__AArch64ADRPThunk_", ".L", "$", NULL,
	};
	/* every prefix starts with '_', '.', '$' or 'k': most names are
	 * none of those, and this runs once per symbol at each start */
	if (name[0] != '_' && name[0] != '.' && name[0] != '$' && name[0] != 'k')
		return false;
	for (const char *const *p = prefixes; *p; p++)
		if (has_prefix(name, *p))
			return true;
	/* its own tables, which vary between the kernel's link passes */
	return has_prefix(name, "kallsyms_") &&
	       (!strcmp(name + 9, "addresses") || !strcmp(name + 9, "offsets") ||
		!strcmp(name + 9, "relative_base") || !strcmp(name + 9, "num_syms") ||
		!strcmp(name + 9, "names") || !strcmp(name + 9, "markers") ||
		!strcmp(name + 9, "token_table") || !strcmp(name + 9, "token_index") ||
		!strcmp(name + 9, "seqs_of_names"));
}

/* Names the kernel's linker script provides (__start_X, __stop_X,
 * __end_X, __X_start, __X_end): kallsyms puts them after the objects
 * that begin at the same address. */
static bool linker_provided(const char *name)
{
	if (strlen(name) < 8 || name[0] != '_' || name[1] != '_')
		return false;
	return has_prefix(name + 2, "start_") || has_prefix(name + 2, "stop_") ||
	       has_prefix(name + 2, "end_") || has_suffix(name, "_start") || has_suffix(name, "_end");
}

/* At one address, which name the kernel itself prints: the first one in
 * kallsyms order, which is (scripts/kallsyms.c compare_symbols) strong
 * before weak, objects before linker-provided markers, fewer leading
 * underscores first, then the order of `nm -n`, that is by name (the
 * kernel builds with LC_COLLATE=C).  So __do_sys_pause, not its aliases
 * __x64_sys_pause or __ia32_sys_pause; x86_64's 32-bit compat aliases
 * (__ia32_) are never preferred over another name. */
static int alias_rank(const struct ksym *s)
{
	return (kallsyms_hidden(s->name) ? 8 : 0) + (has_prefix(s->name, "__ia32_") ? 4 : 0) +
	       (s->type == 'W' ? 2 : 0) + (linker_provided(s->name) ? 1 : 0);
}

static int sym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	/* the rank and the underscores were computed once per symbol: in
	 * the comparison they took half of a warm start */
	if (x->rank != y->rank)
		return x->rank - y->rank;
	if (x->underscores != y->underscores)
		return x->underscores < y->underscores ? -1 : 1;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	/* the same name twice (two local statics): a global first */
	int xg = x->type >= 'A' && x->type <= 'Z', yg = y->type >= 'A' && y->type <= 'Z';
	return yg - xg;
}

/* One symbol's sort key: its value and where it was in the ELF table. */
struct sym_key {
	uint64_t value;
	uint32_t i;
};

static int tie_cmp(const void *a, const void *b, void *arg)
{
	const struct sym_key *x = a, *y = b;
	const struct ksym *syms = arg;
	int c = sym_cmp(&syms[x->i], &syms[y->i]);
	/* the ELF table's order last: the sort is stable, as qsort's
	 * merge sort was */
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* syms in sym_cmp's order.  A radix sort of the values, bytes that all
 * values share skipped, then sym_cmp within each run of one value: a
 * merge sort moving the symbols took a third of a warm start. */
static void sort_syms(struct ksym **syms, size_t n)
{
	struct sym_key *a = xmalloc((n ? n : 1) * sizeof(*a)), *b = xmalloc((n ? n : 1) * sizeof(*b));

	for (size_t i = 0; i < n; i++)
		a[i] = (struct sym_key){ (*syms)[i].value, (uint32_t)i };
	for (unsigned shift = 0; shift < 64 && n; shift += 8) {
		size_t count[256] = { 0 }, pos = 0;
		for (size_t i = 0; i < n; i++)
			count[(a[i].value >> shift) & 255]++;
		if (count[(a[0].value >> shift) & 255] == n)
			continue;
		for (int d = 0; d < 256; d++) {
			size_t c = count[d];
			count[d] = pos;
			pos += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(a[i].value >> shift) & 255]++] = a[i];
		struct sym_key *t = a;
		a = b;
		b = t;
	}
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && a[j].value == a[i].value; j++)
			;
		if (j - i > 1)
			qsort_r(a + i, j - i, sizeof(*a), tie_cmp, *syms);
	}
	struct ksym *out = xmalloc((n ? n : 1) * sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = (*syms)[a[i].i];
	free(*syms);
	*syms = out;
	free(a);
	free(b);
}

/* The image's extent and the name hash, over syms sorted by value. */
static void finish(struct symtab *st)
{
	size_t n = st->nsyms;
	/* The kernel image's extent, so that addresses outside it (modules,
	 * the direct map, user space) are not named after its last symbol. */
	st->image_lo = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		const struct ksym *y = &st->syms[i];
		if (!y->relocates || y->type == '?' || y->value < (UINT64_C(1) << 63))
			continue;
		if (y->value < st->image_lo)
			st->image_lo = y->value;
		if (y->value + (y->size ? y->size : 1) > st->image_hi)
			st->image_hi = y->value + (y->size ? y->size : 1);
	}

	st->hash_size = 1;
	while (st->hash_size < n * 2)
		st->hash_size <<= 1;
	st->hash = xcalloc(st->hash_size, sizeof(*st->hash));
	for (size_t i = 0; i < n; i++) {
		size_t h = name_hash(st->syms[i].name) & (st->hash_size - 1);
		/* Keep the first global definition of a name: walk on past
		 * duplicates, replacing a local one with a global. */
		for (;; h = (h + 1) & (st->hash_size - 1)) {
			uint32_t e = st->hash[h];
			if (!e) {
				st->hash[h] = (uint32_t)i + 1;
				break;
			}
			struct ksym *o = &st->syms[e - 1];
			if (!strcmp(o->name, st->syms[i].name)) {
				bool og = o->type >= 'A' && o->type <= 'Z';
				bool ng = st->syms[i].type >= 'A' && st->syms[i].type <= 'Z';
				if (!og && ng)
					st->hash[h] = (uint32_t)i + 1;
				break;
			}
		}
	}
}

int symtab_load(struct symtab *st, Elf *elf)
{
	Elf_Scn *scn = NULL, *symscn = NULL;
	GElf_Shdr symsh, sh;
	size_t shstrndx, pool_len = 0, pool_used = 0, n = 0;
	Elf_Data *data;

	memset(st, 0, sizeof(*st));
	if (elf_getshdrstrndx(elf, &shstrndx) != 0) {
		err_set("vmlinux: no section names: %s", elf_errmsg(-1));
		return -1;
	}
	while ((scn = elf_nextscn(elf, scn))) {
		const char *name;
		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB) {
			symscn = scn;
			symsh = sh;
		}
		if (name && !strcmp(name, ".data..percpu")) {
			st->percpu_start = sh.sh_addr;
			st->percpu_end = sh.sh_addr + sh.sh_size;
		}
	}
	if (!symscn) {
		err_set("vmlinux: no symbol table (stripped?)");
		return -1;
	}
	data = elf_getdata(symscn, NULL);
	if (!data || !symsh.sh_entsize) {
		err_set("vmlinux: unreadable symbol table");
		return -1;
	}
	size_t count = symsh.sh_size / symsh.sh_entsize;
	st->syms = xcalloc(count, sizeof(*st->syms));
	/* First pass: total name length, so the pool is one allocation and
	 * the name pointers stay valid. */
	for (size_t i = 1; i < count; i++) {
		GElf_Sym sym;
		const char *name;
		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		name = elf_strptr(elf, symsh.sh_link, sym.st_name);
		if (name && *name)
			pool_len += strlen(name) + 1;
	}
	st->names = xmalloc(pool_len + 1);
	for (size_t i = 1; i < count; i++) {
		GElf_Sym sym;
		const char *name;
		int t;
		size_t len;
		Elf_Scn *s;

		if (!gelf_getsym(data, (int)i, &sym))
			continue;
		t = GELF_ST_TYPE(sym.st_info);
		if (t == STT_SECTION || t == STT_FILE)
			continue;
		name = elf_strptr(elf, symsh.sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		/* ELF mapping symbols ($x code, $d data), bare or under a
		 * prefix (__kvm_nvhe_$x, __pi_$d), mark where code or data
		 * starts and name no object: kallsyms leaves them out too. */
		if (strchr(name, '$'))
			continue;
		len = strlen(name) + 1;
		if (pool_used + len > pool_len)
			break;
		memcpy(st->names + pool_used, name, len);
		s = (sym.st_shndx != SHN_ABS && sym.st_shndx < SHN_LORESERVE)
			    ? elf_getscn(elf, sym.st_shndx) : NULL;
		struct ksym *k = &st->syms[n++];
		k->name = st->names + pool_used;
		pool_used += len;
		k->value = sym.st_value;
		k->size = sym.st_size;
		k->type = nm_type(&sym, s && gelf_getshdr(s, &sh) ? &sh : NULL);
		/* Per-cpu symbols of a .data..percpu linked at 0 are offsets
		 * that KASLR does not move; one linked among the kernel's own
		 * addresses (arm64) moves with the image like the rest. */
		k->relocates = sym.st_shndx != SHN_ABS &&
			       !(st->percpu_end && st->percpu_start == 0 &&
				 sym.st_value < st->percpu_end);
	}
	st->nsyms = n;
	for (size_t i = 0; i < n; i++) {
		size_t u = strspn(st->syms[i].name, "_");
		st->syms[i].rank = (uint8_t)alias_rank(&st->syms[i]);
		st->syms[i].underscores = (uint8_t)(u > 255 ? 255 : u);
	}
	sort_syms(&st->syms, n);
	/* kallsyms drops the other symbols at the ends of the text ranges,
	 * _etext and _einittext (they move between its link passes): there
	 * the end marker is the name (exit_script_binfmt, the first function
	 * of .exit.text, is not). */
	for (int e = 0; e < 2; e++) {
		const char *end = e ? "_einittext" : "_etext";
		for (size_t i = 0; i < n; i++) {
			if (strcmp(st->syms[i].name, end))
				continue;
			size_t j = i;
			while (j > 0 && st->syms[j - 1].value == st->syms[i].value)
				j--;
			struct ksym m = st->syms[i];
			memmove(&st->syms[j + 1], &st->syms[j], (i - j) * sizeof(*st->syms));
			st->syms[j] = m;
			break;
		}
	}
	finish(st);
	return 0;
}

/* The kallsyms order at one address is the kernel's preference: kept
 * (a stable sort by value). */
struct ordered {
	struct ksym s;
	size_t i;
};

static int ordered_cmp(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;
	if (x->s.value != y->s.value)
		return x->s.value < y->s.value ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int symtab_from_kallsyms(struct symtab *st, const struct kallsyms *ks, uint64_t kaslr)
{
	size_t pool_len = 0, pool_used = 0;
	const struct kallsym *pcs = NULL, *pce = NULL;

	memset(st, 0, sizeof(*st));
	if (!ks->n) {
		err_set("kallsyms: no symbols");
		return -1;
	}
	for (size_t i = 0; i < ks->n; i++) {
		pool_len += strlen(ks->syms[i].name) + 1;
		if (!strcmp(ks->syms[i].name, "__per_cpu_start"))
			pcs = &ks->syms[i];
		else if (!strcmp(ks->syms[i].name, "__per_cpu_end"))
			pce = &ks->syms[i];
	}
	/* Per-cpu symbols: offsets, which KASLR does not move, where the
	 * kernel makes them absolute (x86_64: type 'A', small values); else
	 * image addresses like any other. */
	bool abs_percpu = pcs && (pcs->type == 'A' || pcs->type == 'a') &&
			  pcs->addr < (UINT64_C(1) << 63);
	if (pcs && pce && pce->addr >= pcs->addr) {
		st->percpu_start = abs_percpu ? pcs->addr : pcs->addr - kaslr;
		st->percpu_end = abs_percpu ? pce->addr : pce->addr - kaslr;
	}
	st->names = xmalloc(pool_len + 1);
	struct ordered *o = xcalloc(ks->n, sizeof(*o));
	for (size_t i = 0; i < ks->n; i++) {
		const struct kallsym *y = &ks->syms[i];
		size_t len = strlen(y->name) + 1;
		struct ksym *k = &o[i].s;
		memcpy(st->names + pool_used, y->name, len);
		k->name = st->names + pool_used;
		pool_used += len;
		k->type = y->type;
		o[i].i = i;
		if ((y->type == 'A' || y->type == 'a') && y->addr < (UINT64_C(1) << 63)) {
			k->value = y->addr;
			k->relocates = false;
			/* a per-cpu variable, as nm names the ELF's */
			if (abs_percpu && st->percpu_end && y->addr >= st->percpu_start &&
			    y->addr < st->percpu_end)
				k->type = 'D';
		} else {
			/* link-time, as the ELF's; per-cpu ones included: not
			 * absolute, they are image addresses (arm64) and move with
			 * it, as symtab_load() has them */
			k->value = y->addr - kaslr;
			k->relocates = true;
		}
	}
	qsort(o, ks->n, sizeof(*o), ordered_cmp);
	st->syms = xcalloc(ks->n, sizeof(*st->syms));
	for (size_t i = 0; i < ks->n; i++)
		st->syms[i] = o[i].s;
	free(o);
	st->nsyms = ks->n;
	/* kallsyms has no sizes: a function ends where the next symbol
	 * starts, as the kernel's own kallsyms_lookup_size_offset() takes it
	 * (the unwinder needs function ranges: machine_kexec's) */
	for (size_t i = 0, j = 0; i < st->nsyms; i++) {
		struct ksym *y = &st->syms[i];
		if (!strchr("tTwW", y->type))
			continue;
		if (j <= i)
			j = i + 1;
		while (j < st->nsyms && st->syms[j].value <= y->value)
			j++;
		if (j < st->nsyms && st->syms[j].value - y->value < (UINT64_C(1) << 20))
			y->size = st->syms[j].value - y->value;
	}
	finish(st);
	return 0;
}

void symtab_free(struct symtab *st)
{
	free(st->syms);
	free(st->hash);
	free(st->names);
	memset(st, 0, sizeof(*st));
}

const struct ksym *symtab_find(const struct symtab *st, const char *name)
{
	if (!st->hash_size)
		return NULL;
	for (size_t h = name_hash(name) & (st->hash_size - 1);;
	     h = (h + 1) & (st->hash_size - 1)) {
		uint32_t e = st->hash[h];
		if (!e)
			return NULL;
		if (!strcmp(st->syms[e - 1].name, name))
			return &st->syms[e - 1];
	}
}

const struct ksym *symtab_at(const struct symtab *st, uint64_t addr)
{
	size_t lo = 0, hi = st->nsyms;

	/* Last symbol with value <= addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->syms[mid].value <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	/* Several symbols may share the address: the sort put the best
	 * first among them.  Absolute symbols (constants that happen to look
	 * like addresses) never name an address; go on below them. */
	for (size_t i = lo; i-- > 0;) {
		size_t j = i;
		while (j > 0 && st->syms[j - 1].value == st->syms[i].value)
			j--;
		for (size_t m = j; m <= i; m++)
			if (st->syms[m].type != 'a' && st->syms[m].type != 'A')
				return &st->syms[m];
		i = j;
	}
	return NULL;
}
