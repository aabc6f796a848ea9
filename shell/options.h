/* crash's command-line options: one table (shell/options.c) that both the
 * parser and `crash -h` read.  Pure (no I/O, no session) so that the unit
 * tests drive it (tests/unit/test_cmdline_options.c). */
#ifndef CRASH_SHELL_OPTIONS_H
#define CRASH_SHELL_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum { OPT_NOTES_MAX = 32 };

struct crash_options {
	const char *input;	/* -i FILE */
	bool silent;		/* -s */
	bool help;		/* -h, --help */
	bool version;		/* -v, --version */
	bool load_ext;		/* -x */
	bool no_scroll;		/* --no_scroll */
	bool no_crashrc;	/* --no_crashrc */
	bool no_dump;		/* --no-dump: a session without a dump, for tests */
	const char *kaslr;	/* --kaslr OFFSET|auto */
	const char *srcdir;	/* --src DIR */
	const char *moddir;	/* --mod DIR: where mod -S looks for modules */
	int debug;		/* -d N */
	int radix;		/* --hex 16, --dec 10, 0: not given */
	const char *pager;	/* --less "less", --more "more", --CRASHPAGER "CRASHPAGER" */
	const char *console;	/* -c TTY */
	const char *edit;	/* -e vi|emacs */
	bool mlock;		/* -L */
	bool minimal;		/* --minimal */
	bool zero_excluded;	/* --zero_excluded */
	bool buildinfo;		/* --buildinfo: print how crash was built, exit */
	bool crash_time;	/* -t: print the time of the crash, exit */
	int offline;		/* --offline: -1 not given, 0 show, 1 hide */
	const char *osrelease;	/* --osrelease DUMP: print its OSRELEASE, exit */
	const char *log;	/* --log DUMP: print its kernel log, exit */
	bool no_panic;		/* --no_panic: the context starts at swapper/0 */
	bool json;		/* --json: commands print JSON (set output json) */
	bool analyze;		/* --analyze: run the analyze command, exit */
	/* Options accepted that do nothing here: one line each saying why,
	 * for the caller to print once. */
	const char *notes[OPT_NOTES_MAX];
	size_t nnotes;
	int first_arg;		/* argv index of the first file name */
};

/* Parse argv (getopt's rules: options and file names may mix; "--" ends
 * the options) into *o.  0, or -1 with err_set() to one line naming the
 * option and what is wrong with it.  Permutes argv as getopt_long does. */
int crash_options_parse(int argc, char **argv, struct crash_options *o);

/* The options part of `crash -h`, from the same table. */
void crash_options_usage(FILE *f);

#endif
