/* The evaluator: a syntax tree -> a value.  Names are looked up as gdb
 * does (variables and functions with debug information, enumerators,
 * then the ELF symbols that have none); members are reached through any
 * number of pointers with either '.' or '->'; '*' and '&' work on any
 * lvalue; '@' makes an array of consecutive objects in memory. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/gdbinfo.h"

static int no_symbol(const char *name)
{
	err_set("No symbol \"%s\" in current context.", name);
	return -1;
}

static bool all_hex(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

static int lookup_name(struct kx_ctx *c, const char *scope, const char *name, struct kx_value *out)
{
	struct kernel *k = c->k;
	struct kqtype t;
	uint64_t addr;
	int64_t ev;
	const struct ktype *et;

	memset(out, 0, sizeof(*out));
	if (scope) {
		if (!k)
			return no_symbol(scope);
		if (kgdb_scoped_symbol(k, scope, name, &t, &addr) != 0)
			return -1;
		kx_make_memory(out, t, addr);
		return 0;
	}
	if (k) {
		struct kernel_sym ks;
		bool found = kernel_symbol_info(k, name, &ks) == 0;
		bool have_sym = found && !ks.module;
		/* a module's symbol is typed only by its module's debuginfo
		 * (mod -s): the kernel's type of a name says nothing of it */
		bool typed = have_sym || (found && kernel_module_debuginfo_file(k, ks.module));
		err_clear();
		if (have_sym && (c->flags & KX_SYMBOL_ADDRESSES)) {
			kx_make_int(c, out, c->bt->ulong, ks.addr);
			return 0;
		}
		if (typed && ktype_source(k) && ktype_of_symbol(k, name, &t) == 0) {
			/* "extern char linux_banner[]": the definition's length,
			 * from the symbol's size, as gdb has it */
			const struct ktype *st = ktype_strip(t.type);
			long esz = ktype_size(ktype_target(st).type);
			if (ktype_kind(st) == KT_ARRAY && ktype_length(st) < 0 && ks.size && esz > 0)
				t.type = tc_array(c->tc, ktype_target(st), (long)(ks.size / (uint64_t)esz));
			if (ktype_kind(st) == KT_FUNCTION)
				ks.addr = kgdb_function_entry(k, ks.addr, ks.size);
			kx_make_memory(out, t, ks.addr);
			out->symbol = name;
			out->percpu = ks.percpu;
			return 0;
		}
		err_clear();
		if (ktype_source(k) && ktype_lookup_enumerator(k, name, &ev, &et) == 0) {
			kx_make_int(c, out, et ? et : c->bt->int_, (uint64_t)ev);
			return 0;
		}
		err_clear();
		if (have_sym || kernel_symbol_info(k, name, &ks) == 0) {
			bool text = strchr("TtWw", ks.type) != NULL;
			kx_make_memory(out, (struct kqtype){ text ? c->bt->nodebug_text : c->bt->nodebug_data, 0 },
				       ks.addr);
			out->symbol = name;
			out->percpu = ks.percpu;
			out->no_debug = true;
			return 0;
		}
		err_clear();
	}
	if ((c->flags & KX_CRASH_NUMBERS) && all_hex(name) && strlen(name) <= 16) {
		uint64_t v = 0;
		for (const char *p = name; *p; p++)
			v = v * 16 + (uint64_t)(isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10);
		kx_make_int(c, out, c->bt->ulong, v);
		return 0;
	}
	return no_symbol(name);
}

static int dollar(struct kx_ctx *c, const char *text, struct kx_value *out)
{
	memset(out, 0, sizeof(*out));
	if (!*text)
		return kx_history_get(c, 0, true, out);
	if (text[0] == '$') {
		const char *d = text + 1;
		if (!*d)
			return kx_history_get(c, 1, true, out);
		if (strspn(d, "0123456789") == strlen(d))
			return kx_history_get(c, strtol(d, NULL, 10), true, out);
	}
	if (strspn(text, "0123456789") == strlen(text))
		return kx_history_get(c, strtol(text, NULL, 10), false, out);
	int rc = kx_register(c, text, out);
	if (rc <= 0)
		return rc;
	struct kx_var *v = kx_var_find(c->st, text, false);
	if (v) {
		*out = v->v;	/* unset: void */
		/* a copy: the variable may be set again before it is used */
		if (v->v.data)
			kx_make(c, out, v->v.type, v->v.data, (size_t)kx_size(&v->v));
	}
	return 0;
}

static int deref(struct kx_ctx *c, const struct kx_value *v, struct kx_value *out)
{
	const struct ktype *t = ktype_strip(v->type.type);
	switch (ktype_kind(t)) {
	case KT_POINTER: {
		struct kqtype target = ktype_target(t);
		if (!target.type) {
			err_set("Attempt to take contents of a non-pointer value.");
			return -1;
		}
		uint64_t a;
		if (kx_to_u64(c, v, &a) != 0)
			return -1;
		kx_make_memory(out, target, a);
		return 0;
	}
	case KT_ARRAY:
		if (v->where != KX_MEMORY) {
			err_set("evaluation of this expression requires the target program to be active");
			return -1;
		}
		kx_make_memory(out, ktype_target(t), v->addr);
		return 0;
	case KT_FUNCTION:
		*out = *v;
		out->symbol = NULL;
		return 0;
	case KT_INT:
	case KT_ENUM:
	case KT_BOOL: {
		/* gdb: *INTEGER is the int at that address */
		uint64_t a;
		if (!t || kx_to_u64(c, v, &a) != 0) {
			err_set("Attempt to take contents of a non-pointer value.");
			return -1;
		}
		kx_make_memory(out, (struct kqtype){ c->bt->int_, 0 }, a);
		return 0;
	}
	default:
		err_set("Attempt to take contents of a non-pointer value.");
		return -1;
	}
}

static int address_of(struct kx_ctx *c, const struct kx_value *v, struct kx_value *out)
{
	const struct ktype *t = ktype_strip(v->type.type);
	if (v->where != KX_MEMORY) {
		err_set("Attempt to take address of value not located in memory.");
		return -1;
	}
	if (ktype_kind(t) == KT_FUNCTION && !v->no_debug) {
		kx_make_int(c, out, tc_pointer(c->tc, (struct kqtype){ v->type.type, 0 }), v->addr);
		return 0;
	}
	kx_make_int(c, out, tc_pointer(c->tc, v->type), v->addr);
	return 0;
}

static int member(struct kx_ctx *c, const struct kx_value *v0, const char *name, struct kx_value *out)
{
	struct kx_value v = *v0;
	const struct ktype *t = ktype_strip(v.type.type);

	/* gdb follows pointers for '.' and '->' alike */
	for (int guard = 0; ktype_kind(t) == KT_POINTER && guard < 8; guard++) {
		struct kx_value d;
		if (deref(c, &v, &d) != 0)
			return -1;
		v = d;
		t = ktype_strip(v.type.type);
	}
	if (!t || (ktype_kind(t) != KT_STRUCT && ktype_kind(t) != KT_UNION)) {
		err_set("Attempt to extract a component of a value that is not a structure%s.",
			ktype_kind(t) == KT_POINTER ? " pointer" : "");
		return -1;
	}
	if (!ktype_is_complete(t)) {
		err_set("The type %s %s is incomplete: it has no members.",
			ktype_kind(t) == KT_UNION ? "union" : "struct", ktype_name(t) ? ktype_name(t) : "");
		return -1;
	}
	struct kmember_ref m;
	if (strchr(name, '.') || strchr(name, '[') || ktype_member(t, name, &m) != 0) {
		err_set("There is no member named %s.", name);
		return -1;
	}
	if (v.where == KX_MEMORY) {
		kx_make_memory(out, m.type, v.addr + (uint64_t)m.offset);
		out->bit_offset = m.bit_offset;
		out->bit_size = m.bit_size;
		return 0;
	}
	/* a member of a computed struct */
	long size = ktype_size(m.type.type);
	long whole = kx_size(&v);
	if (size < 0 || m.offset < 0 || (m.bit_size ? m.offset >= whole : m.offset + size > whole)) {
		err_set("There is no member named %s.", name);
		return -1;
	}
	const unsigned char *d = kx_data(&v) + m.offset;
	if (m.bit_size) {
		uint64_t raw = 0;
		size_t need = (size_t)(m.bit_offset + m.bit_size + 7) / 8;
		if (need > (size_t)(whole - m.offset))
			need = (size_t)(whole - m.offset);
		memcpy(&raw, d, need > 8 ? 8 : need);
		raw >>= m.bit_offset;
		if (m.bit_size < 64)
			raw &= (1ull << m.bit_size) - 1;
		if (ktype_is_signed(m.type.type) && m.bit_size < 64 && (raw >> (m.bit_size - 1)) & 1)
			raw |= ~0ull << m.bit_size;
		kx_make_int(c, out, m.type.type, raw);
		out->type = m.type;
		return 0;
	}
	kx_make(c, out, m.type, d, (size_t)size);
	return 0;
}

static int type_description(struct kqtype t, char *buf, size_t len)
{
	kx_type_name(t, buf, len);
	return 0;
}

static int subscript(struct kx_ctx *c, const struct kx_value *a0, const struct kx_value *i0,
		     struct kx_value *out)
{
	const struct kx_value *a = a0, *i = i0;
	const struct ktype *ta = ktype_strip(a->type.type);
	/* i[a] is a[i] */
	if (kx_is_integral(ta)) {
		const struct ktype *ti = ktype_strip(i->type.type);
		if (ktype_kind(ti) == KT_ARRAY || ktype_kind(ti) == KT_POINTER) {
			a = i0;
			i = a0;
			ta = ti;
		}
	}
	uint64_t idx;
	if (ktype_kind(ta) == KT_STRUCT || ktype_kind(ta) == KT_UNION) {
		err_set("Structure has no component named operator[].");
		return -1;
	}
	if (ktype_kind(ta) != KT_ARRAY && ktype_kind(ta) != KT_POINTER) {
		char d[256];
		type_description(a->type, d, sizeof(d));
		err_set("cannot subscript something of type `%s'", d);
		return -1;
	}
	if (!kx_is_scalar(i->type.type) || ktype_kind(ktype_strip(i->type.type)) == KT_POINTER) {
		err_set("Argument to arithmetic operation not a number or boolean.");
		return -1;
	}
	if (kx_to_u64(c, i, &idx) != 0)
		return -1;
	if (ktype_kind(ta) == KT_POINTER) {
		struct kqtype target = ktype_target(ta);
		long esz = ktype_size(target.type);
		uint64_t p;
		if (!target.type) {
			err_set("Attempt to take contents of a non-pointer value.");
			return -1;
		}
		if (kx_to_u64(c, a, &p) != 0)
			return -1;
		kx_make_memory(out, target, p + idx * (uint64_t)(esz > 0 ? esz : 1));
		return 0;
	}
	struct kqtype el = ktype_target(ta);
	long esz = ktype_size(el.type);
	if (esz <= 0) {
		err_set("cannot subscript an array of elements of unknown size");
		return -1;
	}
	if (a->where == KX_MEMORY) {
		kx_make_memory(out, el, a->addr + idx * (uint64_t)esz);
		return 0;
	}
	long n = ktype_length(ta);
	if ((int64_t)idx < 0 || (long)idx >= n) {
		err_set("no such vector element");
		return -1;
	}
	kx_make(c, out, el, kx_data(a) + (long)idx * esz, (size_t)esz);
	return 0;
}

/* The convenience variable an assignment or ++ names; -1 otherwise. */
static int assign_target(struct kx_ctx *c, const struct node *n, const char **name)
{
	if (n->kind == N_DOLLAR && n->name[0] && !isdigit((unsigned char)n->name[0]) && n->name[0] != '$') {
		struct kx_value r;
		if (kx_register(c, n->name, &r) == 1) {
			*name = n->name;
			return 0;
		}
		err_clear();
		err_set("Cannot change the registers of a crash dump.");
		return -1;
	}
	struct kx_value v;
	if (kx_eval_node(c, n, &v) != 0)
		return -1;
	if (v.where == KX_MEMORY)
		err_set("Cannot access memory at address 0x%llx: a crash dump cannot be written.",
			(unsigned long long)v.addr);
	else
		err_set("Left operand of assignment is not an lvalue.");
	return -1;
}

static int assign(struct kx_ctx *c, const struct node *n, struct kx_value *out)
{
	const char *name;
	if (assign_target(c, n->a, &name) != 0)
		return -1;
	struct kx_value rhs;
	if (kx_eval_node(c, n->b, &rhs) != 0)
		return -1;
	if (n->sub) {
		struct kx_value old;
		struct kx_var *var = kx_var_find(c->st, name, false);
		if (var)
			old = var->v;
		else
			memset(&old, 0, sizeof(old));
		if (kx_binary_op(c, n->sub, &old, &rhs, &rhs) != 0)
			return -1;
	}
	if (rhs.where == KX_MEMORY && !kx_noside(c)) {
		/* gdb copies the contents into the variable */
		long size = kx_size(&rhs);
		if (size > 0 && size <= (1 << 20)) {
			unsigned char *buf = xa_alloc(&c->scratch, (size_t)size);
			if (kx_fetch(c, &rhs, buf, (size_t)size) != 0)
				return -1;
			struct kqtype t = rhs.type;
			kx_make(c, &rhs, t, buf, (size_t)size);
		}
	}
	rhs.symbol = NULL;
	if (!kx_noside(c))
		kx_set_var(c->k, name, &rhs);
	*out = rhs;
	return 0;
}

static int incdec(struct kx_ctx *c, const struct node *n, struct kx_value *out)
{
	const char *name;
	if (assign_target(c, n->a, &name) != 0)
		return -1;
	struct kx_value old, one, neu;
	struct kx_var *var = kx_var_find(c->st, name, false);
	if (var)
		old = var->v;
	else
		memset(&old, 0, sizeof(old));
	kx_make_int(c, &one, c->bt->int_, 1);
	bool inc = n->kind == N_PREINC || n->kind == N_POSTINC;
	if (kx_binary_op(c, inc ? '+' : '-', &old, &one, &neu) != 0)
		return -1;
	/* keep the variable's type */
	if (old.type.type && kx_cast(c, old.type, &neu, &neu) != 0)
		return -1;
	if (!kx_noside(c))
		kx_set_var(c->k, name, &neu);
	*out = n->kind == N_PREINC || n->kind == N_PREDEC ? neu : old;
	return 0;
}

static long size_of(const struct kqtype t)
{
	const struct ktype *s = ktype_strip(t.type);
	if (!s || ktype_kind(s) == KT_FUNCTION)
		return 1;	/* gdb: sizeof(void) and of a function are 1 */
	return ktype_size(s);
}

int kx_eval_node(struct kx_ctx *c, const struct node *n, struct kx_value *out)
{
	struct kx_value a, b;
	int rc;

	if (++c->depth > 400) {
		err_set("Expression too complex.");
		return -1;
	}
	memset(out, 0, sizeof(*out));
	switch (n->kind) {
	case N_INT:
	case N_CHAR:
		kx_make_int(c, out, n->type.type, n->ival);
		rc = 0;
		break;
	case N_FLOAT:
		kx_make_double(c, out, n->type.type, n->fval);
		rc = 0;
		break;
	case N_STRING:
		kx_make(c, out, n->type, n->sdata, n->slen);
		rc = 0;
		break;
	case N_NAME:
		rc = lookup_name(c, n->scope, n->name, out);
		break;
	case N_DOLLAR:
		rc = dollar(c, n->name, out);
		break;
	case N_UNARY:
		if ((rc = kx_eval_node(c, n->a, &a)) != 0)
			break;
		if (n->op == '*')
			rc = deref(c, &a, out);
		else if (n->op == '&')
			rc = address_of(c, &a, out);
		else {
			*out = a;
			out->symbol = NULL;
			rc = kx_unary_op(c, n->op, out);
		}
		break;
	case N_PREINC:
	case N_PREDEC:
	case N_POSTINC:
	case N_POSTDEC:
		rc = incdec(c, n, out);
		break;
	case N_BINARY:
		if ((rc = kx_eval_node(c, n->a, &a)) != 0 || (rc = kx_eval_node(c, n->b, &b)) != 0)
			break;
		rc = kx_binary_op(c, n->op, &a, &b, out);
		break;
	case N_LOGICAL: {
		int err = 0;
		if ((rc = kx_eval_node(c, n->a, &a)) != 0)
			break;
		bool l = kx_truth(c, &a, &err);
		if (err) {
			rc = -1;
			break;
		}
		bool r = l;
		if ((n->op == OP_ANDAND && l) || (n->op == OP_OROR && !l) || kx_noside(c)) {
			if ((rc = kx_eval_node(c, n->b, &b)) != 0)
				break;
			r = kx_truth(c, &b, &err);
			if (err) {
				rc = -1;
				break;
			}
			if (kx_noside(c))
				r = false;
		}
		kx_make_int(c, out, c->bt->int_, r);
		rc = 0;
		break;
	}
	case N_ASSIGN:
		rc = assign(c, n, out);
		break;
	case N_COND: {
		int err = 0;
		if ((rc = kx_eval_node(c, n->a, &a)) != 0)
			break;
		bool t = kx_truth(c, &a, &err);
		if (err) {
			rc = -1;
			break;
		}
		rc = kx_eval_node(c, t ? n->b : n->c, out);
		break;
	}
	case N_COMMA:
		if ((rc = kx_eval_node(c, n->a, &a)) != 0)
			break;
		rc = kx_eval_node(c, n->b, out);
		break;
	case N_CAST:
		if ((rc = kx_eval_node(c, n->a, &a)) != 0)
			break;
		rc = kx_cast(c, n->type, &a, out);
		break;
	case N_BRACE: {
		uint64_t addr;
		if ((rc = kx_eval_node(c, n->a, &a)) != 0)
			break;
		if ((rc = kx_to_u64(c, &a, &addr)) != 0)
			break;
		kx_make_memory(out, n->type, addr);
		break;
	}
	case N_SIZEOF_TYPE:
	case N_SIZEOF_EXPR:
	case N_ALIGNOF_TYPE:
	case N_ALIGNOF_EXPR: {
		struct kqtype t = n->type;
		if (n->kind == N_SIZEOF_EXPR || n->kind == N_ALIGNOF_EXPR) {
			unsigned saved = c->flags;
			c->flags |= KX_NO_SIDE_EFFECTS;
			rc = kx_eval_node(c, n->a, &a);
			c->flags = saved;
			if (rc != 0)
				break;
			if (a.no_debug) {
				err_set("'%s' has unknown type; cast it to its declared type", a.symbol);
				rc = -1;
				break;
			}
			t = a.type;
		}
		long v = n->kind == N_SIZEOF_TYPE || n->kind == N_SIZEOF_EXPR ? size_of(t) : kx_alignof(t.type);
		if (v < 0) {
			char d[256];
			kx_type_name(t, d, sizeof(d));
			err_set("Attempt to take size of incomplete type %s", d);
			rc = -1;
			break;
		}
		kx_make_int(c, out, c->bt->int_, (uint64_t)v);
		rc = 0;
		break;
	}
	case N_MEMBER:
		if ((rc = kx_eval_node(c, n->a, &a)) != 0)
			break;
		rc = member(c, &a, n->name, out);
		break;
	case N_INDEX:
		if ((rc = kx_eval_node(c, n->a, &a)) != 0 || (rc = kx_eval_node(c, n->b, &b)) != 0)
			break;
		rc = subscript(c, &a, &b, out);
		break;
	case N_AT: {
		uint64_t count;
		if ((rc = kx_eval_node(c, n->a, &a)) != 0 || (rc = kx_eval_node(c, n->b, &b)) != 0)
			break;
		if (!kx_is_integral(b.type.type)) {
			err_set("Non-integral right operand for \"@\" operator.");
			rc = -1;
			break;
		}
		if (a.where != KX_MEMORY || a.bit_size) {
			err_set("Only values in memory can be extended with '@'.");
			rc = -1;
			break;
		}
		if ((rc = kx_to_u64(c, &b, &count)) != 0)
			break;
		if ((int64_t)count <= 0 && !kx_noside(c)) {
			err_set("Invalid number %lld of repetitions.", (long long)count);
			rc = -1;
			break;
		}
		if (count > (1u << 24)) {
			err_set("Invalid number %llu of repetitions: too many.", (unsigned long long)count);
			rc = -1;
			break;
		}
		kx_make_memory(out, (struct kqtype){ tc_array(c->tc, a.type, (long)(count ? count : 1)), 0 }, a.addr);
		rc = 0;
		break;
	}
	case N_CALL:
		err_set("You can't do that without a process to debug.");
		rc = -1;
		break;
	case N_TYPE:
	default:
		err_set("Attempt to use a type name as an expression");
		rc = -1;
		break;
	}
	c->depth--;
	return rc;
}
