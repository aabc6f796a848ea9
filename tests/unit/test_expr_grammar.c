/* The expression language (kernel-types/expr.h) on the "expr" test
 * kernel (tests/unit/kernels/expr.c), dumped without KASLR so that its
 * addresses are the ELF's: every expected string below is what gdb 13
 * prints for the same expression on build/.../kernels/expr.elf (gdb's
 * defaults: set print pretty off, repeats 10, elements 200), unless a
 * comment says why it differs.  Covered: precedence and associativity,
 * literals and their suffixes and types, casts of every kind, sizeof and
 * _Alignof, ?:, the comma, '@', members through pointers, scopes, the
 * value history and convenience variables, print/FMT letters, and the
 * errors (overflow, division by zero, shifts, syntax), worded as gdb's.
 *
 *   test_expr_grammar              the checks
 *   test_expr_grammar EXPR...      print each as p would (for comparing
 *                                  with gdb by hand) */
#include "check.h"
#include "testkernel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/expr.h"
#include "kernel-types/gdbinfo.h"
#include "kernel-types/typeprint.h"

static struct kernel *K;

/* What gdb's print (with /fmt when letter) shows after "$N = ", or
 * "error: MESSAGE". */
static char *show(const char *expr, const char *fmt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct kx_value v;
	struct kx_format kf = { 0 };
	int count;
	if (fmt && kx_parse_format(fmt, &count, &kf) != 0) {
		fprintf(f, "error: %s", err_get());
	} else if (kx_eval(K, expr, 0, &v) != 0) {
		fprintf(f, "error: %s", err_get());
	} else {
		char *vt = NULL;
		size_t vl = 0;
		FILE *g = open_memstream(&vt, &vl);
		int rc = kx_print(K, g, &v, &kf);
		fclose(g);
		if (rc != 0)
			fprintf(f, "error: %s", err_get());
		else {
			fputs(vt, f);
			kx_history_add(K, &v);
		}
		free(vt);
	}
	fclose(f);
	return text;
}

static char *type_of(const char *expr)
{
	struct kx_value v;
	char d[512];
	if (kx_eval(K, expr, KX_NO_SIDE_EFFECTS, &v) != 0) {
		snprintf(d, sizeof(d), "error: %s", err_get());
		return strdup(d);
	}
	tp_decl(v.type, NULL, d, sizeof(d));
	return strdup(d);
}

static void is(const char *expr, const char *want)
{
	char *got = show(expr, NULL);
	CHECK(!strcmp(got, want), "p %s = %s%s%s", expr, want, strcmp(got, want) ? "  (got: " : "",
	      strcmp(got, want) ? got : "");
	if (strcmp(got, want))
		printf("#   got: %s\n", got);
	free(got);
}

static void fmt_is(const char *fmt, const char *expr, const char *want)
{
	char *got = show(expr, fmt);
	CHECK(!strcmp(got, want), "p%s %s = %s", fmt, expr, want);
	if (strcmp(got, want))
		printf("#   got: %s\n", got);
	free(got);
}

static void type_is(const char *expr, const char *want)
{
	char *got = type_of(expr);
	CHECK(!strcmp(got, want), "whatis %s = %s", expr, want);
	if (strcmp(got, want))
		printf("#   got: %s\n", got);
	free(got);
}

#include "test_expr_grammar.inc"

int main(int argc, char **argv)
{
	struct testkernel *tk = tk_new("expr", &(struct tk_opts){ .ncpus = 2 });
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	K = tk_open(tk);
	CHECK(K, "tk_open: %s", K ? "ok" : err_get());
	if (!K) {
		tk_free(tk);
		CHECK_DONE();
	}
	/* gdb's own print settings */
	struct kx_settings *s = kx_settings(), saved = *s;
	s->pretty = false;
	s->repeats = 10;
	s->elements = 200;
	if (argc > 1) {
		for (int i = 1; i < argc; i++) {
			const char *e = argv[i], *fmt = NULL;
			char f[16];
			if (e[0] == '/') {
				size_t n = strcspn(e, " ");
				snprintf(f, sizeof(f), "%.*s", (int)n, e);
				fmt = f;
				e += n + (e[n] == ' ');
			}
			if (!strncmp(e, "whatis ", 7)) {
				char *t = type_of(e + 7);
				printf("type = %s\n", t);
				free(t);
				continue;
			}
			char *got = show(e, fmt);
			printf("%s\n", got);
			free(got);
		}
	} else {
		run_checks(tk, s, &saved);
	}
	*s = saved;
	kernel_close(K);
	tk_free(tk);
	CHECK_DONE();
}
