/* sys: system data of the crashed kernel (crash's layout), sys -t (taint
 * flags) and sys config (the in-kernel .config when built with IKCONFIG). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"
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

static const char *base(const char *p)
{
	const char *b = p ? strrchr(p, '/') : NULL;
	return b ? b + 1 : p ? p : "(none)";
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

/* The panic message: panic() formats it into a static buffer; the
 * log helper's printk reader gives the full line when it is merged. */
static void panic_msg(struct kernel *k, char *buf, size_t len)
{
	buf[0] = 0;
	static const char *const syms[] = {"panic.buf", "buf.0", "buf.1", NULL};
	for (int i = 0; syms[i]; i++) {
		uint64_t a = tkt_symbol(k, syms[i]);
		if (a && !tkt_read(k, a, buf, len - 1)) {
			buf[len - 1] = 0;
			char *nl = strchr(buf, '\n');
			if (nl)
				*nl = 0;
			if (*buf) {
				static const char pre[] = "Kernel panic - not syncing: ";
				size_t l = strlen(buf), p = sizeof(pre) - 1;
				if (l + p >= len)
					l = len - p - 1;
				memmove(buf + p, buf, l);
				memcpy(buf, pre, p);
				buf[p + l] = 0;
				return;
			}
		}
	}
	buf[0] = 0;
}

static int sys_show(struct crash_session *s, struct kernel *k, FILE *out)
{
	char u[5][65];
	long n = ktask_count(k);
	if (n < 0)
		return crash_error(s, "%s", err_get());
	utsname(k, u);
	const struct dump_info *di = kernel_dump(k) ? dump_get_info(kernel_dump(k)) : NULL;
	fprintf(out, "      KERNEL: %s\n", base(s->vmlinux));
	fprintf(out, "    DUMPFILE: %s%s\n", base(s->dumpfile), di && di->partial ? "  [PARTIAL DUMP]" : "");
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
		uint64_t v = rd64(k, av ? av + 8 * i : 0);
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
			return crash_error(s, "invalid option");
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
