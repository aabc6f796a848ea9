#include "kernel-types/typeprint.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/expr_impl.h"
#include "kernel-types/gdbinfo.h"


/* --- declarations --- */

/* gdb spells GCC's base type names the C way. */
static const char *c_name(const char *n)
{
	static const char *const map[][2] = {
		{ "long unsigned int", "unsigned long" },
		{ "long int", "long" },
		{ "long long unsigned int", "unsigned long long" },
		{ "long long int", "long long" },
		{ "short unsigned int", "unsigned short" },
		{ "short int", "short" },
	};
	for (size_t i = 0; n && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(n, map[i][0]))
			return map[i][1];
	return n;
}

static const char *quals_name(unsigned q)
{
	static const char *const names[] = {
		"", "const", "volatile", "const volatile",
	};
	if (q & KQ_RESTRICT)
		return "restrict";
	if (q & KQ_ATOMIC)
		return "_Atomic";
	return names[q & 3];
}

static void decl_into(struct kqtype q, const char *inner, char *buf, size_t len, int depth)
{
	const struct ktype *type = q.type;
	const char *n = ktype_name(type);
	char tmp[512];

	/* C's qualified array is an array of qualified elements */
	if (q.quals && type && ktype_kind(type) == KT_ARRAY && depth <= 32) {
		char sub[512];
		struct kqtype el = ktype_target(type);
		long n2 = ktype_length(type);
		if (n2 > 0)
			snprintf(tmp, sizeof(tmp), "%s[%ld]", inner, n2);
		else
			snprintf(tmp, sizeof(tmp), "%s[]", inner);
		el.quals |= q.quals;
		decl_into(el, tmp, sub, sizeof(sub), depth + 1);
		snprintf(buf, len, "%s", sub);
		return;
	}
	if (q.quals && depth <= 32) {
		/* the qualifier of a pointer comes after its '*' */
		const char *qs = quals_name(q.quals);
		struct kqtype bare = { type, 0 };
		if (!type) {
			snprintf(buf, len, "%s void%s%s", qs, *inner ? " " : "", inner);
		} else if (ktype_kind(type) == KT_POINTER) {
			snprintf(tmp, sizeof(tmp), "%s %s", qs, inner);
			decl_into(bare, tmp, buf, len, depth + 1);
		} else {
			char sub[512];
			decl_into(bare, inner, sub, sizeof(sub), depth + 1);
			snprintf(buf, len, "%s %s", qs, sub);
		}
		return;
	}
	if (!type || depth > 32) {
		snprintf(buf, len, "void%s%s", *inner ? " " : "", inner);
		return;
	}
	switch (ktype_kind(type)) {
	case KT_POINTER: {
		struct kqtype t = ktype_target(type);
		enum ktype_kind tk = ktype_kind(t.type);
		bool paren = t.type && (tk == KT_ARRAY || (!t.quals && tk == KT_FUNCTION));
		snprintf(tmp, sizeof(tmp), paren ? "(*%s)" : "*%s", inner);
		decl_into(t, tmp, buf, len, depth + 1);
		return;
	}
	case KT_ARRAY: {
		long n2 = ktype_length(type);
		if (n2 > 0)
			snprintf(tmp, sizeof(tmp), "%s[%ld]", inner, n2);
		else
			snprintf(tmp, sizeof(tmp), "%s[]", inner);
		decl_into(ktype_target(type), tmp, buf, len, depth + 1);
		return;
	}
	case KT_FUNCTION: {
		char params[256] = "", ret[512];
		if (n && n[0] == '<') {
			/* gdb's <text variable, no debug info> */
			snprintf(buf, len, "%s%s%s", n, *inner ? " " : "", inner);
			return;
		}
		size_t pl = 0, np = ktype_nparams(type);
		for (size_t i = 0; i < np; i++) {
			char pd[128];
			decl_into(ktype_param_at(type, i)->type, "", pd, sizeof(pd), depth + 1);
			pl += (size_t)snprintf(params + pl, sizeof(params) - pl, "%s%s", i ? ", " : "", pd);
			if (pl >= sizeof(params))
				pl = sizeof(params) - 1;
		}
		if (ktype_is_variadic(type))
			pl += (size_t)snprintf(params + pl, sizeof(params) - pl, "%s...", np ? ", " : "");
		snprintf(tmp, sizeof(tmp), "%s(%s)", inner,
			 pl ? params : ktype_params_unknown(type) ? "" : "void");
		decl_into(ktype_target(type), tmp, ret, sizeof(ret), depth + 1);
		snprintf(buf, len, "%s", ret);
		return;
	}
	case KT_STRUCT:
	case KT_UNION:
	case KT_ENUM: {
		const char *kw = ktype_kind(type) == KT_STRUCT ? "struct"
				 : ktype_kind(type) == KT_UNION ? "union"
								 : "enum";
		snprintf(buf, len, "%s %s%s%s", kw, n ? n : "{...}", *inner ? " " : "", inner);
		return;
	}
	default:
		snprintf(buf, len, "%s%s%s", n ? c_name(n) : "?", *inner ? " " : "", inner);
		return;
	}
}

void tp_decl(struct kqtype type, const char *name, char *buf, size_t len)
{
	decl_into(type, name ? name : "", buf, len, 0);
}

/* --- definitions --- */

/* The [offset] column is as wide as "[SIZE]" plus two, as crash has it. */
static int offset_width(const struct ktype *type)
{
	char b[32];
	return snprintf(b, sizeof(b), "[%ld]", ktype_size(type)) + 2;
}

/* The members of a struct/union definition.  With TP_OFFSETS a column
 * "[offset]" of width owidth comes first (blank when show_off is false:
 * the members of a named member whose type is an anonymous struct). */
static void members(struct kernel *k, FILE *out, const struct ktype *type, int level, long base,
		    unsigned flags, int owidth, bool show_off)
{
	bool offs = flags & TP_OFFSETS;
	int pad = offs ? level * 4 : (level + 1) * 4;
	size_t n = ktype_nmembers(type);

	if (level > 16)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct kmember *m = ktype_member_at(type, i);
		long off = (long)(m->bit_offset / 8);
		int bs = m->bit_size;
		const char *name = m->name;
		char col[48] = "", blank[48] = "", d[512];

		if (offs) {
			char o[32];
			snprintf(o, sizeof(o), "[%ld]", base + off);
			snprintf(col, sizeof(col), "%*s ", owidth, show_off ? o : "");
			snprintf(blank, sizeof(blank), "%*s ", owidth, "");
		}
		/* an anonymous struct/union type (not one behind a typedef)
		 * is written out inline, as gdb does */
		enum ktype_kind mk = ktype_kind(m->type.type);
		if (m->type.type && !m->type.quals && (mk == KT_STRUCT || mk == KT_UNION) &&
		    !ktype_name(m->type.type)) {
			const char *kw = mk == KT_UNION ? "union" : "struct";
			fprintf(out, "%s%*s%s {\n", blank, pad, "", kw);
			members(k, out, m->type.type, level + 1, base + off, flags, owidth, show_off && !name);
			if (name)
				fprintf(out, "%s%*s} %s;\n", col, pad, "", name);
			else
				fprintf(out, "%s%*s};\n", blank, pad, "");
			continue;
		}
		tp_decl(m->type, name ? name : "", d, sizeof(d));
		if (bs)
			fprintf(out, "%s%*s%s : %d;\n", col, pad, "", d, bs);
		else
			fprintf(out, "%s%*s%s;\n", col, pad, "", d);
	}
}

void tp_definition(struct kernel *k, FILE *out, struct kqtype type, unsigned flags, bool size_line)
{
	const struct ktype *t = ktype_strip(type.type);
	const char *n = ktype_name(t);
	char d[512];

	switch (ktype_kind(t)) {
	case KT_STRUCT:
	case KT_UNION:
		fprintf(out, "%s %s%s{\n", ktype_kind(t) == KT_UNION ? "union" : "struct", n ? n : "",
			n ? " " : "");
		members(k, out, t, 0, 0, flags, offset_width(t), true);
		fprintf(out, "}\n");
		break;
	case KT_ENUM: {
		size_t ne = ktype_nenumerators(t);
		fprintf(out, "enum %s%s{\n", n ? n : "", n ? " " : "");
		for (size_t i = 0; i < ne; i++) {
			const struct kenumerator *e = ktype_enumerator_at(t, i);
			fprintf(out, "    %s = %" PRId64 ",\n", e->name, e->value);
		}
		fprintf(out, "};\n");
		break;
	}
	default:
		tp_decl(type, "", d, sizeof(d));
		fprintf(out, "%s;\n", d);
		break;
	}
	if (size_line) {
		long size = ktype_size(t);
		if (size >= 0)
			fprintf(out, "SIZE: %ld\n", size);
	}
}

/* --- values: the expression evaluator's printer (expr_format.c) --- */

void tp_pointer_suffix(struct kernel *k, FILE *out, uint64_t v)
{
	uint64_t off;
	const char *sym = v ? kgdb_symbol_at(k, v, &off) : NULL;
	if (sym && !off)
		fprintf(out, " <%s>", sym);
	else if (sym)
		fprintf(out, " <%s+%" PRIu64 ">", sym, off);
}

void tp_value(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf, size_t len,
	      int indent, unsigned flags)
{
	kx_print_bytes(k, out, type, buf, len, 0, false, indent, flags & TP_HEX);
}

int tp_value_at(struct kernel *k, FILE *out, struct kqtype type, uint64_t addr, int indent,
		unsigned flags)
{
	return tp_value_at_sized(k, out, type, addr, ktype_size(type.type), indent, flags);
}

int tp_value_at_sized(struct kernel *k, FILE *out, struct kqtype type, uint64_t addr, long size,
		      int indent, unsigned flags)
{
	unsigned char *buf;
	int rc;

	if (size <= 0 || size > (16 << 20)) {
		err_set("cannot print an object of %ld bytes", size);
		return -1;
	}
	buf = xmalloc((size_t)size);
	if ((rc = kernel_read(k, addr, buf, (size_t)size)) != 0) {
		free(buf);
		return rc;
	}
	kx_print_bytes(k, out, type, buf, (size_t)size, addr, true, indent, flags & TP_HEX);
	free(buf);
	return 0;
}

/* "  name = value," of one member (a dotted path) of the object at addr. */
int tp_member_value(struct kernel *k, FILE *out, const struct ktype *type, uint64_t addr,
		    const char *m, unsigned flags)
{
	struct kmember_ref r;
	const char *last = strrchr(m, '.');
	int rc;

	if (ktype_member(type, m, &r) != 0)
		return -1;
	fprintf(out, "  %s = ", last ? last + 1 : m);
	if (r.bit_size) {
		uint64_t v = 0;
		if ((rc = kernel_read(k, addr + (uint64_t)r.offset, &v, (size_t)(r.bit_offset + r.bit_size + 7) / 8)) != 0)
			return rc;
		v = (v >> r.bit_offset) & (r.bit_size >= 64 ? ~0ull : (1ull << r.bit_size) - 1);
		fprintf(out, (flags & TP_HEX) ? "0x%" PRIx64 : "%" PRIu64, v);
	} else if ((rc = tp_value_at(k, out, r.type, addr + (uint64_t)r.offset, 2, flags)) != 0) {
		fputc('\n', out);
		return rc;
	}
	fputs(",\n", out);
	return 0;
}

/* --- gdb's ptype --- */

/* enum ex_color {EX_RED, EX_GREEN = 5, EX_BLUE}: a value only where it is
 * not the one before plus one. */
static void enum_line(FILE *out, const struct ktype *t)
{
	const char *n = ktype_name(t);
	size_t ne = ktype_nenumerators(t);
	int64_t next = 0;
	fprintf(out, "enum %s%s{", n ? n : "", n ? " " : "");
	for (size_t i = 0; i < ne; i++) {
		const struct kenumerator *e = ktype_enumerator_at(t, i);
		fprintf(out, "%s%s", i ? ", " : "", e->name);
		if (e->value != next)
			fprintf(out, " = %" PRId64, e->value);
		next = e->value + 1;
	}
	fputc('}', out);
}

void tp_ptype(struct kernel *k, FILE *out, struct kqtype type)
{
	/* the type the pointers, arrays and functions end in */
	struct kqtype base = type;
	for (int guard = 0; guard < 32 && base.type; guard++) {
		enum ktype_kind kind = ktype_kind(base.type);
		if (kind != KT_POINTER && kind != KT_ARRAY && kind != KT_FUNCTION)
			break;
		base = ktype_target(base.type);
	}
	struct kqtype plain = ktype_strip_q(base);
	const struct ktype *pt = plain.type;
	char whole[1024], bdecl[512], pdecl[512];
	tp_decl(type, NULL, whole, sizeof(whole));
	tp_decl(base, NULL, bdecl, sizeof(bdecl));
	size_t bl = strlen(bdecl);
	/* what the declaration adds to the base's name: " *", " [3]" */
	const char *suffix = !strncmp(whole, bdecl, bl) ? whole + bl : "";
	enum ktype_kind pk = ktype_kind(pt);
	if (pt && (pk == KT_STRUCT || pk == KT_UNION || pk == KT_ENUM) && ktype_is_complete(pt)) {
		const char *q = plain.quals ? quals_name(plain.quals) : "";
		fprintf(out, "%s%s", q, *q ? " " : "");
		if (pk == KT_ENUM) {
			enum_line(out, pt);
		} else {
			char *text = NULL;
			size_t len = 0;
			FILE *mem = open_memstream(&text, &len);
			tp_definition(k, mem, (struct kqtype){ pt, 0 }, 0, false);
			fclose(mem);
			while (len && text[len - 1] == '\n')
				text[--len] = '\0';
			fputs(text, out);
			free(text);
		}
		fputs(suffix, out);
		return;
	}
	/* typedefs of the base resolved: ptype pid_t is int */
	tp_decl(plain, NULL, pdecl, sizeof(pdecl));
	fprintf(out, "%s%s", pdecl, suffix);
}
