/* vtop: translate a kernel or user virtual address, showing each
 * page-table level, the final entry's flags, the VMA of a user address,
 * the swap or file location of a page that is not present, and the
 * struct page of the physical page, in crash's layout. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

struct vtop {
	struct crash_session *s;
	struct kernel *k;
	struct arch_vm *vm;
	FILE *out;
	uint64_t task;		/* context for user addresses */
	uint64_t mm, pgd, pgd_paddr;
};

/* "PTE  PHYSICAL  FLAGS" or "PTE  SWAP  OFFSET" block for a final entry;
 * columns as wide as their values. */
static void print_pte_block(struct vtop *v, uint64_t pte, const struct arch_walk *w)
{
	char ptes[32], phys[32], flags[256], swapname[DPATH_MAX + 32], offs[32];
	char f1[64], f2[DPATH_MAX + 64], f3[64];
	int w1, w2, w3;

	snprintf(ptes, sizeof(ptes), "%" PRIx64, pte);
	w1 = (int)strlen(ptes) > 3 ? (int)strlen(ptes) : 3;
	if (w->swap) {
		uint64_t type = w->swap_type, off = w->swap_offset;
		swap_entry_of_pte(v->k, pte, &type, &off);
		err_clear();
		struct swap_area *si = calloc(1, sizeof(*si));
		if (si && swap_area_get(v->k, (int)type, si) == 1)
			snprintf(swapname, sizeof(swapname), "%s", si->path);
		else
			snprintf(swapname, sizeof(swapname), "(swap type %" PRIu64 ")", type);
		free(si);
		snprintf(offs, sizeof(offs), "%" PRIu64, off);
		w2 = (int)strlen(swapname) > 4 ? (int)strlen(swapname) : 4;
		w3 = (int)strlen(offs) > 6 ? (int)strlen(offs) : 6;
		fprintf(v->out, "%s  %s  %s\n", crash_field(f1, sizeof(f1), w1, CRASH_CENTER_L, "PTE"),
			crash_field(f2, sizeof(f2), w2, CRASH_CENTER_L, "SWAP"),
			crash_field(f3, sizeof(f3), w3, CRASH_CENTER_L, "OFFSET"));
		fprintf(v->out, "%s  %s  %s\n", crash_field(f1, sizeof(f1), w1, CRASH_CENTER_R, ptes),
			crash_field(f2, sizeof(f2), w2, CRASH_CENTER_R, swapname),
			crash_field(f3, sizeof(f3), w3, CRASH_CENTER_R, offs));
		return;
	}
	uint64_t pa = w->present ? w->paddr & ~(w->page_size - 1) : pte & 0x000ffffffffff000ull;
	snprintf(phys, sizeof(phys), "%" PRIx64, pa);
	w2 = (int)strlen(phys) > 8 ? (int)strlen(phys) : 8;
	arch_pte_flags(v->vm, pte, flags, sizeof(flags));
	fprintf(v->out, "%s  %s  FLAGS\n", crash_field(f1, sizeof(f1), w1, CRASH_CENTER_L, "PTE"),
		crash_field(f2, sizeof(f2), w2, CRASH_CENTER_L, "PHYSICAL"));
	fprintf(v->out, "%s  %s  %s\n", crash_field(f1, sizeof(f1), w1, CRASH_CENTER_R, ptes),
		crash_field(f2, sizeof(f2), w2, CRASH_CENTER_R, phys), flags);
}

/* The top-level table of a walk: its virtual address (the kernel's by its
 * symbol) and its physical one. */
static void top_table(struct vtop *v, bool user, uint64_t *top, uint64_t *top_pa)
{
	*top = v->pgd;
	*top_pa = v->pgd_paddr;
	if (!user || !*top) {
		*top_pa = arch_get_info(v->vm)->kernel_pgd_paddr;
		if (kernel_symbol(v->k, "swapper_pg_dir", top) != 0)
			*top = arch_ptov(v->vm, *top_pa);
	}
}

/* The page-table lines.  Kernel walks start with the kernel's top-level
 * table ("PGD DIRECTORY") and the top entry's value ("PAGE DIRECTORY");
 * user walks list the top entry like the others.  Entry addresses are
 * physical, as crash prints them. */
static void print_walk(struct vtop *v, const struct arch_walk *w, bool user)
{
	const struct arch_info *ai = arch_get_info(v->vm);
	uint64_t last = 0;

	if (ai->vtop_entry_vaddrs && w->nsteps) {
		/* one PAGE DIRECTORY line, the table's virtual address (the
		 * kernel's by its symbol), then each entry's */
		uint64_t top, top_pa;
		top_table(v, user, &top, &top_pa);
		fprintf(v->out, "PAGE DIRECTORY: %" PRIx64 "\n", top);
	}
	for (int i = 0; i < w->nsteps; i++) {
		const struct arch_walk_step *st = &w->step[i];
		if (ai->vtop_entry_vaddrs) {
			uint64_t va = st->entry_vaddr;
			if (i == 0) {
				uint64_t top, top_pa;
				top_table(v, user, &top, &top_pa);
				va = top + (st->entry_paddr - (top_pa & ~7ull));
			}
			fprintf(v->out, "   %s: %" PRIx64 " => %" PRIx64 "\n", st->level, va, st->value);
		} else if (i == 0 && !user) {
			/* the table's kernel-image address, as crash names it */
			uint64_t top;
			if (kernel_symbol(v->k, "init_top_pgt", &top) != 0 &&
			    kernel_symbol(v->k, "swapper_pg_dir", &top) != 0)
				top = arch_ptov(v->vm, ai->kernel_pgd_paddr);
			fprintf(v->out, "PGD DIRECTORY: %" PRIx64 "\n", top);
			fprintf(v->out, "PAGE DIRECTORY: %" PRIx64 "\n", st->value);
		} else {
			fprintf(v->out, "   %s: %" PRIx64 " => %" PRIx64 "\n", st->level,
				st->entry_paddr, st->value);
		}
		last = st->value;
	}
	if (w->present) {
		uint64_t base = w->paddr & ~(w->page_size - 1);
		if (w->page_size > ai->page_size && w->page_size >= (1ull << 30))
			fprintf(v->out, "  PAGE: %" PRIx64 "  (%lluGB)\n\n", base,
				(unsigned long long)(w->page_size >> 30));
		else if (w->page_size > ai->page_size && w->page_size >= (1ull << 20))
			fprintf(v->out, "  PAGE: %" PRIx64 "  (%lluMB)\n\n", base,
				(unsigned long long)(w->page_size >> 20));
		else
			fprintf(v->out, "  PAGE: %" PRIx64 "%s\n\n", base, user ? "  " : "");
		print_pte_block(v, last, w);
	} else if (last && w->nsteps && !strcmp(w->step[w->nsteps - 1].level, "PTE")) {
		fputc('\n', v->out);
		print_pte_block(v, last, w);
	}
}

struct vma_find {
	uint64_t addr;
	struct vma found;
	bool ok;
};

static int find_vma(void *arg, const struct vma *vm)
{
	struct vma_find *f = arg;
	if (f->addr >= vm->start && f->addr < vm->end) {
		f->found = *vm;
		f->ok = true;
		return 1;
	}
	return f->addr < vm->start; /* sorted: past it */
}

static void print_vma(struct vtop *v, const struct vma *vm, char *path, size_t plen)
{
	char a[64], b[64], e[64];
	path[0] = '\0';
	if (vm->file && dpath_file(v->k, vm->file, path, plen) < 0 && !path[0])
		snprintf(path, plen, "(unknown)");
	fprintf(v->out, "%s %s %s  FLAGS FILE\n",
		crash_field(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, "VMA"),
		crash_field(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_CENTER_R, "START"),
		crash_field(e, sizeof(e), CRASH_ADDR_WIDTH, CRASH_CENTER_R, "END"));
	fprintf(v->out, "%s %s %s %6" PRIx64 " %s\n",
		crash_hexfield(a, sizeof(a), CRASH_ADDR_WIDTH, CRASH_CENTER_L, vm->addr),
		crash_hexfield(b, sizeof(b), CRASH_ADDR_WIDTH, CRASH_RIGHT, vm->start),
		crash_hexfield(e, sizeof(e), CRASH_ADDR_WIDTH, CRASH_RIGHT, vm->end), vm->flags, path);
}

/* Width of a physical address column: the dump's highest address, at
 * least 8 (as crash sizes it). */
static int phys_width(struct kernel *k)
{
	const struct dump_info *di = dump_get_info(kernel_dump(k));
	char b[24];
	int w = snprintf(b, sizeof(b), "%" PRIx64, di && di->max_paddr ? di->max_paddr - 1 : 0);
	return w > 8 ? w : 8;
}

/* The struct page of the physical page, as kmem -p shows it. */
static void print_page(struct vtop *v, uint64_t paddr)
{
	struct page_info pi;
	char names[512];
	int w = phys_width(v->k);
	if (page_info_pfn(v->k, paddr / arch_get_info(v->vm)->page_size, &pi) != 0)
		return;
	fprintf(v->out, "      PAGE       %*s      MAPPING       INDEX CNT FLAGS\n", w, "PHYSICAL");
	if (!pi.readable) {
		fprintf(v->out, "%-16" PRIx64 " %*" PRIx64 " \n", pi.page, w, pi.paddr);
		return;
	}
	page_flags_names(v->k, pi.flags, names, sizeof(names));
	fprintf(v->out, "%-16" PRIx64 " %*" PRIx64 " %16" PRIx64 " %8" PRIx64 " %2d %" PRIx64 "%s%s\n",
		pi.page, w, pi.paddr, pi.mapping, pi.index, pi.count, pi.flags, names[0] ? " " : "",
		names);
}

static int vtop_user(struct vtop *v, uint64_t addr)
{
	struct arch_walk w;
	struct vma_find f = { .addr = addr };
	char path[DPATH_MAX];

	fprintf(v->out, "%-16s  %-16s\n", "VIRTUAL", "PHYSICAL");
	if (!v->mm)
		return crash_error(v->s, "task %" PRIx64 " is a kernel thread: no user address "
				   "space for %" PRIx64, v->task, addr);
	if (vma_foreach(v->k, v->mm, find_vma, &f) < 0)
		return crash_error(v->s, "%s", err_get());
	if (!f.ok) {
		fprintf(v->out, "%-16" PRIx64 "  (not accessible)\n\n", addr);
		return 0;
	}
	if (arch_vtop_walk(v->vm, v->pgd_paddr, addr, &w) < 0)
		return crash_error(v->s, "%s", err_get());
	if (w.present)
		fprintf(v->out, "%-16" PRIx64 "  %-16" PRIx64 "\n\n", addr, w.paddr);
	else
		fprintf(v->out, "%-16" PRIx64 "  (not mapped)\n\n", addr);
	print_walk(v, &w, true);
	fputc('\n', v->out);
	print_vma(v, &f.found, path, sizeof(path));
	if (!w.present) {
		if (w.swap) {
			struct swap_area *si = calloc(1, sizeof(*si));
			bool named = si && swap_area_get(v->k, (int)w.swap_type, si) == 1;
			fprintf(v->out, "\nSWAP: %s  OFFSET: %" PRIu64 "\n",
				named ? si->path : "(unknown swap location)", w.swap_offset);
			free(si);
		} else if (f.found.file) {
			uint64_t psz = arch_get_info(v->vm)->page_size;
			uint64_t off = ((addr - f.found.start) / psz + f.found.pgoff) * psz;
			fprintf(v->out, "\nFILE: %s  OFFSET: %" PRIx64 "\n", path, off);
		}
	}
	fputc('\n', v->out);
	if (w.present)
		print_page(v, w.paddr);
	return 0;
}

static int vtop_kernel(struct vtop *v, uint64_t addr, bool with_user_pgd)
{
	struct arch_walk w;

	fprintf(v->out, "%-16s  %-16s\n", "VIRTUAL", "PHYSICAL");
	if (!arch_is_kvaddr(v->vm, addr)) {
		fprintf(v->out, "%-16" PRIx64 "  (not a kernel virtual address)\n\n", addr);
		return 0;
	}
	if (arch_vtop_walk(v->vm, with_user_pgd ? v->pgd_paddr : 0, addr, &w) < 0)
		return crash_error(v->s, "%s", err_get());
	if (w.present)
		fprintf(v->out, "%-16" PRIx64 "  %-16" PRIx64 "\n\n", addr, w.paddr);
	else
		fprintf(v->out, "%-16" PRIx64 "  (not mapped)\n\n", addr);
	print_walk(v, &w, with_user_pgd);
	fputc('\n', v->out);
	if (w.present)
		print_page(v, w.paddr);
	return 0;
}

static int set_context(struct vtop *v, uint64_t task)
{
	v->task = task;
	v->mm = v->pgd = v->pgd_paddr = 0;
	if (!task)
		return 0;
	if (mm_of_task(v->k, task, &v->mm) != 0)
		return -1;
	if (!v->mm)
		return 0;
	return mm_pgd(v->k, v->mm, &v->pgd, &v->pgd_paddr) != 0 ? -1 : 0;
}

static int vtop_run(struct crash_session *s, int argc, char **argv)
{
	struct vtop v = { .s = s, .k = crash_kernel(s), .out = crash_out(s) };
	const char *ctx = NULL;
	bool user = false, kern = false, use_ctx = false;
	int opt, rc = 0;

	v.vm = kernel_arch(v.k);
	optind = 0;
	while ((opt = getopt(argc, argv, "c:uk")) != -1) {
		switch (opt) {
		case 'c': ctx = optarg; use_ctx = true; break;
		case 'u': user = true; break;
		case 'k': kern = true; break;
		default: return -1;
		}
	}
	if (user && kern)
		return crash_error(s, "-u and -k cannot be used together");
	if (optind >= argc)
		return crash_error(s, "an address is needed");
	uint64_t task = crash_current_task(s);
	if (ctx) {
		const struct ktask *t = ktask_lookup(v.k, ctx);
		if (!t)
			return crash_error(s, "%s", err_get());
		task = t->task;
	}
	if (set_context(&v, task) != 0)
		return crash_error(s, "%s", err_get());

	for (int i = optind; i < argc; i++) {
		uint64_t addr;
		if (crash_interrupted())
			break;
		if (addrarg_resolve(v.k, argv[i], &addr) != 0) {
			rc = crash_error(s, "%s", err_get());
			continue;
		}
		bool is_user = user || (!kern && !arch_is_kvaddr(v.vm, addr));
		int r;
		if (is_user)
			r = vtop_user(&v, addr);
		else
			r = vtop_kernel(&v, addr, use_ctx && v.pgd_paddr);
		if (r)
			rc = r;
	}
	return rc;
}

static const struct crash_cmd vtop_cmd = {
	.name = "vtop",
	.run = vtop_run,
	.summary = "virtual to physical",
	.synopsis = "[-c [pid | taskp]] [-u|-k] address ...",
	.description =
		"Translates a virtual address to a physical one and shows how: the\n"
		"page-table entry of each level (where it lives, physically, and its\n"
		"value), the flags of the final entry, and the struct page of the\n"
		"physical page.  For a user address it also shows the VMA that holds\n"
		"it and, when the page is not present, where it went: the swap device\n"
		"and offset, or the file and offset.  User addresses are translated in\n"
		"the current context; kernel addresses through the kernel's page tables.\n"
		"\n"
		"  -c pid|taskp  use the page tables of that task instead (under\n"
		"                foreach, of each task).\n"
		"  -u / -k       the address is a user / kernel address (x86_64\n"
		"                addresses tell by themselves).\n"
		"  address       hexadecimal, a symbol, or an expression.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> vtop ffff8f3e811fc180\n"
		"  VIRTUAL           PHYSICAL        \n"
		"  ffff8f3e811fc180  11fc180         \n"
		"\n"
		"  PGD DIRECTORY: ffffffff97810000\n"
		"  PAGE DIRECTORY: 10401067\n"
		"     PUD: 104017d0 => 10402067\n"
		"     PMD: 10402040 => 24d9063\n"
		"     PTE: 24d9fe0 => 80000000011fc163\n"
		"    PAGE: 11fc000\n"
		"\n"
		"        PTE         PHYSICAL  FLAGS\n"
		"  80000000011fc163   11fc000  (PRESENT|RW|ACCESSED|DIRTY|GLOBAL|NX)\n"
		"\n"
		"        PAGE       PHYSICAL      MAPPING       INDEX CNT FLAGS\n"
		"  fffff74000047f00  11fc000 dead000000000400        0  0 fffffc0000000\n",
	.flags = CMD_NEEDS_KERNEL | CMD_TASK_ARG,
};
CRASH_BUILTIN_COMMAND(vtop_cmd)
