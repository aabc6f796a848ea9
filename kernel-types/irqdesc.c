/* Interrupt descriptors; see irqdesc.h. */
#include "kernel-types/irqdesc.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/ii_trees.h"
#include "kernel-types/ipcirq_access.h"

#define MAX_IRQS (1u << 20) /* far above any nr_irqs; bounds damaged data */

int irq_count(struct kernel *k, unsigned *n)
{
	uint64_t a, v;
	if (ii_symbol(k, "nr_irqs", &a) < 0 || ii_read_uint(k, a, 4, &v) < 0) {
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

int irq_desc_each(struct kernel *k, int (*cb)(void *arg, unsigned irq, uint64_t desc), void *arg)
{
	struct each_ctx c = { cb, arg };
	uint64_t a;
	/* Probe which container this kernel keeps its descriptors in. */
	if (ii_symbol(k, "irq_desc_tree", &a) == 0)
		return ii_xarray_walk(k, a, each_one, &c);
	if (ii_symbol(k, "sparse_irqs", &a) == 0 || ii_symbol(k, "sparse_irq", &a) == 0)
		return ii_maple_walk(k, a, each_one, &c);
	if (ii_symbol(k, "irq_desc", &a) == 0) {
		/* !CONFIG_SPARSE_IRQ: a flat array of NR_IRQS descriptors. */
		long sz = ii_sizeof(k, "struct irq_desc");
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
	if (ptr && ii_read_string(k, ptr, buf, len) < 0)
		buf[0] = 0;
}

int irq_read(struct kernel *k, unsigned irq, uint64_t desc, struct irq_info *ii)
{
	long o_data = ii_offset(k, "struct irq_desc", "irq_data");
	long o_action = ii_offset(k, "struct irq_desc", "action");
	long o_name = ii_offset(k, "struct irq_desc", "name");
	long o_chip = ii_offset(k, "struct irq_data", "chip");
	long o_hwirq = ii_offset(k, "struct irq_data", "hwirq");
	long o_cname = ii_offset(k, "struct irq_chip", "name");
	long o_anext = ii_offset(k, "struct irqaction", "next");
	long o_aname = ii_offset(k, "struct irqaction", "name");
	long o_ahandler = ii_offset(k, "struct irqaction", "handler");
	uint64_t v, act;
	memset(ii, 0, sizeof *ii);
	ii->irq = irq;
	ii->desc = desc;
	if (o_data < 0 || o_action < 0 || o_anext < 0 || o_aname < 0) {
		err_set("kernel has no irq_desc.irq_data/action or irqaction.next/name");
		return -1;
	}
	if (o_chip >= 0 && ii_read_u64(k, desc + (uint64_t)o_data + (uint64_t)o_chip, &v) == 0 && v && o_cname >= 0 &&
	    ii_read_u64(k, v + (uint64_t)o_cname, &v) == 0)
		read_str(k, v, ii->chip, sizeof ii->chip);
	if (o_name >= 0 && ii_read_u64(k, desc + (uint64_t)o_name, &v) == 0)
		read_str(k, v, ii->flow, sizeof ii->flow);
	if (o_hwirq >= 0)
		ii_read_u64(k, desc + (uint64_t)o_data + (uint64_t)o_hwirq, &ii->hwirq);
	if (ii_read_u64(k, desc + (uint64_t)o_action, &act) < 0)
		return -1;
	/* Shared IRQs chain their actions; the cap stops a looping chain. */
	while (act && ii->nactions < IRQ_MAX_ACTIONS) {
		int i = ii->nactions++;
		ii->action[i].addr = act;
		if (ii_read_u64(k, act + (uint64_t)o_aname, &v) == 0)
			read_str(k, v, ii->action[i].name, sizeof ii->action[i].name);
		if (o_ahandler >= 0)
			ii_read_u64(k, act + (uint64_t)o_ahandler, &ii->action[i].handler);
		if (ii_read_u64(k, act + (uint64_t)o_anext, &act) < 0)
			break;
	}
	return 0;
}

int irq_cpu_count(struct kernel *k, uint64_t desc, int cpu, uint64_t *count)
{
	long o = ii_offset(k, "struct irq_desc", "kstat_irqs");
	/* 6.10+ keeps a struct irqstat per CPU (cnt first); before, a
	 * bare unsigned int. */
	long o_cnt = ii_offset(k, "struct irqstat", "cnt");
	uint64_t pcp, off;
	if (o < 0) {
		err_set("kernel has no irq_desc.kstat_irqs");
		return -1;
	}
	if (o_cnt < 0)
		o_cnt = 0;
	if (ii_read_u64(k, desc + (uint64_t)o, &pcp) < 0 || ii_percpu_offset(k, cpu, &off) < 0)
		return -1;
	if (!pcp) {
		*count = 0;
		return 0;
	}
	return ii_read_uint(k, pcp + off + (uint64_t)o_cnt, 4, count);
}

static int mask_bit(struct kernel *k, uint64_t mask, int cpu, bool *in)
{
	uint64_t w;
	if (ii_read_u64(k, mask + 8ull * (uint64_t)(cpu / 64), &w) < 0)
		return -1;
	*in = (w >> (cpu % 64)) & 1;
	return 0;
}

int irq_affinity_has(struct kernel *k, uint64_t desc, int cpu, bool *in)
{
	long o_common = ii_offset(k, "struct irq_desc", "irq_common_data");
	long o_aff = ii_offset(k, "struct irq_common_data", "affinity");
	long sz = ii_member_size(k, "struct irq_common_data", "affinity");
	uint64_t mask;
	if (o_common < 0 || o_aff < 0) {
		err_set("kernel has no irq_common_data.affinity");
		return -1;
	}
	mask = desc + (uint64_t)o_common + (uint64_t)o_aff;
	/* CONFIG_CPUMASK_OFFSTACK makes it a pointer (cpumask_var_t). */
	if (sz == 8 && ii_read_u64(k, mask, &mask) < 0)
		return -1;
	return mask_bit(k, mask, cpu, in);
}

bool irq_cpu_online(struct kernel *k, int cpu)
{
	uint64_t a;
	bool in;
	if (ii_symbol(k, "__cpu_online_mask", &a) < 0 || mask_bit(k, a, cpu, &in) < 0)
		return true;
	return in;
}

int softirq_vec_count(struct kernel *k, int *n)
{
	int64_t v;
	uint64_t a;
	if (ii_symbol(k, "softirq_vec", &a) < 0) {
		err_set("kernel has no softirq_vec");
		return -1;
	}
	/* NR_SOFTIRQS has been 10 since 2.6.32; trust the enum if present. */
	*n = ii_enum_value(k, "NR_SOFTIRQS", &v) == 0 && v > 0 && v < 64 ? (int)v : 10;
	return 0;
}

int softirq_vec_action(struct kernel *k, int nr, uint64_t *fn)
{
	uint64_t a;
	long sz = ii_sizeof(k, "struct softirq_action");
	long o = ii_offset(k, "struct softirq_action", "action");
	if (ii_symbol(k, "softirq_vec", &a) < 0)
		return -1;
	if (sz <= 0)
		sz = 8;
	if (o < 0)
		o = 0;
	return ii_read_u64(k, a + (uint64_t)nr * (uint64_t)sz + (uint64_t)o, fn);
}

int idt_handler(struct kernel *k, int vector, uint64_t *fn)
{
	uint64_t a;
	unsigned char g[16];
	if (vector < 0 || vector > 255) {
		err_set("bad IDT vector %d", vector);
		return -1;
	}
	if (ii_symbol(k, "idt_table", &a) < 0) {
		err_set("kernel has no idt_table");
		return -1;
	}
	if (ii_read(k, a + 16ull * (uint64_t)vector, g, sizeof g) < 0)
		return -1;
	/* x86_64 gate: offset bits 0-15 at 0, 16-31 at 6, 32-63 at 8. */
	*fn = (uint64_t)(g[0] | g[1] << 8) | (uint64_t)(g[6] | g[7] << 8) << 16 |
	      (uint64_t)((uint32_t)g[8] | (uint32_t)g[9] << 8 | (uint32_t)g[10] << 16 | (uint32_t)g[11] << 24) << 32;
	return 0;
}
