/* The test seam at the bottom: a small generated crash dump of a small
 * test "vmlinux", opened with the real kernel_open(), so that unit tests
 * run the real code of every layer (readers, arch/x86_64, kernel-types,
 * the walkers) on kernel memory they wrote themselves.
 *
 * The kernel: tests/unit/kernels/NAME.c, a C file of kernel-like structs
 * and statically initialised globals (see tests/unit/kernels/tk_kernel.h
 * for where objects live: image, __direct, __vmalloc, DEFINE_PER_CPU).
 * The Makefile compiles each kernels/NAME.c with -g and links it at x86_64
 * kernel addresses into build/.../tests/unit/kernels/NAME.elf; its DWARF
 * is what the kernel reader learns the types from.  Put the structs in
 * kernels/NAME.h, so that the test gets their offsetof() from the same
 * declarations (kernels/basic.[ch], kernels/tasks.[ch] are examples).
 *
 * The dump: an ELF core (or kdump-compressed file) written to a temporary
 * directory, with the kernel's sections in physical memory, 4-level page
 * tables under init_top_pgt (1G pages for the direct map, 2M for the
 * image, 4K for vmalloc), one per-cpu area per CPU in the direct map,
 * NT_PRSTATUS notes and VMCOREINFO.  A KASLR offset moves the image and
 * every pointer into it (the ELF keeps its relocations), as the kernel's
 * own relocation does; phys_base and PAGE_OFFSET can be moved too.
 *
 * Addresses: every address tk_* takes or returns is a run-time kernel
 * virtual address, as the dumped kernel (and kernel_symbol()) sees it:
 * image addresses include the KASLR offset.  Per-cpu symbols are offsets
 * (tk_symbol) or a CPU's copy (tk_percpu).
 *
 * Misuse (an unknown symbol, an address outside the test kernel's memory,
 * a CPU the dump does not have) prints a "not ok - tk: ..." line, so the
 * test fails even if it does not check the return value; tk_new() and
 * tk_open() return NULL with err_get() instead.
 *
 *	#include "testkernel.h"
 *	#include "kernels/basic.h"		// the kernel's structs, for offsetof
 *
 *	struct tk_opts o = { .ncpus = 2, .kaslr = 0x2a00000 };
 *	struct testkernel *tk = tk_new("basic", &o);	// kernels/basic.elf
 *	uint64_t item2 = tk_symbol(tk, "item2");	// a __direct object
 *	tk_write_u32(tk, item2 + offsetof(struct tk_item, id), 99);
 *	struct arch_regs r = { .valid = true };		// arch/x86_64/regs.h numbers
 *	r.r[X86_64_IP] = tk_symbol(tk, "start_kernel");
 *	tk_set_regs(tk, 1, &r);
 *	struct kernel *k = tk_open(tk);			// real kernel_open()
 *	CHECK(k, "opened: %s", k ? "" : err_get());
 *	uint64_t head;
 *	kernel_symbol(k, "tk_items", &head);
 *	kwalk_list(k, head, kernel_offsetof(k, "struct tk_item", "list"), false, fn, &ctx);
 *	kernel_close(k);
 *	tk_free(tk);					// removes the temporary files
 *
 * Not supported: 5-level paging, modules, user address spaces (no mm has
 * page tables unless the test builds them), struct pages (no vmemmap),
 * split or flattened dumps, compressed pages. */
#ifndef CRASH_TESTS_TESTKERNEL_H
#define CRASH_TESTS_TESTKERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "arch/x86_64/regs.h"
#include "kernel-types/kernel.h"

struct testkernel;

enum tk_format {
	TK_ELF,		/* ELF core, like /proc/vmcore or makedumpfile -E */
	TK_KDUMP,	/* kdump-compressed (uncompressed pages), like makedumpfile */
};

struct tk_opts {
	int ncpus;		/* 0: 1.  Up to the kernel's NR_CPUS (8 by default) */
	uint64_t kaslr;		/* KASLR offset: a multiple of 2 MiB, below 1008 MiB */
	int64_t phys_base;	/* NUMBER(phys_base): physical address of the image
				 * minus its link-time one (less 0xffffffff80000000);
				 * a multiple of 2 MiB, may be negative */
	uint64_t page_offset;	/* start of the direct map; 0: 0xffff888000000000 */
	uint64_t vmalloc_start;	/* start of vmalloc space; 0: 0xffffc90000000000 */
	enum tk_format format;
	bool qemu_notes;	/* also QEMU CPU-state notes (the registers, CR3 =
				 * init_top_pgt), as QEMU's dump-guest-memory writes */
};

/* Load a test kernel: NAME (kernels/NAME.elf beside the test binary) or a
 * path with a '/'.  Lays out its memory for the options (NULL: defaults);
 * nothing is written until tk_open().  NULL with err_get() set. */
struct testkernel *tk_new(const char *name, const struct tk_opts *opts);
void tk_free(struct testkernel *tk);

/* Run-time address of a symbol of the kernel file (image symbols moved by
 * KASLR; __direct and __vmalloc objects, which the kernel reader has no
 * symbol for, at their place; per-cpu symbols: their offset).  0 when
 * there is none. */
uint64_t tk_symbol(struct testkernel *tk, const char *name);
/* Address of per-cpu symbol name in cpu's area (in the direct map). */
uint64_t tk_percpu(struct testkernel *tk, const char *name, int cpu);

/* Memory of the dump-to-be, at run-time kernel virtual addresses (image,
 * direct map, vmalloc).  Changes after tk_open() reach the next
 * tk_open().  0, or -1. */
int tk_write(struct testkernel *tk, uint64_t addr, const void *buf, size_t len);
int tk_read(struct testkernel *tk, uint64_t addr, void *buf, size_t len);
/* Physical address behind addr, as the page tables map it; 0 if none. */
uint64_t tk_phys(struct testkernel *tk, uint64_t addr);

/* The NT_PRSTATUS registers of a CPU (zero unless set). */
void tk_set_regs(struct testkernel *tk, int cpu, const struct arch_regs *regs);
/* Leave the page holding addr out of the dump: "excluded" in a kdump
 * file (bitmap says RAM, not dumped), absent from an ELF one. */
int tk_exclude_page(struct testkernel *tk, uint64_t addr);
/* Set VMCOREINFO's KEY (e.g. "OSRELEASE", "SYMBOL(init_top_pgt)") to
 * value, or remove it (value NULL); key NULL removes every key, and the
 * dump has no VMCOREINFO (then give it qemu_notes).  Defaults: OSRELEASE,
 * BUILD-ID, PAGESIZE, SYMBOL(init_uts_ns), SYMBOL(_stext),
 * SYMBOL(init_top_pgt), NUMBER(pgtable_l5_enabled), KERNELOFFSET,
 * NUMBER(KERNEL_IMAGE_SIZE), NUMBER(phys_base), CRASHTIME. */
void tk_set_vmcoreinfo(struct testkernel *tk, const char *key, const char *value);

/* Write the dump (again, if anything changed) and kernel_open() it with
 * the test vmlinux.  The caller kernel_close()s it (which frees what the
 * walkers learnt of it); tk_open() may be called again after more
 * changes.  NULL with err_get() when kernel_open() refuses. */
struct kernel *tk_open(struct testkernel *tk);
/* The files tk_open() uses, for tests of lower layers (dump_open(),
 * arch_vm_open()) or of the crash binary.  tk_dump_path() writes the dump
 * when needed. */
const char *tk_vmlinux_path(struct testkernel *tk);
const char *tk_dump_path(struct testkernel *tk);

static inline int tk_write_u64(struct testkernel *tk, uint64_t addr, uint64_t v)
{
	return tk_write(tk, addr, &v, 8);
}

static inline int tk_write_u32(struct testkernel *tk, uint64_t addr, uint32_t v)
{
	return tk_write(tk, addr, &v, 4);
}

static inline uint64_t tk_read_u64(struct testkernel *tk, uint64_t addr)
{
	uint64_t v = 0;
	tk_read(tk, addr, &v, 8);
	return v;
}

#endif
