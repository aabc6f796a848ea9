/* What every test kernel (tests/unit/kernels/NAME.c) includes: where an
 * object lives, the kernel's generic types with their 6.1 layouts and
 * member names, and static initialisers for linking objects together.
 * See tests/unit/testkernel.h for how a test uses such a kernel.
 *
 * A test kernel is a C file of kernel-like structs (the members a walker
 * probes, named as the kernel names them) and statically initialised
 * globals that point at each other.  The Makefile compiles it with -g,
 * together with tk_base.c (linux_banner, init_top_pgt, __per_cpu_offset,
 * nr_cpu_ids, the cpumasks), and links it with tk.ld at x86_64 kernel
 * addresses into build/.../tests/unit/kernels/NAME.elf.
 *
 * Where a global lives:
 *   (no attribute)   the kernel image (.data, .rodata, .bss), at
 *                    0xffffffff81000000 + ..., moved by the KASLR offset
 *   __direct         the direct map (PAGE_OFFSET + 1 MiB + ...), like
 *                    memory from kmalloc or the page allocator
 *   __vmalloc        vmalloc space (0xffffc90000000000 + ...), mapped page
 *                    by page through 4K page tables
 *   DEFINE_PER_CPU   .data..percpu, linked at 0: the symbol's value is its
 *                    offset in every CPU's area; the test dump holds one
 *                    copy of the section per CPU, in the direct map, with
 *                    the values of PER_CPU_INIT(cpu, name) where given
 * __direct and __vmalloc objects have no symbol in the vmlinux the kernel
 * reader sees (as kmalloc'ed memory has none): walkers reach them through
 * pointers, and tests name them with tk_symbol().  Code cannot refer to
 * them (-mcmodel=kernel), only initialisers of data can.
 *
 * A test may include this header too (through its kernel's own header)
 * to get offsetof() and sizeof() of the same structs: TK_KERNEL is
 * defined only when a test kernel is compiled. */
#ifndef CRASH_TESTS_TK_KERNEL_H
#define CRASH_TESTS_TK_KERNEL_H

#ifndef NR_CPUS
#define NR_CPUS 8
#endif

#define TK_PAGE_OFFSET 0xffff888000000000UL
#define TK_VMALLOC_START 0xffffc90000000000UL
#define TK_VMEMMAP_START 0xffffea0000000000UL

#define __direct __attribute__((section(".tk_direct")))
#define __vmalloc __attribute__((section(".tk_vmalloc")))
#define __page_aligned __attribute__((aligned(4096)))
#define DEFINE_PER_CPU(type, name) __attribute__((section(".data..percpu"))) __typeof__(type) name
#define DECLARE_PER_CPU(type, name) extern __attribute__((section(".data..percpu"))) __typeof__(type) name
/* One CPU's copy of a per-cpu variable, where it differs from the
 * DEFINE_PER_CPU initialiser that the other CPUs' copies have (ignored
 * when the dump has fewer CPUs):
 *	PER_CPU_INIT(1, runqueues) = { .curr = &t4, .idle = &idle1 }; */
#define PER_CPU_INIT(cpu, name)                                                        \
	__attribute__((section(".tk_percpu_init"), used)) __typeof__(name) __tk_percpu_##cpu##_##name

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
typedef unsigned int gfp_t;

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic64_t;
typedef atomic64_t atomic_long_t;
typedef struct { atomic_t refs; } refcount_t;
typedef struct raw_spinlock { unsigned int raw_lock; } raw_spinlock_t;
typedef struct spinlock { union { struct raw_spinlock rlock; }; } spinlock_t;

struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

/* include/linux/xarray.h; the radix tree is an xarray since 4.20 */
#define XA_CHUNK_SHIFT 6
#define XA_CHUNK_SIZE (1UL << XA_CHUNK_SHIFT)
#define XA_MAX_MARKS 3
#define XA_MARK_LONGS 1

struct xarray {
	spinlock_t xa_lock;
	gfp_t xa_flags;
	void *xa_head;
};

struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};

struct xa_node {
	unsigned char shift;
	unsigned char offset;
	unsigned char count;
	unsigned char nr_values;
	struct xa_node *parent;
	struct xarray *array;
	union {
		struct list_head private_list;
		struct rcu_head rcu_head;
	};
	void *slots[XA_CHUNK_SIZE];
	union {
		unsigned long tags[XA_MAX_MARKS][XA_MARK_LONGS];
		unsigned long marks[XA_MAX_MARKS][XA_MARK_LONGS];
	};
};

#define radix_tree_root xarray
#define radix_tree_node xa_node

struct idr {
	struct radix_tree_root idr_rt;
	unsigned int idr_base;
	unsigned int idr_next;
};

struct cpumask {
	unsigned long bits[(NR_CPUS + 63) / 64];
};
typedef struct cpumask cpumask_t;

/* ---- static initialisers ---- */

/* A list_head whose next and prev are the list_heads at these addresses
 * (&obj.member): LIST_NODE(&b.tasks, &head) */
#define LIST_NODE(next_, prev_) { .next = (next_), .prev = (prev_) }
/* An empty list: LIST_HEAD_INIT(name) where name is the list_head itself. */
#define LIST_HEAD_INIT(name) { &(name), &(name) }
/* xa_mk_node(): a slot that points at an xa_node. */
#define XA_NODE(node) ((void *)((char *)(node) + 2))
/* __rb_parent_color of a node: its parent's rb_node (or 0 at the root)
 * and RB_RED (0) or RB_BLACK (1). */
#define RB_RED 0
#define RB_BLACK 1
#define RB_PARENT(parent, color) ((unsigned long)(parent) + (color))

/* ---- tk_base.c: what kernel_open() and arch/x86_64 need ---- */
#ifdef TK_KERNEL
extern const char linux_banner[];
extern unsigned long init_top_pgt[512];
extern unsigned long __per_cpu_offset[NR_CPUS];
extern unsigned int nr_cpu_ids;
extern struct cpumask __cpu_possible_mask, __cpu_online_mask, __cpu_present_mask,
	__cpu_active_mask;
extern unsigned long phys_base, page_offset_base, vmalloc_base, vmemmap_base;
DECLARE_PER_CPU(int, cpu_number);
DECLARE_PER_CPU(unsigned long, this_cpu_off);
#endif

#endif
