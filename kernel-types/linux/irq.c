/* Interrupt descriptors; see irq.h. */
#include "kernel-types/linux/irq.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/walk.h"

#define MAX_IRQS (1u << 20) /* far above any nr_irqs; bounds damaged data */

int irq_count(struct kernel *k, unsigned *n)
{
	uint64_t a, v;
	if (kernel_symbol(k, "nr_irqs", &a) < 0 || kernel_read_uint(k, a, 4, &v) < 0) {
		err_set("cannot read nr_irqs");
		return -1;
	}
	if (v > MAX_IRQS) {
		err_set("implausible nr_irqs %llu", (unsigned long long)v);
		return -1;
	}
	*n = (unsigned)v;
	return 0;
}

struct each_ctx {
	int (*cb)(void *, unsigned, uint64_t);
	void *arg;
};

static int each_one(void *arg, uint64_t index, uint64_t entry)
{
	struct each_ctx *c = arg;
	if (index >= MAX_IRQS)
		return 0;
	return c->cb(c->arg, (unsigned)index, entry);
}

/* A maple tree range holds one descriptor, at its first index. */
static int each_range(void *arg, uint64_t first, uint64_t last, uint64_t entry)
{
	(void)last;
	return each_one(arg, first, entry);
}

int irq_desc_each(struct kernel *k, int (*cb)(void *arg, unsigned irq, uint64_t desc), void *arg)
{
	struct each_ctx c = { cb, arg };
	uint64_t a;
	/* Probe which container this kernel keeps its descriptors in. */
	if (kernel_symbol(k, "irq_desc_tree", &a) == 0)
		return kwalk_xarray(k, a, each_one, &c);
	if (kernel_symbol(k, "sparse_irqs", &a) == 0 || kernel_symbol(k, "sparse_irq", &a) == 0)
		return kwalk_maple(k, a, each_range, &c);
	if (kernel_symbol(k, "irq_desc", &a) == 0) {
		/* !CONFIG_SPARSE_IRQ: a flat array of NR_IRQS descriptors. */
		long sz = kernel_sizeof(k, "struct irq_desc");
		unsigned n;
		if (sz <= 0 || irq_count(k, &n) < 0) {
			err_set("cannot size the irq_desc array");
			return -1;
		}
		for (unsigned i = 0; i < n; i++) {
			int r = cb(arg, i, a + (uint64_t)i * (uint64_t)sz);
			if (r)
				return r;
		}
		return 0;
	}
	err_set("kernel has no irq_desc_tree, sparse_irqs or irq_desc");
	return -1;
}

static void read_str(struct kernel *k, uint64_t ptr, char *buf, size_t len)
{
	buf[0] = 0;
	if (ptr && kernel_read_string(k, ptr, buf, len) < 0)
		buf[0] = 0;
}

struct action_walk {
	struct kernel *k;
	struct irq_info *info;
	long o_aname, o_ahandler;
};

static int one_action(void *arg, uint64_t act)
{
	struct action_walk *w = arg;
	struct irq_info *info = w->info;
	int i = info->nactions++;
	uint64_t v;

	info->action[i].addr = act;
	if (kernel_read_u64(w->k, act + (uint64_t)w->o_aname, &v) == 0)
		read_str(w->k, v, info->action[i].name, sizeof info->action[i].name);
	if (w->o_ahandler >= 0)
		kernel_read_u64(w->k, act + (uint64_t)w->o_ahandler, &info->action[i].handler);
	return info->nactions >= IRQ_MAX_ACTIONS;
}

int irq_read(struct kernel *k, unsigned irq, uint64_t desc, struct irq_info *info)
{
	long o_data = kernel_offsetof(k, "struct irq_desc", "irq_data");
	long o_action = kernel_offsetof(k, "struct irq_desc", "action");
	long o_name = kernel_offsetof(k, "struct irq_desc", "name");
	long o_chip = kernel_offsetof(k, "struct irq_data", "chip");
	long o_hwirq = kernel_offsetof(k, "struct irq_data", "hwirq");
	long o_cname = kernel_offsetof(k, "struct irq_chip", "name");
	long o_anext = kernel_offsetof(k, "struct irqaction", "next");
	struct action_walk w = { k, info, kernel_offsetof(k, "struct irqaction", "name"),
				 kernel_offsetof(k, "struct irqaction", "handler") };
	uint64_t v, act;
	int rc;
	memset(info, 0, sizeof *info);
	info->irq = irq;
	info->desc = desc;
	if (o_data < 0 || o_action < 0 || o_anext < 0 || w.o_aname < 0) {
		err_set("kernel has no irq_desc.irq_data/action or irqaction.next/name");
		return -1;
	}
	if (o_chip >= 0 && kernel_read_u64(k, desc + (uint64_t)o_data + (uint64_t)o_chip, &v) == 0 && v && o_cname >= 0 &&
	    kernel_read_u64(k, v + (uint64_t)o_cname, &v) == 0)
		read_str(k, v, info->chip, sizeof info->chip);
	if (o_name >= 0 && kernel_read_u64(k, desc + (uint64_t)o_name, &v) == 0)
		read_str(k, v, info->flow, sizeof info->flow);
	if (o_hwirq >= 0)
		kernel_read_u64(k, desc + (uint64_t)o_data + (uint64_t)o_hwirq, &info->hwirq);
	if ((rc = kernel_read_u64(k, desc + (uint64_t)o_action, &act)) != 0)
		return rc;
	/* Shared IRQs chain their actions (up to IRQ_MAX_ACTIONS of them); a
	 * chain that breaks keeps the actions read before. */
	kwalk_chain(k, act, o_anext, 0, one_action, &w);
	return 0;
}

int irq_cpu_count(struct kernel *k, uint64_t desc, int cpu, uint64_t *count)
{
	long o = kernel_offsetof(k, "struct irq_desc", "kstat_irqs");
	/* 6.10+ keeps a struct irqstat per CPU (cnt first); before, a
	 * bare unsigned int. */
	long o_cnt = kernel_offsetof(k, "struct irqstat", "cnt");
	uint64_t pcp, addr;
	int rc;
	if (o < 0) {
		err_set("kernel has no irq_desc.kstat_irqs");
		return -1;
	}
	if (o_cnt < 0)
		o_cnt = 0;
	if ((rc = kernel_read_u64(k, desc + (uint64_t)o, &pcp)) != 0)
		return rc;
	if (!pcp) {
		*count = 0;
		return 0;
	}
	if (kernel_percpu_ptr(k, pcp, cpu, &addr) != 0)
		return -1;
	return kernel_read_uint(k, addr + (uint64_t)o_cnt, 4, count);
}

static int mask_bit(struct kernel *k, uint64_t mask, int cpu, bool *in)
{
	uint64_t w;
	int rc = kernel_read_u64(k, mask + 8ull * (uint64_t)(cpu / 64), &w);
	if (rc != 0)
		return rc;
	*in = (w >> (cpu % 64)) & 1;
	return 0;
}

int irq_affinity_has(struct kernel *k, uint64_t desc, int cpu, bool *in)
{
	long o_common = kernel_offsetof(k, "struct irq_desc", "irq_common_data");
	long o_aff = kernel_offsetof(k, "struct irq_common_data", "affinity");
	long sz = kernel_member_size(k, "struct irq_common_data", "affinity");
	uint64_t mask;
	int rc;
	if (o_common < 0 || o_aff < 0) {
		err_set("kernel has no irq_common_data.affinity");
		return -1;
	}
	mask = desc + (uint64_t)o_common + (uint64_t)o_aff;
	/* CONFIG_CPUMASK_OFFSTACK makes it a pointer (cpumask_var_t). */
	if (sz == 8 && (rc = kernel_read_u64(k, mask, &mask)) != 0)
		return rc;
	return mask_bit(k, mask, cpu, in);
}

int softirq_vec_count(struct kernel *k, int *n)
{
	int64_t v;
	uint64_t a;
	if (kernel_symbol(k, "softirq_vec", &a) < 0) {
		err_set("kernel has no softirq_vec");
		return -1;
	}
	/* NR_SOFTIRQS has been 10 since 2.6.32; trust the enum if present. */
	*n = kernel_enum_value(k, "NR_SOFTIRQS", &v) == 0 && v > 0 && v < 64 ? (int)v : 10;
	return 0;
}

int softirq_vec_action(struct kernel *k, int nr, uint64_t *fn)
{
	uint64_t a;
	long sz = kernel_sizeof(k, "struct softirq_action");
	long o = kernel_offsetof(k, "struct softirq_action", "action");
	if (kernel_symbol(k, "softirq_vec", &a) < 0)
		return -1;
	if (sz <= 0)
		sz = 8;
	if (o < 0)
		o = 0;
	return kernel_read_u64(k, a + (uint64_t)nr * (uint64_t)sz + (uint64_t)o, fn);
}

int idt_handler(struct kernel *k, int vector, uint64_t *fn)
{
	uint64_t a;
	unsigned char g[16];
	int rc;
	if (vector < 0 || vector > 255) {
		err_set("bad IDT vector %d", vector);
		return -1;
	}
	if (kernel_symbol(k, "idt_table", &a) < 0) {
		err_set("kernel has no idt_table");
		return -1;
	}
	if ((rc = kernel_read(k, a + 16ull * (uint64_t)vector, g, sizeof g)) != 0)
		return rc;
	/* x86_64 gate: offset bits 0-15 at 0, 16-31 at 6, 32-63 at 8. */
	*fn = (uint64_t)(g[0] | g[1] << 8) | (uint64_t)(g[6] | g[7] << 8) << 16 |
	      (uint64_t)((uint32_t)g[8] | (uint32_t)g[9] << 8 | (uint32_t)g[10] << 16 | (uint32_t)g[11] << 24) << 32;
	return 0;
}
