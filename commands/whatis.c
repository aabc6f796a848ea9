/* whatis: the declaration of a symbol, the definition of a type, or the
 * type of any expression; ptype: gdb's ptype. */
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

static bool is_name(const char *s)
{
	return (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(s);
}

/* The text after the options (-G: gdb's own form, from the gdb command). */
static const char *args(struct crash_session *s, int argc, char **argv, bool *gdb)
{
	int i = 1;
	*gdb = false;
	if (i < argc && !strcmp(argv[i], "-G")) {
		*gdb = true;
		i++;
	}
	return crash_arg_text(s, i);
}

/* whatis -r / -m: structures by size and by the types of their members. */
#define WHATIS_MAX_DEPTH 8

struct find {
	struct kernel *k;
	long lo, hi;		/* -r: sizes searched (hi < 0: any) */
	const char *member;	/* -m: a substring of a member's type name */
	struct hit { long size; char *name; } *v;
	size_t n, cap;
};

/* A member's type, pointers and arrays taken off, names member? */
static bool has_member(const struct ktype *t, const char *want, int depth)
{
	size_t n = ktype_nmembers(t);
	for (size_t i = 0; i < n; i++) {
		const struct kmember *m = ktype_member_at(t, i);
		const struct ktype *mt = ktype_strip(m->type.type);
		for (int j = 0; mt && j < 8 &&
				(ktype_kind(mt) == KT_POINTER || ktype_kind(mt) == KT_ARRAY); j++)
			mt = ktype_strip(ktype_target(mt).type);
		if (!mt)
			continue;
		const char *name = ktype_name(mt);
		if (name && strstr(name, want))
			return true;
		if ((ktype_kind(mt) == KT_STRUCT || ktype_kind(mt) == KT_UNION) &&
		    ktype_kind(ktype_strip(m->type.type)) != KT_POINTER && depth < WHATIS_MAX_DEPTH &&
		    has_member(mt, want, depth + 1))
			return true;
	}
	return false;
}

static void find_one(void *arg, const char *name)
{
	struct find *f = arg;
	char tn[300];
	struct kqtype t;
	snprintf(tn, sizeof(tn), "struct %s", name);
	if (ktype_lookup(f->k, tn, &t) != 0)
		return;
	const struct ktype *st = ktype_strip(t.type);
	long size = ktype_size(st);
	if (size <= 0 || (f->hi >= 0 && (size < f->lo || size > f->hi)))
		return;
	if (f->member && !has_member(st, f->member, 0))
		return;
	if (f->n == f->cap) {
		size_t cap = f->cap ? 2 * f->cap : 256;
		struct hit *v = realloc(f->v, cap * sizeof(*v));
		if (!v)
			return; /* out of memory: the hits so far */
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n].size = size;
	f->v[f->n++].name = strdup(name);
}

static int by_size(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->size != y->size)
		return x->size < y->size ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

static int whatis_find(struct crash_session *s, const char *range, const char *member)
{
	struct find f = { .k = crash_kernel(s), .hi = -1, .member = member };
	FILE *out = crash_out(s);
	if (range) {
		char *e;
		f.lo = strtol(range, &e, 0);
		if (*e == '-')
			f.hi = strtol(e + 1, &e, 0);
		else
			f.hi = f.lo;
		if (*e || f.lo < 0 || f.hi < f.lo)
			return crash_error(s, "invalid size or range: %s (SIZE or LOW-HIGH)", range);
	}
	ktype_each_name(f.k, KT_STRUCT, find_one, &f);
	if (f.n)
		qsort(f.v, f.n, sizeof(*f.v), by_size);
	fprintf(out, "SIZE  TYPE\n");
	for (size_t i = 0; i < f.n; i++) {
		if (f.v[i].name && (!i || !f.v[i - 1].name || strcmp(f.v[i].name, f.v[i - 1].name)))
			fprintf(out, "%4ld  %s\n", f.v[i].size, f.v[i].name);
	}
	for (size_t i = 0; i < f.n; i++)
		free(f.v[i].name);
	free(f.v);
	return 0;
}

static int whatis_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	char d[1024];
	struct kqtype t;
	struct kx_value v;
	bool gdb, offsets = false;
	const char *range = NULL, *member = NULL;
	int i = 1;

	/* crash's options, in front of the name (an expression may start
	 * with '-') */
	while (i < argc && (!strcmp(argv[i], "-o") || !strcmp(argv[i], "-r") ||
			    !strcmp(argv[i], "-m"))) {
		if (argv[i][1] == 'o') {
			offsets = true;
			i++;
			continue;
		}
		if (i + 1 >= argc)
			return crash_error(s, "%s needs an argument", argv[i]);
		if (argv[i][1] == 'r')
			range = argv[i + 1];
		else
			member = argv[i + 1];
		i += 2;
	}
	if (!ktype_source(k))
		return crash_error(s, "%s", err_get());
	if (range || member) {
		if (i < argc || offsets)
			return crash_error(s, "-r and -m take no name and no -o");
		return whatis_find(s, range, member);
	}
	const char *name = i > 1 ? crash_arg_text(s, i) : args(s, argc, argv, &gdb);
	if (i > 1)
		gdb = false;
	if (!name || !*name)
		return crash_error(s, "a symbol, type or expression is needed");

	if (gdb) {
		/* gdb's whatis: a type name one typedef down, else the type of
		 * the expression */
		if (kx_parse_typename(k, name, &t) == 0) {
			if (ktype_kind(t.type) == KT_TYPEDEF && !t.quals)
				t = ktype_target(t.type);
		} else if (kx_eval(k, name, KX_NO_SIDE_EFFECTS, &v) == 0) {
			t = v.type;
		} else {
			return crash_error(s, "%s", err_get());
		}
		tp_decl(t, NULL, d, sizeof(d));
		fprintf(out, "type = %s\n", d);
		return 0;
	}
	/* a variable's declaration, a function's prototype */
	if (is_name(name) && ktype_of_symbol(k, name, &t) == 0) {
		tp_decl(t, name, d, sizeof(d));
		fprintf(out, "%s;\n", d);
		return 0;
	}
	if (ktype_lookup(k, name, &t) == 0 || kx_parse_typename(k, name, &t) == 0) {
		if (ktype_kind(t.type) == KT_TYPEDEF && !t.quals) {
			/* like gdb: the type the typedef chain ends in */
			struct kqtype e = ktype_target(t.type);
			for (int i = 0; i < 16 && e.type && !e.quals && ktype_kind(e.type) == KT_TYPEDEF; i++)
				e = ktype_target(e.type);
			tp_decl(e, name, d, sizeof(d));
			fprintf(out, "typedef %s;\n", d);
			long size = ktype_size(t.type);
			if (size >= 0)
				fprintf(out, "SIZE: %ld\n", size);
			return 0;
		}
		enum ktype_kind kind = ktype_kind(ktype_strip(t.type));
		if (!t.quals && (kind == KT_STRUCT || kind == KT_UNION || kind == KT_ENUM) &&
		    ktype_kind(t.type) != KT_TYPEDEF) {
			tp_definition(k, out, t, offsets ? TP_OFFSETS : 0, true);
			return 0;
		}
		tp_decl(t, NULL, d, sizeof(d));
		fprintf(out, "%s\n", d);
		return 0;
	}
	/* any expression: its type, as gdb's whatis names it */
	if (kx_eval(k, name, KX_NO_SIDE_EFFECTS, &v) == 0) {
		tp_decl(v.type, NULL, d, sizeof(d));
		fprintf(out, "%s\n", d);
		return 0;
	}
	return crash_error(s, "cannot resolve: %s (%s)", name, err_get());
}

static int ptype_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	struct kqtype t;
	struct kx_value v;
	bool gdb;
	const char *name = args(s, argc, argv, &gdb);

	if (!name || !*name)
		return crash_error(s, "a type or an expression is needed");
	if (!ktype_source(k))
		return crash_error(s, "%s", err_get());
	if (kx_parse_typename(k, name, &t) != 0) {
		if (kx_eval(k, name, KX_NO_SIDE_EFFECTS, &v) != 0)
			return crash_error(s, "%s", err_get());
		t = v.type;
	}
	fputs("type = ", out);
	tp_ptype(k, out, t);
	fputc('\n', out);
	return 0;
}

static const struct crash_cmd whatis_cmd = {
	.name = "whatis",
	.run = whatis_run,
	.summary = "search the debug information for a symbol, type or expression",
	.synopsis = "[[-o] struct | union | typedef | symbol | expression] | [[-r size|range] [-m member]]",
	.description =
		"Shows how a variable or function is declared, what a typedef stands for,\n"
		"the definition of a struct, union or enum, from the vmlinux's DWARF, or\n"
		"the type of any expression (as gdb's whatis names it, without its\n"
		"\"type = \"; gdb whatis prints gdb's own form).\n"
		"\n"
		"  -o         a struct or union's members with their offsets\n"
		"  -r size    the structures of this size, or of LOW-HIGH, as SIZE TYPE\n"
		"             lines in size order\n"
		"  -m type    the structures with a member (or a pointer member) whose type\n"
		"             name contains type, embedded structures searched too; with\n"
		"             -r, both must hold\n"
		"\n"
		"EXAMPLES\n"
		"  crash> whatis init_task\n"
		"  struct task_struct init_task;\n"
		"  crash> whatis pid_t\n"
		"  typedef int pid_t;\n"
		"  SIZE: 4\n"
		"  crash> whatis struct list_head\n"
		"  struct list_head {\n"
		"      struct list_head *next;\n"
		"      struct list_head *prev;\n"
		"  }\n"
		"  SIZE: 16\n"
		"  crash> whatis &init_task.comm\n"
		"  char (*)[16]\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(whatis_cmd)

static const struct crash_cmd ptype_cmd = {
	.name = "ptype",
	.run = ptype_run,
	.summary = "the type of an expression or a type, written out (gdb's ptype)",
	.synopsis = "type | expression",
	.description =
		"Shows a type, or the type of an expression, as gdb's ptype does:\n"
		"typedefs resolved, structs, unions and enums with their members.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> ptype struct list_head\n"
		"  type = struct list_head {\n"
		"      struct list_head *next;\n"
		"      struct list_head *prev;\n"
		"  }\n"
		"  crash> ptype pid_t\n"
		"  type = int\n"
		"  crash> ptype init_task.tasks.next\n"
		"  type = struct list_head {\n"
		"      struct list_head *next;\n"
		"      struct list_head *prev;\n"
		"  } *\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(ptype_cmd)
