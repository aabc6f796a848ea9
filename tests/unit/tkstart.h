/* tk_start: the opening every test-kernel test does, checked once here:
 * build the test kernel NAME with opts and open it through kernel_open().
 * Each step prints its ok/not ok line (prefixed with what); on a failure
 * nothing is left to free and NULL comes back. */
#ifndef CRASH_TESTS_TKSTART_H
#define CRASH_TESTS_TKSTART_H

#include "check.h"
#include "common/err.h"
#include "testkernel.h"

static inline struct testkernel *tk_start(const char *name, const struct tk_opts *opts,
					  const char *what, struct kernel **k)
{
	struct testkernel *tk = tk_new(name, opts);
	*k = NULL;
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return NULL;
	*k = tk_open(tk);
	CHECK(*k, "%s: kernel_open: %s", what, *k ? "ok" : err_get());
	if (!*k) {
		tk_free(tk);
		return NULL;
	}
	return tk;
}

#endif
