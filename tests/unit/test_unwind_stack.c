/* The stack glue (kernel-types/stack.c) over a small fake kernel: ORC
 * tables in "kernel memory", a task stack, a per-cpu IRQ stack, a
 * sleeping task's switch frame and a CPU interrupted on its IRQ stack. */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/stack.h"
#include "kernel-types/stack_kt.h"
#include "tests/unit/check.h"

#define TEXT 0xffffffff81000000ull
#define ORCIP 0xffffffff82000000ull
#define ORCU 0xffffffff82100000ull
#define PCPU 0xffff888000100000ull /* CPU 0's per-cpu area */
#define PCPU_OFFS 0xffffffff82200000ull
#define TASK 0xffff888000200000ull
#define TSTACK 0xffffc90000010000ull
#define ISTACK 0xffffc90000100000ull
#define SZ 16384

/* Functions (each 0x100 bytes) and how they unwind. */
enum { F_SCHED, F_SLEEPER, F_ENTRY, F_IRQH, F_IRQSW, F_INTR, NF };

struct region { uint64_t base; size_t size; unsigned char *buf; };
static struct region mem[8];
static int nmem;

static unsigned char *region(uint64_t base, size_t size)
{
	mem[nmem] = (struct region){base, size, calloc(1, size)};
	return mem[nmem++].buf;
}
static void put64(uint64_t a, uint64_t v)
{
	for (int i = 0; i < nmem; i++)
		if (a >= mem[i].base && a + 8 <= mem[i].base + mem[i].size) {
			memcpy(mem[i].buf + (a - mem[i].base), &v, 8);
			return;
		}
	abort();
}

int ktx_read(struct kernel *k, uint64_t a, void *buf, size_t len)
{
	(void)k;
	for (int i = 0; i < nmem; i++)
		if (a >= mem[i].base && a + len <= mem[i].base + mem[i].size) {
			memcpy(buf, mem[i].buf + (a - mem[i].base), len);
			return 0;
		}
	return -1;
}

static const struct { const char *n; uint64_t a; } syms[] = {
	{"__start_orc_unwind_ip", ORCIP}, {"__stop_orc_unwind_ip", ORCIP + 4 * (NF + 1)},
	{"__start_orc_unwind", ORCU}, {"__stop_orc_unwind", ORCU + 6 * (NF + 1)},
	{"_stext", TEXT}, {"_etext", TEXT + 0x100 * NF},
	{"init_stack", 0xffffffff83000000ull}, {"__end_init_task", 0xffffffff83000000ull + SZ},
	{"__per_cpu_offset", PCPU_OFFS},
};
uint64_t ktx_symbol(struct kernel *k, const char *n)
{
	(void)k;
	for (size_t i = 0; i < sizeof(syms) / sizeof(*syms); i++)
		if (!strcmp(syms[i].n, n))
			return syms[i].a;
	return 0;
}
int ktx_percpu_symbol(struct kernel *k, const char *n, uint64_t *off)
{
	(void)k;
	if (strcmp(n, "hardirq_stack_ptr"))
		return -1;
	*off = 0x40;
	return 0;
}
static const struct { const char *t, *m; long off, size; } members[] = {
	{"task_struct", "stack", 0x20, 8}, {"task_struct", "thread.sp", 0x100, 8},
	{"inactive_task_frame", "bp", 40, 8}, {"inactive_task_frame", "ret_addr", 48, 8},
	{"orc_entry", "end", 5, 4},
};
int ktx_member_offset(struct kernel *k, const char *t, const char *m, long *off)
{
	(void)k;
	for (size_t i = 0; i < sizeof(members) / sizeof(*members); i++)
		if (!strcmp(members[i].t, t) && !strcmp(members[i].m, m)) {
			if (off)
				*off = members[i].off;
			return 0;
		}
	return -1;
}
int ktx_member_size(struct kernel *k, const char *t, const char *m, long *size)
{
	(void)k; (void)t; (void)m; (void)size;
	return -1;
}
int ktx_type_size(struct kernel *k, const char *t, long *size)
{
	(void)k;
	if (strcmp(t, "inactive_task_frame"))
		return -1;
	*size = 56;
	return 0;
}
static struct arch_regs cpu0;
int ktx_cpu_regs(struct kernel *k, int cpu, struct arch_regs *r)
{
	(void)k;
	if (cpu)
		return -1;
	*r = cpu0;
	return 0;
}

/* v1 raw entry */
static void orc(int i, int16_t spo, unsigned sp_reg, unsigned type, bool end)
{
	uint64_t slot = ORCIP + 4 * (uint64_t)i;
	int32_t rel = (int32_t)((TEXT + 0x100 * (uint64_t)i) - slot);
	unsigned char *ip = mem[0].buf, *u = mem[1].buf;
	memcpy(ip + 4 * i, &rel, 4);
	uint16_t f = (uint16_t)(sp_reg | type << 8 | (end ? 1u << 10 : 0));
	unsigned char *e = u + 6 * i;
	memcpy(e, &spo, 2);
	memset(e + 2, 0, 2);
	memcpy(e + 4, &f, 2);
}

#define FN(i) (TEXT + 0x100 * (uint64_t)(i))

int main(void)
{
	struct kernel *k = (struct kernel *)&nmem; /* opaque, never dereferenced */
	region(ORCIP, 4 * (NF + 1));
	region(ORCU, 6 * (NF + 1));
	region(PCPU_OFFS, 8);
	region(PCPU, 0x100);
	region(TASK, 0x200);
	region(TSTACK, SZ);
	region(ISTACK, SZ);
	orc(F_SCHED, 16, ORC_REG_SP, 0, false);		/* CALL, CFA = sp+16 */
	orc(F_SLEEPER, 8, ORC_REG_SP, 0, false);	/* CALL, CFA = sp+8 */
	orc(F_ENTRY, 0, ORC_REG_SP, 1, false);		/* REGS at sp */
	orc(F_IRQH, 8, ORC_REG_SP, 0, false);		/* CALL */
	orc(F_IRQSW, 8, ORC_REG_SP_INDIRECT, 0, false); /* CFA = *sp + 8 */
	orc(F_INTR, 0, ORC_REG_SP, 1, false);		/* REGS at sp: the interrupt entry */
	orc(NF, 0, ORC_REG_UNDEFINED, 0, true);		/* end of text */
	put64(PCPU_OFFS, PCPU);
	put64(PCPU + 0x40, ISTACK + SZ - 8);
	put64(TASK + 0x20, TSTACK);

	/* Sleeping: switch frame at thread.sp, ret into F_SCHED; its caller
	 * F_SLEEPER; which was called from the entry code, whose pt_regs are
	 * user mode. */
	uint64_t sp = TSTACK + 0x3000;
	put64(TASK + 0x100, sp);
	put64(sp + 48, FN(F_SCHED) + 0x10);
	uint64_t s1 = sp + 56;			/* F_SCHED frame: CFA s1+16 */
	put64(s1 + 8, FN(F_SLEEPER) + 0x20);	/* return into F_SLEEPER */
	uint64_t s2 = s1 + 16;			/* F_SLEEPER: CFA s2+8 */
	put64(s2, FN(F_ENTRY) + 0x30);		/* return into entry code */
	uint64_t regs = s2 + 8;			/* pt_regs */
	put64(regs + 16 * 8, 0x401000);		/* ip */
	put64(regs + 17 * 8, 0x33);		/* cs */
	put64(regs + 19 * 8, 0x7ffe0000);	/* sp */
	put64(regs + 20 * 8, 0x2b);

	struct kstack_trace t;
	CHECK(kstack_trace_task(k, TASK, -1, &t) == 0, "sleeping task unwinds");
	CHECK(t.n == 4 && !t.error, "four frames (%d) without error (%s)", t.n, t.why);
	if (t.n == 4) {
		CHECK(t.frames[0].ip == FN(F_SCHED) + 0x10 && t.frames[0].slot == sp + 48,
		      "frame 0 is the switch frame's return address, at its slot");
		CHECK(t.frames[1].ip == FN(F_SLEEPER) + 0x20 && t.frames[1].slot == s1 + 8, "frame 1");
		CHECK(t.frames[2].ip == FN(F_ENTRY) + 0x30, "frame 2: entry code");
		CHECK(t.frames[3].user && t.frames[3].regs.ip == 0x401000, "user registers last");
		CHECK(!strcmp(t.frames[0].stack.name, "task"), "on the task stack");
	}
	kstack_trace_free(&t);

	/* CPU 0 was in F_IRQH on the IRQ stack, called from the stack-switch
	 * code F_IRQSW, whose CFA comes from the saved task sp at the top of
	 * the IRQ stack; that returns into the interrupt entry F_INTR, whose
	 * pt_regs (kernel mode) say F_SLEEPER was interrupted. */
	uint64_t isp = ISTACK + SZ - 0x100;
	put64(isp, FN(F_IRQSW) + 0x8);		/* F_IRQH: CFA isp+8 */
	uint64_t isp2 = isp + 8;		/* in F_IRQSW: *isp2 = task sp */
	uint64_t tsp = TSTACK + 0x2000;
	put64(isp2, tsp);
	put64(tsp, FN(F_INTR) + 0x8);		/* CFA tsp+8, return into F_INTR */
	uint64_t kregs = tsp + 8;
	put64(kregs + 16 * 8, FN(F_SLEEPER) + 0x40);
	put64(kregs + 17 * 8, 0x10);
	put64(kregs + 19 * 8, s2);		/* F_SLEEPER's sp as before */
	cpu0 = (struct arch_regs){.ip = FN(F_IRQH) + 4, .sp = isp, .cs = 0x10, .valid = true};
	CHECK(kstack_trace_task(k, TASK, 0, &t) == 0, "active task unwinds");
	int i;
	for (i = 0; i < t.n; i++)
		if (t.frames[i].user)
			break;
	CHECK(!t.error && i < t.n, "reaches user mode (%d frames, %s)", t.n, t.why);
	if (t.n >= 5) {
		CHECK(!strcmp(t.frames[0].stack.name, "IRQ") && !strcmp(t.frames[1].stack.name, "IRQ"),
		      "first frames on the IRQ stack");
		CHECK(t.frames[2].ip == FN(F_INTR) + 0x8 && !strcmp(t.frames[2].stack.name, "task"),
		      "back on the task stack through the saved stack pointer");
		CHECK(t.frames[3].regs_addr == kregs && t.frames[3].exact &&
		      t.frames[3].ip == FN(F_SLEEPER) + 0x40, "exception frame of the interrupt");
	}
	kstack_trace_free(&t);

	/* A corrupt stack: the return address points back into F_SCHED with a
	 * CFA lower than before; the unwind must stop, not loop. */
	put64(s1 + 8, 0);
	CHECK(kstack_trace_task(k, TASK, -1, &t) == 0 && t.n < 10, "bad return address: bounded (%d frames)", t.n);
	kstack_trace_free(&t);
	CHECK_DONE();
}
