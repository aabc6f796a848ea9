/* vm: a task's virtual memory: its mm_struct and VMAs, with crash's
 * layout, and (-p) where each page of each VMA is: a physical page, a
 * swap slot, or a page of the mapped file not in memory. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extensions/crash-api.h"

enum vm_mode { VM_LIST, VM_PHYS, VM_SINGLE, VM_MM, VM_VMAS };

/* A -R reference: a number (matched as hex against addresses and flags,
 * as decimal against swap offsets) or a file name (matched as a part of
 * a path). */
struct vm_ref {
	const char *str;
	bool is_num;
	uint64_t hex, dec;
	bool dec_ok;
};

struct vm_ctx {
	struct crash_session *s;
	struct kernel *k;
	FILE *out;
	enum vm_mode mode;
	uint64_t single_vma;
	bool single_found;
	int radix;
	struct vm_ref *ref;
	uint64_t task, mm;
	uint64_t mm_override;	/* -M: the mm_struct to show instead of task->mm */
	struct mm_info mi;
	int phys_w;		/* width of the PHYSICAL column */
	uint32_t page_size;
	/* -R state for the current task */
	bool ref_header, ref_any;
	uint64_t ref_vma_shown;
	/* swap device names by type, looked up on first use */
	char *swapname[64];
	bool swaptried[64];
	/* JSON (vm and vm PID|TASK alone): the task's document and its
	 * "vmas" array, filled instead of printing; NULL otherwise */
	struct json_object *doc, *vmas;
};

/* The task's identity and mm in JSON (commands/json/vm.schema.json). */
static struct json_object *vm_json_task(struct vm_ctx *c, uint64_t task)
{
	return crash_json_task(c->s, task);
}

static void vm_json_mm(struct vm_ctx *c)
{
	struct json_object *d = c->doc;
	uint64_t kb = c->page_size / 1024;
	json_object_object_add(d, "mm", c->mm ? crash_json_addr(c->mm) : NULL);
	json_object_object_add(d, "pgd", c->mm ? crash_json_addr(c->mi.pgd) : NULL);
	json_object_object_add(d, "rss_kb", c->mm ? json_object_new_uint64(c->mi.rss * kb) : NULL);
	json_object_object_add(d, "total_vm_kb",
			       c->mm ? json_object_new_uint64(c->mi.total_vm * kb) : NULL);
	c->vmas = json_object_new_array();
	json_object_object_add(d, "vmas", c->vmas);
}

static struct json_object *vm_json_vma(const struct vma *v, const char *path)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "address", crash_json_addr(v->addr));
	json_object_object_add(o, "start", crash_json_addr(v->start));
	json_object_object_add(o, "end", crash_json_addr(v->end));
	json_object_object_add(o, "flags", json_object_new_uint64(v->flags));
	json_object_object_add(o, "file", v->file ? crash_json_str(path) : NULL);
	return o;
}

/* ---- vm -f ---- */

/* VM_* bits of include/linux/mm.h as the kernels this project reads
 * define them (the names crash prints come from 2.6 and no longer
 * match).  Bits 32.. are architecture- and version-specific. */
static const struct { uint64_t bit; const char *name; } vm_flag_names[] = {
	{ 0x00000001, "READ" },	     { 0x00000002, "WRITE" },
	{ 0x00000004, "EXEC" },	     { 0x00000008, "SHARED" },
	{ 0x00000010, "MAYREAD" },   { 0x00000020, "MAYWRITE" },
	{ 0x00000040, "MAYEXEC" },   { 0x00000080, "MAYSHARE" },
	{ 0x00000100, "GROWSDOWN" }, { 0x00000200, "UFFD_MISSING" },
	{ 0x00000400, "PFNMAP" },    { 0x00000800, "DENYWRITE" },
	{ 0x00001000, "UFFD_WP" },   { 0x00002000, "LOCKED" },
	{ 0x00004000, "IO" },	     { 0x00008000, "SEQ_READ" },
	{ 0x00010000, "RAND_READ" }, { 0x00020000, "DONTCOPY" },
	{ 0x00040000, "DONTEXPAND" }, { 0x00080000, "LOCKONFAULT" },
	{ 0x00100000, "ACCOUNT" },   { 0x00200000, "NORESERVE" },
	{ 0x00400000, "HUGETLB" },   { 0x00800000, "SYNC" },
	{ 0x01000000, "PAT" },	     { 0x02000000, "WIPEONFORK" },
	{ 0x04000000, "DONTDUMP" },  { 0x08000000, "SOFTDIRTY" },
	{ 0x10000000, "MIXEDMAP" },  { 0x20000000, "HUGEPAGE" },
	{ 0x40000000, "NOHUGEPAGE" }, { 0x80000000, "MERGEABLE" },
};

static void vm_flags_line(FILE *out, uint64_t flags)
{
	size_t i;
	int n = 0;
	uint64_t rest = flags;
	fprintf(out, "%llx: (", (unsigned long long)flags);
	for (i = 0; i < sizeof(vm_flag_names) / sizeof(vm_flag_names[0]); i++) {
		if (flags & vm_flag_names[i].bit) {
			fprintf(out, "%s%s", n++ ? "|" : "", vm_flag_names[i].name);
			rest &= ~vm_flag_names[i].bit;
		}
	}
	for (i = 32; i < 64; i++)
		if (rest & (1ull << i))
			fprintf(out, "%sBIT%zu", n++ ? "|" : "", i);
	fprintf(out, ")\n");
}

/* ---- layout ---- */

static void print_mm_header(struct vm_ctx *c)
{
	char a[64], b[64], r[32], t[32];
	fprintf(c->out, "%s  %s  %s  %s\n", crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "MM"),
		crash_field(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "PGD"),
		crash_field(r, sizeof(r), 6, CRASH_CENTER_L, "RSS"),
		crash_field(t, sizeof(t), 8, CRASH_CENTER_L, "TOTAL_VM"));
	char rs[32], ts[32];
	snprintf(rs, sizeof(rs), "%lluk", (unsigned long long)(c->mi.rss * c->page_size / 1024));
	snprintf(ts, sizeof(ts), "%lluk",
		 (unsigned long long)(c->mi.total_vm * c->page_size / 1024));
	fprintf(c->out, "%s  %s  %s  %s\n", crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, c->mm),
		crash_hexfield(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_L, c->mi.pgd),
		crash_field(r, sizeof(r), 6, CRASH_CENTER_L, rs),
		crash_field(t, sizeof(t), 8, CRASH_CENTER_L, ts));
}

static void print_vma_header(struct vm_ctx *c)
{
	char a[64], b[64], e[64];
	fprintf(c->out, "%s %s %s  FLAGS FILE\n",
		crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "VMA"),
		crash_field(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_R, "START"),
		crash_field(e, sizeof(e), CRASH_ADDR_WIDTH, CRASH_CENTER_R, "END"));
}

static void print_vma_line(struct vm_ctx *c, const struct vma *v, const char *path)
{
	char a[64], b[64], e[64];
	fprintf(c->out, "%s %s %s %6llx %s\n",
		crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, v->addr),
		crash_hexfield(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_RIGHT, v->start),
		crash_hexfield(e, sizeof(e), CRASH_ADDR_WIDTH, CRASH_RIGHT, v->end),
		(unsigned long long)v->flags, path);
}

static void print_page_header(struct vm_ctx *c)
{
	char a[64], b[64];
	fprintf(c->out, "%s  %s\n", crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_LEFT, "VIRTUAL"),
		crash_field(b, sizeof(b), c->phys_w, CRASH_LEFT, "PHYSICAL"));
}

static const char *swap_name(struct vm_ctx *c, uint64_t type)
{
	if (type >= 64)
		return "(unknown swap location)";
	if (!c->swaptried[type]) {
		struct swap_area *si = calloc(1, sizeof(*si));
		c->swaptried[type] = true;
		if (si && swap_area_get(c->k, (int)type, si) == 1)
			c->swapname[type] = strdup(si->path);
		free(si);
	}
	return c->swapname[type] ? c->swapname[type] : "(unknown swap location)";
}

/* What one page of a VMA is, as the text after the VIRTUAL column, and
 * the numbers a -R reference may match. */
struct page_desc {
	char text[DPATH_MAX + 64];
	bool phys;
	uint64_t paddr;
	bool swap;
	uint64_t swap_offset;
	bool file;
	uint64_t file_offset;
};

static void describe_page(struct vm_ctx *c, const struct vma *v, const char *path, uint64_t va,
			  struct page_desc *d)
{
	struct arch_walk w;
	char b[64];
	memset(d, 0, sizeof(*d));
	/* the user page walk, through the mm's page directory */
	if (arch_vtop_walk(kernel_arch(c->k), c->mi.pgd_paddr, va, &w) == 0) {
		if (w.present) {
			d->phys = true;
			d->paddr = w.paddr;
			snprintf(d->text, sizeof(d->text), "%s",
				 crash_hexfield(b, sizeof(b), c->phys_w, CRASH_RIGHT, w.paddr));
			return;
		}
		if (w.swap) {
			swap_entry_of_pte(c->k, w.step[w.nsteps - 1].value, &w.swap_type, &w.swap_offset);
			err_clear();
			d->swap = true;
			d->swap_offset = w.swap_offset;
			snprintf(d->text, sizeof(d->text), "SWAP: %s  OFFSET: %llu",
				 swap_name(c, w.swap_type), (unsigned long long)w.swap_offset);
			return;
		}
	}
	if (v->file && path[0]) {
		uint64_t off = ((va - v->start) / c->page_size + v->pgoff) * c->page_size;
		d->file = true;
		d->file_offset = off;
		snprintf(d->text, sizeof(d->text), "FILE: %s  OFFSET: %llx", path,
			 (unsigned long long)off);
		return;
	}
	snprintf(d->text, sizeof(d->text), "(not mapped)");
}

static void print_page(struct vm_ctx *c, uint64_t va, const struct page_desc *d)
{
	char a[64];
	fprintf(c->out, "%s  %s\n", crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_LEFT, va), d->text);
}

/* ---- -R ---- */

/* crash's test for a file name: "/" matches only "/", anything else any
 * path containing it. */
static bool ref_name_match(const struct vm_ref *r, const char *path)
{
	if (!path[0])
		return false;
	if (!strcmp(r->str, "/"))
		return !strcmp(path, "/");
	return strstr(path, r->str) != NULL;
}

static void ref_task_header(struct vm_ctx *c)
{
	if (c->ref_header)
		return;
	crash_print_task_header(c->s, c->task, false);
	print_mm_header(c);
	c->ref_header = true;
	c->ref_any = true;
}

static void ref_vma(struct vm_ctx *c, const struct vma *v, const char *path)
{
	ref_task_header(c);
	if (c->ref_vma_shown != v->addr) {
		print_vma_header(c);
		print_vma_line(c, v, path);
		c->ref_vma_shown = v->addr;
	}
}

static bool page_matches(const struct vm_ref *r, uint64_t va, const struct page_desc *d)
{
	if (r->is_num) {
		if (r->hex == va)
			return true;
		if (d->phys && r->hex == d->paddr)
			return true;
		if (d->swap && r->dec_ok && r->dec == d->swap_offset)
			return true;
		if (d->file && r->hex == d->file_offset)
			return true;
	}
	if (d->swap) {
		/* The device name of a swapped page. */
		const char *p = strstr(d->text, "SWAP: ");
		char dev[DPATH_MAX];
		const char *e;
		if (p) {
			p += 6;
			e = strstr(p, "  OFFSET:");
			snprintf(dev, sizeof(dev), "%.*s", e ? (int)(e - p) : (int)strlen(p), p);
			if (ref_name_match(r, dev))
				return true;
		}
	}
	return false;
}

/* ---- per VMA ---- */

static int each_vma(void *arg, const struct vma *v)
{
	struct vm_ctx *c = arg;
	char path[DPATH_MAX] = "";
	uint64_t va;

	if (c->mode == VM_VMAS) {
		char expr[64];
		snprintf(expr, sizeof(expr), "%llx", (unsigned long long)v->addr);
		char line[128];
		snprintf(line, sizeof(line), "struct vm_area_struct %s%s", expr,
			 c->radix == 10 ? " -d" : c->radix == 16 ? " -x" : "");
		crash_run_line(c->s, line);
		return 0;
	}
	if (c->mode == VM_SINGLE && v->addr != c->single_vma)
		return 0;
	/* A damaged VMA must not send the page loops over 2^64 addresses:
	 * user space ends below 2^57 even with 5-level paging. */
	if (v->end <= v->start || v->end > (1ull << 57)) {
		crash_warn(c->s, "vm_area_struct %llx: bad range %llx-%llx",
			   (unsigned long long)v->addr, (unsigned long long)v->start,
			   (unsigned long long)v->end);
		return 0;
	}
	if (v->file && dpath_file(c->k, v->file, path, sizeof(path)) < 0 && !path[0])
		snprintf(path, sizeof(path), "?");

	if (c->ref) {
		struct vm_ref *r = c->ref;
		if ((r->is_num && (r->hex == v->addr || r->hex == v->flags)) ||
		    ref_name_match(r, path))
			ref_vma(c, v, path);
		if (c->mi.pgd_paddr)
			for (va = v->start; va < v->end; va += c->page_size) {
				struct page_desc d;
				describe_page(c, v, path, va, &d);
				if (page_matches(r, va, &d)) {
					ref_vma(c, v, path);
					print_page_header(c);
					print_page(c, va, &d);
				}
			}
		return 0;
	}

	if (c->vmas) {
		json_object_array_add(c->vmas, vm_json_vma(v, path));
		return 0;
	}
	if (c->mode == VM_PHYS || c->mode == VM_SINGLE)
		print_vma_header(c);
	print_vma_line(c, v, path);
	if (c->mode == VM_PHYS || c->mode == VM_SINGLE) {
		c->single_found = true;
		print_page_header(c);
		for (va = v->start; va < v->end && va >= v->start; va += c->page_size) {
			struct page_desc d;
			describe_page(c, v, path, va, &d);
			print_page(c, va, &d);
		}
		if (c->mode == VM_SINGLE)
			return 1;	/* done */
	}
	return 0;
}

/* vm of one task in JSON: its mm and VMAs into c->doc (dropped, and
 * NULL, on a failure that leaves no mm to show). */
static int vm_task_vmas(struct vm_ctx *c, uint64_t task)
{
	if (c->mm_override)
		c->mm = c->mm_override;
	else if (mm_of_task(c->k, task, &c->mm) < 0)
		goto fail;
	if (c->mm && mm_info(c->k, c->mm, &c->mi) < 0) {
		crash_warn(c->s, "mm_struct %llx: %s", (unsigned long long)c->mm, err_get());
		json_object_put(c->doc);
		c->doc = NULL;
		return -1;
	}
	vm_json_mm(c);
	if (c->mm && vma_foreach(c->k, c->mm, each_vma, c) < 0) {
		/* the VMAs found so far stay, with the error */
		crash_error(c->s, "mm_struct %llx: %s", (unsigned long long)c->mm, err_get());
		return -1;
	}
	return 0;
fail:
	json_object_put(c->doc);
	c->doc = NULL;
	return crash_error(c->s, "%s", err_get());
}

/* Everything vm prints for one task. */
static int vm_task(struct vm_ctx *c, uint64_t task, bool subsequent)
{
	int rc;
	c->task = task;
	c->ref_header = false;
	c->ref_vma_shown = 0;
	memset(&c->mi, 0, sizeof(c->mi));
	if (crash_json(c->s) && c->mode == VM_LIST && !c->ref) {
		c->doc = vm_json_task(c, task);
		rc = vm_task_vmas(c, task);
		if (c->doc)
			crash_json_emit(c->s, c->doc);
		c->doc = c->vmas = NULL;
		return rc;
	}
	if (!c->ref)
		crash_print_task_header(c->s, task, subsequent);
	if (c->mm_override)
		c->mm = c->mm_override;
	else if (mm_of_task(c->k, task, &c->mm) < 0)
		return crash_error(c->s, "%s", err_get());
	if (c->mm && mm_info(c->k, c->mm, &c->mi) < 0) {
		crash_warn(c->s, "mm_struct %llx: %s", (unsigned long long)c->mm, err_get());
		return -1;
	}
	if (c->ref && c->ref->is_num && c->mm &&
	    (c->ref->hex == c->mm || c->ref->hex == c->mi.pgd)) {
		crash_print_task_header(c->s, task, false);
		print_mm_header(c);
		fprintf(c->out, "\n");
		return 0;
	}
	if (!c->ref && (c->mode == VM_LIST || c->mode == VM_PHYS))
		print_mm_header(c);
	if (!c->mm)
		return 0;
	if (c->mode == VM_MM) {
		char line[128];
		snprintf(line, sizeof(line), "struct mm_struct %llx%s", (unsigned long long)c->mm,
			 c->radix == 10 ? " -d" : c->radix == 16 ? " -x" : "");
		return crash_run_line(c->s, line);
	}
	if (c->mode == VM_LIST && !c->ref)
		print_vma_header(c);
	c->single_found = false;
	rc = vma_foreach(c->k, c->mm, each_vma, c);
	if (rc < 0)
		return crash_error(c->s, "mm_struct %llx: %s", (unsigned long long)c->mm, err_get());
	if (c->mode == VM_SINGLE && !c->single_found)
		fprintf(c->out, "(not found)\n");
	if (c->ref && c->ref_any)
		fprintf(c->out, "\n");
	return 0;
}

static int vm_run(struct crash_session *s, int argc, char **argv)
{
	struct vm_ctx c;
	struct vm_ref ref;
	int opt, rc = 0, i, modes = 0;
	uint64_t v;
	const struct dump_info *di;
	char buf[32];

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.k = crash_kernel(s);
	c.out = crash_out(s);
	c.mode = VM_LIST;
	optind = 0;
	while ((opt = getopt(argc, argv, "f:pmvR:P:xdM:")) != -1) {
		switch (opt) {
		case 'f':
			if (!crash_parse_hex(optarg, &v))
				return crash_error(s, "invalid vm_flags value: %s", optarg);
			vm_flags_line(c.out, v);
			return 0;
		case 'p':
			c.mode = VM_PHYS;
			modes++;
			break;
		case 'm':
			c.mode = VM_MM;
			modes++;
			break;
		case 'v':
			c.mode = VM_VMAS;
			modes++;
			break;
		case 'P':
			if (!crash_parse_hex(optarg, &c.single_vma))
				return crash_error(s, "invalid vm_area_struct address: %s", optarg);
			c.mode = VM_SINGLE;
			modes++;
			break;
		case 'R':
			if (c.ref)
				return crash_error(s, "only one -R option allowed");
			memset(&ref, 0, sizeof(ref));
			ref.str = optarg;
			if (crash_parse_hex(optarg, &ref.hex)) {
				char *end;
				ref.is_num = true;
				ref.dec = strtoull(optarg, &end, 10);
				ref.dec_ok = *end == 0;
			}
			c.ref = &ref;
			break;
		case 'x':
			if (c.radix == 10)
				return crash_error(s, "-d and -x are mutually exclusive");
			c.radix = 16;
			break;
		case 'd':
			if (c.radix == 16)
				return crash_error(s, "-d and -x are mutually exclusive");
			c.radix = 10;
			break;
		case 'M':
			/* an exiting task's mm, found on its stack: shown as if
			 * task->mm still pointed at it */
			if (!crash_parse_hex(optarg, &c.mm_override) || !c.mm_override)
				return crash_error(s, "invalid mm_struct address: %s", optarg);
			break;
		default:
			return crash_error(s, "usage: vm [-p | -P vma | -M mm | -v | -m | -x | -d | [-R reference] [pid | task]] [-f vm_flags]");
		}
	}
	if (modes > 1 || (c.ref && c.mode != VM_LIST))
		return crash_error(s, "-p, -P, -v, -m and -R are mutually exclusive");
	if (!c.k)
		return crash_error(s, "no dump is open");
	c.page_size = arch_get_info(kernel_arch(c.k))->page_size;
	if (!c.page_size)
		c.page_size = 4096;
	di = dump_get_info(kernel_dump(c.k));
	snprintf(buf, sizeof(buf), "%llx", (unsigned long long)(di && di->max_paddr ? di->max_paddr - 1 : 0xffffffffull));
	c.phys_w = (int)strlen(buf) > 8 ? (int)strlen(buf) : 8;

	if (optind >= argc) {
		uint64_t t = crash_current_task(s);
		if (!t)
			return crash_error(s, "no current task");
		rc = vm_task(&c, t, false);
	} else {
		bool subsequent = false;
		for (i = optind; i < argc; i++) {
			const struct ktask *t = crash_task_arg(s, argv[i]);
			if (!t) {
				crash_usage_error(s, "%s%s", subsequent ? "\n" : "", err_get());
				subsequent = true;
				rc = -1;
				continue;
			}
			if (vm_task(&c, t->task, subsequent) < 0)
				rc = -1;
			subsequent = true;
		}
	}
	for (i = 0; i < 64; i++)
		free(c.swapname[i]);
	return rc;
}

static const struct crash_cmd vm_cmd = {
	.name = "vm",
	.run = vm_run,
	.summary = "virtual memory of a task",
	.synopsis = "vm [-p | -P vma | -M mm | -v | -m | -x | -d | [-R reference] [pid | task]] [-f vm_flags]",
	.description =
		"Shows the memory of a task (the current context when none is named):\n"
		"its mm_struct, page directory, resident size and total size, then one\n"
		"line per memory area (VMA): the vm_area_struct, its start and end\n"
		"address, its vm_flags and the path of the file it maps.\n"
		"\n"
		"       -p  also show, for each page of each area, its physical address,\n"
		"           or \"SWAP: device  OFFSET: slot\" for a page that is swapped out,\n"
		"           or \"FILE: path  OFFSET: offset\" for a page of a file that is\n"
		"           not in memory.\n"
		"   -P vma  the same for the one area whose vm_area_struct is vma.\n"
		"       -m  print the task's mm_struct.\n"
		"    -M mm  use the mm_struct at mm instead of the task's own (an exiting\n"
		"           task whose mm pointer is already cleared, the address found\n"
		"           on its stack); with the other options as with the task's.\n"
		"       -v  print each of the task's vm_area_structs.\n"
		"  -x | -d  print -m and -v numbers in hex or in decimal.\n"
		"  -R ref   print only what refers to ref: a number (an address, vm_flags,\n"
		"           physical address or swap offset) or a part of a file name.\n"
		"           Meant for \"foreach vm -R ref\".\n"
		" -f flags  name the bits of a vm_flags value.\n"
		"      pid  a process id (decimal).\n"
		"     task  a task_struct address (hex).\n"
		"\n"
		"EXAMPLES\n"
		"  Memory of pid 1234 with the place of each page:\n"
		"    crash> vm -p 1234\n"
		"  Which tasks map libc:\n"
		"    crash> foreach vm -R libc\n"
		"  Meaning of the flags 8100073:\n"
		"    crash> vm -f 8100073\n"
		"    8100073: (READ|WRITE|MAYREAD|MAYWRITE|MAYEXEC|ACCOUNT|SOFTDIRTY)\n",
	.flags = CMD_NEEDS_KERNEL | CMD_TASK_ARG,
};
CRASH_BUILTIN_COMMAND(vm_cmd)
