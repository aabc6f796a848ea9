/* What happened, from the log, when the panic string does not say
 * (sysinfo.h: ksys_crash_msg).  "Fatal exception" only says that an oops
 * was fatal and a kdump oops panics before panic() sets any string; the
 * report the kernel printed just before names the crash, and its first
 * line is what support engineers quote. */
#include "kernel-types/linux/sysinfo.h"

#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kernel-types/linux/printk.h"

/* What the panic string says of the kind of report to look for. */
enum want { W_NONE, W_OOPS, W_WARN, W_SOFTLOCKUP, W_HUNG, W_HARDLOCKUP };

static enum want generic(const char *panic)
{
	static const char key[] = "Kernel panic - not syncing: ";
	if (!*panic)
		return W_OOPS;	/* kdump: crash_kexec() from oops_end() */
	if (strncmp(panic, key, sizeof(key) - 1))
		return W_NONE;
	const char *m = panic + sizeof(key) - 1;
	if (!strncmp(m, "Fatal exception", 15))
		return W_OOPS;
	if (strstr(m, "panic_on_warn set"))
		return W_WARN;
	if (!strncmp(m, "softlockup: hung tasks", 22))
		return W_SOFTLOCKUP;
	if (!strncmp(m, "hung_task: blocked tasks", 24))
		return W_HUNG;
	if (!strncmp(m, "Hard LOCKUP", 11))
		return W_HARDLOCKUP;
	return W_NONE;
}

static bool starts(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);
	return n >= l && !memcmp(s, p, l);
}

static bool has(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);
	for (size_t i = 0; i + l <= n; i++)
		if (!memcmp(s + i, p, l))
			return true;
	return false;
}

#define LOOKBACK 8	/* records kept before an oops header */

struct scan {
	enum want want;
	regex_t hdr;		/* "Oops: 0002 [#1]", "invalid opcode: 0000 [#1]" */
	bool done;		/* the panic line was seen: later records are not its cause */
	char ring[LOOKBACK][256];	/* the records before the current one */
	unsigned nring;
	char best[256];
	bool first_only;	/* keep the first match (hung tasks), else the last */
};

/* The first line of an oops report whose header is the newest record:
 * "BUG: kernel NULL pointer dereference...", "kernel BUG at f.c:19!", or
 * the header itself ("general protection fault, ...: 0000 [#1]"), passing
 * over the page-fault lines ("#PF: ...", "PGD ...") between them. */
static void oops_first(struct scan *s, const char *hdr)
{
	snprintf(s->best, sizeof(s->best), "%s", hdr);
	for (unsigned i = 0; i < s->nring && i < LOOKBACK; i++) {
		const char *l = s->ring[(s->nring - 1 - i) % LOOKBACK];
		if (!strncmp(l, "#PF: ", 5) || !strncmp(l, "PGD ", 4))
			continue;
		if (!strncmp(l, "BUG: ", 5) || !strncmp(l, "kernel BUG at ", 14) ||
		    !strncmp(l, "Kernel BUG at ", 14) || !strncmp(l, "Unable to handle kernel", 23))
			snprintf(s->best, sizeof(s->best), "%s", l);
		break;
	}
}

static int scan_rec(void *arg, const struct printk_rec *r)
{
	struct scan *s = arg;
	char l[256];
	if (s->done)
		return 0;
	printk_rec_first_line(r, l, sizeof(l));
	size_t n = strlen(l);
	if (starts(l, n, "Kernel panic - not syncing: ")) {
		s->done = true;	/* the panic's cause was printed before it */
		return 0;
	}
	bool hit = false;
	switch (s->want) {
	case W_OOPS:
		if (!regexec(&s->hdr, l, 0, NULL, 0)) {
			oops_first(s, l);
			s->nring = 0;
			return 0;
		}
		break;
	case W_WARN:
		hit = starts(l, n, "WARNING: ");
		break;
	case W_SOFTLOCKUP:
		hit = has(l, n, "BUG: soft lockup - CPU#");
		break;
	case W_HUNG:
		hit = starts(l, n, "INFO: task ") && has(l, n, " blocked for more than ");
		break;
	case W_HARDLOCKUP:
		hit = has(l, n, "hard LOCKUP");
		break;
	case W_NONE:
		break;
	}
	if (hit && !(s->first_only && *s->best))
		snprintf(s->best, sizeof(s->best), "%s", l);
	memcpy(s->ring[s->nring++ % LOOKBACK], l, sizeof(l));
	return 0;
}

int ksys_crash_msg(struct kernel *k, const char *panic, char *buf, size_t len)
{
	struct scan s;
	if (len)
		buf[0] = 0;
	memset(&s, 0, sizeof(s));
	s.want = generic(panic);
	if (s.want == W_NONE || !len)
		return 0;
	/* an oops header: what the fault was, its error code, the oops count */
	if (regcomp(&s.hdr, ": [0-9a-f]{4} \\[#[0-9]+\\]", REG_EXTENDED | REG_NOSUB))
		return 0;
	s.first_only = s.want == W_HUNG;	/* the first blocked task reported */
	printk_walk(k, scan_rec, &s, NULL);
	regfree(&s.hdr);
	snprintf(buf, len, "%s", s.best);
	return *buf ? 1 : 0;
}
