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
	struct json_object *json; /* JSON output: the records go here */
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

/* A record in JSON (commands/json/log.schema.json): every field, whatever
 * the options; -T adds the wall-clock time, -R demangles the text. */
static int json_rec(struct log_opts *o, const struct printk_rec *r)
{
	struct json_object *j = json_object_new_object();
	json_object_object_add(j, "seq", json_object_new_uint64(r->seq));
	json_object_object_add(j, "level", json_object_new_int(r->level));
	json_object_object_add(j, "facility", json_object_new_int(r->facility));
	json_object_object_add(j, "timestamp_ns", json_object_new_uint64(r->ts_nsec));
	if (o->wall)
		json_object_object_add(j, "time", json_object_new_int64(o->boot + (int64_t)(r->ts_nsec / 1000000000ull)));
	char id[16];
	snprintf(id, sizeof id, "%c%u", r->caller_id & 0x80000000u ? 'C' : 'T', r->caller_id & 0x7fffffffu);
	json_object_object_add(j, "caller", r->has_caller_id ? json_object_new_string(id) : NULL);
	if (o->rust) {
		char *buf = NULL;
		size_t len = 0;
		FILE *m = open_memstream(&buf, &len), *out = o->out;
		if (m) {
			o->out = m;
			print_text(o, r->text, r->text_len, 0);
			fclose(m);
			o->out = out;
			json_object_object_add(j, "text", crash_json_strn(buf, len));
			free(buf);
		}
	}
	if (!json_object_object_get_ex(j, "text", NULL))
		json_object_object_add(j, "text", crash_json_strn(r->text, r->text_len));
	struct json_object *d = NULL;
	if (r->subsystem[0] || r->device[0]) {
		d = json_object_new_object();
		if (r->subsystem[0])
			json_object_object_add(d, "SUBSYSTEM", crash_json_str(r->subsystem));
		if (r->device[0])
			json_object_object_add(d, "DEVICE", crash_json_str(r->device));
	}
	json_object_object_add(j, "dict", d);
	json_object_array_add(o->json, j);
	return 0;
}

static int print_rec(void *arg, const struct printk_rec *r)
{
	struct log_opts *o = arg;
	if (o->json)
		return json_rec(o, r);
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
static int json_safe(void *arg, const struct printk_safe_buf *b)
{
	struct json_object *j = json_object_new_object();
	json_object_object_add(j, "name", crash_json_str(b->name));
	json_object_object_add(j, "cpu", json_object_new_int(b->cpu));
	json_object_object_add(j, "address", crash_json_addr(b->addr));
	json_object_object_add(j, "len", json_object_new_uint64(b->len));
	json_object_object_add(j, "message_lost", json_object_new_uint64(b->message_lost));
	json_object_object_add(j, "text", crash_json_strn(b->text, b->text_len));
	json_object_array_add(arg, j);
	return 0;
}

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

static int json_audit(void *arg, const struct audit_rec *r)
{
	struct json_object *j = json_object_new_object();
	json_object_object_add(j, "queue", crash_json_str(r->queue));
	json_object_object_add(j, "skb", crash_json_addr(r->skb));
	json_object_object_add(j, "type", json_object_new_int(r->type));
	json_object_object_add(j, "text", crash_json_strn(r->text, r->len));
	json_object_array_add(arg, j);
	return 0;
}

/* log -a and -s in JSON: {key: [the walk's items]} */
static int log_json_walk(struct crash_session *s, const char *key, int n, struct json_object *a,
			 bool say_why)
{
	if (n < 0) {
		json_object_put(a);
		return crash_error(s, "%s", err_get());
	}
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, key, a);
	if (say_why)	/* -s: why there are none (a kernel without them) */
		json_object_object_add(d, "none_because", n ? NULL : crash_json_str(err_get()));
	crash_json_emit(s, d);
	return 0;
}

static int log_audit(struct crash_session *s, struct kernel *k)
{
	if (crash_json(s)) {
		struct json_object *a = json_object_new_array();
		return log_json_walk(s, "audit", audit_walk(k, json_audit, a), a, false);
	}
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
	if (crash_json(s)) {
		struct json_object *a = json_object_new_array();
		return log_json_walk(s, "safe_buffers", printk_safe_walk(k, json_safe, a), a, true);
	}
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
	if (crash_json(s))
		o.json = json_object_new_array();
	int r = printk_walk(k, print_rec, &o, &skipped);
	if (r < 0) {
		if (o.json)
			json_object_put(o.json);
		return crash_error(s, "%s", err_get());
	}
	if (o.json) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "records", o.json);
		crash_json_emit(s, d);
	}
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
