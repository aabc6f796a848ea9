/* Loaded eBPF programs and maps, from the kernel's prog_idr and map_idr
 * (ids to struct bpf_prog / struct bpf_map), for `bpf`.  Members are
 * probed by name: what a kernel lacks (bpf_map.pages, ...->user) is
 * reported as unknown, never guessed.
 *
 * Part of the public API through kernel-types/linux/linux.h. */
#ifndef CRASH_KERNEL_TYPES_LINUX_BPF_H
#define CRASH_KERNEL_TYPES_LINUX_BPF_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel-types/kernel.h"

#define KBPF_MAX_USED_MAPS 64	/* used map ids kept per program */
#define KBPF_MAX_OBJECTS 65536	/* programs or maps read at most */

struct kbpf_prog {
	uint32_t id;
	uint64_t prog, aux;	/* struct bpf_prog, struct bpf_prog_aux */
	char type[48];		/* enum bpf_prog_type less "BPF_PROG_TYPE_": "KPROBE" */
	uint8_t tag[8];
	int nused;		/* used maps: how many the program has ... */
	uint32_t used[KBPF_MAX_USED_MAPS]; /* ... and the ids of the first ones */
	uint32_t len;		/* instructions of the translated program */
	uint64_t xlated;	/* its size in bytes */
	uint32_t jited_len;	/* bytes of jited code at bpf_func (0: not jited) */
	uint64_t bpf_func, insns; /* jited code; the translated instructions */
	int64_t memlock;	/* pages * page size; -1 unknown */
	uint64_t load_time;	/* ns since boot (aux->load_time) */
	int gpl;		/* gpl_compatible; -1 unknown */
	char name[17];
	int64_t uid;		/* aux->user->uid; -1 unknown */
	char bad[160];		/* "": read; else why it could not be (the rest is 0) */
};

struct kbpf_map {
	uint32_t id;
	uint64_t map;		/* struct bpf_map */
	char type[48];		/* enum bpf_map_type less "BPF_MAP_TYPE_": "HASH" */
	uint32_t flags, key_size, value_size, max_entries;
	int64_t memlock;	/* -1 unknown (6.1 charges maps to memcg) */
	char name[17];
	int64_t uid;		/* -1 unknown */
	char bad[160];		/* "": read; else why it could not be */
};

/* Every loaded program, in id order: their number and *out (free()), or
 * a negative value with err_get() (no prog_idr: a kernel without BPF
 * syscall support; a damaged idr).  The walk is bounded.  A program that
 * cannot be read is kept with its id, address and `bad` saying why. */
int kbpf_progs(struct kernel *k, struct kbpf_prog **out);
/* The same for maps (map_idr). */
int kbpf_maps(struct kernel *k, struct kbpf_map **out);

/* One translated instruction as the kernel's BPF disassembler (and so
 * bpftool and crash) writes it: "(b7) r0 = 7", "(85) call
 * bpf_map_lookup_elem#128432", "(15) if r1 == 0x0 goto pc+3".  insn holds
 * the instruction and the one after it (a 64-bit load takes both; pass
 * nslots 1 when there is none).  How many instructions it took (1 or 2).
 * A helper's name comes from __bpf_call_base + imm. */
int kbpf_insn_text(struct kernel *k, const uint8_t *insn, int nslots, char *buf, size_t len);

#endif
