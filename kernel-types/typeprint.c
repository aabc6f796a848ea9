#include "kernel-types/typeprint.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#define MAX_ELEMENTS 256	/* crash sets gdb's print limit to 256 elements */

/* Where the buffer being printed came from, so that a flexible array can
 * be shown by its address as gdb does. */
static _Thread_local const unsigned char *origin_buf;
static _Thread_local uint64_t origin_addr;

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
		bool paren = t.type && !t.quals && (tk == KT_FUNCTION || tk == KT_ARRAY);
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
		snprintf(tmp, sizeof(tmp), "%s(%s)", inner, pl ? params : "void");
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

/* --- values --- */

static uint64_t get_uint(const unsigned char *buf, size_t size)
{
	uint64_t v = 0;
	memcpy(&v, buf, size > 8 ? 8 : size);
	return v;
}

/* One character of a string; after_octal says the previous one was an
 * octal escape, so a digit must be escaped too ("\000\061", not
 * "\0001"), as gdb does.  Returns whether this one was. */
static bool print_char_after(FILE *out, unsigned char ch, bool after_octal)
{
	if (after_octal && ch >= '0' && ch <= '9') {
		fprintf(out, "\\%03o", ch);
		return true;
	}
	if (ch == '\\' || ch == '"' || (ch >= 7 && ch <= 13) || (ch >= 32 && ch < 127)) {
		if (ch == '\\' || ch == '"')
			fprintf(out, "\\%c", ch);
		else if (ch <= 13)
			fprintf(out, "\\%c", "abtnvfr"[ch - 7]);
		else
			fputc(ch, out);
		return false;
	}
	fprintf(out, "\\%03o", ch);
	return true;
}

static void print_char(FILE *out, unsigned char ch)
{
	if (ch == '\\' || ch == '"')
		fprintf(out, "\\%c", ch);
	else if (ch >= 7 && ch <= 13)
		fprintf(out, "\\%c", "abtnvfr"[ch - 7]);
	else if (ch >= 32 && ch < 127)
		fputc(ch, out);
	else
		fprintf(out, "\\%03o", ch);
}

/* Like gdb: a pointer into a kernel-image object (inside its size) or to
 * the start of a function names it.  Module symbols are not gdb's to
 * know (crash does not load them into gdb): they name nothing here. */
static const char *pointer_symbol(struct kernel *k, uint64_t v, uint64_t *off)
{
	struct kernel_sym ks;
	if (kernel_symbol_info_at(k, v, &ks, off) != 0 || ks.module)
		return NULL;
	if ((*off && *off >= ks.size) || (!ks.size && *off) ||
	    (!ks.size && ks.type != 'T' && ks.type != 't'))
		return NULL;
	return ks.name;
}

void tp_pointer_suffix(struct kernel *k, FILE *out, uint64_t v)
{
	uint64_t off;
	const char *sym = v ? pointer_symbol(k, v, &off) : NULL;
	if (sym && !off)
		fprintf(out, " <%s>", sym);
	else if (sym)
		fprintf(out, " <%s+%" PRIu64 ">", sym, off);
}

static void print_base(FILE *out, const struct ktype *t, uint64_t v, size_t size, unsigned flags)
{
	if (ktype_kind(t) == KT_BOOL) {
		fputs(v ? "true" : "false", out);
		return;
	}
	if (ktype_kind(t) == KT_FLOAT && (size == 4 || size == 8)) {
		double d;
		if (size == 4) {
			float f;
			uint32_t u = (uint32_t)v;
			memcpy(&f, &u, 4);
			d = f;
		} else {
			memcpy(&d, &v, 8);
		}
		fprintf(out, "%g", d);
		return;
	}
	if (flags & TP_HEX) {
		if (size < 8)
			v &= (1ull << (size * 8)) - 1;
		fprintf(out, "0x%" PRIx64, v);
		return;
	}
	if (ktype_is_signed(t)) {
		int64_t s = (int64_t)v;
		if (size < 8) {
			int sh = (int)(64 - size * 8);
			s = (int64_t)(v << sh) >> sh;
		}
		fprintf(out, "%" PRId64, s);
	} else {
		if (size < 8)
			v &= (1ull << (size * 8)) - 1;
		fprintf(out, "%" PRIu64, v);
	}
	if (ktype_is_char(t)) {
		fputs(" '", out);
		print_char(out, (unsigned char)v);
		fputc('\'', out);
	}
}

static void value(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf,
		  size_t len, int indent, unsigned flags, int depth);

static void print_struct(struct kernel *k, FILE *out, const struct ktype *t,
			 const unsigned char *buf, size_t len, int indent, unsigned flags, int depth)
{
	size_t nm = ktype_nmembers(t);
	bool first = true;

	fputs("{", out);
	for (size_t i = 0; i < nm; i++) {
		const struct kmember *m = ktype_member_at(t, i);
		long off = (long)(m->bit_offset / 8);
		int bo = (int)(m->bit_offset % 8), bs = m->bit_size;
		fprintf(out, "%s\n%*s", first ? "" : ",", indent + 2, "");
		first = false;
		if (m->name)
			fprintf(out, "%s = ", m->name);
		if (off < 0 || (size_t)off > len) {
			fputs("<unavailable>", out);
			continue;
		}
		if (bs) {
			const struct ktype *s = ktype_strip(m->type.type);
			size_t need = (size_t)(bo + bs + 7) / 8;
			uint64_t v = get_uint(buf + off, need > len - (size_t)off ? len - (size_t)off : need);
			v >>= bo;
			v &= bs >= 64 ? ~0ull : ((1ull << bs) - 1);
			if (ktype_kind(s) == KT_ENUM || (flags & TP_HEX))
				value(k, out, m->type, (unsigned char *)&v, 8, indent + 2, flags, depth + 1);
			else if (ktype_kind(s) == KT_INT && ktype_is_signed(s) && bs < 64 &&
				 (v >> (bs - 1)) & 1)
				fprintf(out, "%" PRId64, (int64_t)(v | (~0ull << bs)));
			else if (ktype_kind(s) == KT_BOOL)
				fputs(v ? "true" : "false", out);
			else
				fprintf(out, "%" PRIu64, v);
			continue;
		}
		value(k, out, m->type, buf + off, len - (size_t)off, indent + 2, flags, depth + 1);
	}
	if (first)
		fputs("<No data fields>}", out);
	else
		fprintf(out, "\n%*s}", indent, "");
}

static void print_array(struct kernel *k, FILE *out, const struct ktype *t,
			const unsigned char *buf, size_t len, int indent, unsigned flags, int depth)
{
	struct kqtype el = ktype_target(t);
	long n = ktype_length(t), esz;

	if (!el.type) {
		fputs("{}", out);
		return;
	}
	esz = ktype_size(el.type);
	if (n <= 0 && depth == 0 && esz > 0)
		n = (long)len / esz;	/* "char x[]": the caller knows the size */
	if (esz <= 0 || n <= 0) {
		/* a flexible array: gdb shows where it starts */
		uint64_t a = origin_buf ? origin_addr + (uint64_t)(buf - origin_buf) : 0, off;
		const char *sym = kernel_symbol_at(k, a, &off);
		fprintf(out, "0x%" PRIx64, a);
		if (sym && off)
			fprintf(out, " <%s+%" PRIu64 ">", sym, off);
		else if (sym)
			fprintf(out, " <%s>", sym);
		if (ktype_is_char(el.type))
			fputs(" \"\"", out);
		return;
	}
	if ((size_t)(n * esz) > len)
		n = (long)len / esz;
	if (ktype_is_char(el.type) && !(flags & TP_HEX)) {
		/* gdb leaves out the terminating NUL of a char array */
		long end = n > 0 && buf[n - 1] == 0 ? n - 1 : n;
		/* gdb counts the limit in runs of one repeated character: the
		 * run that reaches it is printed whole */
		long i = 0;
		bool oct = false;
		fputc('"', out);
		while (i < end && i < MAX_ELEMENTS) {
			long j = i;
			while (j < end && buf[j] == buf[i])
				j++;
			for (long c = i; c < j; c++)
				oct = print_char_after(out, buf[i], oct);
			i = j;
		}
		fputs(i < end ? "\"..." : "\"", out);
		return;
	}
	fputc('{', out);
	for (long i = 0; i < n && i < MAX_ELEMENTS; i++) {
		if (i)
			fputs(", ", out);
		value(k, out, el, buf + i * esz, len - (size_t)(i * esz), indent + 2, flags, depth + 1);
	}
	if (n > MAX_ELEMENTS)
		fputs("...", out);
	fputc('}', out);
}

static void value(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf,
		  size_t len, int indent, unsigned flags, int depth)
{
	const struct ktype *t = ktype_strip(type.type);
	long size = ktype_size(t);

	if (depth > 24) {
		fputs("{...}", out);
		return;
	}
	switch (ktype_kind(t)) {
	case KT_STRUCT:
	case KT_UNION:
		print_struct(k, out, t, buf, len, indent, flags, depth);
		return;
	case KT_ARRAY:
		print_array(k, out, t, buf, len, indent, flags, depth);
		return;
	default:
		break;
	}
	if (size <= 0 || (size_t)size > len || size > 8) {
		fputs("<unavailable>", out);
		return;
	}
	uint64_t v = get_uint(buf, (size_t)size);
	switch (ktype_kind(t)) {
	case KT_POINTER: {
		uint64_t off;
		const char *sym;
		fprintf(out, "0x%" PRIx64, v);
		if (!v)
			return;
		sym = pointer_symbol(k, v, &off);
		if (sym && !off)
			fprintf(out, " <%s>", sym);
		else if (sym)
			fprintf(out, " <%s+%" PRIu64 ">", sym, off);
		struct kqtype tt = ktype_target(t);
		if (sym || !tt.type)
			return;
		if (ktype_is_char(tt.type)) {
			char str[MAX_ELEMENTS + 2];
			int n = kernel_read_string(k, v, str, sizeof(str));
			if (n >= 0) {
				bool oct = false;
				fputs(" \"", out);
				for (int i = 0; i < n && i < MAX_ELEMENTS; i++)
					oct = print_char_after(out, (unsigned char)str[i], oct);
				fputs(n > MAX_ELEMENTS ? "\"..." : "\"", out);
			}
		}
		return;
	}
	case KT_ENUM: {
		size_t ne = ktype_nenumerators(t);
		uint64_t mask = size < 8 ? (1ull << (size * 8)) - 1 : ~0ull;
		for (size_t i = 0; i < ne; i++) {
			const struct kenumerator *e = ktype_enumerator_at(t, i);
			if (((uint64_t)e->value & mask) == v) {
				fputs(e->name, out);
				return;
			}
		}
		fprintf(out, "%" PRIu64, v);
		return;
	}
	case KT_INT:
	case KT_BOOL:
	case KT_FLOAT:
		print_base(out, t, v, (size_t)size, flags);
		return;
	default:
		fprintf(out, "0x%" PRIx64, v);
		return;
	}
}

void tp_value(struct kernel *k, FILE *out, struct kqtype type, const unsigned char *buf, size_t len,
	      int indent, unsigned flags)
{
	value(k, out, type, buf, len, indent, flags, 0);
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
	origin_buf = buf;
	origin_addr = addr;
	value(k, out, type, buf, (size_t)size, indent, flags, 0);
	origin_buf = NULL;
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
