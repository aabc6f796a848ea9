/* Interrupt descriptors: the irq_desc of each Linux IRQ number (from the
 * sparse-irq radix tree irq_desc_tree (<6.5), the maple tree
 * sparse_irqs/sparse_irq (6.5+), or the flat irq_desc[] array), their
 * irqaction chains and per-CPU counts; the softirq vector table; the
 * x86_64 IDT.  Functions return 0, or -1 (or a read's KREAD_* code) with
 * err_get() saying what failed. */
#ifndef CRASH_KERNEL_TYPES_LINUX_IRQ_H
#define CRASH_KERNEL_TYPES_LINUX_IRQ_H

#include <stdbool.h>
#include <stdint.h>

struct kernel;

/* Number of IRQ numbers the kernel uses (nr_irqs). */
int irq_count(struct kernel *k, unsigned *n);

/* cb for every IRQ that has a descriptor, by increasing number; a
 * non-zero return stops the walk and is returned. */
int irq_desc_each(struct kernel *k, int (*cb)(void *arg, unsigned irq, uint64_t desc), void *arg);

#define IRQ_MAX_ACTIONS 16

struct irq_info {
	unsigned irq;
	uint64_t desc;
	char chip[32];		/* irq_chip name, "" when none */
	char flow[32];		/* desc->name: the flow handler, "edge" */
	uint64_t hwirq;
	int nactions;		/* up to IRQ_MAX_ACTIONS */
	struct {
		uint64_t addr, handler;
		char name[64];
	} action[IRQ_MAX_ACTIONS];
};
int irq_read(struct kernel *k, unsigned irq, uint64_t desc, struct irq_info *info);

/* Interrupts of desc handled on cpu. */
int irq_cpu_count(struct kernel *k, uint64_t desc, int cpu, uint64_t *count);
/* Whether cpu is in the IRQ's affinity mask. */
int irq_affinity_has(struct kernel *k, uint64_t desc, int cpu, bool *in);

/* The handler of softirq vector nr (0..*n-1): action function address. */
int softirq_vec_count(struct kernel *k, int *n);
int softirq_vec_action(struct kernel *k, int nr, uint64_t *fn);

/* The handler address of x86_64 IDT vector 0..255. */
int idt_handler(struct kernel *k, int vector, uint64_t *fn);

#endif
