/* The parser of the expression language: tokens -> syntax tree, by
 * recursive descent over gdb's C grammar.  Precedence, loosest first:
 *   ,   = op= (right)   ?: (right)   ||   &&   |   ^   &   == !=
 *   < > <= >=   << >>   @   + -   * / %   unary (right)   postfix
 * Type names (casts, sizeof, {type}) are resolved here, against the
 * kernel's types: struct/union/enum tags, typedefs, C's base types
 * (gdb's own: "unsigned long", "double"), with pointers, arrays and
 * function types in abstract declarators ("void (*)(int, char *)"). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/kernel.h"

struct parser {
	struct kx_ctx *c;
	struct token *t;
	size_t n, i;
	int depth;
};

#define MAX_DEPTH 200

static struct token *cur(struct parser *p)
{
	return &p->t[p->i];
}

static struct token *peek(struct parser *p, size_t k)
{
	return p->i + k < p->n ? &p->t[p->i + k] : &p->t[p->n - 1];
}

static bool is_op(const struct token *t, int op)
{
	return t->kind == TOK_OP && t->op == op;
}

static bool is_word(const struct token *t, const char *w)
{
	return t->kind == TOK_NAME && !strcmp(t->text, w);
}

static int syntax_error(struct parser *p)
{
	const char *rest = cur(p)->pos;
	err_set("A syntax error in expression, near `%.*s'.", (int)(strlen(rest) > 60 ? 60 : strlen(rest)), rest);
	return -1;
}

static struct node *mk(struct parser *p, enum node_kind kind, const struct token *at)
{
	struct node *n = xa_alloc(&p->c->scratch, sizeof(*n));
	n->kind = kind;
	n->pos = at ? at->pos : NULL;
	return n;
}

/* ---- type names ---- */

static const char *const base_words[] = {
	"unsigned", "signed", "int", "char", "short", "long", "float", "double", "void", "_Bool",
	"__signed__", "__signed",
};
static const char *const qual_words[] = {
	"const", "volatile", "restrict", "__restrict", "__restrict__", "__const", "__volatile__",
};

static bool in(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return true;
	return false;
}

/* A typedef or a base type of the kernel by this name, that is not also
 * a variable, a function or an enumerator. */
static bool typedef_name(struct parser *p, const char *name, struct kqtype *out)
{
	struct kernel *k = p->c->k;
	struct kqtype q;
	uint64_t a;
	int64_t ev;

	if (!k || !ktype_source(k))
		return false;
	if (ktype_lookup(k, name, &q) != 0) {
		err_clear();
		return false;
	}
	enum ktype_kind kind = ktype_kind(q.type);
	if (!(kind == KT_TYPEDEF || ((kind == KT_INT || kind == KT_BOOL || kind == KT_FLOAT) &&
				     ktype_name(q.type) && !strcmp(ktype_name(q.type), name))))
		return false;
	if (kernel_symbol(k, name, &a) == 0 || kernel_enum_value(k, name, &ev) == 0) {
		err_clear();
		return false;
	}
	err_clear();
	if (out)
		*out = q;
	return true;
}

static bool type_start(struct parser *p, const struct token *t)
{
	if (t->kind != TOK_NAME)
		return false;
	if (in(t->text, base_words, sizeof(base_words) / sizeof(base_words[0])) ||
	    in(t->text, qual_words, sizeof(qual_words) / sizeof(qual_words[0])) ||
	    !strcmp(t->text, "struct") || !strcmp(t->text, "union") || !strcmp(t->text, "enum"))
		return true;
	return typedef_name(p, t->text, NULL);
}

static unsigned qual_of(const char *w)
{
	if (!strcmp(w, "const") || !strcmp(w, "__const"))
		return KQ_CONST;
	if (!strcmp(w, "volatile") || !strcmp(w, "__volatile__"))
		return KQ_VOLATILE;
	return KQ_RESTRICT;
}

/* The builtin type C's base words name. */
static int base_type(struct parser *p, int nsigned, int nunsigned, int nint, int nchar, int nshort,
		     int nlong, int nfloat, int ndouble, int nvoid, int nbool, struct kqtype *out)
{
	const struct kx_builtins *bt = p->c->bt;
	int sign = nsigned + nunsigned;
	out->quals = 0;
	if (nvoid) {
		if (sign || nint || nchar || nshort || nlong || nfloat || ndouble || nbool)
			goto bad;
		out->type = NULL;
		return 0;
	}
	if (nbool) {
		if (sign || nint || nchar || nshort || nlong || nfloat || ndouble)
			goto bad;
		out->type = bt->bool_;
		return 0;
	}
	if (nfloat || ndouble) {
		if (sign || nint || nchar || nshort || nfloat + ndouble > 1 || (nfloat && nlong) || nlong > 1)
			goto bad;
		out->type = nfloat ? bt->float_ : nlong ? bt->ldouble : bt->double_;
		return 0;
	}
	if (sign > 1 || nint > 1 || nchar > 1 || nshort > 1 || nlong > 2 || (nchar && (nint || nshort || nlong)) ||
	    (nshort && nlong))
		goto bad;
	bool u = nunsigned;
	if (nchar)
		out->type = nunsigned ? bt->uchar : nsigned ? bt->schar : bt->char_;
	else if (nshort)
		out->type = u ? bt->ushort : bt->short_;
	else if (nlong == 2)
		out->type = u ? bt->ullong : bt->llong;
	else if (nlong)
		out->type = u ? bt->ulong : bt->long_;
	else
		out->type = u ? bt->uint : bt->int_;
	return 0;
bad:
	return syntax_error(p);
}

static int type_name(struct parser *p, struct kqtype *out);

/* Specifiers: qualifiers, a tag, base words or a typedef name. */
static int specifiers(struct parser *p, struct kqtype *out)
{
	int ns = 0, nu = 0, ni = 0, nc = 0, nsh = 0, nl = 0, nf = 0, nd = 0, nv = 0, nb = 0;
	unsigned quals = 0;
	bool have = false, words = false;
	struct kqtype t = { 0 };

	for (;;) {
		struct token *tk = cur(p);
		if (tk->kind != TOK_NAME)
			break;
		const char *w = tk->text;
		if (in(w, qual_words, sizeof(qual_words) / sizeof(qual_words[0]))) {
			quals |= qual_of(w);
			p->i++;
			continue;
		}
		if (!strcmp(w, "struct") || !strcmp(w, "union") || !strcmp(w, "enum")) {
			if (have || words)
				return syntax_error(p);
			struct token *nt = peek(p, 1);
			if (nt->kind != TOK_NAME) {
				p->i++;
				return syntax_error(p);
			}
			char buf[300];
			snprintf(buf, sizeof(buf), "%s %s", w, nt->text);
			if (!p->c->k || !ktype_source(p->c->k) || ktype_lookup(p->c->k, buf, &t) != 0 ||
			    ktype_kind(ktype_strip(t.type)) !=
				    (w[0] == 's' ? KT_STRUCT : w[0] == 'u' ? KT_UNION : KT_ENUM)) {
				/* gdb says when the tag names another kind */
				static const char *const kinds[] = { "struct", "union", "enum" };
				bool other = false;
				for (int j = 0; j < 3 && p->c->k && ktype_source(p->c->k); j++) {
					struct kqtype o;
					char ob[300];
					if (!strcmp(kinds[j], w))
						continue;
					snprintf(ob, sizeof(ob), "%s %s", kinds[j], nt->text);
					if (ktype_lookup(p->c->k, ob, &o) == 0 &&
					    ktype_kind(ktype_strip(o.type)) == (j == 0 ? KT_STRUCT : j == 1 ? KT_UNION : KT_ENUM))
						other = true;
				}
				if (other)
					err_set("This context has class, struct or enum %s, not a %s.", nt->text, w);
				else
					err_set("No %s type named %s.", w, nt->text);
				return -1;
			}
			p->i += 2;
			have = true;
			continue;
		}
		if (in(w, base_words, sizeof(base_words) / sizeof(base_words[0]))) {
			if (have)
				return syntax_error(p);
			words = true;
			if (!strcmp(w, "unsigned"))
				nu++;
			else if (!strcmp(w, "signed") || !strcmp(w, "__signed__") || !strcmp(w, "__signed"))
				ns++;
			else if (!strcmp(w, "int"))
				ni++;
			else if (!strcmp(w, "char"))
				nc++;
			else if (!strcmp(w, "short"))
				nsh++;
			else if (!strcmp(w, "long"))
				nl++;
			else if (!strcmp(w, "float"))
				nf++;
			else if (!strcmp(w, "double"))
				nd++;
			else if (!strcmp(w, "void"))
				nv++;
			else
				nb++;
			p->i++;
			continue;
		}
		if (!have && !words && typedef_name(p, w, &t)) {
			have = true;
			p->i++;
			continue;
		}
		break;
	}
	if (words && base_type(p, ns, nu, ni, nc, nsh, nl, nf, nd, nv, nb, &t) != 0)
		return -1;
	if (!have && !words)
		return syntax_error(p);
	t.quals |= quals;
	*out = t;
	return 0;
}

struct suffix {
	bool func;
	long len;		/* arrays: -1 for [] */
	struct kqtype params[32];
	size_t nparams;
	bool variadic, unknown;
};

static int suffixes(struct parser *p, struct kqtype t, struct kqtype *out)
{
	struct suffix s[8];
	int ns = 0;

	for (;;) {
		if (is_op(cur(p), '[')) {
			if (ns == 8)
				return syntax_error(p);
			p->i++;
			long len = -1;
			if (cur(p)->kind == TOK_INT) {
				len = (long)cur(p)->ival;
				p->i++;
			}
			if (!is_op(cur(p), ']'))
				return syntax_error(p);
			p->i++;
			s[ns++] = (struct suffix){ .len = len };
		} else if (is_op(cur(p), '(')) {
			if (ns == 8)
				return syntax_error(p);
			p->i++;
			struct suffix f = { .func = true };
			if (is_op(cur(p), ')')) {
				f.unknown = true;
			} else if (is_word(cur(p), "void") && is_op(peek(p, 1), ')')) {
				p->i++;
			} else {
				for (;;) {
					if (is_op(cur(p), '.') && is_op(peek(p, 1), '.') && is_op(peek(p, 2), '.')) {
						p->i += 3;
						f.variadic = true;
						break;
					}
					if (f.nparams == 32)
						return syntax_error(p);
					if (type_name(p, &f.params[f.nparams]) != 0)
						return -1;
					f.nparams++;
					if (!is_op(cur(p), ','))
						break;
					p->i++;
				}
			}
			if (!is_op(cur(p), ')'))
				return syntax_error(p);
			p->i++;
			s[ns++] = f;
		} else {
			break;
		}
	}
	for (int i = ns - 1; i >= 0; i--) {
		if (s[i].func) {
			t = (struct kqtype){ tc_function(p->c->tc, t, s[i].params, s[i].nparams, s[i].variadic,
							 s[i].unknown), 0 };
		} else {
			t = (struct kqtype){ tc_array(p->c->tc, t, s[i].len), 0 };
		}
	}
	*out = t;
	return 0;
}

/* An abstract declarator applied to t. */
static int declarator(struct parser *p, struct kqtype t, struct kqtype *out)
{
	if (++p->depth > MAX_DEPTH) {
		err_set("Expression too complex.");
		return -1;
	}
	while (is_op(cur(p), '*')) {
		p->i++;
		t = (struct kqtype){ tc_pointer(p->c->tc, t), 0 };
		while (cur(p)->kind == TOK_NAME && in(cur(p)->text, qual_words, sizeof(qual_words) / sizeof(qual_words[0]))) {
			t.quals |= qual_of(cur(p)->text);
			p->i++;
		}
	}
	struct token *n1 = peek(p, 1);
	if (is_op(cur(p), '(') && (is_op(n1, '*') || is_op(n1, '(') || is_op(n1, '['))) {
		/* a nested declarator: what follows its ')' applies first */
		size_t open = p->i, close = open;
		int level = 0;
		for (size_t i = open; i < p->n; i++) {
			if (is_op(&p->t[i], '('))
				level++;
			else if (is_op(&p->t[i], ')') && --level == 0) {
				close = i;
				break;
			}
		}
		if (close == open) {
			p->i = p->n - 1;
			return syntax_error(p);
		}
		p->i = close + 1;
		struct kqtype outer;
		if (suffixes(p, t, &outer) != 0)
			return -1;
		size_t after = p->i;
		p->i = open + 1;
		if (declarator(p, outer, out) != 0)
			return -1;
		if (p->i != close)
			return syntax_error(p);
		p->i = after;
		p->depth--;
		return 0;
	}
	int rc = suffixes(p, t, out);
	p->depth--;
	return rc;
}

static int type_name(struct parser *p, struct kqtype *out)
{
	struct kqtype base;
	if (specifiers(p, &base) != 0)
		return -1;
	return declarator(p, base, out);
}

/* ---- expressions ---- */

static struct node *comma(struct parser *p);
static struct node *assign(struct parser *p);
static struct node *unary(struct parser *p);

/* Whether a name means something: a symbol, an enumerator, a variable
 * of the debug info (or, for eval, a hex number). */
static bool name_known(struct parser *p, const struct token *t)
{
	struct kernel *k = p->c->k;
	uint64_t a;
	int64_t ev;
	struct kqtype q;
	bool hex = t->tlen <= 16 && strspn(t->text, "0123456789abcdefABCDEF") == t->tlen;

	if ((p->c->flags & KX_CRASH_NUMBERS) && hex)
		return true;
	if (!k)
		return false;
	bool known = kernel_symbol(k, t->text, &a) == 0 ||
		     (ktype_source(k) && (kernel_enum_value(k, t->text, &ev) == 0 ||
					  ktype_of_symbol(k, t->text, &q) == 0));
	err_clear();
	return known;
}

static const struct ktype *int_literal_type(struct parser *p, const struct token *t)
{
	const struct kx_builtins *bt = p->c->bt;
	uint64_t v = t->ival;
	bool u = t->suffix & SUF_U, l = t->suffix & SUF_L, ll = t->suffix & SUF_LL;
	if (ll)
		return u || v > INT64_MAX ? bt->ullong : bt->llong;
	if (l)
		return u || v > INT64_MAX ? bt->ulong : bt->long_;
	if (u)
		return v <= UINT32_MAX ? bt->uint : bt->ulong;
	if (v <= INT32_MAX)
		return bt->int_;
	if (!t->decimal && v <= UINT32_MAX)
		return bt->uint;
	return v <= INT64_MAX ? bt->long_ : bt->ulong;
}

static struct node *primary(struct parser *p)
{
	struct token *t = cur(p);
	struct node *n;

	switch (t->kind) {
	case TOK_INT:
		n = mk(p, N_INT, t);
		n->ival = t->ival;
		n->type = (struct kqtype){ int_literal_type(p, t), 0 };
		p->i++;
		return n;
	case TOK_FLOAT:
		n = mk(p, N_FLOAT, t);
		n->fval = t->fval;
		n->type = (struct kqtype){ t->suffix == 'f' ? p->c->bt->float_ : t->suffix == 'l' ? p->c->bt->ldouble
											      : p->c->bt->double_,
					   0 };
		p->i++;
		return n;
	case TOK_CHAR:
		n = mk(p, N_CHAR, t);
		n->ival = t->ival;
		n->type = (struct kqtype){ p->c->bt->char_, 0 };
		p->i++;
		return n;
	case TOK_STRING:
		n = mk(p, N_STRING, t);
		n->sdata = (const unsigned char *)t->text;
		n->slen = t->tlen + 1;
		n->type = (struct kqtype){ tc_array(p->c->tc, (struct kqtype){ p->c->bt->char_, 0 }, (long)n->slen), 0 };
		p->i++;
		return n;
	case TOK_DOLLAR:
		n = mk(p, N_DOLLAR, t);
		n->name = t->text;
		p->i++;
		return n;
	case TOK_QNAME:
	case TOK_NAME:
		if (t->kind == TOK_NAME && (!strcmp(t->text, "sizeof") || !strcmp(t->text, "_Alignof") ||
					    !strcmp(t->text, "__alignof__")))
			break;
		if (t->kind == TOK_NAME && type_start(p, t)) {
			n = mk(p, N_TYPE, t);
			if (type_name(p, &n->type) != 0)
				return NULL;
			return n;
		}
		n = mk(p, N_NAME, t);
		n->name = t->text;
		p->i++;
		/* gdb looks names up as it parses: an unknown one is the
		 * error, whatever follows it */
		if (!is_op(cur(p), OP_SCOPE) && !name_known(p, t)) {
			if (t->kind == TOK_QNAME && t->tlen == 2)
				err_set("Invalid character constant.");
			else
				err_set("No symbol \"%s\" in current context.", t->text);
			return NULL;
		}
		/* 'file.c'::name, function::name */
		if (is_op(cur(p), OP_SCOPE)) {
			p->i++;
			if (cur(p)->kind != TOK_NAME && cur(p)->kind != TOK_QNAME) {
				syntax_error(p);
				return NULL;
			}
			n->scope = n->name;
			n->name = cur(p)->text;
			p->i++;
			/* 'file.c'::function::name */
			if (is_op(cur(p), OP_SCOPE) && peek(p, 1)->kind == TOK_NAME) {
				p->i++;
				n->scope = n->name;
				n->name = cur(p)->text;
				p->i++;
			}
		}
		return n;
	case TOK_OP:
		if (t->op == '(') {
			p->i++;
			n = comma(p);
			if (!n)
				return NULL;
			if (!is_op(cur(p), ')')) {
				syntax_error(p);
				return NULL;
			}
			p->i++;
			return n;
		}
		break;
	default:
		break;
	}
	syntax_error(p);
	return NULL;
}

static struct node *postfix(struct parser *p)
{
	struct node *n = primary(p);
	while (n) {
		struct token *t = cur(p);
		if (is_op(t, '[')) {
			p->i++;
			struct node *x = mk(p, N_INDEX, t);
			x->a = n;
			x->b = comma(p);
			if (!x->b)
				return NULL;
			if (!is_op(cur(p), ']')) {
				syntax_error(p);
				return NULL;
			}
			p->i++;
			n = x;
		} else if (is_op(t, '.') || is_op(t, OP_ARROW)) {
			p->i++;
			if (cur(p)->kind != TOK_NAME) {
				syntax_error(p);
				return NULL;
			}
			struct node *x = mk(p, N_MEMBER, t);
			x->a = n;
			x->op = t->op;
			x->name = cur(p)->text;
			p->i++;
			n = x;
		} else if (is_op(t, '(')) {
			p->i++;
			struct node *x = mk(p, N_CALL, t);
			x->a = n;
			if (!is_op(cur(p), ')')) {
				x->b = comma(p);
				if (!x->b)
					return NULL;
			}
			if (!is_op(cur(p), ')')) {
				syntax_error(p);
				return NULL;
			}
			p->i++;
			n = x;
		} else if (is_op(t, OP_INC) || is_op(t, OP_DEC)) {
			p->i++;
			struct node *x = mk(p, t->op == OP_INC ? N_POSTINC : N_POSTDEC, t);
			x->a = n;
			n = x;
		} else {
			break;
		}
	}
	return n;
}

/* '(' type ')' at the cursor? */
static bool cast_ahead(struct parser *p)
{
	return is_op(cur(p), '(') && type_start(p, peek(p, 1));
}

static struct node *unary(struct parser *p)
{
	struct token *t = cur(p);
	struct node *n;

	if (++p->depth > MAX_DEPTH) {
		err_set("Expression too complex.");
		return NULL;
	}
	if (t->kind == TOK_OP && (t->op == '-' || t->op == '+' || t->op == '!' || t->op == '~' ||
				  t->op == '*' || t->op == '&')) {
		p->i++;
		n = mk(p, N_UNARY, t);
		n->op = t->op;
		n->a = unary(p);
		p->depth--;
		return n->a ? n : NULL;
	}
	if (is_op(t, OP_INC) || is_op(t, OP_DEC)) {
		p->i++;
		n = mk(p, t->op == OP_INC ? N_PREINC : N_PREDEC, t);
		n->a = unary(p);
		p->depth--;
		return n->a ? n : NULL;
	}
	if (t->kind == TOK_NAME && (!strcmp(t->text, "sizeof") || !strcmp(t->text, "_Alignof") ||
				    !strcmp(t->text, "__alignof__"))) {
		bool size = t->text[0] == 's';
		p->i++;
		if (cast_ahead(p)) {
			p->i++;
			n = mk(p, size ? N_SIZEOF_TYPE : N_ALIGNOF_TYPE, t);
			if (type_name(p, &n->type) != 0)
				return NULL;
			if (!is_op(cur(p), ')')) {
				syntax_error(p);
				return NULL;
			}
			p->i++;
			p->depth--;
			return n;
		}
		n = mk(p, size ? N_SIZEOF_EXPR : N_ALIGNOF_EXPR, t);
		n->a = unary(p);
		p->depth--;
		return n->a ? n : NULL;
	}
	if (cast_ahead(p)) {
		p->i++;
		n = mk(p, N_CAST, t);
		if (type_name(p, &n->type) != 0)
			return NULL;
		if (!is_op(cur(p), ')')) {
			syntax_error(p);
			return NULL;
		}
		p->i++;
		/* "(type)" alone is the type (whatis (char)) */
		if (cur(p)->kind == TOK_END || is_op(cur(p), ')') || is_op(cur(p), ',')) {
			n->kind = N_TYPE;
			p->depth--;
			return n;
		}
		n->a = unary(p);
		p->depth--;
		return n->a ? n : NULL;
	}
	if (is_op(t, '{')) {
		/* gdb's {type} addr: the object of type at addr */
		p->i++;
		n = mk(p, N_BRACE, t);
		if (type_name(p, &n->type) != 0)
			return NULL;
		if (!is_op(cur(p), '}')) {
			syntax_error(p);
			return NULL;
		}
		p->i++;
		n->a = unary(p);
		p->depth--;
		return n->a ? n : NULL;
	}
	n = postfix(p);
	p->depth--;
	return n;
}

/* Binary operators by level, tightest last. */
static int level_of(const struct token *t)
{
	if (t->kind != TOK_OP)
		return -1;
	switch (t->op) {
	case OP_OROR: return 0;
	case OP_ANDAND: return 1;
	case '|': return 2;
	case '^': return 3;
	case '&': return 4;
	case OP_EQ: case OP_NE: return 5;
	case '<': case '>': case OP_LE: case OP_GE: return 6;
	case OP_SHL: case OP_SHR: return 7;
	case '@': return 8;
	case '+': case '-': return 9;
	case '*': case '/': case '%': return 10;
	default: return -1;
	}
}

static struct node *binary(struct parser *p, int min)
{
	struct node *l = unary(p);
	while (l) {
		struct token *t = cur(p);
		int lv = level_of(t);
		if (lv < 0 || lv < min)
			break;
		p->i++;
		struct node *r = binary(p, lv + 1);
		if (!r)
			return NULL;
		struct node *n = mk(p, t->op == OP_ANDAND || t->op == OP_OROR ? N_LOGICAL : t->op == '@' ? N_AT : N_BINARY, t);
		n->op = t->op;
		n->a = l;
		n->b = r;
		l = n;
	}
	return l;
}

static struct node *conditional(struct parser *p)
{
	struct node *c = binary(p, 0);
	if (!c || !is_op(cur(p), '?'))
		return c;
	struct token *t = cur(p);
	p->i++;
	struct node *n = mk(p, N_COND, t);
	n->a = c;
	n->b = comma(p);
	if (!n->b)
		return NULL;
	if (!is_op(cur(p), ':')) {
		syntax_error(p);
		return NULL;
	}
	p->i++;
	n->c = conditional(p);
	return n->c ? n : NULL;
}

static struct node *assign(struct parser *p)
{
	if (++p->depth > MAX_DEPTH) {
		err_set("Expression too complex.");
		return NULL;
	}
	struct node *l = conditional(p);
	struct token *t = cur(p);
	if (l && (is_op(t, '=') || is_op(t, OP_ASSIGN_MOD))) {
		p->i++;
		struct node *n = mk(p, N_ASSIGN, t);
		n->a = l;
		n->sub = t->op == '=' ? 0 : t->sub;
		n->b = assign(p);
		l = n->b ? n : NULL;
	}
	p->depth--;
	return l;
}

static struct node *comma(struct parser *p)
{
	struct node *l = assign(p);
	while (l && is_op(cur(p), ',')) {
		struct token *t = cur(p);
		p->i++;
		struct node *n = mk(p, N_COMMA, t);
		n->a = l;
		n->b = assign(p);
		l = n->b ? n : NULL;
	}
	return l;
}

struct node *kx_parse(struct kx_ctx *c, struct token *toks, size_t n)
{
	struct parser p = { .c = c, .t = toks, .n = n };
	if (toks[0].kind == TOK_END) {
		err_set("A syntax error in expression, near `'.");
		return NULL;
	}
	struct node *root = comma(&p);
	if (root && cur(&p)->kind != TOK_END) {
		syntax_error(&p);
		return NULL;
	}
	return root;
}

bool kx_parse_type(struct kx_ctx *c, const char *text, struct kqtype *out)
{
	struct token *toks;
	size_t n;
	char *saved = NULL;

	if (err_get()[0])
		saved = xa_strndup(&c->scratch, err_get(), strlen(err_get()));
	if (kx_lex(c, text, &toks, &n) != 0)
		goto no;
	struct parser p = { .c = c, .t = toks, .n = n };
	if (!type_start(&p, cur(&p)) || type_name(&p, out) != 0 || cur(&p)->kind != TOK_END)
		goto no;
	return true;
no:
	if (saved)
		err_set("%s", saved);
	else
		err_clear();
	return false;
}
