/* The eBPF walker (kernel-types/linux/bpf.c) on the real code: the "bpf"
 * test kernel's prog_idr and map_idr (kernels/bpf.c says what they hold),
 * then damaged entries, which must give an error, never a crash. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/bpf.h"
#include "kernels/bpf.h"
#include "testkernel.h"
#include "tkstart.h"

/* The bpf command's layout on the test kernel's dump, through the crash
 * binary (CRASH, as tests/run sets it): crash's columns, -p/-m's extra
 * lines, -T's instructions. */
static void command(struct testkernel *tk)
{
	const char *crash = getenv("CRASH");
	if (!crash || access(crash, X_OK)) {
		printf("skip - bpf command: no crash binary (CRASH)\n");
		return;
	}
	char cmd[2048], *out = NULL;
	size_t len = 0, n;
	char buf[4096];
	snprintf(cmd, sizeof(cmd),
		 "printf 'bpf\\necho ==\\nbpf -p 1\\necho ==\\nbpf -m 1\\necho ==\\nbpf -p 3 -T\\n"
		 "bpf -p 9\\nbpf -t\\necho ==\\nbpf -p 1 -t\\n' | '%s' -s '%s' '%s' 2>&1",
		 crash, tk_vmlinux_path(tk), tk_dump_path(tk));
	FILE *f = popen(cmd, "r");
	FILE *mem = open_memstream(&out, &len);
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, mem);
	if (f)
		pclose(f);
	fclose(mem);
	char want[4096];
	uint64_t p1 = tk_symbol(tk, "prog_1"), a1 = tk_symbol(tk, "aux_1");
	uint64_t p3 = tk_symbol(tk, "prog_3"), a3 = tk_symbol(tk, "aux_3");
	uint64_t m1 = tk_symbol(tk, "map_1"), m2 = tk_symbol(tk, "map_2");
	const char *ph = " ID     BPF_PROG       BPF_PROG_AUX   BPF_PROG_TYPE       TAG        USED_MAPS\n";
	const char *mh = " ID     BPF_MAP       BPF_MAP_TYPE   MAP_FLAGS\n";
	snprintf(want, sizeof(want),
		 "%s  1 %016llx %016llx SOCKET_FILTER 123456789abcdef0     2    \n"
		 "  3 %016llx %016llx    KPROBE     0102030405060708    1,2   \n"
		 "\n%s  1 %016llx      HASH        00000001\n"
		 "  2 %016llx      ARRAY       00000000\n==\n",
		 ph, (unsigned long long)p1, (unsigned long long)a1, (unsigned long long)p3,
		 (unsigned long long)a3, mh, (unsigned long long)m1, (unsigned long long)m2);
	bool same = out && !strncmp(out, want, strlen(want));
	CHECK(same, "bpf: crash's columns, programs then maps");
	if (!same)
		printf("# got:\n%s# want:\n%s", out ? out : "", want);
	snprintf(want, sizeof(want),
		 "==\n%s  1 %016llx %016llx SOCKET_FILTER 123456789abcdef0     2    \n"
		 "     XLATED: 16  JITED: 16  MEMLOCK: 4096\n     LOAD_TIME: ",
		 ph, (unsigned long long)p1, (unsigned long long)a1);
	CHECK(out && strstr(out, want) && strstr(out, "     GPL_COMPATIBLE: yes  NAME: \"filt\"  UID: 1000\n"),
	      "bpf -p 1: sizes, memlock, load time, GPL, name, uid");
	snprintf(want, sizeof(want),
		 "==\n%s  1 %016llx      HASH        00000001\n"
		 "     KEY_SIZE: 4  VALUE_SIZE: 8  MAX_ENTRIES: 100  MEMLOCK: (unknown)\n"
		 "     NAME: \"h\"  UID: (unknown)\n\n==\n",
		 mh, (unsigned long long)m1);
	CHECK(out && strstr(out, want), "bpf -m 1: sizes and entries, (unknown) where 6.1 keeps none");
	CHECK(out && strstr(out, "\n   0: (95) exit\n      95 00 00 00 00 00 00 00\n"),
	      "bpf -p 3 -T: each instruction as the kernel's disassembler writes it, and its bytes");
	CHECK(out && strstr(out, "\nbpf: invalid program ID: 9\n") &&
		      strstr(out, "\nbpf: -t, -T and -j need -p ID or -P\n"),
	      "bpf: a missing id, -t without a program: one line each");
	CHECK(out && strstr(out, "\n   0: (b7) r0 = 7\n   1: (95) exit\n"), "bpf -p 1 -t: the translated program");
	free(out);

	/* a program that cannot be read: its row says why, the others print */
	tk_write_u64(tk, tk_symbol(tk, "prog_3_maps"), 0x7fff00000000ull);
	snprintf(cmd, sizeof(cmd), "printf 'bpf\\n' | '%s' -s '%s' '%s' 2>&1", crash,
		 tk_vmlinux_path(tk), tk_dump_path(tk));
	f = popen(cmd, "r");
	out = NULL, len = 0;
	mem = open_memstream(&out, &len);
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, mem);
	if (f)
		pclose(f);
	fclose(mem);
	snprintf(want, sizeof(want), "  3 %016llx (unreadable: read error: kernel virtual address "
		 "7fff00000024", (unsigned long long)p3);
	CHECK(out && strstr(out, want) && strstr(out, " SOCKET_FILTER ") && strstr(out, "      ARRAY  "),
	      "bpf: an unreadable program's row says why; the other rows print");
	free(out);
}

/* The instruction decoder on each class, as kernel/bpf/disasm.c writes
 * them. */
static void insns(struct kernel *k)
{
	static const struct {
		uint8_t b[16];
		int slots;
		const char *want;
		int used;
	} t[] = {
		{ { 0xbf, 0x16 }, 1, "(bf) r6 = r1", 1 },
		{ { 0x07, 0x0a, 0, 0, 0xf8, 0xff, 0xff, 0xff }, 1, "(07) r10 += -8", 1 },
		{ { 0x04, 0x01, 0, 0, 1 }, 1, "(04) w1 += 1", 1 },
		{ { 0x87, 0x02 }, 1, "(87) r2 = -r2", 1 },
		{ { 0xdc, 0x01, 0, 0, 16 }, 1, "(dc) r1 = be16 r1", 1 },
		{ { 0x61, 0x21, 4, 0 }, 1, "(61) r1 = *(u32 *)(r2 +4)", 1 },
		{ { 0x7b, 0xa1, 0xf8, 0xff }, 1, "(7b) *(u64 *)(r1 -8) = r10", 1 },
		{ { 0x62, 0x0a, 0xfc, 0xff, 5 }, 1, "(62) *(u32 *)(r10 -4) = 5", 1 },
		{ { 0x18, 0x01, 0, 0, 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff }, 2,
		  "(18) r1 = 0xffffffff12345678", 2 },
		{ { 0x28, 0, 0, 0, 12 }, 1, "(28) r0 = *(u16 *)skb[12]", 1 },
		{ { 0x15, 0x01, 3, 0 }, 1, "(15) if r1 == 0x0 goto pc+3", 1 },
		{ { 0x2d, 0x21, 0xfe, 0xff }, 1, "(2d) if r1 > r2 goto pc-2", 1 },
		{ { 0x16, 0x01, 1, 0, 7 }, 1, "(16) if w1 == 0x7 goto pc+1", 1 },
		{ { 0x05, 0, 2, 0 }, 1, "(05) goto pc+2", 1 },
		{ { 0x85, 0x10, 0, 0, 4 }, 1, "(85) call pc+4", 1 },
		{ { 0x95 }, 1, "(95) exit", 1 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char buf[128];
		int used = kbpf_insn_text(k, t[i].b, t[i].slots, buf, sizeof(buf));
		CHECK(used == t[i].used && !strcmp(buf, t[i].want), "insn %s (got %s)", t[i].want, buf);
	}
	char buf[128];
	static const uint8_t call[8] = { 0x85, 0, 0, 0, 1 };
	kbpf_insn_text(k, call, 1, buf, sizeof(buf));
	CHECK(!strncmp(buf, "(85) call ", 10) && strstr(buf, "#1"), "insn: a helper call (%s)", buf);
}

static void run(const char *what, const struct tk_opts *opts)
{
	struct kernel *k;
	struct testkernel *tk = tk_start("bpf", opts, what, &k);
	if (!tk)
		return;
	struct kbpf_prog *p;
	int n = kbpf_progs(k, &p);
	CHECK(n == 2, "%s: two programs (%d: %s)", what, n, n < 0 ? err_get() : "ok");
	if (n == 2) {
		static const uint8_t tag[8] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0 };
		CHECK(p[0].id == 1 && p[0].prog == tk_symbol(tk, "prog_1") &&
			      p[0].aux == tk_symbol(tk, "aux_1") && !strcmp(p[0].type, "SOCKET_FILTER") &&
			      !memcmp(p[0].tag, tag, 8),
		      "%s: prog 1: id, bpf_prog, aux, type (%s), tag", what, p[0].type);
		CHECK(p[0].nused == 1 && p[0].used[0] == 2, "%s: prog 1 uses map 2", what);
		CHECK(p[0].len == 2 && p[0].xlated == 16 && p[0].jited_len == 16 &&
			      p[0].bpf_func == tk_symbol(tk, "jited_1") &&
			      p[0].insns == p[0].prog + offsetof(struct bpf_prog, insnsi) &&
			      p[0].memlock == 4096,
		      "%s: prog 1: sizes, jited code, instructions, memlock (%lld)", what,
		      (long long)p[0].memlock);
		CHECK(p[0].gpl == 1 && !strcmp(p[0].name, "filt") && p[0].uid == 1000 &&
			      p[0].load_time == 20000000000ull,
		      "%s: prog 1: GPL, name, uid, load time", what);
		CHECK(p[1].id == 3 && !strcmp(p[1].type, "KPROBE") && p[1].nused == 2 &&
			      p[1].used[0] == 1 && p[1].used[1] == 2 && p[1].gpl == 0 &&
			      p[1].uid == -1 && p[1].jited_len == 0 && !strcmp(p[1].name, "kp"),
		      "%s: prog 3: KPROBE, maps 1,2, not GPL, no user, not jited", what);
	}
	free(p);
	struct kbpf_map *m;
	n = kbpf_maps(k, &m);
	CHECK(n == 2, "%s: two maps (%d: %s)", what, n, n < 0 ? err_get() : "ok");
	if (n == 2) {
		CHECK(m[0].id == 1 && m[0].map == tk_symbol(tk, "map_1") && !strcmp(m[0].type, "HASH") &&
			      m[0].flags == 1 && m[0].key_size == 4 && m[0].value_size == 8 &&
			      m[0].max_entries == 100 && !strcmp(m[0].name, "h"),
		      "%s: map 1: HASH, flags, sizes, name", what);
		CHECK(m[1].id == 2 && !strcmp(m[1].type, "ARRAY") && m[1].memlock == -1 &&
			      m[1].uid == -1,
		      "%s: map 2: ARRAY; memlock and uid unknown (no pages, no user)", what);
	}
	free(m);
	insns(k);

	/* A used_maps entry pointing outside the dump: an error naming the
	 * program, not a crash. */
	uint64_t maps = tk_symbol(tk, "prog_3_maps");
	tk_write_u64(tk, maps, 0x7fff00000000ull);
	kernel_close(k);
	k = tk_open(tk);
	n = k ? kbpf_progs(k, &p) : 0;
	CHECK(k && n == 2 && !p[0].bad[0] && p[0].id == 1 && p[1].id == 3 &&
		      p[1].prog == tk_symbol(tk, "prog_3") && strstr(p[1].bad, "7fff00000024"),
	      "%s: a bad used_maps pointer: that program kept with why, the other read (%s)", what,
	      n == 2 ? p[1].bad : err_get());
	if (n >= 0)
		free(p);
	/* An absurd used map count is refused before reading. */
	tk_write_u32(tk, tk_symbol(tk, "aux_1") + offsetof(struct bpf_prog_aux, used_map_cnt),
		     1000000);
	kernel_close(k);
	k = tk_open(tk);
	n = k ? kbpf_progs(k, &p) : 0;
	CHECK(k && n == 2 && strstr(p[0].bad, "used maps"), "%s: a damaged used_map_cnt: said (%s)",
	      what, n == 2 ? p[0].bad : err_get());
	if (n >= 0)
		free(p);
	kernel_close(k);
	tk_free(tk);
}

static void run_command(void)
{
	struct tk_opts o = { .ncpus = 1 };
	struct testkernel *tk = tk_new("bpf", &o);
	CHECK(tk, "command: tk_new: %s", tk ? "ok" : err_get());
	if (tk)
		command(tk);
	tk_free(tk);
}

int main(void)
{
	run("plain", &(struct tk_opts){ .ncpus = 1 });
	run("kaslr", &(struct tk_opts){ .ncpus = 2, .kaslr = 0x2a00000 });
	run_command();
	CHECK_DONE();
}
