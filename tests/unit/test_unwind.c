/* The x86_64 ORC unwinder as a unit of arch code: entry decoding of every
 * format version, table lookup, and the step machine (arch/x86_64/
 * unwind.c) on a hand-built stack with in-memory unwind data; the ORC
 * tables of the fixture vmlinux when it is there.  The unwinder behind
 * arch.h, on a whole test kernel, is test_stack.c. */
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/x86_64/orc.h"
#include "arch/x86_64/unwind.h"
#include "tests/unit/check.h"

static void raw(uint8_t *b, int16_t spo, int16_t bpo, uint16_t flags)
{
	b[0] = (uint8_t)spo; b[1] = (uint8_t)((uint16_t)spo >> 8);
	b[2] = (uint8_t)bpo; b[3] = (uint8_t)((uint16_t)bpo >> 8);
	b[4] = (uint8_t)flags; b[5] = (uint8_t)(flags >> 8);
}

static void test_decode(void)
{
	uint8_t b[6];
	struct orc_entry e;
	/* v1: sp_reg SP(5), bp_reg PREV_SP(1), type REGS(1) */
	raw(b, 16, -16, 5 | 1 << 4 | 1 << 8);
	orc_decode(b, 1, &e);
	CHECK(e.sp_offset == 16 && e.bp_offset == -16 && e.sp_reg == ORC_REG_SP &&
	      e.bp_reg == ORC_REG_PREV_SP && e.type == ORC_TYPE_REGS && e.signal, "v1 regs entry");
	raw(b, 0, 0, 1 << 10);
	orc_decode(b, 1, &e);
	CHECK(e.type == ORC_TYPE_END_OF_STACK, "v1 end bit with undefined sp is end of stack");
	raw(b, 0, 0, 0);
	orc_decode(b, 1, &e);
	CHECK(e.type == ORC_TYPE_UNDEFINED, "v1 undefined entry");
	raw(b, 8, 0, 5 | 1 << 10);
	orc_decode(b, 2, &e);
	CHECK(e.type == ORC_TYPE_CALL && e.signal, "v2 call entry with signal bit");
	raw(b, 0, 0, 1 << 11);
	orc_decode(b, 2, &e);
	CHECK(e.type == ORC_TYPE_END_OF_STACK, "v2 end bit");
	raw(b, 8, 0, 5 | 4 << 8 | 1 << 11);
	orc_decode(b, 3, &e);
	CHECK(e.type == ORC_TYPE_REGS_PARTIAL && e.signal && e.sp_offset == 8, "v3 partial regs");
	CHECK(orc_version_from_members(false, true) == 1 && orc_version_from_members(true, true) == 2 &&
	      orc_version_from_members(true, false) == 3, "version from DWARF members");
	uint8_t h[20] = {0};
	CHECK(orc_version_from_header(h, 20) == -1, "unknown header hash");
}

static void test_table(void)
{
	/* Three entries at 0x1000, 0x1010, 0x1020 given relative to slots
	 * at base 0x100, out of order to exercise the sort. */
	uint64_t base = 0x100;
	int32_t ips[3] = {(int32_t)(0x1020 - base), (int32_t)(0x1000 - (base + 4)),
			  (int32_t)(0x1010 - (base + 8))};
	uint8_t ent[18];
	raw(ent, 3, 0, 5);
	raw(ent + 6, 1, 0, 5);
	raw(ent + 12, 2, 0, 5);
	struct orc_table t;
	struct orc_entry e;
	CHECK(orc_table_init(&t, ips, sizeof(ips), ent, sizeof(ent), base, 1) == 0, "table init");
	CHECK(!orc_table_find(&t, 0xfff, &e), "below the table: none");
	CHECK(orc_table_find(&t, 0x1000, &e) && e.sp_offset == 1, "first entry");
	CHECK(orc_table_find(&t, 0x101f, &e) && e.sp_offset == 2, "middle entry");
	CHECK(orc_table_find(&t, 0x2000, &e) && e.sp_offset == 3, "last entry");
	orc_table_free(&t);
	CHECK(orc_table_init(&t, ips, 8, ent, 18, base, 1) == -1, "size mismatch refused");
}

/* A fake kernel: memory is one stack page; code ranges A, B, C, D. */
#define STK 0xffffc90000010000ull
#define A 0xffffffff81000100ull
#define B 0xffffffff81000200ull
#define C 0xffffffff81000300ull
#define D 0xffffffff81000400ull
static uint64_t mem[512];

static int f_read(void *arg, uint64_t addr, void *buf, size_t len)
{
	(void)arg;
	if (addr < STK || addr + len > STK + sizeof(mem))
		return -1;
	memcpy(buf, (char *)mem + (addr - STK), len);
	return 0;
}

static bool f_find(void *arg, uint64_t ip, struct orc_entry *e)
{
	(void)arg;
	memset(e, 0, sizeof(*e));
	e->sp_reg = ORC_REG_SP;
	e->bp_reg = ORC_REG_UNDEFINED;
	if (ip >= A && ip < A + 0x100) { e->type = ORC_TYPE_CALL; e->sp_offset = 16; return true; }
	if (ip >= B && ip < B + 0x100) { e->type = ORC_TYPE_REGS; e->sp_offset = 0; return true; }
	if (ip >= C && ip < C + 0x100) { e->type = ORC_TYPE_CALL; e->sp_offset = 8; return true; }
	if (ip >= D && ip < D + 0x100) { e->type = ORC_TYPE_REGS; e->sp_offset = 0; return true; }
	return false;
}

static bool f_stack(void *arg, uint64_t addr, struct arch_stack *s)
{
	(void)arg;
	if (addr < STK || addr >= STK + sizeof(mem))
		return false;
	*s = (struct arch_stack){STK, STK + sizeof(mem), "task"};
	return true;
}

static void test_unwind(void)
{
	struct unwind_ops ops = {f_read, f_find, f_stack, NULL};
	struct unwind_state st;
	struct arch_frame f;
	memset(mem, 0, sizeof(mem));
	/* A at sp=STK+0x100: CFA = +0x110, return into B at +0x108 */
	mem[0x108 / 8] = B + 0x10;
	/* B: pt_regs at +0x110: kernel regs, ip in C, sp = +0x200 */
	uint64_t *pr = &mem[0x110 / 8];
	pr[16] = C + 5; pr[17] = 0x10; pr[19] = STK + 0x200; pr[4] = 0x1234;
	/* C at +0x200: CFA +0x208, return into D at +0x200 */
	mem[0x200 / 8] = D + 0x20;
	/* D: user pt_regs at +0x208 */
	uint64_t *ur = &mem[0x208 / 8];
	ur[16] = 0x401000; ur[17] = 0x33; ur[19] = 0x7ffc0000;
	struct arch_regs r = {0};
	r.r[X86_64_IP] = A + 4; r.r[X86_64_SP] = STK + 0x100; r.r[X86_64_CS] = 0x10;
	unwind_start_regs(&st, &ops, &r);
	unwind_current(&st, &f);
	CHECK(f.pc == A + 4 && f.exact && f.slot == 0, "first frame from registers");
	CHECK(unwind_next(&st, &f) == 1 && f.pc == B + 0x10 && f.slot == STK + 0x108 && !f.exact,
	      "call frame: return address from below the CFA");
	CHECK(unwind_next(&st, &f) == 1 && f.pc == C + 5 && f.exact && f.regs_addr == STK + 0x110 &&
	      !f.user && f.regs.r[X86_64_BP] == 0x1234, "register frame: exception registers");
	CHECK(unwind_next(&st, &f) == 1 && f.pc == D + 0x20 && f.slot == STK + 0x200, "call frame after exception");
	CHECK(unwind_next(&st, &f) == 1 && f.user && f.pc == 0x401000 && f.regs.r[X86_64_SP] == 0x7ffc0000,
	      "user-mode registers end the kernel stack");
	CHECK(unwind_next(&st, &f) == 0, "end after user registers");

	/* A loop: the return address sends us to an ip whose CFA does not
	 * move up; the unwinder must stop. */
	memset(mem, 0, sizeof(mem));
	mem[0x108 / 8] = A + 0x10;
	mem[0x118 / 8] = A + 0x10;
	unwind_start_regs(&st, &ops, &r);
	int n = 0, rc;
	while ((rc = unwind_next(&st, &f)) == 1 && n < 1000)
		n++;
	CHECK(rc == -1 && n < 100, "runaway stack stops with an error (%d frames: %s)", n, st.why);
}

static int sym_addr(Elf *elf, const char *name, uint64_t *addr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(scn, NULL);
		size_t n = sh.sh_size / sh.sh_entsize;
		for (size_t i = 0; i < n; i++) {
			GElf_Sym s;
			if (!gelf_getsym(d, (int)i, &s))
				continue;
			const char *nm = elf_strptr(elf, sh.sh_link, s.st_name);
			if (nm && !strcmp(nm, name)) {
				*addr = s.st_value;
				return 0;
			}
		}
	}
	return -1;
}

static void test_vmlinux(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char pat[512], path[512];
	glob_t g;
	if (xdg)
		snprintf(pat, sizeof(pat), "%s/crash-fixtures/kernels/6.1.0-*-amd64/vmlinux", xdg);
	else
		snprintf(pat, sizeof(pat), "%s/.cache/crash-fixtures/kernels/6.1.0-*-amd64/vmlinux",
			 home ? home : "/root");
	if (glob(pat, 0, NULL, &g) != 0 || !g.gl_pathc) {
		printf("skip - vmlinux ORC tables: no fixture vmlinux\n");
		return;
	}
	snprintf(path, sizeof(path), "%s", g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
	struct orc_table t;
	CHECK(orc_table_load_elf(&t, path, 0, 0) == 0, "load ORC tables of the vmlinux");
	CHECK(t.n > 1000, "vmlinux ORC has %u entries", t.n);
	int fd = open(path, O_RDONLY);
	Elf *elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	uint64_t a;
	struct orc_entry e;
	if (sym_addr(elf, "schedule", &a) == 0)
		CHECK(orc_table_find(&t, a, &e) && e.type == ORC_TYPE_CALL && e.sp_reg == ORC_REG_SP &&
		      e.sp_offset == 8, "at a function's entry the CFA is sp+8");
	/* Relocation shifts every address by the same amount. */
	struct orc_table t2;
	if (orc_table_load_elf(&t2, path, 0x1000000, 0) == 0) {
		CHECK(t2.ips[5] == t.ips[5] + 0x1000000, "KASLR offset applied to ORC addresses");
		orc_table_free(&t2);
	}
	elf_end(elf);
	close(fd);
	orc_table_free(&t);
}

int main(void)
{
	test_decode();
	test_table();
	test_unwind();
	test_vmlinux();
	CHECK_DONE();
}
