/* The modules walker (kernel-types/linux/modules.c) on the real code:
 * kernel_open() of the "modules" test kernel (6.4+'s mem[]) and of the
 * "modules_layout" one (core_layout and init_layout before): the modules
 * in list order with their names, code and memory, and a list that leads
 * into memory the dump does not have. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/modules.h"
#include "testkernel.h"

int main(void)
{
	struct tk_opts o = { .ncpus = 1, .kaslr = 0x800000 };
	struct testkernel *tk = tk_new("modules", &o);
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	struct kernel *k = tk_open(tk);
	struct kmodules m = { 0 };
	int r = k ? modules_read(k, &m) : -1;
	CHECK(r == 0 && m.mem && m.n == 2 && m.v[0].addr == tk_symbol(tk, "mod_dummy") &&
		      !strcmp(m.v[0].name, "dummy") && m.v[0].base == 0xffffffffc0002000ull &&
		      m.v[0].size == 4096 + 8192 + 4096 && !strcmp(m.v[1].name, "loop") &&
		      m.v[1].base == 0xffffffffc0001000ull && m.v[1].size == 20480,
	      "modules (mem[]): dummy then loop, text bases, memory of every kind (%zu: %s)", m.n,
	      r ? err_get() : "ok");
	free(m.v);
	kernel_close(k);

	/* dummy's next leads nowhere: an error, nothing half-read. */
	tk_write_u64(tk, tk_symbol(tk, "mod_dummy") + 8, 0xdead0000);
	k = tk_open(tk);
	r = k ? modules_read(k, &m) : 0;
	CHECK(r < 0 && !m.v && !m.n, "modules: a broken list is an error: %s", err_get());
	kernel_close(k);
	tk_free(tk);

	tk = tk_new("modules_layout", &o);
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	k = tk_open(tk);
	r = k ? modules_read(k, &m) : -1;
	CHECK(r == 0 && !m.mem && m.n == 1 && !strcmp(m.v[0].name, "old") &&
		      m.v[0].base == 0xffffffffc0010000ull && m.v[0].size == 12288 + 4096,
	      "modules (core_layout): base of the core, size of core and init (%s)",
	      r ? err_get() : "ok");
	free(m.v);
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
