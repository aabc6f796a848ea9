/* Shared by list and tree; see listwalk.h. */
#include "commands/listwalk.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "kernel-types/addrarg.h"
#include "kernel-types/dwarf.h"
#include "kernel-types/typeprint.h"

int lw_offset(struct crash_session *s, const char *arg, long *off)
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

/* "name.m1,m2" or "name": the struct's DIE (struct, else union) and its
 * members; prints them for the object at addr. */
static int print_spec(struct lw_print *p, const char *spec, uint64_t addr)
{
	struct kernel *k = crash_kernel(p->s);
	FILE *out = crash_out(p->s);
	char buf[512], tname[600], *dot;
	Dwarf_Die type;
	const char *kw = "struct";

	snprintf(buf, sizeof(buf), "%s", spec);
	dot = strchr(buf, '.');
	if (dot)
		*dot++ = '\0';
	snprintf(tname, sizeof(tname), "struct %s", buf);
	if (kernel_type_die(k, tname, &type) != 0) {
		snprintf(tname, sizeof(tname), "union %s", buf);
		kw = "union";
		if (kernel_type_die(k, tname, &type) != 0) {
			err_set("invalid data structure reference: %s", buf);
			return -1;
		}
	}
	kernel_die_strip(&type);
	if (!dot) {
		char *text = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&text, &len);
		if (!mem)
			return -1;
		int bad = tp_value_at(k, mem, &type, addr, 0, p->flags);
		fclose(mem);
		if (!bad)
			fprintf(out, "%s %s %s\n", kw, buf, text);
		free(text);
		return bad ? -1 : 0;
	}
	for (char *save, *m = strtok_r(dot, ",", &save); m; m = strtok_r(NULL, ",", &save))
		if (tp_member_value(k, out, &type, addr, m, p->flags) != 0)
			return -1;
	return 0;
}

int lw_check(struct lw_print *p)
{
	struct kernel *k = crash_kernel(p->s);
	for (int i = 0; i < p->nstructs; i++) {
		char buf[512], tname[600], *dot;
		Dwarf_Die type, mt;
		long off;
		int bo, bs;
		snprintf(buf, sizeof(buf), "%s", p->structs[i]);
		dot = strchr(buf, '.');
		if (dot)
			*dot++ = '\0';
		snprintf(tname, sizeof(tname), "struct %s", buf);
		if (kernel_type_die(k, tname, &type) != 0) {
			snprintf(tname, sizeof(tname), "union %s", buf);
			if (kernel_type_die(k, tname, &type) != 0) {
				err_set("invalid data structure reference: %s", buf);
				return -1;
			}
		}
		kernel_die_strip(&type);
		if (!dot)
			continue;
		for (char *save, *m = strtok_r(dot, ",", &save); m; m = strtok_r(NULL, ",", &save))
			if (kernel_die_member(k, &type, m, &mt, &off, &bo, &bs) != 0)
				return -1;
	}
	return 0;
}

int lw_entry(struct lw_print *p, uint64_t addr, const char *info)
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
