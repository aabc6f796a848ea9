/* The "bpf" test kernel, for tests/unit/test_bpf.c: two programs and two
 * maps in prog_idr and map_idr as 6.1 keeps them (ids from 1, under an
 * xa_node), objects in the direct map as slab objects are.
 *
 *   prog 1: SOCKET_FILTER "filt", uses map 2, GPL, 2 instructions, uid 1000
 *   prog 3: KPROBE "kp", uses maps 1 and 2, not GPL, not jited, no user
 *   map 1: HASH "h" 4/8 bytes, 100 entries, flags 1
 *   map 2: ARRAY "arr" 4/16 bytes, 4 entries
 */
#include "bpf.h"

extern struct bpf_prog prog_1, prog_3;
extern struct bpf_map map_1, map_2;
extern struct xa_node prog_idr_node, map_idr_node;

struct idr prog_idr = { .idr_rt = { .xa_head = XA_NODE(&prog_idr_node) }, .idr_next = 4 };
struct idr map_idr = { .idr_rt = { .xa_head = XA_NODE(&map_idr_node) }, .idr_next = 3 };

__direct struct xa_node prog_idr_node = {
	.count = 2, .array = &prog_idr.idr_rt, .slots = { [1] = &prog_1, [3] = &prog_3 },
};
__direct struct xa_node map_idr_node = {
	.count = 2, .array = &map_idr.idr_rt, .slots = { [1] = &map_1, [2] = &map_2 },
};

__direct struct bpf_map map_1 = {
	.map_type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 8, .max_entries = 100,
	.map_flags = 1, .id = 1, .name = "h",
};
__direct struct bpf_map map_2 = {
	.map_type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 16, .max_entries = 4,
	.id = 2, .name = "arr",
};

__direct struct user_struct user_1000 = { .uid = { 1000 } };

__direct struct bpf_map *prog_1_maps[] = { &map_2 };
__direct struct bpf_map *prog_3_maps[] = { &map_1, &map_2 };

unsigned int jited_1(const void *ctx, const struct bpf_insn *insn)
{
	(void)ctx;
	(void)insn;
	return 0;
}

__direct struct bpf_prog_aux aux_1 = {
	.used_map_cnt = 1, .id = 1, .used_maps = prog_1_maps, .prog = &prog_1, .user = &user_1000,
	.load_time = 20000000000ull, .name = "filt",
};
__direct struct bpf_prog_aux aux_3 = {
	.used_map_cnt = 2, .id = 3, .used_maps = prog_3_maps, .prog = &prog_3, .name = "kp",
};

__direct struct bpf_prog prog_1 = {
	.pages = 1, .jited = 1, .gpl_compatible = 1, .type = BPF_PROG_TYPE_SOCKET_FILTER, .len = 2,
	.jited_len = 16, .tag = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0 },
	.bpf_func = jited_1, .aux = &aux_1,
	.insnsi = { { .code = 0xb7, .dst_reg = 0, .imm = 7 }, { .code = 0x95 } },
};
__direct struct bpf_prog prog_3 = {
	.pages = 2, .type = BPF_PROG_TYPE_KPROBE, .len = 1, .aux = &aux_3,
	.tag = { 1, 2, 3, 4, 5, 6, 7, 8 }, .insnsi = { { .code = 0x95 } },
};
