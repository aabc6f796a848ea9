/* The expression evaluator's entry points (expr.h): kx_eval() runs the
 * lexer, the parser and the evaluator over one text, and the older
 * kexpr_* interface is kept on it for the callers of API 1.3. */
#include "kernel-types/expr.h"

#include <string.h>

#include "common/err.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/typeprint.h"

int kx_eval(struct kernel *k, const char *text, unsigned flags, struct kx_value *out)
{
	struct kx_ctx c;
	struct token *toks;
	size_t n;
	int rc = -1;

	kx_ctx_init(&c, k, text, flags);
	err_clear();
	/* the last result's contents go now: memory stays bounded however
	 * many expressions a session evaluates */
	xa_free(&c.st->recent);
	if (kx_lex(&c, text, &toks, &n) == 0) {
		struct node *root = kx_parse(&c, toks, n);
		if (root && kx_eval_node(&c, root, out) == 0) {
			/* what outlives the evaluation lives with the kernel */
			kx_keep(&c.st->recent, out);
			if (root->kind != N_NAME || root->scope)
				out->symbol = NULL;
			rc = 0;
		}
	}
	kx_ctx_done(&c);
	return rc;
}

int kx_parse_typename(struct kernel *k, const char *text, struct kqtype *out)
{
	struct kx_ctx c;
	kx_ctx_init(&c, k, text, 0);
	bool ok = kx_parse_type(&c, text, out);
	kx_ctx_done(&c);
	if (!ok) {
		err_set("No symbol \"%s\" in current context.", text);
		return -1;
	}
	return 0;
}

int kx_value_bytes(struct kernel *k, const struct kx_value *v, unsigned char *buf, size_t len)
{
	struct kx_ctx c;
	kx_ctx_init(&c, k, "", 0);
	int rc = kx_fetch(&c, v, buf, len);
	kx_ctx_done(&c);
	return rc;
}

int kx_value_int(struct kernel *k, const struct kx_value *v, uint64_t *out)
{
	struct kx_ctx c;
	kx_ctx_init(&c, k, "", 0);
	int rc;
	if (v->no_debug && v->where == KX_MEMORY && ktype_kind(ktype_strip(v->type.type)) != KT_FUNCTION) {
		err_set("'%s' has unknown type; cast it to its declared type", v->symbol ? v->symbol : "?");
		rc = -1;
	} else {
		rc = kx_to_u64(&c, v, out);
	}
	kx_ctx_done(&c);
	return rc;
}

int kx_value_address(struct kernel *k, const struct kx_value *v, uint64_t *addr)
{
	enum ktype_kind kind = ktype_kind(ktype_strip(v->type.type));
	if (v->where == KX_MEMORY && (kind == KT_STRUCT || kind == KT_UNION || kind == KT_ARRAY ||
				      kind == KT_FUNCTION || v->no_debug)) {
		*addr = v->addr;
		return 0;
	}
	return kx_value_int(k, v, addr);
}

void kx_type_name(struct kqtype t, char *buf, size_t len)
{
	tp_decl(t, NULL, buf, len);
}

long kx_alignof(const struct ktype *t)
{
	/* what the source states (__aligned), on the type or a typedef */
	for (const struct ktype *u = t; u; u = u->kind == KT_TYPEDEF ? ktype_target(u).type : NULL)
		if (u->align > 0)
			return u->align;
	t = ktype_strip(t);
	switch (ktype_kind(t)) {
	case KT_ARRAY:
		return kx_alignof(ktype_target(t).type);
	case KT_STRUCT:
	case KT_UNION: {
		long a = 1;
		for (size_t i = 0; i < ktype_nmembers(t); i++) {
			long m = kx_alignof(ktype_member_at(t, i)->type.type);
			if (m > a)
				a = m;
		}
		return a;
	}
	case KT_VOID:
	case KT_FUNCTION:
		return 1;
	default: {
		long s = ktype_size(t);
		return s > 0 ? s : 1;
	}
	}
}

/* ---- the older interface ---- */

int kexpr_eval(struct kernel *k, const char *expr, struct kexpr *out)
{
	struct kx_value v;
	memset(out, 0, sizeof(*out));
	/* API 1.3's callers typed addresses as crash users do, without 0x */
	if (kx_eval(k, expr, KX_CRASH_NUMBERS, &v) != 0)
		return -1;
	out->has_type = v.type.type != NULL;
	out->type = v.type;
	out->bare_symbol = v.symbol != NULL;
	if (v.where == KX_MEMORY) {
		out->lvalue = true;
		out->addr = v.addr;
		out->bit_offset = v.bit_offset;
		out->bit_size = v.bit_size;
		return 0;
	}
	if (kx_value_int(k, &v, &out->value) != 0)
		return -1;
	return 0;
}

int kexpr_int(struct kernel *k, struct kexpr *e, uint64_t *v)
{
	if (!e->lvalue) {
		*v = e->value;
		return 0;
	}
	struct kx_value x;
	memset(&x, 0, sizeof(x));
	x.type = e->type;
	x.where = KX_MEMORY;
	x.addr = e->addr;
	x.bit_offset = e->bit_offset;
	x.bit_size = e->bit_size;
	return kx_value_address(k, &x, v);
}
