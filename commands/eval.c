/* eval: an integer expression in hexadecimal, decimal, octal and binary. */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/expr.h"

static int eval_run(struct crash_session *s, int argc, char **argv)
{
	FILE *out = crash_out(s);
	char expr[1024] = "", bin[65];
	size_t len = 0;
	struct kexpr e;
	uint64_t v;

	optind = 1;
	for (int i = 1; i < argc; i++)
		len += (size_t)snprintf(expr + len, sizeof(expr) - len, "%s%s", i > 1 ? " " : "",
					argv[i]);
	if (!*expr)
		return crash_error(s, "an expression is needed");
	if (kexpr_eval(crash_kernel(s), expr, &e) != 0 || kexpr_int(crash_kernel(s), &e, &v) != 0)
		return crash_error(s, "%s", err_get());
	for (int i = 0; i < 64; i++)
		bin[i] = (char)('0' + ((v >> (63 - i)) & 1));
	bin[64] = '\0';
	fprintf(out, "hexadecimal: %" PRIx64 "  \n", v);
	fprintf(out, "    decimal: %" PRIu64 "  \n", v);
	fprintf(out, "      octal: %" PRIo64 "\n", v);
	fprintf(out, "     binary: %s\n", bin);
	return 0;
}

static const struct crash_cmd eval_cmd = {
	.name = "eval",
	.run = eval_run,
	.summary = "evaluate an expression",
	.synopsis = "expression",
	.description =
		"Evaluates an integer expression (numbers, symbols, + - * / % << >> & | ^\n"
		"~, parentheses) and shows the result in four bases.  Numbers are\n"
		"decimal unless written with 0x (octal with a leading 0), as in C.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> eval 0x100 + 20\n"
		"  hexadecimal: 114  \n"
		"      decimal: 276  \n"
		"        octal: 424\n"
		"       binary: 0000000000000000000000000000000000000000000000000000000100010100\n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(eval_cmd)
