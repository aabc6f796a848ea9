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
#include "kernel-types/addrarg.h"
#include "kernel-types/typeprint.h"
#include "kernels/expr.h"

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

/* s on one line (newlines as \n), for the check's message; the last
 * two results stay valid. */
static const char *one_line(const char *s)
{
	static char buf[2][4096];
	static int which;
	char *b = buf[which ^= 1];
	size_t n = 0;
	for (; *s && n + 3 < sizeof(buf[0]); s++) {
		if (*s == '\n') {
			b[n++] = '\\';
			b[n++] = 'n';
		} else {
			b[n++] = *s;
		}
	}
	b[n] = '\0';
	return b;
}

static void report(bool ok, const char *what, const char *expr, const char *want, const char *got)
{
	const char *e = one_line(expr);
	char shown[200];
	snprintf(shown, sizeof(shown), "%s", e);	/* a long expression cut short */
	CHECK(ok, "%s %s = %s", what, shown, one_line(want));
	if (!ok)
		printf("#   got: %s\n", one_line(got));
}

static void is(const char *expr, const char *want)
{
	char *got = show(expr, NULL);
	report(!strcmp(got, want), "p", expr, want, got);
	free(got);
}

static void fmt_is(const char *fmt, const char *expr, const char *want)
{
	char *got = show(expr, fmt);
	char what[16];
	snprintf(what, sizeof(what), "p%s", fmt);
	report(!strcmp(got, want), what, expr, want, got);
	free(got);
}

static void type_is(const char *expr, const char *want)
{
	char *got = type_of(expr);
	report(!strcmp(got, want), "whatis", expr, want, got);
	free(got);
}

static void run_checks(struct testkernel *tk, struct kx_settings *s, const struct kx_settings *crash)
{
	/* precedence and associativity */
	is("1 + 2 * 3", "7");
	is("(1 + 2) * 3", "9");
	is("7 - 2 - 1", "4");
	is("100 / 10 / 5", "2");
	is("2 * 3 + 4 * 5", "26");
	is("1 << 2 + 1", "8");
	is("1 + 2 << 1", "6");
	is("3 & 5 | 8 ^ 1", "9");
	is("1 | 2 ^ 3 & 4", "3");
	is("1 < 2 == 1", "1");
	is("2 > 1 > 0", "1");
	is("1 == 1 != 0", "1");
	is("5 > 3 && 2 > 1", "1");
	is("0 || 0", "0");
	is("1 || 0 && 0", "1");
	is("!0", "1");
	is("!5", "0");
	is("-~0", "1");
	is("~-1", "0");
	is("- - 5", "5");
	is("-(-5)", "5");
	is("1 ? 2 : 0 ? 3 : 4", "2");
	is("0 ? 2 : 0 ? 3 : 4", "4");
	is("(1, 2)", "2");
	is("1, 2, 3", "3");
	is("10 % 3", "1");
	is("-10 % 3", "-1");
	is("10 / -3", "-3");
	is("-7 / 2", "-3");
	/* literals, suffixes and their types */
	is("4294967296", "4294967296");
	is("12345678", "12345678");
	is("4294896029 - 4294896000", "29");
	is("0x10", "16");
	is("010", "8");
	is("0b101", "5");
	is("0", "0");
	is("0UL", "0");
	is("~0UL", "18446744073709551615");
	is("~0u", "4294967295");
	is("~0", "-1");
	is("2147483647", "2147483647");
	is("2147483648", "2147483648");
	is("4294967295", "4294967295");
	is("4294967296", "4294967296");
	is("0x7fffffff", "2147483647");
	is("0x80000000", "2147483648");
	is("0xffffffff", "4294967295");
	is("0x100000000", "4294967296");
	is("18446744073709551615", "18446744073709551615");
	is("9223372036854775808", "9223372036854775808");
	is("-2147483648", "-2147483648");
	is("1.5e3", "1500");
	is("1.", "1");
	is(".5", "0.5");
	is("0x1p3", "8");
	is("1e20", "1e+20");
	is("0.1", "0.10000000000000001");
	is("-0.0", "0");
	is("(float)0.1", "0.100000001");
	is("100.0/3", "33.333333333333336");
	is("1.0 / 3", "0.33333333333333331");
	is("2.0f / 3", "0.666666687");
	is("1e308 * 10", "inf");
	is("'A'", "65 'A'");
	is("'x'", "120 'x'");
	is("'\\x41'", "65 'A'");
	is("'\\101'", "65 'A'");
	is("'\\n'", "10 '\\n'");
	is("'\\0'", "0 '\\000'");
	is("'\\\\'", "92 '\\\\'");
	is("'\\''", "39 '\\''");
	is("\"abc\"", "\"abc\"");
	is("\"a\" \"b\"", "\"ab\"");
	is("\"tab\\there\"", "\"tab\\there\"");
	is("sizeof(\"abc\")", "4");
	is("\"abc\"[1]", "98 'b'");
	type_is("1", "int");
	type_is("1u", "unsigned int");
	type_is("1l", "long");
	type_is("1ul", "unsigned long");
	type_is("1lu", "unsigned long");
	type_is("1ll", "long long");
	type_is("1ull", "unsigned long long");
	type_is("2147483648", "long");
	type_is("4294967295", "long");
	type_is("0xffffffff", "unsigned int");
	type_is("0x80000000", "unsigned int");
	type_is("4294967296", "long");
	type_is("0x100000000", "long");
	type_is("18446744073709551615", "unsigned long");
	type_is("1.0", "double");
	type_is("1.0f", "float");
	type_is("'a'", "char");
	type_is("\"ab\"", "char [3]");
	type_is("sizeof(int)", "int");
	type_is("1 == 1", "int");
	/* usual arithmetic conversions */
	type_is("ex_char + ex_char", "int");
	type_is("ex_uint + ex_long", "long");
	type_is("ex_uint + 1", "unsigned int");
	type_is("ex_ulong + ex_long", "unsigned long");
	type_is("ex_long + 1LL", "long");
	type_is("ex_llong + ex_long", "long");
	type_is("ex_color_var + 1", "unsigned int");
	type_is("-ex_uchar", "int");
	type_is("~ex_short", "int");
	type_is("!ex_long", "int");
	type_is("ex_ushort << 1", "int");
	type_is("1.0f + 1.0f", "float");
	type_is("1.0f + 1", "float");
	type_is("ex_int * 1.0", "double");
	type_is("ex_head + 1", "struct ex_node *");
	type_is("ex_head - ex_head", "long");
	type_is("ex_head == 0", "int");
	is("5u - 6", "4294967295");
	is("1u - 2", "4294967295");
	is("4294967295u + 1", "0");
	is("18446744073709551615 + 1", "0");
	is("-ex_ulong", "1");
	is("-1 >> 1", "-1");
	is("-1 << 1", "-2");
	is("1 << 31", "-2147483648");
	is("1L << 63", "-9223372036854775808");
	is("ex_int * 1.0", "-42");
	is("ex_double * 2", "-4.5");
	is("ex_float * 2", "3");
	/* variables of every type */
	is("ex_char", "65 'A'");
	is("ex_schar", "-5 '\\373'");
	is("ex_uchar", "200 '\\310'");
	is("ex_short", "-300");
	is("ex_ushort", "65000");
	is("ex_int", "-42");
	is("ex_uint", "4000000000");
	is("ex_long", "-1234567890123");
	is("ex_ulong", "18446744073709551615");
	is("ex_llong", "9223372036854775807");
	is("ex_bool", "true");
	is("ex_float", "1.5");
	is("ex_double", "-2.25");
	is("ex_typed", "7");
	is("ex_color_var", "EX_BLUE");
	is("ex_bits_var", "EX_BIT1");
	is("(enum ex_bits)0", "0");
	is("(enum ex_bits)3", "(EX_BIT0 | EX_BIT1)");
	is("(enum ex_bits)11", "(EX_BIT0 | EX_BIT1 | EX_BIT3)");
	is("(enum ex_bits)16", "(unknown: 0x10)");
	is("(enum ex_color)9", "9");
	is("EX_GREEN", "EX_GREEN");
	is("EX_GREEN + 1", "6");
	is("EX_GREEN == 5", "1");
	type_is("EX_GREEN", "enum ex_color");
	/* arrays, strings, repeats */
	is("ex_arr", "{1, 2, 3, 4, 5}");
	is("ex_zeros", "{0 <repeats 16 times>}");
	is("ex_mixed", "{1, 2, 0 <repeats 11 times>, 9}");
	is("ex_grid", "{{1, 2, 3}, {4, 5, 6}}");
	is("ex_grid[1]", "{4, 5, 6}");
	is("ex_grid[1][2]", "6");
	is("ex_name", "\"init\", '\\000' <repeats 11 times>");
	is("ex_rep", "'a' <repeats 13 times>, \"b\\000\\000\\000\\000\\000\\000\\000\\000\\000\"");
	is("ex_full", "\"abcd\"");
	is("ex_str", "0xffffffff810010a3 \"hello\\tworld\"");
	is("ex_null_str", "0x0"); /* gdb: <cpu_number>: the test kernel's per-cpu section is at 0 */
	is("ex_longs", "{-1, 0, 1}");
	is("ex_nodes[0].vals", "{1, -1, 2, -2}");
	is("ex_arr[1]@3", "{2, 3, 4}");
	is("*ex_arr@2", "{1, 2}");
	is("ex_nodes[0].vals[1]@2", "{-1, 2}");
	is("ex_int@2", "{-42, -294967296}");
	is("*ex_str@3", "\"hel\"");
	is("ex_name[0]@4", "\"init\"");
	/* structs, unions, pointers, functions */
	is("ex_nodes[0]", "{id = 1, name = \"one\", '\\000' <repeats 12 times>, next = 0xffffffff81002368 <ex_nodes+104>, list = {next = 0xffffffff81002388 <ex_nodes+136>, prev = 0xffffffff81002440 <ex_list>}, f3 = 5, fs = -3, f9 = 300, color = EX_GREEN, on = true, u = {lval = 4702394921427289928, bytes = \"HGFEDCBA\"}, pair = {a = 10, b = 20}, op = 0xffffffff81000007 <ex_add>, label = 0xffffffff810010af \"first\", vals = {1, -1, 2, -2}}");
	is("ex_nodes[1]", "{id = 2, name = \"two\", '\\000' <repeats 12 times>, next = 0xffffffff810023d0 <ex_nodes+208>, list = {next = 0xffffffff810023f0 <ex_nodes+240>, prev = 0xffffffff81002320 <ex_nodes+32>}, f3 = 7, fs = 7, f9 = 0, color = EX_RED, on = false, u = {lval = 0, bytes = \"\\000\\000\\000\\000\\000\\000\\000\"}, pair = {a = 0, b = 0}, op = 0x0, label = 0xffffffff810022a0 <ex_name> \"init\", vals = {0, 0, 0, 0}}"); /* gdb: op = 0x0 <cpu_number> (per-cpu section at 0) */
	is("ex_nodes[0].u", "{lval = 4702394921427289928, bytes = \"HGFEDCBA\"}");
	is("ex_nodes[0].pair", "{a = 10, b = 20}");
	is("ex_nodes[0].f3", "5");
	is("ex_nodes[0].fs", "-3");
	is("ex_nodes[0].f9", "300");
	is("ex_nodes[0].on", "true");
	is("ex_nodes[0].color", "EX_GREEN");
	is("ex_nodes[2].color", "42");
	is("ex_nodes[1].label", "0xffffffff810022a0 <ex_name> \"init\"");
	is("ex_head", "(struct ex_node *) 0xffffffff81002300 <ex_nodes>");
	is("*ex_head", "{id = 1, name = \"one\", '\\000' <repeats 12 times>, next = 0xffffffff81002368 <ex_nodes+104>, list = {next = 0xffffffff81002388 <ex_nodes+136>, prev = 0xffffffff81002440 <ex_list>}, f3 = 5, fs = -3, f9 = 300, color = EX_GREEN, on = true, u = {lval = 4702394921427289928, bytes = \"HGFEDCBA\"}, pair = {a = 10, b = 20}, op = 0xffffffff81000007 <ex_add>, label = 0xffffffff810010af \"first\", vals = {1, -1, 2, -2}}");
	is("ex_head->next->name", "\"two\", '\\000' <repeats 12 times>");
	is("ex_head->next->id", "2");
	is("ex_head.next.next.id", "3");
	is("(*ex_head).id", "1");
	is("ex_pp", "(struct ex_node **) 0xffffffff81002450 <ex_head>");
	is("*ex_pp", "(struct ex_node *) 0xffffffff81002300 <ex_nodes>");
	is("**ex_pp", "{id = 1, name = \"one\", '\\000' <repeats 12 times>, next = 0xffffffff81002368 <ex_nodes+104>, list = {next = 0xffffffff81002388 <ex_nodes+136>, prev = 0xffffffff81002440 <ex_list>}, f3 = 5, fs = -3, f9 = 300, color = EX_GREEN, on = true, u = {lval = 4702394921427289928, bytes = \"HGFEDCBA\"}, pair = {a = 10, b = 20}, op = 0xffffffff81000007 <ex_add>, label = 0xffffffff810010af \"first\", vals = {1, -1, 2, -2}}");
	is("(*ex_pp)->pair.b", "20");
	is("ex_voidp", "(void *) 0xffffffff81002368 <ex_nodes+104>");
	is("ex_list", "{next = 0xffffffff81002320 <ex_nodes+32>, prev = 0xffffffff810023f0 <ex_nodes+240>}");
	is("&ex_list", "(struct list_head *) 0xffffffff81002440 <ex_list>");
	is("ex_list.next", "(struct list_head *) 0xffffffff81002320 <ex_nodes+32>");
	is("ex_add", "{int (int, int)} 0xffffffff81000007 <ex_add>");
	is("&ex_add", "(int (*)(int, int)) 0xffffffff81000007 <ex_add>");
	is("*ex_add", "{int (int, int)} 0xffffffff81000007 <ex_add>");
	is("ex_func", "{int (int)} 0xffffffff8100001b <ex_func>");
	is("ex_opp", "(int (*)(int, int)) 0xffffffff81000007 <ex_add>");
	is("*ex_opp", "{int (int, int)} 0xffffffff81000007 <ex_add>");
	is("ex_add + 1", "(int (*)(int, int)) 0xffffffff81000008 <ex_add+1>");
	is("ex_voidp + 1", "(void *) 0xffffffff81002369 <ex_nodes+105>");
	is("ex_str + 2", "0xffffffff810010a5 \"llo\\tworld\"");
	is("ex_arr + 1", "(int *) 0xffffffff81002214 <ex_arr+4>");
	is("*ex_arr", "1");
	is("ex_arr == &ex_arr[0]", "1");
	is("&ex_nodes[2] - &ex_nodes[0]", "2");
	is("ex_head == 0", "0");
	is("ex_nodes + 1", "(struct ex_node *) 0xffffffff81002368 <ex_nodes+104>");
	is("&ex_nodes[1]", "(struct ex_node *) 0xffffffff81002368 <ex_nodes+104>");
	is("&ex_nodes", "(struct ex_node (*)[3]) 0xffffffff81002300 <ex_nodes>");
	is("&ex_nodes[0].name", "(char (*)[16]) 0xffffffff81002304 <ex_nodes+4>");
	is("&ex_nodes[0].name[1]", "0xffffffff81002305 <ex_nodes+5> \"ne\"");
	is("&ex_nodes[0].pair.b", "(int *) 0xffffffff8100234c <ex_nodes+76>");
	is("linux_banner", "\"Linux version 6.1.0-tk (tk@testkernel) (gcc (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.0-tk (2024-01-01)\\n\"");
	is("&linux_banner", "(const char (*)[163]) 0xffffffff81001000 <linux_banner>");
	is("1 ? ex_head : 0", "(struct ex_node *) 0xffffffff81002300 <ex_nodes>");
	is("0 ? 1 : 2.5", "2.5");
	type_is("0 ? 1 : 2.5", "double");
	/* casts */
	is("(char)65", "65 'A'");
	is("(char)ex_int", "-42 '\\326'");
	is("(unsigned char)ex_int", "214 '\\326'");
	is("(unsigned char)300", "44 ','");
	is("(short)-1", "-1");
	is("(_Bool)5", "true");
	is("(float)1", "1");
	is("(double)ex_int", "-42");
	is("(long)ex_float", "1");
	is("(char)ex_double", "-2 '\\376'");
	is("(long)ex_head", "-2130697472");
	is("(struct ex_node *)ex_voidp", "(struct ex_node *) 0xffffffff81002368 <ex_nodes+104>");
	is("((struct ex_node *)ex_voidp)->id", "2");
	is("*(int *)ex_voidp", "2");
	is("{int}ex_voidp", "2");
	is("{struct ex_pair}&ex_nodes[0].pair", "{a = 10, b = 20}");
	is("(ex_pair_t)ex_nodes[0].pair", "{a = 10, b = 20}");
	is("(struct ex_pair)ex_long", "{a = -1912276171, b = -288}");
	is("(struct ex_stat)ex_nodes[0].pair", "{count = 85899345930, cpu = -2130706425}");
	is("(int)ex_nodes[0].pair", "10");
	is("(char (*)[16])ex_name", "(char (*)[16]) 0xffffffff810022a0 <ex_name>");
	is("*(char (*)[16])ex_name", "\"init\", '\\000' <repeats 11 times>");
	is("(void (*)(void))ex_add", "(void (*)(void)) 0xffffffff81000007 <ex_add>");
	is("(int (*)(int, int))0", "(int (*)(int, int)) 0x0"); /* gdb adds <cpu_number> (per-cpu section at 0) */
	is("(char[4])ex_int", "\"\\326\\377\\377\\377\"");
	is("(unsigned long)&ex_nodes[1] - (unsigned long)&ex_nodes[0]", "104");
	is("(ex_int_t)3", "3");
	is("(unsigned long long)-1", "18446744073709551615");
	is("(signed char)200", "-56 '\\310'");
	type_is("(char)1", "char");
	type_is("(struct ex_node *)0", "struct ex_node *");
	type_is("(void (*)(int))0", "void (*)(int)");
	type_is("(char (*)[16])0", "char (*)[16]");
	type_is("(int **)0", "int **");
	type_is("(const char *)0", "const char *");
	type_is("(unsigned long)0", "unsigned long");
	type_is("(long long unsigned)0", "unsigned long long");
	/* sizeof and _Alignof */
	is("sizeof(int)", "4");
	is("sizeof(char *)", "8");
	is("sizeof(struct ex_node)", "104");
	is("sizeof(ex_int_t)", "4");
	is("sizeof(int[10])", "40");
	is("sizeof(ex_nodes)", "312");
	is("sizeof ex_nodes[0]", "104");
	is("sizeof ex_arr / sizeof ex_arr[0]", "5");
	is("sizeof(ex_add)", "1");
	is("sizeof(void)", "1");
	is("sizeof('a')", "1");
	is("sizeof(long double)", "16");
	is("sizeof(union ex_node)", "error: This context has class, struct or enum ex_node, not a union.");
	is("_Alignof(struct ex_node)", "8");
	is("_Alignof(char)", "1");
	is("_Alignof(ex_pair_t)", "4");
	/* scopes */
	is("ex_func::calls", "3");
	is("'expr.c'::ex_static", "11");
	is("'tk_base.c'::nr_cpu_ids", "2"); /* gdb: 1, the ELF's value; the dump has 2 CPUs */
	is("ex_static", "11");
	type_is("ex_func::calls", "int");
	/* whatis of expressions */
	type_is("ex_nodes", "struct ex_node [3]");
	type_is("ex_nodes[0]", "struct ex_node");
	type_is("&ex_nodes[0]", "struct ex_node *");
	type_is("ex_nodes[0].name", "char [16]");
	type_is("&ex_nodes[0].name", "char (*)[16]");
	type_is("ex_head->op", "int (*)(int, int)");
	type_is("*ex_head", "struct ex_node");
	type_is("ex_add", "int (int, int)");
	type_is("&ex_add", "int (*)(int, int)");
	type_is("ex_typed", "ex_int_t");
	type_is("ex_nodes[0].u", "union {...}");
	type_is("ex_nodes[0].f3", "unsigned int");
	type_is("ex_arr[1]@3", "int [3]");
	type_is("$nonexistent", "void");
	/* history and convenience variables */
	is("$", "11");
	is("$$", "11");
	is("$1", "7");
	is("$$2", "11");
	is("$x = 5", "5");
	is("$x", "5");
	is("$x += 2", "7");
	is("$x++", "7");
	is("$x", "8");
	is("++$x", "9");
	is("$x--", "9");
	is("--$x", "7");
	is("$y", "void");
	type_is("$x", "int");
	is("$s = ex_nodes[0].pair", "{a = 10, b = 20}");
	is("$s.b", "20");
	is("$s = \"str\"", "\"str\"");
	is("$s", "\"str\"");
	/* print/FMT */
	fmt_is("/x", "ex_arr", "{0x1, 0x2, 0x3, 0x4, 0x5}");
	fmt_is("/d", "ex_name", "{105, 110, 105, 116, 0 <repeats 12 times>}");
	fmt_is("/c", "ex_arr", "{1 '\\001', 2 '\\002', 3 '\\003', 4 '\\004', 5 '\\005'}");
	fmt_is("/x", "ex_grid", "{{0x1, 0x2, 0x3}, {0x4, 0x5, 0x6}}");
	fmt_is("/x", "ex_float", "0x3fc00000");
	fmt_is("/d", "ex_float", "1069547520");
	fmt_is("/f", "ex_int", "-nan(0x7fffd6)");
	fmt_is("/f", "ex_long", "-nan(0xffee08e04fb35)");
	fmt_is("/f", "1", "1.40129846e-45");
	fmt_is("/f", "1.5", "1.5");
	fmt_is("/c", "ex_int", "-42 '\\326'");
	fmt_is("/c", "65", "65 'A'");
	fmt_is("/c", "300", "44 ','");
	fmt_is("/c", "200", "-56 '\\310'");
	fmt_is("/t", "ex_uchar", "11001000");
	fmt_is("/t", "10", "1010");
	fmt_is("/t", "0", "0");
	fmt_is("/o", "ex_short", "0177324");
	fmt_is("/o", "8", "010");
	fmt_is("/o", "0", "0");
	fmt_is("/a", "ex_head", "0xffffffff81002300 <ex_nodes>");
	fmt_is("/a", "ex_nodes[0].op", "0xffffffff81000007 <ex_add>");
	fmt_is("/a", "0", "0x0"); /* gdb: <cpu_number>: the test kernel's per-cpu section is at 0 */
	fmt_is("/s", "ex_name", "\"init\", '\\000' <repeats 11 times>");
	fmt_is("/s", "ex_str", "0xffffffff810010a3 \"hello\\tworld\"");
	fmt_is("/x", "ex_str", "0xffffffff810010a3");
	fmt_is("/s", "ex_int", "-42");
	fmt_is("/z", "ex_short", "0xfed4");
	fmt_is("/z", "5", "0x00000005");
	fmt_is("/z", "ex_arr", "{0x00000001, 0x00000002, 0x00000003, 0x00000004, 0x00000005}");
	fmt_is("/z", "0", "0x00000000");
	fmt_is("/u", "ex_schar", "251");
	fmt_is("/u", "-1", "4294967295");
	fmt_is("/d", "ex_uchar", "-56");
	fmt_is("/d", "0xff", "255");
	fmt_is("/x", "ex_bool", "0x1");
	fmt_is("/d", "ex_color_var", "6");
	fmt_is("/x", "ex_color_var", "0x6");
	fmt_is("/c", "ex_name", "{105 'i', 110 'n', 105 'i', 116 't', 0 '\\000' <repeats 12 times>}");
	fmt_is("/x", "ex_nodes[0].fs", "0xfffffffd");
	fmt_is("/t", "ex_nodes[0].fs", "11111111111111111111111111111101");
	fmt_is("/x", "-1", "0xffffffff");
	fmt_is("/x", "-1L", "0xffffffffffffffff");
	fmt_is("/x", "0", "0x0");
	fmt_is("/x", "ex_nodes[0]", "{id = 0x1, name = {0x6f, 0x6e, 0x65, 0x0 <repeats 13 times>}, next = 0xffffffff81002368, list = {next = 0xffffffff81002388, prev = 0xffffffff81002440}, f3 = 0x5, fs = 0xfffffffd, f9 = 0x12c, color = 0x5, on = 0x1, u = {lval = 0x4142434445464748, bytes = {0x48, 0x47, 0x46, 0x45, 0x44, 0x43, 0x42, 0x41}}, pair = {a = 0xa, b = 0x14}, op = 0xffffffff81000007, label = 0xffffffff810010af, vals = {0x1, 0xffff, 0x2, 0xfffe}}");
	fmt_is("/d", "ex_head", "-2130697472");
	fmt_is("/x", "ex_add", "0x55");
	fmt_is("/x", "1.5", "0x3ff8000000000000");
	fmt_is("/x", "(char)-1", "0xff");
	fmt_is("/d", "(unsigned char)200", "-56");
	/* errors */
	is("1 +", "error: A syntax error in expression, near `'.");
	is("(1", "error: A syntax error in expression, near `'.");
	is(")", "error: A syntax error in expression, near `)'.");
	is("1 2", "error: A syntax error in expression, near `2'.");
	is("ex_nodes[0].nosuch", "error: There is no member named nosuch.");
	is("ex_int.a", "error: Attempt to extract a component of a value that is not a structure.");
	is("ex_int[0]", "error: cannot subscript something of type `int'");
	is("*ex_int", "error: Cannot access memory at address 0xffffffffffffffd6");
	is("&5", "error: Attempt to take address of value not located in memory.");
	is("5@2", "error: Only values in memory can be extended with '@'.");
	is("ex_arr[0]@0", "error: Invalid number 0 of repetitions.");
	is("sizeof(struct nosuch)", "error: No struct type named nosuch.");
	is("(struct nosuch *)0", "error: No struct type named nosuch.");
	is("(nosuch_t)0", "error: No symbol \"nosuch_t\" in current context.");
	is("nosuch", "error: No symbol \"nosuch\" in current context.");
	is("nosuch + 1", "error: No symbol \"nosuch\" in current context.");
	is("'ab'", "error: Invalid character constant.");
	is("'nosuch.c'::x", "error: No symbol \"nosuch.c\" in current context.");
	is("ex_func::nosuch", "error: No symbol \"nosuch\" in specified context.");
	is("nosuch::x", "error: No symbol \"nosuch\" in current context.");
	is("'expr.c'::nosuch", "error: No symbol \"nosuch\" in specified context.");
	is("ex_add(1,2)", "error: You can't do that without a process to debug.");
	is("$99", "true");
	is("1/0", "error: Division by zero");
	is("1%0", "error: Division by zero");
	is("1.0/0", "inf");
	is("08", "error: Invalid number \"08\".");
	is("99999999999999999999", "error: Numeric constant too large.");

	/* what C leaves undefined is an error (gdb wraps or warns) */
	is("2147483647 + 1", "error: Integer overflow in `+': the result does not fit in int.");
	is("-2147483647 - 2", "error: Integer overflow in `-': the result does not fit in int.");
	is("1000000 * 1000000", "error: Integer overflow in `*': the result does not fit in int.");
	is("1000000L * 1000000", "1000000000000");
	is("0x7fffffffffffffff + 1", "error: Integer overflow in `+': the result does not fit in long.");
	is("-(-9223372036854775807-1)", "error: Integer overflow in `-': the result does not fit in long.");
	is("(-9223372036854775807-1)/-1", "error: Integer overflow in `/': the result does not fit in long.");
	is("(-9223372036854775807-1)%-1", "error: Integer overflow in `%': the result does not fit in long.");
	is("(-2147483647-1)/-1", "error: Integer overflow in `/': the result does not fit in int.");
	is("1<<64", "error: left shift count >= width of type");
	is("1<<32", "error: left shift count >= width of type");
	is("1L<<63", "-9223372036854775808");
	is("1<<-1", "error: left shift count is negative");
	is("1>>64", "error: right shift count >= width of type");
	is("ex_ulong + 1", "0");	/* unsigned arithmetic wraps, as C says */
	is("((((((((((((((((((((1))))))))))))))))))))", "1");
	{
		char deep[2000];
		size_t n = 0;
		for (int i = 0; i < 600; i++)
			deep[n++] = '(';
		deep[n++] = '1';
		for (int i = 0; i < 600; i++)
			deep[n++] = ')';
		deep[n] = '\0';
		is(deep, "error: Expression too complex.");
		n = 0;
		for (int i = 0; i < 600; i++)
			deep[n++] = '-';
		deep[n++] = '1';
		deep[n] = '\0';
		is(deep, "error: Expression too complex.");
	}
	/* types only: nothing is read, nothing divided */
	type_is("*(struct ex_node *)0", "struct ex_node");
	type_is("((struct ex_node *)0)->pair", "ex_pair_t");
	type_is("1/0", "int");
	type_is("$pc", "void (*)()");
	type_is("$sp", "void *");
	type_is("$rax", "int64_t");
	type_is("$eflags", "i386_eflags");
	type_is("$ds", "int32_t");	/* gdb types it though no note saves it */
	type_is("$eax", "int32_t");
	type_is("$ah", "int8_t");
	is("$pc", "error: No registers.");	/* no current context in this test */
	is("$ds", "error: $ds is not saved in the dump's CPU notes.");
	/* 0x gives hex, 0 octal, 0b binary; everything else is decimal */
	is("12345678 + 1", "12345679");
	is("ffff8d6b01208000", "error: No symbol \"ffff8d6b01208000\" in current context.");
	is("09", "error: Invalid number \"09\".");
	is("1x", "error: Invalid number \"1x\".");
	is("0x", "error: Invalid number \"0x\".");
	is("1uu", "error: Invalid number \"1uu\".");
	is("1lll", "error: Invalid number \"1lll\".");
	is("0x10000000000000000", "error: Numeric constant too large.");
	is("'", "error: Unmatched single quote.");
	is("''", "error: Empty character constant.");
	is("\"abc", "error: Unterminated string in expression.");
	is("1 # 2", "error: Invalid character '#' in expression.");
	is("", "error: A syntax error in expression, near `'.");
	is("$x = 1, $x + 1", "2");
	is("$x", "1");
	is("ex_int = 5", "error: Cannot access memory at address 0xffffffff810021c8: a crash dump cannot be written.");
	is("$pc = 0", "error: Cannot change the registers of a crash dump.");
	is("&$x", "error: Attempt to take address of value not located in memory.");
	is("*ex_voidp", "error: Attempt to take contents of a non-pointer value.");

	/* crash's own settings: pretty, no repeats, 256 elements */
	*s = *crash;
	is("ex_nodes[0].pair", "{\n  a = 10,\n  b = 20\n}");
	is("ex_name", "\"init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\"");
	is("ex_zeros", "{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}");
	is("ex_raw", "\"\\000\\001\\177\\200\\377\\060\""); /* gdb 13: \3770; crash's gdb 10 escapes the digit */
	is("ex_list", "{\n  next = 0xffffffff81002320 <ex_nodes+32>,\n  prev = 0xffffffff810023f0 <ex_nodes+240>\n}");
	{
		/* crash's radix 16 is gdb's output-radix 16: integers in hex,
		 * strings, enums and floats as they are */
		struct kx_value v;
		struct kx_format hex = { .radix = 16 };
		const char *exprs[][2] = {
			{ "ex_int", "0xffffffd6" }, { "ex_char", "0x41" }, { "ex_name", "\"init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\"" },
			{ "ex_color_var", "EX_BLUE" }, { "ex_double", "-2.25" }, { "ex_bool", "0x1" },
			{ "ex_head", "(struct ex_node *) 0xffffffff81002300 <ex_nodes>" },
			{ "ex_nodes[0].pair", "{\n  a = 0xa,\n  b = 0x14\n}" },
		};
		for (size_t i = 0; i < sizeof(exprs) / sizeof(exprs[0]); i++) {
			char *text = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&text, &len);
			int rc = kx_eval(K, exprs[i][0], 0, &v) == 0 ? kx_print(K, f, &v, &hex) : -1;
			fclose(f);
			report(rc == 0 && !strcmp(text, exprs[i][1]), "p -x", exprs[i][0], exprs[i][1], text);
			free(text);
		}
	}
	s->repeats = 10;
	is("ex_mixed", "{1, 2, 0 <repeats 11 times>, 9}");
	s->elements = 3;
	is("ex_arr", "{1, 2, 3...}");
	is("ex_str", "0xffffffff810010a3 \"hel\"...");
	s->elements = 256;
	s->null_stop = true;
	is("ex_rep", "'a' <repeats 13 times>, \"b\"");
	s->null_stop = false;
	s->symbol = false;
	is("ex_head", "(struct ex_node *) 0xffffffff81002300");
	*s = *crash;
	s->pretty = false;
	s->repeats = 10;
	s->elements = 200;

	/* eval's numbers: hex when obvious, k/m/g, symbols as addresses */
	{
		struct { const char *e; uint64_t v; } ev[] = {
			{ "ffff8d6b01208000", 0xffff8d6b01208000ull }, { "41dc065", 0x41dc065 }, { "128m", 128 << 20 },
			{ "2g + 16k", (2ull << 30) + 16384 }, { "100", 100 }, { "0x100 + 20", 276 },
			{ "ex_arr", 0 }, { "ex_arr + 8", 8 },
		};
		uint64_t ex_arr = tk_symbol(tk, "ex_arr");
		ev[6].v = ex_arr;
		ev[7].v = ex_arr + 8;
		for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
			struct kx_value v;
			uint64_t x = 0;
			int rc = kx_eval(K, ev[i].e, KX_CRASH_NUMBERS | KX_SYMBOL_ADDRESSES, &v);
			if (rc == 0)
				rc = kx_value_int(K, &v, &x);
			CHECK(rc == 0 && x == ev[i].v, "eval %s = %#llx (got %#llx%s%s)", ev[i].e, (unsigned long long)ev[i].v,
			      (unsigned long long)x, rc ? ": " : "", rc ? err_get() : "");
		}
	}

	/* address arguments */
	{
		uint64_t a = 0, arr = tk_symbol(tk, "ex_arr"), nodes = tk_symbol(tk, "ex_nodes");
		CHECK(addrarg_resolve(K, "ffffffff81002300", &a) == 0 && a == 0xffffffff81002300ull, "hex address");
		CHECK(addrarg_resolve(K, "0x1000", &a) == 0 && a == 0x1000, "0x address");
		CHECK(addrarg_resolve(K, "1000", &a) == 0 && a == 0x1000, "addresses are hex by default");
		CHECK(addrarg_resolve(K, "ex_arr", &a) == 0 && a == arr, "a symbol is its address");
		CHECK(addrarg_resolve(K, "ex_arr+8", &a) == 0 && a == arr + 8, "symbol+offset (decimal)");
		CHECK(addrarg_resolve(K, "ex_arr+0x10", &a) == 0 && a == arr + 16, "symbol+0xoffset");
		CHECK(addrarg_resolve(K, "ex_arr-4", &a) == 0 && a == arr - 4, "symbol-offset");
		CHECK(addrarg_resolve(K, "(ex_head)", &a) == 0 && a == nodes, "(expression): its value");
		CHECK(addrarg_resolve(K, "ex_head->next", &a) == 0 && a == nodes + sizeof(struct ex_node),
		      "an expression without parentheses");
		CHECK(addrarg_resolve(K, "&ex_nodes[2]", &a) == 0 && a == nodes + 2 * sizeof(struct ex_node), "&lvalue");
		CHECK(addrarg_resolve(K, "ex_nodes[1]", &a) == 0 && a == nodes + sizeof(struct ex_node),
		      "a struct lvalue: where it is");
		CHECK(addrarg_resolve(K, "ex_stats:1", &a) == 0 && a == tk_percpu(tk, "ex_stats", 1),
		      "per-cpu symbol:1: %s", err_get());
		CHECK(addrarg_resolve(K, "ex_stats:0", &a) == 0 && a == tk_percpu(tk, "ex_stats", 0), "per-cpu symbol:0");
		CHECK(addrarg_resolve(K, "ex_stats:a", &a) != 0 && strstr(err_get(), "one CPU"),
		      "a command taking one address refuses :a (%s)", err_get());
		uint64_t as[8];
		int cs[8];
		int n = addrarg_resolve_cpus(K, "ex_stats:a", as, cs, 8);
		CHECK(n == 2 && cs[0] == 0 && cs[1] == 1 && as[0] == tk_percpu(tk, "ex_stats", 0) &&
			      as[1] == tk_percpu(tk, "ex_stats", 1), "ex_stats:a: every CPU (%d)", n);
		n = addrarg_resolve_cpus(K, "ex_stats:1,0", as, cs, 8);
		CHECK(n == 2 && cs[0] == 0 && cs[1] == 1, "a cpu list");
		n = addrarg_resolve_cpus(K, "ex_stats:0-1", as, cs, 8);
		CHECK(n == 2, "a cpu range");
		n = addrarg_resolve_cpus(K, "ex_stats:2", as, cs, 8);
		CHECK(n < 0 && strstr(err_get(), "2 CPUs"), "a CPU the dump does not have: %s", err_get());
		n = addrarg_resolve_cpus(K, "ex_arr:1", as, cs, 8);
		CHECK(n < 0 && strstr(err_get(), "not a per-cpu"), "a cpuspec of a symbol that is not per-cpu: %s",
		      err_get());
		n = addrarg_resolve_cpus(K, "ex_stats:", as, cs, 8);
		CHECK(n < 0 && strstr(err_get(), "context"), "\":\" needs a current context: %s", err_get());
		CHECK(addrarg_resolve(K, "1 ? 2 : 3", &a) == 0 && a == 2, "?: is no cpuspec");
		CHECK(addrarg_resolve(K, "nosuch", &a) != 0 && strstr(err_get(), "No symbol \"nosuch\""),
		      "unknown name: %s", err_get());
		CHECK(addrarg_resolve(NULL, "ex_arr", &a) != 0, "no kernel: numbers only");
	}

	/* formats */
	{
		struct kx_format f;
		int count;
		CHECK(kx_parse_format("/4xg", &count, &f) == 0 && count == 4 && f.letter == 'x' && f.size == 8,
		      "/4xg");
		CHECK(kx_parse_format("/s", &count, &f) == 0 && count == -1 && f.letter == 's' && !f.size, "/s");
		CHECK(kx_parse_format("/2bw", &count, &f) == 0 && f.size == 4, "the last size letter counts");
		CHECK(kx_parse_format("/q", &count, &f) != 0 && !strcmp(err_get(), "Undefined output format \"q\"."),
		      "a bad format letter: %s", err_get());
		fmt_is("/i", "1", "error: Format letter \"i\" is meaningless in \"print\" command.");
	}

	/* the interface of API 1.3 */
	{
		struct kexpr e;
		uint64_t v = 0;
		CHECK(kexpr_eval(NULL, "1 + 2 * 3", &e) == 0 && kexpr_int(NULL, &e, &v) == 0 && v == 7,
		      "kexpr_eval without a kernel");
		CHECK(kexpr_eval(K, "ex_int", &e) == 0 && e.lvalue && e.bare_symbol &&
			      kexpr_int(K, &e, &v) == 0 && (int64_t)v == -42, "kexpr_eval of a variable");
		CHECK(kexpr_eval(K, "ex_nodes", &e) == 0 && kexpr_int(K, &e, &v) == 0 &&
			      v == tk_symbol(tk, "ex_nodes"), "kexpr_int of an array: its address");
	}
}

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
