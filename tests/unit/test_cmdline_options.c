/* crash's command-line options (shell/options.c): what each sets, the
 * one-line notes of the options that do nothing here, and the one-line
 * errors of bad values.  The parser is pure, so it is compiled in
 * directly (the shell objects are not in libcrashcore.a). */
#include <stdarg.h>
#include <string.h>

#include "shell/options.c"
#include "tests/unit/check.h"

/* Parse the words given (argv[0] "crash" added) into *o; 0 or -1. */
static int parse(struct crash_options *o, ...)
{
	char *argv[32] = {"crash"};
	int argc = 1;
	va_list ap;

	va_start(ap, o);
	for (char *w; argc < 31 && (w = va_arg(ap, char *));)
		argv[argc++] = w;
	va_end(ap);
	argv[argc] = NULL;
	return crash_options_parse(argc, argv, o);
}

static bool has_note(const struct crash_options *o, const char *start)
{
	for (size_t i = 0; i < o->nnotes; i++)
		if (!strncmp(o->notes[i], start, strlen(start)))
			return true;
	return false;
}

int main(void)
{
	struct crash_options o;

	CHECK(!parse(&o, NULL) && o.first_arg == 1 && o.offline == -1 && !o.radix && !o.nnotes &&
		      !o.debug,
	      "no options: defaults");
	CHECK(!parse(&o, "-s", "-i", "cmds", "vmlinux", "vmcore", NULL) && o.silent && o.input &&
		      !strcmp(o.input, "cmds") && o.first_arg == 4,
	      "-s -i FILE, then the file names");
	CHECK(!parse(&o, "vmlinux", "--hex", "vmcore", NULL) && o.radix == 16 && o.first_arg == 2,
	      "options after file names (getopt permutes)");
	CHECK(!parse(&o, "--hex", "--dec", NULL) && o.radix == 10, "--dec after --hex: the last wins");
	CHECK(!parse(&o, "-d", "7", NULL) && o.debug == 7, "-d N");
	CHECK(parse(&o, "-d", "x", NULL) && strstr(err_get(), "-d") && strstr(err_get(), "\"x\""),
	      "-d x: one line naming the option and value: %s", err_get());
	CHECK(parse(&o, "-d", "-1", NULL), "-d -1 refused");
	CHECK(!parse(&o, "-e", "emacs", NULL) && !strcmp(o.edit, "emacs"), "-e emacs");
	CHECK(parse(&o, "-e", "nano", NULL) && strstr(err_get(), "vi or emacs"), "-e nano: %s", err_get());
	CHECK(!parse(&o, "-c", "/dev/tty9", NULL) && !strcmp(o.console, "/dev/tty9"), "-c TTY");
	CHECK(!parse(&o, "--offline", "hide", NULL) && o.offline == 1, "--offline hide");
	CHECK(!parse(&o, "--offline", "show", NULL) && o.offline == 0, "--offline show");
	CHECK(parse(&o, "--offline", "maybe", NULL) && strstr(err_get(), "show or hide"),
	      "--offline maybe: %s", err_get());
	CHECK(parse(&o, "--offline", NULL) && strstr(err_get(), "needs an argument"),
	      "--offline without its argument: %s", err_get());
	CHECK(!parse(&o, "--osrelease", "vmcore", NULL) && !strcmp(o.osrelease, "vmcore"), "--osrelease DUMP");
	CHECK(!parse(&o, "--log", "vmcore", NULL) && !strcmp(o.log, "vmcore"), "--log DUMP");
	CHECK(!parse(&o, "-t", "-L", "--minimal", "--zero_excluded", "--buildinfo", NULL) && o.crash_time &&
		      o.mlock && o.minimal && o.zero_excluded && o.buildinfo && !o.nnotes,
	      "-t -L --minimal --zero_excluded --buildinfo");
	CHECK(!parse(&o, "--more", NULL) && !strcmp(o.pager, "more"), "--more");
	CHECK(!parse(&o, "--more", "--less", NULL) && !strcmp(o.pager, "less"), "--less after --more");
	CHECK(!parse(&o, "--src", "/s", "--mod", "/m", "--kaslr", "auto", NULL) && !strcmp(o.srcdir, "/s") &&
		      !strcmp(o.moddir, "/m") && !strcmp(o.kaslr, "auto"),
	      "--src, --mod, --kaslr");
	CHECK(!parse(&o, "-h", "input", NULL) && o.help && o.first_arg == 2, "-h TOPIC: the topic is left as a word");

	/* accepted, with a note each, once however often given */
	CHECK(!parse(&o, "-S", "-f", "-k", "--active", "--no_kallsyms", "--no_modules", "--readnow", NULL) &&
		      o.nnotes == 7 && has_note(&o, "-S:") && has_note(&o, "--readnow:"),
	      "options with no meaning here: one note each (%zu)", o.nnotes);
	CHECK(!parse(&o, "-S", "-S", NULL) && o.nnotes == 1, "a note once for an option given twice");
	CHECK(!parse(&o, "-m", "phys_base=0x1000000", "--machdep", "vm=5level", NULL) && o.nnotes == 1 &&
		      has_note(&o, "-m:"),
	      "-m and --machdep OPTION=VALUE: one note");
	CHECK(parse(&o, "-m", "phys_base", NULL) && strstr(err_get(), "option=value"), "-m without =: %s", err_get());
	CHECK(!parse(&o, "-p", "4096", NULL) && has_note(&o, "-p:"), "-p 4096: accepted with a note");
	CHECK(parse(&o, "-p", "3000", NULL) && strstr(err_get(), "power of two"), "-p 3000: %s", err_get());
	CHECK(!parse(&o, "--cpus", "4", "--hash", "1024", NULL) && o.nnotes == 2, "--cpus N --hash N: noted");
	CHECK(parse(&o, "--cpus", "0", NULL) && strstr(err_get(), "--cpus"), "--cpus 0: %s", err_get());
	CHECK(parse(&o, "--hash", "lots", NULL) && strstr(err_get(), "--hash"), "--hash lots: %s", err_get());
	CHECK(!parse(&o, "-o", "copy.elf", NULL) && has_note(&o, "-o:"), "-o FILE: noted");
	CHECK(!parse(&o, "--smp", "--no_ikconf", "--no_data_debug", "--no_kmem_cache", "--kmem_cache_delay",
		      "--no_strip", "--no_elf_notes", "--hyper", "--p2m_mfn", "1", "--xen_phys_start", "0",
		      "--memory_module", "m", "--memory_device", "/dev/mem", "--reloc", "0", "--kvmhost", "64",
		      "--kvmio", "0", NULL) &&
		      o.nnotes == 15 && o.first_arg == 23,
	      "crash's other options, live and Xen ones: a note each (%zu)", o.nnotes);
	CHECK(!parse(&o, "--no_panic", NULL) && o.no_panic && !o.nnotes, "--no_panic");

	CHECK(parse(&o, "-Z", NULL) && !strcmp(err_get(), "invalid option -Z"), "unknown short option: %s", err_get());
	CHECK(parse(&o, "--bogus", NULL) && !strcmp(err_get(), "invalid option --bogus"),
	      "unknown long option: %s", err_get());
	CHECK(parse(&o, "-i", NULL) && strstr(err_get(), "-i needs an argument"), "-i without a file: %s", err_get());
	CHECK(!parse(&o, "--", "-s", NULL) && !o.silent && o.first_arg == 2, "-- ends the options");

	/* the usage lists every option of the table, none wider than 79 */
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	crash_options_usage(f);
	fclose(f);
	bool all = true, narrow = true;
	for (size_t i = 0; i < NOPTS; i++) {
		char want[64];
		if (!opts[i].help)
			continue;
		if (opts[i].lng)
			snprintf(want, sizeof(want), "--%s", opts[i].lng);
		else
			snprintf(want, sizeof(want), "-%c", opts[i].shrt);
		if (!strstr(text, want))
			all = false;
	}
	for (char *l = text; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0))
		if (strcspn(l, "\n") > 79)
			narrow = false;
	CHECK(all, "crash -h lists every option");
	CHECK(narrow, "crash -h fits 79 columns");
	free(text);
	CHECK_DONE();
}
