/* Completion candidates from the kernel: type names from its types
 * (types.h), symbols from its symbol table.  Both are loaded already, so
 * completing costs one linear scan (well under a millisecond per thousand
 * names) and no I/O. */
#include "shell/complete_kernel.h"

#include <string.h>

#include "extensions/crash-api.h"

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

static int maybe_add_sym(void *arg, const struct kernel_sym *s)
{
	if (s->name && *s->name)
		maybe_add(arg, s->name);
	return 0;
}

/* Commands whose argument is a type name rather than a symbol. */
static int type_kinds(const char *cmd, enum ktype_kind kinds[3])
{
	if (!strcmp(cmd, "struct") || !strcmp(cmd, "*")) {
		kinds[0] = KT_STRUCT;
		return 1;
	}
	if (!strcmp(cmd, "union")) {
		kinds[0] = KT_UNION;
		return 1;
	}
	if (!strcmp(cmd, "ptype")) {
		kinds[0] = KT_STRUCT;
		kinds[1] = KT_UNION;
		kinds[2] = KT_TYPEDEF;
		return 3;
	}
	return 0;
}

void complete_kernel(struct kernel *k, const char *cmd, const char *prefix,
		     void (*add)(void *ctx, const char *name), void *ctx)
{
	struct filter f = {prefix, strlen(prefix), add, ctx};
	enum ktype_kind kinds[3];
	int nk = type_kinds(cmd, kinds);

	if (!k)
		return;
	if (nk) {
		for (int i = 0; i < nk; i++)
			ktype_each_name(k, kinds[i], maybe_add, &f);
		return;
	}
	/* whatis takes either a type or a symbol. */
	if (!strcmp(cmd, "whatis")) {
		ktype_each_name(k, KT_STRUCT, maybe_add, &f);
		ktype_each_name(k, KT_UNION, maybe_add, &f);
		ktype_each_name(k, KT_TYPEDEF, maybe_add, &f);
	}
	kernel_symbol_foreach(k, maybe_add_sym, &f);
}
