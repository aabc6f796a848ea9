/* log: the kernel message buffer, oldest first, in crash's layout:
 * "[    0.000000] text", lines after the first of a multi-line message
 * indented under the text. */
#include <ctype.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "extensions/crash-api.h"

struct log_opts {
	FILE *out;
	bool no_time, wall, level, dict;
	int64_t boot;	/* wall-clock seconds at boot, for -T */
};

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
	if (o->level) {
		int n = fprintf(o->out, "<%d>", r->level);
		plen += n > 0 ? n : 0;
	}
	for (size_t i = 0; i < r->text_len; i++) {
		unsigned char c = (unsigned char)r->text[i];
		if (c == '\n') {
			/* Continuation lines line up under the text. */
			fprintf(o->out, "\n%*s", plen, "");
		} else if (isprint(c) || c == '\t') {
			fputc(c, o->out);
		} else {
			fputc('.', o->out);
		}
	}
	fputc('\n', o->out);
	/* dev_printk()'s origin, as the kernel's /dev/kmsg shows it. */
	if (o->dict && r->subsystem[0])
		fprintf(o->out, "%*sSUBSYSTEM=%s\n", plen, "", r->subsystem);
	if (o->dict && r->device[0])
		fprintf(o->out, "%*sDEVICE=%s\n", plen, "", r->device);
	return ferror(o->out) ? 1 : 0;
}

static int cmd_log(struct crash_session *s, int argc, char **argv)
{
	struct log_opts o = { .out = crash_out(s) };
	int c;
	while ((c = getopt(argc, argv, "Ttdmas")) != -1) {
		switch (c) {
		case 'T': o.wall = true; break;
		case 't': o.no_time = true; break;
		case 'm': o.level = true; break;
		case 'd': o.dict = true; break;
		case 'a': return crash_error(s, "audit log buffers are not supported");
		case 's': break; /* 5.10+ has no per-CPU safe buffers; everything is in the ring */
		default: return crash_error(s, "usage: log [-Ttdmas]");
		}
	}
	if (optind < argc)
		return crash_error(s, "usage: log [-Ttdmas]");
	struct kernel *k = crash_kernel(s);
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
	return 0;
}

static const struct crash_cmd log_cmd = {
	.name = "log",
	.run = cmd_log,
	.summary = "dump system message buffer",
	.synopsis = "log [-Ttdmas]",
	.description =
		"Prints the kernel message buffer oldest first, each record as\n"
		"\"[seconds.micros] text\", from the lockless ring buffer (5.10+) or\n"
		"the older log_buf records.\n"
		"  -T  wall-clock time of each message (boot time from the timekeeper\n"
		"      plus the message's local_clock() stamp, so only approximate)\n"
		"  -t  no time stamps\n"
		"  -m  the message level as <N> before the text\n"
		"  -d  also the SUBSYSTEM= and DEVICE= of messages from dev_printk()\n"
		"  -s  accepted for compatibility (5.10+ has no per-CPU safe buffers)\n"
		"  -a  audit buffers: not supported\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(log_cmd)
