/* ipcs, irq and waitq building blocks on a fake kernel: xarray and maple
 * tree walks (and their guards against damaged trees), IPC objects from a
 * namespace's idr, per-CPU irq counts, IDT gate decoding, wait queues. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ii_fake.h"
#include "kernel-types/ii_trees.h"
#include "kernel-types/ipc.h"
#include "kernel-types/irqdesc.h"
#include "kernel-types/waitq.h"

static const struct fake_off offs[] = {
	{ "struct xarray", "xa_head", 8, 8 },
	{ "struct xa_node", "shift", 0, 1 },
	{ "struct xa_node", "slots", 40, 512 },
	{ "struct maple_tree", "ma_root", 8, 8 },
	{ "struct maple_range_64", "pivot", 8, 120 },
	{ "struct maple_range_64", "slot", 128, 128 },
	{ "struct maple_arange_64", "pivot", 8, 72 },
	{ "struct maple_arange_64", "slot", 80, 80 },
	{ "struct ipc_namespace", "ids", 0, 192 },
	{ "struct ipc_ids", NULL, 64, 0 },
	{ "struct ipc_ids", "ipcs_idr", 16, 24 },
	{ "struct idr", "idr_rt", 0, 16 },
	{ "struct kern_ipc_perm", "id", 8, 4 },
	{ "struct kern_ipc_perm", "key", 12, 4 },
	{ "struct kern_ipc_perm", "uid", 16, 4 },
	{ "struct kern_ipc_perm", "gid", 20, 4 },
	{ "struct kern_ipc_perm", "mode", 32, 2 },
	{ "struct shmid_kernel", "shm_perm", 0, 128 },
	{ "struct shmid_kernel", "shm_file", 128, 8 },
	{ "struct shmid_kernel", "shm_nattch", 136, 8 },
	{ "struct shmid_kernel", "shm_segsz", 144, 8 },
	{ "struct sem_array", "sem_perm", 0, 128 },
	{ "struct sem_array", "sem_nsems", 184, 4 },
	{ "struct msg_queue", "q_perm", 0, 128 },
	{ "struct msg_queue", "q_cbytes", 152, 8 },
	{ "struct msg_queue", "q_qnum", 160, 8 },
	{ "struct irq_desc", "kstat_irqs", 96, 8 },
	{ "struct wait_queue_head", "head", 8, 16 },
	{ "struct wait_queue_entry", "private", 8, 8 },
	{ "struct wait_queue_entry", "func", 16, 8 },
	{ "struct wait_queue_entry", "entry", 24, 16 },
	{ 0 },
};
static const struct fake_sym syms[] = {
	{ "init_ipc_ns", 0x10000 }, { "__per_cpu_offset", 0x300 }, { "nr_cpu_ids", 0x310 },
	{ "idt_table", 0x400 }, { "autoremove_wake_function", 0xffffffff81000000ull }, { 0 },
};

struct seen { int n; uint64_t idx[8], entry[8]; };

static int see(void *arg, uint64_t index, uint64_t entry)
{
	struct seen *s = arg;
	if (s->n < 8) {
		s->idx[s->n] = index;
		s->entry[s->n] = entry;
	}
	s->n++;
	return 0;
}

static void test_xarray(void)
{
	struct seen s = { 0 };
	fake_reset(offs, syms);
	fake_mem(0x1000, 16);        /* the xarray */
	fake_mem(0x2000, 40 + 512);  /* node shift 6 */
	fake_mem(0x3000, 40 + 512);  /* node shift 0 */
	fake_put64(0x1000 + 8, 0x2000 | 2);
	fake_put8(0x2000, 6);
	fake_put64(0x2000 + 40 + 8 * 0, 0xaaa0);        /* index 0 */
	fake_put64(0x2000 + 40 + 8 * 1, 0x3000 | 2);    /* indexes 64.. */
	fake_put8(0x3000, 0);
	fake_put64(0x3000 + 40 + 8 * 2, 0xbbb0);        /* index 66 */
	fake_put64(0x3000 + 40 + 8 * 3, (2 << 2) | 2);  /* sibling: skipped */
	int r = ii_xarray_walk(NULL, 0x1000, see, &s);
	CHECK(r == 0 && s.n == 2 && s.idx[0] == 0 && s.entry[0] == 0xaaa0 && s.idx[1] == 66 && s.entry[1] == 0xbbb0,
	      "xarray: two levels, indexes 0 and 66 (n=%d)", s.n);
	/* A node that points to itself must not loop. */
	fake_put64(0x2000 + 40 + 8 * 1, 0x2000 | 2);
	memset(&s, 0, sizeof s);
	r = ii_xarray_walk(NULL, 0x1000, see, &s);
	CHECK(r < 0, "xarray: self-referencing node refused: %s", err_get());
	/* A single entry at the head is index 0. */
	fake_put64(0x1000 + 8, 0xccc0);
	memset(&s, 0, sizeof s);
	r = ii_xarray_walk(NULL, 0x1000, see, &s);
	CHECK(r == 0 && s.n == 1 && s.entry[0] == 0xccc0, "xarray: entry in the head");
}

static const struct fake_off radix_offs[] = {
	{ "struct radix_tree_root", "rnode", 8, 8 },
	{ "struct radix_tree_node", "shift", 0, 1 },
	{ "struct radix_tree_node", "slots", 40, 512 },
	{ 0 },
};

/* 4.x radix tree: internal nodes tagged with 01 instead of 10. */
static void test_radix(void)
{
	struct seen s = { 0 };
	fake_reset(radix_offs, syms);
	fake_mem(0x1000, 16);
	fake_mem(0x2000, 40 + 512);
	fake_put64(0x1000 + 8, 0x2000 | 1);
	fake_put8(0x2000, 0);
	fake_put64(0x2000 + 40 + 8 * 5, 0xeee0);
	int r = ii_xarray_walk(NULL, 0x1000, see, &s);
	CHECK(r == 0 && s.n == 1 && s.idx[0] == 5 && s.entry[0] == 0xeee0, "radix (4.x): entry at index 5 (n=%d)", s.n);
}

static void test_maple(void)
{
	struct seen s = { 0 };
	fake_reset(offs, syms);
	fake_mem(0x1000, 16);
	fake_mem(0x2000, 256); /* arange root */
	fake_mem(0x2100, 256); /* leaf 0..9 */
	fake_mem(0x2200, 256); /* leaf 10..max */
	fake_put64(0x1000 + 8, 0x2000 | 3 << 3 | 2);
	fake_put64(0x2000 + 8, 9);
	fake_put64(0x2000 + 16, UINT64_MAX);
	fake_put64(0x2000 + 80, 0x2100 | 1 << 3 | 4);
	fake_put64(0x2000 + 88, 0x2200 | 1 << 3 | 4);
	fake_put64(0x2100 + 8, 0);
	fake_put64(0x2100 + 16, 1);
	fake_put64(0x2100 + 24, 9);
	fake_put64(0x2100 + 128, 0xd000);
	fake_put64(0x2100 + 136, 0xd100);
	fake_put64(0x2200 + 8, 10);
	fake_put64(0x2200 + 16, UINT64_MAX);
	fake_put64(0x2200 + 128, 0xda00);
	fake_put64(0x2200 + 248, 0x55); /* metadata in the last slot: ignored */
	int r = ii_maple_walk(NULL, 0x1000, see, &s);
	CHECK(r == 0 && s.n == 3 && s.idx[0] == 0 && s.idx[1] == 1 && s.idx[2] == 10 && s.entry[2] == 0xda00,
	      "maple: entries 0, 1 and 10 across two leaves (n=%d)", s.n);
	/* A child pointing back to the root must not loop. */
	fake_put64(0x2000 + 88, 0x2000 | 3 << 3 | 4);
	memset(&s, 0, sizeof s);
	r = ii_maple_walk(NULL, 0x1000, see, &s);
	/* Pivots must grow, so the revisited root ends at once. */
	CHECK(r <= 0 && s.n <= 3, "maple: looping tree ends (r=%d, n=%d)", r, s.n);
	fake_put64(0x2000 + 88, 0x2200 | 7 << 3 | 4);
	r = ii_maple_walk(NULL, 0x1000, see, &s);
	CHECK(r < 0, "maple: unknown node type refused: %s", err_get());
}

struct objs { int n; struct ipc_obj o[4]; };

static int keep(void *arg, const struct ipc_obj *o)
{
	struct objs *s = arg;
	if (s->n < 4)
		s->o[s->n] = *o;
	s->n++;
	return 0;
}

static void perm(uint64_t at, int id, uint32_t key, unsigned mode)
{
	fake_put32(at + 8, (uint32_t)id);
	fake_put32(at + 12, key);
	fake_put32(at + 16, 1000);
	fake_put16(at + 32, (uint16_t)mode);
}

static void test_ipc(void)
{
	struct objs s = { 0 };
	fake_reset(offs, syms);
	fake_mem(0x10000, 192);
	fake_mem(0x20000, 256);
	fake_mem(0x21000, 256);
	fake_mem(0x22000, 256);
	/* ids[kind].ipcs_idr.idr_rt.xa_head: one object each, at index 0 */
	fake_put64(0x10000 + 0 * 64 + 16 + 8, 0x21000);  /* sem */
	fake_put64(0x10000 + 1 * 64 + 16 + 8, 0x22000);  /* msg */
	fake_put64(0x10000 + 2 * 64 + 16 + 8, 0x20000);  /* shm */
	perm(0x20000, 32768, 0x5eed0001, 0600 | 01000);
	fake_put64(0x20000 + 136, 3);
	fake_put64(0x20000 + 144, 65536);
	perm(0x21000, 1, 0x5eed0002, 0644);
	fake_put32(0x21000 + 184, 3);
	perm(0x22000, 2, 0x5eed0003, 0600);
	fake_put64(0x22000 + 152, 27);
	fake_put64(0x22000 + 160, 3);
	uint64_t ns;
	CHECK(ipc_init_ns(NULL, &ns) == 0 && ns == 0x10000, "ipc: init_ipc_ns");
	int r = ipc_walk(NULL, ns, IPC_KIND_SHM, keep, &s);
	CHECK(r == 0 && s.n == 1 && s.o[0].addr == 0x20000 && s.o[0].id == 32768 && (uint32_t)s.o[0].key == 0x5eed0001 &&
		      s.o[0].uid == 1000 && s.o[0].mode == (0600 | 01000) && s.o[0].segsz == 65536 && s.o[0].nattch == 3,
	      "ipc: shm segment fields");
	uint64_t a, res, sw;
	ipc_shm_pages(NULL, &s.o[0], &a, &res, &sw);
	CHECK(a == 16 && res == 0 && sw == 0, "ipc: shm pages without a file");
	memset(&s, 0, sizeof s);
	r = ipc_walk(NULL, ns, IPC_KIND_SEM, keep, &s);
	CHECK(r == 0 && s.n == 1 && s.o[0].nsems == 3 && s.o[0].mode == 0644, "ipc: semaphore array");
	memset(&s, 0, sizeof s);
	r = ipc_walk(NULL, ns, IPC_KIND_MSG, keep, &s);
	CHECK(r == 0 && s.n == 1 && s.o[0].cbytes == 27 && s.o[0].qnum == 3, "ipc: message queue");
	/* An idr entry pointing outside the dump is an error, not a crash. */
	fake_put64(0x10000 + 1 * 64 + 16 + 8, 0xdead000);
	r = ipc_walk(NULL, ns, IPC_KIND_MSG, keep, &s);
	CHECK(r < 0, "ipc: unreadable object reported: %s", err_get());
}

static void test_irq_bits(void)
{
	fake_reset(offs, syms);
	fake_mem(0x300, 0x20);
	fake_put64(0x300, 0x100000);
	fake_put64(0x308, 0x200000);
	fake_put32(0x310, 2);
	fake_mem(0x5000, 448);
	fake_put64(0x5000 + 96, 0x40);
	fake_mem(0x100040, 4);
	fake_mem(0x200040, 4);
	fake_put32(0x100040, 82);
	fake_put32(0x200040, 7);
	uint64_t c0 = 0, c1 = 0;
	CHECK(ii_nr_cpus(NULL) == 2, "irq: nr_cpu_ids");
	CHECK(irq_cpu_count(NULL, 0x5000, 0, &c0) == 0 && irq_cpu_count(NULL, 0x5000, 1, &c1) == 0 && c0 == 82 && c1 == 7,
	      "irq: per-CPU counts through __per_cpu_offset (%llu, %llu)", (unsigned long long)c0,
	      (unsigned long long)c1);
	/* IDT gate: offset split 0-15 / 16-31 / 32-63. */
	fake_mem(0x400, 256 * 16);
	uint8_t g[16] = { 0x34, 0x12, 0x10, 0x00, 0x00, 0x8e, 0x78, 0x56, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 };
	memcpy(fake_at(0x400 + 14 * 16), g, 16);
	uint64_t fn = 0;
	CHECK(idt_handler(NULL, 14, &fn) == 0 && fn == 0xffffffff56781234ull, "irq: IDT gate offset %llx",
	      (unsigned long long)fn);
	CHECK(idt_handler(NULL, 256, &fn) < 0, "irq: vector 256 refused");
}

struct wq { int n; uint64_t priv[4], func[4]; };

static int wsee(void *arg, const struct waitq_entry *e)
{
	struct wq *w = arg;
	if (w->n < 4) {
		w->priv[w->n] = e->private;
		w->func[w->n] = e->func;
	}
	w->n++;
	return 0;
}

static void test_waitq(void)
{
	struct wq w = { 0 };
	fake_reset(offs, syms);
	fake_mem(0x7000, 24);  /* head: lock, list_head at 8 */
	fake_mem(0x7100, 40);  /* entry A */
	fake_mem(0x7200, 40);  /* entry B */
	uint64_t H = 0x7008, A = 0x7100 + 24, B = 0x7200 + 24;
	fake_put64(H, H);
	fake_put64(H + 8, H);
	w.n = 0;
	CHECK(waitq_walk(NULL, 0x7000, wsee, &w) == 0 && w.n == 0, "waitq: empty queue");
	fake_put64(H, A);
	fake_put64(H + 8, B);
	fake_put64(A, B);
	fake_put64(A + 8, H);
	fake_put64(B, H);
	fake_put64(B + 8, A);
	fake_put64(0x7100 + 8, 0xaaaa000);
	fake_put64(0x7100 + 16, 0xffffffff81000000ull);
	fake_put64(0x7200 + 8, 0xbbbb000);
	CHECK(waitq_walk(NULL, 0x7000, wsee, &w) == 0 && w.n == 2 && w.priv[0] == 0xaaaa000 && w.priv[1] == 0xbbbb000 &&
		      w.func[0] == 0xffffffff81000000ull,
	      "waitq: two entries in order");
	/* B points to itself instead of the head: a loop not through the head. */
	fake_put64(B, B);
	memset(&w, 0, sizeof w);
	CHECK(waitq_walk(NULL, 0x7000, wsee, &w) < 0, "waitq: loop detected: %s", err_get());
}

int main(void)
{
	test_xarray();
	test_radix();
	test_maple();
	test_ipc();
	test_irq_bits();
	test_waitq();
	ii_set_ops(NULL);
	CHECK_DONE();
}
