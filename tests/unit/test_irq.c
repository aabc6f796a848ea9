/* The interrupt walker (kernel-types/linux/irq.c) on the real code:
 * kernel_open() of the "irq" test kernel (tests/unit/kernels/irq.c), with
 * two CPUs, plain and with KASLR in a kdump file: nr_irqs and the
 * descriptors of the sparse_irqs maple tree, a descriptor's chip, flow,
 * hwirq and chained actions (and a chain that loops), per-CPU counts
 * through the per-cpu offsets, affinity masks, softirq vectors and the
 * decoding of an IDT gate. */
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/irq.h"
#include "kernels/irq.h"
#include "testkernel.h"

struct descs {
	int n;
	unsigned irq[8];
	uint64_t desc[8];
};

static int collect(void *arg, unsigned irq, uint64_t desc)
{
	struct descs *d = arg;
	if (d->n < 8) {
		d->irq[d->n] = irq;
		d->desc[d->n] = desc;
	}
	d->n++;
	return 0;
}

static void run(const char *what, const struct tk_opts *o)
{
	struct testkernel *tk = tk_new("irq", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return;
	/* IDT gate of vector 14: offset split 0-15 / 16-31 / 32-63 */
	uint8_t g[16] = { 0x34, 0x12, 0x10, 0x00, 0x00, 0x8e, 0x78, 0x56,
			  0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 };
	tk_write(tk, tk_symbol(tk, "idt_table") + 14 * sizeof(struct gate_struct), g, sizeof(g));
	struct kernel *k = tk_open(tk);
	CHECK(k, "%s: kernel_open: %s", what, k ? "ok" : err_get());
	if (!k) {
		tk_free(tk);
		return;
	}
	uint64_t d0 = tk_symbol(tk, "irq_desc_0"), d4 = tk_symbol(tk, "irq_desc_4");
	unsigned n = 0;
	CHECK(kernel_nr_cpus(k) == 2, "%s: irq: nr_cpu_ids", what);
	CHECK(irq_count(k, &n) == 0 && n == 16, "%s: irq: nr_irqs %u", what, n);
	struct descs d = { 0 };
	int r = irq_desc_each(k, collect, &d);
	CHECK(r == 0 && d.n == 3 && d.irq[0] == 0 && d.desc[0] == d0 && d.irq[1] == 1 &&
		      d.irq[2] == 4 && d.desc[2] == d4,
	      "%s: irq: descriptors 0, 1 and 4 from sparse_irqs (%d: %s)", what, d.n,
	      r ? err_get() : "ok");

	struct irq_info info;
	r = irq_read(k, 4, d4, &info);
	CHECK(r == 0 && !strcmp(info.chip, "IO-APIC") && !strcmp(info.flow, "edge") &&
		      info.hwirq == 0x24 && info.nactions == 2 &&
		      info.action[0].addr == tk_symbol(tk, "act_serial") &&
		      !strcmp(info.action[0].name, "ttyS0") && !strcmp(info.action[1].name, "ttyS0-shared") &&
		      info.action[1].handler == tk_symbol(tk, "serial8250_interrupt"),
	      "%s: irq: IRQ 4: chip, flow, hwirq and its two chained actions", what);
	r = irq_read(k, 0, d0, &info);
	CHECK(r == 0 && info.nactions == 1 && !strcmp(info.action[0].name, "timer"),
	      "%s: irq: IRQ 0: one action", what);

	uint64_t c0 = 0, c1 = 0;
	CHECK(irq_cpu_count(k, d0, 0, &c0) == 0 && irq_cpu_count(k, d0, 1, &c1) == 0 && c0 == 82 &&
		      c1 == 7,
	      "%s: irq: per-CPU counts through __per_cpu_offset (%llu, %llu)", what,
	      (unsigned long long)c0, (unsigned long long)c1);
	CHECK(irq_cpu_count(k, d4, 1, &c1) == 0 && c1 == 1234, "%s: irq: IRQ 4 on CPU 1: %llu",
	      what, (unsigned long long)c1);
	CHECK(irq_cpu_count(k, d0, 2, &c1) < 0, "%s: irq: no CPU 2: %s", what, err_get());

	bool in0 = false, in1 = false, in4 = true;
	CHECK(irq_affinity_has(k, d0, 0, &in0) == 0 && irq_affinity_has(k, d0, 1, &in1) == 0 &&
		      irq_affinity_has(k, d4, 0, &in4) == 0 && in0 && in1 && !in4,
	      "%s: irq: affinity masks (through cpumask_var_t pointers)", what);

	int nvec = 0;
	uint64_t fn1 = 0, fn2 = 1, fn3 = 0;
	CHECK(softirq_vec_count(k, &nvec) == 0 && nvec == 10 && softirq_vec_action(k, 1, &fn1) == 0 &&
		      softirq_vec_action(k, 2, &fn2) == 0 && softirq_vec_action(k, 3, &fn3) == 0 &&
		      fn1 == tk_symbol(tk, "run_timer_softirq") && fn2 == 0 &&
		      fn3 == tk_symbol(tk, "net_rx_action"),
	      "%s: irq: softirq vectors", what);

	uint64_t fn = 0;
	CHECK(idt_handler(k, 14, &fn) == 0 && fn == 0xffffffff56781234ull,
	      "%s: irq: IDT gate offset %llx", what, (unsigned long long)fn);
	CHECK(idt_handler(k, 256, &fn) < 0, "%s: irq: vector 256 refused", what);
	kernel_close(k);

	/* A shared IRQ whose second action points back to the first: the
	 * chain ends at the first one again. */
	tk_write_u64(tk, tk_symbol(tk, "act_serial2") + offsetof(struct irqaction, next),
		     tk_symbol(tk, "act_serial"));
	k = tk_open(tk);
	r = k ? irq_read(k, 4, d4, &info) : -1;
	CHECK(r == 0 && info.nactions == 2, "%s: irq: a looping action chain ends (%d actions)",
	      what, info.nactions);
	kernel_close(k);
	tk_free(tk);
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 2 };
	run("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 2, .kaslr = 0x9200000, .format = TK_KDUMP };
	run("kaslr", &kaslr);
	CHECK_DONE();
}
