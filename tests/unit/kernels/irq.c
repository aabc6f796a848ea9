/* The "irq" test kernel, for tests/unit/test_irq.c: interrupt descriptors
 * in the maple tree sparse_irqs (as 6.5+ keeps them), in the direct map.
 *
 *   IRQ 0: "timer"                 IO-APIC edge, 82 on CPU 0, 7 on CPU 1,
 *                                  affine to CPUs 0-1
 *   IRQ 1: "i8042"                 IO-APIC edge, affine to CPU 1
 *   IRQ 4: "ttyS0", "ttyS0-shared" a shared IRQ: two chained actions
 *   IRQ 2-3 and 5-15: no descriptor (nr_irqs is 16)
 * softirq_vec: vectors 1 (run_timer_softirq) and 3 (net_rx_action);
 * idt_table: zero (the test writes a gate). */
#include "irq.h"

int nr_irqs = 16;

void run_timer_softirq(struct softirq_action *h);
void run_timer_softirq(struct softirq_action *h) { (void)h; }
void net_rx_action(struct softirq_action *h);
void net_rx_action(struct softirq_action *h) { (void)h; }
int timer_interrupt(int irq, void *dev);
int timer_interrupt(int irq, void *dev) { (void)dev; return irq; }
int i8042_interrupt(int irq, void *dev);
int i8042_interrupt(int irq, void *dev) { (void)dev; return irq; }
int serial8250_interrupt(int irq, void *dev);
int serial8250_interrupt(int irq, void *dev) { (void)dev; return irq; }

struct softirq_action softirq_vec[10] = {
	[1] = { run_timer_softirq }, [3] = { net_rx_action },
};

struct gate_struct idt_table[NR_VECTORS] __page_aligned;

struct irq_chip ioapic_chip = { .name = "IO-APIC" };

DEFINE_PER_CPU(unsigned int, kstat_irq0) = 82;
PER_CPU_INIT(1, kstat_irq0) = 7;
DEFINE_PER_CPU(unsigned int, kstat_irq1) = 5;
DEFINE_PER_CPU(unsigned int, kstat_irq4) = 0;
PER_CPU_INIT(1, kstat_irq4) = 1234;

__direct struct cpumask aff_01 = { { 3 } }, aff_1 = { { 2 } };

__direct struct irqaction act_timer = { .handler = timer_interrupt, .irq = 0, .name = "timer" };
__direct struct irqaction act_i8042 = { .handler = i8042_interrupt, .irq = 1, .name = "i8042" };
extern struct irqaction act_serial2;
__direct struct irqaction act_serial = {
	.handler = serial8250_interrupt, .next = &act_serial2, .irq = 4, .name = "ttyS0",
};
__direct struct irqaction act_serial2 = {
	.handler = serial8250_interrupt, .irq = 4, .name = "ttyS0-shared",
};

#define DESC(var, nr, act, aff, kstat)                                                     \
	__direct struct irq_desc var = {                                                   \
		.irq_common_data = { .affinity = &(aff) },                                  \
		.irq_data = { .irq = (nr), .hwirq = (nr) + 0x20, .common = &var.irq_common_data, \
			      .chip = &ioapic_chip },                                       \
		.kstat_irqs = &(kstat), .action = &(act), .depth = 0, .name = "edge",       \
	}
DESC(irq_desc_0, 0, act_timer, aff_01, kstat_irq0);
DESC(irq_desc_1, 1, act_i8042, aff_1, kstat_irq1);
DESC(irq_desc_4, 4, act_serial, aff_1, kstat_irq4);

/* One leaf at the root: [0] [1] [2, 3] [4] [5, max] */
extern struct maple_node irq_mt_leaf;
struct maple_tree sparse_irqs = { .ma_root = MT_ROOT(&irq_mt_leaf, maple_leaf_64) };
__direct struct maple_node irq_mt_leaf = { .mr64 = {
	.pivot = { 0, 1, 3, 4 },
	.pad = { &irq_desc_0, &irq_desc_1, 0, &irq_desc_4 },
	.meta = { .end = 4 },
} };
