/* eBPF programs and maps from prog_idr and map_idr (bpf.h). */
#include "kernel-types/linux/bpf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/types.h"
#include "kernel-types/walk.h"

/* The enumerator of `value` in enum `type` without its prefix; the number
 * when the enum does not have it (a type newer than the kernel's DWARF). */
static void enum_name(struct kernel *k, const char *type, const char *prefix, int64_t value,
		      char *buf, size_t len)
{
	struct kqtype t;
	snprintf(buf, len, "%lld", (long long)value);
	if (ktype_lookup(k, type, &t) != 0)
		return;
	const struct ktype *e = ktype_strip(t.type);
	size_t pl = strlen(prefix);
	for (size_t i = 0; e && i < ktype_nenumerators(e); i++) {
		const struct kenumerator *en = ktype_enumerator_at(e, i);
		if (en->value == value) {
			snprintf(buf, len, "%s", strncmp(en->name, prefix, pl) ? en->name : en->name + pl);
			return;
		}
	}
}

/* An idr's entries, collected in id order. */
struct ids {
	uint64_t *id, *ptr;
	int n;
};

static int collect(void *arg, uint64_t index, uint64_t entry)
{
	struct ids *c = arg;
	if (c->n >= KBPF_MAX_OBJECTS) {
		err_set("more than %d objects in the idr: stopped there", KBPF_MAX_OBJECTS);
		return -1;
	}
	if (!entry)
		return 0;
	c->id = xrealloc(c->id, (size_t)(c->n + 1) * sizeof(*c->id));
	c->ptr = xrealloc(c->ptr, (size_t)(c->n + 1) * sizeof(*c->ptr));
	c->id[c->n] = index;
	c->ptr[c->n] = entry;
	c->n++;
	return 0;
}

static int walk(struct kernel *k, const char *sym, struct ids *c)
{
	uint64_t idr;
	memset(c, 0, sizeof(*c));
	if (kernel_symbol(k, sym, &idr) != 0) {
		err_set("the kernel has no %s: no BPF syscall support", sym);
		return -1;
	}
	int rc = kwalk_idr(k, idr, collect, c);
	if (rc < 0) {
		free(c->id);
		free(c->ptr);
		return rc;
	}
	return 0;
}

static uint64_t member(struct kernel *k, uint64_t addr, const char *type, const char *m, bool *ok)
{
	uint64_t v = 0;
	if (kernel_read_member(k, addr, type, m, &v) != 0)
		*ok = false;
	return v;
}

/* The uid of a struct user_struct pointer; -1 when unknown. */
static int64_t user_uid(struct kernel *k, uint64_t addr, const char *type, const char *m)
{
	uint64_t user, uid;
	if (kernel_offsetof(k, type, m) < 0 || kernel_read_member(k, addr, type, m, &user) || !user ||
	    kernel_read_member(k, user, "struct user_struct", "uid.val", &uid))
		return -1;
	return (int64_t)(uint32_t)uid;
}

static long page_size(struct kernel *k)
{
	return arch_get_info(kernel_arch(k))->page_size;
}

static int read_prog(struct kernel *k, uint64_t id, uint64_t prog, struct kbpf_prog *p)
{
	const char *P = "struct bpf_prog", *A = "struct bpf_prog_aux";
	bool ok = true;
	memset(p, 0, sizeof(*p));
	p->id = (uint32_t)id;
	p->prog = prog;
	p->aux = member(k, prog, P, "aux", &ok);
	if (!ok)
		return -1;
	enum_name(k, "enum bpf_prog_type", "BPF_PROG_TYPE_", (int64_t)member(k, prog, P, "type", &ok),
		  p->type, sizeof(p->type));
	long o_tag = kernel_offsetof(k, P, "tag");
	if (o_tag >= 0 && kernel_read(k, prog + (uint64_t)o_tag, p->tag, 8))
		ok = false;
	p->len = (uint32_t)member(k, prog, P, "len", &ok);
	long isz = kernel_sizeof(k, "struct bpf_insn");
	p->xlated = (uint64_t)p->len * (uint64_t)(isz > 0 ? isz : 8);
	p->jited_len = (uint32_t)member(k, prog, P, "jited_len", &ok);
	p->bpf_func = member(k, prog, P, "bpf_func", &ok);
	long o_insn = kernel_offsetof(k, P, "insnsi");
	p->insns = o_insn >= 0 ? prog + (uint64_t)o_insn : 0;
	p->memlock = kernel_offsetof(k, P, "pages") >= 0
			     ? (int64_t)member(k, prog, P, "pages", &ok) * page_size(k) : -1;
	uint64_t g;
	p->gpl = kernel_read_member(k, prog, P, "gpl_compatible", &g) == 0 ? (int)g : -1;
	if (!ok)
		return -1;
	/* the aux: used maps, load time, name, owner */
	uint64_t cnt = member(k, p->aux, A, "used_map_cnt", &ok);
	uint64_t maps = member(k, p->aux, A, "used_maps", &ok);
	p->load_time = member(k, p->aux, A, "load_time", &ok);
	long o_name = kernel_offsetof(k, A, "name");
	if (o_name >= 0 && kernel_read(k, p->aux + (uint64_t)o_name, p->name, 16))
		ok = false;
	p->name[16] = 0;
	p->uid = user_uid(k, p->aux, A, "user");
	if (!ok)
		return -1;
	if (cnt > 4096) {
		err_set("bpf_prog %llx: %llu used maps: damaged", (unsigned long long)prog,
			(unsigned long long)cnt);
		return -1;
	}
	p->nused = (int)cnt;
	for (int i = 0; i < p->nused && i < KBPF_MAX_USED_MAPS; i++) {
		uint64_t m, mid;
		if (kernel_read_u64(k, maps + 8 * (uint64_t)i, &m) ||
		    kernel_read_member(k, m, "struct bpf_map", "id", &mid))
			return -1;
		p->used[i] = (uint32_t)mid;
	}
	return 0;
}

int kbpf_progs(struct kernel *k, struct kbpf_prog **out)
{
	struct ids c;
	*out = NULL;
	if (walk(k, "prog_idr", &c) < 0)
		return -1;
	struct kbpf_prog *p = xcalloc((size_t)c.n + 1, sizeof(*p));
	int n = 0;
	for (int i = 0; i < c.n; i++) {
		if (read_prog(k, c.id[i], c.ptr[i], &p[n]) != 0) {
			char why[sizeof(p[n].bad)];
			snprintf(why, sizeof(why), "%s", err_get());
			memset(&p[n], 0, sizeof(p[n]));
			p[n].id = (uint32_t)c.id[i];
			p[n].prog = c.ptr[i];
			snprintf(p[n].bad, sizeof(p[n].bad), "%s", why[0] ? why : "unreadable");
		}
		n++;
	}
	free(c.id), free(c.ptr);
	*out = p;
	return n;
}

static int read_map(struct kernel *k, uint64_t id, uint64_t map, struct kbpf_map *m)
{
	const char *M = "struct bpf_map";
	bool ok = true;
	memset(m, 0, sizeof(*m));
	m->id = (uint32_t)id;
	m->map = map;
	enum_name(k, "enum bpf_map_type", "BPF_MAP_TYPE_", (int64_t)member(k, map, M, "map_type", &ok),
		  m->type, sizeof(m->type));
	m->flags = (uint32_t)member(k, map, M, "map_flags", &ok);
	m->key_size = (uint32_t)member(k, map, M, "key_size", &ok);
	m->value_size = (uint32_t)member(k, map, M, "value_size", &ok);
	m->max_entries = (uint32_t)member(k, map, M, "max_entries", &ok);
	/* pages (before 5.3), memory.pages (5.3 - 5.10), none since (memcg) */
	const char *pages = kernel_offsetof(k, M, "pages") >= 0		? "pages"
			    : kernel_offsetof(k, M, "memory.pages") >= 0 ? "memory.pages"
									: NULL;
	m->memlock = pages ? (int64_t)member(k, map, M, pages, &ok) * page_size(k) : -1;
	long o_name = kernel_offsetof(k, M, "name");
	if (o_name >= 0 && kernel_read(k, map + (uint64_t)o_name, m->name, 16))
		ok = false;
	m->name[16] = 0;
	m->uid = user_uid(k, map, M, kernel_offsetof(k, M, "user") >= 0 ? "user" : "memory.user");
	return ok ? 0 : -1;
}

int kbpf_maps(struct kernel *k, struct kbpf_map **out)
{
	struct ids c;
	*out = NULL;
	if (walk(k, "map_idr", &c) < 0)
		return -1;
	struct kbpf_map *m = xcalloc((size_t)c.n + 1, sizeof(*m));
	int n = 0;
	for (int i = 0; i < c.n; i++) {
		if (read_map(k, c.id[i], c.ptr[i], &m[n]) != 0) {
			char why[sizeof(m[n].bad)];
			snprintf(why, sizeof(why), "%s", err_get());
			memset(&m[n], 0, sizeof(m[n]));
			m[n].id = (uint32_t)c.id[i];
			m[n].map = c.ptr[i];
			snprintf(m[n].bad, sizeof(m[n].bad), "%s", why[0] ? why : "unreadable");
		}
		n++;
	}
	free(c.id), free(c.ptr);
	*out = m;
	return n;
}

/* --- the instructions (include/uapi/linux/bpf.h, kernel/bpf/disasm.c) --- */

static const char *const alu_op[16] = {
	"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian",
	"?=", "?=",
};
static const char *const jmp_op[16] = {
	"goto", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=",
	"?", "?",
};
static const char *const size_name[4] = { "u32", "u16", "u8", "u64" };

int kbpf_insn_text(struct kernel *k, const uint8_t *insn, int nslots, char *buf, size_t len)
{
	uint8_t code = insn[0], cls = code & 7, dst = insn[1] & 15, src = insn[1] >> 4;
	int16_t off = (int16_t)(insn[2] | insn[3] << 8);
	int32_t imm = (int32_t)((uint32_t)insn[4] | (uint32_t)insn[5] << 8 |
				(uint32_t)insn[6] << 16 | (uint32_t)insn[7] << 24);
	bool x = code & 0x08;	/* BPF_X: the source is a register */
	const char *sz = size_name[(code >> 3) & 3];
	switch (cls) {
	case 0x04: /* BPF_ALU */
	case 0x07: { /* BPF_ALU64 */
		char r = cls == 0x07 ? 'r' : 'w';
		unsigned op = code >> 4;
		if (op == 0xd) /* BPF_END */
			snprintf(buf, len, "(%02x) r%u = %s%d r%u", code, dst, x ? "be" : "le", imm, dst);
		else if (op == 0x8) /* BPF_NEG */
			snprintf(buf, len, "(%02x) %c%u = -%c%u", code, r, dst, r, dst);
		else if (x)
			snprintf(buf, len, "(%02x) %c%u %s %c%u", code, r, dst, alu_op[op], r, src);
		else
			snprintf(buf, len, "(%02x) %c%u %s %d", code, r, dst, alu_op[op], imm);
		return 1;
	}
	case 0x03: /* BPF_STX */
		if ((code & 0xe0) == 0xc0) /* BPF_ATOMIC */
			snprintf(buf, len, "(%02x) lock *(%s *)(r%u %+d) atomic(0x%x) r%u", code, sz, dst,
				 off, (unsigned)imm, src);
		else
			snprintf(buf, len, "(%02x) *(%s *)(r%u %+d) = r%u", code, sz, dst, off, src);
		return 1;
	case 0x02: /* BPF_ST */
		snprintf(buf, len, "(%02x) *(%s *)(r%u %+d) = %d", code, sz, dst, off, imm);
		return 1;
	case 0x01: /* BPF_LDX */
		snprintf(buf, len, "(%02x) r%u = *(%s *)(r%u %+d)", code, dst, sz, src, off);
		return 1;
	case 0x00: /* BPF_LD */
		if (code == 0x18 && nslots >= 2) { /* BPF_LD | BPF_IMM | BPF_DW */
			uint64_t hi = (uint64_t)insn[12] | (uint64_t)insn[13] << 8 |
				      (uint64_t)insn[14] << 16 | (uint64_t)insn[15] << 24;
			uint64_t v = (uint64_t)(uint32_t)imm | hi << 32;
			snprintf(buf, len, "(%02x) r%u = 0x%llx", code, dst, (unsigned long long)v);
			return 2;
		}
		if ((code & 0xe0) == 0x20) /* BPF_ABS */
			snprintf(buf, len, "(%02x) r0 = *(%s *)skb[%d]", code, sz, imm);
		else if ((code & 0xe0) == 0x40) /* BPF_IND */
			snprintf(buf, len, "(%02x) r0 = *(%s *)skb[r%u + %d]", code, sz, src, imm);
		else
			snprintf(buf, len, "(%02x) BUG_ld_%02x", code, code);
		return 1;
	case 0x05: /* BPF_JMP */
	case 0x06: { /* BPF_JMP32 */
		char r = cls == 0x05 ? 'r' : 'w';
		unsigned op = code >> 4;
		if (op == 0x9) {
			snprintf(buf, len, "(%02x) exit", code);
		} else if (op == 0x8) {
			uint64_t base;
			const char *name = NULL;
			char sym[128];
			if (src == 0 && kernel_symbol(k, "__bpf_call_base", &base) == 0) {
				uint64_t o;
				name = kernel_symbol_at(k, base + (uint64_t)(int64_t)imm, &o);
				if (name && o) {
					snprintf(sym, sizeof(sym), "%s+%llu", name, (unsigned long long)o);
					name = sym;
				}
			}
			if (src == 1) /* BPF_PSEUDO_CALL: a bpf-to-bpf call */
				snprintf(buf, len, "(%02x) call pc%+d", code, imm);
			else
				snprintf(buf, len, "(%02x) call %s#%d", code, name ? name : "unknown", imm);
		} else if (op == 0x0) {
			snprintf(buf, len, "(%02x) goto pc%+d", code, cls == 0x06 ? imm : off);
		} else if (x) {
			snprintf(buf, len, "(%02x) if %c%u %s %c%u goto pc%+d", code, r, dst, jmp_op[op], r,
				 src, off);
		} else {
			snprintf(buf, len, "(%02x) if %c%u %s 0x%x goto pc%+d", code, r, dst, jmp_op[op],
				 (unsigned)imm, off);
		}
		return 1;
	}
	}
	snprintf(buf, len, "(%02x) unknown", code);
	return 1;
}
