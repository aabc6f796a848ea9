/* pci_foreach (kernel-types/linux/devices.c), dev -p's walker, on the
 * real code: kernel_open() of the "pci" test kernel, plain and with KASLR
 * in a kdump file: the root bus, its devices then those of the bus below,
 * names, ids, class and the PCIe port type or header type; and a device
 * list into memory the dump lacks. */
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/devices.h"
#include "testkernel.h"
#include "tkstart.h"

struct seen {
	int nbus, ndev;
	struct pci_bus_info b[2];
	struct pci_dev_info d[4];
};

static int see_bus(void *arg, const struct pci_bus_info *b)
{
	struct seen *s = arg;
	if (s->nbus < 2)
		s->b[s->nbus] = *b;
	s->nbus++;
	return 0;
}

static int see_dev(void *arg, const struct pci_dev_info *d)
{
	struct seen *s = arg;
	if (s->ndev < 4)
		s->d[s->ndev] = *d;
	s->ndev++;
	return 0;
}

static void run(const char *what, const struct tk_opts *o)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("pci", o, what, &k);
	if (!tk)
		return;
	struct seen s = { 0 };
	int r = pci_foreach(k, see_bus, see_dev, &s);
	CHECK(r == 0 && s.nbus == 1 && s.ndev == 3, "%s: one root bus, three devices (%d, %d: %s)", what,
	      s.nbus, s.ndev, r ? err_get() : "ok");
	CHECK(s.nbus == 1 && s.b[0].addr == tk_symbol(tk, "bus0") && !strcmp(s.b[0].name, "0000:00"),
	      "%s: the root bus 0000:00", what);
	CHECK(s.ndev == 3 && !strcmp(s.d[0].name, "0000:00:00.0") && s.d[0].vendor == 0x8086 &&
		      s.d[0].device == 0x1237 && s.d[0].class >> 8 == 0x0600 &&
		      !strcmp(s.d[0].type, "ENDPOINT") && s.d[0].addr == tk_symbol(tk, "host"),
	      "%s: the host bridge, plain PCI by header type: ENDPOINT", what);
	CHECK(s.ndev == 3 && !strcmp(s.d[1].name, "0000:00:1c.0") && s.d[1].devfn == 0x1c << 3 &&
		      !strcmp(s.d[1].type, "ROOT_PORT"),
	      "%s: the root port by its PCIe capability (%s)", what, s.ndev == 3 ? s.d[1].type : "");
	CHECK(s.ndev == 3 && !strcmp(s.d[2].name, "0000:01:00.0") && s.d[2].class == 0x010802 &&
		      !strcmp(s.d[2].type, "ENDPOINT"),
	      "%s: the endpoint on the bus below the port, after the root bus's devices", what);
	kernel_close(k);

	tk_write_u64(tk, tk_symbol(tk, "host"), 0xdead0000);	/* bus_list.next */
	k = tk_open(tk);
	s = (struct seen){ 0 };
	r = k ? pci_foreach(k, see_bus, see_dev, &s) : 0;
	CHECK(r != 0 && s.ndev == 1, "%s: a device list into memory the dump lacks (%d): %s", what, r,
	      err_get());
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
