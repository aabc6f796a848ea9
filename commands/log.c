/* log: the kernel message buffer, oldest first, in crash's layout:
 * "[    0.000000] text", lines after the first of a multi-line message
 * indented under the text. */
#include <ctype.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extensions/crash-api.h"

struct log_opts {
	FILE *out;
	bool no_time, wall, level, dict, caller, rust;
	bool no_caller;		/* -c on a kernel whose records have none */
	int64_t boot;	/* wall-clock seconds at boot, for -T */
};

/* -R: the text with each Rust symbol (_R..., or _ZN...E with a hash)
 * demangled in place; other words as they are. */
static void print_text(struct log_opts *o, const char *t, size_t len, int plen)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)t[i];
		if (o->rust && c == '_' && i + 2 < len && (t[i + 1] == 'R' || t[i + 1] == 'Z') &&
		    (i == 0 || !(isalnum((unsigned char)t[i - 1]) || t[i - 1] == '_'))) {
			size_t j = i;
			char word[512];
			while (j < len && j - i < sizeof(word) - 1 &&
			       (isalnum((unsigned char)t[j]) || t[j] == '_' || t[j] == '$' || t[j] == '.'))
				j++;
			memcpy(word, t + i, j - i);
			word[j - i] = '\0';
			char *d = kdemangle_rust(word);
			if (d) {
				fputs(d, o->out);
				free(d);
				i = j - 1;
				continue;
			}
		}
		if (c == '\n') {
			/* Continuation lines line up under the text. */
			fprintf(o->out, "\n%*s", plen, "");
		} else if (isprint(c) || c == '\t') {
			fputc(c, o->out);
		} else {
			fputc('.', o->out);
		}
	}
}

static int print_rec(void *arg, const struct printk_rec *r)
{
	struct log_opts *o = arg;
	char prefix[96];
	int plen = 0;
	if (o->wall) {
		time_t t = (time_t)(o->boot + (int64_t)(r->ts_nsec / 1000000000ull));
		struct tm tm;
		char buf[64];
		localtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%a %b %e %T %Z %Y", &tm);
		plen = snprintf(prefix, sizeof prefix, "[%s] ", buf);
	} else if (!o->no_time) {
		plen = snprintf(prefix, sizeof prefix, "[%5llu.%06llu] ",
				(unsigned long long)(r->ts_nsec / 1000000000ull),
				(unsigned long long)(r->ts_nsec % 1000000000ull / 1000));
	}
	if (plen < 0)
		plen = 0;
	fputs(plen ? prefix : "", o->out);
	if (o->caller && r->has_caller_id) {
		/* the kernel's PRINTK_CALLER form: T<pid>, or C<cpu> when
		 * printed outside a task (bit 31) */
		char id[16];
		snprintf(id, sizeof id, "%c%u", r->caller_id & 0x80000000u ? 'C' : 'T',
			 r->caller_id & 0x7fffffffu);
		int n = fprintf(o->out, "[%6s] ", id);
		plen += n > 0 ? n : 0;
	} else if (o->caller) {
		o->no_caller = true;
	}
	if (o->level) {
		int n = fprintf(o->out, "<%d>", r->level);
		plen += n > 0 ? n : 0;
	}
	print_text(o, r->text, r->text_len, plen);
	fputc('\n', o->out);
	/* dev_printk()'s origin, as the kernel's /dev/kmsg shows it. */
	if (o->dict && r->subsystem[0])
		fprintf(o->out, "%*sSUBSYSTEM=%s\n", plen, "", r->subsystem);
	if (o->dict && r->device[0])
		fprintf(o->out, "%*sDEVICE=%s\n", plen, "", r->device);
	return ferror(o->out) ? 1 : 0;
}

/* log -s: one block per CPU's safe buffer, its header as crash prints it
 * and the unflushed messages, one per line, indented. */
static int print_safe(void *arg, const struct printk_safe_buf *b)
{
	FILE *out = arg;
	fprintf(out, "PRINTK_SAFE_SEQ_BUF: %s\n", b->name);
	fprintf(out, "CPU: %d  ADDR: %llx LEN: %u  MESSAGE_LOST: %u\n", b->cpu,
		(unsigned long long)b->addr, b->len, b->message_lost);
	if (!b->text_len) {
		fputs("  (empty)\n", out);
		return ferror(out) ? 1 : 0;
	}
	bool bol = true;
	for (size_t i = 0; i < b->text_len; i++) {
		unsigned char c = (unsigned char)b->text[i];
		if (bol)
			fputs("  ", out);
		bol = c == '\n';
		fputc(c == '\n' || isprint(c) || c == '\t' ? c : '.', out);
	}
	if (!bol)
		fputc('\n', out);
	return ferror(out) ? 1 : 0;
}

/* log -a: "type=N text" per queued audit record. */
static int print_audit(void *arg, const struct audit_rec *r)
{
	FILE *out = arg;
	fprintf(out, "type=%u ", r->type);
	for (size_t i = 0; i < r->len; i++) {
		unsigned char c = (unsigned char)r->text[i];
		fputc(isprint(c) || c == '\n' ? c : '.', out);
	}
	fputc('\n', out);
	return ferror(out) ? 1 : 0;
}

static int log_audit(struct crash_session *s, struct kernel *k)
{
	int n = audit_walk(k, print_audit, crash_out(s));
	if (n < 0)
		return crash_error(s, "%s", err_get());
	if (n == 0)
		fprintf(crash_out(s), "log: no audit records queued (audit_queue, audit_retry_queue "
			"and audit_hold_queue are empty)\n");
	return 0;
}

static int log_safe(struct crash_session *s, struct kernel *k)
{
	int n = printk_safe_walk(k, print_safe, crash_out(s));
	if (n < 0)
		return crash_error(s, "%s", err_get());
	if (n == 0)
		fprintf(crash_out(s), "log: %s\n", err_get());
	return 0;
}

static int cmd_log(struct crash_session *s, int argc, char **argv)
{
	struct log_opts o = { .out = crash_out(s) };
	bool safe = false, audit = false;
	int c;
	while ((c = getopt(argc, argv, "TtdmascR")) != -1) {
		switch (c) {
		case 'T': o.wall = true; break;
		case 't': o.no_time = true; break;
		case 'm': o.level = true; break;
		case 'd': o.dict = true; break;
		case 'a': audit = true; break;
		case 's': safe = true; break;
		case 'c': o.caller = true; break;
		case 'R': o.rust = true; break;
		default: return crash_error(s, "usage: log [-TtdmascR]");
		}
	}
	if (optind < argc)
		return crash_error(s, "usage: log [-TtdmascR]");
	struct kernel *k = crash_kernel(s);
	if (audit)
		return log_audit(s, k);
	if (safe)
		return log_safe(s, k);
	if (o.wall && printk_boot_wallclock(k, &o.boot) < 0) {
		crash_warn(s, "%s; showing times since boot", err_get());
		o.wall = false;
	}
	unsigned skipped = 0;
	int r = printk_walk(k, print_rec, &o, &skipped);
	if (r < 0)
		return crash_error(s, "%s", err_get());
	if (skipped)
		crash_warn(s, "%u log records could not be read", skipped);
	if (o.no_caller)
		crash_warn(s, "this kernel's log records have no caller_id (CONFIG_PRINTK_CALLER)");
	return 0;
}

static const struct crash_cmd log_cmd = {
	.name = "log",
	.run = cmd_log,
	.summary = "dump system message buffer",
	.synopsis = "log [-TtdmascR]",
	.description =
		"Prints the kernel message buffer oldest first, each record as\n"
		"\"[seconds.micros] text\", from the lockless ring buffer (5.10+) or\n"
		"the older log_buf records.\n"
		"  -T  wall-clock time of each message (boot time from the timekeeper\n"
		"      plus the message's local_clock() stamp, so only approximate)\n"
		"  -t  no time stamps\n"
		"  -m  the message level as <N> before the text\n"
		"  -d  also the SUBSYSTEM= and DEVICE= of messages from dev_printk()\n"
		"  -s  the messages left in the per-CPU printk safe buffers (nmi_print_seq,\n"
		"      safe_print_seq: 4.11 to 5.10) that were not flushed to the log; a\n"
		"      kernel without them (5.11+) gets one line saying so\n"
		"  -a  the audit records queued for auditd and never read (audit_queue,\n"
		"      audit_retry_queue, audit_hold_queue) as \"type=N text\"; one line\n"
		"      when they are empty or the kernel has no audit (CONFIG_AUDIT)\n"
		"  -c  the caller of each message, [    T<pid>] or [     C<cpu>] when it was\n"
		"      printed outside a task, after the time stamp\n"
		"  -R  Rust symbols in the text demangled\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(log_cmd)
