/* ascii: a value's bytes as text (lowest-addressed byte first, as the
 * value sits in little-endian memory), or the ASCII chart. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

/* Names of the control characters, as the chart and the value form show
 * them. */
static const char *const ctl_names[32] = {
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS",  "HT",  "LF",
	"VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
	"SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US",
};

/* The chart: columns are the high nibble 0-7, rows the low one.  Crash's
 * own chart swaps ' with ` and - with _; this one shows each character
 * at its code. */
static void ascii_chart(FILE *out)
{
	fputs("\n      0    1   2   3   4   5   6   7\n    +-------------------------------\n",
	      out);
	for (int lo = 0; lo < 16; lo++) {
		char line[64];
		int len = snprintf(line, sizeof line, "  %X |", lo);
		for (int hi = 0; hi < 8; hi++) {
			int c = hi * 16 + lo;
			char cell[8];
			if (c < 32)
				snprintf(cell, sizeof cell, "%3s", ctl_names[c]);
			else if (c == ' ')
				snprintf(cell, sizeof cell, " SP");
			else if (c == 127)
				snprintf(cell, sizeof cell, "DEL");
			else
				snprintf(cell, sizeof cell, " %c ", c);
			len += snprintf(line + len, sizeof line - (size_t)len, " %s", cell);
		}
		while (len > 0 && line[len - 1] == ' ')	/* no trailing blanks */
			line[--len] = 0;
		fprintf(out, "%s\n", line);
	}
	fputc('\n', out);
}

static int ascii_value(struct crash_session *s, const char *arg)
{
	const char *h = arg;
	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	size_t n = strlen(h);
	if (n == 0 || strspn(h, "0123456789abcdefABCDEF") != n)
		return crash_error(s, "invalid input: \"%s\"", arg);
	if (n > 16)
		return crash_error(s, "input string too large: \"%s\" (%zu vs 16)", arg, n);
	uint64_t v = strtoull(h, NULL, 16);
	FILE *out = crash_out(s);
	fprintf(out, "%016llx: ", (unsigned long long)v);
	for (int i = 0; i < 8; i++) {
		unsigned c = (unsigned)(v >> (8 * i)) & 0xff;
		if (c < 32)
			fprintf(out, "<%s>", ctl_names[c]);
		else if (c < 127)
			fputc((int)c, out);
		else
			fprintf(out, "<%02x>", c);
	}
	fputc('\n', out);
	return 0;
}

static int ascii_run(struct crash_session *s, int argc, char **argv)
{
	int rc = 0;
	if (argc < 2) {
		ascii_chart(crash_out(s));
		return 0;
	}
	for (int i = 1; i < argc; i++)
		if (ascii_value(s, argv[i]) != 0)
			rc = -1;
	return rc;
}

static const struct crash_cmd ascii_cmd = {
	.name = "ascii",
	.run = ascii_run,
	.summary = "translate a hexadecimal string to ASCII",
	.synopsis = "[value ...]",
	.description =
		"Shows each hexadecimal value (up to 64 bits, \"0x\" optional) as the\n"
		"eight characters its bytes hold in memory, lowest byte first: a\n"
		"control character as its name (<NUL>, <LF>), a byte above 0x7e in hex\n"
		"(<ff>).  Without a value, prints the ASCII chart (column: high\n"
		"nibble, row: low nibble).  Crash's chart swaps ' with ` and - with _;\n"
		"this one puts each character at its code.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> ascii 62696c2f7273752f\n"
		"  62696c2f7273752f: /usr/lib\n"
		"  crash> ascii 0a00414243\n"
		"  0000000a00414243: CBA<NUL><LF><NUL><NUL><NUL>\n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(ascii_cmd)
