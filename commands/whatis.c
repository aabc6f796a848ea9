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

static int whatis_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	char d[1024];
	struct kqtype t;
	struct kx_value v;
	bool gdb;
	const char *name = args(s, argc, argv, &gdb);

	if (!name || !*name)
		return crash_error(s, "a symbol, type or expression is needed");
	if (!ktype_source(k))
		return crash_error(s, "%s", err_get());

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
			tp_definition(k, out, t, 0, true);
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
	.synopsis = "struct | union | typedef | symbol | expression",
	.description =
		"Shows how a variable or function is declared, what a typedef stands for,\n"
		"the definition of a struct, union or enum, from the vmlinux's DWARF, or\n"
		"the type of any expression (as gdb's whatis names it, without its\n"
		"\"type = \"; gdb whatis prints gdb's own form).\n"
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
