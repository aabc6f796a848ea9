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
			char why[256];
			snprintf(why, sizeof(why), "%s", err_get());
			err_set("bpf program %llu at %llx: %s", (unsigned long long)c.id[i],
				(unsigned long long)c.ptr[i], why);
			free(p), free(c.id), free(c.ptr);
			return -1;
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
			char why[256];
			snprintf(why, sizeof(why), "%s", err_get());
			err_set("bpf map %llu at %llx: %s", (unsigned long long)c.id[i],
				(unsigned long long)c.ptr[i], why);
			free(m), free(c.id), free(c.ptr);
			return -1;
		}
		n++;
	}
	free(c.id), free(c.ptr);
	*out = m;
	return n;
}
