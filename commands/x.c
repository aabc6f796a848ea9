/* x: gdb's examine command, x/NFU ADDRESS, on kernel memory read as rd
 * reads it (kernel_read).  The format and unit size stay as last given,
 * and x alone goes on after the last unit shown, as in gdb. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

static struct {
	char letter;
	int size;
	uint64_t next;
	bool have_next;
} last = { 'x', 4, 0, false };

static void label(struct crash_session *s, FILE *out, uint64_t a)
{
	uint64_t off;
	const char *sym = kgdb_symbol_at(crash_kernel(s), a, &off);
	fprintf(out, "0x%" PRIx64, a);
	if (sym && off)
		fprintf(out, " <%s+%" PRIu64 ">", sym, off);
	else if (sym)
		fprintf(out, " <%s>", sym);
	fputc(':', out);
}

/* One unit of memory as gdb's x shows it. */
static void unit(struct crash_session *s, FILE *out, char letter, int size, uint64_t v)
{
	uint64_t m = size >= 8 ? v : v & ((1ull << (size * 8)) - 1);
	int64_t sv = size >= 8 ? (int64_t)v : (int64_t)(v << (64 - size * 8)) >> (64 - size * 8);
	switch (letter) {
	case 'x':
	case 'z':
		fprintf(out, "0x%0*" PRIx64, size * 2, m);
		break;
	case 'd':
		fprintf(out, "%" PRId64, sv);
		break;
	case 'u':
		fprintf(out, "%" PRIu64, m);
		break;
	case 'o':
		if (m)
			fprintf(out, "0%" PRIo64, m);
		else
			fputc('0', out);
		break;
	case 't':
		for (int i = size * 8 - 1; i >= 0; i--)
			fputc('0' + (int)((m >> i) & 1), out);
		break;
	case 'a': {
		uint64_t off;
		const char *sym = kgdb_symbol_at(crash_kernel(s), m, &off);
		fprintf(out, "0x%" PRIx64, m);
		if (sym && off)
			fprintf(out, " <%s+%" PRIu64 ">", sym, off);
		else if (sym)
			fprintf(out, " <%s>", sym);
		break;
	}
	case 'c':
	case 'f': {
		/* a value of the unit's type, printed as print prints one */
		struct kx_value c;
		struct kx_format f = { .letter = letter == 'c' ? 'c' : 0 };
		const char *t = letter == 'c' ? "(char)0" : size == 4 ? "(float)0" : "(double)0";
		if (kx_eval(NULL, t, 0, &c) == 0) {
			memcpy(c.bytes, &m, letter == 'c' ? 1 : (size_t)size);
			kx_print(NULL, out, &c, &f);
		}
		break;
	}
	default:
		fprintf(out, "0x%" PRIx64, m);
	}
}

static int strings(struct crash_session *s, FILE *out, uint64_t a, int count)
{
	struct kernel *k = crash_kernel(s);
	for (int i = 0; i < count && !crash_interrupted(); i++) {
		struct kx_value v;
		char e[64];
		label(s, out, a);
		fputc('\t', out);
		/* the string at a, as print shows a char pointer's */
		snprintf(e, sizeof(e), "(char *)0x%" PRIx64, a);
		if (kx_eval(k, e, 0, &v) != 0)
			return crash_error(s, "%s", err_get());
		char buf[1];
		if (kernel_read(k, a, buf, 1) != 0) {
			fputc('\n', out);
			return crash_error(s, "Cannot access memory at address 0x%" PRIx64, a);
		}
		/* only the string: the pointer printer puts the address first */
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		kx_print(k, mem, &v, NULL);
		fclose(mem);
		const char *q = strchr(text, '"');
		fprintf(out, "%s\n", q ? q : "\"\"");
		/* on after the NUL */
		uint64_t n = 0;
		unsigned char c;
		while (n < 65536 && kernel_read(k, a + n, &c, 1) == 0 && c)
			n++;
		free(text);
		a += n + 1;
	}
	last.next = a;
	last.have_next = true;
	return 0;
}

static int x_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int count = 1, i = 1;
	char letter = last.letter;
	int size = last.size;
	bool size_given = false;

	if (i < argc && argv[i][0] == '/') {
		struct kx_format f;
		int n;
		if (kx_parse_format(argv[i], &n, &f) != 0)
			return crash_error(s, "%s", err_get());
		if (n >= 0)
			count = n;
		if (f.letter)
			letter = f.letter;
		if (f.size) {
			size = f.size;
			size_given = true;
		}
		i++;
	}
	if (letter == 'i')
		return crash_error(s, "x/i: use dis to disassemble");
	/* a, and c without a size, take their natural unit */
	if (letter == 'a' && !size_given)
		size = 8;
	else if (letter == 'c' && !size_given)
		size = 1;
	else if (letter == 'f' && size != 4 && size != 8)
		size = 8;
	uint64_t a;
	const char *text = crash_arg_text(s, i);
	if (text && *text) {
		struct kx_value v;
		if (kx_eval(k, text, 0, &v) != 0 || kx_value_address(k, &v, &a) != 0)
			return crash_error(s, "%s", err_get());
	} else if (last.have_next) {
		a = last.next;
	} else {
		return crash_error(s, "Argument required (starting display address).");
	}
	last.letter = letter;
	if (letter != 's')
		last.size = size;
	if (letter == 's')
		return strings(s, out, a, count);

	int per_line = size == 8 ? 2 : size == 4 ? 4 : 8;
	if (letter == 'a')
		per_line = 2;
	uint64_t v = 0, at = a;
	for (int n = 0; n < count && !crash_interrupted(); n++) {
		if (n % per_line == 0) {
			if (n)
				fputc('\n', out);
			label(s, out, at);
		}
		v = 0;
		if (kernel_read(k, at, &v, (size_t)size) != 0) {
			fputc('\n', out);
			last.next = at;
			last.have_next = true;
			return crash_error(s, "Cannot access memory at address 0x%" PRIx64, at);
		}
		fputc('\t', out);
		unit(s, out, letter, size, v);
		at += (uint64_t)size;
	}
	fputc('\n', out);
	last.next = at;
	last.have_next = true;
	/* gdb's $_: the last unit examined; $__: its contents */
	struct kx_value c;
	char e[80];
	snprintf(e, sizeof(e), "(%s)0x%" PRIx64, size == 8 ? "long" : size == 4 ? "int" : size == 2 ? "short" : "char",
		 (uint64_t)(size >= 8 ? v : v & ((1ull << (size * 8)) - 1)));
	if (kx_eval(k, e, 0, &c) == 0)
		kx_set_last_examined(k, at - (uint64_t)size, &c);
	return 0;
}

static const struct crash_cmd x_cmd = {
	.name = "x",
	.run = x_run,
	.summary = "examine memory, gdb's x/NFU",
	.synopsis = "[/NFU] [address expression]",
	.description =
		"Shows N units of kernel memory from an address as gdb's x does, each line\n"
		"headed by its address and the symbol it is in.  The address is an\n"
		"expression, as p takes it (decimal unless 0x; a pointer's value; where a\n"
		"struct, array or function lives).  Format and size stay as last given;\n"
		"x alone goes on after the last unit shown.\n"
		"\n"
		"  N  how many units (1)\n"
		"  F  x (hex, the first default), d, u, o, t (binary), z, a (address and\n"
		"     symbol), c (character), f (floating), s (string)\n"
		"  U  b (1 byte), h (2), w (4, the first default), g (8)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> x/4xg &jiffies\n"
		"  0xffffffffa7a079c0 <jiffies_64>:	0x00000000fffef0e3	0x0000000000000000\n"
		"  0xffffffffa7a079d0:	0x0000000000000000	0x0000000000000000\n"
		"  crash> x/s linux_banner\n"
		"  0xffffffffa711ffe0 <linux_banner>:	\"Linux version 6.1.0-57-cloud-amd64 ...\"\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(x_cmd)
