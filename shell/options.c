/* crash's command-line options, in one table: the parser (getopt_long's
 * tables are built from it) and `crash -h` both read it, so that an option
 * is added with one line.  Options of Red Hat's crash that have no meaning
 * here are accepted, with a note saying why nothing is done. */
#include "shell/options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"

typedef int (*opt_set_fn)(struct crash_options *o, const char *arg);

struct opt_def {
	const char *lng;	/* long name, or NULL */
	char shrt;		/* short letter, or 0 */
	const char *arg;	/* the argument's name in the usage, NULL: none */
	opt_set_fn set;		/* NULL: only the note */
	const char *note;	/* accepted, without effect: why */
	const char *help;	/* one line of the usage */
};

static int number(const char *what, const char *arg, long min, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(arg, &end, 0);
	if (!*arg || *end || errno || *v < min || *v > max) {
		err_set("%s: invalid number \"%s\" (%ld to %ld)", what, arg, min, max);
		return -1;
	}
	return 0;
}

#define FLAG(field)                                                      \
	static int set_##field(struct crash_options *o, const char *arg) \
	{                                                                \
		(void)arg;                                               \
		o->field = true;                                         \
		return 0;                                                \
	}
#define STRING(field)                                                    \
	static int set_##field(struct crash_options *o, const char *arg) \
	{                                                                \
		o->field = arg;                                          \
		return 0;                                                \
	}
FLAG(silent)
FLAG(help)
FLAG(version)
FLAG(load_ext)
FLAG(no_scroll)
FLAG(no_crashrc)
FLAG(no_dump)
FLAG(mlock)
FLAG(minimal)
FLAG(zero_excluded)
FLAG(buildinfo)
FLAG(crash_time)
FLAG(no_panic)
FLAG(json)
FLAG(analyze)
STRING(input)
STRING(kaslr)
STRING(srcdir)
STRING(moddir)
STRING(console)
STRING(osrelease)
STRING(log)

static int set_debug(struct crash_options *o, const char *arg)
{
	long v;
	if (number("-d", arg, 0, INT_MAX, &v))
		return -1;
	o->debug = (int)v;
	return 0;
}

static int set_hex(struct crash_options *o, const char *arg)
{
	(void)arg;
	o->radix = 16;
	return 0;
}

static int set_dec(struct crash_options *o, const char *arg)
{
	(void)arg;
	o->radix = 10;
	return 0;
}

static int set_less(struct crash_options *o, const char *arg)
{
	(void)arg;
	o->pager = "less";
	return 0;
}

static int set_more(struct crash_options *o, const char *arg)
{
	(void)arg;
	o->pager = "more";
	return 0;
}

static int set_crashpager(struct crash_options *o, const char *arg)
{
	(void)arg;
	o->pager = "CRASHPAGER";
	return 0;
}

static int set_edit(struct crash_options *o, const char *arg)
{
	if (strcmp(arg, "vi") && strcmp(arg, "emacs")) {
		err_set("-e: editing mode must be vi or emacs, not \"%s\"", arg);
		return -1;
	}
	o->edit = arg;
	return 0;
}

static int set_offline(struct crash_options *o, const char *arg)
{
	if (!strcmp(arg, "show"))
		o->offline = 0;
	else if (!strcmp(arg, "hide"))
		o->offline = 1;
	else {
		err_set("--offline: expected show or hide, not \"%s\"", arg);
		return -1;
	}
	return 0;
}

/* Checks of the arguments of options that do nothing here: a wrong
 * value is still a mistake worth saying. */
static int check_machdep(struct crash_options *o, const char *arg)
{
	const char *eq = strchr(arg, '=');
	(void)o;
	if (!eq || eq == arg || !eq[1]) {
		err_set("-m: expected option=value, not \"%s\"", arg);
		return -1;
	}
	return 0;
}

static int check_pagesize(struct crash_options *o, const char *arg)
{
	long v;
	(void)o;
	if (number("-p", arg, 512, 1L << 30, &v))
		return -1;
	if (v & (v - 1)) {
		err_set("-p: page size %ld is not a power of two", v);
		return -1;
	}
	return 0;
}

static int check_cpus(struct crash_options *o, const char *arg)
{
	long v;
	(void)o;
	return number("--cpus", arg, 1, 65536, &v);
}

static int check_hash(struct crash_options *o, const char *arg)
{
	long v;
	(void)o;
	return number("--hash", arg, 1, INT_MAX, &v);
}

static int check_file(struct crash_options *o, const char *arg)
{
	(void)o;
	if (!*arg) {
		err_set("-o: empty file name");
		return -1;
	}
	return 0;
}

static const struct opt_def opts[] = {
	{"help", 'h', "[COMMAND|input|output|all]", set_help, NULL,
	 "this help; the page of COMMAND; how to type commands (input); where their output goes (output); all of it (all)"},
	{"version", 'v', NULL, set_version, NULL, "print the version"},
	{NULL, 's', NULL, set_silent, NULL, "silent: no banner, no pager, no echo of batch commands"},
	{NULL, 'i', "FILE", set_input, NULL, "run the commands in FILE at startup"},
	{NULL, 'x', NULL, set_load_ext, NULL,
	 "load every extension in $CRASH_EXTENSIONS (or the installed directory)"},
	{NULL, 'd', "N", set_debug, NULL,
	 "debug level: 1 and up print the dump's headers and what the kernel was read from"},
	{NULL, 'c', "TTY", set_console, NULL, "the terminal that debug messages (-d) go to"},
	{NULL, 'e', "vi|emacs", set_edit, NULL, "command line editing mode (default vi)"},
	{NULL, 'L', NULL, set_mlock, NULL, "lock crash's memory with mlockall(2)"},
	{NULL, 't', NULL, set_crash_time, NULL, "print the time of the crash and exit"},
	{"osrelease", 0, "DUMP", set_osrelease, NULL,
	 "print the OSRELEASE of DUMP's VMCOREINFO and exit (no vmlinux needed)"},
	{"log", 0, "DUMP", set_log, NULL, "print DUMP's kernel log and exit (no vmlinux needed)"},
	{"analyze", 0, NULL, set_analyze, NULL,
	 "print the triage report of the dump (the analyze command) and exit"},
	{"buildinfo", 0, NULL, set_buildinfo, NULL, "print how this crash was built and exit"},
	{"minimal", 0, NULL, set_minimal, NULL,
	 "only the log, dis, rd, sym, eval, set, help and exit commands (for a damaged dump)"},
	{"zero_excluded", 0, NULL, set_zero_excluded, NULL,
	 "pages filtered out of the dump read as zeros instead of failing"},
	{"hex", 0, NULL, set_hex, NULL, "output radix 16 (over any .crashrc setting)"},
	{"dec", 0, NULL, set_dec, NULL, "output radix 10, the default (over any .crashrc setting)"},
	{"less", 0, NULL, set_less, NULL, "page output through less, the default"},
	{"more", 0, NULL, set_more, NULL, "page output through more"},
	{"CRASHPAGER", 0, NULL, set_crashpager, NULL, "page output through $CRASHPAGER"},
	{"no_scroll", 0, NULL, set_no_scroll, NULL, "do not page output"},
	{"no_crashrc", 0, NULL, set_no_crashrc, NULL, "do not read .crashrc files"},
	{"offline", 0, "show|hide", set_offline, NULL, "hide: bt -c leaves out CPUs not online (set offline)"},
	{"kaslr", 0, "OFFSET|auto", set_kaslr, NULL, "KASLR offset of the kernel (default: auto)"},
	{"src", 0, "DIR", set_srcdir, NULL, "the kernel's source tree (for gdb list)"},
	{"mod", 0, "DIR", set_moddir, NULL, "where mod -S looks for module object files"},
	{"no_panic", 0, NULL, set_no_panic, NULL,
	 "the context starts at the idle task of CPU 0, not the panic task"},
	{"json", 0, NULL, set_json, NULL,
	 "each command line prints one JSON document on one line (set output json)"},
	/* Red Hat crash's options with no meaning here. */
	{NULL, 'S', NULL, NULL,
	 "-S: no System.map is read: symbols come from the vmlinux, else the dump's kallsyms",
	 "(accepted) use /boot/System.map"},
	{"machdep", 'm', "OPTION=VALUE", check_machdep,
	 "-m: machine values (phys_base, page_offset, kimage_voffset, ...) are read from the dump's VMCOREINFO and page tables; ignored",
	 "(accepted) a value for the machine code"},
	{NULL, 'f', NULL, NULL,
	 "-f: files are told apart by their contents, not their names; nothing to force",
	 "(accepted) use a compressed vmlinux of any name"},
	{NULL, 'k', NULL, NULL,
	 "-k: LKCD Kerntypes files are not read: types come from the vmlinux's DWARF or the dump's BTF",
	 "(accepted) the kernel file is an LKCD Kerntypes file"},
	{NULL, 'p', "PAGESIZE", check_pagesize,
	 "-p: the page size is read from the dump and the kernel; ignored",
	 "(accepted) the page size, when the dump does not tell it"},
	{NULL, 'o', "FILE", check_file,
	 "-o: only makes an ELF copy of a raw RAM dump (FILE@ADDRESS), which this crash does not read; no file written",
	 "(accepted) ELF copy of a raw RAM dump"},
	{"active", 0, NULL, NULL,
	 "--active: tasks are read when a command first needs them; nothing to limit",
	 "(accepted) track only the tasks active on each CPU"},
	{"no_kallsyms", 0, NULL, NULL,
	 "--no_kallsyms: module symbols do not come from the modules' kallsyms here; ignored",
	 "(accepted) do not use the kallsyms of module objects"},
	{"no_modules", 0, NULL, NULL,
	 "--no_modules: modules are read only by the commands that ask for them; ignored",
	 "(accepted) do not read kernel modules"},
	{"readnow", 0, NULL, NULL,
	 "--readnow: there is no gdb symbol table to read ahead: types are read when first used",
	 "(accepted) have gdb read all symbols at startup"},
	{"cpus", 0, "N", check_cpus,
	 "--cpus: the number of CPUs is read from the kernel (nr_cpu_ids); ignored",
	 "(accepted) the number of CPUs"},
	{"hash", 0, "N", check_hash,
	 "--hash: no hash table to size: list walks are bounded and detect loops themselves",
	 "(accepted) the size of the list verification hash"},
	{"smp", 0, NULL, NULL, "--smp: the number of CPUs is read from the kernel; ignored",
	 "(accepted) the kernel is an SMP one"},
	{"no_ikconf", 0, NULL, NULL,
	 "--no_ikconf: the in-kernel config is read only by sys config; ignored",
	 "(accepted) do not read the in-kernel config"},
	{"no_data_debug", 0, NULL, NULL,
	 "--no_data_debug: members and sizes are looked up by name when first used; ignored",
	 "(accepted) do not verify member offsets and sizes"},
	{"no_kmem_cache", 0, NULL, NULL,
	 "--no_kmem_cache: slab caches are read only by the commands that need them; ignored",
	 "(accepted) do not read the slab caches"},
	{"kmem_cache_delay", 0, NULL, NULL,
	 "--kmem_cache_delay: slab caches are read only when a command needs them already",
	 "(accepted) read the slab caches when first needed"},
	{"no_strip", 0, NULL, NULL,
	 "--no_strip: symbol names (.isra, .cold ...) are never stripped here",
	 "(accepted) do not strip cloned symbol names"},
	{"no_elf_notes", 0, NULL, NULL,
	 "--no_elf_notes: an active task's backtrace starts from the registers its CPU saved in the dump; ignored",
	 "(accepted) do not use the registers of the ELF notes"},
	{"hyper", 0, NULL, NULL, "--hyper: Xen hypervisor dumps are not read; ignored",
	 "(accepted) a Xen hypervisor session"},
	{"p2m_mfn", 0, "PFN", NULL, "--p2m_mfn: Xen guest dumps are not read; ignored",
	 "(accepted) a Xen guest's pfn_to_mfn_list_list"},
	{"xen_phys_start", 0, "ADDRESS", NULL, "--xen_phys_start: Xen dumps are not read; ignored",
	 "(accepted) the Xen hypervisor's physical start"},
	{"memory_module", 0, "NAME", NULL,
	 "--memory_module: there is no live session, only dumps; ignored",
	 "(accepted) the memory driver module of a live session"},
	{"memory_device", 0, "DEVICE", NULL,
	 "--memory_device: there is no live session, only dumps; ignored",
	 "(accepted) the memory device of a live session"},
	{"reloc", 0, "SIZE", NULL,
	 "--reloc: the kernel's relocation is found from the dump (KASLR, VMCOREINFO); ignored",
	 "(accepted) relocation of a live x86 kernel"},
	{"kvmhost", 0, "32|64", NULL,
	 "--kvmhost: the dump's machine is told by its ELF header; ignored",
	 "(accepted) the KVM host of a 32-bit x86 guest dump"},
	{"kvmio", 0, "SIZE", NULL, "--kvmio: the dump's memory map is read from it; ignored",
	 "(accepted) a KVM guest dump's I/O hole size"},
	/* developer option: a session without a dump, for tests */
	{"no-dump", 0, NULL, set_no_dump, NULL, NULL},
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static const struct opt_def *find_short(int c)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (opts[i].shrt == c)
			return &opts[i];
	return NULL;
}

static void add_note(struct crash_options *o, const char *note)
{
	for (size_t i = 0; i < o->nnotes; i++)
		if (o->notes[i] == note)
			return;	/* once, however often given */
	if (o->nnotes < OPT_NOTES_MAX)
		o->notes[o->nnotes++] = note;
}

int crash_options_parse(int argc, char **argv, struct crash_options *o)
{
	struct option longopts[NOPTS + 1];
	char shortopts[2 * NOPTS + 2], *sp = shortopts;
	size_t nl = 0;
	int c;

	memset(o, 0, sizeof(*o));
	o->offline = -1;
	*sp++ = ':';	/* a missing argument is ':', not '?' */
	for (size_t i = 0; i < NOPTS; i++) {
		if (opts[i].lng)
			longopts[nl++] = (struct option){opts[i].lng,
							 opts[i].arg && opts[i].shrt != 'h' ? required_argument : no_argument,
							 NULL, (int)(256 + i)};
		if (opts[i].shrt) {
			*sp++ = opts[i].shrt;
			if (opts[i].arg && opts[i].shrt != 'h')
				*sp++ = ':';
		}
	}
	*sp = '\0';
	memset(&longopts[nl], 0, sizeof(longopts[nl]));

	optind = 0;	/* a full reset (the tests parse several times) */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct opt_def *d = c >= 256 ? &opts[c - 256] : c != '?' && c != ':' ? find_short(c) : NULL;

		if (c == ':') {
			err_set("option %s needs an argument", argv[optind - 1]);
			return -1;
		}
		if (!d) {
			if (optopt && optopt < 256)
				err_set("invalid option -%c", optopt);
			else
				err_set("invalid option %s", argv[optind - 1]);
			return -1;
		}
		if (d->set && d->set(o, optarg))
			return -1;
		if (d->note)
			add_note(o, d->note);
	}
	o->first_arg = optind;
	return 0;
}

void crash_options_usage(FILE *f)
{
	fprintf(f, "Usage: crash [options] [VMLINUX] VMCORE...\n"
		   "  (no VMLINUX: the one of the dump's build ID, else its kallsyms and BTF)\n");
	for (size_t i = 0; i < NOPTS; i++) {
		const struct opt_def *d = &opts[i];
		char name[64];

		if (!d->help)
			continue;
		if (d->shrt && d->lng)
			snprintf(name, sizeof(name), "-%c, --%s%s%s", d->shrt, d->lng, d->arg ? " " : "",
				 d->arg ? d->arg : "");
		else if (d->shrt)
			snprintf(name, sizeof(name), "-%c%s%s", d->shrt, d->arg ? " " : "", d->arg ? d->arg : "");
		else
			snprintf(name, sizeof(name), "--%s%s%s", d->lng, d->arg ? " " : "", d->arg ? d->arg : "");
		if (strlen(name) > 20)
			fprintf(f, "  %s\n  %-20s", name, "");
		else
			fprintf(f, "  %-20s", name);
		/* the text wrapped at word ends to 79 columns */
		for (const char *p = d->help; *p;) {
			size_t n = strlen(p), col = 23;
			if (n > 79 - col) {
				n = 79 - col;
				while (n && p[n] != ' ')
					n--;
				if (!n)
					n = strcspn(p, " ");
			}
			fprintf(f, " %.*s\n", (int)n, p);
			p += n + strspn(p + n, " ");
			if (*p)
				fprintf(f, "  %-20s", "");
		}
	}
	fprintf(f, "\nEnvironment:\n"
		   "  CRASHPAGER           the pager (default: less -E -X -F)\n"
		   "  CRASH_EXTENSIONS     the directory of extensions -x loads\n"
		   "  CRASH_DEBUGINFO_DIRS debug directories (':' between them) searched for\n"
		   "                       the dump's vmlinux by build ID (default /usr/lib/debug)\n"
		   "  DEBUGINFOD_URLS      debuginfod servers asked for it next\n"
		   "  XDG_CACHE_HOME       where the index of a vmlinux's types is kept\n"
		   "                       (crash/ in it; default ~/.cache)\n"
		   "  CRASH_NO_INDEX_CACHE when set, that index is neither read nor kept\n");
}
