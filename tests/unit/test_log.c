/* The printk walkers (kernel-types/linux/printk.c) on the real code:
 * kernel_open() of the "printk" test kernel (the 5.10+ ring buffer: a
 * wrapped text block, a data-less record, a descriptor still being
 * written, a stale one, dev_printk() origins, damaged sizes, pages the
 * dump lacks) and of the "logbuf" test kernel (the older log_buf records
 * and their wrap marker).  The test writes the records before each
 * tk_open(), as the kernel would have. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/kernel.h"
#include "kernel-types/linux/printk.h"
#include "kernels/printk.h"
#include "testkernel.h"

static struct testkernel *tk;
static uint64_t RB, DESCS, INFOS, DATA;

static void put8(uint64_t a, uint8_t v) { tk_write(tk, a, &v, 1); }
static void put16(uint64_t a, uint16_t v) { tk_write(tk, a, &v, 2); }
static void put32(uint64_t a, uint32_t v) { tk_write_u32(tk, a, v); }
static void put64(uint64_t a, uint64_t v) { tk_write_u64(tk, a, v); }

static void desc(uint64_t id, unsigned state, uint64_t begin, uint64_t next)
{
	uint64_t d = DESCS + (id & 3) * sizeof(struct prb_desc);
	put64(d + offsetof(struct prb_desc, state_var), (uint64_t)state << 62 | id);
	put64(d + offsetof(struct prb_desc, text_blk_lpos.begin), begin);
	put64(d + offsetof(struct prb_desc, text_blk_lpos.next), next);
}

static void info(uint64_t id, uint64_t seq, uint64_t ts, const char *text, int level)
{
	uint64_t i = INFOS + (id & 3) * sizeof(struct printk_info);
	static const struct printk_info zero;
	tk_write(tk, i, &zero, sizeof(zero));
	put64(i + offsetof(struct printk_info, seq), seq);
	put64(i + offsetof(struct printk_info, ts_nsec), ts);
	put16(i + offsetof(struct printk_info, text_len), (uint16_t)strlen(text));
	put8(i + offsetof(struct printk_info, facility), 0);
	/* flags:5 and level:3 share the byte after facility */
	put8(i + offsetof(struct printk_info, facility) + 1, (uint8_t)(level << 5));
}

static void text(uint64_t idx, uint64_t id, const char *s)
{
	put64(DATA + idx, id);
	tk_write(tk, DATA + idx + 8, s, strlen(s));
}

struct got {
	int n;
	char text[8][32];
	uint64_t seq[8];
	int level[8];
	uint32_t caller[8];
	char subsystem[8][17], device[8][49];
};

static int collect(void *arg, const struct printk_rec *r)
{
	struct got *g = arg;
	if (g->n < 8) {
		snprintf(g->text[g->n], sizeof g->text[0], "%.*s", (int)r->text_len, r->text);
		g->seq[g->n] = r->seq;
		g->level[g->n] = r->level;
		g->caller[g->n] = r->caller_id;
		memcpy(g->subsystem[g->n], r->subsystem, sizeof g->subsystem[0]);
		memcpy(g->device[g->n], r->device, sizeof g->device[0]);
	}
	g->n++;
	return 0;
}

static void setup_prb(unsigned count_bits, unsigned size_bits)
{
	put32(RB + offsetof(struct printk_ringbuffer, desc_ring.count_bits), count_bits);
	put64(RB + offsetof(struct printk_ringbuffer, desc_ring.head_id), 9);
	put64(RB + offsetof(struct printk_ringbuffer, desc_ring.tail_id), 6);
	put32(RB + offsetof(struct printk_ringbuffer, text_data_ring.size_bits), size_bits);
	put64(RB + offsetof(struct printk_ringbuffer, text_data_ring.data), DATA);
	/* id 6: ordinary block in the second lap of the 64-byte ring, from
	 * dev_printk() */
	desc(6, 2, 64 + 16, 64 + 40);
	info(6, 60, 1500000000ull, "multi\nline", 6);
	text(16, 6, "multi\nline");
	uint64_t i6 = INFOS + (6 & 3) * sizeof(struct printk_info);
	put32(i6 + offsetof(struct printk_info, caller_id), 0x80000001);
	tk_write(tk, i6 + offsetof(struct printk_info, dev_info.subsystem), "pci", 4);
	tk_write(tk, i6 + offsetof(struct printk_info, dev_info.device), "+pci:0000:00:01.0", 18);
	/* id 7: does not fit at the end, so stored whole at the ring start */
	desc(7, 1, 64 + 40, 128 + 24);
	info(7, 61, 2000000ull, "wrapped-text", 4);
	text(0, 7, "wrapped-text");
	/* id 8: data-less (its text was lost) */
	desc(8, 2, 1, 1);
	info(8, 62, 3, "", 0);
	/* id 9: still reserved by a CPU that was writing it */
	desc(9, 0, 128 + 24, 128 + 40);
	info(9, 63, 4, "half", 0);
}

/* printk_walk() on a fresh kernel_open() of the dump as it is now. */
static int walk(struct got *g, unsigned *skipped)
{
	memset(g, 0, sizeof(*g));
	struct kernel *k = tk_open(tk);
	if (!k) {
		CHECK(0, "kernel_open: %s", err_get());
		return -100;
	}
	int r = printk_walk(k, collect, g, skipped);
	kernel_close(k);
	return r;
}

/* A fresh "printk" test kernel in tk. */
static bool new_prb(const char *what, const struct tk_opts *o)
{
	tk = tk_new("printk", o);
	CHECK(tk, "%s: tk_new: %s", what, tk ? "ok" : err_get());
	if (!tk)
		return false;
	RB = tk_symbol(tk, "printk_rb_static");
	DESCS = tk_symbol(tk, "_printk_rb_static_descs");
	INFOS = tk_symbol(tk, "_printk_rb_static_infos");
	DATA = tk_symbol(tk, "__log_buf");
	return true;
}

static void test_prb(const char *what, const struct tk_opts *o)
{
	struct got g;
	unsigned skipped = 99;
	if (!new_prb(what, o))
		return;
	setup_prb(2, 6);
	int r = walk(&g, &skipped);
	CHECK(r == 0 && g.n == 3, "%s: prb: three finished records (got %d, r=%d %s)", what, g.n, r,
	      r ? err_get() : "");
	CHECK(!strcmp(g.text[0], "multi\nline") && g.seq[0] == 60 && g.level[0] == 6,
	      "%s: prb: ordinary record", what);
	CHECK(g.caller[0] == 0x80000001 && !strcmp(g.subsystem[0], "pci") &&
		      !strcmp(g.device[0], "+pci:0000:00:01.0") && !g.subsystem[1][0] && !g.device[1][0],
	      "%s: prb: caller id and dev_printk() origin", what);
	CHECK(!strcmp(g.text[1], "wrapped-text") && g.level[1] == 4,
	      "%s: prb: wrapped block read from the ring start", what);
	CHECK(g.text[2][0] == 0 && g.seq[2] == 62, "%s: prb: data-less record has empty text", what);
	CHECK(skipped == 0, "%s: prb: nothing unreadable", what);

	/* A descriptor reused for a later id is skipped, not shown twice. */
	put64(DESCS + (6 & 3) * sizeof(struct prb_desc), (uint64_t)2 << 62 | 10);
	r = walk(&g, NULL);
	CHECK(r == 0 && g.n == 2, "%s: prb: stale descriptor skipped (%d records)", what, g.n);

	setup_prb(40, 6);
	r = walk(&g, NULL);
	CHECK(r < 0 && strstr(err_get(), "implausible"), "%s: prb: absurd descriptor count refused: %s",
	      what, err_get());
	setup_prb(2, 40);
	r = walk(&g, NULL);
	CHECK(r < 0, "%s: prb: absurd text ring size refused: %s", what, err_get());
	/* The text ring is not in the dump. */
	setup_prb(2, 6);
	put64(RB + offsetof(struct printk_ringbuffer, text_data_ring.data), 0xdead0000);
	r = walk(&g, NULL);
	CHECK(r == KREAD_NOT_MAPPED && strstr(err_get(), "printk text ring"),
	      "%s: prb: unreadable text ring is an error: %s", what, err_get());
	tk_free(tk);

	/* Pages left out of the dump: the text ring's is an error that says
	 * so; the infos' makes every record unreadable, counted. */
	if (!new_prb(what, o))
		return;
	setup_prb(2, 6);
	tk_exclude_page(tk, DATA);
	r = walk(&g, NULL);
	CHECK(r < 0 && r != KREAD_NOT_MAPPED && strstr(err_get(), "printk text ring"),
	      "%s: prb: text ring in a page the dump lacks (%d): %s", what, r, err_get());
	tk_free(tk);
	if (!new_prb(what, o))
		return;
	setup_prb(2, 6);
	tk_exclude_page(tk, INFOS);
	r = walk(&g, &skipped);
	CHECK(r == 0 && g.n == 0 && skipped == 4,
	      "%s: prb: records whose info the dump lacks are counted, not shown (%u)", what, skipped);
	tk_free(tk);
	tk = NULL;
}

static void logrec(uint64_t at, uint16_t len, const char *s, int level)
{
	put64(at + offsetof(struct printk_log, ts_nsec), 7000);
	put16(at + offsetof(struct printk_log, len), len);
	put16(at + offsetof(struct printk_log, text_len), (uint16_t)strlen(s));
	put8(at + offsetof(struct printk_log, facility) + 1, (uint8_t)(level << 5));
	tk_write(tk, at + sizeof(struct printk_log), s, strlen(s));
}

static void test_logbuf(void)
{
	struct got g;
	tk = tk_new("logbuf", NULL);
	CHECK(tk, "log_buf: tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		return;
	uint64_t buf = tk_symbol(tk, "__log_buf"), len = tk_symbol(tk, "log_buf_len");
	put32(tk_symbol(tk, "log_first_idx"), 32);
	put32(tk_symbol(tk, "log_next_idx"), 24);
	logrec(buf + 32, 24, "abcdefgh", 3);
	/* 56: no room for a header: the reader wraps to 0 */
	logrec(buf, 24, "12345678", 5);
	int r = walk(&g, NULL);
	CHECK(r == 0 && g.n == 2, "log_buf: two records across the wrap (%d, %s)", g.n,
	      r ? err_get() : "");
	CHECK(!strcmp(g.text[0], "abcdefgh") && g.level[0] == 3 && !strcmp(g.text[1], "12345678") &&
		      g.seq[0] == 0 && g.seq[1] == 1,
	      "log_buf: texts and levels in order");
	/* A record whose length runs past the buffer ends the walk. */
	put16(buf + 32 + offsetof(struct printk_log, len), 200);
	unsigned skipped = 0;
	r = walk(&g, &skipped);
	CHECK(r == 0 && g.n == 0 && skipped == 1, "log_buf: damaged record stops the walk");
	put32(len, 0x7fffffff);
	r = walk(&g, NULL);
	CHECK(r < 0, "log_buf: absurd length refused: %s", err_get());
	tk_free(tk);
	tk = NULL;
}

int main(void)
{
	struct tk_opts plain = { .ncpus = 1 };
	test_prb("plain", &plain);
	struct tk_opts kaslr = { .ncpus = 1, .kaslr = 0x22000000, .format = TK_KDUMP };
	test_prb("kaslr", &kaslr);
	test_logbuf();
	CHECK_DONE();
}
