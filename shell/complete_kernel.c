/* Completion candidates from the vmlinux: the DWARF name index for type
 * names, the ELF symbol table for symbols.  Both are already loaded by
 * kernel_open(), so completing costs one linear scan (well under a
 * millisecond per thousand names) and no I/O. */
#include "shell/complete_kernel.h"

#include <string.h>

#include "kernel-types/dwarf.h"

struct filter {
	const char *prefix;
	size_t len;
	void (*add)(void *ctx, const char *name);
	void *ctx;
};

static void maybe_add(void *arg, const char *name)
{
	struct filter *f = arg;
	if (!strncmp(name, f->prefix, f->len))
		f->add(f->ctx, name);
}

/* Commands whose argument is a type name rather than a symbol. */
static int type_kinds(const char *cmd, enum di_kind kinds[3])
{
	if (!strcmp(cmd, "struct") || !strcmp(cmd, "*")) {
		kinds[0] = DI_STRUCT;
		return 1;
	}
	if (!strcmp(cmd, "union")) {
		kinds[0] = DI_UNION;
		return 1;
	}
	if (!strcmp(cmd, "ptype")) {
		kinds[0] = DI_STRUCT;
		kinds[1] = DI_UNION;
		kinds[2] = DI_TYPEDEF;
		return 3;
	}
	return 0;
}

void complete_kernel(struct kernel *k, const char *cmd, const char *prefix,
		     void (*add)(void *ctx, const char *name), void *ctx)
{
	struct filter f = {prefix, strlen(prefix), add, ctx};
	enum di_kind kinds[3];
	int nk = type_kinds(cmd, kinds);
	const struct dwarf_index *di;

	if (!k)
		return;
	di = kernel_dwarf_index(k);
	if (nk) {
		for (int i = 0; di && i < nk; i++)
			dwarf_index_each(di, kinds[i], maybe_add, &f);
		return;
	}
	/* whatis takes either a type or a symbol. */
	if (!strcmp(cmd, "whatis") && di) {
		dwarf_index_each(di, DI_STRUCT, maybe_add, &f);
		dwarf_index_each(di, DI_UNION, maybe_add, &f);
		dwarf_index_each(di, DI_TYPEDEF, maybe_add, &f);
	}
	const struct symtab *st = kernel_symtab(k);
	if (!st)
		return;
	for (size_t i = 0; i < st->nsyms; i++) {
		const char *n = st->syms[i].name;
		if (n && *n && !strncmp(n, prefix, f.len))
			add(ctx, n);
	}
}
