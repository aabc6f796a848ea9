/* sysinfo's system call table and DMI strings (ksys_syscalls, ksys_dmi)
 * on the real code: kernel_open() of the "sysinfo" test kernel, plain and
 * with KASLR in a kdump file; the table's length from its symbol's size,
 * each entry's function, the source line sys -c prints, the DMI strings
 * that are set in enum order, and a damaged table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/sysinfo.h"
#include "testkernel.h"
#include "tkstart.h"

struct dmi {
	int n;
	char field[8][32], value[8][32];
};

static int see_dmi(void *arg, const char *field, const char *value)
{
	struct dmi *d = arg;
	if (d->n < 8) {
		snprintf(d->field[d->n], sizeof(d->field[0]), "%s", field);
		snprintf(d->value[d->n], sizeof(d->value[0]), "%s", value);
	}
	d->n++;
	return 0;
}

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("sysinfo", o, what, &k);
	if (!tk)
		return;
	uint64_t *fns = NULL;
	int n = ksys_syscalls(k, &fns);
	CHECK(n == 4, "%s: sys_call_table: 4 entries from its symbol's size (%d: %s)", what, n,
	      n < 0 ? err_get() : "ok");
	if (n == 4) {
		CHECK(fns[0] == tk_symbol(tk, "__x64_sys_read") && fns[1] == tk_symbol(tk, "__x64_sys_write") &&
			      fns[2] == tk_symbol(tk, "__x64_sys_ni_syscall") && fns[3] == fns[2],
		      "%s: sys_call_table: each entry's function, run-time addresses", what);
		uint64_t off = 1;
		const char *name = kernel_symbol_at(k, fns[0], &off);
		CHECK(name && !strcmp(name, "__x64_sys_read") && off == 0, "%s: entry 0 names __x64_sys_read",
		      what);
		char file[256];
		int line = 0;
		CHECK(kernel_srcline(k, fns[1], file, sizeof(file), &line) == 0 && strstr(file, "sysinfo.c") &&
			      line == 8,
		      "%s: entry 1's source line is sysinfo.c: 8 (%s: %d)", what, file, line);
	}
	free(fns);

	struct dmi d = { 0 };
	int r = ksys_dmi(k, see_dmi, &d);
	CHECK(r == 0 && d.n == 3, "%s: dmi_ident: the three strings that are set (%d: %s)", what, d.n,
	      r ? err_get() : "ok");
	CHECK(!strcmp(d.field[0], "DMI_BIOS_VENDOR") && !strcmp(d.value[0], "SeaBIOS") &&
		      !strcmp(d.field[1], "DMI_SYS_VENDOR") && !strcmp(d.value[1], "QEMU") &&
		      !strcmp(d.field[2], "DMI_PRODUCT_NAME") && !d.value[2][0],
	      "%s: dmi_ident: by enum dmi_field, in its order, the empty one too", what);
	kernel_close(k);

	/* a string in memory the dump lacks */
	tk_write_u64(tk, tk_symbol(tk, "dmi_ident") + 8, 0xdead0000);
	k = tk_open(tk);
	memset(&d, 0, sizeof(d));
	r = k ? ksys_dmi(k, see_dmi, &d) : -1;
	CHECK(r == 0 && d.n == 3 && strstr(d.value[0], "unreadable"),
	      "%s: dmi_ident: a string the dump lacks says so (%s)", what, d.value[0]);
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 1, .kaslr = 0x7400000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
