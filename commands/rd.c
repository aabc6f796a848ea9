/* rd: display memory (kernel virtual, user virtual or physical) as hex,
 * decimal, symbols or ASCII, in crash's line layout. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-api.h"
#include "kernel-types/addrarg.h"
#include "kernel-types/expr.h"

enum rd_space { RD_KERNEL, RD_USER, RD_PHYS, RD_FILE };
enum rd_fmt { RD_HEX, RD_DEC, RD_UDEC, RD_SYM, RD_ASCII };

/* Room for one address column: crash right-justifies addresses to 16. */
#define RD_ADDR_W 16
/* -a stops at a NUL; without a count it gives up after this many bytes. */
#define RD_ASCII_MAX (1u << 20)

struct rd {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	enum rd_space space;
	enum rd_fmt fmt;
	int size;		/* bytes per unit: 1, 2, 4, 8 */
	bool ascii_col;		/* the ASCII column after hex units */
	bool net_endian;
	uint64_t pgd;		/* mm->pgd for user addresses */
	int fd;			/* -f: the dump file, read at file offsets */
};

static int rd_read(struct rd *r, uint64_t addr, void *buf, size_t len)
{
	switch (r->space) {
	case RD_PHYS: {
		/* the reader's error names the physical address already */
		return dump_read_phys(kernel_dump(r->k), addr, buf, len) < 0 ? -1 : 0;
	}
	case RD_USER:
		return kernel_read_user(r->k, r->pgd, addr, buf, len);
	case RD_FILE: {
		ssize_t n = pread(r->fd, buf, len, (off_t)addr);
		if (n == (ssize_t)len)
			return 0;
		err_set("dump file offset %llx: %s", (unsigned long long)addr,
			n < 0 ? strerror(errno) : "past the end of the file");
		return -1;
	}
	default:
		return kernel_read(r->k, addr, buf, len);
	}
}

static uint64_t rd_unit(const struct rd *r, const unsigned char *p)
{
	uint64_t v = 0;
	memcpy(&v, p, (size_t)r->size); /* little-endian host and target */
	if (r->net_endian) {
		if (r->size == 2)
			v = __builtin_bswap16((uint16_t)v);
		else if (r->size == 4)
			v = __builtin_bswap32((uint32_t)v);
		else if (r->size == 8)
			v = __builtin_bswap64(v);
	}
	return v;
}

static int64_t sign_extend(uint64_t v, int size)
{
	int shift = 64 - 8 * size;
	return shift ? (int64_t)(v << shift) >> shift : (int64_t)v;
}

/* A 64-bit value as "symbol" or "symbol+offset" (decimal offset, as crash
 * prints it), when it points into the kernel image's symbols. */
static bool rd_symbol(struct rd *r, uint64_t v, char *buf, size_t len)
{
	uint64_t off;
	const char *name = v ? kernel_symbol_at(r->k, v, &off) : NULL;
	if (!name)
		return false;
	if (off)
		snprintf(buf, len, "%s+%" PRIu64, name, off);
	else
		snprintf(buf, len, "%s", name);
	return true;
}

/* Column width of one unit, for padding a short last line. */
static int unit_width(const struct rd *r)
{
	switch (r->fmt) {
	case RD_DEC:
		return r->size == 8 ? 15 : r->size == 4 ? 12 : r->size == 2 ? 5 : 3;
	case RD_UDEC:
		return r->size == 8 ? 20 : r->size == 4 ? 12 : r->size == 2 ? 5 : 3;
	default:
		return 2 * r->size;
	}
}

static void print_unit(struct rd *r, uint64_t v)
{
	char sym[256];
	int w = unit_width(r);
	switch (r->fmt) {
	case RD_DEC:
		fprintf(r->out, "%*" PRId64 " ", w, sign_extend(v, r->size));
		break;
	case RD_UDEC:
		fprintf(r->out, "%*" PRIu64 " ", w, v);
		break;
	case RD_SYM:
		if (r->size == 8 && rd_symbol(r, v, sym, sizeof(sym))) {
			fprintf(r->out, "%-16s ", sym);
			break;
		}
		/* fall through */
	default:
		fprintf(r->out, "%0*" PRIx64 " ", w, v);
	}
}

static int rd_units(struct rd *r, uint64_t addr, uint64_t count)
{
	int per_line = 16 / r->size;
	unsigned char line[16];
	char ascii[17];

	for (uint64_t done = 0; done < count; done += (uint64_t)per_line) {
		if (crash_interrupted())
			return 0;
		uint64_t a = addr + done * (uint64_t)r->size;
		int n = count - done < (uint64_t)per_line ? (int)(count - done) : per_line;
		if (rd_read(r, a, line, (size_t)n * (size_t)r->size) != 0)
			return crash_error(r->s, "%s", err_get());
		fprintf(r->out, "%*" PRIx64 ":  ", RD_ADDR_W, a);
		for (int i = 0; i < n; i++)
			print_unit(r, rd_unit(r, line + i * r->size));
		if (r->ascii_col) {
			int nb = n * r->size;
			for (int i = 0; i < nb; i++)
				ascii[i] = line[i] >= 0x20 && line[i] < 0x7f ? (char)line[i] : '.';
			ascii[nb] = '\0';
			fprintf(r->out, "%*s  %s", (per_line - n) * (unit_width(r) + 1), "", ascii);
		}
		fputc('\n', r->out);
	}
	return 0;
}

/* -a: printable characters, 60 to a line, up to a NUL (or count bytes). */
static int rd_ascii(struct rd *r, uint64_t addr, uint64_t count, bool counted)
{
	uint64_t limit = counted ? count : RD_ASCII_MAX, col = 0;
	unsigned char c;
	bool any = false;

	for (uint64_t i = 0; i < limit; i++) {
		if (rd_read(r, addr + i, &c, 1) != 0) {
			if (any)
				fputc('\n', r->out);
			return crash_error(r->s, "%s", err_get());
		}
		if (!c && !counted)
			break;
		if (!isprint(c)) {
			col = 0;
			continue;
		}
		if (col % 60 == 0) {
			if (any)
				fputc('\n', r->out);
			fprintf(r->out, "%*" PRIx64 ":  ", RD_ADDR_W, addr + i);
		}
		fputc(c, r->out);
		any = true;
		col++;
	}
	if (any)
		fputc('\n', r->out);
	return 0;
}

/* -r FILE: copy count bytes, raw, into a file. */
static int rd_to_file(struct rd *r, uint64_t addr, uint64_t bytes, const char *path)
{
	FILE *f = fopen(path, "w");
	unsigned char buf[4096];
	if (!f)
		return crash_error(r->s, "%s: %s", path, strerror(errno));
	for (uint64_t done = 0; done < bytes;) {
		size_t n = bytes - done < sizeof(buf) ? (size_t)(bytes - done) : sizeof(buf);
		if (rd_read(r, addr + done, buf, n) != 0 || fwrite(buf, 1, n, f) != n) {
			fclose(f);
			return crash_error(r->s, "%s", err_get());
		}
		done += n;
	}
	if (fclose(f) != 0)
		return crash_error(r->s, "%s: %s", path, strerror(errno));
	fprintf(r->out, "%" PRIu64 " bytes copied from 0x%" PRIx64 " to %s\n", bytes, addr, path);
	return 0;
}

static int user_pgd(struct rd *r)
{
	uint64_t task = crash_current_task(r->s), mm = 0;
	if (!task || mm_of_task(r->k, task, &mm) != 0)
		return crash_error(r->s, "no current task for a user address");
	if (!mm)
		return crash_error(r->s, "the current task (%#" PRIx64 ") is a kernel thread: "
				   "it has no user address space", task);
	if (mm_pgd(r->k, mm, &r->pgd, NULL) != 0)
		return crash_error(r->s, "%s", err_get());
	return 0;
}

static int rd_run(struct crash_session *s, int argc, char **argv)
{
	struct rd r = { .s = s, .k = crash_kernel(s), .out = crash_out(s), .fmt = RD_HEX,
			.size = 8, .ascii_col = true };
	const char *file = NULL, *end_arg = NULL;
	uint64_t offset = 0, count = 1, addr, end;
	bool counted = false, user = false, kern = false, reverse = false;
	int opt;

	/* -8 -16 -32 -64 look like options but getopt cannot parse them: take
	 * them out first. */
	int n = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-8") || !strcmp(a, "-16") || !strcmp(a, "-32") || !strcmp(a, "-64"))
			r.size = (int)(strtol(a + 1, NULL, 10) / 8);
		else
			argv[n++] = argv[i];
	}
	argc = n;
	argv[argc] = NULL;
	optind = 0; /* full reset: argv was just rewritten */
	while ((opt = getopt(argc, argv, "dDsSaxNupkmfRe:o:r:")) != -1) {
		switch (opt) {
		case 'd': r.fmt = RD_DEC; r.ascii_col = false; break;
		case 'D': r.fmt = RD_UDEC; r.ascii_col = false; break;
		case 's': case 'S': r.fmt = RD_SYM; r.ascii_col = false; break;
		case 'a': r.fmt = RD_ASCII; break;
		case 'x': r.ascii_col = false; break;
		case 'N': r.net_endian = true; break;
		case 'u': user = true; break;
		case 'k': kern = true; break;
		case 'p': r.space = RD_PHYS; break;
		case 'f': r.space = RD_FILE; break;
		case 'R': reverse = true; break;
		case 'm':
			return crash_error(s, "-m: machine addresses belong to Xen dumps, and this is "
					   "not one: its physical addresses are read with -p");
		case 'e': end_arg = optarg; break;
		case 'o':
			if (addrarg_number(optarg, &offset) != 0)
				return crash_error(s, "invalid offset: %s", optarg);
			break;
		case 'r': file = optarg; break;
		default:
			return -1;
		}
	}
	if (user && kern)
		return crash_error(s, "-u and -k cannot be used together");
	if (r.space == RD_FILE && (user || kern))
		return crash_error(s, "-f reads file offsets: no -u or -k");
	if (optind >= argc)
		return crash_error(s, "an address or a symbol is needed");
	if (r.space == RD_FILE ? addrarg_number(argv[optind], &addr) != 0
			       : addrarg_resolve(r.k, argv[optind], &addr) != 0)
		return crash_error(s, "%s", r.space == RD_FILE ? "invalid file offset" : err_get());
	addr += offset;
	if (optind + 1 < argc) {
		struct kexpr e;
		if (kexpr_eval(NULL, argv[optind + 1], &e) != 0 || kexpr_int(NULL, &e, &count) != 0)
			return crash_error(s, "invalid count: %s", argv[optind + 1]);
		counted = true;
		if (optind + 2 < argc)
			return crash_error(s, "too many arguments: %s", argv[optind + 2]);
	}
	if (end_arg) {
		if (addrarg_resolve(r.k, end_arg, &end) != 0)
			return crash_error(s, "%s", err_get());
		if (end <= addr)
			return crash_error(s, "ending address %s is not above the start", end_arg);
		if (!counted) {
			count = (end - addr + (uint64_t)r.size - 1) / (uint64_t)(r.fmt == RD_ASCII ? 1 : r.size);
			counted = true;
		}
	}
	if (r.fmt == RD_ASCII)
		r.size = 1;
	if (!count)
		count = 1;
	if (count > (UINT64_MAX >> 4))
		return crash_error(s, "count too large: %" PRIu64, count);
	if (reverse) {
		/* -R: the count units that end with the one at the address */
		if (r.fmt == RD_ASCII || end_arg || file)
			return crash_error(s, "-R excludes -a, -e and -r");
		uint64_t back = (count - 1) * (uint64_t)r.size;
		if (back > addr)
			return crash_error(s, "-R: count reaches below address 0");
		addr -= back;
	}
	if (r.space == RD_FILE) {
		const char *path = crash_dump_name(s);
		if (!path)
			return crash_error(s, "-f: no dump file is open");
		r.fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r.fd < 0)
			return crash_error(s, "%s: %s", path, strerror(errno));
		int rc = file ? rd_to_file(&r, addr, count * (uint64_t)r.size, file)
			      : rd_units(&r, addr, count);
		if (file && !counted)
			rc = crash_error(s, "-r needs a count or an ending address (-e)");
		close(r.fd);
		return rc;
	}

	if (r.space != RD_PHYS) {
		const struct arch_vm *vm = kernel_arch(r.k);
		if (user || (!kern && vm && !arch_is_kvaddr(vm, addr))) {
			r.space = RD_USER;
			if (user_pgd(&r) != 0)
				return -1;
		}
	}
	if (file) {
		if (!counted)
			return crash_error(s, "-r needs a count or an ending address (-e)");
		return rd_to_file(&r, addr, count * (uint64_t)r.size, file);
	}
	if (r.fmt == RD_ASCII)
		return rd_ascii(&r, addr, count, counted);
	if (r.size != 8 && r.fmt == RD_SYM)
		r.fmt = RD_HEX;
	return rd_units(&r, addr, count);
}

static const struct crash_cmd rd_cmd = {
	.name = "rd",
	.run = rd_run,
	.summary = "read memory",
	.synopsis = "[-dDsSupxmfaNR][-8|-16|-32|-64][-o offs][-e addr][-r file] address|symbol "
		    "[count]",
	.description =
		"Shows memory at a kernel virtual address (the default), a user virtual\n"
		"address of the current context, or a physical address, count units\n"
		"long (one unit by default).  Each line starts with the address of its\n"
		"first unit; hexadecimal lines end with the bytes as ASCII.\n"
		"\n"
		"  -8 -16 -32 -64  the unit: 1, 2, 4 or 8 bytes (8 is the default).\n"
		"  -d / -D         signed / unsigned decimal instead of hexadecimal.\n"
		"  -s / -S         a 64-bit value that points into the kernel's symbols\n"
		"                  is shown as symbol+offset.\n"
		"  -x              no ASCII column.\n"
		"  -a              printable characters up to a NUL, 60 to a line.\n"
		"  -N              16-, 32- and 64-bit units in network byte order.\n"
		"  -u / -k         the address is a user / kernel virtual address (x86_64\n"
		"                  addresses tell by themselves).\n"
		"  -p              the address is physical.\n"
		"  -f              the address is an offset in the dump file (its headers,\n"
		"                  notes and compressed pages as stored).\n"
		"  -R              the count units that end with the one at the address.\n"
		"  -m              Xen machine addresses: answered in one line (no Xen dumps).\n"
		"  -o offs         start offs bytes after the address.\n"
		"  -e addr         stop before addr (instead of a count).\n"
		"  -r file         copy count units of raw memory into file.\n"
		"  address         hexadecimal, a symbol, symbol+offset (decimal unless\n"
		"                  0x), an expression such as \"&init_task.tasks\" or\n"
		"                  \"(jiffies + 8)\", and :N for CPU N's copy of a per-cpu\n"
		"                  symbol or offset (\"irq_stat:1\").\n"
		"\n"
		"EXAMPLES\n"
		"  crash> rd jiffies\n"
		"  ffffffff978079c0:  00000000fffee69a                    ........\n"
		"\n"
		"  crash> rd -32 linux_banner 6\n"
		"  ffffffff96f1ffe0:  756e694c 65762078 6f697372 2e36206e   Linux version 6.\n"
		"  ffffffff96f1fff0:  2d302e31 632d3635                     1.0-56-c\n"
		"\n"
		"  crash> rd -a linux_banner\n"
		"  ffffffff96f1ffe0:  Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.debi\n"
		"  ffffffff96f2001c:  an.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (G\n"
		"  ...\n"
		"\n"
		"  crash> rd -p 1000 2\n"
		"              1000:  0000000000000000 0000000000000000   ................\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(rd_cmd)
