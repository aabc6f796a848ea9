/* sym: symbol to address and address to symbol. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"

/* JSON output (commands/json/sym.schema.json): while sym runs, the
 * array its lines go to as objects instead; NULL for text. */
static struct json_object *json_rows;

static struct json_object *sym_json(struct kernel *k, const struct kernel_sym *sym, uint64_t off,
				    bool line, const char *relation)
{
	struct json_object *o = json_object_new_object();
	char file[512];
	int ln = 0;
	bool src = line && kernel_srcline(k, sym->addr + off, file, sizeof(file), &ln) == 0;
	json_object_object_add(o, "address", crash_json_addr(sym->addr + off));
	json_object_object_add(o, "name", crash_json_str(sym->name));
	json_object_object_add(o, "offset", json_object_new_uint64(off));
	json_object_object_add(o, "symbol_address", crash_json_addr(sym->addr));
	json_object_object_add(o, "size_bytes", sym->size ? json_object_new_uint64(sym->size) : NULL);
	json_object_object_add(o, "type", json_object_new_string_len(&sym->type, 1));
	json_object_object_add(o, "percpu", json_object_new_boolean(sym->percpu));
	json_object_object_add(o, "module", crash_json_str(sym->module));
	json_object_object_add(o, "file", src ? crash_json_str(file) : NULL);
	json_object_object_add(o, "line", src ? json_object_new_int(ln) : NULL);
	if (relation)
		json_object_object_add(o, "relation", json_object_new_string(relation));
	return o;
}

/* "addr (T) name[+off][ [module]][ file: line]" */
static void show_sym(struct crash_session *s, struct kernel *k, const struct kernel_sym *sym,
		     uint64_t off, bool line, bool module)
{
	FILE *out = crash_out(s);
	char file[512];
	int ln;

	if (json_rows) {
		json_object_array_add(json_rows, sym_json(k, sym, off, line, NULL));
		return;
	}

	fprintf(out, "%" PRIx64 " (%c) %s", sym->addr + off, sym->type, sym->name);
	if (off)
		fprintf(out, "+%" PRIu64, off);
	if (sym->module && module)
		fprintf(out, " [%s]", sym->module);
	/* module code has lines once its debuginfo is loaded (mod -s) */
	if (line && kernel_srcline(k, sym->addr + off, file, sizeof(file), &ln) == 0)
		fprintf(out, " %s: %d", file, ln);
	fputc('\n', out);
}

static void show(struct crash_session *s, struct kernel *k, const struct kernel_sym *sym,
		 uint64_t off, bool line)
{
	show_sym(s, k, sym, off, line, true);
}

struct list_arg {
	struct crash_session *s;
	struct kernel *k;
	const char *query;
};

static int list_one(void *arg, const struct kernel_sym *sym)
{
	struct list_arg *l = arg;
	if (crash_interrupted())
		return 1;
	if (!l->query || strstr(sym->name, l->query))
		show(l->s, l->k, sym, 0, false);
	return 0;
}

/* sym -m/-M: a module's symbols between its MODULE START and END lines
 * (the module's base and base + size, as mod shows them). */
struct mod_arg {
	struct crash_session *s;
	struct kernel *k;
	const char *only;	/* the module listed */
	uint64_t lo;		/* the modules' area: below it, per-cpu offsets */
	struct kmodules mods;
	const char *cur;	/* module whose START was printed */
	bool found;
	struct json_object *json; /* JSON: the module's object */
};

static const struct kmodule *mod_named(const struct kmodules *m, const char *name)
{
	for (size_t i = 0; name && i < m->n; i++)
		if (!strcmp(m->v[i].name, name))
			return &m->v[i];
	return NULL;
}

static void mod_end(struct mod_arg *a)
{
	const struct kmodule *m = mod_named(&a->mods, a->cur);
	if (m && a->json)
		json_object_object_add(a->json, "end", crash_json_addr(m->base + m->size));
	else if (m)
		fprintf(crash_out(a->s), "%" PRIx64 " MODULE END: %s\n", m->base + m->size, m->name);
	a->cur = NULL;
}

static int mod_one(void *arg, const struct kernel_sym *sym)
{
	struct mod_arg *a = arg;
	if (crash_interrupted())
		return 1;
	if (strcmp(sym->module, a->only) || sym->addr < a->lo)
		return 0;
	if (!a->cur || strcmp(a->cur, sym->module)) {
		if (a->cur)
			mod_end(a);
		const struct kmodule *m = mod_named(&a->mods, sym->module);
		if (m && a->json)
			json_object_object_add(a->json, "start", crash_json_addr(m->base));
		else if (m)
			fprintf(crash_out(a->s), "%" PRIx64 " MODULE START: %s\n", m->base, m->name);
		a->cur = sym->module;
	}
	a->found = true;
	show_sym(a->s, a->k, sym, 0, false, false);
	return 0;
}

static int by_base(const void *x, const void *y)
{
	const struct kmodule *a = x, *b = y;
	return a->base < b->base ? -1 : a->base > b->base;
}

/* One module (-m NAME) or all of them in address order (-M, only NULL). */
static int module_symbols(struct crash_session *s, struct kernel *k, const char *only)
{
	struct mod_arg a = { .s = s, .k = k };
	const struct arch_info *ai = kernel_arch(k) ? arch_get_info(kernel_arch(k)) : NULL;
	int rc = 0;

	a.lo = ai ? ai->modules_start : 0;
	if (modules_read(k, &a.mods) != 0)
		return crash_error(s, "cannot read the module list: %s", err_get());
	if (only && !mod_named(&a.mods, only)) {
		free(a.mods.v);
		return crash_error(s, "%s: not a loaded module", only);
	}
	if (a.mods.n)
		qsort(a.mods.v, a.mods.n, sizeof(*a.mods.v), by_base);
	struct json_object *mods = json_rows ? json_object_new_array() : NULL, *rows = json_rows;
	for (size_t i = 0; i < a.mods.n && !rc; i++) {
		if (only && strcmp(a.mods.v[i].name, only))
			continue;
		a.only = a.mods.v[i].name;
		a.found = false;
		if (mods) {
			/* {name, start, end, symbols}: the MODULE START and END
			 * lines around the module's symbols */
			a.json = json_object_new_object();
			json_object_object_add(a.json, "name", crash_json_str(a.only));
			json_object_object_add(a.json, "symbols", json_rows = json_object_new_array());
			json_object_array_add(mods, a.json);
		}
		rc = kernel_module_symbol_foreach(k, mod_one, &a);
		if (a.cur)
			mod_end(&a);
		if (mods && !a.found) {
			json_object_object_add(a.json, "start", NULL);
			json_object_object_add(a.json, "end", NULL);
		}
		if (!a.found && rc >= 0 && !mods)
			fprintf(crash_out(s), "%s: no symbols in the dump's copy of its kallsyms\n",
				a.only);
	}
	if (mods) {
		json_rows = rows;
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "modules", mods);
		crash_json_emit(s, d);
		json_object_put(json_rows);	/* the "symbols" of sym_run: not used */
		json_rows = NULL;
	}
	free(a.mods.v);
	if (rc < 0)
		return crash_error(s, "%s", err_get());
	return 0;
}

/* sym -p/-n: the symbols at the nearest lower and higher addresses
 * (aliases of the target's address are skipped, the first name at a
 * neighbour's address is the one kernel_symbol_at prefers). */
struct near_arg {
	uint64_t at;
	struct kernel_sym prev, next;
	bool have_prev, have_next;
};

static int near_one(void *arg, const struct kernel_sym *sym)
{
	struct near_arg *n = arg;
	/* absolute symbols stand outside the address order: scan them all */
	if (sym->addr < n->at && (!n->have_prev || sym->addr > n->prev.addr)) {
		n->prev = *sym;
		n->have_prev = true;
	}
	if (sym->addr > n->at && (!n->have_next || sym->addr < n->next.addr)) {
		n->next = *sym;
		n->have_next = true;
	}
	return crash_interrupted();
}

static void neighbours(struct crash_session *s, struct kernel *k, const struct kernel_sym *sym,
		       uint64_t off, bool line, bool prev, bool next)
{
	struct near_arg n = { .at = sym->addr };
	if (sym->module)
		kernel_module_symbol_foreach(k, near_one, &n);
	else
		kernel_symbol_foreach(k, near_one, &n);
	if (json_rows) {
		/* a lookup: its source line when known, whether by name or by
		 * address */
		if (prev && n.have_prev)
			json_object_array_add(json_rows, sym_json(k, &n.prev, 0, false, "previous"));
		json_object_array_add(json_rows, sym_json(k, sym, off, true, "match"));
		if (next && n.have_next)
			json_object_array_add(json_rows, sym_json(k, &n.next, 0, false, "next"));
		return;
	}
	if (prev && n.have_prev)
		show(s, k, &n.prev, 0, false);
	show(s, k, sym, off, line);
	if (next && n.have_next)
		show(s, k, &n.next, 0, false);
}

static int sym_main(struct crash_session *s, int argc, char **argv);

static int sym_run(struct crash_session *s, int argc, char **argv)
{
	if (!crash_json(s))
		return sym_main(s, argc, argv);
	json_rows = json_object_new_array();
	int rc = sym_main(s, argc, argv);
	if (json_rows) {	/* -m and -M emitted their own */
		if (json_object_array_length(json_rows) || !rc) {
			struct json_object *d = json_object_new_object();
			json_object_object_add(d, "symbols", json_rows);
			crash_json_emit(s, d);
		} else {
			json_object_put(json_rows);
		}
		json_rows = NULL;
	}
	return rc;
}

static int sym_main(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	const char *query = NULL, *module = NULL;
	int opt, list = 0, rc = 0, allmods = 0;
	bool prev = false, next = false;

	while ((opt = getopt(argc, argv, "lq:m:Mpn")) != -1) {
		switch (opt) {
		case 'l': list = 1; break;
		case 'q': query = optarg; break;
		case 'm': module = optarg; break;
		case 'M': allmods = 1; break;
		case 'p': prev = true; break;
		case 'n': next = true; break;
		default: return -1;
		}
	}
	if (module || allmods)
		return module_symbols(s, k, module);
	if (list || query) {
		struct list_arg l = { s, k, query };
		kernel_symbol_foreach(k, list_one, &l);
		return 0;
	}
	if (optind >= argc)
		return crash_error(s, "a symbol name or an address is needed");
	for (int i = optind; i < argc; i++) {
		const char *arg = argv[i];
		struct kernel_sym sym;
		char *end;
		if (kernel_symbol_info(k, arg, &sym) == 0) {
			neighbours(s, k, &sym, 0, false, prev, next);
			continue;
		}
		uint64_t a = strtoull(arg, &end, 16), off;
		if (*arg && !*end) {
			if (kernel_symbol_info_at(k, a, &sym, &off) == 0)
				neighbours(s, k, &sym, off, true, prev, next);
			else
				rc = crash_error(s, "%s: no symbol at this address", arg);
			continue;
		}
		rc = crash_error(s, "%s: symbol not found", arg);
	}
	return rc;
}

static const struct crash_cmd sym_cmd = {
	.name = "sym",
	.run = sym_run,
	.summary = "translate a symbol to its address, or an address to its symbol",
	.synopsis = "[-l] | [-M] | [-m module] | [-p|-n] | [-q string] | [symbol | address] ...",
	.description =
		"With a symbol name, shows its address and type letter (as nm prints\n"
		"them); with a hexadecimal kernel address, the symbol it falls in, the\n"
		"offset into it, and the source file and line when the vmlinux has\n"
		"line information (for module code: when the module's debuginfo is\n"
		"loaded, mod -s).\n"
		"\n"
		"  -l         every symbol, in address order\n"
		"  -q string  every symbol whose name contains string\n"
		"  -M         the symbols of every loaded module, each between a\n"
		"             MODULE START line (its base) and a MODULE END line\n"
		"  -m module  the same for one module\n"
		"  -p         also the symbol at the next lower address\n"
		"  -n         also the symbol at the next higher address (both: -np)\n"
		"\n"
		"Module symbols come from each module's own kallsyms in the dump, with\n"
		"the type letters its typetab keeps.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> sym linux_banner\n"
		"  ffffffff96f1ffe0 (D) linux_banner\n"
		"  crash> sym ffffffff967cd21a\n"
		"  ffffffff967cd21a (T) panic+745 kernel/panic.c: 459\n"
		"  crash> sym -np jiffies\n"
		"  ffffffff96007980 (D) mod_tree\n"
		"  ffffffff960079c0 (D) jiffies\n"
		"  ffffffff96007a00 (D) jiffies_seq\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(sym_cmd)
