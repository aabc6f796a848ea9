/* Module symbols from the modules' kallsyms; see modsyms.h. */
#include "kernel-types/modsyms.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

/* A module's symtab this long is damaged: stop there. */
#define MAX_MOD_SYMS (1u << 20)
#define MAX_MODULES 4096

struct load {
	struct kernel *k;
	struct modsyms *ms;
	size_t cap;
	long off_name, off_kallsyms, off_symtab, off_num, off_strtab, off_typetab;
	int nmods;
};

static char *keep(struct modsyms *ms, const char *s)
{
	ms->strings = xreallocarray(ms->strings, ms->nstrings + 1, sizeof(char *));
	return ms->strings[ms->nstrings++] = xstrdup(s);
}

static int load_module(void *arg, uint64_t mod)
{
	struct load *l = arg;
	struct kernel *k = l->k;
	char name[64], sname[128];
	uint64_t ks, symtab, strtab, typetab = 0;
	uint32_t num;

	if (++l->nmods > MAX_MODULES)
		return 1;
	if (kernel_read_string(k, mod + (uint64_t)l->off_name, name, sizeof(name)) < 0 ||
	    kernel_read_u64(k, mod + (uint64_t)l->off_kallsyms, &ks) != 0 || !ks ||
	    kernel_read_u64(k, ks + (uint64_t)l->off_symtab, &symtab) != 0 ||
	    kernel_read_u32(k, ks + (uint64_t)l->off_num, &num) != 0 ||
	    kernel_read_u64(k, ks + (uint64_t)l->off_strtab, &strtab) != 0)
		return 0; /* this module's symbols are not in the dump: go on */
	if (l->off_typetab >= 0)
		kernel_read_u64(k, ks + (uint64_t)l->off_typetab, &typetab);
	if (num > MAX_MOD_SYMS)
		num = MAX_MOD_SYMS;
	const char *modname = keep(l->ms, name);
	bool this_module = false;
	for (uint32_t i = 0; i < num; i++) {
		Elf64_Sym sym;
		char type = 't';
		if (kernel_read(k, symtab + (uint64_t)i * sizeof(sym), &sym, sizeof(sym)) != 0)
			break;
		if (!sym.st_value || sym.st_shndx == SHN_UNDEF || !sym.st_name)
			continue;
		/* unnamed and ARM mapping symbols ($x, $d) never name an
		 * address in the kernel's lookups */
		if (kernel_read_string(k, strtab + sym.st_name, sname, sizeof(sname)) <= 0 ||
		    sname[0] == '$')
			continue;
		if (typetab && kernel_read(k, typetab + i, &type, 1) != 0)
			type = 't';
		if (l->ms->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 1024;
			l->ms->syms = xreallocarray(l->ms->syms, l->cap, sizeof(*l->ms->syms));
		}
		l->ms->syms[l->ms->n++] = (struct modsym){ .addr = sym.st_value, .size = sym.st_size,
							   .name = keep(l->ms, sname),
							   .module = modname, .type = type,
							   .seq = (uint32_t)l->ms->n };
		this_module = this_module || !strcmp(sname, "__this_module");
	}
	/* A kernel without CONFIG_KALLSYMS_ALL keeps only the text symbols of
	 * a module; its struct module is __this_module all the same. */
	long msize = kernel_sizeof(k, "struct module");
	if (!this_module && msize > 0) {
		if (l->ms->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 1024;
			l->ms->syms = xreallocarray(l->ms->syms, l->cap, sizeof(*l->ms->syms));
		}
		l->ms->syms[l->ms->n++] = (struct modsym){ .addr = mod, .size = (uint64_t)msize,
							   .name = keep(l->ms, "__this_module"),
							   .module = modname, .type = 'd',
							   .seq = (uint32_t)l->ms->n };
	}
	return 0;
}

/* At one address, the symbol that comes first in the module's symtab:
 * the one the kernel's own lookup (find_kallsyms_symbol) prints. */
static int by_addr(const void *a, const void *b)
{
	const struct modsym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int load(struct kernel *k, struct modsyms *ms)
{
	struct load l = { .k = k, .ms = ms };
	uint64_t head;

	if (ms->state)
		return ms->state > 0 ? 0 : -1;
	ms->state = -1;
	l.off_name = kernel_offsetof(k, "struct module", "name");
	l.off_kallsyms = kernel_offsetof(k, "struct module", "kallsyms");
	l.off_symtab = kernel_offsetof(k, "struct mod_kallsyms", "symtab");
	l.off_num = kernel_offsetof(k, "struct mod_kallsyms", "num_symtab");
	l.off_strtab = kernel_offsetof(k, "struct mod_kallsyms", "strtab");
	l.off_typetab = kernel_offsetof(k, "struct mod_kallsyms", "typetab");
	long list = kernel_offsetof(k, "struct module", "list");
	if (l.off_name < 0 || l.off_kallsyms < 0 || l.off_symtab < 0 || l.off_num < 0 ||
	    l.off_strtab < 0 || list < 0 || kernel_symbol(k, "modules", &head) != 0)
		return -1;
	if (kwalk_list(k, head, list, false, load_module, &l) < 0 && !ms->n)
		return -1;
	qsort(ms->syms, ms->n, sizeof(*ms->syms), by_addr);
	ms->state = 1;
	return 0;
}

const struct modsym *modsyms_at(struct kernel *k, struct modsyms *ms, uint64_t addr)
{
	size_t lo = 0, hi;

	if (load(k, ms) != 0)
		return NULL;
	hi = ms->n;
	while (lo < hi) { /* last symbol at or below addr */
		size_t mid = lo + (hi - lo) / 2;
		if (ms->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const struct modsym *s = &ms->syms[lo - 1];
	/* the first of those at the same address */
	while (s > ms->syms && s[-1].addr == s->addr)
		s--;
	uint64_t off = addr - s->addr;
	if (s->size ? off < s->size : off < 4096)
		return s;
	return NULL;
}

const struct modsym *modsyms_find(struct kernel *k, struct modsyms *ms, const char *name)
{
	if (load(k, ms) != 0)
		return NULL;
	for (size_t i = 0; i < ms->n; i++)
		if (!strcmp(ms->syms[i].name, name))
			return &ms->syms[i];
	return NULL;
}

int modsyms_foreach(struct kernel *k, struct modsyms *ms,
		    int (*fn)(void *arg, const struct modsym *m), void *arg)
{
	if (load(k, ms) != 0) {
		err_set("the modules' symbols are not readable in this dump");
		return -1;
	}
	for (size_t i = 0; i < ms->n; i++) {
		int rc = fn(arg, &ms->syms[i]);
		if (rc)
			return rc;
	}
	return 0;
}

void modsyms_free(struct modsyms *ms)
{
	for (size_t i = 0; i < ms->nstrings; i++)
		free(ms->strings[i]);
	free(ms->strings);
	free(ms->syms);
	memset(ms, 0, sizeof(*ms));
}
