/* Triage's log (triage.h): the printk records up to the panic line, and
 * what the report in them says (ktriage_from_log). */
#include "kernel-types/linux/triage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "kernel-types/linux/printk.h"
#include "kernel-types/linux/triage_impl.h"

#define LOG_KEEP 4096	/* records kept before the panic line */

struct logscan {
	struct ktriage_logline *v;	/* a ring of the last LOG_KEEP records */
	size_t n;		/* records seen (v holds the last LOG_KEEP) */
	bool done;		/* the panic line was seen: it is the last one kept */
};

static int log_rec(void *arg, const struct printk_rec *r)
{
	struct logscan *s = arg;
	if (s->done)
		return 0;
	struct ktriage_logline *l = &s->v[s->n % LOG_KEEP];
	l->level = r->level;
	printk_rec_first_line(r, l->text, sizeof(l->text));
	if (ktriage_has_prefix(l->text, "Kernel panic - not syncing: "))
		s->done = true;
	s->n++;
	return 0;
}

static uint64_t hex(const char *s, bool *ok)
{
	char *end;
	uint64_t v = strtoull(s, &end, 16);
	*ok = end != s;
	return v;
}

/* "NAME:PID" ending at end (the comm may hold ':'), into t. */
static bool comm_pid(const char *s, const char *end, struct ktriage_task *t)
{
	const char *colon = NULL;
	for (const char *p = s; p < end; p++)
		if (*p == ':')
			colon = p;
	if (!colon || colon == s)
		return false;
	size_t n = (size_t)(colon - s);
	if (n >= sizeof(t->comm))
		n = sizeof(t->comm) - 1;
	memcpy(t->comm, s, n);
	t->comm[n] = 0;
	t->pid = atoi(colon + 1);
	return t->pid > 0;
}

/* The details of the report that starts at line `from`, up to the panic
 * line: the fault's address and access, BUG's and WARN's file:line, the
 * soft lockup's CPU, seconds and task, the hung tasks. */
static void report_details(const struct ktriage_logline *v, size_t from, size_t to,
			   struct ktriage *t)
{
	for (size_t i = from; i < to; i++) {
		const char *l = v[i].text;
		const char *p;
		bool ok;
		if ((p = strstr(l, "NULL pointer dereference, address: ")) ||
		    (p = strstr(l, "unable to handle page fault for address: "))) {
			uint64_t a = hex(strchr(p, ':') + 2, &ok);
			if (ok && !t->has_fault_addr) {
				t->has_fault_addr = true;
				t->fault_addr = a;
			}
			if (strstr(l, "NULL pointer"))
				t->null_deref = true;
		} else if ((p = strstr(l, " at virtual address ")) && ktriage_has_prefix(l, "Unable to handle")) {
			uint64_t a = hex(p + 20, &ok);
			if (ok && !t->has_fault_addr) {
				t->has_fault_addr = true;
				t->fault_addr = a;
			}
			if (strstr(l, "NULL pointer"))
				t->null_deref = true;
		} else if (ktriage_has_prefix(l, "#PF: ") && (p = strstr(l, " access in ")) && !*t->access) {
			/* "#PF: supervisor write access in kernel mode" */
			const char *w = l + 5;
			const char *sp = strchr(w, ' ');
			if (sp && sp < p) {
				size_t n = (size_t)(p - sp - 1);
				if (n < sizeof(t->access)) {
					memcpy(t->access, sp + 1, n);
					t->access[n] = 0;
				}
				t->user_access = ktriage_has_prefix(w, "user");
			}
		} else if ((p = strstr(l, "WnR = ")) && !*t->access) {
			snprintf(t->access, sizeof(t->access), "%s", p[6] == '1' ? "write" : "read");
		} else if ((ktriage_has_prefix(l, "kernel BUG at ") || ktriage_has_prefix(l, "Kernel BUG at ")) &&
			   !*t->bug_file) {
			const char *f = l + 14;
			const char *c = strrchr(f, ':');
			if (c) {
				size_t n = (size_t)(c - f);
				if (n < sizeof(t->bug_file)) {
					memcpy(t->bug_file, f, n);
					t->bug_file[n] = 0;
					t->bug_line = atoi(c + 1);
				}
			}
		} else if (ktriage_has_prefix(l, "WARNING: ") && (p = strstr(l, " at ")) && !*t->bug_file) {
			/* "WARNING: CPU: 0 PID: 1 at crashmod.c:61 crashmod_warn+0x11/0x20" */
			const char *f = p + 4;
			const char *e = strchr(f, ' ');
			const char *c = e ? memchr(f, ':', (size_t)(e - f)) : strrchr(f, ':');
			if (c && (size_t)(c - f) < sizeof(t->bug_file)) {
				memcpy(t->bug_file, f, (size_t)(c - f));
				t->bug_file[c - f] = 0;
				t->bug_line = atoi(c + 1);
			}
		} else if (ktriage_has_prefix(l, "BUG: ") && (p = strstr(l, " stack guard page was hit")) &&
			   !*t->overflowed) {
			/* "BUG: TASK stack guard page was hit at ... (stack is ...)" */
			size_t n = (size_t)(p - (l + 5));
			if (n && n < sizeof(t->overflowed)) {
				memcpy(t->overflowed, l + 5, n);
				t->overflowed[n] = 0;
			}
		} else if ((p = strstr(l, "soft lockup - CPU#")) && t->lockup_cpu < 0) {
			/* "watchdog: BUG: soft lockup - CPU#1 stuck for 3s! [crashmod-spin:326]" */
			t->lockup_cpu = atoi(p + 18);
			const char *f = strstr(p, "stuck for ");
			if (f)
				t->lockup_secs = atoi(f + 10);
			const char *b = strrchr(l, '[');
			const char *e = b ? strchr(b, ']') : NULL;
			t->lockup_task.cpu = t->lockup_cpu;
			if (b && e)
				comm_pid(b + 1, e, &t->lockup_task);
		} else if (ktriage_has_prefix(l, "INFO: task ") && (p = strstr(l, " blocked for more than ")) &&
			   t->nhung < KTRIAGE_HUNG) {
			struct ktriage_task *h = &t->hung[t->nhung];
			memset(h, 0, sizeof(*h));
			h->cpu = -1;	/* until the task is found */
			if (comm_pid(l + 11, p, h)) {
				h->blocked_ns = (uint64_t)atoi(p + 23) * 1000000000ull;
				t->nhung++;
			}
		}
	}
}

/* The OOM killer's last victim: "Out of memory: Killed process PID (COMM)". */
static void oom_victim(const struct ktriage_logline *v, size_t to, struct ktriage *t)
{
	for (size_t i = to; i-- > 0;) {
		const char *l = v[i].text;
		const char *p = strstr(l, "Killed process ");
		if (!p)
			continue;
		t->oom_victim.pid = atoi(p + 15);
		t->oom_victim.cpu = -1;
		const char *b = strchr(p, '(');
		const char *e = b ? strchr(b, ')') : NULL;
		if (b && e) {
			size_t n = (size_t)(e - b - 1);
			if (n >= sizeof(t->oom_victim.comm))
				n = sizeof(t->oom_victim.comm) - 1;
			memcpy(t->oom_victim.comm, b + 1, n);
			t->oom_victim.comm[n] = 0;
		}
		return;
	}
}

/* A line at warning level or above that says something: not the
 * "cut here" rule that opens a BUG or WARN report. */
static bool log_worthy(const struct ktriage_logline *l)
{
	return l->level <= 4 && *l->text && !strstr(l->text, "[ cut here ]");
}

void ktriage_from_log(const struct ktriage_logline *v, size_t n, struct ktriage *t)
{
	size_t end = n;
	for (size_t i = 0; i < n; i++)
		if (ktriage_has_prefix(v[i].text, "Kernel panic - not syncing: ")) {
			end = i;
			break;
		}
	/* where the report starts: its first line (ksys_crash_msg), else
	 * the panic line */
	size_t start = end;
	if (*t->message && strcmp(t->message, t->panic))
		for (size_t i = end; i-- > 0;)
			if (!strcmp(v[i].text, t->message)) {
				start = i;
				break;
			}
	report_details(v, start, end, t);
	oom_victim(v, end, t);
	/* the warning+ lines before it */
	size_t from = start;
	int want = 0;
	while (from > 0 && want < KTRIAGE_LOG) {
		from--;
		if (log_worthy(&v[from]))
			want++;
	}
	t->nlog = 0;
	for (size_t i = from; i < start && t->nlog < KTRIAGE_LOG; i++)
		if (log_worthy(&v[i]))
			snprintf(t->log[t->nlog++], sizeof(t->log[0]), "%s", v[i].text);
}

void ktriage_read_log(struct kernel *k, struct ktriage *t)
{
	struct logscan s = {0};
	s.v = xcalloc(LOG_KEEP, sizeof(*s.v));
	printk_walk(k, log_rec, &s, NULL);
	/* the ring's records in order, oldest first */
	size_t n = s.n < LOG_KEEP ? s.n : LOG_KEEP;
	struct ktriage_logline *v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = s.v[(s.n - n + i) % LOG_KEEP];
	free(s.v);
	ktriage_from_log(v, n, t);
	free(v);
}
