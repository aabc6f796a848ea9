/* sys: system data of the crashed kernel (crash's layout), sys -t (taint
 * flags) and sys config (the in-kernel .config when built with IKCONFIG). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"
#include "kernel-types/tasks.h"
#include "kernel-types/tasks_kt.h"

uint64_t ktask_total_pages(struct kernel *k); /* tasks.c */

static uint64_t rd64(struct kernel *k, uint64_t a)
{
	uint64_t v = 0;
	if (a)
		tkt_read(k, a, &v, 8);
	return v;
}

/* Paths as the user gave them, as crash prints them. */
static const char *given(const char *p)
{
	return p ? p : "(none)";
}

/* init_uts_ns.name: sysname, nodename, release, version, machine */
static int utsname(struct kernel *k, char f[5][65])
{
	uint64_t ns = tkt_symbol(k, "init_uts_ns");
	long off;
	memset(f, 0, 5 * 65);
	if (!ns || tkt_member(k, "uts_namespace", "name", &off, NULL))
		return -1;
	for (int i = 0; i < 5; i++) {
		if (tkt_read(k, ns + off + 65 * i, f[i], 64))
			return -1;
		f[i][64] = 0;
	}
	return 0;
}

static int hz(struct kernel *k)
{
	/* tick_nsec is NSEC_PER_SEC / HZ (to within rounding) */
	uint64_t t = rd64(k, tkt_symbol(k, "tick_nsec"));
	if (t > 100000 && t < 100000000)
		return (int)((1000000000ull + t / 2) / t);
	return 1000;
}

static uint64_t uptime_secs(struct kernel *k)
{
	uint64_t j = rd64(k, tkt_symbol(k, "jiffies_64"));
	int h = hz(k);
	/* jiffies start at INITIAL_JIFFIES, 5 minutes before wrapping */
	uint64_t init = (uint64_t)(uint32_t)(-300 * h);
	return (j - init) / (uint64_t)h;
}

static int64_t wall_secs(struct kernel *k)
{
	long off;
	if (tkt_member(k, "timekeeper", "xtime_sec", &off, NULL))
		return 0;
	uint64_t sh = tkt_symbol(k, "shadow_timekeeper");
	int64_t v = (int64_t)rd64(k, sh ? sh + off : 0);
	if (v <= 0) {
		/* tk_core: a seqcount, then the timekeeper at the next 8 bytes */
		uint64_t tk = tkt_symbol(k, "tk_core");
		v = (int64_t)rd64(k, tk ? tk + 8 + off : 0);
	}
	return v;
}

static void print_uptime(FILE *out, uint64_t s)
{
	if (s >= 86400)
		fprintf(out, "%llu days, ", (unsigned long long)(s / 86400));
	fprintf(out, "%02llu:%02llu:%02llu\n", (unsigned long long)(s % 86400 / 3600),
		(unsigned long long)(s % 3600 / 60), (unsigned long long)(s % 60));
}

static void print_memory(FILE *out, uint64_t bytes)
{
	static const char *const u[] = {"KB", "MB", "GB", "TB"};
	double v = (double)bytes / 1024;
	int i = 0;
	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	if (v == (double)(uint64_t)v)
		fprintf(out, "%llu %s\n", (unsigned long long)v, u[i]);
	else
		fprintf(out, "%.1f %s\n", v, u[i]);
}

/* The text length of the lockless-ring record whose data block starts at
 * offset off of the text ring: from the descriptor pointing at it. */
static uint64_t rb_of(struct kernel *k)
{
	return rd64(k, tkt_symbol(k, "prb"));
}

static size_t record_len(struct kernel *k, uint64_t rb, uint64_t size, uint64_t off)
{
	long dr, cb, dp, ip, lpos, dsz, isz, tlen;
	if (!rb || tkt_member(k, "printk_ringbuffer", "desc_ring", &dr, NULL) ||
	    tkt_member(k, "prb_desc_ring", "count_bits", &cb, NULL) ||
	    tkt_member(k, "prb_desc_ring", "descs", &dp, NULL) ||
	    tkt_member(k, "prb_desc_ring", "infos", &ip, NULL) ||
	    tkt_member(k, "prb_desc", "text_blk_lpos", &lpos, NULL) ||
	    tkt_member(k, "printk_info", "text_len", &tlen, NULL) ||
	    tkt_type_size(k, "prb_desc", &dsz) || tkt_type_size(k, "printk_info", &isz))
		return 0;
	uint32_t bits = 0;
	if (tkt_read(k, rb + dr + cb, &bits, 4) || bits > 20)
		return 0;
	uint64_t descs = rd64(k, rb + dr + dp), infos = rd64(k, rb + dr + ip);
	for (uint64_t i = 0; i < (1ull << bits); i++) {
		uint64_t begin = rd64(k, descs + i * dsz + lpos);
		if ((begin & (size - 1)) == off) {
			uint16_t l = 0;
			tkt_read(k, infos + i * isz + tlen, &l, 2);
			return l;
		}
	}
	return 0;
}

/* The panic message, as crash shows it: the last "Kernel panic - not
 * syncing: " line in the printk text (the lockless ring's text data, or the
 * older log_buf), read raw: a record's text ends at a NUL or newline, or at
 * the next record's binary header. */
static void panic_msg(struct kernel *k, char *buf, size_t len)
{
	static const char key[] = "Kernel panic - not syncing: ";
	uint64_t data = 0, size = 0;
	long tdr, sb, dp;
	uint64_t prb = tkt_symbol(k, "prb");
	buf[0] = 0;
	if (prb && !tkt_member(k, "printk_ringbuffer", "text_data_ring", &tdr, NULL) &&
	    !tkt_member(k, "prb_data_ring", "size_bits", &sb, NULL) &&
	    !tkt_member(k, "prb_data_ring", "data", &dp, NULL)) {
		uint64_t rb = rd64(k, prb);
		uint32_t bits = 0;
		if (rb && !tkt_read(k, rb + tdr + sb, &bits, 4) && bits >= 10 && bits <= 26) {
			size = 1ull << bits;
			data = rd64(k, rb + tdr + dp);
		}
	} else {
		uint64_t lb = tkt_symbol(k, "log_buf"), ll = tkt_symbol(k, "log_buf_len");
		uint32_t l = 0;
		if (lb && ll && !tkt_read(k, ll, &l, 4) && l >= 1024 && l <= (1u << 26)) {
			data = rd64(k, lb);
			size = l;
		}
	}
	if (!data || !size)
		return;
	char *text = malloc(size + 1);
	if (!text)
		return;
	if (!tkt_read(k, data, text, size)) {
		text[size] = 0;
		/* panic() ends with "---[ end Kernel panic - not syncing: MSG ]---",
		 * which bounds MSG; else the message line itself */
		static const char end[] = "---[ end ";
		char *hit = NULL, *stop = NULL;
		for (char *p = memmem(text, size, key, sizeof(key) - 1); p;
		     p = memmem(p + 1, size - (p + 1 - text), key, sizeof(key) - 1))
			hit = p;
		if (hit && hit - text >= (long)sizeof(end) - 1 &&
		    !memcmp(hit - (sizeof(end) - 1), end, sizeof(end) - 1))
			stop = memmem(hit, size - (hit - text), " ]---", 5);
		size_t tl = hit && !stop ? record_len(k, rb_of(k), size, (uint64_t)(hit - text) - 8) : 0;
		if (tl)
			stop = hit + tl - 0;
		if (hit) {
			size_t n = 0;
			while (n + 1 < len && hit + n < text + size && hit[n] >= 0x20 && hit[n] < 0x7f &&
			       (!stop || hit + n < stop))
				n++;
			memcpy(buf, hit, n);
			buf[n] = 0;
		}
	}
	free(text);
}

static int sys_show(struct crash_session *s, struct kernel *k, FILE *out)
{
	char u[5][65];
	long n = ktask_count(k);
	if (n < 0)
		return crash_error(s, "%s", err_get());
	utsname(k, u);
	const struct dump_info *di = kernel_dump(k) ? dump_get_info(kernel_dump(k)) : NULL;
	fprintf(out, "      KERNEL: %s\n", given(crash_vmlinux_name(s)));
	fprintf(out, "    DUMPFILE: %s%s\n", given(crash_dump_name(s)), di && di->partial ? "  [PARTIAL DUMP]" : "");
	int nc = ktask_ncpus(k), on = ktask_nonline(k);
	if (on < nc)
		fprintf(out, "        CPUS: %d [OFFLINE: %d]\n", nc, nc - on);
	else
		fprintf(out, "        CPUS: %d\n", nc);
	time_t w = (time_t)wall_secs(k);
	char date[64] = "(unknown)";
	struct tm tm;
	if (w > 0 && localtime_r(&w, &tm))
		strftime(date, sizeof(date), "%a %b %e %T %Z %Y", &tm);
	fprintf(out, "        DATE: %s\n", date);
	fprintf(out, "      UPTIME: ");
	print_uptime(out, uptime_secs(k));
	uint64_t av = tkt_symbol(k, "avenrun");
	fprintf(out, "LOAD AVERAGE: ");
	for (int i = 0; i < 3; i++) {
		/* rounded to hundredths as /proc/loadavg does: + FIXED_1/200 */
		uint64_t v = rd64(k, av ? av + 8 * i : 0) + (1 << 11) / 200;
		fprintf(out, "%llu.%02llu%s", (unsigned long long)(v >> 11),
			(unsigned long long)(((v & 2047) * 100) >> 11), i < 2 ? ", " : "\n");
	}
	fprintf(out, "       TASKS: %ld\n", n);
	fprintf(out, "    NODENAME: %s\n", u[1]);
	fprintf(out, "     RELEASE: %s\n", u[2]);
	fprintf(out, "     VERSION: %s\n", u[3]);
	uint32_t khz = 0;
	uint64_t ka = tkt_symbol(k, "cpu_khz");
	if (!ka || tkt_read(k, ka, &khz, 4) || !khz) {
		ka = tkt_symbol(k, "tsc_khz");
		if (!ka || tkt_read(k, ka, &khz, 4))
			khz = 0;
	}
	if (khz)
		fprintf(out, "     MACHINE: %s  (%u Mhz)\n", u[4], khz / 1000);
	else
		fprintf(out, "     MACHINE: %s\n", u[4]);
	fprintf(out, "      MEMORY: ");
	print_memory(out, ktask_total_pages(k) * 4096);
	char pm[256];
	panic_msg(k, pm, sizeof(pm));
	if (*pm || ktask_panic(k))
		fprintf(out, "       PANIC: \"%s\"\n", pm);
	return 0;
}

static int sys_taint(struct crash_session *s, struct kernel *k, FILE *out)
{
	uint64_t a = tkt_symbol(k, "tainted_mask");
	if (!a)
		return crash_error(s, "tainted_mask does not exist in this kernel");
	uint64_t mask = rd64(k, a);
	char flags[64] = "";
	uint64_t tf = tkt_symbol(k, "taint_flags");
	long sz, ct, cf;
	if (tf && !tkt_type_size(k, "taint_flag", &sz) && sz > 0 && sz < 64 &&
	    !tkt_member(k, "taint_flag", "c_true", &ct, NULL) &&
	    !tkt_member(k, "taint_flag", "c_false", &cf, NULL)) {
		size_t n = 0;
		for (int i = 0; i < 32 && n + 1 < sizeof(flags); i++) {
			if (!(mask & (1ull << i)))
				continue;
			char c = 0;
			if (tkt_read(k, tf + sz * i + ct, &c, 1) || !c)
				c = '?';
			flags[n++] = c;
			flags[n] = 0;
		}
	}
	fprintf(out, "TAINTED_MASK: %llx  %s\n", (unsigned long long)mask, flags);
	return 0;
}

/* kernel_config_data: "IKCFG_ST", a gzip stream, "IKCFG_ED". */
static int sys_config(struct crash_session *s, struct kernel *k, FILE *out)
{
	uint64_t a = tkt_symbol(k, "kernel_config_data");
	if (!a)
		return crash_error(s, "kernel_config_data does not exist in this kernel");
	char magic[8];
	if (tkt_read(k, a, magic, 8) || memcmp(magic, "IKCFG_ST", 8))
		return crash_error(s, "kernel_config_data: no IKCFG_ST marker");
	uint64_t end = tkt_symbol(k, "kernel_config_data_end");
	size_t len = end > a + 8 && end - a < (8u << 20) ? end - a - 8 : (1u << 20);
	unsigned char *gz = xmalloc(len);
	while (len > 4096 && tkt_read(k, a + 8, gz, len))
		len /= 2;
	z_stream z = {0};
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(gz);
		return crash_error(s, "zlib init failed");
	}
	z.next_in = gz;
	z.avail_in = (uInt)len;
	unsigned char buf[65536];
	int rc;
	size_t total = 0;
	do {
		z.next_out = buf;
		z.avail_out = sizeof(buf);
		rc = inflate(&z, Z_NO_FLUSH);
		size_t got = sizeof(buf) - z.avail_out;
		total += got;
		fwrite(buf, 1, got, out);
	} while (rc == Z_OK && total < (64u << 20));
	inflateEnd(&z);
	free(gz);
	if (rc != Z_STREAM_END && !total)
		return crash_error(s, "kernel_config_data: bad gzip data");
	return 0;
}

static int sys_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	int opt;
	bool taint = false;
	while ((opt = getopt(argc, argv, "t")) != -1) {
		if (opt == 't')
			taint = true;
		else
			return -1; /* getopt said which */
	}
	if (taint)
		return sys_taint(s, k, out);
	if (optind < argc) {
		if (!strcmp(argv[optind], "config"))
			return sys_config(s, k, out);
		return crash_error(s, "invalid argument: %s", argv[optind]);
	}
	return sys_show(s, k, out);
}

static const struct crash_cmd sys_cmd = {
	.name = "sys",
	.run = sys_run,
	.summary = "system data",
	.synopsis = "[-t] | [config]",
	.description =
		"Shows the kernel and dump files, CPUs (and how many were offline), the\n"
		"date and uptime at the crash, load averages, number of tasks, the\n"
		"utsname fields, the CPU clock, the memory size and the panic message.\n"
		"\n"
		"  -t      the taint mask and its flag letters\n"
		"  config  the kernel's .config, when built in (CONFIG_IKCONFIG)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> sys -t\n"
		"  TAINTED_MASK: 0\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(sys_cmd)
