/* The lexer of the expression language: text -> tokens.  Literals follow
 * C (and gdb): 0x hex, 0b binary, a leading 0 octal, else decimal; the
 * suffixes u, l, ll in any case and order; floats with '.', an exponent
 * or a hex mantissa, suffixed f or l; character literals with C's escapes;
 * adjacent string literals joined.  What the literal's type is, the
 * parser decides (it knows the builtin types). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/expr_impl.h"

struct lexer {
	struct kx_ctx *c;
	const char *p;
	struct token *toks;
	size_t n, cap;
};

static struct token *push(struct lexer *lx, enum tok_kind kind, const char *pos, size_t len)
{
	if (lx->n == lx->cap) {
		size_t ncap = lx->cap ? lx->cap * 2 : 32;
		struct token *t = xa_alloc(&lx->c->scratch, ncap * sizeof(*t));
		if (lx->n)
			memcpy(t, lx->toks, lx->n * sizeof(*t));
		lx->toks = t;
		lx->cap = ncap;
	}
	struct token *t = &lx->toks[lx->n++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->pos = pos;
	t->len = len;
	return t;
}

static int bad_number(const char *p, size_t n)
{
	err_set("Invalid number \"%.*s\".", (int)(n > 60 ? 60 : n), p);
	return -1;
}

/* Digits of base into v; false on a digit too large for the base or
 * overflow (*big set). */
static bool digits(const char *p, size_t n, int base, uint64_t *v, bool *big)
{
	uint64_t x = 0;
	*big = false;
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = isdigit((unsigned char)p[i]) ? p[i] - '0' : tolower((unsigned char)p[i]) - 'a' + 10;
		if (d < 0 || d >= base)
			return false;
		if (x > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			*big = true;
		x = x * (uint64_t)base + (uint64_t)d;
	}
	*v = x;
	return true;
}

/* A number starting at p: the longest run a C preprocessing number can
 * be, then what it says. */
static int number(struct lexer *lx)
{
	const char *p = lx->p, *q = p;
	bool crash = lx->c->flags & KX_CRASH_NUMBERS;

	while (isalnum((unsigned char)*q) || *q == '.' || *q == '_' ||
	       ((*q == '+' || *q == '-') && strchr("eEpP", q[-1]) &&
		/* 0x1e+2 is 0x1e + 2; 1e+2 and 0x1p+2 are one number */
		(tolower((unsigned char)q[-1]) == 'p' || !(p[0] == '0' && tolower((unsigned char)p[1]) == 'x'))))
		q++;
	size_t n = (size_t)(q - p);
	bool hex = n > 1 && p[0] == '0' && tolower((unsigned char)p[1]) == 'x';
	bool bin = n > 1 && p[0] == '0' && tolower((unsigned char)p[1]) == 'b' && !crash;
	bool is_float = memchr(p, '.', n) ||
			(hex ? (memchr(p, 'p', n) || memchr(p, 'P', n)) :
			       (!crash && (memchr(p, 'e', n) || memchr(p, 'E', n))));

	if (is_float) {
		char buf[128], *end;
		size_t m = n;
		int suffix = 0;
		if (m && strchr("fFlL", p[m - 1]) && !hex) {
			suffix = tolower((unsigned char)p[m - 1]);
			m--;
		} else if (hex && m && strchr("fFlL", p[m - 1]) && (memchr(p, 'p', m) || memchr(p, 'P', m))) {
			suffix = tolower((unsigned char)p[m - 1]);
			m--;
		}
		if (m >= sizeof(buf))
			return bad_number(p, n);
		memcpy(buf, p, m);
		buf[m] = '\0';
		errno = 0;
		double d = strtod(buf, &end);
		if (*end || end == buf)
			return bad_number(p, n);
		struct token *t = push(lx, TOK_FLOAT, p, n);
		t->fval = d;
		t->suffix = suffix;
		lx->p = q;
		return 0;
	}

	/* integer: digits, then suffixes */
	const char *d = p;
	int base = 10;
	if (hex) {
		base = 16;
		d += 2;
	} else if (bin) {
		base = 2;
		d += 2;
	} else if (p[0] == '0' && n > 1 && !crash) {
		base = 8;
		d += 1;
	}
	const char *e = p + n;
	int suffix = 0;
	uint64_t mult = 1;
	if (crash && e > d && strchr("kKmMgG", e[-1])) {
		char u = (char)tolower((unsigned char)e[-1]);
		mult = u == 'k' ? 1024 : u == 'm' ? 1024 * 1024 : 1024ull * 1024 * 1024;
		e--;
	} else {
		/* u, l, ll, ul, lu, ull, llu in any case */
		while (e > d && strchr("uUlL", e[-1])) {
			if (tolower((unsigned char)e[-1]) == 'u') {
				if (suffix & SUF_U)
					return bad_number(p, n);
				suffix |= SUF_U;
				e--;
			} else if (e - 1 > d && tolower((unsigned char)e[-2]) == 'l' && e[-2] == e[-1]) {
				if (suffix & (SUF_L | SUF_LL))
					return bad_number(p, n);
				suffix |= SUF_LL;
				e -= 2;
			} else {
				if (suffix & (SUF_L | SUF_LL))
					return bad_number(p, n);
				suffix |= SUF_L;
				e--;
			}
		}
	}
	uint64_t v;
	bool big;
	if (base == 8 && e == d) {
		v = 0;		/* "0", "0u", "0UL" */
		big = false;
	} else if (!digits(d, (size_t)(e - d), base, &v, &big)) {
		/* crash's eval: "41dc065" is hex when it cannot be decimal */
		if (crash && base == 10 && digits(d, (size_t)(e - d), 16, &v, &big))
			base = 16;
		else
			return bad_number(p, n);
	}
	if (big || (mult > 1 && v > UINT64_MAX / mult)) {
		err_set("Numeric constant too large.");
		return -1;
	}
	struct token *t = push(lx, TOK_INT, p, n);
	t->ival = v * mult;
	t->suffix = suffix;
	t->decimal = base == 10;
	lx->p = q;
	return 0;
}

/* One character of a char or string literal at *pp (escapes decoded);
 * -1 on a bad escape. */
static int literal_char(const char **pp, int *out)
{
	const char *p = *pp;
	if (*p != '\\') {
		*out = (unsigned char)*p;
		*pp = p + 1;
		return 0;
	}
	p++;
	switch (*p) {
	case 'n': *out = '\n'; break;
	case 't': *out = '\t'; break;
	case 'r': *out = '\r'; break;
	case 'a': *out = '\a'; break;
	case 'b': *out = '\b'; break;
	case 'f': *out = '\f'; break;
	case 'v': *out = '\v'; break;
	case 'e': *out = 27; break;
	case '\\': case '\'': case '"': case '?': *out = *p; break;
	case 'x': {
		int v = 0, nd = 0;
		p++;
		while (isxdigit((unsigned char)*p)) {
			v = (v * 16 + (isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10)) & 0xffff;
			p++;
			nd++;
		}
		if (!nd) {
			err_set("\\x escape without a following hex digit");
			return -1;
		}
		*out = v & 0xff;
		*pp = p;
		return 0;
	}
	default:
		if (*p >= '0' && *p <= '7') {
			int v = 0;
			for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++, p++)
				v = v * 8 + (*p - '0');
			*out = v & 0xff;
			*pp = p;
			return 0;
		}
		if (!*p) {
			err_set("Unmatched single quote.");
			return -1;
		}
		*out = (unsigned char)*p;
		break;
	}
	*pp = p + 1;
	return 0;
}

static int quoted(struct lexer *lx)
{
	const char *start = lx->p, *p = start + 1;
	const char *close = p;
	/* the text up to the closing quote, escapes skipped */
	while (*close && *close != '\'') {
		if (*close == '\\' && close[1])
			close++;
		close++;
	}
	if (*close != '\'') {
		err_set("Unmatched single quote.");
		return -1;
	}
	int ch;
	const char *q = p;
	if (close > p && literal_char(&q, &ch) == 0 && q == close) {
		struct token *t = push(lx, TOK_CHAR, start, (size_t)(close + 1 - start));
		t->ival = (uint64_t)ch;
		lx->p = close + 1;
		return 0;
	}
	if (close == p) {
		err_set("Empty character constant.");
		return -1;
	}
	/* 'panic.c', 'foo.cold': a name that C could not spell */
	struct token *t = push(lx, TOK_QNAME, start, (size_t)(close + 1 - start));
	t->text = xa_strndup(&lx->c->scratch, p, (size_t)(close - p));
	t->tlen = (size_t)(close - p);
	lx->p = close + 1;
	return 0;
}

static int string(struct lexer *lx)
{
	const char *start = lx->p;
	char *buf = NULL;
	size_t len = 0, cap = 0;

	/* "a" "b" is "ab" */
	for (;;) {
		const char *p = lx->p + 1;
		while (*p != '"') {
			int ch;
			if (!*p) {
				free(buf);
				err_set("Unterminated string in expression.");
				return -1;
			}
			if (literal_char(&p, &ch) != 0) {
				free(buf);
				return -1;
			}
			if (len + 2 > cap) {
				cap = cap ? cap * 2 : 32;
				buf = xrealloc(buf, cap);
			}
			buf[len++] = (char)ch;
		}
		lx->p = p + 1;
		const char *w = lx->p + strspn(lx->p, " \t\n");
		if (*w != '"')
			break;
		lx->p = w;
	}
	struct token *t = push(lx, TOK_STRING, start, (size_t)(lx->p - start));
	t->text = xa_alloc(&lx->c->scratch, len + 1);
	if (len)
		memcpy(t->text, buf, len);
	t->text[len] = '\0';
	t->tlen = len;
	free(buf);
	return 0;
}

static const struct {
	const char *s;
	int op, sub;
} ops[] = {
	{ "<<=", OP_ASSIGN_MOD, OP_SHL }, { ">>=", OP_ASSIGN_MOD, OP_SHR },
	{ "->", OP_ARROW, 0 }, { "++", OP_INC, 0 }, { "--", OP_DEC, 0 },
	{ "<<", OP_SHL, 0 }, { ">>", OP_SHR, 0 }, { "<=", OP_LE, 0 }, { ">=", OP_GE, 0 },
	{ "==", OP_EQ, 0 }, { "!=", OP_NE, 0 }, { "&&", OP_ANDAND, 0 }, { "||", OP_OROR, 0 },
	{ "::", OP_SCOPE, 0 },
	{ "+=", OP_ASSIGN_MOD, '+' }, { "-=", OP_ASSIGN_MOD, '-' }, { "*=", OP_ASSIGN_MOD, '*' },
	{ "/=", OP_ASSIGN_MOD, '/' }, { "%=", OP_ASSIGN_MOD, '%' }, { "&=", OP_ASSIGN_MOD, '&' },
	{ "|=", OP_ASSIGN_MOD, '|' }, { "^=", OP_ASSIGN_MOD, '^' },
};

int kx_lex(struct kx_ctx *c, const char *text, struct token **toks, size_t *n)
{
	struct lexer lx = { .c = c, .p = text };

	for (;;) {
		while (isspace((unsigned char)*lx.p))
			lx.p++;
		const char *p = lx.p;
		if (!*p) {
			push(&lx, TOK_END, p, 0);
			break;
		}
		if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1]))) {
			if (number(&lx) != 0)
				return -1;
			continue;
		}
		if (isalpha((unsigned char)*p) || *p == '_') {
			const char *q = p;
			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			struct token *t = push(&lx, TOK_NAME, p, (size_t)(q - p));
			t->text = xa_strndup(&c->scratch, p, (size_t)(q - p));
			t->tlen = (size_t)(q - p);
			lx.p = q;
			continue;
		}
		if (*p == '$') {
			const char *q = p + 1;
			while (isalnum((unsigned char)*q) || *q == '_' || *q == '$')
				q++;
			struct token *t = push(&lx, TOK_DOLLAR, p, (size_t)(q - p));
			t->text = xa_strndup(&c->scratch, p + 1, (size_t)(q - p - 1));
			t->tlen = (size_t)(q - p - 1);
			lx.p = q;
			continue;
		}
		if (*p == '\'') {
			if (quoted(&lx) != 0)
				return -1;
			continue;
		}
		if (*p == '"') {
			if (string(&lx) != 0)
				return -1;
			continue;
		}
		size_t i;
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
			size_t l = strlen(ops[i].s);
			if (!strncmp(p, ops[i].s, l)) {
				struct token *t = push(&lx, TOK_OP, p, l);
				t->op = ops[i].op;
				t->sub = ops[i].sub;
				lx.p += l;
				break;
			}
		}
		if (i < sizeof(ops) / sizeof(ops[0]))
			continue;
		if (strchr("+-*/%<>=!~&|^?:,.[](){}@", *p)) {
			struct token *t = push(&lx, TOK_OP, p, 1);
			t->op = (unsigned char)*p;
			lx.p++;
			continue;
		}
		if (isprint((unsigned char)*p))
			err_set("Invalid character '%c' in expression.", *p);
		else
			err_set("Invalid character '\\%03o' in expression.", (unsigned char)*p);
		return -1;
	}
	*toks = lx.toks;
	*n = lx.n;
	return 0;
}
