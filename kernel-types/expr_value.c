/* Values of the expression evaluator: making and reading them, the
 * builtin types of the language, and what is kept with the kernel
 * between evaluations (the value history, convenience variables, the
 * current context). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/kernel_impl.h"

/* ---- arenas ---- */

struct xarena_block {
	struct xarena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

void *xa_alloc(struct xarena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct xarena_block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > 16384 ? n : 16384;
		b = xmalloc(sizeof(*b) + size);
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *xa_strndup(struct xarena *a, const char *s, size_t n)
{
	char *p = xa_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void xa_free(struct xarena *a)
{
	while (a->head) {
		struct xarena_block *b = a->head;
		a->head = b->next;
		free(b);
	}
}

/* ---- state ---- */

static char state_key;

static void state_free(void *p)
{
	struct kx_state *st = p;
	for (size_t i = 0; i < st->nvars; i++) {
		free(st->vars[i].name);
		free((void *)st->vars[i].v.data);
	}
	free(st->vars);
	free(st->history);
	xa_free(&st->keep);
	xa_free(&st->recent);
	free(st);
}

static void make_builtins(struct kx_state *st)
{
	struct type_cache *tc = st->tc;
	struct kx_builtins *b = &st->bt;
	b->char_ = tc_base(tc, KT_INT, "char", 1, KTF_SIGNED | KTF_CHAR);
	b->schar = tc_base(tc, KT_INT, "signed char", 1, KTF_SIGNED | KTF_CHAR);
	b->uchar = tc_base(tc, KT_INT, "unsigned char", 1, KTF_CHAR);
	b->short_ = tc_base(tc, KT_INT, "short", 2, KTF_SIGNED);
	b->ushort = tc_base(tc, KT_INT, "unsigned short", 2, 0);
	b->int_ = tc_base(tc, KT_INT, "int", 4, KTF_SIGNED);
	b->uint = tc_base(tc, KT_INT, "unsigned int", 4, 0);
	b->long_ = tc_base(tc, KT_INT, "long", 8, KTF_SIGNED);
	b->ulong = tc_base(tc, KT_INT, "unsigned long", 8, 0);
	b->llong = tc_base(tc, KT_INT, "long long", 8, KTF_SIGNED);
	b->ullong = tc_base(tc, KT_INT, "unsigned long long", 8, 0);
	b->bool_ = tc_base(tc, KT_BOOL, "_Bool", 1, 0);
	b->float_ = tc_base(tc, KT_FLOAT, "float", 4, KTF_SIGNED);
	b->double_ = tc_base(tc, KT_FLOAT, "double", 8, KTF_SIGNED);
	b->ldouble = tc_base(tc, KT_FLOAT, "long double", 16, KTF_SIGNED);
	b->int8 = tc_typedef(tc, "int8_t", (struct kqtype){ tc_base(tc, KT_INT, "signed char", 1, KTF_SIGNED), 0 });
	b->int16 = tc_typedef(tc, "int16_t", (struct kqtype){ b->short_, 0 });
	b->int32 = tc_typedef(tc, "int32_t", (struct kqtype){ b->int_, 0 });
	b->int64 = tc_typedef(tc, "int64_t", (struct kqtype){ b->long_, 0 });
	b->uint32 = tc_typedef(tc, "uint32_t", (struct kqtype){ b->uint, 0 });
	b->data_ptr = tc_pointer(tc, (struct kqtype){ NULL, 0 });
	b->code_ptr = tc_pointer(tc, (struct kqtype){ tc_function(tc, (struct kqtype){ NULL, 0 }, NULL, 0, false, true), 0 });
	/* gdb's types of symbols that have no debug information: printed by
	 * their names (typeprint knows a name in <...>) */
	b->nodebug_text = tc_base(tc, KT_FUNCTION, "<text variable, no debug info>", -1, 0);
	b->nodebug_data = tc_base(tc, KT_INT, "<data variable, no debug info>", 4, KTF_SIGNED);
}

struct kx_state *kx_state(struct kernel *k)
{
	static struct kx_state *none;
	struct kx_state *st = k ? kernel_state(k, &state_key) : none;
	if (st)
		return st;
	st = xcalloc(1, sizeof(*st));
	st->tc = k ? kernel_type_cache(k) : NULL;
	if (!st->tc) {
		st->tc = type_cache_builtin();
		err_clear();
	}
	make_builtins(st);
	if (k)
		kernel_set_state(k, &state_key, st, state_free);
	else
		none = st;
	return st;
}

int kx_ctx_init(struct kx_ctx *c, struct kernel *k, const char *text, unsigned flags)
{
	memset(c, 0, sizeof(*c));
	c->k = k;
	c->st = kx_state(k);
	c->tc = c->st->tc;
	c->bt = &c->st->bt;
	c->flags = flags;
	c->text = text;
	return 0;
}

void kx_ctx_done(struct kx_ctx *c)
{
	xa_free(&c->scratch);
}

bool kx_noside(const struct kx_ctx *c)
{
	return c->flags & KX_NO_SIDE_EFFECTS;
}

/* ---- values ---- */

const unsigned char *kx_data(const struct kx_value *v)
{
	return v->data ? v->data : v->bytes;
}

long kx_size(const struct kx_value *v)
{
	return ktype_size(v->type.type);
}

void kx_make(struct kx_ctx *c, struct kx_value *v, struct kqtype t, const void *bytes, size_t len)
{
	memset(v, 0, sizeof(*v));
	v->type = t;
	v->where = KX_COMPUTED;
	if (len <= sizeof(v->bytes)) {
		if (len)
			memcpy(v->bytes, bytes, len);
	} else {
		unsigned char *d = xa_alloc(&c->scratch, len);
		memcpy(d, bytes, len);
		v->data = d;
	}
}

void kx_make_int(struct kx_ctx *c, struct kx_value *v, const struct ktype *t, uint64_t x)
{
	long size = ktype_size(t);
	kx_make(c, v, (struct kqtype){ t, 0 }, &x, size > 0 && size <= 8 ? (size_t)size : 8);
}

void kx_make_double(struct kx_ctx *c, struct kx_value *v, const struct ktype *t, double x)
{
	long size = ktype_size(t);
	if (size == 4) {
		float f = (float)x;
		kx_make(c, v, (struct kqtype){ t, 0 }, &f, 4);
	} else if (size == 8) {
		kx_make(c, v, (struct kqtype){ t, 0 }, &x, 8);
	} else {
		long double l = x;
		unsigned char b[16] = { 0 };
		memcpy(b, &l, sizeof(l) < 16 ? sizeof(l) : 16);
		kx_make(c, v, (struct kqtype){ t, 0 }, b, 16);
	}
}

void kx_make_memory(struct kx_value *v, struct kqtype t, uint64_t addr)
{
	memset(v, 0, sizeof(*v));
	v->type = t;
	v->where = KX_MEMORY;
	v->addr = addr;
}

int kx_memory_error(uint64_t addr)
{
	err_set("Cannot access memory at address 0x%llx", (unsigned long long)addr);
	return -1;
}

int kx_fetch(struct kx_ctx *c, const struct kx_value *v, unsigned char *buf, size_t len)
{
	long size = kx_size(v);
	if (size < 0)
		size = 0;
	size_t n = (size_t)size < len ? (size_t)size : len;
	memset(buf, 0, len);
	if (v->where != KX_MEMORY) {
		memcpy(buf, kx_data(v), n);
		return 0;
	}
	if (c && kx_noside(c))
		return 0;
	if (!c || !c->k)
		return kx_memory_error(v->addr);
	if (v->bit_size) {
		uint64_t raw = 0;
		size_t need = (size_t)(v->bit_offset + v->bit_size + 7) / 8;
		if (need > 8 || kernel_read(c->k, v->addr, &raw, need) != 0)
			return kx_memory_error(v->addr);
		raw >>= v->bit_offset;
		if (v->bit_size < 64)
			raw &= (1ull << v->bit_size) - 1;
		const struct ktype *t = ktype_strip(v->type.type);
		if (ktype_is_signed(t) && v->bit_size < 64 && (raw >> (v->bit_size - 1)) & 1)
			raw |= ~0ull << v->bit_size;
		memcpy(buf, &raw, n < 8 ? n : 8);
		return 0;
	}
	if (n && kernel_read(c->k, v->addr, buf, n) != 0)
		return kx_memory_error(v->addr);
	return 0;
}

bool kx_is_integral(const struct ktype *t)
{
	t = ktype_strip(t);
	enum ktype_kind k = ktype_kind(t);
	return t && (k == KT_INT || k == KT_BOOL || k == KT_ENUM);
}

bool kx_is_scalar(const struct ktype *t)
{
	t = ktype_strip(t);
	enum ktype_kind k = ktype_kind(t);
	return t && (k == KT_INT || k == KT_BOOL || k == KT_ENUM || k == KT_FLOAT || k == KT_POINTER);
}

static double float_of(const unsigned char *b, long size)
{
	if (size == 4) {
		float f;
		memcpy(&f, b, 4);
		return f;
	}
	if (size == 8) {
		double d;
		memcpy(&d, b, 8);
		return d;
	}
	long double l = 0;
	memcpy(&l, b, sizeof(l) < 16 ? sizeof(l) : 16);
	return (double)l;
}

int kx_to_u64(struct kx_ctx *c, const struct kx_value *v, uint64_t *out)
{
	const struct ktype *t = ktype_strip(v->type.type);
	enum ktype_kind kind = ktype_kind(t);
	unsigned char b[16];

	if (kind == KT_ARRAY || kind == KT_FUNCTION) {
		if (v->where != KX_MEMORY) {
			err_set("Value can't be converted to integer.");
			return -1;
		}
		*out = v->addr;
		return 0;
	}
	if (!t || !kx_is_scalar(t)) {
		err_set("Value can't be converted to integer.");
		return -1;
	}
	long size = ktype_size(t);
	if (size <= 0 || size > 16) {
		err_set("Value can't be converted to integer.");
		return -1;
	}
	if (kx_fetch(c, v, b, sizeof(b)) != 0)
		return -1;
	if (kind == KT_FLOAT) {
		double d = float_of(b, size);
		if (isnan(d) || d >= 18446744073709551616.0 || d < -9223372036854775808.0) {
			err_set("Value out of range for an integer conversion.");
			return -1;
		}
		*out = d < 0 ? (uint64_t)(int64_t)d : (uint64_t)d;
		return 0;
	}
	uint64_t x = 0;
	memcpy(&x, b, size > 8 ? 8 : (size_t)size);
	if (size < 8 && ktype_is_signed(t) && kind != KT_BOOL) {
		int sh = (int)(64 - size * 8);
		x = (uint64_t)((int64_t)(x << sh) >> sh);
	}
	*out = x;
	return 0;
}

int kx_to_double(struct kx_ctx *c, const struct kx_value *v, double *out)
{
	const struct ktype *t = ktype_strip(v->type.type);
	if (ktype_kind(t) == KT_FLOAT) {
		unsigned char b[16];
		if (kx_fetch(c, v, b, sizeof(b)) != 0)
			return -1;
		*out = float_of(b, ktype_size(t));
		return 0;
	}
	uint64_t x;
	if (kx_to_u64(c, v, &x) != 0)
		return -1;
	*out = ktype_is_signed(t) ? (double)(int64_t)x : (double)x;
	return 0;
}

int kx_decay(struct kx_ctx *c, struct kx_value *v)
{
	const struct ktype *t = ktype_strip(v->type.type);
	enum ktype_kind kind = ktype_kind(t);
	if (t && kind == KT_ARRAY) {
		if (v->where != KX_MEMORY) {
			err_set("Attempt to take address of value not located in memory.");
			return -1;
		}
		uint64_t a = v->addr;
		kx_make_int(c, v, tc_pointer(c->tc, ktype_target(t)), a);
	} else if (t && kind == KT_FUNCTION) {
		uint64_t a = v->addr;
		kx_make_int(c, v, tc_pointer(c->tc, (struct kqtype){ v->type.type, 0 }), a);
	}
	return 0;
}

/* ---- kept values ---- */

void kx_keep(struct xarena *arena, struct kx_value *v)
{
	if (v->data) {
		long size = kx_size(v);
		if (size > 0) {
			unsigned char *d = xa_alloc(arena, (size_t)size);
			memcpy(d, v->data, (size_t)size);
			v->data = d;
		} else {
			v->data = NULL;
		}
	}
	if (v->symbol)
		v->symbol = xa_strndup(arena, v->symbol, strlen(v->symbol));
}

int kx_history_add(struct kernel *k, const struct kx_value *v)
{
	struct kx_state *st = kx_state(k);
	if (st->nhistory == st->caphistory) {
		st->caphistory = st->caphistory ? st->caphistory * 2 : 64;
		st->history = xreallocarray(st->history, st->caphistory, sizeof(*st->history));
	}
	struct kx_value *h = &st->history[st->nhistory++];
	*h = *v;
	kx_keep(&st->keep, h);
	return (int)st->nhistory;
}

int kx_history_get(struct kx_ctx *c, long n, bool relative, struct kx_value *out)
{
	struct kx_state *st = c->st;
	if (!relative && n == 0)
		relative = true;	/* $0 is $ */
	long idx = relative ? (long)st->nhistory - n : n;
	if (idx <= 0) {
		if (relative && n == 0)
			err_set("The history is empty.");
		else if (relative)
			err_set("History does not go back to $$%ld.", n);
		else
			err_set("History has not yet reached $%ld.", n);
		return -1;
	}
	if (idx > (long)st->nhistory) {
		err_set("History has not yet reached $%ld.", n);
		return -1;
	}
	*out = st->history[idx - 1];
	out->symbol = NULL;
	return 0;
}

struct kx_var *kx_var_find(struct kx_state *st, const char *name, bool create)
{
	for (size_t i = 0; i < st->nvars; i++)
		if (!strcmp(st->vars[i].name, name))
			return &st->vars[i];
	if (!create)
		return NULL;
	if (st->nvars == st->capvars) {
		st->capvars = st->capvars ? st->capvars * 2 : 16;
		st->vars = xreallocarray(st->vars, st->capvars, sizeof(*st->vars));
	}
	struct kx_var *v = &st->vars[st->nvars++];
	v->name = xstrdup(name);
	memset(&v->v, 0, sizeof(v->v));
	return v;
}

void kx_set_var(struct kernel *k, const char *name, const struct kx_value *v)
{
	struct kx_state *st = kx_state(k);
	struct kx_var *var = kx_var_find(st, name, true);
	/* a variable's contents are its own: set again and again, it holds
	 * one copy */
	const unsigned char *old = var->v.data;
	unsigned char *d = NULL;
	if (v->data) {
		long size = kx_size(v);
		d = size > 0 ? xmalloc((size_t)size) : NULL;
		if (d)
			memcpy(d, v->data, (size_t)size);
	}
	var->v = *v;
	var->v.symbol = NULL;
	var->v.data = d;
	free((void *)old);
}

int kx_get_var(struct kernel *k, const char *name, struct kx_value *out)
{
	struct kx_var *var = kx_var_find(kx_state(k), name, false);
	if (!var) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	*out = var->v;
	return 0;
}

void kx_set_last_examined(struct kernel *k, uint64_t addr, const struct kx_value *contents)
{
	struct kx_state *st = kx_state(k);
	struct kx_value p;
	memset(&p, 0, sizeof(p));
	p.type = (struct kqtype){ contents && contents->type.type ? tc_pointer(st->tc, contents->type)
								    : st->bt.data_ptr,
				  0 };
	p.where = KX_COMPUTED;
	memcpy(p.bytes, &addr, 8);
	kx_set_var(k, "_", &p);
	if (contents)
		kx_set_var(k, "__", contents);
}

/* ---- the current context ---- */

void kx_set_context(struct kernel *k, uint64_t (*fn)(void *arg, int *cpu), void *arg)
{
	struct kx_state *st = kx_state(k);
	st->task_fn = fn;
	st->task_arg = arg;
}

uint64_t kx_context_task(struct kernel *k)
{
	struct kx_state *st = kx_state(k);
	int cpu;
	return st->task_fn ? st->task_fn(st->task_arg, &cpu) : 0;
}

int kx_context_cpu(struct kernel *k)
{
	struct kx_state *st = kx_state(k);
	int cpu = -1;
	if (!st->task_fn || !st->task_fn(st->task_arg, &cpu))
		return -1;
	return cpu;
}

/* ---- print settings ---- */

struct kx_settings *kx_settings(void)
{
	static struct kx_settings s = {
		.pretty = true, .repeats = 0, .elements = 256, .null_stop = false,
		.symbol = true, .unions = true, .address = true,
	};
	return &s;
}
