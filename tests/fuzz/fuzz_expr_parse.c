/* libFuzzer target: the expression language (kernel-types/expr.h) on the
 * "expr" test kernel (tests/unit/kernels/expr.c, dumped by
 * tests/unit/testkernel.c): any text is lexed, parsed and evaluated, for
 * its type only and for real, printed in a format the first bytes may
 * give ("/x ..."), taken as eval takes it, as a type name for ptype and as
 * an address argument with a cpuspec.  Each must give a value or a
 * one-line error: no crash, no sanitizer report, no hang, and memory that
 * stays bounded over millions of inputs.
 *
 * FUZZ_EXPR_KERNEL names the test kernel's ELF (tests/fuzz/run passes
 * build/release/tests/unit/kernels/expr.elf). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/addrarg.h"
#include "kernel-types/expr.h"
#include "kernel-types/typeprint.h"
#include "tests/unit/testkernel.h"

static struct testkernel *tk;	/* kept for the process's life */
static struct kernel *K;
static FILE *null;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *elf = getenv("FUZZ_EXPR_KERNEL");
	tk = tk_new(elf ? elf : "build/release/tests/unit/kernels/expr.elf",
				       &(struct tk_opts){ .ncpus = 2 });
	if (!tk || !(K = tk_open(tk))) {
		fprintf(stderr, "fuzz_expr_parse: no test kernel: %s\n", err_get());
		exit(1);
	}
	null = fopen("/dev/null", "w");
	/* gdb's repeats and a small limit, to reach those paths */
	kx_settings()->repeats = 10;
	kx_settings()->elements = 64;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[4096];
	struct kx_value v;
	struct kx_format f = { 0 };
	struct kqtype t;
	uint64_t addrs[4], x;
	int cpus[4], count;

	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *expr = text;
	if (text[0] == '/') {
		/* "/FMT expr" */
		size_t n = strcspn(text, " ");
		char fmt[64];
		snprintf(fmt, sizeof(fmt), "%.*s", (int)(n < 63 ? n : 63), text);
		if (kx_parse_format(fmt, &count, &f) != 0)
			memset(&f, 0, sizeof(f));
		expr = text + n + (text[n] == ' ');
	}
	if (f.letter == 'i')
		f.letter = 0;
	f.radix = (size & 1) ? 16 : 10;
	if (kx_eval(K, expr, 0, &v) == 0) {
		kx_print(K, null, &v, &f);
		kx_value_int(K, &v, &x);
		kx_value_address(K, &v, &x);
	}
	if (kx_eval(K, expr, KX_NO_SIDE_EFFECTS, &v) == 0)
		tp_ptype(K, null, v.type);
	if (kx_eval(K, expr, KX_CRASH_NUMBERS | KX_SYMBOL_ADDRESSES, &v) == 0)
		kx_value_int(K, &v, &x);
	if (kx_eval(NULL, expr, 0, &v) == 0)
		kx_print(NULL, null, &v, &f);
	if (kx_parse_typename(K, expr, &t) == 0)
		tp_ptype(K, null, t);
	addrarg_resolve_cpus(K, expr, addrs, cpus, 4);
	return 0;
}
