/* Private to the expression evaluator (expr_*.c): tokens, the syntax
 * tree, the evaluation context and the per-kernel state (value history,
 * convenience variables, the current context).
 *
 *   expr_lex.c     text -> tokens (literals with C's typing rules)
 *   expr_parse.c   tokens -> syntax tree (C precedence; type names)
 *   expr_eval.c    syntax tree -> value (names, members, casts, '@')
 *   expr_ops.c     arithmetic on values (promotions, overflow checks)
 *   expr_value.c   reading values, builtin types, history, variables
 *   expr_regs.c    registers of the current context
 *   expr_format.c  print/FMT of values (kx_print, kx_parse_format)
 *   expr.c         kx_eval and the older kexpr_* interface */
#ifndef CRASH_KERNEL_TYPES_EXPR_IMPL_H
#define CRASH_KERNEL_TYPES_EXPR_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"
#include "kernel-types/expr.h"
#include "kernel-types/type_source.h"

/* ---- allocation: blocks freed together ---- */

struct xarena {
	struct xarena_block *head;
};
void *xa_alloc(struct xarena *a, size_t n);
char *xa_strndup(struct xarena *a, const char *s, size_t n);
void xa_free(struct xarena *a);

/* ---- tokens ---- */

enum tok_kind {
	TOK_END,
	TOK_INT,	/* integer literal */
	TOK_FLOAT,	/* floating literal */
	TOK_CHAR,	/* 'c' */
	TOK_STRING,	/* "..." (adjacent ones joined) */
	TOK_NAME,	/* identifier or keyword */
	TOK_QNAME,	/* 'quoted name' (a file, a symbol with dots) */
	TOK_DOLLAR,	/* $..., text after the '$' */
	TOK_OP,		/* punctuation: op */
};

/* Operators of more than one character (single ones are their char). */
enum {
	OP_SHL = 256, OP_SHR, OP_LE, OP_GE, OP_EQ, OP_NE, OP_ANDAND, OP_OROR, OP_ARROW,
	OP_INC, OP_DEC, OP_SCOPE,
	OP_ASSIGN_MOD,	/* op= : the operator in sub */
};

/* Integer literal suffix bits. */
enum { SUF_U = 1, SUF_L = 2, SUF_LL = 4 };

struct token {
	enum tok_kind kind;
	int op, sub;		/* TOK_OP */
	const char *pos;	/* where it starts in the text */
	size_t len;
	uint64_t ival;		/* TOK_INT, TOK_CHAR */
	int suffix;		/* TOK_INT: SUF_*; TOK_FLOAT: 'f', 'l' or 0 */
	bool decimal;		/* TOK_INT written in decimal */
	double fval;		/* TOK_FLOAT */
	char *text;		/* TOK_NAME, TOK_QNAME, TOK_DOLLAR; TOK_STRING bytes */
	size_t tlen;
};

struct kx_ctx;
/* All the tokens of text, ending with a TOK_END; -1 with err_get(). */
int kx_lex(struct kx_ctx *c, const char *text, struct token **toks, size_t *n);

/* ---- syntax tree ---- */

enum node_kind {
	N_INT, N_FLOAT, N_CHAR, N_STRING,
	N_NAME,		/* name (scope: 'file.c' or function, or NULL) */
	N_DOLLAR,	/* $..., history, register or convenience variable */
	N_UNARY,	/* op a: - + ! ~ * & */
	N_PREINC, N_PREDEC, N_POSTINC, N_POSTDEC,
	N_BINARY,	/* a op b */
	N_LOGICAL,	/* a && b, a || b */
	N_ASSIGN,	/* a = b, a op= b (op in sub) */
	N_COND,		/* a ? b : c */
	N_COMMA,
	N_CAST,		/* (type) a */
	N_BRACE,	/* {type} a */
	N_SIZEOF_TYPE, N_SIZEOF_EXPR, N_ALIGNOF_TYPE, N_ALIGNOF_EXPR,
	N_MEMBER,	/* a.name, a->name */
	N_INDEX,	/* a[b] */
	N_AT,		/* a@b */
	N_CALL,		/* a(...) */
	N_TYPE,		/* a type where a value was expected */
};

struct node {
	enum node_kind kind;
	int op, sub;
	struct node *a, *b, *c;
	struct kqtype type;	/* literals, casts, sizeof */
	const char *name, *scope;
	uint64_t ival;
	double fval;
	const unsigned char *sdata; /* N_STRING, with its NUL */
	size_t slen;
	const char *pos;	/* in the text, for errors */
};

/* The syntax tree of the tokens; -1 with err_get(). */
struct node *kx_parse(struct kx_ctx *c, struct token *toks, size_t n);
/* A type name alone ("struct task_struct *", "int [4]", "void (*)(void)")
 * when text is one; false otherwise (err_get() untouched). */
bool kx_parse_type(struct kx_ctx *c, const char *text, struct kqtype *out);

/* ---- builtin types ---- */

struct kx_builtins {
	const struct ktype *char_, *schar, *uchar, *short_, *ushort, *int_, *uint, *long_, *ulong,
		*llong, *ullong, *bool_, *float_, *double_, *ldouble;
	const struct ktype *int8, *int16, *int32, *int64; /* int8_t ... typedefs */
	const struct ktype *uint32;	/* uint32_t (arm64's $w0) */
	const struct ktype *code_ptr;	/* void (*)() */
	const struct ktype *data_ptr;	/* void * */
	const struct ktype *nodebug_text, *nodebug_data; /* <text variable, no debug info> */
};

/* ---- per-kernel state ---- */

struct kx_var {
	char *name;
	struct kx_value v;
};

struct kx_state {
	struct xarena keep;		/* contents of values kept (history, variables) */
	struct xarena recent;		/* of the last kx_eval's result (freed by the next) */
	struct kx_value *history;
	size_t nhistory, caphistory;
	struct kx_var *vars;
	size_t nvars, capvars;
	uint64_t (*task_fn)(void *arg, int *cpu);
	void *task_arg;
	/* the flags register's type (x86_64's i386_eflags, arm64's cpsr_flags), made on first
	 * use from the architecture's description, which prints it */
	const struct ktype *flags_type;
	struct arch_gdb_reg flags_reg;
	struct type_cache *tc;
	struct kx_builtins bt;
	bool have_bt;
};
/* The state of k (NULL: the one for evaluations without a kernel). */
struct kx_state *kx_state(struct kernel *k);

/* ---- the evaluation ---- */

struct kx_ctx {
	struct kernel *k;
	struct kx_state *st;
	struct type_cache *tc;
	const struct kx_builtins *bt;
	unsigned flags;
	const char *text;
	struct xarena scratch;		/* tokens, nodes, computed contents */
	int depth;
};

int kx_ctx_init(struct kx_ctx *c, struct kernel *k, const char *text, unsigned flags);
void kx_ctx_done(struct kx_ctx *c);
bool kx_noside(const struct kx_ctx *c);

int kx_eval_node(struct kx_ctx *c, const struct node *n, struct kx_value *out);

/* values */
const unsigned char *kx_data(const struct kx_value *v);
long kx_size(const struct kx_value *v);		/* of its type; -1 */
/* A computed value of type t from len bytes (copied; scratch when long). */
void kx_make(struct kx_ctx *c, struct kx_value *v, struct kqtype t, const void *bytes, size_t len);
void kx_make_int(struct kx_ctx *c, struct kx_value *v, const struct ktype *t, uint64_t x);
void kx_make_double(struct kx_ctx *c, struct kx_value *v, const struct ktype *t, double x);
void kx_make_memory(struct kx_value *v, struct kqtype t, uint64_t addr);
/* Contents of v (size of its type) into buf: reads memory, extracts a
 * bitfield; in a types-only evaluation memory reads as zeros. */
int kx_fetch(struct kx_ctx *c, const struct kx_value *v, unsigned char *buf, size_t len);
/* Scalars: integer value (sign-extended by type), or as double. */
int kx_to_u64(struct kx_ctx *c, const struct kx_value *v, uint64_t *out);
int kx_to_double(struct kx_ctx *c, const struct kx_value *v, double *out);
bool kx_is_integral(const struct ktype *t);	/* int, char, bool, enum */
bool kx_is_scalar(const struct ktype *t);	/* integral, float, pointer */
/* An array lvalue as a pointer to its first element, a function as a
 * pointer to it; other values unchanged. */
int kx_decay(struct kx_ctx *c, struct kx_value *v);
/* The error "Cannot access memory at address 0x..." for addr. */
int kx_memory_error(uint64_t addr);

/* operators (expr_ops.c) */
int kx_unary_op(struct kx_ctx *c, int op, struct kx_value *v);
int kx_binary_op(struct kx_ctx *c, int op, const struct kx_value *a, const struct kx_value *b,
		 struct kx_value *out);
int kx_cast(struct kx_ctx *c, struct kqtype to, const struct kx_value *v, struct kx_value *out);
bool kx_truth(struct kx_ctx *c, const struct kx_value *v, int *err);
/* The type integers promote to (int, unsigned int, long, ...). */
const struct ktype *kx_promote(struct kx_ctx *c, const struct ktype *t);

/* history and variables (expr_value.c) */
int kx_history_get(struct kx_ctx *c, long n, bool relative, struct kx_value *out);
struct kx_var *kx_var_find(struct kx_state *st, const char *name, bool create);
/* A value's contents and symbol copied into arena (the state's keep:
 * as long as the kernel; recent: until the next kx_eval). */
void kx_keep(struct xarena *arena, struct kx_value *v);

/* registers (expr_regs.c): $name of the current context; 1 when name
 * is no register, 0 with out set, -1 with err_get(). */
int kx_register(struct kx_ctx *c, const char *name, struct kx_value *out);
/* The register whose flags type t is (x86_64's i386_eflags, arm64's
 * cpsr_flags), which names its bits and fields; NULL for another type. */
const struct arch_gdb_reg *kx_flags_reg(struct kernel *k, const struct ktype *t);

/* The gdb name of the type, as whatis prints it ("struct ex_node *"). */
void kx_type_name(struct kqtype t, char *buf, size_t len);
/* The alignment of a type (_Alignof). */
long kx_alignof(const struct ktype *t);

/* The value printer for typeprint.h's tp_value*: natural format, the
 * session's print settings, radix 16 when hex. */
void kx_print_bytes(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf, size_t len,
		    uint64_t addr, bool have_addr, int indent, bool hex);

#endif
