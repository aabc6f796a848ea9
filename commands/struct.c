/* struct and union: a type's definition, or the object at an address.
 * Both commands share this file: they differ only in the keyword. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-api.h"
#include "json_value.h"

#define MAX_MEMBERS 32

static int member_decl(FILE *out, const struct ktype *type, const char *m, bool offsets)
{
	struct kmember_ref r;
	char d[512];
	const char *last = strrchr(m, '.');

	if (ktype_member(type, m, &r) != 0)
		return -1;
	tp_decl(r.type, last ? last + 1 : m, d, sizeof(d));
	if (offsets)
		fprintf(out, "   [%ld] %s;\n", r.offset, d);
	else
		fprintf(out, "    %s;\n", d);
	return 0;
}

static void offsets_at(FILE *out, const struct ktype *type, uint64_t addr)
{
	size_t n = ktype_nmembers(type);
	for (size_t i = 0; i < n; i++) {
		const struct kmember *m = ktype_member_at(type, i);
		char d[512];
		/* a bitfield: the address of the byte it starts in */
		tp_decl(m->type, m->name ? m->name : "", d, sizeof(d));
		fprintf(out, "  [%" PRIx64 "] %s;\n", addr + m->bit_offset / 8, d);
	}
}

/* ---- JSON (commands/json/struct.schema.json) ---- */

/* A member of a definition: name, type, offset; at an address (-o with
 * one) also where it is. */
static struct json_object *decl_json(const char *name, struct kqtype type, long offset,
				     int bit_offset, int bit_size, const uint64_t *addr)
{
	struct json_object *o = json_object_new_object();
	long size = ktype_size(ktype_strip(type.type));
	json_object_object_add(o, "name", crash_json_str(name));
	json_object_object_add(o, "type", json_type_name(type));
	json_object_object_add(o, "offset_bytes", json_object_new_int64(offset));
	json_object_object_add(o, "size_bytes", bit_size || size < 0 ? NULL : json_object_new_int64(size));
	if (bit_size) {
		json_object_object_add(o, "bit_offset", json_object_new_int(bit_offset));
		json_object_object_add(o, "bits", json_object_new_int(bit_size));
	}
	if (addr)
		json_object_object_add(o, "address", crash_json_addr(*addr + (uint64_t)offset));
	return o;
}

/* The definition: every top-level member, or those named. */
static struct json_object *definition_json(struct kqtype qt, char **members, int n,
					   const uint64_t *addr)
{
	const struct ktype *type = ktype_strip(qt.type);
	struct json_object *d = json_object_new_object(), *a = json_object_new_array();
	long size = ktype_size(type);
	json_object_object_add(d, "type", json_type_name((struct kqtype){ type, 0 }));
	json_object_object_add(d, "size_bytes", size >= 0 ? json_object_new_int64(size) : NULL);
	if (addr)
		json_object_object_add(d, "address", crash_json_addr(*addr));
	if (n) {
		for (int i = 0; i < n; i++) {
			struct kmember_ref r;
			if (ktype_member(type, members[i], &r) == 0)
				json_object_array_add(a, decl_json(members[i], r.type, r.offset, r.bit_offset,
								   r.bit_size, addr));
		}
	} else {
		for (size_t i = 0, nm = ktype_nmembers(type); i < nm; i++) {
			const struct kmember *m = ktype_member_at(type, i);
			json_object_array_add(a, decl_json(m->name, m->type, (long)(m->bit_offset / 8),
							   m->bit_size ? (int)(m->bit_offset % 8) : 0,
							   m->bit_size, addr));
		}
	}
	json_object_object_add(d, "members", a);
	return d;
}

/* One member of the object at addr: {name (the path), type, value}. */
static int member_value_json(struct kernel *k, const struct ktype *type, uint64_t addr,
			     const char *path, struct json_object *into)
{
	struct kmember_ref r;
	if (ktype_member(type, path, &r) != 0)
		return -1;
	long size = r.bit_size ? (r.bit_offset + r.bit_size + 7) / 8 : ktype_size(ktype_strip(r.type.type));
	if (size <= 0 || size > (16 << 20)) {
		err_set("%s: no usable size", path);
		return -1;
	}
	unsigned char *buf = xmalloc((size_t)size);
	int rc = kernel_read(k, addr + (uint64_t)r.offset, buf, (size_t)size);
	if (rc == 0) {
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "name", crash_json_str(path));
		json_object_object_add(o, "type", json_type_name(r.type));
		json_object_object_add(o, "value", json_value(k, r.type, buf, (size_t)size, r.bit_offset, r.bit_size));
		json_object_array_add(into, o);
	}
	free(buf);
	return rc;
}

/* Where the object's bytes come from: kernel virtual (the default), user
 * virtual of the current task (-u). */
struct src {
	struct kernel *k;
	bool user;
	uint64_t pgd;
};

static int src_read(const struct src *src, uint64_t addr, void *buf, size_t len)
{
	return src->user ? kernel_read_user(src->k, src->pgd, addr, buf, len)
			 : kernel_read(src->k, addr, buf, len);
}

/* -r: the bytes as rd shows them: 16 to a line in words of the widest
 * size that divides the length (8 at most), then their ASCII. */
static int raw_dump(struct crash_session *s, const struct src *src, uint64_t addr, size_t len)
{
	FILE *out = crash_out(s);
	unsigned char line[16];
	size_t unit = len % 8 == 0 ? 8 : len % 4 == 0 ? 4 : len % 2 == 0 ? 2 : 1;

	for (size_t done = 0; done < len && !crash_interrupted(); done += 16) {
		size_t n = len - done < 16 ? len - done : 16;
		if (src_read(src, addr + done, line, n) != 0)
			return crash_error(s, "%s", err_get());
		fprintf(out, "%" PRIx64 ":  ", addr + done);
		for (size_t i = 0; i < 16; i += unit) {
			if (i >= n) {
				fprintf(out, "%*s", (int)(2 * unit + 1), "");
				continue;
			}
			uint64_t v = 0;
			memcpy(&v, line + i, unit); /* little-endian kernels */
			fprintf(out, "%0*" PRIx64 " ", (int)(2 * unit), v);
		}
		fputs("  ", out);
		for (size_t i = 0; i < n; i++)
			fputc(line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '.', out);
		fputc('\n', out);
	}
	return 0;
}

/* -p: a pointer member's target is shown under it when it is a struct,
 * union or scalar that can be read. */
static bool followable(struct kqtype t)
{
	const struct ktype *p = ktype_strip(t.type);
	if (!p || ktype_kind(p) != KT_POINTER)
		return false;
	const struct ktype *to = ktype_strip(ktype_target(p).type);
	if (!to)
		return false;
	switch (ktype_kind(to)) {
	case KT_STRUCT: case KT_UNION: case KT_INT: case KT_BOOL: case KT_ENUM: case KT_POINTER:
		return ktype_size(to) > 0;
	default:
		return false;
	}
}

/* "  TYPE *name = 0xVALUE" and, when it points somewhere readable,
 * "  -> <symbol> VALUE" with the target's members five columns in. */
static int pointer_member(struct crash_session *s, const struct ktype *type, uint64_t addr,
			  const char *path, unsigned flags)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	struct kmember_ref r;
	const char *last = strrchr(path, '.');
	char d[512];
	uint64_t v;

	if (ktype_member(type, path, &r) != 0)
		return -1;
	if (kernel_read_u64(k, addr + (uint64_t)r.offset, &v) != 0)
		return -1;
	tp_decl(r.type, last ? last + 1 : path, d, sizeof(d));
	fprintf(out, "  %s = 0x%" PRIx64 "\n", d, v);
	if (!v)
		return 0;
	struct kqtype to = ktype_target(ktype_strip(r.type.type));
	char *text = NULL;
	size_t tlen = 0;
	FILE *mem = open_memstream(&text, &tlen);
	int bad = tp_value_at(k, mem, to, v, 5, flags);
	fclose(mem);
	if (!bad) {
		fputs("  ->", out);
		tp_pointer_suffix(k, out, v);
		fprintf(out, " %s\n", text);
	}
	free(text);
	return 0;
}

/* -p of the whole object: its top-level members, pointers followed. */
static int members_p(struct crash_session *s, const struct ktype *type, uint64_t addr,
		     const char *kw, const char *spec, unsigned flags)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	size_t n = ktype_nmembers(type);

	fprintf(out, "%s %s {\n", kw, spec);
	for (size_t i = 0; i < n && !crash_interrupted(); i++) {
		const struct kmember *m = ktype_member_at(type, i);
		int rc;
		if (m->name && !m->bit_size && followable(m->type)) {
			rc = pointer_member(s, type, addr, m->name, flags);
		} else if (m->name) {
			rc = tp_member_value(k, out, type, addr, m->name, flags);
		} else { /* an anonymous struct or union */
			fputs("  ", out);
			rc = tp_value_at(k, out, m->type, addr + m->bit_offset / 8, 2, flags);
			fputs(",\n", out);
		}
		if (rc != 0)
			return crash_error(s, "%s", err_get());
	}
	fprintf(out, "}\n");
	return 0;
}

/* -l: "struct.member" or a number of bytes. */
static int embedded_offset(struct kernel *k, const char *arg, const char *kw, long *off)
{
	char *end;
	long v = strtol(arg, &end, 0);
	if (*arg && !*end && v >= 0 && v < (1L << 24)) {
		*off = v;
		return 0;
	}
	const char *dot = strchr(arg, '.');
	char tn[300];
	struct kqtype qt;
	struct kmember_ref r;
	if (!dot || dot == arg)
		return -1;
	snprintf(tn, sizeof(tn), "%s %.*s", kw, (int)(dot - arg), arg);
	if (ktype_lookup(k, tn, &qt) != 0) {
		snprintf(tn, sizeof(tn), "%.*s", (int)(dot - arg), arg);
		if (ktype_lookup(k, tn, &qt) != 0)
			return -1;
	}
	if (ktype_member(ktype_strip(qt.type), dot + 1, &r) != 0)
		return -1;
	*off = r.offset;
	return 0;
}

static int run(struct crash_session *s, int argc, char **argv, const char *kw)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	unsigned flags = crash_radix(s) == 16 ? TP_HEX : 0;
	bool offsets = false, have_addr = false, raw = false, follow = false, fileoff = false;
	char *spec, *dot, *members[MAX_MEMBERS];
	const char *loff = NULL, *countopt = NULL;
	int nmembers = 0, opt, count = 1, rc = 0, naddrs = 0;
	struct src src = { .k = k };
	long back = 0;	/* -c -N: the objects before the address */
	uint64_t addr = 0, *addrs = NULL;
	int *cpus = NULL;
	const struct ktype *type;
	struct kqtype qt;
	char tname[256];
	struct json_object *jobjs = NULL;	/* JSON: the objects shown */

	while ((opt = getopt(argc, argv, "oxdl:rfupc:")) != -1) {
		switch (opt) {
		case 'o': offsets = true; break;
		case 'x': flags |= TP_HEX; break;
		case 'd': flags &= ~(unsigned)TP_HEX; break;
		case 'l': loff = optarg; break;
		case 'r': raw = true; break;
		case 'f': fileoff = true; break;
		case 'u': src.user = true; break;
		case 'p': follow = true; break;
		case 'c': countopt = optarg; break;
		default: return -1;
		}
	}
	if (fileoff)
		return crash_error(s, "-f: this session reads dumps through their formats only; "
				   "give the physical address instead (rd -p, ptov)");
	if (countopt) {
		char *end;
		long c = strtol(countopt, &end, 10);
		if (!*countopt || *end || c == 0 || c > 100000 || c < -100000)
			return crash_error(s, "invalid count: %s", countopt);
		count = (int)(c < 0 ? -c : c);
		back = c < 0 ? count - 1 : 0;
	}
	if (raw && follow)
		return crash_error(s, "-r and -p exclude each other");
	if (optind >= argc)
		return crash_error(s, "a %s name is needed", kw);
	spec = xstrdup(argv[optind++]);
	dot = strchr(spec, '.');
	if (dot) {
		*dot++ = '\0';
		for (char *save, *m = strtok_r(dot, ",", &save); m && nmembers < MAX_MEMBERS;
		     m = strtok_r(NULL, ",", &save))
			members[nmembers++] = m;
	}
	snprintf(tname, sizeof(tname), "%s %s", kw, spec);
	/* a typedef of a struct names it too (irq_cpustat_t) */
	if (ktype_lookup(k, tname, &qt) != 0 &&
	    (ktype_lookup(k, spec, &qt) != 0 || ktype_kind(qt.type) != KT_TYPEDEF ||
	     ktype_kind(ktype_strip(qt.type)) != (kw[0] == 's' ? KT_STRUCT : KT_UNION))) {
		rc = crash_error(s, "invalid data structure reference: %s", spec);
		goto out;
	}
	type = ktype_strip(qt.type);
	long embedded = 0;
	if (loff && embedded_offset(k, loff, kw, &embedded) != 0) {
		rc = crash_error(s, "invalid -l option: %s (a struct.member or a byte count)", loff);
		goto out;
	}
	if (raw && nmembers > 1) {
		rc = crash_error(s, "only one %s member allowed with -r", kw);
		goto out;
	}
	if (offsets && (raw || follow)) {
		rc = crash_error(s, "-o excludes -r and -p");
		goto out;
	}
	for (; optind < argc; optind++) {
		const char *arg = argv[optind];
		char *end;
		if (!have_addr) {
			/* an address, a symbol, an expression; with a cpuspec,
			 * one per CPU */
			int max = kernel_nr_cpus(k) + 1;
			addrs = xcalloc((size_t)max, sizeof(*addrs));
			cpus = xcalloc((size_t)max, sizeof(*cpus));
			naddrs = addrarg_resolve_cpus(k, arg, addrs, cpus, max);
			if (naddrs <= 0) {
				rc = crash_error(s, "invalid address: %s (%s)", arg, err_get());
				goto out;
			}
			addr = addrs[0];
			have_addr = true;
		} else if (countopt) {
			rc = crash_error(s, "a count twice: -c %s and %s", countopt, arg);
			goto out;
		} else {
			count = (int)strtol(arg, &end, 10);
			if (*end || count <= 0 || count > 100000) {
				rc = crash_error(s, "invalid count: %s", arg);
				goto out;
			}
		}
	}

	/* Every member named must exist before anything is printed. */
	for (int i = 0; i < nmembers; i++) {
		struct kmember_ref r;
		if (ktype_member(type, members[i], &r) != 0) {
			rc = crash_error(s, "%s", err_get());
			goto out;
		}
	}
	if (!have_addr && (raw || follow || src.user || loff)) {
		rc = crash_error(s, "-%c needs an address", raw ? 'r' : follow ? 'p' : src.user ? 'u' : 'l');
		goto out;
	}
	if (src.user && (nmembers || raw || follow || offsets)) {
		rc = crash_error(s, "-u shows the whole %s (no members, -r, -p or -o)", kw);
		goto out;
	}
	if (src.user) {
		uint64_t task = crash_current_task(s), mm = 0;
		if (!task || mm_of_task(k, task, &mm) != 0 || !mm || mm_pgd(k, mm, &src.pgd, NULL) != 0) {
			rc = crash_error(s, "-u: the current task has no user address space");
			goto out;
		}
	}
	/* JSON: every form but -r and -p (which print text) */
	bool json = crash_json(s) && !raw && !follow;
	if (json && (!have_addr || offsets)) {
		crash_json_emit(s, definition_json(qt, members, nmembers, have_addr ? &addr : NULL));
		goto out;
	}
	if (!have_addr) {
		if (!nmembers) {
			tp_definition(k, out, (struct kqtype){ type, 0 }, offsets ? TP_OFFSETS : 0, true);
			goto out;
		}
		fprintf(out, "%s %s {\n", kw, spec);
		for (int i = 0; i < nmembers; i++)
			if (member_decl(out, type, members[i], true) != 0)
				rc = crash_error(s, "%s", err_get());
		fprintf(out, "}\n");
		goto out;
	}

	long size = ktype_size(type);
	uint64_t stride = (uint64_t)(size > 0 ? size : 0);
	for (int c = 0; c < naddrs && !crash_interrupted(); c++) {
		addr = addrs[c] - (uint64_t)embedded - (uint64_t)back * stride;
		/* crash heads each CPU's copy with its address */
		if (cpus[c] >= 0 && !json)
			fprintf(out, "[%d]: %" PRIx64 "\n", cpus[c], addr);
		for (int n = 0; n < count; n++) {
			uint64_t a = addr + (uint64_t)n * (uint64_t)(size > 0 ? size : 0);
			if (crash_interrupted())
				break;
			if (json) {
				/* {cpu, address, type, value | members} of each object */
				struct json_object *o = json_object_new_object(), *v = NULL;
				json_object_object_add(o, "cpu", cpus[c] >= 0 ? json_object_new_int(cpus[c]) : NULL);
				json_object_object_add(o, "address", crash_json_addr(a));
				json_object_object_add(o, "type", json_type_name((struct kqtype){ type, 0 }));
				int bad = 0;
				if (nmembers) {
					v = json_object_new_array();
					for (int i = 0; i < nmembers && !bad; i++)
						bad = member_value_json(k, type, a, members[i], v);
					json_object_object_add(o, "members", v);
				} else if (src.user) {
					unsigned char *buf = size > 0 && size < (1L << 24) ? xmalloc((size_t)size) : NULL;
					bad = !buf || src_read(&src, a, buf, (size_t)size) != 0;
					if (!bad)
						v = json_value(k, (struct kqtype){ type, 0 }, buf, (size_t)size, 0, 0);
					free(buf);
					json_object_object_add(o, "value", v);
				} else {
					bad = json_value_at(k, (struct kqtype){ type, 0 }, a, size, &v) != 0;
					json_object_object_add(o, "value", v);
				}
				if (bad) {
					json_object_put(o);
					rc = crash_error(s, "%s", err_get());
					goto out;
				}
				if (!jobjs)
					jobjs = json_object_new_array();
				json_object_array_add(jobjs, o);
				continue;
			}
			if (n)
				fputc('\n', out);
			if (raw) {
				struct kmember_ref r = { .offset = 0 };
				long len = size;
				if (nmembers && ktype_member(type, members[0], &r) == 0)
					len = ktype_size(ktype_strip(r.type.type));
				if (len <= 0 || len > (1L << 24)) {
					rc = crash_error(s, "%s: no usable size", members[0] ? members[0] : spec);
					goto out;
				}
				if (raw_dump(s, &src, a + (uint64_t)r.offset, (size_t)len) != 0) {
					rc = -1;
					goto out;
				}
				continue;
			}
			if (follow && !nmembers) {
				if (members_p(s, type, a, kw, spec, flags) != 0) {
					rc = -1;
					goto out;
				}
				continue;
			}
			if (follow) {
				for (int i = 0; i < nmembers; i++) {
					struct kmember_ref r;
					int bad = ktype_member(type, members[i], &r) == 0 && !r.bit_size &&
							  followable(r.type)
						  ? pointer_member(s, type, a, members[i], flags)
						  : tp_member_value(k, out, type, a, members[i], flags);
					if (bad) {
						rc = crash_error(s, "%s", err_get());
						goto out;
					}
				}
				continue;
			}
			if (src.user) {
				/* the bytes from user memory, printed as the type */
				unsigned char *buf = size > 0 && size < (1L << 24) ? malloc((size_t)size) : NULL;
				if (!buf || src_read(&src, a, buf, (size_t)size) != 0) {
					free(buf);
					rc = crash_error(s, "%s", buf ? err_get() : "no usable size");
					goto out;
				}
				char *text = NULL;
				size_t tlen = 0;
				FILE *mem = open_memstream(&text, &tlen);
				tp_value(k, mem, (struct kqtype){ type, 0 }, buf, (size_t)size, 0, flags);
				fclose(mem);
				free(buf);
				fprintf(out, "%s %s %s\n", kw, spec, text);
				free(text);
				continue;
			}
			if (offsets) {
				fprintf(out, "%s %s {\n", kw, spec);
				offsets_at(out, type, a);
				fprintf(out, "}\nSIZE: %ld\n", size);
				continue;
			}
			if (nmembers) {
				for (int i = 0; i < nmembers; i++)
					if (tp_member_value(k, out, type, a, members[i], flags) != 0) {
						rc = crash_error(s, "%s", err_get());
						goto out;
					}
				continue;
			}
			/* print into memory first: an unreadable object prints
			 * only the error */
			char *text = NULL;
			size_t tlen = 0;
			FILE *mem = open_memstream(&text, &tlen);
			int bad = tp_value_at(k, mem, (struct kqtype){ type, 0 }, a, 0, flags);
			fclose(mem);
			if (bad) {
				free(text);
				rc = crash_error(s, "%s", err_get());
				goto out;
			}
			fprintf(out, "%s %s %s\n", kw, spec, text);
			free(text);
		}
	}
out:
	if (jobjs) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "objects", jobjs);
		crash_json_emit(s, d);
	}
	free(addrs);
	free(cpus);
	free(spec);
	return rc;
}

static int struct_run(struct crash_session *s, int argc, char **argv)
{
	return run(s, argc, argv, "struct");
}

static int union_run(struct crash_session *s, int argc, char **argv)
{
	return run(s, argc, argv, "union");
}

/* crash's "*": struct or union, whichever the name is */
static int star_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	char name[256], tn[300];
	struct kqtype t;
	int i = 1;
	while (i < argc && argv[i][0] == '-')
		i++;
	if (i >= argc)
		return crash_error(s, "a struct or union name is needed");
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(argv[i], "."), argv[i]);
	snprintf(tn, sizeof(tn), "union %s", name);
	bool uni = ktype_lookup(k, tn, &t) == 0 && ktype_kind(ktype_strip(t.type)) == KT_UNION;
	if (!uni && ktype_lookup(k, name, &t) == 0 && ktype_kind(t.type) == KT_TYPEDEF)
		uni = ktype_kind(ktype_strip(t.type)) == KT_UNION;
	err_clear();
	return run(s, argc, argv, uni ? "union" : "struct");
}

#define STRUCT_HELP(kw)                                                                         \
	"Without an address, shows the definition of the " kw " with its size; with\n"          \
	"an address, the " kw " stored there, member by member.  The address is hex, a\n"      \
	"symbol, symbol+offset or an expression (\"&init_task.tasks\", \"(ptr->next)\");\n"  \
	"with :cpuspec (\":\" the current context's CPU, \":a\" every CPU, \":1,3\",\n"   \
	"\":0-1\") the copy of a per-cpu symbol or offset on each CPU, headed by\n"           \
	"\"[CPU]: ADDRESS\".  A typedef of a " kw " names it too.  A\n"                         \
	"comma-separated member list after a dot limits the output to those members\n"      \
	"(dotted paths reach into nested members).\n"                                      \
	"\n"                                                                                \
	"  -o         show member offsets (with an address: the member addresses)\n"        \
	"  -x         integers in hexadecimal\n"                                            \
	"  -d         integers in decimal\n"                                                \
	"  -l offset  the address is that of an embedded member (a list_head in\n"         \
	"             it): \"type.member\" or a number of bytes; the " kw " starts\n"      \
	"             that far before it\n"                                                 \
	"  -r         the raw bytes (of one member, when one is named) as rd shows\n"      \
	"             them\n"                                                               \
	"  -p         pointer members: their type, and under them the object they\n"       \
	"             point to (with its symbol)\n"                                         \
	"  -u         the address is a user virtual address of the current task\n"         \
	"  -f         (dump file offsets: answered with where to look instead)\n"          \
	"  count      show count consecutive objects starting at the address\n"            \
	"  -c count   the same, anywhere on the line; a negative count shows the\n"        \
	"             objects leading up to and including the one at the address\n"       \
	"\n"

static const struct crash_cmd struct_cmd = {
	.name = "struct",
	.run = struct_run,
	.summary = "structure contents",
	.synopsis = "struct_name[.member[,member]] [-o] [-l offset] [-rfuxdp] [address | symbol | expression][:cpuspec] [count | -c count]",
	.description = STRUCT_HELP("structure")
		"EXAMPLES\n"
		"  crash> struct list_head -o\n"
		"  struct list_head {\n"
		"     [0] struct list_head *next;\n"
		"     [8] struct list_head *prev;\n"
		"  }\n"
		"  SIZE: 16\n"
		"  crash> struct task_struct.pid,comm ffff8f3e811fc180\n"
		"    pid = 1,\n"
		"    comm = \"init\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\",\n"
		"  crash> struct rq.cpu runqueues:a\n"
		"  [0]: ffff8d6b5ec31980\n"
		"    cpu = 0,\n"
		"  [1]: ffff8d6b5ed31980\n"
		"    cpu = 1,\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(struct_cmd)

static const struct crash_cmd union_cmd = {
	.name = "union",
	.run = union_run,
	.summary = "union contents",
	.synopsis = "union_name[.member[,member]] [-o] [-l offset] [-rfuxdp] [address | symbol | expression][:cpuspec] [count | -c count]",
	.description = STRUCT_HELP("union")
		"EXAMPLES\n"
		"  crash> union thread_union -o\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(union_cmd)

static const struct crash_cmd star_cmd = {
	.name = "*",
	.run = star_run,
	.summary = "struct or union contents, whichever the name is",
	.synopsis = "struct_or_union_name[.member[,member]] [-o] [-l offset] [-rfuxdp] [address | symbol | expression][:cpuspec] [count | -c count]",
	.description =
		"The same as struct or union, for a name of either.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> * task_struct.pid init_task\n"
		"    pid = 0,\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(star_cmd)
