/* Types of the "bpf" test kernel (bpf.c): the members of 6.1's struct
 * bpf_prog, bpf_prog_aux and bpf_map (include/linux/bpf.h, filter.h) that
 * kernel-types/linux/bpf.c reads.  Shared with tests/unit/test_bpf.c. */
#ifndef CRASH_TESTS_KERNELS_BPF_H
#define CRASH_TESTS_KERNELS_BPF_H

#include "tk_kernel.h"

typedef struct { unsigned int val; } kuid_t;

enum bpf_prog_type {
	BPF_PROG_TYPE_UNSPEC,
	BPF_PROG_TYPE_SOCKET_FILTER,
	BPF_PROG_TYPE_KPROBE,
	BPF_PROG_TYPE_SCHED_CLS,
};

enum bpf_map_type {
	BPF_MAP_TYPE_UNSPEC,
	BPF_MAP_TYPE_HASH,
	BPF_MAP_TYPE_ARRAY,
};

struct bpf_insn {
	u8 code;
	u8 dst_reg : 4;
	u8 src_reg : 4;
	s16 off;
	s32 imm;
};

struct user_struct {
	refcount_t __count;
	kuid_t uid;
};

struct bpf_map {
	const void *ops;
	enum bpf_map_type map_type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u64 map_extra;
	u32 map_flags;
	u32 id;
	char name[16];
};

struct bpf_prog;
struct bpf_prog_aux {
	atomic64_t refcnt;
	u32 used_map_cnt;
	u32 id;
	struct bpf_map **used_maps;
	struct bpf_prog *prog;
	struct user_struct *user;
	u64 load_time;
	char name[16];
};

struct bpf_prog {
	u16 pages;
	u16 jited : 1, jit_requested : 1, gpl_compatible : 1;
	enum bpf_prog_type type;
	u32 len;
	u32 jited_len;
	u8 tag[8];
	unsigned int (*bpf_func)(const void *ctx, const struct bpf_insn *insn);
	struct bpf_prog_aux *aux;
	struct bpf_insn insnsi[2];	/* a flexible array in the kernel */
};

#endif
