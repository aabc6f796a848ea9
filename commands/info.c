/* info: gdb's info symbol, address, line, functions, variables and types
 * (kernel-types/gdbinfo.h), printed as gdb prints them. */
#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

static void sym_off(FILE *out, struct kernel *k, uint64_t a)
{
	uint64_t off;
	const char *sym = kgdb_symbol_at(k, a, &off);
	fprintf(out, "0x%" PRIx64, a);
	if (sym && off)
		fprintf(out, " <%s+%" PRIu64 ">", sym, off);
	else if (sym)
		fprintf(out, " <%s>", sym);
}

static int info_symbol(struct crash_session *s, const char *arg)
{
	struct kernel *k = crash_kernel(s);
	struct kx_value v;
	uint64_t a, off;
	if (!arg || !*arg)
		return crash_error(s, "Argument required (address).");
	/* gdb takes the value as an address: a struct is no address */
	if (kx_eval(k, arg, 0, &v) != 0 || kx_value_int(k, &v, &a) != 0)
		return crash_error(s, "%s", err_get());
	const char *sym = kgdb_info_symbol(k, a, &off);
	const char *sec = kgdb_section_of(k, a);
	if (!sym || !sec) {
		fprintf(crash_out(s), "No symbol matches %s.\n", arg);
		return 0;
	}
	if (off)
		fprintf(crash_out(s), "%s + %" PRIu64 " in section %s\n", sym, off, sec);
	else
		fprintf(crash_out(s), "%s in section %s\n", sym, sec);
	return 0;
}

static int info_address(struct crash_session *s, const char *name)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	struct kernel_sym ks;
	struct kqtype t;
	int64_t ev;
	if (!name || !*name)
		return crash_error(s, "Argument required.");
	bool sym = kernel_symbol_info(k, name, &ks) == 0 && !ks.module;
	bool typed = ktype_source(k) && ktype_of_symbol(k, name, &t) == 0;
	err_clear();
	if (sym && typed) {
		if (ktype_kind(t.type) == KT_FUNCTION)
			fprintf(out, "Symbol \"%s\" is a function at address 0x%" PRIx64 ".\n", name,
				kgdb_function_entry(k, ks.addr, ks.size));
		else
			fprintf(out, "Symbol \"%s\" is static storage at address 0x%" PRIx64 ".\n", name, ks.addr);
		return 0;
	}
	if (ktype_source(k) && kernel_enum_value(k, name, &ev) == 0) {
		fprintf(out, "Symbol \"%s\" is constant.\n", name);
		return 0;
	}
	err_clear();
	if (sym) {
		fprintf(out, "Symbol \"%s\" is at 0x%" PRIx64 " in a file compiled without debugging.\n", name,
			ks.addr);
		return 0;
	}
	return crash_error(s, "No symbol \"%s\" in current context.", name);
}

/* info line's answer for one address; the line's first address (or a) */
static uint64_t line_of(struct kernel *k, FILE *out, uint64_t a)
{
	char file[512];
	int line;
	uint64_t lo, hi;
	if (kgdb_line_at(k, a, file, sizeof(file), &line, &lo, &hi) != 0) {
		fputs("No line number information available for address ", out);
		sym_off(out, k, a);
		fputc('\n', out);
		return a;
	}
	if (lo == hi) {
		fprintf(out, "Line %d of \"%s\" is at address ", line, file);
		sym_off(out, k, lo);
		fputs(" but contains no code.\n", out);
	} else {
		fprintf(out, "Line %d of \"%s\" starts at address ", line, file);
		sym_off(out, k, lo);
		fputs(" and ends at ", out);
		sym_off(out, k, hi);
		fputs(".\n", out);
	}
	return lo;
}

static int info_line(struct crash_session *s, const char *arg)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	char file[512];
	int line;
	uint64_t a, lo, hi;

	if (!arg || !*arg)
		return crash_error(s, "Argument required (a function, *address or file:line).");
	const char *colon = strrchr(arg, ':');
	if (arg[0] != '*' && colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1) &&
	    colon > arg && colon[-1] != ':') {
		/* FILE:LINE */
		char f[512];
		snprintf(f, sizeof(f), "%.*s", (int)(colon - arg), arg);
		line = atoi(colon + 1);
		int rc = kgdb_line_addr(k, f, line, &a, file, sizeof(file));
		if (rc < 0)
			return crash_error(s, "%s", err_get());
		if (rc > 0) {
			fprintf(out, "Line number %d is out of range for \"%s\".\n", line, file);
			return 0;
		}
		/* gdb: when the code there is another line's (an inlined
		 * function's), the line asked for has none of its own */
		char at_file[512];
		int at_line;
		if (kgdb_line_at(k, a, at_file, sizeof(at_file), &at_line, &lo, &hi) == 0 &&
		    (at_line != line || strcmp(at_file, file))) {
			fprintf(out, "Line %d of \"%s\" is at address ", line, file);
			sym_off(out, k, a);
			fputs(" but contains no code.\n", out);
			kx_set_last_examined(k, a, NULL);
			return 0;
		}
	} else {
		struct kx_value v;
		const char *e = arg[0] == '*' ? arg + 1 : arg;
		if (kx_eval(k, e, 0, &v) != 0 || kx_value_int(k, &v, &a) != 0)
			return crash_error(s, "%s", err_get());
		if (arg[0] != '*' && ktype_kind(ktype_strip(v.type.type)) != KT_FUNCTION && !v.no_debug) {
			/* a variable: the line of its definition, which has no code */
			if (kgdb_decl_line(k, arg, file, sizeof(file), &line) != 0)
				return crash_error(s, "%s", err_get());
			fprintf(out, "Line %d of \"%s\" is at address ", line, file);
			sym_off(out, k, a);
			fputs(" but contains no code.\n", out);
			return 0;
		}
	}
	uint64_t last = line_of(k, out, a);
	if (arg[0] != '*') {
		/* gdb finds a function twice when its ELF symbol is not where
		 * its DWARF begins (patchable-entry NOPs first): the symbol's
		 * address is a second location */
		struct kernel_sym ks;
		if (kernel_symbol_info(k, arg, &ks) == 0 && ks.addr != a && strchr("TtWw", ks.type))
			line_of(k, out, ks.addr);
		err_clear();
	}
	kx_set_last_examined(k, last, NULL);
	return 0;
}

/* ---- info functions, variables, types ---- */

struct entry {
	char *file, *name, *text;
	int line;
	bool is_static;
};

struct listing {
	regex_t re;
	bool have_re;
	struct entry *e;
	size_t n, cap;
	bool interrupted;
};

static bool matches(void *arg, const char *name)
{
	struct listing *l = arg;
	if (crash_interrupted())
		l->interrupted = true;
	return !l->interrupted && (!l->have_re || regexec(&l->re, name, 0, NULL, 0) == 0);
}

static void collect(void *arg, const struct kgdb_def *d)
{
	struct listing *l = arg;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->e = xreallocarray(l->e, l->cap, sizeof(*l->e));
	}
	l->e[l->n++] = (struct entry){ xstrdup(d->file), xstrdup(d->name), xstrdup(d->text), d->line,
				       d->is_static };
}

static int by_file_then_name(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	/* gdb: a file's global symbols first, then its static ones */
	if (x->is_static != y->is_static)
		return x->is_static ? 1 : -1;
	c = strcmp(x->name, y->name);
	if (c)
		return c;
	c = x->line - y->line;
	return c ? c : strcmp(x->text, y->text);
}

struct nodebug {
	uint64_t addr;
	const char *name;
};

struct msyms {
	struct listing *l;
	struct kernel *k;
	bool text;
	struct nodebug *e;
	size_t n, cap;
};

static int msym(void *arg, const struct kernel_sym *ks)
{
	struct msyms *m = arg;
	bool text = ks->type == 'T' || ks->type == 't' || ks->type == 'W' || ks->type == 'w';
	bool data = strchr("DdBbRrVv", ks->type) != NULL;
	if ((m->text ? !text : !data) || ks->percpu || !matches(m->l, ks->name))
		return m->l->interrupted;
	if (kgdb_has_debuginfo(m->k, ks->name, ks->addr, m->text))
		return 0;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->e = xreallocarray(m->e, m->cap, sizeof(*m->e));
	}
	m->e[m->n++] = (struct nodebug){ ks->addr, ks->name };
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct nodebug *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr ? 1 : strcmp(x->name, y->name);
}

static int info_list(struct crash_session *s, enum kgdb_kind kind, const char *regex)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	struct listing l = { 0 };
	static const char *const what[] = { "functions", "variables", "types" };

	if (regex && *regex) {
		char m[256];
		if (re_compile(&l.re, regex, REG_EXTENDED | REG_NOSUB, m, sizeof(m)) != 0)
			return crash_error(s, "Invalid regexp: %s", m);
		l.have_re = true;
		fprintf(out, "All %s matching regular expression \"%s\":\n", what[kind], regex);
	} else {
		fprintf(out, "All defined %s:\n", what[kind]);
	}
	int rc = kgdb_each(k, kind, matches, collect, &l);
	if (rc == 0 && !l.interrupted) {
		qsort(l.e, l.n, sizeof(*l.e), by_file_then_name);
		const char *file = NULL;
		for (size_t i = 0; i < l.n; i++) {
			struct entry *e = &l.e[i];
			/* one line per definition, however many units have it */
			if (i && !strcmp(e->file, l.e[i - 1].file) && e->line == l.e[i - 1].line &&
			    !strcmp(e->text, l.e[i - 1].text))
				continue;
			if (!file || strcmp(file, e->file)) {
				fprintf(out, "\nFile %s:\n", e->file);
				file = e->file;
			}
			if (e->line)
				fprintf(out, "%d:\t%s\n", e->line, e->text);
			else
				fprintf(out, "\t%s\n", e->text);
		}
		if (kind != KGDB_TYPES) {
			struct msyms m = { .l = &l, .k = k, .text = kind == KGDB_FUNCTIONS };
			kernel_symbol_foreach(k, msym, &m);
			if (m.n) {
				qsort(m.e, m.n, sizeof(*m.e), by_addr);
				fputs("\nNon-debugging symbols:\n", out);
				for (size_t i = 0; i < m.n; i++)
					if (!i || m.e[i].addr != m.e[i - 1].addr || strcmp(m.e[i].name, m.e[i - 1].name))
						fprintf(out, "0x%016" PRIx64 "  %s\n", m.e[i].addr, m.e[i].name);
			}
			free(m.e);
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		free(l.e[i].file);
		free(l.e[i].name);
		free(l.e[i].text);
	}
	free(l.e);
	if (l.have_re)
		regfree(&l.re);
	if (rc != 0)
		return crash_error(s, "%s", err_get());
	if (l.interrupted)
		return crash_error(s, "interrupted");
	return 0;
}

/* gdb's info registers: name, the raw value in hex from column 15, the
 * natural one from column 35 (code addresses with their symbol, flags by
 * name); what the context does not know is <unavailable>, as gdb says. */
static void one_register(struct crash_session *s, const char *name)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	char expr[64];
	struct kx_value v;
	snprintf(expr, sizeof(expr), "$%s", name);
	int col = fprintf(out, "%s", name);
	do {
		fputc(' ', out);
	} while (++col < 15);
	if (kx_eval(k, expr, 0, &v) != 0 || v.where != KX_REGISTER) {
		fprintf(out, "<unavailable>\n");
		return;
	}
	char raw[64];
	FILE *m = fmemopen(raw, sizeof(raw), "w");
	if (!m) {
		fprintf(out, "<unavailable>\n");
		return;
	}
	struct kx_format hex = { .letter = 'x' };
	int rc = kx_print(k, m, &v, &hex);
	long n = ftell(m);
	fclose(m);
	raw[n >= 0 && (size_t)n < sizeof(raw) ? n : 0] = '\0';
	if (rc != 0) {
		fprintf(out, "<unavailable>\n");
		return;
	}
	col += fprintf(out, "%s", raw);
	do {
		fputc(' ', out);
	} while (++col < 35);
	const struct ktype *t = ktype_strip(v.type.type);
	struct kx_format natural = { 0 };
	if (ktype_kind(t) == KT_POINTER) {
		enum ktype_kind target = ktype_kind(ktype_strip(ktype_target(t).type));
		natural.letter = target == KT_FUNCTION ? 'a' : 'x';
	}
	kx_print(k, out, &v, &natural);
	fputc('\n', out);
}

static int info_registers(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	struct arch_vm *vm = kernel_arch(k);
	if (!crash_current_task(s))
		return crash_error(s, "The program has no registers now.");
	struct arch_gdb_reg r;
	for (int i = 0; i < argc; i++) {
		const char *name = argv[i][0] == '$' ? argv[i] + 1 : argv[i];
		if (arch_gdb_reg(vm, name, &r) != 0)
			return crash_error(s, "Invalid register `%s'", name);
	}
	for (int i = 0; i < argc; i++)
		one_register(s, argv[i][0] == '$' ? argv[i] + 1 : argv[i]);
	for (int i = 0; !argc; i++) {
		const char *name = arch_gdb_reg_listed(vm, i);
		if (!name)
			break;
		one_register(s, name);
	}
	return 0;
}

static int info_run(struct crash_session *s, int argc, char **argv)
{
	if (argc < 2)
		return crash_error(s, "info symbol|address|line|functions|variables|types: which one?");
	const char *what = argv[1], *rest = crash_arg_text(s, 2);
	size_t n = strlen(what);
	/* gdb takes unique abbreviations */
	if (n >= 1 && !strncmp(what, "symbol", n) && n >= 2)
		return info_symbol(s, rest);
	if (n >= 2 && !strncmp(what, "address", n))
		return info_address(s, argc > 2 ? argv[2] : NULL);
	if (n >= 2 && !strncmp(what, "line", n))
		return info_line(s, rest);
	if (n >= 2 && !strncmp(what, "functions", n))
		return info_list(s, KGDB_FUNCTIONS, rest);
	if (n >= 2 && !strncmp(what, "variables", n))
		return info_list(s, KGDB_VARIABLES, rest);
	if (n >= 2 && !strncmp(what, "types", n))
		return info_list(s, KGDB_TYPES, rest);
	if ((n >= 1 && !strncmp(what, "registers", n)) || !strcmp(what, "all-registers"))
		return info_registers(s, argc - 2, argv + 2);
	return crash_error(s, "info %s is not available: crash has no embedded gdb (info symbol, address, "
			      "line, functions, variables, types and registers are)", what);
}

static const struct crash_cmd info_cmd = {
	.name = "info",
	.run = info_run,
	.summary = "what the debug information says of symbols, addresses and lines (gdb's info)",
	.synopsis = "symbol ADDR | address SYMBOL | line FUNC|*ADDR|FILE:LINE | functions|variables|types [REGEX] | registers [REG...]",
	.description =
		"gdb's info commands on the vmlinux's symbols and DWARF:\n"
		"\n"
		"  symbol ADDR      the symbol an address is in, and its section\n"
		"  address SYMBOL   where a symbol is: static storage, a function, a\n"
		"                   constant, or a symbol without debug information\n"
		"  line FUNC|*ADDR|FILE:LINE\n"
		"                   the source line and the addresses of its code\n"
		"  functions [REGEX], variables [REGEX], types [REGEX]\n"
		"                   the definitions whose names match, by source file, with\n"
		"                   their lines; then the symbols the debug information\n"
		"                   does not know (\"Non-debugging symbols\")\n"
		"  registers [REG...]\n"
		"                   the current context's registers (an active task's as\n"
		"                   its CPU saved them; of a sleeping one the pc, sp and fp\n"
		"                   of its switch frame, the others <unavailable>)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> info symbol schedule+4\n"
		"  schedule + 4 in section .text\n"
		"  crash> info line schedule\n"
		"  Line 6654 of \"kernel/sched/core.c\" starts at address 0xffffffffa6a114f0 <schedule> and ends at 0xffffffffa6a114f5 <schedule+5>.\n"
		"  crash> info functions ^__schedule$\n"
		"  All functions matching regular expression \"^__schedule$\":\n"
		"\n"
		"  File kernel/sched/core.c:\n"
		"  6464:	static void __schedule(unsigned int);\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(info_cmd)
