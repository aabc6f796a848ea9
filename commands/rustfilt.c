/* rustfilt: a Rust symbol name demangled, from the argument alone (the
 * dump need not have Rust code). */
#include <stdlib.h>

#include "extensions/crash-api.h"

static int rustfilt_run(struct crash_session *s, int argc, char **argv)
{
	FILE *out = crash_out(s);

	if (argc < 2)
		return crash_error(s, "a symbol name is needed: rustfilt SYMBOL ...");
	for (int i = 1; i < argc; i++) {
		char *d = kdemangle_rust(argv[i]);
		/* Like c++filt and rustfilt, a name that is not Rust's
		 * comes back as it was. */
		fprintf(out, "%s\n", d ? d : argv[i]);
		free(d);
	}
	return 0;
}

static const struct crash_cmd rustfilt_cmd = {
	.name = "rustfilt",
	.run = rustfilt_run,
	.summary = "demangle a Rust symbol name",
	.synopsis = "symbol ...",
	.description =
		"Prints each mangled Rust symbol name in its readable form: the v0\n"
		"scheme of the kernel's Rust code (_R...) and the legacy one (_ZN...E,\n"
		"whose hash is left out).  A name that is not a Rust symbol is printed\n"
		"as it was.  It needs no Rust code in the dump.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> rustfilt _RNvCsgWw4ot4zJDK_10rust_panic10area_in_hp\n"
		"  rust_panic::area_in_hp\n"
		"\n"
		"  crash> rustfilt _ZN4core3ptr13drop_in_place17h05af221e174051e9E\n"
		"  core::ptr::drop_in_place\n",
	.flags = 0,
};
CRASH_BUILTIN_COMMAND(rustfilt_cmd)
