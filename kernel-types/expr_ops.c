/* Operators on values: C's integer promotions and usual arithmetic
 * conversions as gdb applies them (an 8-byte result is long or unsigned
 * long), pointer arithmetic, comparisons, and casts.  What C leaves
 * undefined is an error: division by zero, signed overflow (INT_MIN / -1
 * included), shift counts that are negative or as wide as the type. */
#include <math.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/expr_impl.h"

static const char *op_name(int op, char *buf)
{
	switch (op) {
	case OP_SHL: return "<<";
	case OP_SHR: return ">>";
	case OP_LE: return "<=";
	case OP_GE: return ">=";
	case OP_EQ: return "==";
	case OP_NE: return "!=";
	default:
		buf[0] = (char)op;
		buf[1] = '\0';
		return buf;
	}
}

static bool is_unsigned(const struct ktype *t)
{
	t = ktype_strip(t);
	return ktype_kind(t) == KT_POINTER || ktype_kind(t) == KT_BOOL || !ktype_is_signed(t);
}

const struct ktype *kx_promote(struct kx_ctx *c, const struct ktype *t)
{
	const struct ktype *s = ktype_strip(t);
	long size = ktype_size(s);
	if (size < 4)
		return c->bt->int_;
	if (size <= 4)
		return is_unsigned(s) ? c->bt->uint : c->bt->int_;
	return is_unsigned(s) ? c->bt->ulong : c->bt->long_;
}

/* The common type of two integral operands (gdb's binop_promote). */
static const struct ktype *common_int(struct kx_ctx *c, const struct ktype *a, const struct ktype *b)
{
	a = ktype_strip(a);
	b = ktype_strip(b);
	long la = ktype_size(a), lb = ktype_size(b);
	bool ua = is_unsigned(a), ub = is_unsigned(b);
	if (la < 4) {
		la = 4;
		ua = false;
	}
	if (lb < 4) {
		lb = 4;
		ub = false;
	}
	bool u;
	long len;
	if (la > lb) {
		u = ua;
		len = la;
	} else if (lb > la) {
		u = ub;
		len = lb;
	} else {
		u = ua || ub;
		len = la;
	}
	if (len <= 4)
		return u ? c->bt->uint : c->bt->int_;
	return u ? c->bt->ulong : c->bt->long_;
}

static const struct ktype *common_float(struct kx_ctx *c, const struct ktype *a, const struct ktype *b)
{
	long la = ktype_kind(ktype_strip(a)) == KT_FLOAT ? ktype_size(a) : 0;
	long lb = ktype_kind(ktype_strip(b)) == KT_FLOAT ? ktype_size(b) : 0;
	long l = la > lb ? la : lb;
	return l >= 10 ? c->bt->ldouble : l == 8 ? c->bt->double_ : c->bt->float_;
}

/* x truncated to size bytes, sign-extended when signed. */
static uint64_t fit(uint64_t x, long size, bool sign)
{
	if (size >= 8)
		return x;
	int sh = (int)(64 - size * 8);
	return sign ? (uint64_t)((int64_t)(x << sh) >> sh) : (x << sh) >> sh;
}

static bool fits(int64_t x, long size)
{
	if (size >= 8)
		return true;
	int64_t lim = (int64_t)1 << (size * 8 - 1);
	return x >= -lim && x < lim;
}

static int overflow(int op, const struct ktype *t)
{
	char b[2];
	err_set("Integer overflow in `%s': the result does not fit in %s.", op_name(op, b), ktype_name(t));
	return -1;
}

static int not_a_number(void)
{
	err_set("Argument to arithmetic operation not a number or boolean.");
	return -1;
}

static long target_size(const struct ktype *ptr)
{
	struct kqtype t = ktype_target(ktype_strip(ptr));
	const struct ktype *s = ktype_strip(t.type);
	if (!s || ktype_kind(s) == KT_FUNCTION)
		return 1;	/* gdb: void * and function pointers step by bytes */
	long n = ktype_size(s);
	return n > 0 ? n : 1;
}

int kx_unary_op(struct kx_ctx *c, int op, struct kx_value *v)
{
	const struct ktype *t = ktype_strip(v->type.type);
	enum ktype_kind kind = ktype_kind(t);

	if (op == '!') {
		int err = 0;
		bool b = kx_truth(c, v, &err);
		if (err)
			return -1;
		kx_make_int(c, v, c->bt->int_, !b);
		return 0;
	}
	if (t && kind == KT_FLOAT && (op == '-' || op == '+')) {
		double d;
		if (kx_to_double(c, v, &d) != 0)
			return -1;
		/* gdb negates as 0 - x: -0.0 is 0 */
		kx_make_double(c, v, v->type.type, op == '-' ? 0.0 - d : d);
		return 0;
	}
	if (!kx_is_integral(t)) {
		if (op == '~')
			err_set("Argument to complement operation not an integer, boolean.");
		else
			not_a_number();
		return -1;
	}
	/* gdb promotes short operands to int and keeps the others' type */
	const struct ktype *rt = ktype_size(t) < 4 ? c->bt->int_ : v->type.type;
	if (ktype_kind(ktype_strip(rt)) == KT_ENUM || ktype_kind(ktype_strip(rt)) == KT_BOOL)
		rt = kx_promote(c, rt);
	uint64_t x;
	if (kx_to_u64(c, v, &x) != 0)
		return -1;
	long size = ktype_size(rt);
	bool sign = !is_unsigned(rt);
	uint64_t r = x;
	if (op == '-') {
		if (sign && !kx_noside(c) && fit(x, size, true) == fit(1ull << (size * 8 - 1), size, true))
			return overflow('-', rt);
		r = 0 - x;
	} else if (op == '~') {
		r = ~x;
	}
	kx_make_int(c, v, rt, fit(r, size, sign));
	return 0;
}

bool kx_truth(struct kx_ctx *c, const struct kx_value *v, int *err)
{
	const struct ktype *t = ktype_strip(v->type.type);
	if (ktype_kind(t) == KT_FLOAT) {
		double d;
		if (kx_to_double(c, v, &d) != 0) {
			*err = 1;
			return false;
		}
		return d != 0;
	}
	uint64_t x;
	if (kx_to_u64(c, v, &x) != 0) {
		*err = 1;
		return false;
	}
	return x != 0;
}

static int compare(struct kx_ctx *c, int op, int cmp, struct kx_value *out)
{
	int r;
	switch (op) {
	case '<': r = cmp < 0; break;
	case '>': r = cmp > 0; break;
	case OP_LE: r = cmp <= 0; break;
	case OP_GE: r = cmp >= 0; break;
	case OP_EQ: r = cmp == 0; break;
	default: r = cmp != 0; break;
	}
	kx_make_int(c, out, c->bt->int_, (uint64_t)r);
	return 0;
}

static bool is_cmp(int op)
{
	return op == '<' || op == '>' || op == OP_LE || op == OP_GE || op == OP_EQ || op == OP_NE;
}

static int float_op(struct kx_ctx *c, int op, const struct kx_value *a, const struct kx_value *b,
		    struct kx_value *out)
{
	double x, y, r;
	if (kx_to_double(c, a, &x) != 0 || kx_to_double(c, b, &y) != 0)
		return -1;
	if (is_cmp(op))
		return compare(c, op, x < y ? -1 : x > y ? 1 : x == y ? 0 : 2, out);
	switch (op) {
	case '+': r = x + y; break;
	case '-': r = x - y; break;
	case '*': r = x * y; break;
	case '/': r = x / y; break;
	default: {
		char nb[2];
		err_set("Integer-only operation %s.", op_name(op, nb));
		return -1;
	}
	}
	kx_make_double(c, out, common_float(c, a->type.type, b->type.type), r);
	return 0;
}

static int pointer_op(struct kx_ctx *c, int op, const struct kx_value *a, const struct kx_value *b,
		      struct kx_value *out)
{
	const struct ktype *ta = ktype_strip(a->type.type), *tb = ktype_strip(b->type.type);
	bool pa = ktype_kind(ta) == KT_POINTER, pb = ktype_kind(tb) == KT_POINTER;
	uint64_t x, y;
	if (kx_to_u64(c, a, &x) != 0 || kx_to_u64(c, b, &y) != 0)
		return -1;
	if (is_cmp(op)) {
		if ((!pa && !kx_is_integral(ta)) || (!pb && !kx_is_integral(tb)))
			return not_a_number();
		return compare(c, op, x < y ? -1 : x > y, out);
	}
	if (op == '+' && pa && kx_is_integral(tb)) {
		kx_make_int(c, out, a->type.type, x + y * (uint64_t)target_size(ta));
		return 0;
	}
	if (op == '+' && pb && kx_is_integral(ta)) {
		kx_make_int(c, out, b->type.type, y + x * (uint64_t)target_size(tb));
		return 0;
	}
	if (op == '-' && pa && kx_is_integral(tb)) {
		kx_make_int(c, out, a->type.type, x - y * (uint64_t)target_size(ta));
		return 0;
	}
	if (op == '-' && pa && pb) {
		long sa = target_size(ta), sb = target_size(tb);
		if (sa != sb) {
			err_set("First argument of `-' is a pointer and second argument is neither\n"
				"an integer nor a pointer of the same type.");
			return -1;
		}
		kx_make_int(c, out, c->bt->long_, (uint64_t)((int64_t)(x - y) / sa));
		return 0;
	}
	if (op == '-' && pa) {
		err_set("First argument of `-' is a pointer and second argument is neither\n"
			"an integer nor a pointer of the same type.");
		return -1;
	}
	return not_a_number();
}

static int shift(struct kx_ctx *c, int op, const struct kx_value *a, const struct kx_value *b,
		 struct kx_value *out)
{
	const struct ktype *rt = kx_promote(c, a->type.type);
	uint64_t x, n;
	if (kx_to_u64(c, a, &x) != 0 || kx_to_u64(c, b, &n) != 0)
		return -1;
	long size = ktype_size(rt);
	bool sign = !is_unsigned(rt);
	int64_t count = is_unsigned(b->type.type) && n > INT64_MAX ? INT64_MAX : (int64_t)n;
	if (!kx_noside(c)) {
		if (count < 0) {
			err_set("%s shift count is negative", op == OP_SHL ? "left" : "right");
			return -1;
		}
		if (count >= size * 8) {
			err_set("%s shift count >= width of type", op == OP_SHL ? "left" : "right");
			return -1;
		}
	} else {
		count = 0;
	}
	x = fit(x, size, sign);
	uint64_t r;
	if (op == OP_SHL)
		r = x << count;
	else if (sign)
		r = (uint64_t)((int64_t)x >> count);
	else
		r = x >> count;
	kx_make_int(c, out, rt, fit(r, size, sign));
	return 0;
}

int kx_binary_op(struct kx_ctx *c, int op, const struct kx_value *a0, const struct kx_value *b0,
		 struct kx_value *out)
{
	struct kx_value a = *a0, b = *b0;
	if (kx_decay(c, &a) != 0 || kx_decay(c, &b) != 0)
		return -1;
	const struct ktype *ta = ktype_strip(a.type.type), *tb = ktype_strip(b.type.type);
	if (!kx_is_scalar(ta) || !kx_is_scalar(tb))
		return not_a_number();
	if (ktype_kind(ta) == KT_POINTER || ktype_kind(tb) == KT_POINTER)
		return pointer_op(c, op, &a, &b, out);
	if (op == OP_SHL || op == OP_SHR) {
		if (!kx_is_integral(ta) || !kx_is_integral(tb))
			return not_a_number();
		return shift(c, op, &a, &b, out);
	}
	if (ktype_kind(ta) == KT_FLOAT || ktype_kind(tb) == KT_FLOAT)
		return float_op(c, op, &a, &b, out);

	const struct ktype *rt = common_int(c, ta, tb);
	long size = ktype_size(rt);
	bool sign = !is_unsigned(rt);
	uint64_t x, y, r = 0;
	if (kx_to_u64(c, &a, &x) != 0 || kx_to_u64(c, &b, &y) != 0)
		return -1;
	x = fit(x, size, sign);
	y = fit(y, size, sign);
	if (is_cmp(op)) {
		int cmp = sign ? ((int64_t)x < (int64_t)y ? -1 : (int64_t)x > (int64_t)y)
			       : (x < y ? -1 : x > y);
		return compare(c, op, cmp, out);
	}
	bool ns = kx_noside(c);
	int64_t sx = (int64_t)x, sy = (int64_t)y, sr;
	switch (op) {
	case '+':
		if (sign) {
			if (!ns && (__builtin_add_overflow(sx, sy, &sr) || !fits(sr, size)))
				return overflow(op, rt);
			r = (uint64_t)sx + (uint64_t)sy;
		} else {
			r = x + y;
		}
		break;
	case '-':
		if (sign) {
			if (!ns && (__builtin_sub_overflow(sx, sy, &sr) || !fits(sr, size)))
				return overflow(op, rt);
			r = (uint64_t)sx - (uint64_t)sy;
		} else {
			r = x - y;
		}
		break;
	case '*':
		if (sign) {
			if (!ns && (__builtin_mul_overflow(sx, sy, &sr) || !fits(sr, size)))
				return overflow(op, rt);
			r = (uint64_t)sx * (uint64_t)sy;
		} else {
			r = x * y;
		}
		break;
	case '/':
	case '%':
		if (ns) {
			r = 0;
			break;
		}
		if (!y) {
			err_set("Division by zero");
			return -1;
		}
		if (sign) {
			/* INT_MIN / -1 (and its remainder) overflows */
			if (sy == -1 && (sx == INT64_MIN || !fits(-sx, size)))
				return overflow(op, rt);
			r = op == '/' ? (uint64_t)(sx / sy) : (uint64_t)(sx % sy);
		} else {
			r = op == '/' ? x / y : x % y;
		}
		break;
	case '&': r = x & y; break;
	case '|': r = x | y; break;
	case '^': r = x ^ y; break;
	default:
		return not_a_number();
	}
	kx_make_int(c, out, rt, fit(r, size, sign));
	return 0;
}

/* ---- casts ---- */

static int invalid_cast(void)
{
	err_set("Invalid cast.");
	return -1;
}

int kx_cast(struct kx_ctx *c, struct kqtype to, const struct kx_value *v0, struct kx_value *out)
{
	struct kx_value v = *v0;
	const struct ktype *tt = ktype_strip(to.type);
	enum ktype_kind tk = ktype_kind(tt);

	if (!tt) {			/* (void) */
		memset(out, 0, sizeof(*out));
		out->type = to;
		return 0;
	}
	/* a symbol without debug information: its memory, as the type */
	if (v.no_debug && v.where == KX_MEMORY && ktype_kind(ktype_strip(v.type.type)) != KT_FUNCTION) {
		kx_make_memory(out, to, v.addr);
		return 0;
	}
	const struct ktype *ft = ktype_strip(v.type.type);
	if (ft && ktype_same(ft, tt) && tk != KT_INT && tk != KT_FLOAT) {
		*out = v;
		out->type = to;
		out->symbol = NULL;
		out->no_debug = false;
		return 0;
	}
	/* C-style arrays decay before they are cast */
	if (ktype_kind(ft) == KT_ARRAY && kx_decay(c, &v) != 0)
		return -1;
	ft = ktype_strip(v.type.type);
	enum ktype_kind fk = ktype_kind(ft);

	if (kx_is_scalar(tt)) {
		if (fk == KT_FUNCTION && kx_decay(c, &v) != 0)
			return -1;
		ft = ktype_strip(v.type.type);
		fk = ktype_kind(ft);
		if (!kx_is_scalar(ft)) {
			if (v.where == KX_MEMORY && fk != KT_VOID) {
				kx_make_memory(out, to, v.addr);
				return 0;
			}
			return invalid_cast();
		}
		long size = ktype_size(tt);
		if (tk == KT_FLOAT) {
			double d;
			if (kx_to_double(c, &v, &d) != 0)
				return -1;
			kx_make_double(c, out, to.type, d);
			out->type = to;
			return 0;
		}
		uint64_t x;
		if (fk == KT_FLOAT) {
			double d;
			if (kx_to_double(c, &v, &d) != 0)
				return -1;
			if (isnan(d) || d >= 18446744073709551616.0 || d < -9223372036854775808.0) {
				if (!kx_noside(c)) {
					err_set("Value out of range for an integer conversion.");
					return -1;
				}
				x = 0;	/* types only: no value */
			} else {
				x = d < 0 ? (uint64_t)(int64_t)d : (uint64_t)d;
			}
		} else if (kx_to_u64(c, &v, &x) != 0) {
			return -1;
		}
		if (tk == KT_BOOL)
			x = x != 0;
		kx_make_int(c, out, to.type, fit(x, size, !is_unsigned(tt)));
		out->type = to;
		return 0;
	}
	/* structs, unions, arrays, functions: the same object seen as
	 * another type, when it is in memory */
	if (v.where == KX_MEMORY && fk != KT_VOID) {
		kx_make_memory(out, to, v.addr);
		return 0;
	}
	return invalid_cast();
}
