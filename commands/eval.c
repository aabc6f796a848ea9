/* eval: an integer expression in hexadecimal, decimal, octal and binary,
 * as crash shows it. */
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

static int eval_run(struct crash_session *s, int argc, char **argv)
{
	FILE *out = crash_out(s);
	bool bits = false;
	struct kx_value v;
	uint64_t x;
	char bin[65], size[48] = "";
	int i;

	/* -b and -l (64 bits: always, here) come first; -5 is a number */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] && strspn(argv[i] + 1, "bl") == strlen(argv[i] + 1); i++)
		if (strchr(argv[i], 'b'))
			bits = true;
	const char *text = crash_arg_text(s, i);
	if (!text || !*text)
		return crash_error(s, "an expression is needed");
	/* crash's numbers: hex when obvious ("ffff8d6b01208000", "41dc065"),
	 * 16k, 64m, 2g; a symbol is its address */
	if (kx_eval(crash_kernel(s), text, KX_CRASH_NUMBERS | KX_SYMBOL_ADDRESSES, &v) != 0 ||
	    kx_value_int(crash_kernel(s), &v, &x) != 0)
		return crash_error(s, "%s", err_get());
	for (int b = 0; b < 64; b++)
		bin[b] = (char)('0' + ((x >> (63 - b)) & 1));
	bin[64] = '\0';
	if (x && !(x & ((1ull << 30) - 1)))
		snprintf(size, sizeof(size), "  (%" PRIu64 "GB)", x >> 30);
	else if (x && !(x & ((1ull << 20) - 1)))
		snprintf(size, sizeof(size), "  (%" PRIu64 "MB)", x >> 20);
	else if (x && !(x & 1023))
		snprintf(size, sizeof(size), "  (%" PRIu64 "KB)", x >> 10);
	else
		snprintf(size, sizeof(size), "  ");
	fprintf(out, "hexadecimal: %" PRIx64 "%s\n", x, size);
	if ((int64_t)x < 0)
		fprintf(out, "    decimal: %" PRIu64 "  (%" PRId64 ")\n", x, (int64_t)x);
	else
		fprintf(out, "    decimal: %" PRIu64 "  \n", x);
	fprintf(out, "      octal: %" PRIo64 "\n", x);
	fprintf(out, "     binary: %s\n", bin);
	if (bits) {
		fputs("   bits set: ", out);
		for (int b = 63; b >= 0; b--)
			if ((x >> b) & 1)
				fprintf(out, "%d ", b);
		fputc('\n', out);
	}
	return 0;
}

static const struct crash_cmd eval_cmd = {
	.name = "eval",
	.run = eval_run,
	.summary = "evaluate an expression",
	.synopsis = "[-b][-l] (expression) | value",
	.description =
		"Evaluates an integer expression and shows the result in hexadecimal,\n"
		"decimal, octal and binary; a result that is a whole number of gigabytes,\n"
		"megabytes or kilobytes is shown so beside the hexadecimal, and one with\n"
		"the top bit set in signed decimal too.  The expression is C, as p takes it,\n"
		"with crash's numbers: decimal, or hexadecimal with 0x or when obvious\n"
		"(\"41dc065\", \"ffff8d6b01208000\"), and a k, m or g after a number multiplies\n"
		"it by 1024, 1 MB or 1 GB.  A symbol stands for its address.\n"
		"\n"
		"  -b  list the bits that are set\n"
		"  -l  64-bit values (always so on x86_64)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> eval 128m\n"
		"  hexadecimal: 8000000  (128MB)\n"
		"      decimal: 134217728  \n"
		"        octal: 1000000000\n"
		"       binary: 0000000000000000000000000000000000001000000000000000000000000000\n"
		"  crash> eval -b 0x100 + 20\n"
		"  hexadecimal: 114  \n"
		"      decimal: 276  \n"
		"        octal: 424\n"
		"       binary: 0000000000000000000000000000000000000000000000000000000100010100\n"
		"     bits set: 8 4 2 \n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(eval_cmd)
