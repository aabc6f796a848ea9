/* The API's entry printer (crash-api.h, "Entries"): how list, tree and
 * their kind print each entry found, with the structures asked for by -s
 * ("task_struct", "task_struct.pid,comm"), and "struct.member" offsets. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extensions/crash-api.h"

int crash_struct_offset(struct crash_session *s, const char *arg, long *off)
{
	const char *dot = strchr(arg, '.');
	if (dot) {
		char type[256];
		snprintf(type, sizeof(type), "struct %.*s", (int)(dot - arg), arg);
		long o = kernel_offsetof(crash_kernel(s), type, dot + 1);
		if (o < 0) {
			snprintf(type, sizeof(type), "union %.*s", (int)(dot - arg), arg);
			o = kernel_offsetof(crash_kernel(s), type, dot + 1);
		}
		if (o < 0) {
			err_set("invalid data structure reference: %s", arg);
			return -1;
		}
		*off = o;
		return 0;
	}
	char *end;
	long v = strtol(arg, &end, 0);
	if (!*arg || *end || v < 0 || v > (1l << 20)) {
		err_set("invalid offset: %s", arg);
		return -1;
	}
	*off = v;
	return 0;
}

/* "name.m1,m2" or "name": the struct (else union) named and, in members,
 * the text after the dot (NULL when none); kw says which it was. */
static int spec_type(struct kernel *k, const char *spec, char *buf, size_t len,
		     const struct ktype **type, char **members, const char **kw)
{
	char tname[600];
	struct kqtype t;

	snprintf(buf, len, "%s", spec);
	*members = strchr(buf, '.');
	if (*members)
		*(*members)++ = '\0';
	*kw = "struct";
	snprintf(tname, sizeof(tname), "struct %s", buf);
	if (ktype_lookup(k, tname, &t) != 0) {
		*kw = "union";
		snprintf(tname, sizeof(tname), "union %s", buf);
		if (ktype_lookup(k, tname, &t) != 0) {
			err_set("invalid data structure reference: %s", buf);
			return -1;
		}
	}
	*type = ktype_strip(t.type);
	return 0;
}

static int print_spec(struct crash_entry_printer *p, const char *spec, uint64_t addr)
{
	struct kernel *k = crash_kernel(p->s);
	FILE *out = crash_out(p->s);
	char buf[512], *members;
	const struct ktype *type;
	const char *kw;

	if (spec_type(k, spec, buf, sizeof(buf), &type, &members, &kw) != 0)
		return -1;
	if (!members) {
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		if (!mem)
			return -1;
		int bad = tp_value_at(k, mem, (struct kqtype){ type, 0 }, addr, 0, p->flags);
		fclose(mem);
		if (!bad)
			fprintf(out, "%s %s %s\n", kw, buf, text);
		free(text);
		return bad ? -1 : 0;
	}
	for (char *save, *m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",", &save))
		if (tp_member_value(k, out, type, addr, m, p->flags) != 0)
			return -1;
	return 0;
}

int crash_entry_check(struct crash_entry_printer *p)
{
	struct kernel *k = crash_kernel(p->s);
	for (int i = 0; i < p->nstructs; i++) {
		char buf[512], *members;
		const struct ktype *type;
		const char *kw;
		struct kmember_ref m;
		if (spec_type(k, p->structs[i], buf, sizeof(buf), &type, &members, &kw) != 0)
			return -1;
		if (!members)
			continue;
		for (char *save, *n = strtok_r(members, ",", &save); n; n = strtok_r(NULL, ",", &save))
			if (ktype_member(type, n, &m) != 0)
				return -1;
	}
	return 0;
}

int crash_entry_print(struct crash_entry_printer *p, uint64_t addr, const char *info)
{
	FILE *out = crash_out(p->s);
	if (crash_interrupted()) {
		p->interrupted = true;
		return 1;
	}
	p->count++;
	fprintf(out, "%" PRIx64 "\n", addr);
	if (info)
		fputs(info, out);
	for (int i = 0; i < p->nstructs; i++) {
		if (print_spec(p, p->structs[i], addr - (uint64_t)p->struct_off) != 0) {
			crash_warn(p->s, "%s", err_get());
			break;
		}
	}
	return 0;
}
