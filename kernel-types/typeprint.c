#include "kernel-types/typeprint.h"

#include <dwarf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "kernel-types/dwarf.h"

#define MAX_ELEMENTS 256	/* crash sets gdb's print limit to 256 elements */

/* Where the buffer being printed came from, so that a flexible array can
 * be shown by its address as gdb does. */
static _Thread_local const unsigned char *origin_buf;
static _Thread_local uint64_t origin_addr;

static int die_type(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute a;
	return dwarf_attr_integrate(die, DW_AT_type, &a) && dwarf_formref_die(&a, out) ? 0 : -1;
}

static long array_len(Dwarf_Die *arr)
{
	Dwarf_Die c;
	Dwarf_Attribute a;
	Dwarf_Word w;
	long n = 1;
	int dims = 0;

	if (dwarf_child(arr, &c) != 0)
		return 0;
	do {
		if (dwarf_tag(&c) != DW_TAG_subrange_type)
			continue;
		dims++;
		if (dwarf_attr(&c, DW_AT_count, &a) && dwarf_formudata(&a, &w) == 0)
			n *= (long)w;
		else if (dwarf_attr(&c, DW_AT_upper_bound, &a) && dwarf_formudata(&a, &w) == 0)
			n *= (long)w + 1;
		else
			return 0;	/* flexible array */
	} while (dwarf_siblingof(&c, &c) == 0);
	return dims ? n : 0;
}

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

static void decl_into(Dwarf_Die *type, const char *inner, char *buf, size_t len, int depth)
{
	Dwarf_Die t;
	const char *n = type ? dwarf_diename(type) : NULL;
	char tmp[512];

	if (!type || depth > 32) {
		snprintf(buf, len, "void%s%s", *inner ? " " : "", inner);
		return;
	}
	switch (dwarf_tag(type)) {
	case DW_TAG_pointer_type: {
		int has = die_type(type, &t) == 0;
		int paren = has && (dwarf_tag(&t) == DW_TAG_subroutine_type ||
				    dwarf_tag(&t) == DW_TAG_array_type);
		snprintf(tmp, sizeof(tmp), paren ? "(*%s)" : "*%s", inner);
		decl_into(has ? &t : NULL, tmp, buf, len, depth + 1);
		return;
	}
	case DW_TAG_array_type: {
		long n2 = array_len(type);
		if (n2)
			snprintf(tmp, sizeof(tmp), "%s[%ld]", inner, n2);
		else
			snprintf(tmp, sizeof(tmp), "%s[]", inner);
		decl_into(die_type(type, &t) == 0 ? &t : NULL, tmp, buf, len, depth + 1);
		return;
	}
	case DW_TAG_const_type:
	case DW_TAG_volatile_type: {
		const char *q = dwarf_tag(type) == DW_TAG_const_type ? "const" : "volatile";
		if (die_type(type, &t) != 0) {
			snprintf(buf, len, "%s void%s%s", q, *inner ? " " : "", inner);
			return;
		}
		if (dwarf_tag(&t) == DW_TAG_pointer_type) {
			snprintf(tmp, sizeof(tmp), "%s %s", q, inner);
			decl_into(&t, tmp, buf, len, depth + 1);
		} else {
			char sub[512];
			decl_into(&t, inner, sub, sizeof(sub), depth + 1);
			snprintf(buf, len, "%s %s", q, sub);
		}
		return;
	}
	case DW_TAG_subroutine_type: {
		char params[256] = "", ret[512];
		Dwarf_Die c;
		size_t pl = 0;
		int np = 0;
		if (dwarf_child(type, &c) == 0) {
			do {
				if (dwarf_tag(&c) == DW_TAG_unspecified_parameters) {
					pl += (size_t)snprintf(params + pl, sizeof(params) - pl, "%s...",
							       np++ ? ", " : "");
				} else if (dwarf_tag(&c) == DW_TAG_formal_parameter) {
					Dwarf_Die pt;
					char pd[128];
					decl_into(die_type(&c, &pt) == 0 ? &pt : NULL, "", pd, sizeof(pd),
						  depth + 1);
					pl += (size_t)snprintf(params + pl, sizeof(params) - pl, "%s%s",
							       np++ ? ", " : "", pd);
				}
				if (pl >= sizeof(params))
					pl = sizeof(params) - 1;
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		snprintf(tmp, sizeof(tmp), "%s(%s)", inner, np ? params : "void");
		decl_into(die_type(type, &t) == 0 ? &t : NULL, tmp, ret, sizeof(ret), depth + 1);
		snprintf(buf, len, "%s", ret);
		return;
	}
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type: {
		const char *kw = dwarf_tag(type) == DW_TAG_structure_type ? "struct"
				 : dwarf_tag(type) == DW_TAG_union_type   ? "union"
									  : "enum";
		snprintf(buf, len, "%s %s%s%s", kw, n ? n : "{...}", *inner ? " " : "", inner);
		return;
	}
	default:
		snprintf(buf, len, "%s%s%s", n ? c_name(n) : "?", *inner ? " " : "", inner);
		return;
	}
}

void tp_decl(Dwarf_Die *type, const char *name, char *buf, size_t len)
{
	decl_into(type, name ? name : "", buf, len, 0);
}

/* --- definitions --- */

static int member_off(Dwarf_Die *m, long *off, int *bo, int *bs)
{
	Dwarf_Attribute a;
	Dwarf_Word w;
	*off = 0;
	*bo = *bs = 0;
	if (dwarf_attr(m, DW_AT_data_member_location, &a) && dwarf_formudata(&a, &w) == 0)
		*off = (long)w;
	if (dwarf_attr(m, DW_AT_bit_size, &a) && dwarf_formudata(&a, &w) == 0) {
		*bs = (int)w;
		if (dwarf_attr(m, DW_AT_data_bit_offset, &a) && dwarf_formudata(&a, &w) == 0) {
			*off = (long)(w / 8);
			*bo = (int)(w % 8);
		} else if (dwarf_attr(m, DW_AT_bit_offset, &a) && dwarf_formudata(&a, &w) == 0) {
			/* DWARF < 4: bits from the top of the storage unit */
			Dwarf_Attribute bsz;
			Dwarf_Word size = 0;
			Dwarf_Die mt;
			if (dwarf_attr(m, DW_AT_byte_size, &bsz))
				dwarf_formudata(&bsz, &size);
			else if (die_type(m, &mt) == 0)
				size = (Dwarf_Word)kernel_die_size(&mt);
			long bit = (long)(size * 8 - w - (Dwarf_Word)*bs) + *off * 8;
			*off = bit / 8;
			*bo = (int)(bit % 8);
		}
	}
	return 0;
}

/* The [offset] column is as wide as "[SIZE]" plus two, as crash has it. */
static int offset_width(Dwarf_Die *type)
{
	char b[32];
	return snprintf(b, sizeof(b), "[%ld]", kernel_die_size(type)) + 2;
}

/* The members of a struct/union definition.  With TP_OFFSETS a column
 * "[offset]" of width owidth comes first (blank when show_off is false:
 * the members of a named member whose type is an anonymous struct). */
static void members(struct kernel *k, FILE *out, Dwarf_Die *type, int level, long base,
		    unsigned flags, int owidth, bool show_off)
{
	Dwarf_Die c;
	bool offs = flags & TP_OFFSETS;
	int pad = offs ? level * 4 : (level + 1) * 4;

	if (level > 16 || dwarf_child(type, &c) != 0)
		return;
	do {
		Dwarf_Die t;
		long off;
		int bo, bs;
		const char *name = dwarf_diename(&c);
		char col[48] = "", blank[48] = "", d[512];

		if (dwarf_tag(&c) != DW_TAG_member || die_type(&c, &t) != 0)
			continue;
		member_off(&c, &off, &bo, &bs);
		if (offs) {
			char o[32];
			snprintf(o, sizeof(o), "[%ld]", base + off);
			snprintf(col, sizeof(col), "%*s ", owidth, show_off ? o : "");
			snprintf(blank, sizeof(blank), "%*s ", owidth, "");
		}
		/* an anonymous struct/union type (not one behind a typedef)
		 * is written out inline, as gdb does */
		Dwarf_Die st = t;
		int tag = dwarf_tag(&st);
		if ((tag == DW_TAG_structure_type || tag == DW_TAG_union_type) && !dwarf_diename(&st)) {
			const char *kw = tag == DW_TAG_union_type ? "union" : "struct";
			fprintf(out, "%s%*s%s {\n", blank, pad, "", kw);
			members(k, out, &st, level + 1, base + off, flags, owidth, show_off && !name);
			if (name)
				fprintf(out, "%s%*s} %s;\n", col, pad, "", name);
			else
				fprintf(out, "%s%*s};\n", blank, pad, "");
			continue;
		}
		tp_decl(&t, name ? name : "", d, sizeof(d));
		if (bs)
			fprintf(out, "%s%*s%s : %d;\n", col, pad, "", d, bs);
		else
			fprintf(out, "%s%*s%s;\n", col, pad, "", d);
	} while (dwarf_siblingof(&c, &c) == 0);
	(void)k;
}

void tp_definition(struct kernel *k, FILE *out, Dwarf_Die *type, unsigned flags, bool size_line)
{
	Dwarf_Die t = *type;
	char d[512];

	kernel_die_strip(&t);
	int tag = dwarf_tag(&t);
	const char *n = dwarf_diename(&t);
	if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
		fprintf(out, "%s %s%s{\n", tag == DW_TAG_union_type ? "union" : "struct",
			n ? n : "", n ? " " : "");
		members(k, out, &t, 0, 0, flags, offset_width(&t), true);
		fprintf(out, "}\n");
	} else if (tag == DW_TAG_enumeration_type) {
		Dwarf_Die c;
		fprintf(out, "enum %s%s{\n", n ? n : "", n ? " " : "");
		if (dwarf_child(&t, &c) == 0) {
			do {
				Dwarf_Attribute a;
				Dwarf_Sword v = 0;
				if (dwarf_tag(&c) != DW_TAG_enumerator)
					continue;
				if (dwarf_attr(&c, DW_AT_const_value, &a))
					dwarf_formsdata(&a, &v);
				fprintf(out, "    %s = %" PRId64 ",\n", dwarf_diename(&c), (int64_t)v);
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		fprintf(out, "};\n");
	} else {
		tp_decl(type, "", d, sizeof(d));
		fprintf(out, "%s;\n", d);
	}
	if (size_line) {
		long size = kernel_die_size(&t);
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

static bool is_char_type(Dwarf_Die *t)
{
	Dwarf_Attribute a;
	Dwarf_Word enc, size;
	if (dwarf_tag(t) != DW_TAG_base_type || !dwarf_attr(t, DW_AT_encoding, &a) ||
	    dwarf_formudata(&a, &enc) != 0)
		return false;
	if (!dwarf_attr(t, DW_AT_byte_size, &a) || dwarf_formudata(&a, &size) != 0 || size != 1)
		return false;
	return enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char;
}

/* Like gdb: a pointer into a kernel-image object (inside its size) or to
 * the start of a function names it. */
static const char *pointer_symbol(struct kernel *k, uint64_t v, uint64_t *off)
{
	const char *sym = kernel_symbol_at(k, v, off);
	if (sym) {
		const struct ksym *ks = symtab_find(kernel_symtab(k), sym);
		if (!ks || (*off && *off >= ks->size) || (!ks->size && *off) ||
		    (!ks->size && ks->type != 'T' && ks->type != 't'))
			sym = NULL;
	}
	return sym;
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

static void print_base(FILE *out, Dwarf_Die *t, uint64_t v, size_t size, unsigned flags)
{
	Dwarf_Attribute a;
	Dwarf_Word enc = DW_ATE_unsigned;

	if (dwarf_attr(t, DW_AT_encoding, &a))
		dwarf_formudata(&a, &enc);
	if (enc == DW_ATE_boolean) {
		fputs(v ? "true" : "false", out);
		return;
	}
	if (enc == DW_ATE_float && (size == 4 || size == 8)) {
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
	if (enc == DW_ATE_signed || enc == DW_ATE_signed_char) {
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
	if (enc == DW_ATE_signed_char || enc == DW_ATE_unsigned_char) {
		fputs(" '", out);
		print_char(out, (unsigned char)v);
		fputc('\'', out);
	}
}

static void value(struct kernel *k, FILE *out, Dwarf_Die *type, const unsigned char *buf,
		  size_t len, int indent, unsigned flags, int depth);

static void print_struct(struct kernel *k, FILE *out, Dwarf_Die *t, const unsigned char *buf,
			 size_t len, int indent, unsigned flags, int depth)
{
	Dwarf_Die c;
	bool first = true;

	fputs("{", out);
	if (dwarf_child(t, &c) == 0) {
		do {
			Dwarf_Die mt;
			long off;
			int bo, bs;
			const char *name = dwarf_diename(&c);
			if (dwarf_tag(&c) != DW_TAG_member || die_type(&c, &mt) != 0)
				continue;
			member_off(&c, &off, &bo, &bs);
			fprintf(out, "%s\n%*s", first ? "" : ",", indent + 2, "");
			first = false;
			if (name)
				fprintf(out, "%s = ", name);
			if (off < 0 || (size_t)off > len) {
				fputs("<unavailable>", out);
				continue;
			}
			if (bs) {
				Dwarf_Die s = mt;
				kernel_die_strip(&s);
				size_t need = (size_t)(bo + bs + 7) / 8;
				uint64_t v = get_uint(buf + off, need > len - (size_t)off ? len - (size_t)off : need);
				v >>= bo;
				v &= bs >= 64 ? ~0ull : ((1ull << bs) - 1);
				if (dwarf_tag(&s) == DW_TAG_enumeration_type || (flags & TP_HEX))
					value(k, out, &mt, (unsigned char *)&v, 8, indent + 2, flags, depth + 1);
				else {
					Dwarf_Attribute a;
					Dwarf_Word enc = DW_ATE_unsigned;
					if (dwarf_attr(&s, DW_AT_encoding, &a))
						dwarf_formudata(&a, &enc);
					if ((enc == DW_ATE_signed || enc == DW_ATE_signed_char) && bs < 64 &&
					    (v >> (bs - 1)) & 1)
						fprintf(out, "%" PRId64, (int64_t)(v | (~0ull << bs)));
					else if (enc == DW_ATE_boolean)
						fputs(v ? "true" : "false", out);
					else
						fprintf(out, "%" PRIu64, v);
				}
				continue;
			}
			value(k, out, &mt, buf + off, len - (size_t)off, indent + 2, flags, depth + 1);
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	if (first)
		fputs("<No data fields>}", out);
	else
		fprintf(out, "\n%*s}", indent, "");
}

static void print_array(struct kernel *k, FILE *out, Dwarf_Die *t, const unsigned char *buf,
			size_t len, int indent, unsigned flags, int depth)
{
	Dwarf_Die el, es;
	long n = array_len(t), esz;

	if (die_type(t, &el) != 0) {
		fputs("{}", out);
		return;
	}
	es = el;
	kernel_die_strip(&es);
	esz = kernel_die_size(&el);
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
		if (is_char_type(&es))
			fputs(" \"\"", out);
		return;
	}
	if ((size_t)(n * esz) > len)
		n = (long)len / esz;
	if (is_char_type(&es) && !(flags & TP_HEX)) {
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
		value(k, out, &el, buf + i * esz, len - (size_t)(i * esz), indent + 2, flags, depth + 1);
	}
	if (n > MAX_ELEMENTS)
		fputs("...", out);
	fputc('}', out);
}

static void value(struct kernel *k, FILE *out, Dwarf_Die *type, const unsigned char *buf,
		  size_t len, int indent, unsigned flags, int depth)
{
	Dwarf_Die t = *type;
	long size;

	kernel_die_strip(&t);
	size = kernel_die_size(&t);
	if (depth > 24) {
		fputs("{...}", out);
		return;
	}
	switch (dwarf_tag(&t)) {
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
		print_struct(k, out, &t, buf, len, indent, flags, depth);
		return;
	case DW_TAG_array_type:
		print_array(k, out, &t, buf, len, indent, flags, depth);
		return;
	default:
		break;
	}
	if (size <= 0 || (size_t)size > len || size > 8) {
		fputs("<unavailable>", out);
		return;
	}
	uint64_t v = get_uint(buf, (size_t)size);
	switch (dwarf_tag(&t)) {
	case DW_TAG_pointer_type: {
		Dwarf_Die tt;
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
		if (sym || die_type(&t, &tt) != 0)
			return;
		kernel_die_strip(&tt);
		if (is_char_type(&tt)) {
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
	case DW_TAG_enumeration_type: {
		Dwarf_Die c;
		if (dwarf_child(&t, &c) == 0) {
			do {
				Dwarf_Attribute a;
				Dwarf_Sword ev;
				if (dwarf_tag(&c) == DW_TAG_enumerator &&
				    dwarf_attr(&c, DW_AT_const_value, &a) && dwarf_formsdata(&a, &ev) == 0 &&
				    ((uint64_t)ev & (size < 8 ? (1ull << (size * 8)) - 1 : ~0ull)) == v) {
					fputs(dwarf_diename(&c), out);
					return;
				}
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		fprintf(out, "%" PRIu64, v);
		return;
	}
	case DW_TAG_base_type:
		print_base(out, &t, v, (size_t)size, flags);
		return;
	default:
		fprintf(out, "0x%" PRIx64, v);
		return;
	}
}

void tp_value(struct kernel *k, FILE *out, Dwarf_Die *type, const unsigned char *buf, size_t len,
	      int indent, unsigned flags)
{
	value(k, out, type, buf, len, indent, flags, 0);
}

int tp_value_at(struct kernel *k, FILE *out, Dwarf_Die *type, uint64_t addr, int indent,
		unsigned flags)
{
	return tp_value_at_sized(k, out, type, addr, kernel_die_size(type), indent, flags);
}

int tp_value_at_sized(struct kernel *k, FILE *out, Dwarf_Die *type, uint64_t addr, long size,
		      int indent, unsigned flags)
{
	unsigned char *buf;

	if (size <= 0 || size > (16 << 20)) {
		err_set("cannot print an object of %ld bytes", size);
		return -1;
	}
	buf = xmalloc((size_t)size);
	if (kernel_read(k, addr, buf, (size_t)size) != 0) {
		free(buf);
		return -1;
	}
	origin_buf = buf;
	origin_addr = addr;
	value(k, out, type, buf, (size_t)size, indent, flags, 0);
	origin_buf = NULL;
	free(buf);
	return 0;
}

/* "  name = value," of one member (a dotted path) of the object at addr. */
int tp_member_value(struct kernel *k, FILE *out, Dwarf_Die *type, uint64_t addr, const char *m,
			unsigned flags)
{
	Dwarf_Die mt;
	long off;
	int bo, bs;
	const char *last = strrchr(m, '.');

	if (kernel_die_member(k, type, m, &mt, &off, &bo, &bs) != 0)
		return -1;
	fprintf(out, "  %s = ", last ? last + 1 : m);
	if (bs) {
		uint64_t v = 0;
		if (kernel_read(k, addr + (uint64_t)off, &v, (size_t)(bo + bs + 7) / 8) != 0)
			return -1;
		v = (v >> bo) & (bs >= 64 ? ~0ull : (1ull << bs) - 1);
		fprintf(out, (flags & TP_HEX) ? "0x%" PRIx64 : "%" PRIu64, v);
	} else if (tp_value_at(k, out, &mt, addr + (uint64_t)off, 2, flags) != 0) {
		fputc('\n', out);
		return -1;
	}
	fputs(",\n", out);
	return 0;
}

