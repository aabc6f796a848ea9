/* System facts (sysinfo.h): init_uts_ns, the clocks, avenrun, the CPU
 * clock, the panic message in the printk text, the taint mask and the
 * built-in .config. */
#include "kernel-types/linux/sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/linux/tasks.h"
#include "kernel-types/types.h"

static uint64_t sym(struct kernel *k, const char *name)
{
	uint64_t a;
	return kernel_symbol(k, name, &a) == 0 ? a : 0;
}

static uint64_t rd64(struct kernel *k, uint64_t a)
{
	uint64_t v = 0;
	if (a)
		kernel_read(k, a, &v, 8);
	return v;
}

/* Offset of struct TYPE's member: 0, or -1 when there is none. */
static int member(struct kernel *k, const char *type, const char *m, long *off)
{
	char t[128];
	snprintf(t, sizeof(t), "struct %s", type);
	*off = kernel_offsetof(k, t, m);
	return *off < 0 ? -1 : 0;
}

static int type_size(struct kernel *k, const char *type, long *size)
{
	char t[128];
	snprintf(t, sizeof(t), "struct %s", type);
	*size = kernel_sizeof(k, t);
	return *size < 0 ? -1 : 0;
}

/* init_uts_ns.name: sysname, nodename, release, version, machine */
static int utsname(struct kernel *k, char f[5][65])
{
	uint64_t ns = sym(k, "init_uts_ns");
	long off;
	memset(f, 0, 5 * 65);
	if (!ns || member(k, "uts_namespace", "name", &off))
		return -1;
	for (int i = 0; i < 5; i++) {
		if (kernel_read(k, ns + off + 65 * i, f[i], 64))
			return -1;
		f[i][64] = 0;
	}
	return 0;
}

static int hz(struct kernel *k)
{
	/* tick_nsec is NSEC_PER_SEC / HZ (to within rounding) */
	uint64_t t = rd64(k, sym(k, "tick_nsec"));
	if (t > 100000 && t < 100000000)
		return (int)((1000000000ull + t / 2) / t);
	return 1000;
}

int ksys_hz(struct kernel *k)
{
	return hz(k);
}

static uint64_t uptime_secs(struct kernel *k)
{
	uint64_t j = rd64(k, sym(k, "jiffies_64"));
	int h = hz(k);
	/* jiffies start at INITIAL_JIFFIES, 5 minutes before wrapping */
	uint64_t init = (uint64_t)(uint32_t)(-300 * h);
	if (j < init)	/* unreadable (0): unknown, not 584 billion years */
		return 0;
	return (j - init) / (uint64_t)h;
}

static int64_t wall_secs(struct kernel *k)
{
	long off;
	if (member(k, "timekeeper", "xtime_sec", &off))
		return 0;
	uint64_t sh = sym(k, "shadow_timekeeper");
	int64_t v = (int64_t)rd64(k, sh ? sh + off : 0);
	if (v <= 0) {
		/* tk_core: a seqcount, then the timekeeper at the next 8 bytes */
		uint64_t tk = sym(k, "tk_core");
		v = (int64_t)rd64(k, tk ? tk + 8 + off : 0);
	}
	return v;
}

/* The text length of the lockless-ring record whose data block starts at
 * offset off of the text ring: from the descriptor pointing at it. */
static uint64_t rb_of(struct kernel *k)
{
	return rd64(k, sym(k, "prb"));
}

static size_t record_len(struct kernel *k, uint64_t rb, uint64_t size, uint64_t off)
{
	long dr, cb, dp, ip, lpos, dsz, isz, tlen;
	if (!rb || member(k, "printk_ringbuffer", "desc_ring", &dr) ||
	    member(k, "prb_desc_ring", "count_bits", &cb) ||
	    member(k, "prb_desc_ring", "descs", &dp) ||
	    member(k, "prb_desc_ring", "infos", &ip) ||
	    member(k, "prb_desc", "text_blk_lpos", &lpos) ||
	    member(k, "printk_info", "text_len", &tlen) ||
	    type_size(k, "prb_desc", &dsz) || type_size(k, "printk_info", &isz))
		return 0;
	uint32_t bits = 0;
	if (kernel_read(k, rb + dr + cb, &bits, 4) || bits > 20)
		return 0;
	uint64_t descs = rd64(k, rb + dr + dp), infos = rd64(k, rb + dr + ip);
	for (uint64_t i = 0; i < (1ull << bits); i++) {
		uint64_t begin = rd64(k, descs + i * dsz + lpos);
		if ((begin & (size - 1)) == off) {
			uint16_t l = 0;
			kernel_read(k, infos + i * isz + tlen, &l, 2);
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
	uint64_t prb = sym(k, "prb");
	buf[0] = 0;
	if (prb && !member(k, "printk_ringbuffer", "text_data_ring", &tdr) &&
	    !member(k, "prb_data_ring", "size_bits", &sb) &&
	    !member(k, "prb_data_ring", "data", &dp)) {
		uint64_t rb = rd64(k, prb);
		uint32_t bits = 0;
		if (rb && !kernel_read(k, rb + tdr + sb, &bits, 4) && bits >= 10 && bits <= 26) {
			size = 1ull << bits;
			data = rd64(k, rb + tdr + dp);
		}
	} else {
		uint64_t lb = sym(k, "log_buf"), ll = sym(k, "log_buf_len");
		uint32_t l = 0;
		if (lb && ll && !kernel_read(k, ll, &l, 4) && l >= 1024 && l <= (1u << 26)) {
			data = rd64(k, lb);
			size = l;
		}
	}
	if (!data || !size)
		return;
	char *text = malloc(size + 1);
	if (!text)
		return;
	if (!kernel_read(k, data, text, size)) {
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

void ksys_info(struct kernel *k, struct ksysinfo *si)
{
	char u[5][65];
	memset(si, 0, sizeof(*si));
	utsname(k, u);
	memcpy(si->sysname, u[0], 65);
	memcpy(si->nodename, u[1], 65);
	memcpy(si->release, u[2], 65);
	memcpy(si->version, u[3], 65);
	memcpy(si->machine, u[4], 65);
	si->wall_secs = wall_secs(k);
	si->uptime_secs = uptime_secs(k);
	uint64_t av = sym(k, "avenrun");
	for (int i = 0; i < 3; i++)
		si->avenrun[i] = rd64(k, av ? av + 8 * i : 0);
	uint32_t khz = 0;
	uint64_t ka = sym(k, "cpu_khz");
	if (!ka || kernel_read(k, ka, &khz, 4) || !khz) {
		ka = sym(k, "tsc_khz");
		if (!ka || kernel_read(k, ka, &khz, 4))
			khz = 0;
	}
	si->cpu_khz = khz;
	si->mem_bytes = ktask_total_pages(k) * arch_get_info(kernel_arch(k))->page_size;
	panic_msg(k, si->panic, sizeof(si->panic));
}

int ksys_taint(struct kernel *k, uint64_t *maskp, char *flags, size_t len)
{
	uint64_t a = sym(k, "tainted_mask");
	if (len)
		flags[0] = 0;
	if (!a) {
		err_set("tainted_mask does not exist in this kernel");
		return -1;
	}
	uint64_t mask = rd64(k, a);
	uint64_t tf = sym(k, "taint_flags");
	long sz, ct, cf;
	*maskp = mask;
	if (tf && !type_size(k, "taint_flag", &sz) && sz > 0 && sz < 64 &&
	    !member(k, "taint_flag", "c_true", &ct) && !member(k, "taint_flag", "c_false", &cf)) {
		size_t n = 0;
		for (int i = 0; i < 32 && n + 1 < len; i++) {
			if (!(mask & (1ull << i)))
				continue;
			char c = 0;
			if (kernel_read(k, tf + sz * i + ct, &c, 1) || !c)
				c = '?';
			flags[n++] = c;
			flags[n] = 0;
		}
	}
	return 0;
}

/* TAINT_* by bit number: the numbers are ABI (tainted-kernels.rst), the
 * letters are read from the kernel's taint_flags. */
static const struct {
	const char *name, *what;
} taint_names[] = {
	{"TAINT_PROPRIETARY_MODULE", "a proprietary module was loaded"},
	{"TAINT_FORCED_MODULE", "a module was force loaded"},
	{"TAINT_CPU_OUT_OF_SPEC", "an SMP kernel on hardware not certified for it"},
	{"TAINT_FORCED_RMMOD", "a module was force unloaded"},
	{"TAINT_MACHINE_CHECK", "a machine check exception happened"},
	{"TAINT_BAD_PAGE", "a bad page was referenced or a page had unexpected flags"},
	{"TAINT_USER", "a user asked for the taint (a debugfs or sysctl write)"},
	{"TAINT_DIE", "the kernel died: an oops or BUG happened"},
	{"TAINT_OVERRIDDEN_ACPI_TABLE", "an ACPI table was overridden"},
	{"TAINT_WARN", "a WARN happened"},
	{"TAINT_CRAP", "a staging driver was loaded"},
	{"TAINT_FIRMWARE_WORKAROUND", "a workaround for a platform firmware bug is on"},
	{"TAINT_OOT_MODULE", "an out-of-tree module was loaded"},
	{"TAINT_UNSIGNED_MODULE", "an unsigned module was loaded"},
	{"TAINT_SOFTLOCKUP", "a soft lockup happened"},
	{"TAINT_LIVEPATCH", "the kernel was live patched"},
	{"TAINT_AUX", "auxiliary taint, for distributions' use"},
	{"TAINT_RANDSTRUCT", "built with the structure randomization plugin"},
	{"TAINT_TEST", "a kernel test ran"},
	{"TAINT_FWCTL", "a fwctl debug operation ran"},
};

void ksys_taint_bit(struct kernel *k, int bit, char *letter, const char **name, const char **what)
{
	uint64_t tf = sym(k, "taint_flags");
	long sz, ct;
	char c = 0;
	if (bit >= 0 && bit < 64 && tf && !type_size(k, "taint_flag", &sz) && sz > 0 && sz < 64 &&
	    !member(k, "taint_flag", "c_true", &ct) &&
	    (kernel_read(k, tf + sz * bit + ct, &c, 1) || c < 0x21 || c > 0x7e))
		c = 0;
	*letter = c ? c : '?';
	bool known = bit >= 0 && (size_t)bit < sizeof(taint_names) / sizeof(taint_names[0]);
	*name = known ? taint_names[bit].name : "";
	*what = known ? taint_names[bit].what : "";
}

int ksys_config(struct kernel *k, void (*emit)(void *arg, const void *buf, size_t len), void *arg)
{
	uint64_t a = sym(k, "kernel_config_data");
	if (!a) {
		err_set("kernel_config_data does not exist in this kernel");
		return -1;
	}
	char magic[8];
	if (kernel_read(k, a, magic, 8) || memcmp(magic, "IKCFG_ST", 8)) {
		err_set("kernel_config_data: no IKCFG_ST marker");
		return -1;
	}
	uint64_t end = sym(k, "kernel_config_data_end");
	size_t len = end > a + 8 && end - a < (8u << 20) ? end - a - 8 : (1u << 20);
	unsigned char *gz = xmalloc(len);
	while (len > 4096 && kernel_read(k, a + 8, gz, len))
		len /= 2;
	z_stream z = {0};
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(gz);
		err_set("zlib init failed");
		return -1;
	}
	z.next_in = gz;
	z.avail_in = (uInt)len;
	unsigned char *buf = xmalloc(65536);
	int rc;
	size_t total = 0;
	do {
		z.next_out = buf;
		z.avail_out = 65536;
		rc = inflate(&z, Z_NO_FLUSH);
		size_t got = 65536 - z.avail_out;
		total += got;
		emit(arg, buf, got);
	} while (rc == Z_OK && total < (64u << 20));
	inflateEnd(&z);
	free(gz);
	free(buf);
	if (rc != Z_STREAM_END && !total) {
		err_set("kernel_config_data: bad gzip data");
		return -1;
	}
	return 0;
}

/* The types of the symbols read here, for a type source (BTF) that has
 * none for them (ktype_of_symbol). */
static const struct ktype_symbol_decl sysinfo_symbol_types[] = {
	{ "init_uts_ns", "struct uts_namespace" },
	{ "jiffies", "unsigned long" },
	{ "jiffies_64", "u64" },
	{ "nr_cpu_ids", "unsigned int" },
	{ "linux_banner", "char *" },
};
KTYPE_DECLARE_SYMBOLS(sysinfo_symbol_types)

int ksys_syscalls(struct kernel *k, uint64_t **fns)
{
	struct kernel_sym ts;
	*fns = NULL;
	if (kernel_symbol_info(k, "sys_call_table", &ts)) {
		err_set("sys_call_table does not exist in this kernel");
		return -1;
	}
	/* the symbol's size bounds the table; without one (kallsyms), the
	 * table ends where entries stop pointing into the kernel's text */
	uint64_t stext = sym(k, "_stext"), etext = sym(k, "_etext");
	size_t max = ts.size ? ts.size / 8 : 4096;
	if (max > 4096)
		max = 4096;
	uint64_t *v = xcalloc(max ? max : 1, sizeof(*v));
	size_t n = 0;
	for (; n < max; n++) {
		int rc = kernel_read_u64(k, ts.addr + n * 8, &v[n]);
		if (rc) {
			if (n && !ts.size)
				break;
			free(v);
			err_set("sys_call_table entry %zu: %s", n, kernel_read_error_name(rc));
			return -1;
		}
		if (!ts.size && (!stext || !etext || v[n] < stext || v[n] >= etext))
			break;
	}
	*fns = v;
	return (int)n;
}

int ksys_dmi(struct kernel *k, int (*fn)(void *arg, const char *field, const char *value),
	     void *arg)
{
	uint64_t ident = sym(k, "dmi_ident");
	struct kqtype et;
	int64_t max;
	if (!ident) {
		err_set("dmi_ident does not exist in this kernel");
		return -1;
	}
	if (ktype_lookup(k, "enum dmi_field", &et) || kernel_enum_value(k, "DMI_STRING_MAX", &max)) {
		err_set("no enum dmi_field in the kernel's types");
		return -1;
	}
	size_t ne = ktype_nenumerators(et.type);
	for (size_t i = 0; i < ne; i++) {
		const struct kenumerator *e = ktype_enumerator_at(et.type, i);
		if (!e || e->value <= 0 || e->value >= max || e->value > 256)
			continue;	/* DMI_NONE, DMI_STRING_MAX, DMI_OEM_STRING */
		uint64_t p;
		char buf[256];
		if (kernel_read_u64(k, ident + (uint64_t)e->value * 8, &p) || !p)
			continue;
		if (kernel_read_string(k, p, buf, sizeof(buf)) < 0)
			snprintf(buf, sizeof(buf), "(unreadable string at %llx)", (unsigned long long)p);
		int rc = fn(arg, e->name, buf);
		if (rc)
			return rc;
	}
	return 0;
}
