/* Types of the "irq" test kernel (irq.c): 6.1's interrupt descriptors
 * (include/linux/irqdesc.h, irq.h, interrupt.h), the x86_64 IDT gate and
 * the maple tree that holds the descriptors since 6.5 (sparse_irqs).
 * Shared with tests/unit/test_irq.c, which takes offsets from them. */
#ifndef CRASH_TESTS_KERNELS_IRQ_H
#define CRASH_TESTS_KERNELS_IRQ_H

#include "trees.h"

#define NR_VECTORS 256

/* CONFIG_CPUMASK_OFFSTACK, as Debian's kernels have it: a pointer */
typedef struct cpumask *cpumask_var_t;

struct irq_common_data {
	unsigned int state_use_accessors;
	unsigned int node;
	void *handler_data;
	void *msi_desc;
	cpumask_var_t affinity;
	cpumask_var_t effective_affinity;
};

struct irq_chip {
	const char *name;
	unsigned int (*irq_startup)(void *data);
};

struct irq_data {
	u32 mask;
	unsigned int irq;
	unsigned long hwirq;
	struct irq_common_data *common;
	struct irq_chip *chip;
	void *domain;
	struct irq_data *parent_data;
	void *chip_data;
};

typedef int (*irq_handler_t)(int irq, void *dev);

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	void *percpu_dev_id;
	struct irqaction *next;
	irq_handler_t thread_fn;
	void *thread;
	struct irqaction *secondary;
	unsigned int irq;
	unsigned int flags;
	unsigned long thread_flags;
	unsigned long thread_mask;
	const char *name;
	void *dir;
};

struct irq_desc {
	struct irq_common_data irq_common_data;
	struct irq_data irq_data;
	unsigned int *kstat_irqs;	/* __percpu */
	void (*handle_irq)(struct irq_desc *desc);
	struct irqaction *action;
	unsigned int status_use_accessors;
	unsigned int depth;
	const char *name;
};

struct softirq_action {
	void (*action)(struct softirq_action *);
};

struct idt_bits {
	u16 ist : 3, zero : 5, type : 5, dpl : 2, p : 1;
};

struct gate_struct {
	u16 offset_low;
	u16 segment;
	struct idt_bits bits;
	u16 offset_middle;
	u32 offset_high;
	u32 reserved;
};

#endif
