#include "kernel-types/expr.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

struct parser {
	struct kernel *k;
	const char *p;
	int depth;
};

static void ws(struct parser *ps)
{
	while (isspace((unsigned char)*ps->p))
		ps->p++;
}

static int ident(struct parser *ps, char *buf, size_t len)
{
	size_t n = 0;
	ws(ps);
	if (!(isalpha((unsigned char)*ps->p) || *ps->p == '_'))
		return -1;
	while (isalnum((unsigned char)ps->p[n]) || ps->p[n] == '_' || ps->p[n] == '.' ) {
		if (ps->p[n] == '.' && !(isalpha((unsigned char)ps->p[n + 1]) || ps->p[n + 1] == '_'))
			break;
		/* symbol names like "foo.cold" or "foo.isra.0" are one name only
		 * when no member access could be meant: handled by the caller */
		if (ps->p[n] == '.')
			break;
		n++;
	}
	if (n >= len)
		return -1;
	memcpy(buf, ps->p, n);
	buf[n] = '\0';
	ps->p += n;
	return 0;
}

int kexpr_int(struct kernel *k, struct kexpr *e, uint64_t *v)
{
	if (!e->lvalue) {
		*v = e->value;
		return 0;
	}
	const struct ktype *t = ktype_strip(e->type.type);
	enum ktype_kind kind = ktype_kind(t);
	if (kind == KT_ARRAY || kind == KT_STRUCT || kind == KT_UNION) {
		/* arrays decay to their address; structs have no integer value */
		if (kind != KT_ARRAY) {
			err_set("not an integer or pointer value");
			return -1;
		}
		*v = e->addr;
		return 0;
	}
	long size = ktype_size(t);
	if (size <= 0 || size > 8) {
		err_set("not an integer or pointer value");
		return -1;
	}
	uint64_t raw = 0;
	size_t need = e->bit_size ? (size_t)(e->bit_offset + e->bit_size + 7) / 8 : (size_t)size;
	int rc = kernel_read(k, e->addr, &raw, need);
	if (rc != 0)
		return rc;
	if (e->bit_size) {
		raw >>= e->bit_offset;
		raw &= e->bit_size >= 64 ? ~0ull : (1ull << e->bit_size) - 1;
	} else if ((kind == KT_INT || kind == KT_ENUM) && ktype_is_signed(t) && size < 8) {
		int sh = (int)(64 - size * 8);
		raw = (uint64_t)((int64_t)(raw << sh) >> sh);
	}
	*v = raw;
	return 0;
}

static int expr(struct parser *ps, struct kexpr *out);
static int unary(struct parser *ps, struct kexpr *out);

static int need_kernel(struct parser *ps)
{
	if (!ps->k) {
		err_set("no dump open");
		return -1;
	}
	return 0;
}

/* "(struct task_struct *)" -> its type; consumes it when it is a cast. */
static int try_cast(struct parser *ps, struct kexpr *out, bool *is_cast)
{
	const char *save = ps->p;
	char name[256];
	size_t n = 0;
	struct kqtype t;

	*is_cast = false;
	if (!ps->k)
		return 0;
	ps->p++;	/* '(' */
	ws(ps);
	while (*ps->p && *ps->p != ')' && n < sizeof(name) - 1) {
		if (!isalnum((unsigned char)*ps->p) && *ps->p != '_' && *ps->p != ' ' && *ps->p != '*') {
			ps->p = save;
			return 0;
		}
		name[n++] = *ps->p++;
	}
	name[n] = '\0';
	while (n && name[n - 1] == ' ')
		name[--n] = '\0';
	if (*ps->p != ')' || !n || ktype_lookup(ps->k, name, &t) != 0) {
		ps->p = save;
		return 0;
	}
	ps->p++;
	*is_cast = true;
	struct kexpr v;
	if (unary(ps, &v) != 0)
		return -1;
	uint64_t iv;
	if (kexpr_int(ps->k, &v, &iv) != 0)
		return -1;
	memset(out, 0, sizeof(*out));
	out->has_type = true;
	out->type = t;
	enum ktype_kind kind = ktype_kind(ktype_strip(t.type));
	if (kind == KT_STRUCT || kind == KT_UNION) {
		/* (struct X)addr is crash's shorthand for the object at addr */
		out->lvalue = true;
		out->addr = iv;
	} else {
		out->value = iv;
	}
	return 0;
}

/* Turn a pointer result into the object it points to. */
static int deref(struct parser *ps, struct kexpr *e)
{
	if (!e->has_type) {
		err_set("cannot dereference a value without a type");
		return -1;
	}
	const struct ktype *t = ktype_strip(e->type.type);
	struct kqtype target = ktype_target(t);
	if (ktype_kind(t) != KT_POINTER || !target.type) {
		err_set("not a pointer");
		return -1;
	}
	uint64_t v;
	if (kexpr_int(ps->k, e, &v) != 0)
		return -1;
	e->type = target;
	e->lvalue = true;
	e->addr = v;
	e->bit_offset = e->bit_size = 0;
	return 0;
}

static bool is_pointer(const struct kexpr *e)
{
	return e->has_type && ktype_kind(ktype_strip(e->type.type)) == KT_POINTER;
}

static int member(struct parser *ps, struct kexpr *e, const char *name, bool arrow)
{
	if ((arrow || is_pointer(e)) && deref(ps, e) != 0)
		return -1;
	if (!e->has_type || !e->lvalue) {
		err_set("member \"%s\" of something that is not a struct or union", name);
		return -1;
	}
	struct kmember_ref m;
	if (ktype_member(e->type.type, name, &m) != 0)
		return -1;
	e->type = m.type;
	e->addr += (uint64_t)m.offset;
	e->bit_offset = m.bit_offset;
	e->bit_size = m.bit_size;
	e->bare_symbol = false;
	return 0;
}

static int primary(struct parser *ps, struct kexpr *out)
{
	char name[256];

	memset(out, 0, sizeof(*out));
	ws(ps);
	if (*ps->p == '(') {
		bool cast;
		if (try_cast(ps, out, &cast) != 0)
			return -1;
		if (cast)
			return 0;
		ps->p++;
		if (expr(ps, out) != 0)
			return -1;
		ws(ps);
		if (*ps->p != ')') {
			err_set("missing )");
			return -1;
		}
		ps->p++;
		out->bare_symbol = false;
		return 0;
	}
	if (isdigit((unsigned char)*ps->p)) {
		char *end;
		/* as in C and gdb: 0x is hex, a leading 0 octal, anything
		 * else decimal (only address arguments are hex by default) */
		errno = 0;
		out->value = strtoull(ps->p, &end, 0);
		if (errno == ERANGE) {
			err_set("Numeric constant too large.");
			return -1;
		}
		if (isalnum((unsigned char)*end) || *end == '_') {
			err_set("Invalid number \"%.*s\".", (int)strcspn(ps->p, " +-*/%&|^()<>=!~"), ps->p);
			return -1;
		}
		ps->p = end;
		return 0;
	}
	if (ident(ps, name, sizeof(name)) != 0) {
		err_set("syntax error at \"%.20s\"", ps->p);
		return -1;
	}
	if (!strcmp(name, "sizeof")) {
		ws(ps);
		if (*ps->p != '(') {
			err_set("sizeof needs (type)");
			return -1;
		}
		const char *close = strchr(ps->p, ')');
		if (!close || need_kernel(ps))
			return -1;
		char tn[256];
		size_t n = (size_t)(close - ps->p - 1);
		if (n >= sizeof(tn))
			return -1;
		memcpy(tn, ps->p + 1, n);
		tn[n] = '\0';
		long sz = kernel_sizeof(ps->k, tn);
		if (sz < 0)
			return -1;
		out->value = (uint64_t)sz;
		ps->p = close + 1;
		return 0;
	}
	if (need_kernel(ps) != 0)
		return -1;
	uint64_t addr;
	if (ktype_of_symbol(ps->k, name, &out->type) == 0 &&
	    ktype_kind(out->type.type) != KT_FUNCTION && kernel_symbol(ps->k, name, &addr) == 0) {
		out->has_type = true;
		out->lvalue = true;
		out->addr = addr;
		out->bare_symbol = true;
		/* per-cpu variables: the address is an offset in the per-cpu
		 * area; p shows CPU 0's copy unless cast otherwise */
		return 0;
	}
	int64_t ev;
	if (kernel_enum_value(ps->k, name, &ev) == 0) {
		out->value = (uint64_t)ev;
		return 0;
	}
	if (kernel_symbol(ps->k, name, &addr) == 0) {
		out->value = addr;
		out->bare_symbol = true;
		return 0;
	}
	err_set("no symbol \"%s\" in current context", name);
	return -1;
}

static int postfix(struct parser *ps, struct kexpr *out)
{
	if (primary(ps, out) != 0)
		return -1;
	for (;;) {
		char name[256];
		ws(ps);
		if (*ps->p == '.' || (ps->p[0] == '-' && ps->p[1] == '>')) {
			bool arrow = *ps->p == '-';
			ps->p += arrow ? 2 : 1;
			if (ident(ps, name, sizeof(name)) != 0) {
				err_set("member name expected");
				return -1;
			}
			if (member(ps, out, name, arrow) != 0)
				return -1;
		} else if (*ps->p == '[') {
			struct kexpr idx;
			uint64_t i;
			ps->p++;
			if (expr(ps, &idx) != 0 || kexpr_int(ps->k, &idx, &i) != 0)
				return -1;
			ws(ps);
			if (*ps->p != ']') {
				err_set("missing ]");
				return -1;
			}
			ps->p++;
			if (!out->has_type) {
				err_set("cannot index a value without a type");
				return -1;
			}
			const struct ktype *t = ktype_strip(out->type.type);
			if (ktype_kind(t) == KT_POINTER && deref(ps, out) != 0)
				return -1;
			else if (ktype_kind(t) == KT_ARRAY) {
				out->type = ktype_target(t);
				if (!out->type.type)
					return -1;
			}
			long esz = ktype_size(out->type.type);
			if (esz <= 0) {
				err_set("element size unknown");
				return -1;
			}
			out->addr += i * (uint64_t)esz;
			out->bare_symbol = false;
		} else {
			return 0;
		}
	}
}

static int unary(struct parser *ps, struct kexpr *out)
{
	uint64_t v;
	if (++ps->depth > 200) {
		err_set("expression too deep");
		return -1;
	}
	ws(ps);
	char c = *ps->p;
	if (c == '-' || c == '~' || c == '!' || c == '+') {
		ps->p++;
		if (unary(ps, out) != 0 || kexpr_int(ps->k, out, &v) != 0)
			return -1;
		memset(out, 0, sizeof(*out));
		out->value = c == '-' ? (uint64_t)(-(int64_t)v) : c == '~' ? ~v : c == '!' ? !v : v;
		return 0;
	}
	if (c == '*') {
		ps->p++;
		if (unary(ps, out) != 0)
			return -1;
		out->bare_symbol = false;
		return deref(ps, out);
	}
	if (c == '&') {
		ps->p++;
		if (unary(ps, out) != 0)
			return -1;
		if (!out->lvalue) {
			err_set("cannot take the address of a value");
			return -1;
		}
		if (out->bit_size) {
			err_set("cannot take the address of a bitfield");
			return -1;
		}
		out->value = out->addr;
		out->lvalue = false;
		if (out->has_type)
			out->type = (struct kqtype){ ktype_pointer_to(ps->k, out->type), 0 };
		out->bare_symbol = false;
		return 0;
	}
	return postfix(ps, out);
}

static int prec(const char *p, int *len)
{
	*len = 2;
	if (!strncmp(p, "<<", 2) || !strncmp(p, ">>", 2))
		return 5;
	if (!strncmp(p, "&&", 2) || !strncmp(p, "||", 2))
		return 0;
	*len = 1;
	switch (*p) {
	case '*': case '/': case '%': return 7;
	case '+': case '-': return 6;
	case '&': return 3;
	case '^': return 2;
	case '|': return 1;
	default: return -1;
	}
}

static int binary(struct parser *ps, struct kexpr *out, int min)
{
	if (unary(ps, out) != 0)
		return -1;
	for (;;) {
		int len, pr;
		const char *op;
		uint64_t a, b;
		struct kexpr rhs;

		ws(ps);
		op = ps->p;
		pr = prec(op, &len);
		if (pr < 0 || pr < min || (op[0] == '-' && op[1] == '>'))
			return 0;
		ps->p += len;
		if (binary(ps, &rhs, pr + 1) != 0)
			return -1;
		if (kexpr_int(ps->k, out, &a) != 0 || kexpr_int(ps->k, &rhs, &b) != 0)
			return -1;
		uint64_t r;
		switch (op[0]) {
		case '*': r = a * b; break;
		case '/': case '%':
			if (!b) {
				err_set("division by zero");
				return -1;
			}
			r = op[0] == '/' ? a / b : a % b;
			break;
		case '+': r = a + b; break;
		case '-': r = a - b; break;
		case '<': r = b >= 64 ? 0 : a << b; break;
		case '>': r = b >= 64 ? 0 : a >> b; break;
		case '&': r = len == 2 ? (a && b) : (a & b); break;
		case '|': r = len == 2 ? (a || b) : (a | b); break;
		default: r = a ^ b; break;
		}
		memset(out, 0, sizeof(*out));
		out->value = r;
	}
}

static int expr(struct parser *ps, struct kexpr *out)
{
	return binary(ps, out, 0);
}

int kexpr_eval(struct kernel *k, const char *text, struct kexpr *out)
{
	struct parser ps = { k, text, 0 };
	if (expr(&ps, out) != 0)
		return -1;
	ws(&ps);
	if (*ps.p) {
		err_set("syntax error at \"%.20s\"", ps.p);
		return -1;
	}
	return 0;
}
