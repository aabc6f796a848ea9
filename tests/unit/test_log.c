/* The printk walkers on a fake kernel: the 5.10+ ring buffer (wrapped
 * text block, data-less record, a descriptor still being written, damaged
 * sizes) and the older log_buf records (wrap marker). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ii_fake.h"
#include "kernel-types/printk.h"

static const struct fake_off prb_offs[] = {
	{ "struct printk_ringbuffer", "desc_ring", 0, 40 },
	{ "struct printk_ringbuffer", "text_data_ring", 40, 32 },
	{ "struct prb_desc_ring", "count_bits", 0, 4 },
	{ "struct prb_desc_ring", "descs", 8, 8 },
	{ "struct prb_desc_ring", "infos", 16, 8 },
	{ "struct prb_desc_ring", "head_id", 24, 8 },
	{ "struct prb_desc_ring", "tail_id", 32, 8 },
	{ "struct prb_desc", "state_var", 0, 8 },
	{ "struct prb_desc", "text_blk_lpos.begin", 8, 8 },
	{ "struct prb_desc", "text_blk_lpos.next", 16, 8 },
	{ "struct prb_desc", NULL, 24, 0 },
	{ "struct prb_data_ring", "size_bits", 0, 4 },
	{ "struct prb_data_ring", "data", 8, 8 },
	{ "struct printk_info", "seq", 0, 8 },
	{ "struct printk_info", "ts_nsec", 8, 8 },
	{ "struct printk_info", "text_len", 16, 2 },
	{ "struct printk_info", "facility", 18, 1 },
	{ "struct printk_info", "caller_id", 20, 4 },
	{ "struct printk_info", NULL, 32, 0 },
	{ 0 },
};
static const struct fake_sym prb_syms[] = { { "prb", 0x900 }, { 0 } };

#define PRB 0x1000ull
#define DESCS 0x2000ull
#define INFOS 0x3000ull
#define DATA 0x4000ull

static void desc(uint64_t id, unsigned state, uint64_t begin, uint64_t next)
{
	uint64_t d = DESCS + (id & 3) * 24;
	fake_put64(d, (uint64_t)state << 62 | id);
	fake_put64(d + 8, begin);
	fake_put64(d + 16, next);
}

static void info(uint64_t id, uint64_t seq, uint64_t ts, const char *text, int level)
{
	uint64_t i = INFOS + (id & 3) * 32;
	fake_put64(i, seq);
	fake_put64(i + 8, ts);
	fake_put16(i + 16, (uint16_t)strlen(text));
	fake_put8(i + 18, 0);
	fake_put8(i + 19, (uint8_t)(level << 5));
}

static void text(uint64_t idx, uint64_t id, const char *s)
{
	fake_put64(DATA + idx, id);
	memcpy(fake_at(DATA + idx + 8), s, strlen(s));
}

struct got { int n; char text[8][32]; uint64_t seq[8]; int level[8]; };

static int collect(void *arg, const struct printk_rec *r)
{
	struct got *g = arg;
	if (g->n < 8) {
		snprintf(g->text[g->n], sizeof g->text[0], "%.*s", (int)r->text_len, r->text);
		g->seq[g->n] = r->seq;
		g->level[g->n] = r->level;
	}
	g->n++;
	return 0;
}

static void setup_prb(unsigned count_bits, unsigned size_bits)
{
	fake_reset(prb_offs, prb_syms);
	fake_mem(0x900, 8);
	fake_put64(0x900, PRB);
	fake_mem(PRB, 80);
	fake_mem(DESCS, 4 * 24);
	fake_mem(INFOS, 4 * 32);
	fake_mem(DATA, 64);
	fake_put32(PRB + 0, count_bits);
	fake_put64(PRB + 8, DESCS);
	fake_put64(PRB + 16, INFOS);
	fake_put64(PRB + 24, 9); /* head id */
	fake_put64(PRB + 32, 6); /* tail id */
	fake_put32(PRB + 40, size_bits);
	fake_put64(PRB + 48, DATA);
	/* id 6: ordinary block in the second lap of the 64-byte ring */
	desc(6, 2, 64 + 16, 64 + 40);
	info(6, 60, 1500000000ull, "multi\nline", 6);
	text(16, 6, "multi\nline");
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

static void test_prb(void)
{
	struct got g = { 0 };
	unsigned skipped = 99;
	setup_prb(2, 6);
	int r = printk_walk(NULL, collect, &g, &skipped);
	CHECK(r == 0 && g.n == 3, "prb: three finished records (got %d, r=%d %s)", g.n, r, r ? err_get() : "");
	CHECK(!strcmp(g.text[0], "multi\nline") && g.seq[0] == 60 && g.level[0] == 6, "prb: ordinary record");
	CHECK(!strcmp(g.text[1], "wrapped-text") && g.level[1] == 4, "prb: wrapped block read from the ring start");
	CHECK(g.text[2][0] == 0 && g.seq[2] == 62, "prb: data-less record has empty text");
	CHECK(skipped == 0, "prb: nothing unreadable");

	/* A descriptor reused for a later id is skipped, not shown twice. */
	setup_prb(2, 6);
	desc(6, 2, 64 + 16, 64 + 40);
	fake_put64(DESCS + (6 & 3) * 24, (uint64_t)2 << 62 | 10);
	memset(&g, 0, sizeof g);
	r = printk_walk(NULL, collect, &g, NULL);
	CHECK(r == 0 && g.n == 2, "prb: stale descriptor skipped (%d records)", g.n);

	setup_prb(40, 6);
	r = printk_walk(NULL, collect, &g, NULL);
	CHECK(r < 0 && strstr(err_get(), "implausible"), "prb: absurd descriptor count refused: %s", err_get());
	setup_prb(2, 40);
	r = printk_walk(NULL, collect, &g, NULL);
	CHECK(r < 0, "prb: absurd text ring size refused: %s", err_get());
	/* The text ring is not in the dump. */
	setup_prb(2, 6);
	fake_put64(PRB + 48, 0xdead0000);
	r = printk_walk(NULL, collect, &g, NULL);
	CHECK(r < 0, "prb: unreadable text ring is an error: %s", err_get());
}

static const struct fake_off old_offs[] = {
	{ "struct printk_log", "ts_nsec", 0, 8 },
	{ "struct printk_log", "len", 8, 2 },
	{ "struct printk_log", "text_len", 10, 2 },
	{ "struct printk_log", "dict_len", 12, 2 },
	{ "struct printk_log", "facility", 14, 1 },
	{ "struct printk_log", NULL, 16, 0 },
	{ 0 },
};
static const struct fake_sym old_syms[] = {
	{ "log_buf", 0x100 }, { "log_buf_len", 0x108 }, { "log_first_idx", 0x10c }, { "log_next_idx", 0x110 }, { 0 },
};

static void logrec(uint64_t at, uint16_t len, const char *s, int level)
{
	fake_put64(at, 7000);
	fake_put16(at + 8, len);
	fake_put16(at + 10, (uint16_t)strlen(s));
	fake_put8(at + 15, (uint8_t)(level << 5));
	memcpy(fake_at(at + 16), s, strlen(s));
}

static void test_logbuf(void)
{
	struct got g = { 0 };
	fake_reset(old_offs, old_syms);
	fake_mem(0x100, 0x20);
	fake_mem(0x8000, 64);
	fake_put64(0x100, 0x8000);
	fake_put32(0x108, 64);
	fake_put32(0x10c, 32);
	fake_put32(0x110, 24);
	logrec(0x8000 + 32, 24, "abcdefgh", 3);
	/* 56: no room for a header: the reader wraps to 0 */
	logrec(0x8000, 24, "12345678", 5);
	int r = printk_walk(NULL, collect, &g, NULL);
	CHECK(r == 0 && g.n == 2, "log_buf: two records across the wrap (%d, %s)", g.n, r ? err_get() : "");
	CHECK(!strcmp(g.text[0], "abcdefgh") && g.level[0] == 3 && !strcmp(g.text[1], "12345678"),
	      "log_buf: texts and levels in order");
	/* A record whose length runs past the buffer ends the walk. */
	fake_put16(0x8000 + 32 + 8, 200);
	memset(&g, 0, sizeof g);
	unsigned skipped = 0;
	r = printk_walk(NULL, collect, &g, &skipped);
	CHECK(r == 0 && g.n == 0 && skipped == 1, "log_buf: damaged record stops the walk");
	fake_put32(0x108, 0x7fffffff);
	r = printk_walk(NULL, collect, &g, NULL);
	CHECK(r < 0, "log_buf: absurd length refused: %s", err_get());
}

int main(void)
{
	test_prb();
	test_logbuf();
	ii_set_ops(NULL);
	CHECK_DONE();
}
