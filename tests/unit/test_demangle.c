/* kdemangle_rust() (kernel-types/demangle.c): v0 and legacy Rust names,
 * generics and impls, and what is not a Rust name (C, C++, damaged,
 * overlong), which must give NULL, never a crash. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "kernel-types/demangle.h"

static void want(const char *in, const char *out)
{
	char *d = kdemangle_rust(in);
	if (out)
		CHECK(d && !strcmp(d, out), "%s -> %s (got %s)", in, out, d ? d : "NULL");
	else
		CHECK(!d, "%s is not a Rust name (got %s)", in, d ? d : "NULL");
	free(d);
}

int main(void)
{
	/* v0, as the kernel's Rust code is mangled */
	want("_RNvCsgWw4ot4zJDK_10rust_panic10area_in_hp", "rust_panic::area_in_hp");
	want("_RNvNtCs1234_7mycrate3foo3bar", "mycrate::foo::bar");
	want("_RNvMs_NtCs5FMDDtMFcPp_4core3fmtNtB4_9Formatter3pad", "<core::fmt::Formatter>::pad");
	want("_RINvNtCs1234_4core3mem4swapjEB4_", "core::mem::swap::<usize>");
	/* legacy: the hash is left out, $ escapes decoded */
	want("_ZN4core3ptr13drop_in_place17h05af221e174051e9E", "core::ptr::drop_in_place");
	want("_ZN3foo3bar17h05af221e174051e9E", "foo::bar");
	want("_ZN71_$LT$Test$u20$$u2b$$u20$$u27$static$u20$as$u20$foo..Bar$LT$Test$GT$$GT$3bar17h930b740aa94f1d3aE",
	     "<Test + 'static as foo::Bar<Test>>::bar");
	/* not Rust */
	want("printk", NULL);
	want("", NULL);
	want("_ZN3foo3barE", NULL);	/* C++, no Rust hash */
	want("_ZN9wikipedia7article6formatEv", NULL);
	want("_RNv", NULL);		/* cut short */
	want("_RNvCs_", NULL);
	want("_R" "B0_", NULL);		/* a back-reference to itself */
	char *big = malloc(100000);
	memset(big, 'N', 99999);
	big[0] = '_', big[1] = 'R', big[99999] = 0;
	char *d = kdemangle_rust(big);	/* overlong: refused before parsing */
	CHECK(!d, "a 99999-character name is refused");
	free(d);
	free(big);
	CHECK(!kdemangle_rust(NULL), "NULL is not a Rust name");
	CHECK_DONE();
}
