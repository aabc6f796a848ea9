/* search: find values or strings in kernel virtual memory (the direct map
 * of the dump's RAM and the kernel image), in the current task's user
 * memory, or in physical memory; page by page, skipping pages that are
 * not in the dump. */
#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

#define SEARCH_MAX_VALUES 16
/* Characters shown from a string hit, as crash shows them. */
#define SEARCH_CHARS_CTX 56
#define SEARCH_PAGE 4096u
#define SEARCH_MAX_STRING 256

enum search_space { SP_KERNEL, SP_USER, SP_PHYS };
/* Which kernel memory -k searches all of: -K leaves out vmalloc space
 * (module memory and vmapped stacks with it), -V searches only that. */
enum search_kspace { KS_ALL, KS_NO_VMALLOC, KS_VMALLOC_ONLY };
#define SEARCH_MAX_CONTEXT 256

struct search {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	enum search_space space;
	int unit;			/* 8, 4, 2; 0 for strings */
	uint64_t mask;			/* bits ignored in the comparison */
	enum search_kspace kspace;
	uint64_t values[SEARCH_MAX_VALUES];
	const char *strings[SEARCH_MAX_VALUES];
	const char *names[SEARCH_MAX_VALUES];	/* a symbol or expression given */
	unsigned context;		/* -x: units shown before and after a hit */
	uint64_t header_task;		/* -t/-T: printed before the task's first hit */
	bool any_header;		/* a task header was printed already */
	size_t nvalues;
	uint64_t start, end;		/* [start, end) the user asked for */
	uint64_t pgd;			/* -u: mm->pgd */
	/* the previous page's last bytes, for strings across a page boundary */
	unsigned char tail[SEARCH_MAX_STRING];
	size_t tail_len;
	uint64_t tail_end;		/* address just past the tail */
	bool interrupted;
};

/* One page (or part of one) of the searched space; false when it is not
 * readable (not in the dump, not mapped). */
static bool read_page(struct search *g, uint64_t addr, unsigned char *buf, size_t len)
{
	switch (g->space) {
	case SP_PHYS:
		if (dump_page_state(kernel_dump(g->k), addr) != DUMP_PAGE_PRESENT)
			return false;
		return dump_read_phys(kernel_dump(g->k), addr, buf, len) == 0;
	case SP_USER:
		return kernel_read_user(g->k, g->pgd, addr, buf, len) == 0;
	default: {
		const struct arch_info *ai = arch_get_info(kernel_arch(g->k));
		const struct dump_info *di = dump_get_info(kernel_dump(g->k));
		/* the direct map: check the page in the dump before reading it */
		if (addr >= ai->page_offset && addr - ai->page_offset < di->max_paddr) {
			uint64_t pa = addr - ai->page_offset;
			if (dump_page_state(kernel_dump(g->k), pa) != DUMP_PAGE_PRESENT)
				return false;
			return dump_read_phys(kernel_dump(g->k), pa, buf, len) == 0;
		}
		return kernel_read(g->k, addr, buf, len) == 0;
	}
	}
}

/* -t/-T: the task's line before its first hit, an empty line between
 * tasks. */
static void hit_header(struct search *g)
{
	if (!g->header_task)
		return;
	crash_print_task_header(g->s, g->header_task, g->any_header);
	g->any_header = true;
	g->header_task = 0;
}

static void report_string(struct search *g, uint64_t addr, const unsigned char *p, size_t avail)
{
	hit_header(g);
	size_t n = avail < SEARCH_CHARS_CTX ? avail : SEARCH_CHARS_CTX;
	fprintf(g->out, "%" PRIx64 ": ", addr);
	for (size_t i = 0; i < n; i++)
		fputc(isprint(p[i]) ? p[i] : '.', g->out);
	fputc('\n', g->out);
}

/* Strings in buf (len bytes at addr), with the previous page's tail in
 * front when it ends where this page begins. */
static void scan_strings(struct search *g, uint64_t addr, const unsigned char *buf, size_t len)
{
	unsigned char win[SEARCH_MAX_STRING + SEARCH_PAGE];
	size_t t = g->tail_end == addr ? g->tail_len : 0;
	memcpy(win, g->tail + (g->tail_len - t), t);
	memcpy(win + t, buf, len);
	size_t wlen = t + len;
	uint64_t base = addr - t;

	/* memmem is far faster than a byte loop; hits of several strings
	 * are merged into address order */
	size_t hits[SEARCH_MAX_VALUES], nhit = 0;
	const unsigned char *from[SEARCH_MAX_VALUES];
	for (size_t v = 0; v < g->nvalues; v++)
		from[v] = win;
	for (;;) {
		size_t best = SIZE_MAX;
		nhit = 0;
		for (size_t v = 0; v < g->nvalues; v++) {
			size_t sl = strlen(g->strings[v]);
			const unsigned char *h = NULL;
			if (from[v] && from[v] < win + wlen)
				h = memmem(from[v], wlen - (size_t)(from[v] - win), g->strings[v], sl);
			from[v] = h;
			if (h && (size_t)(h - win) < best)
				best = (size_t)(h - win);
		}
		if (best == SIZE_MAX)
			break;
		for (size_t v = 0; v < g->nvalues; v++) {
			if (from[v] && (size_t)(from[v] - win) == best) {
				hits[nhit++] = v;
				from[v]++;
			}
		}
		/* a hit wholly inside the tail was reported with its page */
		size_t sl = strlen(g->strings[hits[0]]);
		for (size_t j = 1; j < nhit; j++)
			if (strlen(g->strings[hits[j]]) > sl)
				sl = strlen(g->strings[hits[j]]);
		if (best + sl > t)
			report_string(g, base + best, win + best, wlen - best);
	}
	size_t keep = SEARCH_MAX_STRING - 1 < len ? SEARCH_MAX_STRING - 1 : len;
	memcpy(g->tail, buf + len - keep, keep);
	g->tail_len = keep;
	g->tail_end = addr + len;
}

/* -x: n units from addr as rd shows them: 16 bytes to a line, a short
 * last line padded to a full line's words before the ASCII; stops at
 * the first unreadable unit. */
static void context_block(struct search *g, uint64_t addr, uint64_t n)
{
	size_t u = (size_t)g->unit, per = 16 / u;
	while (n > 0) {
		unsigned char b[16];
		size_t got = 0, want = n < per ? (size_t)n : per;
		while (got < want && read_page(g, addr + got * u, b + got * u, u))
			got++;
		if (!got)
			return;
		fprintf(g->out, "%" PRIx64 ":  ", addr);
		for (size_t i = 0; i < per; i++) {
			uint64_t v = 0;
			if (i >= got) {
				fprintf(g->out, "%*s", (int)(2 * u + 1), "");
				continue;
			}
			memcpy(&v, b + i * u, u);
			fprintf(g->out, "%0*" PRIx64 " ", (int)(2 * u), v);
		}
		fputs("  ", g->out);
		for (size_t i = 0; i < got * u; i++)
			fputc(b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.', g->out);
		fputc('\n', g->out);
		if (got < want)
			return;
		addr += got * u;
		n -= got;
	}
}

static void report_value(struct search *g, uint64_t addr, uint64_t v, size_t j)
{
	uint64_t u = (uint64_t)g->unit, before = g->context * u;
	hit_header(g);
	if (g->context) {
		before = before <= addr ? before : addr - addr % u;
		context_block(g, addr - before, before / u);
		fprintf(g->out, "%" PRIx64 ":  %" PRIx64 " ", addr, v);
	} else {
		fprintf(g->out, "%" PRIx64 ": %" PRIx64 " ", addr, v);
	}
	if (g->names[j])
		fprintf(g->out, "(%s)", g->names[j]);
	fputc('\n', g->out);
	if (g->context) {
		if (addr + u > addr)
			context_block(g, addr + u, g->context);
		fputc('\n', g->out);
	}
}

static void scan_units(struct search *g, uint64_t addr, const unsigned char *buf, size_t len)
{
	size_t u = (size_t)g->unit;
	for (size_t i = 0; i + u <= len; i += u) {
		uint64_t v = 0;
		memcpy(&v, buf + i, u); /* little-endian target and host */
		for (size_t j = 0; j < g->nvalues; j++) {
			if ((v | g->mask) == (g->values[j] | g->mask)) {
				report_value(g, addr + i, v, j);
				break;
			}
		}
	}
}

/* Search [lo, hi) page by page. */
static void search_range(struct search *g, uint64_t lo, uint64_t hi)
{
	unsigned char buf[SEARCH_PAGE];
	if (lo < g->start)
		lo = g->start;
	if (hi > g->end)
		hi = g->end;
	if (g->unit)
		lo = (lo + (uint64_t)g->unit - 1) & ~(uint64_t)(g->unit - 1);
	for (uint64_t a = lo; a < hi && !g->interrupted;) {
		uint64_t next = (a | (SEARCH_PAGE - 1)) + 1;
		if (next > hi || next == 0)
			next = hi;
		if ((a & 0xfffff) == 0 && crash_interrupted()) {
			g->interrupted = true;
			break;
		}
		if (read_page(g, a, buf, (size_t)(next - a))) {
			if (g->unit)
				scan_units(g, a, buf, (size_t)(next - a));
			else
				scan_strings(g, a, buf, (size_t)(next - a));
		}
		a = next;
	}
}

struct krange {
	uint64_t lo, hi;
};

struct kranges {
	struct krange *r;
	size_t n, cap;
};

static void kranges_add(struct kranges *rs, uint64_t lo, uint64_t hi)
{
	if (lo >= hi)
		return;
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->r = xrealloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	rs->r[rs->n++] = (struct krange){ lo, hi };
}

static int krange_cmp(const void *a, const void *b)
{
	const struct krange *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int add_vmap_area(void *arg, const struct vmap_area_info *va)
{
	kranges_add(arg, va->start, va->end);
	return 0;
}

/* The kernel's mapped space, as crash searches it: the direct map, every
 * busy vmalloc area (so the kernel stacks, vmap'd and module memory) and
 * the kernel image, in address order. */
static void search_kernel(struct search *g)
{
	const struct arch_info *ai = arch_get_info(kernel_arch(g->k));
	const struct dump_info *di = dump_get_info(kernel_dump(g->k));
	uint64_t text = 0, end = 0;
	uint64_t dm_lo = ai->page_offset, dm_hi = ai->page_offset + di->max_paddr;
	struct kranges rs = { 0 };

	if (g->kspace != KS_VMALLOC_ONLY)
		kranges_add(&rs, dm_lo, dm_hi);
	if (g->kspace != KS_VMALLOC_ONLY && kernel_symbol(g->k, "_text", &text) == 0 &&
	    kernel_symbol(g->k, "_end", &end) == 0 && text < end)
		kranges_add(&rs, text, end);
	if (g->kspace != KS_NO_VMALLOC && vmalloc_foreach(g->k, add_vmap_area, &rs) < 0)
		crash_warn(g->s, "vmalloc space not searched: %s", err_get());
	if (rs.n) /* -V on a kernel with no vmap areas: nothing */
		qsort(rs.r, rs.n, sizeof(*rs.r), krange_cmp);
	/* areas never overlap in a sane kernel; a dump is untrusted, so each
	 * byte is searched once whatever the areas say */
	uint64_t done = 0;
	bool covered = false;
	for (size_t i = 0; i < rs.n && !g->interrupted; i++) {
		uint64_t lo = rs.r[i].lo > done ? rs.r[i].lo : done;
		if (lo < rs.r[i].hi)
			search_range(g, lo, rs.r[i].hi);
		if (rs.r[i].hi > done)
			done = rs.r[i].hi;
		if (g->start >= rs.r[i].lo && g->start < rs.r[i].hi)
			covered = true;
	}
	free(rs.r);
	/* a range elsewhere (vmemmap, fixmap) that the user bounded */
	if (!covered && g->kspace == KS_ALL && g->start > 0 && g->end != UINT64_MAX)
		search_range(g, g->start, g->end);
}

static int user_vma(void *arg, const struct vma *v)
{
	struct search *g = arg;
	search_range(g, v->start, v->end);
	return g->interrupted ? 1 : 0;
}

static int search_user(struct search *g)
{
	uint64_t task = crash_current_task(g->s), mm, pgd_paddr;
	if (!task)
		return crash_error(g->s, "no current task");
	if (mm_of_task(g->k, task, &mm) != 0)
		return crash_error(g->s, "%s", err_get());
	if (!mm)
		return crash_error(g->s, "the current task is a kernel thread: no user memory");
	if (mm_pgd(g->k, mm, &g->pgd, &pgd_paddr) != 0)
		return crash_error(g->s, "%s", err_get());
	if (vma_foreach(g->k, mm, user_vma, g) < 0)
		return crash_error(g->s, "%s", err_get());
	return 0;
}

/* -t/-T: the kernel stack of every task (or of the active ones), each
 * hit under its task's line. */
static int search_stacks(struct search *g, bool active_only)
{
	long n = ktask_count(g->k);
	if (n < 0)
		return crash_error(g->s, "%s", err_get());
	for (long i = 0; i < n && !g->interrupted; i++) {
		const struct ktask *t = ktask_at(g->k, (size_t)i);
		uint64_t lo, hi;
		if (!t || (active_only && !t->active) || kstack_task_stack(g->k, t->task, &lo, &hi) != 0)
			continue;
		g->header_task = t->task;
		g->tail_len = 0;
		search_range(g, lo, hi);
		g->header_task = 0;
	}
	return 0;
}

static int parse_values(struct search *g, int argc, char **argv)
{
	if (argc <= 0)
		return crash_error(g->s, "a value to search for is needed");
	if ((size_t)argc > SEARCH_MAX_VALUES)
		return crash_error(g->s, "at most %d values", SEARCH_MAX_VALUES);
	for (int i = 0; i < argc; i++) {
		if (!g->unit) {
			size_t n = strlen(argv[i]);
			if (n == 0 || n >= SEARCH_MAX_STRING)
				return crash_error(g->s, "invalid string: \"%s\"", argv[i]);
			g->strings[i] = argv[i];
			continue;
		}
		uint64_t v;
		if (addrarg_resolve(g->k, argv[i], &v) != 0)
			return crash_error(g->s, "invalid value: %s", argv[i]);
		/* a symbol or an expression: hits name it, as crash does */
		char *hexend;
		const char *h = argv[i] + (strncmp(argv[i], "0x", 2) == 0 ? 2 : 0);
		strtoull(h, &hexend, 16);
		if (*hexend || !*h)
			g->names[i] = argv[i];
		if (g->unit < 8 && v >> (8 * g->unit))
			return crash_error(g->s, "value too large for a %d-bit search: %s", 8 * g->unit,
					   argv[i]);
		g->values[i] = v;
	}
	g->nvalues = (size_t)argc;
	return 0;
}

/* A byte count: decimal, or hex with 0x. */
static int parse_length(const char *arg, uint64_t *v)
{
	char *end;
	if (!*arg || *arg == '-')
		return -1;
	*v = strtoull(arg, &end, strncmp(arg, "0x", 2) == 0 ? 16 : 10);
	return *end || *v == 0 ? -1 : 0;
}

static int search_run(struct crash_session *s, int argc, char **argv)
{
	struct search g = { .s = s, .k = crash_kernel(s), .out = crash_out(s), .unit = 8,
			    .end = UINT64_MAX };
	const char *start = NULL, *end = NULL, *length = NULL;
	int opt, spaces = 0, units = 0, stacks = 0;

	optind = 0;
	while ((opt = getopt(argc, argv, "s:e:l:kKVutTpm:x:cwh")) != -1) {
		switch (opt) {
		case 's': start = optarg; break;
		case 'e': end = optarg; break;
		case 'l': length = optarg; break;
		case 'k': g.space = SP_KERNEL; spaces++; break;
		case 'K': g.space = SP_KERNEL; g.kspace = KS_NO_VMALLOC; spaces++; break;
		case 'V': g.space = SP_KERNEL; g.kspace = KS_VMALLOC_ONLY; spaces++; break;
		case 't': stacks = 't'; spaces++; break;
		case 'T': stacks = 'T'; spaces++; break;
		case 'u': g.space = SP_USER; spaces++; break;
		case 'p': g.space = SP_PHYS; spaces++; break;
		case 'm':
			if (addrarg_number(optarg, &g.mask) != 0)
				return crash_error(s, "invalid mask: %s", optarg);
			break;
		case 'x': {
			char *e;
			unsigned long c = strtoul(optarg, &e, 0);
			if (!*optarg || *e || *optarg == '-' || c == 0 || c > SEARCH_MAX_CONTEXT)
				return crash_error(s, "invalid -x count: %s (1 to %d)", optarg,
						   SEARCH_MAX_CONTEXT);
			g.context = (unsigned)c;
			break;
		}
		case 'c': g.unit = 0; units++; break;
		case 'w': g.unit = 4; units++; break;
		case 'h': g.unit = 2; units++; break;
		default: return -1;
		}
	}
	if (spaces > 1)
		return crash_error(s, "only one of -k, -K, -V, -u, -p, -t and -T");
	if (g.context && g.unit == 0)
		return crash_error(s, "-x does not apply to strings (-c)");
	if (stacks && (start || end || length))
		return crash_error(s, "-t and -T search whole stacks: no -s, -e or -l");
	if (units > 1)
		return crash_error(s, "only one of -c, -w and -h");
	if (end && length)
		return crash_error(s, "-e and -l exclude each other");
	if (start && addrarg_resolve(g.k, start, &g.start) != 0)
		return crash_error(s, "invalid start address: %s", start);
	if (end && addrarg_resolve(g.k, end, &g.end) != 0)
		return crash_error(s, "invalid end address: %s", end);
	if (length) {
		uint64_t n;
		if (parse_length(length, &n) != 0)
			return crash_error(s, "invalid length: %s", length);
		g.end = g.start + n < g.start ? UINT64_MAX : g.start + n;
	}
	if (g.end <= g.start)
		return crash_error(s, "the end address is not above the start");
	if (parse_values(&g, argc - optind, argv + optind) != 0)
		return -1;

	int rc = 0;
	if (stacks)
		rc = search_stacks(&g, stacks == 'T');
	else switch (g.space) {
	case SP_PHYS: search_range(&g, 0, dump_get_info(kernel_dump(g.k))->max_paddr); break;
	case SP_USER: rc = search_user(&g); break;
	default: search_kernel(&g); break;
	}
	if (g.interrupted)
		return crash_error(s, "interrupted");
	return rc;
}

static const struct crash_cmd search_cmd = {
	.name = "search",
	.run = search_run,
	.summary = "search memory for values or strings",
	.synopsis = "[-s start] [-k|-K|-V|-u|-p|-t|-T] [-e end | -l length] [-m mask] [-x count] [-c|-w|-h] value ...",
	.description =
		"Looks through memory for any of the given values and prints the address\n"
		"and contents of each hit.  Values are 64-bit unless -w or -h is given,\n"
		"compared at aligned addresses; a value may be a hexadecimal number, a\n"
		"symbol or an expression.  Pages that are not in the dump are passed over\n"
		"silently.  Ctrl-C stops the search.\n"
		"\n"
		"  -k, -K     kernel virtual memory (the default): the direct map of the\n"
		"             dump's RAM and the kernel image.  An -s/-e range outside\n"
		"             both (vmalloc, modules) is searched as given.\n"
		"  -K         the same without vmalloc space (module memory, vmapped\n"
		"             stacks).\n"
		"  -V         only vmalloc space (every busy vmap area).\n"
		"  -t         the kernel stack of every task; hits under their task's line.\n"
		"  -T         the same for the tasks active on a CPU.\n"
		"  -u         the user memory of the current context's task, VMA by VMA.\n"
		"  -p         physical memory; start and end are physical addresses.\n"
		"  -s start   where to begin (an address or a symbol).\n"
		"  -e end     where to stop (exclusive).\n"
		"  -l length  how many bytes to search from start (decimal, or 0x hex).\n"
		"  -m mask    bits set in mask are ignored when comparing.\n"
		"  -c         the values are strings; each hit shows up to 56 characters\n"
		"             from where it starts (to the end of its page).\n"
		"  -w         32-bit values.\n"
		"  -h         16-bit values.\n"
		"  -x count   count values of the same size before and after each hit, as\n"
		"             rd shows them (not with -c).\n"
		"A start or end may be an (expression); a value given as a symbol or an\n"
		"expression is named after each hit.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> search -c \"Linux version\"\n"
		"  ffff8f3e8ec001a0: Linux version 6.1.0-56-cloud-amd64 (debian-kernel@lists.\n"
		"  ffffffff96f1ffe0: Linux version 6.1.0-56-cloud-amd\n"
		"\n"
		"  crash> search -s ffffffff96f1ffe0 -l 8 0x65762078756e694c\n"
		"  ffffffff96f1ffe0: 65762078756e694c \n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(search_cmd)
