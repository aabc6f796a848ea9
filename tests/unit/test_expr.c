/* The expression parser of p and eval on numbers alone (no kernel),
 * through the API 1.3 interface (kexpr_eval, which reads numbers as crash
 * users type addresses): arithmetic that C leaves undefined, or that
 * overflows its type, is an error worded as gdb's, never a silent 0.
 * tests/unit/test_expr_grammar.c covers the language on a test kernel. */
#include <string.h>

#include "common/err.h"
#include "kernel-types/expr.h"
#include "tests/unit/check.h"

static int eval(const char *text, uint64_t *v)
{
	struct kexpr e;
	if (kexpr_eval(NULL, text, &e) != 0)
		return -1;
	return kexpr_int(NULL, &e, v);
}

static void value_is(const char *text, uint64_t want)
{
	uint64_t v = 0;
	int rc = eval(text, &v);
	CHECK(rc == 0 && v == want, "%s = %#llx (got rc %d, %#llx: %s)", text,
	      (unsigned long long)want, rc, (unsigned long long)v, rc ? err_get() : "");
}

static void error_is(const char *text, const char *msg)
{
	uint64_t v = 0;
	int rc = eval(text, &v);
	CHECK(rc == -1 && strstr(err_get(), msg), "%s: error \"%s\" (got rc %d, %#llx, \"%s\")", text, msg,
	      rc, (unsigned long long)v, rc ? err_get() : "");
}

int main(void)
{
	value_is("1+2*3", 7);
	value_is("(1+2)*3", 9);
	value_is("1UL<<63", 1ull << 63);
	value_is("0x8000000000000000>>63", 1);
	value_is("-1", ~0ull);
	value_is("-9223372036854775807-1", 1ull << 63);
	value_is("ffff8d6b01208000", 0xffff8d6b01208000ull); /* an address without 0x */
	value_is("18446744073709551615", ~0ull); /* too big for hex: decimal */
	value_is("7%3", 1);
	value_is("0xff&0x0f|0x30", 0x3f);
	error_is("1<<63", "left shift count >= width of type"); /* 1 is an int */
	error_is("1UL<<64", "left shift count >= width of type");
	error_is("1<<100", "left shift count >= width of type");
	/* C's signed overflow (gdb wraps it silently) */
	error_is("-(-9223372036854775807-1)", "Integer overflow in `-'");
	error_is("1<<-1", "shift count is negative");
	error_is("(-9223372036854775807-1)/-1", "Integer overflow in `/'");
	error_is("(-9223372036854775807-1)%-1", "Integer overflow in `%'");
	error_is("1/0", "Division by zero");
	error_is("1%0", "Division by zero");
	error_is("99999999999999999999999", "Numeric constant too large.");
	error_is("0x10000000000000000", "Numeric constant too large.");
	error_is("jiffies", "");	/* a symbol needs a kernel */
	error_is("(1+2", "A syntax error in expression, near `'.");
	CHECK_DONE();
}
