/* The test seam: a test kernel's ELF laid out in the physical memory of a
 * generated dump (see testkernel.h).
 *
 * Physical memory is three runs (chunks):
 *   direct   the __direct objects, at their link address - PAGE_OFFSET
 *            (1 MiB up), whatever the run-time PAGE_OFFSET
 *   image    the kernel image, at _text - __START_KERNEL_map + kaslr +
 *            phys_base (16 MiB with the defaults)
 *   dyn      above both, 2 MiB aligned: the per-cpu areas, the vmalloc
 *            pages (in reverse order, so that only the page tables tell
 *            where a vmalloc page is) and the page tables below the PGD
 * The sections are staged by link address, relocated for the run-time
 * layout (KASLR, PAGE_OFFSET, VMALLOC_START) from the ELF's own
 * relocation sections, then copied into place. */
#include "testkernel.h"

#include <elfutils/libdwelf.h>
#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arch/x86_64/regs.h"
#include "common/err.h"
#include "common/xalloc.h"

#define PS 4096ull
#define SZ_2M (1ull << 21)
#define SZ_1G (1ull << 30)
#define START_KERNEL_MAP 0xffffffff80000000ull
#define KERNEL_IMAGE_SIZE SZ_1G
#define LINK_PAGE_OFFSET 0xffff888000000000ull
#define LINK_VMALLOC 0xffffc90000000000ull
#define DIRECT_SPAN (1ull << 46)	/* 64 TiB of direct map (4-level) */
#define VMALLOC_SPAN (1ull << 45)	/* 32 TiB of vmalloc space */
#define PHYS_MASK 0x000ffffffffff000ull

/* page-table entry bits (arch/x86/include/asm/pgtable_types.h) */
#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_A 0x20ull
#define PTE_D 0x40ull
#define PTE_PSE 0x80ull
#define PTE_G 0x100ull
#define PTE_NX (1ull << 63)
#define KERNPG_TABLE (PTE_P | PTE_RW | PTE_A | PTE_D)
#define PAGE_KERNEL (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_G | PTE_NX)
#define PAGE_KERNEL_LARGE_EXEC (PTE_P | PTE_RW | PTE_A | PTE_D | PTE_G | PTE_PSE)

#define PRSTATUS_SIZE 336
#define PRSTATUS_REG_OFF 112
#define QEMU_STATE_SIZE 440

enum region { REG_NONE, REG_IMAGE, REG_DIRECT, REG_VMALLOC, REG_PERCPU };
enum { CH_DIRECT, CH_IMAGE, CH_DYN, NCH };

struct chunk {
	uint64_t pa, len;
	unsigned char *buf;
};

struct vmci {
	char *key, *val;
};

struct testkernel {
	struct tk_opts o;
	char *elf_path;
	unsigned char *file;		/* the kernel ELF, read whole */
	size_t file_len;
	Elf *elf;
	Elf_Data *symdata;
	GElf_Shdr symsh;
	size_t nsecs;
	unsigned char *sec_region;	/* enum region of each section */
	/* link-time extents (page-rounded), and run = link + delta */
	uint64_t img_lo, img_hi, dir_lo, dir_hi, vm_lo, vm_hi, pcpu_size;
	uint64_t d_img, d_dir, d_vm;
	uint64_t page_offset, vmalloc_start;
	unsigned char *vm_stage, *pcpu_stage;
	struct chunk ch[NCH];
	uint64_t dyn_used;		/* bytes of ch[CH_DYN] handed out */
	uint64_t *vm_pa;		/* physical page of each vmalloc page */
	uint64_t pcpu_pa[64];
	uint64_t pgd_pa;
	uint64_t direct_top;		/* the direct map maps [0, direct_top) */
	int nr_cpus_max;
	struct arch_regs *regs;
	uint64_t *excl;			/* excluded pfns */
	size_t nexcl;
	struct vmci *vi;
	size_t nvi;
	char build_id[41];
	char release[65];
	char dir[64], vmlinux[96], dump[96];
	bool dirty;			/* the dump file is out of date */
};

/* A "not ok" line for misuse that a test would otherwise not notice. */
static void misuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void misuse(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("not ok - tk: %s\n", msg);
	fflush(stdout);
	err_set("tk: %s", msg);
}

static uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t round_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

/* ---- physical memory ---- */

static unsigned char *phys_ptr(struct testkernel *tk, uint64_t pa, size_t *avail)
{
	for (int i = 0; i < NCH; i++) {
		struct chunk *c = &tk->ch[i];
		if (c->buf && pa >= c->pa && pa - c->pa < c->len) {
			if (avail) {
				uint64_t left = c->len - (pa - c->pa), page = PS - (pa & (PS - 1));
				*avail = (size_t)(left < page ? left : page);
			}
			return c->buf + (pa - c->pa);
		}
	}
	return NULL;
}

static uint64_t dyn_alloc(struct testkernel *tk, uint64_t bytes)
{
	struct chunk *c = &tk->ch[CH_DYN];
	bytes = round_up(bytes, PS);
	if (tk->dyn_used + bytes > c->len) {
		fprintf(stderr, "tk: out of dynamic memory (%" PRIu64 " bytes)\n", c->len);
		abort();
	}
	uint64_t pa = c->pa + tk->dyn_used;
	tk->dyn_used += bytes;
	return pa;
}

static void map(struct testkernel *tk, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
	static const int shift[] = { 39, 30, 21, 12 };
	int leaf = size == SZ_1G ? 1 : size == SZ_2M ? 2 : 3;
	uint64_t table = tk->pgd_pa;

	for (int i = 0; i < leaf; i++) {
		uint64_t *e = (uint64_t *)phys_ptr(tk, table + ((va >> shift[i]) & 511) * 8, NULL);
		if (!(*e & PTE_P))
			*e = dyn_alloc(tk, PS) | KERNPG_TABLE;
		table = *e & PHYS_MASK;
	}
	uint64_t *e = (uint64_t *)phys_ptr(tk, table + ((va >> shift[leaf]) & 511) * 8, NULL);
	*e = pa | flags;
}

/* Software translation, the same as the page tables. */
static bool va_to_pa(const struct testkernel *tk, uint64_t va, uint64_t *pa)
{
	uint64_t ilo = round_down(tk->img_lo + tk->d_img, SZ_2M);
	uint64_t ihi = round_up(tk->img_hi + tk->d_img, SZ_2M);
	if (va >= ilo && va < ihi) {
		*pa = va - START_KERNEL_MAP + (uint64_t)tk->o.phys_base;
		return true;
	}
	if (va >= tk->page_offset && va - tk->page_offset < tk->direct_top) {
		*pa = va - tk->page_offset;
		return true;
	}
	if (tk->vm_pa && va >= tk->vm_lo + tk->d_vm && va < tk->vm_hi + tk->d_vm) {
		uint64_t off = va - (tk->vm_lo + tk->d_vm);
		*pa = tk->vm_pa[off / PS] + (off & (PS - 1));
		return true;
	}
	return false;
}

static int access_mem(struct testkernel *tk, uint64_t va, void *buf, size_t len, bool write,
		      bool quiet)
{
	unsigned char *b = buf;
	while (len) {
		uint64_t pa;
		size_t avail;
		unsigned char *p = va_to_pa(tk, va, &pa) ? phys_ptr(tk, pa, &avail) : NULL;
		if (!p) {
			if (!quiet)
				misuse("%s %#" PRIx64 ": not in the test kernel's memory",
				       write ? "write to" : "read of", va);
			return -1;
		}
		size_t n = avail < len ? avail : len;
		if (write)
			memcpy(p, b, n);
		else
			memcpy(b, p, n);
		b += n;
		va += n;
		len -= n;
	}
	return 0;
}

int tk_write(struct testkernel *tk, uint64_t addr, const void *buf, size_t len)
{
	tk->dirty = true;
	return access_mem(tk, addr, (void *)buf, len, true, false);
}

int tk_read(struct testkernel *tk, uint64_t addr, void *buf, size_t len)
{
	return access_mem(tk, addr, buf, len, false, false);
}

uint64_t tk_phys(struct testkernel *tk, uint64_t addr)
{
	uint64_t pa;
	return va_to_pa(tk, addr, &pa) ? pa : 0;
}

/* ---- the kernel ELF ---- */

static const char *sec_name(struct testkernel *tk, const GElf_Shdr *sh)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(tk->elf, &shstrndx) != 0)
		return "";
	const char *n = elf_strptr(tk->elf, shstrndx, sh->sh_name);
	return n ? n : "";
}

static enum region classify(const char *name, uint64_t addr)
{
	if (!strcmp(name, ".data..percpu"))
		return REG_PERCPU;
	if (addr >= START_KERNEL_MAP && addr - START_KERNEL_MAP < KERNEL_IMAGE_SIZE)
		return REG_IMAGE;
	if (addr >= LINK_PAGE_OFFSET && addr - LINK_PAGE_OFFSET < DIRECT_SPAN)
		return REG_DIRECT;
	if (addr >= LINK_VMALLOC && addr - LINK_VMALLOC < VMALLOC_SPAN)
		return REG_VMALLOC;
	return REG_NONE;
}

static uint64_t delta_of(const struct testkernel *tk, int r)
{
	return r == REG_IMAGE ? tk->d_img : r == REG_DIRECT ? tk->d_dir
				: r == REG_VMALLOC ? tk->d_vm : 0;
}

/* Where the bytes of link-time address addr of region r are staged. */
static unsigned char *stage_ptr(struct testkernel *tk, int r, uint64_t addr, size_t len)
{
	uint64_t lo, hi;
	unsigned char *base;
	switch (r) {
	case REG_IMAGE: lo = tk->img_lo; hi = tk->img_hi; base = tk->ch[CH_IMAGE].buf; break;
	case REG_DIRECT: lo = tk->dir_lo; hi = tk->dir_hi; base = tk->ch[CH_DIRECT].buf; break;
	case REG_VMALLOC: lo = tk->vm_lo; hi = tk->vm_hi; base = tk->vm_stage; break;
	case REG_PERCPU: lo = 0; hi = tk->pcpu_size; base = tk->pcpu_stage; break;
	default: return NULL;
	}
	if (!base || addr < lo || addr > hi || len > hi - addr)
		return NULL;
	return base + (addr - lo);
}

static int sym_region(struct testkernel *tk, const GElf_Sym *s)
{
	if (s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE || s->st_shndx >= tk->nsecs)
		return REG_NONE;
	return tk->sec_region[s->st_shndx];
}

static const GElf_Sym *find_sym(struct testkernel *tk, const char *name, GElf_Sym *out)
{
	size_t n = tk->symsh.sh_entsize ? tk->symsh.sh_size / tk->symsh.sh_entsize : 0;
	bool local = false;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym s;
		if (!gelf_getsym(tk->symdata, (int)i, &s))
			continue;
		int t = GELF_ST_TYPE(s.st_info);
		if (t == STT_SECTION || t == STT_FILE || s.st_shndx == SHN_UNDEF)
			continue;
		const char *nm = elf_strptr(tk->elf, tk->symsh.sh_link, s.st_name);
		if (!nm || strcmp(nm, name))
			continue;
		if (GELF_ST_BIND(s.st_info) != STB_LOCAL) {
			*out = s;
			return out;
		}
		if (!local)
			*out = s;	/* a static one, unless a global follows */
		local = true;
	}
	return local ? out : NULL;
}

static uint64_t sym_runtime(struct testkernel *tk, const GElf_Sym *s)
{
	return s->st_shndx == SHN_ABS ? s->st_value : s->st_value + delta_of(tk, sym_region(tk, s));
}

uint64_t tk_symbol(struct testkernel *tk, const char *name)
{
	GElf_Sym s;
	if (!find_sym(tk, name, &s)) {
		misuse("no symbol %s in %s", name, tk->elf_path);
		return 0;
	}
	return sym_runtime(tk, &s);
}

uint64_t tk_percpu(struct testkernel *tk, const char *name, int cpu)
{
	GElf_Sym s;
	if (!find_sym(tk, name, &s) || sym_region(tk, &s) != REG_PERCPU) {
		misuse("no per-cpu symbol %s in %s", name, tk->elf_path);
		return 0;
	}
	if (cpu < 0 || cpu >= tk->o.ncpus) {
		misuse("tk_percpu(%s): no CPU %d (%d CPUs)", name, cpu, tk->o.ncpus);
		return 0;
	}
	return tk->page_offset + tk->pcpu_pa[cpu] + s.st_value;
}

/* Symbols of tk_base.c, patched quietly when a kernel has them. */
static void patch(struct testkernel *tk, const char *name, uint64_t off, const void *v, size_t n)
{
	GElf_Sym s;
	if (find_sym(tk, name, &s))
		access_mem(tk, sym_runtime(tk, &s) + off, (void *)v, n, true, true);
}

static int load_sections(struct testkernel *tk)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	bool have_img = false, have_dir = false, have_vm = false, have_sym = false;

	if (elf_getshdrnum(tk->elf, &tk->nsecs) != 0) {
		err_set("%s: no section headers", tk->elf_path);
		return -1;
	}
	tk->sec_region = xcalloc(tk->nsecs, 1);
	tk->img_lo = tk->dir_lo = tk->vm_lo = UINT64_MAX;
	while ((scn = elf_nextscn(tk->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB) {
			tk->symsh = sh;
			tk->symdata = elf_getdata(scn, NULL);
			have_sym = tk->symdata != NULL;
		}
		if (!(sh.sh_flags & SHF_ALLOC) || !sh.sh_size)
			continue;
		const char *name = sec_name(tk, &sh);
		enum region r = classify(name, sh.sh_addr);
		tk->sec_region[elf_ndxscn(scn)] = (unsigned char)r;
		uint64_t lo = sh.sh_addr, hi = sh.sh_addr + sh.sh_size;
		switch (r) {
		case REG_IMAGE:
			have_img = true;
			if (lo < tk->img_lo) tk->img_lo = lo;
			if (hi > tk->img_hi) tk->img_hi = hi;
			break;
		case REG_DIRECT:
			have_dir = true;
			if (lo < tk->dir_lo) tk->dir_lo = lo;
			if (hi > tk->dir_hi) tk->dir_hi = hi;
			break;
		case REG_VMALLOC:
			have_vm = true;
			if (lo < tk->vm_lo) tk->vm_lo = lo;
			if (hi > tk->vm_hi) tk->vm_hi = hi;
			break;
		case REG_PERCPU:
			if (lo != 0) {
				err_set("%s: .data..percpu is not linked at 0", tk->elf_path);
				return -1;
			}
			tk->pcpu_size = hi;
			break;
		default:
			err_set("%s: section %s at %#" PRIx64 " is in no kernel region", tk->elf_path,
				name, sh.sh_addr);
			return -1;
		}
	}
	if (!have_img || !have_sym) {
		err_set("%s: no kernel image sections or no symbol table", tk->elf_path);
		return -1;
	}
	tk->img_lo = round_down(tk->img_lo, PS);
	tk->img_hi = round_up(tk->img_hi, PS);
	if (have_dir) {
		tk->dir_lo = round_down(tk->dir_lo, PS);
		tk->dir_hi = round_up(tk->dir_hi, PS);
	} else {
		tk->dir_lo = tk->dir_hi = 0;
	}
	if (have_vm) {
		tk->vm_lo = round_down(tk->vm_lo, PS);
		tk->vm_hi = round_up(tk->vm_hi, PS);
	} else {
		tk->vm_lo = tk->vm_hi = 0;
	}
	return 0;
}

/* Copy each section's bytes to where it is staged. */
static int stage_sections(struct testkernel *tk)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(tk->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) || !sh.sh_size ||
		    sh.sh_type == SHT_NOBITS)
			continue;
		int r = tk->sec_region[elf_ndxscn(scn)];
		unsigned char *dst = stage_ptr(tk, r, sh.sh_addr, sh.sh_size);
		if (!dst || sh.sh_offset > tk->file_len || sh.sh_size > tk->file_len - sh.sh_offset) {
			err_set("%s: section %s cannot be placed", tk->elf_path, sec_name(tk, &sh));
			return -1;
		}
		memcpy(dst, tk->file + sh.sh_offset, sh.sh_size);
	}
	return 0;
}

/* The kernel relocates itself by its KASLR offset (arch/x86/boot/
 * compressed/misc.c, handle_relocations): every absolute reference to the
 * image moves.  Here the direct map and vmalloc space may move too. */
static int relocate(struct testkernel *tk)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while ((scn = elf_nextscn(tk->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || sh.sh_info >= tk->nsecs)
			continue;
		int tr = tk->sec_region[sh.sh_info];
		if (tr == REG_NONE)
			continue;	/* debug info and other unallocated sections */
		Elf_Data *d = elf_getdata(scn, NULL);
		size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		for (size_t i = 0; d && i < n; i++) {
			GElf_Rela r;
			GElf_Sym s;
			if (!gelf_getrela(d, (int)i, &r) ||
			    !gelf_getsym(tk->symdata, (int)GELF_R_SYM(r.r_info), &s))
				continue;
			int type = (int)GELF_R_TYPE(r.r_info);
			uint64_t ds = s.st_shndx == SHN_ABS ? 0 : delta_of(tk, sym_region(tk, &s));
			uint64_t dl = delta_of(tk, tr);
			size_t size = type == R_X86_64_64 ? 8 : 4;
			uint64_t add;
			switch (type) {
			case R_X86_64_64:
			case R_X86_64_32:
			case R_X86_64_32S:
				add = ds;
				break;
			case R_X86_64_PC32:
			case R_X86_64_PLT32:
				add = ds - dl;
				break;
			default:
				continue;
			}
			if (!add)
				continue;
			unsigned char *p = stage_ptr(tk, tr, r.r_offset, size);
			if (!p) {
				err_set("%s: relocation at %#" PRIx64 " outside its section", tk->elf_path,
					r.r_offset);
				return -1;
			}
			if (size == 8) {
				uint64_t v;
				memcpy(&v, p, 8);
				v += add;
				memcpy(p, &v, 8);
			} else {
				uint32_t v;
				memcpy(&v, p, 4);
				v += (uint32_t)add;
				memcpy(p, &v, 4);
			}
		}
	}
	return 0;
}

static int check_opts(struct testkernel *tk)
{
	struct tk_opts *o = &tk->o;
	GElf_Sym s;

	tk->nr_cpus_max = 1;
	if (find_sym(tk, "__per_cpu_offset", &s) && s.st_size >= 8)
		tk->nr_cpus_max = (int)(s.st_size / 8);
	if (tk->nr_cpus_max > 64)
		tk->nr_cpus_max = 64;
	if (o->ncpus <= 0)
		o->ncpus = 1;
	if (o->ncpus > tk->nr_cpus_max) {
		err_set("tk: %d CPUs asked, the kernel has NR_CPUS %d", o->ncpus, tk->nr_cpus_max);
		return -1;
	}
	if (o->kaslr & (SZ_2M - 1) || o->kaslr + (tk->img_hi - START_KERNEL_MAP) > KERNEL_IMAGE_SIZE) {
		err_set("tk: KASLR offset %#" PRIx64 " is not a multiple of 2 MiB within the image space",
			o->kaslr);
		return -1;
	}
	if ((uint64_t)o->phys_base & (SZ_2M - 1)) {
		err_set("tk: phys_base %#" PRIx64 " is not a multiple of 2 MiB", (uint64_t)o->phys_base);
		return -1;
	}
	tk->page_offset = o->page_offset ? o->page_offset : LINK_PAGE_OFFSET;
	tk->vmalloc_start = o->vmalloc_start ? o->vmalloc_start : LINK_VMALLOC;
	/* memory KASLR moves each base in 1 GiB steps, with at least a TiB
	 * for the direct map and for vmalloc space */
	if (tk->page_offset & (SZ_1G - 1) || tk->page_offset < 0xffff800000000000ull ||
	    tk->page_offset + (1ull << 40) > tk->vmalloc_start) {
		err_set("tk: PAGE_OFFSET %#" PRIx64 " is not 1 GiB aligned below VMALLOC_START",
			tk->page_offset);
		return -1;
	}
	if (tk->vmalloc_start & (SZ_1G - 1) || tk->vmalloc_start + (1ull << 40) > START_KERNEL_MAP) {
		err_set("tk: VMALLOC_START %#" PRIx64 " is not 1 GiB aligned below the image",
			tk->vmalloc_start);
		return -1;
	}
	tk->d_img = o->kaslr;
	tk->d_dir = tk->page_offset - LINK_PAGE_OFFSET;
	tk->d_vm = tk->vmalloc_start - LINK_VMALLOC;
	return 0;
}

static int layout(struct testkernel *tk)
{
	struct chunk *dir = &tk->ch[CH_DIRECT], *img = &tk->ch[CH_IMAGE], *dyn = &tk->ch[CH_DYN];

	if (tk->dir_hi) {
		dir->pa = tk->dir_lo - LINK_PAGE_OFFSET;
		dir->len = tk->dir_hi - tk->dir_lo;
		dir->buf = xcalloc(1, dir->len);
	}
	img->pa = tk->img_lo - START_KERNEL_MAP + tk->o.kaslr + (uint64_t)tk->o.phys_base;
	img->len = tk->img_hi - tk->img_lo;
	if (img->pa >= (1ull << 46)) {
		err_set("tk: phys_base %" PRId64 " puts the image below physical 0", tk->o.phys_base);
		return -1;
	}
	if (dir->buf && img->pa < dir->pa + dir->len && dir->pa < img->pa + img->len) {
		err_set("tk: the image (physical %#" PRIx64 ") overlaps the direct-map objects "
			"(%#" PRIx64 "-%#" PRIx64 ")", img->pa, dir->pa, dir->pa + dir->len);
		return -1;
	}
	img->buf = xcalloc(1, img->len);
	uint64_t top = img->pa + img->len;
	if (dir->pa + dir->len > top)
		top = dir->pa + dir->len;
	uint64_t pcpu_bytes = round_up(tk->pcpu_size ? tk->pcpu_size : 1, PS);
	uint64_t vm_pages = (tk->vm_hi - tk->vm_lo) / PS;
	dyn->pa = round_up(top, SZ_2M);
	dyn->len = (uint64_t)tk->o.ncpus * pcpu_bytes + vm_pages * PS + (64 + vm_pages / 256) * PS;
	dyn->buf = xcalloc(1, dyn->len);
	tk->direct_top = round_up(dyn->pa + dyn->len, SZ_1G);
	if (tk->vm_hi)
		tk->vm_stage = xcalloc(1, tk->vm_hi - tk->vm_lo);
	tk->pcpu_stage = xcalloc(1, pcpu_bytes);
	return 0;
}

/* PER_CPU_INIT(cpu, name) objects, __tk_percpu_CPU_NAME in the image:
 * their (relocated) bytes become that CPU's copy of NAME. */
static int percpu_inits(struct testkernel *tk)
{
	size_t n = tk->symsh.sh_entsize ? tk->symsh.sh_size / tk->symsh.sh_entsize : 0;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym s, p;
		char *end;
		if (!gelf_getsym(tk->symdata, (int)i, &s))
			continue;
		const char *nm = elf_strptr(tk->elf, tk->symsh.sh_link, s.st_name);
		if (!nm || strncmp(nm, "__tk_percpu_", 12))
			continue;
		long cpu = strtol(nm + 12, &end, 10);
		if (end == nm + 12 || *end != '_' || !find_sym(tk, end + 1, &p) ||
		    sym_region(tk, &p) != REG_PERCPU || p.st_size != s.st_size) {
			err_set("%s: %s is not the PER_CPU_INIT of a per-cpu variable", tk->elf_path, nm);
			return -1;
		}
		const unsigned char *src = stage_ptr(tk, REG_IMAGE, s.st_value, s.st_size);
		if (cpu >= tk->o.ncpus || !src)
			continue;
		memcpy(phys_ptr(tk, tk->pcpu_pa[cpu], NULL) + p.st_value, src, s.st_size);
	}
	return 0;
}

static int place(struct testkernel *tk)
{
	uint64_t pcpu_bytes = round_up(tk->pcpu_size ? tk->pcpu_size : 1, PS);
	GElf_Sym s;

	for (int c = 0; c < tk->o.ncpus; c++) {
		tk->pcpu_pa[c] = dyn_alloc(tk, pcpu_bytes);
		memcpy(phys_ptr(tk, tk->pcpu_pa[c], NULL), tk->pcpu_stage, pcpu_bytes);
	}
	if (percpu_inits(tk))
		return -1;
	if (tk->vm_hi) {
		size_t n = (size_t)((tk->vm_hi - tk->vm_lo) / PS);
		uint64_t block = dyn_alloc(tk, n * PS);
		tk->vm_pa = xcalloc(n, sizeof(*tk->vm_pa));
		for (size_t i = 0; i < n; i++) {
			tk->vm_pa[i] = block + (n - 1 - i) * PS;
			memcpy(phys_ptr(tk, tk->vm_pa[i], NULL), tk->vm_stage + i * PS, PS);
		}
	}
	/* page tables under init_top_pgt */
	if (!find_sym(tk, "init_top_pgt", &s) || sym_region(tk, &s) != REG_IMAGE ||
	    (s.st_value & (PS - 1))) {
		err_set("%s: no page-aligned init_top_pgt in the image", tk->elf_path);
		return -1;
	}
	tk->pgd_pa = sym_runtime(tk, &s) - START_KERNEL_MAP + (uint64_t)tk->o.phys_base;
	for (uint64_t pa = 0; pa < tk->direct_top; pa += SZ_1G)
		map(tk, tk->page_offset + pa, pa, SZ_1G, PAGE_KERNEL | PTE_PSE);
	for (uint64_t va = round_down(tk->img_lo + tk->d_img, SZ_2M);
	     va < round_up(tk->img_hi + tk->d_img, SZ_2M); va += SZ_2M)
		map(tk, va, va - START_KERNEL_MAP + (uint64_t)tk->o.phys_base, SZ_2M,
		    PAGE_KERNEL_LARGE_EXEC);
	for (uint64_t i = 0; tk->vm_pa && i < (tk->vm_hi - tk->vm_lo) / PS; i++)
		map(tk, tk->vm_lo + tk->d_vm + i * PS, tk->vm_pa[i], PS, PAGE_KERNEL);
	tk->ch[CH_DYN].len = tk->dyn_used;	/* the dump holds what was used */
	return 0;
}

/* What the kernel sets up at boot, for the options. */
static void boot_values(struct testkernel *tk)
{
	uint32_t n = (uint32_t)tk->o.ncpus;
	uint64_t mask[64] = { 0 }, pb = (uint64_t)tk->o.phys_base;
	GElf_Sym s;

	patch(tk, "nr_cpu_ids", 0, &n, 4);
	for (int c = 0; c < tk->o.ncpus; c++) {
		uint64_t off = tk->page_offset + tk->pcpu_pa[c];
		int32_t cpu = c;
		patch(tk, "__per_cpu_offset", 8ull * (uint64_t)c, &off, 8);
		mask[c / 64] |= 1ull << (c % 64);
		if (find_sym(tk, "cpu_number", &s) && sym_region(tk, &s) == REG_PERCPU)
			access_mem(tk, off + s.st_value, &cpu, 4, true, true);
		if (find_sym(tk, "this_cpu_off", &s) && sym_region(tk, &s) == REG_PERCPU)
			access_mem(tk, off + s.st_value, &off, 8, true, true);
	}
	static const char *const masks[] = { "__cpu_possible_mask", "__cpu_online_mask",
					     "__cpu_present_mask", "__cpu_active_mask" };
	for (size_t i = 0; i < 4; i++)
		if (find_sym(tk, masks[i], &s))
			patch(tk, masks[i], 0, mask, s.st_size < sizeof(mask) ? s.st_size : sizeof(mask));
	patch(tk, "phys_base", 0, &pb, 8);
	patch(tk, "page_offset_base", 0, &tk->page_offset, 8);
	patch(tk, "vmalloc_base", 0, &tk->vmalloc_start, 8);
}

/* The release from linux_banner ("Linux version 6.1.0-tk (...") and the
 * build-id, for VMCOREINFO. */
static void identity(struct testkernel *tk)
{
	char banner[256] = "";
	const void *id;
	GElf_Sym s;

	if (find_sym(tk, "linux_banner", &s))
		access_mem(tk, sym_runtime(tk, &s), banner, sizeof(banner) - 1, false, true);
	const char *p = strstr(banner, "version ");
	if (p) {
		size_t n = strcspn(p + 8, " ");
		if (n >= sizeof(tk->release))
			n = sizeof(tk->release) - 1;
		memcpy(tk->release, p + 8, n);
	}
	ssize_t len = dwelf_elf_gnu_build_id(tk->elf, &id);
	for (ssize_t i = 0; i < len && i < 20; i++)
		snprintf(tk->build_id + 2 * i, 3, "%02x", ((const unsigned char *)id)[i]);
}

void tk_set_vmcoreinfo(struct testkernel *tk, const char *key, const char *value)
{
	tk->dirty = true;
	if (!key) {
		while (tk->nvi)
			tk_set_vmcoreinfo(tk, tk->vi[0].key, NULL);
		return;
	}
	for (size_t i = 0; i < tk->nvi; i++) {
		if (strcmp(tk->vi[i].key, key))
			continue;
		free(tk->vi[i].val);
		if (value) {
			tk->vi[i].val = xstrdup(value);
		} else {
			free(tk->vi[i].key);
			memmove(&tk->vi[i], &tk->vi[i + 1], (tk->nvi - i - 1) * sizeof(*tk->vi));
			tk->nvi--;
		}
		return;
	}
	if (!value)
		return;
	tk->vi = xreallocarray(tk->vi, tk->nvi + 1, sizeof(*tk->vi));
	tk->vi[tk->nvi].key = xstrdup(key);
	tk->vi[tk->nvi++].val = xstrdup(value);
}

static void default_vmcoreinfo(struct testkernel *tk)
{
	char v[64];
	GElf_Sym s;

	tk_set_vmcoreinfo(tk, "OSRELEASE", tk->release);
	if (tk->build_id[0])
		tk_set_vmcoreinfo(tk, "BUILD-ID", tk->build_id);
	tk_set_vmcoreinfo(tk, "PAGESIZE", "4096");
	static const char *const syms[] = { "init_uts_ns", "_stext", "init_top_pgt" };
	for (size_t i = 0; i < 3; i++) {
		if (!find_sym(tk, syms[i], &s))
			continue;
		char key[64];
		snprintf(key, sizeof(key), "SYMBOL(%s)", syms[i]);
		snprintf(v, sizeof(v), "%" PRIx64, sym_runtime(tk, &s));
		tk_set_vmcoreinfo(tk, key, v);
	}
	tk_set_vmcoreinfo(tk, "NUMBER(pgtable_l5_enabled)", "0");
	snprintf(v, sizeof(v), "%" PRIx64, tk->o.kaslr);
	tk_set_vmcoreinfo(tk, "KERNELOFFSET", v);
	snprintf(v, sizeof(v), "%llu", KERNEL_IMAGE_SIZE);
	tk_set_vmcoreinfo(tk, "NUMBER(KERNEL_IMAGE_SIZE)", v);
	snprintf(v, sizeof(v), "%" PRId64, tk->o.phys_base);
	tk_set_vmcoreinfo(tk, "NUMBER(phys_base)", v);
	tk_set_vmcoreinfo(tk, "CRASHTIME", "1700000000");
}

/* The vmlinux the kernel reader opens: the kernel ELF, with the names of
 * the __direct and __vmalloc objects' symbols taken out (the kernel has
 * no symbols for memory it allocated), and of the seam's own __tk_ ones. */
static int write_vmlinux(struct testkernel *tk)
{
	unsigned char *copy = xmalloc(tk->file_len);
	memcpy(copy, tk->file, tk->file_len);
	size_t n = tk->symsh.sh_entsize ? tk->symsh.sh_size / tk->symsh.sh_entsize : 0;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym s;
		if (!gelf_getsym(tk->symdata, (int)i, &s))
			continue;
		int r = sym_region(tk, &s);
		const char *nm = elf_strptr(tk->elf, tk->symsh.sh_link, s.st_name);
		if (r != REG_DIRECT && r != REG_VMALLOC && !(nm && !strncmp(nm, "__tk_", 5)))
			continue;
		uint64_t off = tk->symsh.sh_offset + i * tk->symsh.sh_entsize;
		if (off + 4 <= tk->file_len)
			memset(copy + off, 0, 4);	/* st_name: no name */
	}
	snprintf(tk->vmlinux, sizeof(tk->vmlinux), "%s/vmlinux", tk->dir);
	FILE *f = fopen(tk->vmlinux, "wb");
	int rc = f && fwrite(copy, 1, tk->file_len, f) == tk->file_len ? 0 : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	free(copy);
	if (rc)
		err_set("%s: %s", tk->vmlinux, strerror(errno));
	return rc;
}

static const char *self_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	if (n <= 0)
		return ".";
	buf[n] = '\0';
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return buf;
}

struct testkernel *tk_new(const char *name, const struct tk_opts *opts)
{
	struct testkernel *tk = xcalloc(1, sizeof(*tk));
	char path[4096 + 256], dir[4096];
	struct stat st;
	FILE *f = NULL;

	if (opts)
		tk->o = *opts;
	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/kernels/%.200s.elf", self_dir(dir, sizeof(dir)),
			 name);
	tk->elf_path = xstrdup(path);
	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st) != 0 || st.st_size <= 0) {
		err_set("%s: %s", path, f ? "empty" : strerror(errno));
		goto fail;
	}
	tk->file_len = (size_t)st.st_size;
	tk->file = xmalloc(tk->file_len);
	if (fread(tk->file, 1, tk->file_len, f) != tk->file_len) {
		err_set("%s: cannot read", path);
		goto fail;
	}
	fclose(f);
	f = NULL;
	elf_version(EV_CURRENT);
	tk->elf = elf_memory((char *)tk->file, tk->file_len);
	if (!tk->elf || elf_kind(tk->elf) != ELF_K_ELF) {
		err_set("%s: not an ELF file", path);
		goto fail;
	}
	if (load_sections(tk) || check_opts(tk) || layout(tk) || stage_sections(tk) ||
	    relocate(tk) || place(tk))
		goto fail;
	tk->regs = xcalloc((size_t)tk->o.ncpus, sizeof(*tk->regs));
	boot_values(tk);
	identity(tk);
	default_vmcoreinfo(tk);
	const char *tmp = getenv("TMPDIR");
	snprintf(tk->dir, sizeof(tk->dir), "%s/tk-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(tk->dir)) {
		err_set("%s: %s", tk->dir, strerror(errno));
		tk->dir[0] = '\0';
		goto fail;
	}
	snprintf(tk->dump, sizeof(tk->dump), "%s/vmcore", tk->dir);
	if (write_vmlinux(tk))
		goto fail;
	tk->dirty = true;
	return tk;
fail:
	if (f)
		fclose(f);
	tk_free(tk);
	return NULL;
}

void tk_free(struct testkernel *tk)
{
	if (!tk)
		return;
	if (tk->dir[0]) {
		unlink(tk->dump);
		if (tk->vmlinux[0])
			unlink(tk->vmlinux);
		rmdir(tk->dir);
	}
	if (tk->elf)
		elf_end(tk->elf);
	for (int i = 0; i < NCH; i++)
		free(tk->ch[i].buf);
	for (size_t i = 0; i < tk->nvi; i++) {
		free(tk->vi[i].key);
		free(tk->vi[i].val);
	}
	free(tk->vi);
	free(tk->vm_stage);
	free(tk->pcpu_stage);
	free(tk->vm_pa);
	free(tk->regs);
	free(tk->excl);
	free(tk->sec_region);
	free(tk->file);
	free(tk->elf_path);
	free(tk);
}

void tk_set_regs(struct testkernel *tk, int cpu, const struct arch_regs *regs)
{
	if (cpu < 0 || cpu >= tk->o.ncpus) {
		misuse("tk_set_regs: no CPU %d (%d CPUs)", cpu, tk->o.ncpus);
		return;
	}
	tk->regs[cpu] = *regs;
	tk->dirty = true;
}

int tk_exclude_page(struct testkernel *tk, uint64_t addr)
{
	uint64_t pa;
	if (!va_to_pa(tk, addr, &pa) || !phys_ptr(tk, pa, NULL)) {
		misuse("tk_exclude_page: %#" PRIx64 " is not in the test kernel's memory", addr);
		return -1;
	}
	tk->excl = xreallocarray(tk->excl, tk->nexcl + 1, sizeof(*tk->excl));
	tk->excl[tk->nexcl++] = pa / PS;
	tk->dirty = true;
	return 0;
}

static bool excluded(const struct testkernel *tk, uint64_t pfn)
{
	for (size_t i = 0; i < tk->nexcl; i++)
		if (tk->excl[i] == pfn)
			return true;
	return false;
}

/* ---- writing the dump ---- */

struct obuf {
	unsigned char *p;
	size_t len, cap;
};

static void ob_put(struct obuf *b, size_t off, const void *src, size_t n)
{
	if (off + n > b->cap) {
		size_t c = b->cap ? b->cap : 4096;
		while (c < off + n)
			c *= 2;
		b->p = xrealloc(b->p, c);
		memset(b->p + b->cap, 0, c - b->cap);
		b->cap = c;
	}
	if (n)
		memcpy(b->p + off, src, n);
	if (off + n > b->len)
		b->len = off + n;
}

static void note(struct obuf *b, const char *name, uint32_t type, const void *desc, size_t dlen)
{
	uint32_t h[3] = { (uint32_t)strlen(name) + 1, (uint32_t)dlen, type };
	size_t off = b->len;
	ob_put(b, off, h, 12);
	ob_put(b, off + 12, name, h[0]);
	off = round_up(off + 12 + h[0], 4);
	ob_put(b, off, desc, dlen);
	size_t end = round_up(off + dlen, 4);
	ob_put(b, end, NULL, 0);
	b->len = end;
}

static void vmcoreinfo_text(const struct testkernel *tk, struct obuf *t)
{
	for (size_t i = 0; i < tk->nvi; i++) {
		char line[512];
		int n = snprintf(line, sizeof(line), "%s=%s\n", tk->vi[i].key, tk->vi[i].val);
		ob_put(t, t->len, line, (size_t)n);
	}
}

static void notes(const struct testkernel *tk, struct obuf *b)
{
	for (int c = 0; c < tk->o.ncpus; c++) {
		/* user_regs_struct: pt_regs order, then fs_base and gs_base */
		const struct arch_regs *r = &tk->regs[c];
		unsigned char desc[PRSTATUS_SIZE] = { 0 };
		memcpy(desc + PRSTATUS_REG_OFF, r->r, (X86_64_GS_BASE + 1) * 8);
		note(b, "CORE", NT_PRSTATUS, desc, sizeof(desc));
	}
	/* QEMU's QEMUCPUState (target/i386/arch_dump.c), version 1 */
	for (int c = 0; tk->o.qemu_notes && c < tk->o.ncpus; c++) {
		const uint64_t *r = tk->regs[c].r;
		const uint64_t gp[] = {
			r[X86_64_AX], r[X86_64_BX], r[X86_64_CX], r[X86_64_DX], r[X86_64_SI],
			r[X86_64_DI], r[X86_64_SP], r[X86_64_BP], r[X86_64_R8], r[X86_64_R9],
			r[X86_64_R10], r[X86_64_R11], r[X86_64_R12], r[X86_64_R13], r[X86_64_R14],
			r[X86_64_R15], r[X86_64_IP], r[X86_64_FLAGS],
		};
		unsigned char st[QEMU_STATE_SIZE] = { 0 };
		uint32_t hdr[2] = { 1, QEMU_STATE_SIZE };
		uint32_t cs = (uint32_t)r[X86_64_CS], ss = (uint32_t)r[X86_64_SS];
		uint64_t cr[5] = { 0x80050033, 0, 0, tk->pgd_pa, 0x3506f0 };	/* CR4 without LA57 */
		memcpy(st, hdr, 8);
		memcpy(st + 8, gp, sizeof(gp));
		memcpy(st + 152 + 0 * 24, &cs, 4);
		memcpy(st + 152 + 5 * 24, &ss, 4);
		memcpy(st + 152 + 3 * 24 + 16, &r[X86_64_FS_BASE], 8);
		memcpy(st + 152 + 4 * 24 + 16, &r[X86_64_GS_BASE], 8);
		memcpy(st + 392, cr, sizeof(cr));
		note(b, "QEMU", 0, st, sizeof(st));
	}
	struct obuf t = { 0 };
	vmcoreinfo_text(tk, &t);
	if (t.len)
		note(b, "VMCOREINFO", 0, t.p, t.len);
	free(t.p);
}

static int write_at(FILE *f, uint64_t off, const void *p, size_t n)
{
	return fseeko(f, (off_t)off, SEEK_SET) == 0 && fwrite(p, 1, n, f) == n ? 0 : -1;
}

/* PT_LOADs: the runs of dumped pages of each chunk. */
static int write_elf(struct testkernel *tk, FILE *f)
{
	struct obuf nb = { 0 };
	Elf64_Phdr *ph = xcalloc(1 + (tk->nexcl + 1) * NCH, sizeof(*ph));
	int nph = 1;

	notes(tk, &nb);
	for (int i = 0; i < NCH; i++) {
		const struct chunk *c = &tk->ch[i];
		for (uint64_t p = 0; c->buf && p < c->len;) {
			if (excluded(tk, (c->pa + p) / PS)) {
				p += PS;
				continue;
			}
			uint64_t e = p;
			while (e < c->len && !excluded(tk, (c->pa + e) / PS))
				e += PS;
			Elf64_Phdr *h = &ph[nph++];
			h->p_type = PT_LOAD;
			h->p_flags = PF_R | PF_W | PF_X;
			h->p_paddr = c->pa + p;
			h->p_vaddr = i == CH_IMAGE ? c->pa + p + START_KERNEL_MAP - (uint64_t)tk->o.phys_base
						   : tk->page_offset + c->pa + p;
			h->p_filesz = h->p_memsz = e - p;
			h->p_align = PS;
			p = e;
		}
	}
	Elf64_Ehdr eh = { 0 };
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_CORE;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;
	eh.e_phoff = sizeof(eh);
	eh.e_ehsize = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = (uint16_t)nph;
	uint64_t noff = sizeof(eh) + (uint64_t)nph * sizeof(Elf64_Phdr);
	ph[0].p_type = PT_NOTE;
	ph[0].p_offset = noff;
	ph[0].p_filesz = nb.len;
	uint64_t data = round_up(noff + nb.len, PS);
	int rc = write_at(f, 0, &eh, sizeof(eh)) | write_at(f, noff, nb.p, nb.len);
	for (int i = 1; i < nph && !rc; i++) {
		ph[i].p_offset = data;
		rc = write_at(f, data, phys_ptr(tk, ph[i].p_paddr, NULL), ph[i].p_filesz);
		data += ph[i].p_filesz;
	}
	if (!rc)
		rc = write_at(f, sizeof(eh), ph, (size_t)nph * sizeof(Elf64_Phdr));
	free(ph);
	free(nb.p);
	return rc;
}

/* makedumpfile's format with every page stored uncompressed. */
static int write_kdump(struct testkernel *tk, FILE *f)
{
	uint64_t max_pfn = 0;
	for (int i = 0; i < NCH; i++)
		if (tk->ch[i].buf && (tk->ch[i].pa + tk->ch[i].len) / PS > max_pfn)
			max_pfn = (tk->ch[i].pa + tk->ch[i].len) / PS;
	uint64_t bm_blocks = round_up(max_pfn, PS * 8) / (PS * 8);	/* per bitmap */
	struct obuf nb = { 0 }, vt = { 0 };
	notes(tk, &nb);
	vmcoreinfo_text(tk, &vt);
	uint64_t sub_bytes = 104 + vt.len + 8 + nb.len;
	uint64_t sub_blocks = round_up(sub_bytes, PS) / PS;
	unsigned char h[464] = { 0 }, s[104] = { 0 };
	int32_t v;
	uint32_t u;
	uint64_t x;

	memcpy(h, "KDUMP   ", 8);
	v = 6; memcpy(h + 8, &v, 4);
	memcpy(h + 12, "Linux", 5);
	memcpy(h + 12 + 65, "testkernel", 10);
	memcpy(h + 12 + 130, tk->release, strlen(tk->release));
	memcpy(h + 12 + 195, "#1", 2);
	memcpy(h + 12 + 260, "x86_64", 6);
	int64_t ts = 1700000000; memcpy(h + 408, &ts, 8);
	u = 0; memcpy(h + 424, &u, 4);				/* status */
	v = (int32_t)PS; memcpy(h + 428, &v, 4);		/* block_size */
	v = (int32_t)sub_blocks; memcpy(h + 432, &v, 4);	/* sub_hdr_size */
	u = (uint32_t)(2 * bm_blocks); memcpy(h + 436, &u, 4);	/* bitmap_blocks */
	u = (uint32_t)max_pfn; memcpy(h + 440, &u, 4);		/* max_mapnr */
	v = tk->o.ncpus; memcpy(h + 460, &v, 4);		/* nr_cpus */

	x = (uint64_t)tk->o.phys_base; memcpy(s, &x, 8);
	v = tk->nexcl ? 31 : 0; memcpy(s + 8, &v, 4);		/* dump_level */
	uint64_t voff = PS + 104, noff = round_up(voff + vt.len, 8);
	memcpy(s + 32, &voff, 8);
	x = vt.len; memcpy(s + 40, &x, 8);
	memcpy(s + 48, &noff, 8);
	x = nb.len; memcpy(s + 56, &x, 8);
	x = max_pfn; memcpy(s + 88, &x, 8);			/* end_pfn_64 */
	memcpy(s + 96, &x, 8);					/* max_mapnr_64 */

	size_t bm_len = (size_t)(bm_blocks * PS);
	unsigned char *bm1 = xcalloc(1, bm_len), *bm2 = xcalloc(1, bm_len);
	uint64_t ndesc = 0;
	for (int i = 0; i < NCH; i++)
		for (uint64_t p = 0; tk->ch[i].buf && p < tk->ch[i].len; p += PS) {
			uint64_t pfn = (tk->ch[i].pa + p) / PS;
			bm1[pfn / 8] |= (unsigned char)(1u << (pfn % 8));
			if (!excluded(tk, pfn)) {
				bm2[pfn / 8] |= (unsigned char)(1u << (pfn % 8));
				ndesc++;
			}
		}
	uint64_t bm_off = (1 + sub_blocks) * PS, desc_off = bm_off + 2 * bm_len;
	uint64_t data = round_up(desc_off + ndesc * 24, PS);
	int rc = write_at(f, 0, h, sizeof(h)) | write_at(f, PS, s, sizeof(s)) |
		 write_at(f, voff, vt.p, vt.len) | write_at(f, noff, nb.p, nb.len) |
		 write_at(f, bm_off, bm1, bm_len) | write_at(f, bm_off + bm_len, bm2, bm_len);
	for (uint64_t pfn = 0; pfn < max_pfn && !rc; pfn++) {
		if (!(bm2[pfn / 8] & (1u << (pfn % 8))))
			continue;
		unsigned char d[24] = { 0 };
		uint32_t size = (uint32_t)PS;
		memcpy(d, &data, 8);
		memcpy(d + 8, &size, 4);
		rc = write_at(f, desc_off, d, sizeof(d)) |
		     write_at(f, data, phys_ptr(tk, pfn * PS, NULL), PS);
		desc_off += 24;
		data += PS;
	}
	free(bm1);
	free(bm2);
	free(nb.p);
	free(vt.p);
	return rc;
}

const char *tk_dump_path(struct testkernel *tk)
{
	char tmp[128];
	if (!tk->dirty)
		return tk->dump;
	/* A new file renamed over the old one: a kernel still open on the
	 * old dump keeps reading the old one. */
	snprintf(tmp, sizeof(tmp), "%s.new", tk->dump);
	FILE *f = fopen(tmp, "wb");
	int rc = f ? (tk->o.format == TK_KDUMP ? write_kdump(tk, f) : write_elf(tk, f)) : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc || rename(tmp, tk->dump) != 0) {
		err_set("%s: cannot write the dump: %s", tmp, strerror(errno));
		unlink(tmp);
		return NULL;
	}
	tk->dirty = false;
	return tk->dump;
}

const char *tk_vmlinux_path(struct testkernel *tk)
{
	return tk->vmlinux;
}

struct kernel *tk_open(struct testkernel *tk)
{
	/* No DWARF index cache in the user's home for throw-away kernels. */
	setenv("CRASH_NO_INDEX_CACHE", "1", 0);
	const char *dump = tk_dump_path(tk);
	if (!dump)
		return NULL;
	struct kernel_open_opts ko = { .vmlinux = tk->vmlinux, .dumps = &dump, .ndumps = 1 };
	return kernel_open(&ko);
}
