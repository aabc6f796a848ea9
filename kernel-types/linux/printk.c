/* Walkers of the kernel message log; see printk.h. */
#include "kernel-types/linux/printk.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/kernel.h"
#include "kernel-types/types.h"

/* Largest ring we agree to copy out of a dump: the kernel's own maximum
 * log_buf_len is 2^25 with CONFIG_LOG_BUF_SHIFT; allow some margin. */
#define MAX_RING (1ull << 28)

struct prb_layout {
	long dr, tdr;			/* printk_ringbuffer members */
	long count_bits, descs, infos, head_id, tail_id;
	long sv, begin, next, desc_size;
	long size_bits, data;
	long seq, ts, text_len, facility, caller_id, info_size;
	long dev_info, subsys, device; /* -1 when absent */
};

static int need(long v, const char *what)
{
	if (v < 0) {
		err_set("kernel has no %s", what);
		return -1;
	}
	return 0;
}

static int prb_layout(struct kernel *k, struct prb_layout *l)
{
	l->dr = kernel_offsetof(k, "struct printk_ringbuffer", "desc_ring");
	l->tdr = kernel_offsetof(k, "struct printk_ringbuffer", "text_data_ring");
	l->count_bits = kernel_offsetof(k, "struct prb_desc_ring", "count_bits");
	l->descs = kernel_offsetof(k, "struct prb_desc_ring", "descs");
	l->infos = kernel_offsetof(k, "struct prb_desc_ring", "infos");
	l->head_id = kernel_offsetof(k, "struct prb_desc_ring", "head_id");
	l->tail_id = kernel_offsetof(k, "struct prb_desc_ring", "tail_id");
	l->sv = kernel_offsetof(k, "struct prb_desc", "state_var");
	l->begin = kernel_offsetof(k, "struct prb_desc", "text_blk_lpos.begin");
	l->next = kernel_offsetof(k, "struct prb_desc", "text_blk_lpos.next");
	l->desc_size = kernel_sizeof(k, "struct prb_desc");
	l->size_bits = kernel_offsetof(k, "struct prb_data_ring", "size_bits");
	l->data = kernel_offsetof(k, "struct prb_data_ring", "data");
	l->seq = kernel_offsetof(k, "struct printk_info", "seq");
	l->ts = kernel_offsetof(k, "struct printk_info", "ts_nsec");
	l->text_len = kernel_offsetof(k, "struct printk_info", "text_len");
	l->facility = kernel_offsetof(k, "struct printk_info", "facility");
	l->caller_id = kernel_offsetof(k, "struct printk_info", "caller_id");
	l->info_size = kernel_sizeof(k, "struct printk_info");
	l->dev_info = kernel_offsetof(k, "struct printk_info", "dev_info");
	l->subsys = kernel_offsetof(k, "struct dev_printk_info", "subsystem");
	l->device = kernel_offsetof(k, "struct dev_printk_info", "device");
	/* The two strings are 16 and 48 bytes, subsystem first. */
	if (l->subsys < 0)
		l->subsys = 0;
	if (l->device < 0)
		l->device = 16;
	if (need(l->dr, "printk_ringbuffer.desc_ring") || need(l->tdr, "printk_ringbuffer.text_data_ring") ||
	    need(l->count_bits, "prb_desc_ring.count_bits") || need(l->descs, "prb_desc_ring.descs") ||
	    need(l->infos, "prb_desc_ring.infos") || need(l->head_id, "prb_desc_ring.head_id") ||
	    need(l->tail_id, "prb_desc_ring.tail_id") || need(l->sv, "prb_desc.state_var") ||
	    need(l->begin, "prb_desc.text_blk_lpos") || need(l->next, "prb_desc.text_blk_lpos") ||
	    need(l->desc_size, "struct prb_desc") || need(l->size_bits, "prb_data_ring.size_bits") ||
	    need(l->data, "prb_data_ring.data") || need(l->seq, "printk_info.seq") ||
	    need(l->ts, "printk_info.ts_nsec") || need(l->text_len, "printk_info.text_len") ||
	    need(l->facility, "printk_info.facility") || need(l->info_size, "struct printk_info"))
		return -1;
	return 0;
}

/* The top two bits of a descriptor's state_var hold its state; the rest
 * is the descriptor id. */
#define SV_SHIFT 62
#define SV_ID_MASK ((1ull << SV_SHIFT) - 1)
enum { DESC_COMMITTED = 1, DESC_FINALIZED = 2 };

static int walk_prb(struct kernel *k, uint64_t prb, int (*cb)(void *, const struct printk_rec *),
		    void *arg, unsigned *skipped)
{
	struct prb_layout l;
	if (prb_layout(k, &l) < 0)
		return -1;
	uint64_t dr = prb + (uint64_t)l.dr, tdr = prb + (uint64_t)l.tdr;
	uint64_t cbits, descs, infos, head, tail, sbits, data;
	int rc;
	if ((rc = kernel_read_uint(k, dr + l.count_bits, 4, &cbits)) != 0 ||
	    (rc = kernel_read_u64(k, dr + l.descs, &descs)) != 0 ||
	    (rc = kernel_read_u64(k, dr + l.infos, &infos)) != 0 ||
	    (rc = kernel_read_u64(k, dr + l.head_id, &head)) != 0 ||
	    (rc = kernel_read_u64(k, dr + l.tail_id, &tail)) != 0 ||
	    (rc = kernel_read_uint(k, tdr + l.size_bits, 4, &sbits)) != 0 ||
	    (rc = kernel_read_u64(k, tdr + l.data, &data)) != 0) {
		err_prefix("printk ring buffer");
		return rc;
	}
	if (cbits > 24 || sbits > 28 || (1ull << sbits) > MAX_RING) {
		err_set("printk ring buffer: implausible sizes (2^%llu descriptors, 2^%llu bytes)",
			(unsigned long long)cbits, (unsigned long long)sbits);
		return -1;
	}
	uint64_t count = 1ull << cbits, size = 1ull << sbits;
	/* The whole text ring in one read: a few hundred KB at most. */
	char *ring = xmalloc(size);
	if ((rc = kernel_read(k, data, ring, size)) != 0) {
		free(ring);
		err_prefix("printk text ring");
		return rc;
	}
	unsigned char *ib = xmalloc((size_t)l.info_size);
	unsigned char *db = xmalloc((size_t)l.desc_size);
	int ret = 0;
	uint64_t n = ((head - tail) & SV_ID_MASK) + 1;
	if (n > count)
		n = count;
	for (uint64_t i = 0; i < n && !ret; i++) {
		uint64_t id = (tail + i) & SV_ID_MASK, idx = id & (count - 1);
		if (kernel_read(k, descs + idx * (uint64_t)l.desc_size, db, (size_t)l.desc_size) < 0 ||
		    kernel_read(k, infos + idx * (uint64_t)l.info_size, ib, (size_t)l.info_size) < 0) {
			if (skipped)
				++*skipped;
			continue;
		}
		uint64_t sv, begin, next;
		memcpy(&sv, db + l.sv, 8);
		memcpy(&begin, db + l.begin, 8);
		memcpy(&next, db + l.next, 8);
		unsigned state = (unsigned)(sv >> SV_SHIFT);
		/* A descriptor reused for a later id, or one still being
		 * written (reserved) or already given up (reusable), has no
		 * message for this id. */
		if ((sv & SV_ID_MASK) != id || (state != DESC_COMMITTED && state != DESC_FINALIZED))
			continue;
		struct printk_rec r = { 0 };
		uint16_t tl;
		memcpy(&r.seq, ib + l.seq, 8);
		memcpy(&r.ts_nsec, ib + l.ts, 8);
		memcpy(&tl, ib + l.text_len, 2);
		r.facility = ib[l.facility];
		/* flags:5 and level:3 share the byte after facility; GCC
		 * allocates bit-fields from the low bit on x86_64. */
		r.flags = ib[l.facility + 1] & 0x1f;
		r.level = ib[l.facility + 1] >> 5;
		if (l.caller_id >= 0)
			memcpy(&r.caller_id, ib + l.caller_id, 4);
		r.has_caller_id = l.caller_id >= 0;
		if (l.dev_info >= 0 && l.dev_info + l.device + 48 <= l.info_size) {
			memcpy(r.subsystem, ib + l.dev_info + l.subsys, 16);
			memcpy(r.device, ib + l.dev_info + l.device, 48);
		}
		r.text = "";
		/* Odd positions mark data-less records (empty or lost text). */
		if (!(begin & 1) && !(next & 1)) {
			uint64_t b = begin & (size - 1), e = next & (size - 1);
			/* A block that wraps is stored whole at the ring start. */
			if ((begin >> sbits) != (next >> sbits))
				b = 0;
			if (e > b && e - b >= 8) {
				uint64_t avail = e - b - 8;
				r.text = ring + b + 8;
				r.text_len = tl < avail ? tl : avail;
			}
		}
		ret = cb(arg, &r);
	}
	free(db);
	free(ib);
	free(ring);
	return ret;
}

/* Pre-5.10: records of struct printk_log followed by text and dict,
 * between log_first_idx and log_next_idx; a zero len means "wrap to the
 * start of log_buf". */
static int walk_logbuf(struct kernel *k, int (*cb)(void *, const struct printk_rec *), void *arg,
		       unsigned *skipped)
{
	uint64_t a, buf, len, first, next;
	long o_ts = kernel_offsetof(k, "struct printk_log", "ts_nsec"), o_len = kernel_offsetof(k, "struct printk_log", "len"),
	     o_tl = kernel_offsetof(k, "struct printk_log", "text_len"),
	     o_fac = kernel_offsetof(k, "struct printk_log", "facility"),
	     o_caller = kernel_offsetof(k, "struct printk_log", "caller_id"), hsz = kernel_sizeof(k, "struct printk_log");
	if (need(o_ts, "printk_log.ts_nsec") || need(o_len, "printk_log.len") || need(o_tl, "printk_log.text_len") ||
	    need(o_fac, "printk_log.facility") || need(hsz, "struct printk_log"))
		return -1;
	if (kernel_symbol(k, "log_buf", &a) < 0 || kernel_read_u64(k, a, &buf) < 0 ||
	    kernel_symbol(k, "log_buf_len", &a) < 0 || kernel_read_uint(k, a, 4, &len) < 0 ||
	    kernel_symbol(k, "log_first_idx", &a) < 0 || kernel_read_uint(k, a, 4, &first) < 0 ||
	    kernel_symbol(k, "log_next_idx", &a) < 0 || kernel_read_uint(k, a, 4, &next) < 0) {
		err_set("cannot read log_buf and its indexes");
		return -1;
	}
	if (len == 0 || len > MAX_RING || first >= len || next > len) {
		err_set("log_buf: implausible length %llu", (unsigned long long)len);
		return -1;
	}
	unsigned char *ring = xmalloc(len);
	int rc = kernel_read(k, buf, ring, len);
	if (rc != 0) {
		free(ring);
		err_prefix("log_buf");
		return rc;
	}
	int ret = 0;
	uint64_t idx = first, seq = 0;
	/* Each step moves forward by at least a header, so len steps bound
	 * the walk even on a damaged buffer. */
	for (uint64_t steps = 0; idx != next && steps < len && !ret; steps++) {
		if (idx + (uint64_t)hsz > len) {
			idx = 0;
			continue;
		}
		unsigned char *h = ring + idx;
		uint16_t rlen, tl;
		memcpy(&rlen, h + o_len, 2);
		memcpy(&tl, h + o_tl, 2);
		if (rlen == 0) {
			idx = 0;
			continue;
		}
		if (rlen < hsz || idx + rlen > len) {
			if (skipped)
				++*skipped;
			break;
		}
		struct printk_rec r = { 0 };
		r.seq = seq++;
		memcpy(&r.ts_nsec, h + o_ts, 8);
		r.facility = h[o_fac];
		r.flags = h[o_fac + 1] & 0x1f;
		r.level = h[o_fac + 1] >> 5;
		if (o_caller >= 0)
			memcpy(&r.caller_id, h + o_caller, 4);
		r.has_caller_id = o_caller >= 0;
		r.text = (const char *)h + hsz;
		r.text_len = tl <= rlen - hsz ? tl : (size_t)(rlen - hsz);
		ret = cb(arg, &r);
		idx += rlen;
	}
	free(ring);
	return ret;
}

int printk_walk(struct kernel *k, int (*cb)(void *arg, const struct printk_rec *r), void *arg,
		unsigned *skipped)
{
	uint64_t a, prb;
	int rc;
	if (skipped)
		*skipped = 0;
	if (kernel_symbol(k, "prb", &a) == 0) {
		if ((rc = kernel_read_u64(k, a, &prb)) != 0) {
			err_prefix("prb");
			return rc;
		}
		return walk_prb(k, prb, cb, arg, skipped);
	}
	if (kernel_symbol(k, "log_buf", &a) == 0)
		return walk_logbuf(k, cb, arg, skipped);
	err_set("kernel has neither prb nor log_buf");
	return -1;
}

int printk_boot_wallclock(struct kernel *k, int64_t *sec)
{
	uint64_t a;
	/* tk_core is { seqcount_raw_spinlock_t seq; struct timekeeper
	 * timekeeper; }: an anonymous struct before 6.13 (named tk_data
	 * after), so place the timekeeper after the sequence count. */
	long tko = kernel_offsetof(k, "struct tk_data", "timekeeper");
	if (tko < 0) {
		long sq = kernel_sizeof(k, "seqcount_raw_spinlock_t");
		tko = sq > 0 ? (sq + 7) & ~7L : 8;
	}
	long xo = kernel_offsetof(k, "struct timekeeper", "xtime_sec");
	long bo = kernel_offsetof(k, "struct timekeeper", "tkr_mono.base");
	long ob = kernel_offsetof(k, "struct timekeeper", "offs_boot");
	if (tko < 0 || xo < 0 || bo < 0 || kernel_symbol(k, "tk_core", &a) < 0) {
		err_set("kernel has no readable timekeeper");
		return -1;
	}
	uint64_t tk = a + (uint64_t)tko, xtime, base, offs = 0;
	int rc;
	if ((rc = kernel_read_u64(k, tk + xo, &xtime)) != 0 || (rc = kernel_read_u64(k, tk + bo, &base)) != 0 ||
	    (ob >= 0 && (rc = kernel_read_u64(k, tk + ob, &offs)) != 0))
		return rc;
	/* Boot-time clock at the last tick = monotonic base + time spent in
	 * suspend; wall clock at boot is the realtime seconds minus that. */
	*sec = (int64_t)xtime - (int64_t)((base + offs) / 1000000000ull);
	return 0;
}

/* The largest safe buffer read (CONFIG_PRINTK_SAFE_LOG_BUF_SHIFT is 10..21). */
#define PRINTK_SAFE_MAX (1u << 21)

int printk_safe_walk(struct kernel *k, int (*cb)(void *arg, const struct printk_safe_buf *b),
		     void *arg)
{
	static const char *const names[] = { "nmi_print_seq", "safe_print_seq" };
	const char *T = "struct printk_safe_seq_buf";
	long off_len = kernel_offsetof(k, T, "len");
	long off_lost = kernel_offsetof(k, T, "message_lost");
	long off_buf = kernel_offsetof(k, T, "buffer");
	long size = kernel_sizeof(k, T);
	int seen = 0, ncpu = kernel_nr_cpus(k);
	uint64_t a;

	if (off_len < 0 || off_buf < 0 || size <= off_buf ||
	    (kernel_symbol(k, names[0], &a) != 0 && kernel_symbol(k, names[1], &a) != 0)) {
		err_set("this kernel has no printk safe buffers (nmi_print_seq, safe_print_seq): "
			"its NMI and recursive messages are in the log itself");
		return 0;
	}
	size_t cap = (size_t)(size - off_buf);
	if (cap > PRINTK_SAFE_MAX)
		cap = PRINTK_SAFE_MAX;
	char *text = xmalloc(cap);
	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		if (kernel_symbol(k, names[n], &a) != 0)
			continue;
		for (int cpu = 0; cpu < ncpu; cpu++) {
			struct printk_safe_buf b = { .name = names[n], .cpu = cpu, .text = text };
			uint64_t v = 0;
			if (kernel_percpu_symbol(k, names[n], cpu, &b.addr) != 0)
				continue;
			if (kernel_read_uint(k, b.addr + (uint64_t)off_len, 4, &v) != 0)
				continue;
			b.len = (uint32_t)v;
			if (off_lost >= 0 && kernel_read_uint(k, b.addr + (uint64_t)off_lost, 4, &v) == 0)
				b.message_lost = (uint32_t)v;
			b.text_len = b.len < cap ? b.len : cap;	/* the dump is untrusted */
			if (b.text_len &&
			    kernel_read(k, b.addr + (uint64_t)off_buf, text, b.text_len) != 0)
				b.text_len = 0;
			seen++;
			if (cb(arg, &b))
				goto out;
		}
	}
out:
	free(text);
	return seen;
}

/* The types of the symbols read here, for a type source (BTF) that has
 * none for them (ktype_of_symbol). */
static const struct ktype_symbol_decl printk_symbol_types[] = {
	{ "prb", "struct printk_ringbuffer *" },
	{ "printk_rb_static", "struct printk_ringbuffer" },
};
KTYPE_DECLARE_SYMBOLS(printk_symbol_types)

void printk_rec_first_line(const struct printk_rec *r, char *buf, size_t len)
{
	size_t n = 0;
	if (!len)
		return;
	while (n < r->text_len && n + 1 < len && r->text[n] != '\n')
		n++;
	memcpy(buf, r->text, n);
	while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\r'))
		n--;
	buf[n] = 0;
	for (size_t i = 0; i < n; i++)	/* the dump's bytes: printable only */
		if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] >= 0x7f)
			buf[i] = '?';
}
