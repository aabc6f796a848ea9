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
	if (t) {
		char pid[24];
		snprintf(pid, sizeof(pid), "%d", t->pid);
		fprintf(out, "PID: %-8s TASK: %llx  CPU: %-3d  COMMAND: \"%s\"\n", pid,
			(unsigned long long)t->task, t->cpu, t->comm);
	} else {
		fprintf(out, "TASK: %llx\n", (unsigned long long)task);
	}
}

static const char *long_state(const char *st)
{
	static const struct { const char *s, *l; } m[] = {
		{"RU", "TASK_RUNNING"}, {"IN", "TASK_INTERRUPTIBLE"},
		{"UN", "TASK_UNINTERRUPTIBLE"}, {"ID", "TASK_IDLE"},
		{"ZO", "EXIT_ZOMBIE"}, {"ST", "TASK_STOPPED"}, {"TR", "TASK_TRACED"},
		{"DE", "EXIT_DEAD"}, {"WA", "TASK_WAKING"}, {"PA", "TASK_PARKED"},
		{"NE", "TASK_NEW"},
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(m[i].s, st))
			return m[i].l;
	return "(unknown)";
}

void crash_print_task_context(struct crash_session *s, FILE *out, uint64_t task)
{
	struct kernel *k = crash_kernel(s);
	const struct ktask *t = k ? ktask_by_addr(k, task) : NULL;
	if (!t) {
		fprintf(out, "   TASK: %llx  (not in the task table)\n", (unsigned long long)task);
		return;
	}
	const struct ktask *p = ktask_panic(k);
	fprintf(out, "    PID: %d\n", t->pid);
	fprintf(out, "COMMAND: \"%s\"\n", t->comm);
	/* task_struct embeds thread_info on x86_64 (THREAD_INFO_IN_TASK) */
	fprintf(out, "   TASK: %llx  [THREAD_INFO: %llx]\n", (unsigned long long)t->task,
		(unsigned long long)t->task);
	fprintf(out, "    CPU: %d\n", t->cpu);
	fprintf(out, "  STATE: %s%s\n", long_state(t->st),
		p == t ? " (PANIC)" : t->active ? " (ACTIVE)" : "");
}

long crash_report_unreadable_tasks(struct crash_session *s)
{
	struct kernel *k = crash_kernel(s);
	struct ktask_unreadable u;
	if (!k || ktask_unreadable(k, &u) || !u.n)
		return 0;
	long seen = u.n - u.unreached;	/* the walk reached these */
	const char *why = u.excluded == seen	  ? "their pages are excluded from the dump"
			  : u.not_in_dump == seen ? "their pages are not in the dump"
			  : u.excluded + u.not_in_dump == seen
				  ? "their pages are excluded from the dump or not in it"
				  : "their memory cannot be read";
	if (u.unreached && seen)
		crash_error(s, "%ld task%s unreadable: %s (%ld task_struct%s, and %ld task%s "
			    "reachable only through them)", u.n, u.n == 1 ? "" : "s", why, seen,
			    seen == 1 ? "" : "s", u.unreached, u.unreached == 1 ? "" : "s");
	else if (u.unreached)
		crash_error(s, "%ld task%s unreadable: the task lists cannot be walked to them",
			    u.n, u.n == 1 ? "" : "s");
	else
		crash_error(s, "%ld task%s unreadable: %s", u.n, u.n == 1 ? "" : "s", why);
	/* No dump level drops slab pages: task_structs gone with the pages
	 * that a level does drop (user pages 8, free pages 16) were taken
	 * for those by the dump filter. */
	if (u.excluded && u.slab && u.dump_level > 0 && (u.dump_level & (8 | 16)))
		crash_error(s, "dump level %d drops %s pages, not slab pages, yet task_structs "
			    "(slab objects) are excluded: makedumpfile before 1.7.7 takes slab "
			    "pages of Linux 6.10 and later for free or user pages (capture with "
			    "makedumpfile 1.7.7 or later, or without -d %s)", u.dump_level,
			    (u.dump_level & 24) == 24 ? "user and free" : u.dump_level & 16 ? "free" : "user",
			    (u.dump_level & 24) == 24 ? "8 and 16" : u.dump_level & 16 ? "16" : "8");
	return u.n;
}

char *crash_memory_size(char *out, size_t outlen, uint64_t bytes)
{
	static const char *const u[] = {"KB", "MB", "GB", "TB"};
	double v = (double)bytes / 1024;
	int i = 0;
	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	if (v == (double)(uint64_t)v)
		snprintf(out, outlen, "%llu %s", (unsigned long long)v, u[i]);
	else
		snprintf(out, outlen, "%.1f %s", v, u[i]);
	return out;
}
