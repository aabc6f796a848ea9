/* The API's argument and column helpers (crash-api.h, "Arguments and
 * columns"): what many commands parse and print the same way. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extensions/crash-api.h"

char *crash_field(char *out, size_t outlen, int width, enum crash_just j, const char *s)
{
	int len = (int)strlen(s), extra = width - len, left = 0, right = 0;
	if (extra <= 0) {
		snprintf(out, outlen, "%s", s);
		return out;
	}
	switch (j) {
	case CRASH_LEFT: right = extra; break;
	case CRASH_RIGHT: left = extra; break;
	case CRASH_CENTER_L: left = extra / 2; right = extra - left; break;
	case CRASH_CENTER_R: right = extra / 2; left = extra - right; break;
	}
	snprintf(out, outlen, "%*s%s%*s", left, "", s, right, "");
	return out;
}

char *crash_hexfield(char *out, size_t outlen, int width, enum crash_just j, uint64_t v)
{
	char b[24];
	snprintf(b, sizeof(b), "%llx", (unsigned long long)v);
	return crash_field(out, outlen, width, j, b);
}

bool crash_parse_hex(const char *s, uint64_t *v)
{
	char *end;
	if (!s || !*s)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!isxdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 16);
	return *end == 0 && errno == 0;
}

int crash_parse_cpus(const char *arg, bool *sel, int ncpus)
{
	if (!strcmp(arg, "a") || !strcmp(arg, "all")) {
		for (int i = 0; i < ncpus; i++)
			sel[i] = true;
		return 0;
	}
	const char *p = arg;
	if (!*p)
		goto bad;
	while (*p) {
		char *end;
		errno = 0;
		long a = strtol(p, &end, 10), b;
		if (end == p || errno || a < 0)
			goto bad;
		b = a;
		p = end;
		if (*p == '-') {
			errno = 0;
			b = strtol(p + 1, &end, 10);
			if (end == p + 1 || errno || b < a)
				goto bad;
			p = end;
		}
		if (b >= ncpus) {
			err_set("invalid cpu: %ld (the kernel has %d)", b, ncpus);
			return -1;
		}
		for (long i = a; i <= b; i++)
			sel[i] = true;
		if (*p == ',')
			p++;
		else if (*p)
			goto bad;
	}
	return 0;
bad:
	err_set("invalid cpu list: %s", arg);
	return -1;
}

const struct ktask *crash_task_arg(struct crash_session *s, const char *arg)
{
	struct kernel *k = crash_kernel(s);
	if (!k) {
		err_set("no dump is open");
		return NULL;
	}
	return ktask_lookup(k, arg);
}

void crash_print_task_header(struct crash_session *s, uint64_t task, bool blank_line)
{
	struct kernel *k = crash_kernel(s);
	const struct ktask *t = k ? ktask_by_addr(k, task) : NULL;
	FILE *out = crash_out(s);

	if (blank_line)
		fputc('\n', out);
	if (t)
		tasks_print_header(k, out, t);
	else
		fprintf(out, "TASK: %llx\n", (unsigned long long)task);
}
