/* Values printed as gdb prints them (the engine behind kx_print() and
 * typeprint's tp_value*): print/FMT letters on scalars, structs member by
 * member (set print pretty), arrays with <repeats N times> and the
 * element limit, strings with C's escapes, pointers with <symbol+off>
 * and the string a char pointer points to, functions as {type} address,
 * enums by name (flag enums as (A | B)), floats in gdb's precision.
 *
 * Radix 16 (crash's -x and set radix 16) is gdb's output-radix 16:
 * integers, chars and bools in hex, everything else as it would be. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/gdbinfo.h"
#include "kernel-types/typeprint.h"

struct vp {
	struct kernel *k;
	FILE *out;
	char letter;		/* 0 or a format letter */
	bool hex;		/* radix 16 */
	const struct kx_settings *set;
	uint64_t base;		/* address of the top-level object's bytes */
	bool have_base;
};

#define MAX_DEPTH 24

static void value(struct vp *p, struct kqtype type, const unsigned char *buf, size_t len, uint64_t addr,
		  bool have_addr, int indent, int depth, bool top);

/* ---- scalars ---- */

static uint64_t get(const unsigned char *b, long size)
{
	uint64_t v = 0;
	memcpy(&v, b, size > 8 ? 8 : (size_t)(size > 0 ? size : 0));
	return v;
}

static uint64_t mask(uint64_t v, long size)
{
	return size >= 8 ? v : v & ((1ull << (size * 8)) - 1);
}

static int64_t sext(uint64_t v, long size)
{
	if (size >= 8)
		return (int64_t)v;
	int sh = (int)(64 - size * 8);
	return (int64_t)(v << sh) >> sh;
}

/* One character as gdb writes it inside quote q; after_octal: the one
 * before was an octal escape, so a digit is escaped too (gdb 10's
 * rule, which crash shows).  Returns whether this one was. */
static bool put_char(FILE *out, unsigned ch, char q, bool after_octal)
{
	if (after_octal && ch >= '0' && ch <= '9') {
		fprintf(out, "\\%03o", ch);
		return true;
	}
	switch (ch) {
	case '\a': fputs("\\a", out); return false;
	case '\b': fputs("\\b", out); return false;
	case '\f': fputs("\\f", out); return false;
	case '\n': fputs("\\n", out); return false;
	case '\r': fputs("\\r", out); return false;
	case '\t': fputs("\\t", out); return false;
	case '\v': fputs("\\v", out); return false;
	case '\\': fputs("\\\\", out); return false;
	default: break;
	}
	if ((char)ch == q) {
		fprintf(out, "\\%c", q);
		return false;
	}
	if (ch >= 32 && ch < 127) {
		fputc((int)ch, out);
		return false;
	}
	fprintf(out, "\\%03o", ch & 0xff);
	return true;
}

static void char_literal(FILE *out, unsigned ch)
{
	fputc('\'', out);
	put_char(out, ch, '\'', false);
	fputc('\'', out);
}

static void print_binary(FILE *out, uint64_t v)
{
	char b[65];
	int n = 0;
	if (!v) {
		fputc('0', out);
		return;
	}
	for (int i = 63; i >= 0; i--)
		if (n || ((v >> i) & 1))
			b[n++] = (char)('0' + ((v >> i) & 1));
	b[n] = '\0';
	fputs(b, out);
}

/* gdb's digits for a floating value: %.9g, %.17g, %.21Lg; nan(0x...) and
 * inf spelled out. */
static void print_float(FILE *out, const unsigned char *b, long size)
{
	if (size == 4) {
		float f;
		uint32_t u;
		memcpy(&f, b, 4);
		memcpy(&u, b, 4);
		if (isnan(f))
			fprintf(out, "%snan(0x%" PRIx32 ")", (u >> 31) ? "-" : "", u & 0x7fffff);
		else if (isinf(f))
			fputs(f < 0 ? "-inf" : "inf", out);
		else
			fprintf(out, "%.9g", f);
	} else if (size == 8) {
		double d;
		uint64_t u;
		memcpy(&d, b, 8);
		memcpy(&u, b, 8);
		if (isnan(d))
			fprintf(out, "%snan(0x%" PRIx64 ")", (u >> 63) ? "-" : "", (uint64_t)(u & 0xfffffffffffffull));
		else if (isinf(d))
			fputs(d < 0 ? "-inf" : "inf", out);
		else
			fprintf(out, "%.17g", d);
	} else {
		long double l = 0;
		memcpy(&l, b, sizeof(l) < (size_t)size ? sizeof(l) : (size_t)size);
		if (isnan(l))
			fputs("nan", out);
		else if (isinf(l))
			fputs(l < 0 ? "-inf" : "inf", out);
		else
			fprintf(out, "%.21Lg", l);
	}
}

static void symbolic(struct vp *p, uint64_t v)
{
	uint64_t off;
	const char *sym = v && p->k ? kgdb_symbol_at(p->k, v, &off) : NULL;
	if (sym && off)
		fprintf(p->out, " <%s+%" PRIu64 ">", sym, off);
	else if (sym)
		fprintf(p->out, " <%s>", sym);
}

/* Integers (and the raw bits of anything scalar) in one of the letters
 * x z o t d u c a. */
static void print_letter(struct vp *p, const struct ktype *t, uint64_t raw, long size)
{
	FILE *out = p->out;
	bool sign = ktype_is_signed(t) && ktype_kind(t) != KT_POINTER;
	switch (p->letter) {
	case 'x':
		fprintf(out, "0x%" PRIx64, mask(raw, size));
		break;
	case 'z':
		fprintf(out, "0x%0*" PRIx64, (int)(size * 2), mask(raw, size));
		break;
	case 'o':
		if (mask(raw, size))
			fprintf(out, "0%" PRIo64, mask(raw, size));
		else
			fputc('0', out);
		break;
	case 't':
		print_binary(out, mask(raw, size));
		break;
	case 'd':
		fprintf(out, "%" PRId64, sext(raw, size));
		break;
	case 'u':
		fprintf(out, "%" PRIu64, mask(raw, size));
		break;
	case 'c': {
		/* the value as a char of the type's signedness */
		unsigned ch = (unsigned)(raw & 0xff);
		if (sign)
			fprintf(out, "%d ", (int)(signed char)ch);
		else
			fprintf(out, "%u ", ch);
		char_literal(out, ch);
		break;
	}
	case 'a':
		fprintf(out, "0x%" PRIx64, mask(raw, size));
		symbolic(p, mask(raw, size));
		break;
	default:
		fprintf(out, "%" PRIu64, raw);
		break;
	}
}

/* A flag enum (gdb): every enumerator is >= 0 and no two share a bit. */
static bool flag_enum(const struct ktype *t)
{
	uint64_t seen = 0;
	size_t n = ktype_nenumerators(t);
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int64_t v = ktype_enumerator_at(t, i)->value;
		if (v < 0 || ((uint64_t)v & seen))
			return false;
		seen |= (uint64_t)v;
	}
	return true;
}

static void print_enum(struct vp *p, const struct ktype *t, uint64_t raw, long size)
{
	size_t n = ktype_nenumerators(t);
	uint64_t v = mask(raw, size);
	for (size_t i = 0; i < n; i++) {
		const struct kenumerator *e = ktype_enumerator_at(t, i);
		if (mask((uint64_t)e->value, size) == v) {
			fputs(e->name, p->out);
			return;
		}
	}
	if (v && flag_enum(t)) {
		bool first = true;
		for (size_t i = 0; i < n; i++) {
			const struct kenumerator *e = ktype_enumerator_at(t, i);
			if (e->value && (v & (uint64_t)e->value) == (uint64_t)e->value) {
				fprintf(p->out, "%s%s", first ? "(" : " | ", e->name);
				first = false;
				v &= ~(uint64_t)e->value;
			}
		}
		if (v)
			fprintf(p->out, "%s0x%" PRIx64 ")", first ? "(unknown: " : " | unknown: ", v);
		else
			fputc(')', p->out);
		return;
	}
	if (ktype_is_signed(t))
		fprintf(p->out, "%" PRId64, sext(raw, size));
	else
		fprintf(p->out, "%" PRIu64, v);
}

/* gdb's flags registers: the names of the bits set and, for a field of
 * several bits, NAME=value whatever it is, in bit order (x86_64's
 * i386_eflags "[ PF ZF IF ]", arm64's cpsr_flags "[ SP EL=1 BTYPE=0 PAN N ]");
 * on x86_64 a set bit past the named ones is "#N". */
static void print_flags(FILE *out, uint64_t v, int size, const struct arch_gdb_reg *d)
{
	fputs("[ ", out);
	for (int i = 0; i < size * 8 && i < 64; i++) {
		const struct arch_gdb_field *f = NULL;
		for (int j = 0; j < d->nfields && !f; j++)
			if (d->fields[j].shift == i)
				f = &d->fields[j];
		if (f) {
			/* a field of several bits, in bit order among the rest */
			fprintf(out, "%s=%" PRIu64 " ", f->name, (uint64_t)((v >> i) & ((1ull << f->bits) - 1)));
			i += f->bits - 1;
			continue;
		}
		if (!((v >> i) & 1))
			continue;
		if (i < d->nflags && d->flag_names[i] && *d->flag_names[i])
			fprintf(out, "%s ", d->flag_names[i]);
		else if (i >= d->nflags && !d->fields)
			fprintf(out, "#%d ", i);
	}
	fputc(']', out);
}

static bool is_textual(const struct ktype *t)
{
	t = ktype_strip(t);
	return t && ktype_kind(t) == KT_INT && ktype_size(t) == 1 && ktype_is_char(t);
}

static void print_string_at(struct vp *p, uint64_t a);

static void print_pointer(struct vp *p, const struct ktype *t, uint64_t v)
{
	FILE *out = p->out;
	struct kqtype target = ktype_target(t);
	if (p->letter && p->letter != 's') {
		print_letter(p, t, v, 8);
		return;
	}
	fprintf(out, "0x%" PRIx64, v);
	if (p->set->symbol)
		symbolic(p, v);
	if (v && target.type && is_textual(target.type))
		print_string_at(p, v);
}

static void scalar(struct vp *p, const struct ktype *t, const unsigned char *b, long size)
{
	FILE *out = p->out;
	uint64_t raw = get(b, size);
	enum ktype_kind kind = ktype_kind(t);

	if (kind == KT_POINTER) {
		print_pointer(p, t, raw);
		return;
	}
	char letter = p->letter;
	if (letter == 'f' && kind != KT_FLOAT) {
		/* integers of a float's size are read as one */
		if (size == 4 || size == 8 || size == 16) {
			print_float(out, b, size);
			return;
		}
		letter = 0;
	}
	if (letter == 's' || (letter == 'f' && kind == KT_FLOAT))
		letter = 0;
	if (letter) {
		struct vp q = *p;
		q.letter = letter;
		print_letter(&q, t, raw, size);
		return;
	}
	switch (kind) {
	case KT_FLOAT:
		print_float(out, b, size);
		return;
	case KT_BOOL:
		if (p->hex)
			fprintf(out, "0x%" PRIx64, mask(raw, size));
		else if (mask(raw, size) <= 1)
			fputs(raw & 1 ? "true" : "false", out);
		else
			fprintf(out, "%" PRIu64, mask(raw, size));
		return;
	case KT_ENUM:
		print_enum(p, t, raw, size);
		return;
	default:
		break;
	}
	const struct arch_gdb_reg *flags = kx_flags_reg(p->k, t);
	if (flags) {
		print_flags(out, raw, (int)size, flags);
		return;
	}
	if (p->hex) {
		fprintf(out, "0x%" PRIx64, mask(raw, size));
		return;
	}
	if (ktype_is_signed(t))
		fprintf(out, "%" PRId64, sext(raw, size));
	else
		fprintf(out, "%" PRIu64, mask(raw, size));
	if (ktype_is_char(t) && size == 1) {
		fputc(' ', out);
		char_literal(out, (unsigned)(raw & 0xff));
	}
}

/* ---- strings ---- */

/* Characters as gdb's generic_printstr writes them: runs longer than the
 * repeat threshold as 'c' <repeats N times>, the rest in quotes, at most
 * `elements` characters (a run that reaches the limit is printed whole),
 * "..." when cut short. */
static void print_chars(struct vp *p, const unsigned char *s, size_t n, bool force_ellipsis)
{
	FILE *out = p->out;
	unsigned limit = p->set->elements ? p->set->elements : UINT32_MAX;
	unsigned thresh = p->set->repeats;
	size_t i = 0, printed = 0;
	bool in_quote = false, any = false, oct = false;

	if (n == 0) {
		fputs(force_ellipsis ? "\"\"..." : "\"\"", out);
		return;
	}
	while (i < n && printed < limit) {
		size_t j = i;
		while (j < n && s[j] == s[i])
			j++;
		size_t reps = j - i;
		if (thresh && reps > thresh) {
			if (in_quote) {
				fputs("\", ", out);
				in_quote = false;
			} else if (any) {
				fputs(", ", out);
			}
			char_literal(out, s[i]);
			fprintf(out, " <repeats %zu times>", reps);
			printed += thresh;
			oct = false;
		} else {
			if (!in_quote) {
				if (any)
					fputs(", ", out);
				fputc('"', out);
				in_quote = true;
				oct = false;
			}
			for (size_t k = i; k < j; k++)
				oct = put_char(out, s[i], '"', oct);
			printed += reps;
		}
		any = true;
		i = j;
	}
	if (in_quote)
		fputc('"', out);
	if (force_ellipsis || i < n)
		fputs("...", out);
}

static void print_string_at(struct vp *p, uint64_t a)
{
	unsigned limit = p->set->elements ? p->set->elements : 65536;
	if (!p->k) {
		/* no kernel, no memory */
		fprintf(p->out, " <error: Cannot access memory at address 0x%" PRIx64 ">", a);
		return;
	}
	unsigned char *buf = xmalloc(limit + 1);
	size_t n = 0;
	bool end = false, bad = false;
	while (n < limit) {
		/* a page at a time, then byte by byte where a read fails */
		size_t chunk = 4096 - ((a + n) & 4095);
		if (chunk > limit - n)
			chunk = limit - n;
		if (kernel_read(p->k, a + n, buf + n, chunk) != 0) {
			if (kernel_read(p->k, a + n, buf + n, 1) != 0) {
				bad = true;
				break;
			}
			chunk = 1;
		}
		void *z = memchr(buf + n, 0, chunk);
		if (z) {
			n = (size_t)((unsigned char *)z - buf);
			end = true;
			break;
		}
		n += chunk;
	}
	err_clear();
	fputc(' ', p->out);
	if (bad && n == 0) {
		fprintf(p->out, "<error: Cannot access memory at address 0x%" PRIx64 ">", a);
	} else {
		struct kx_settings s = *p->set;
		struct vp q = *p;
		s.elements = 0;
		q.set = &s;
		print_chars(&q, buf, n, !end && !bad);
	}
	free(buf);
}

/* ---- aggregates ---- */

static void print_struct(struct vp *p, const struct ktype *t, const unsigned char *buf, size_t len,
			 uint64_t addr, bool have_addr, int indent, int depth)
{
	FILE *out = p->out;
	size_t nm = ktype_nmembers(t);
	bool first = true, pretty = p->set->pretty;

	fputc('{', out);
	for (size_t i = 0; i < nm; i++) {
		const struct kmember *m = ktype_member_at(t, i);
		long off = (long)(m->bit_offset / 8);
		int bo = (int)(m->bit_offset % 8), bs = m->bit_size;
		if (pretty)
			fprintf(out, "%s\n%*s", first ? "" : ",", indent + 2, "");
		else if (!first)
			fputs(", ", out);
		first = false;
		if (m->name)
			fprintf(out, "%s = ", m->name);
		if (off < 0 || (size_t)off > len) {
			fputs("<unavailable>", out);
			continue;
		}
		const struct ktype *mt = ktype_strip(m->type.type);
		if (bs) {
			size_t need = (size_t)(bo + bs + 7) / 8;
			if (need > len - (size_t)off)
				need = len - (size_t)off;
			uint64_t v = get(buf + off, (long)(need > 8 ? 8 : need));
			v >>= bo;
			if (bs < 64)
				v &= (1ull << bs) - 1;
			if (ktype_is_signed(mt) && ktype_kind(mt) != KT_ENUM && bs < 64 && (v >> (bs - 1)) & 1)
				v |= ~0ull << bs;
			long size = ktype_size(mt);
			unsigned char tmp[8];
			memcpy(tmp, &v, 8);
			if (size <= 0 || size > 8)
				size = 8;
			scalar(p, mt, tmp, size);
			continue;
		}
		if (!p->set->unions && depth > 0 && ktype_kind(mt) == KT_UNION && m->name) {
			fputs("{...}", out);
			continue;
		}
		value(p, m->type, buf + off, len - (size_t)off, addr + (uint64_t)off, have_addr, indent + 2,
		      depth + 1, false);
	}
	if (first)
		fputs("<No data fields>}", out);
	else if (pretty)
		fprintf(out, "\n%*s}", indent, "");
	else
		fputc('}', out);
}

static void print_array(struct vp *p, const struct ktype *t, const unsigned char *buf, size_t len,
			uint64_t addr, bool have_addr, int indent, int depth, bool top)
{
	FILE *out = p->out;
	struct kqtype el = ktype_target(t);
	long n = ktype_length(t), esz;

	if (!el.type) {
		fputs("{}", out);
		return;
	}
	esz = ktype_size(el.type);
	if (n <= 0 && top && esz > 0)
		n = (long)len / esz;	/* "char x[]": the caller knows the size */
	if (esz <= 0 || n <= 0) {
		/* a flexible array: gdb shows where it starts */
		fprintf(out, "0x%" PRIx64, have_addr ? addr : 0);
		if (have_addr)
			symbolic(p, addr);
		if (is_textual(el.type))
			fputs(" \"\"", out);
		return;
	}
	if ((size_t)(n * esz) > len)
		n = (long)len / esz;
	if (is_textual(el.type) && (!p->letter || p->letter == 's')) {
		size_t m = (size_t)n;
		if (p->set->null_stop) {
			const unsigned char *z = memchr(buf, 0, m);
			if (z)
				m = (size_t)(z - buf);
		} else if (m > 0 && buf[m - 1] == 0) {
			m--;	/* gdb leaves out the terminating NUL */
		}
		print_chars(p, buf, m, false);
		return;
	}
	unsigned limit = p->set->elements ? p->set->elements : UINT32_MAX;
	unsigned thresh = p->set->repeats;
	unsigned printed = 0;
	long i;
	fputc('{', out);
	for (i = 0; i < n && printed < limit; i++) {
		if (i)
			fputs(", ", out);
		long j = i + 1;
		while (j < n && !memcmp(buf + i * esz, buf + j * esz, (size_t)esz))
			j++;
		value(p, el, buf + i * esz, len - (size_t)(i * esz), addr + (uint64_t)(i * esz), have_addr,
		      indent + 2, depth + 1, false);
		if (thresh && (unsigned long)(j - i) > thresh) {
			fprintf(out, " <repeats %ld times>", j - i);
			i = j - 1;
			printed += thresh;
		} else {
			printed++;
		}
	}
	if (i < n)
		fputs("...", out);
	fputc('}', out);
}

static void value(struct vp *p, struct kqtype type, const unsigned char *buf, size_t len, uint64_t addr,
		  bool have_addr, int indent, int depth, bool top)
{
	const struct ktype *t = ktype_strip(type.type);
	long size = ktype_size(t);

	if (depth > MAX_DEPTH) {
		fputs("{...}", p->out);
		return;
	}
	switch (ktype_kind(t)) {
	case KT_STRUCT:
	case KT_UNION:
		if (!t)
			break;
		print_struct(p, t, buf, len, addr, have_addr, indent, depth);
		return;
	case KT_ARRAY:
		print_array(p, t, buf, len, addr, have_addr, indent, depth, top);
		return;
	case KT_FUNCTION:
		fprintf(p->out, "{...} 0x%" PRIx64, addr);
		return;
	default:
		break;
	}
	if (!t) {
		fputs("void", p->out);
		return;
	}
	if (size <= 0 || (size_t)size > len || size > 16) {
		fputs("<unavailable>", p->out);
		return;
	}
	scalar(p, t, buf, size);
}

/* ---- the entry points ---- */

static bool valid_letter(char c)
{
	return c && strchr("xduotacfszi", c);
}

int kx_parse_format(const char *text, int *count, struct kx_format *f)
{
	const char *s = text;
	memset(f, 0, sizeof(*f));
	*count = -1;
	if (*s == '/')
		s++;
	if (isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))) {
		char *end;
		errno = 0;
		long n = strtol(s, &end, 10);
		if (errno || n > INT32_MAX || n < -INT32_MAX) {
			err_set("Item count %.*s is too large.", (int)(end - s > 30 ? 30 : end - s), s);
			return -1;
		}
		*count = n < 0 ? (int)-n : (int)n;
		s = end;
	}
	for (; *s; s++) {
		switch (*s) {
		case 'b': f->size = 1; break;
		case 'h': f->size = 2; break;
		case 'w': f->size = 4; break;
		case 'g': f->size = 8; break;
		default:
			if (!valid_letter(*s) && *s != 'r') {
				err_set("Undefined output format \"%c\".", *s);
				return -1;
			}
			if (*s != 'r')
				f->letter = *s;
			break;
		}
	}
	return 0;
}

static void print_with(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf,
		       size_t len, uint64_t addr, bool have_addr, int indent, char letter, bool hex,
		       const struct kx_settings *set)
{
	struct vp p = { .k = k, .out = out, .letter = letter, .hex = hex, .set = set,
			.base = addr, .have_base = have_addr };
	value(&p, type, buf, len, addr, have_addr, indent, 0, true);
}

/* The size of what v designates: its type's, or the symbol's size for
 * an array declared without one ("extern const char linux_banner[]"). */
static long object_size(struct kernel *k, const struct kx_value *v)
{
	long size = kx_size(v);
	if (size < 0 && v->symbol && k) {
		struct kernel_sym ks;
		if (kernel_symbol_info(k, v->symbol, &ks) == 0 && ks.size)
			size = (long)ks.size;
		err_clear();
	}
	return size;
}

int kx_print(struct kernel *k, FILE *out, const struct kx_value *v, const struct kx_format *f)
{
	const struct kx_settings *set = kx_settings();
	const struct ktype *t = ktype_strip(v->type.type);
	char letter = f ? f->letter : 0;
	bool hex = f && f->radix == 16;
	struct kx_ctx c;
	char d[512];

	if (letter == 'i') {
		err_set("Format letter \"i\" is meaningless in \"print\" command.");
		return -1;
	}
	if (v->no_debug && ktype_kind(t) != KT_FUNCTION) {
		err_set("'%s' has unknown type; cast it to its declared type", v->symbol ? v->symbol : "?");
		return -1;
	}
	if (!t && !v->type.type) {
		fputs("void", out);
		return 0;
	}
	kx_ctx_init(&c, k, "", 0);
	if (ktype_kind(t) == KT_FUNCTION) {
		if (letter && letter != 's') {
			/* gdb: a function's value is its code, of which a
			 * format shows the first byte */
			unsigned char b = 0;
			if (!k || kernel_read(k, v->addr, &b, 1) != 0) {
				kx_ctx_done(&c);
				return kx_memory_error(v->addr);
			}
			struct vp p = { .k = k, .out = out, .letter = letter, .set = set };
			print_letter(&p, c.bt->char_, b, 1);
		} else {
			kx_type_name(v->type, d, sizeof(d));
			fprintf(out, "{%s} 0x%" PRIx64, d, v->addr);
			struct vp p = { .k = k, .out = out, .set = set };
			symbolic(&p, v->addr);
		}
		kx_ctx_done(&c);
		return 0;
	}
	long size = v->where == KX_MEMORY && !v->bit_size ? object_size(k, v) : kx_size(v);
	if (size < 0 || size > (64 << 20)) {
		kx_ctx_done(&c);
		err_set("cannot print an object of %ld bytes", size);
		return -1;
	}
	unsigned char small[16];
	unsigned char *buf = (size_t)size <= sizeof(small) ? small : xmalloc((size_t)size);
	struct kx_value sized = *v;
	int rc;
	if (v->where == KX_MEMORY && !v->bit_size && size != kx_size(v)) {
		/* read by the symbol's size */
		rc = k && kernel_read(k, v->addr, buf, (size_t)size) == 0 ? 0 : kx_memory_error(v->addr);
	} else {
		rc = kx_fetch(&c, &sized, buf, (size_t)size);
	}
	if (rc != 0) {
		if (buf != small)
			free(buf);
		kx_ctx_done(&c);
		return -1;
	}
	/* gdb shows a top-level pointer with its type, except a char * */
	if (ktype_kind(t) == KT_POINTER && (!letter || letter == 's')) {
		struct kqtype target = ktype_target(t);
		if (!is_textual(target.type) || letter == 's') {
			kx_type_name(v->type, d, sizeof(d));
			if (!is_textual(target.type))
				fprintf(out, "(%s) ", d);
		}
	}
	print_with(k, out, v->type, buf, (size_t)size, v->addr, v->where == KX_MEMORY, 0, letter, hex, set);
	if (buf != small)
		free(buf);
	kx_ctx_done(&c);
	return 0;
}

/* typeprint's entry points: crash's struct, list, tree and task print
 * values this way too. */
void kx_print_bytes(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf, size_t len,
		    uint64_t addr, bool have_addr, int indent, bool hex)
{
	print_with(k, out, type, buf, len, addr, have_addr, indent, 0, hex, kx_settings());
}
