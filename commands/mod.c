/* mod: the loaded kernel modules (kernel-types/linux/modules.h) and the
 * loading of their debuginfo (kernel.h's module debuginfo). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extensions/crash-api.h"

static int by_base(const void *a, const void *b)
{
	const struct kmodule *x = a, *y = b;
	return x->base < y->base ? -1 : x->base > y->base;
}

/* The letters of a module's TAINT_* bits, as the kernel prints them. */
static void taint_letters(struct kernel *k, uint64_t taints, char letters[65])
{
	size_t n = 0;
	for (int b = 0; b < 64; b++) {
		const char *name, *what;
		if (taints & (1ull << b))
			ksys_taint_bit(k, b, &letters[n++], &name, &what);
	}
	letters[n] = 0;
}

/* A module in JSON (commands/json/mod.schema.json). */
static struct json_object *module_json(struct kernel *k, const struct kmodule *m, bool full)
{
	struct json_object *o = json_object_new_object();
	char letters[65];
	json_object_object_add(o, "name", crash_json_str(m->name));
	if (full) {
		json_object_object_add(o, "module", crash_json_addr(m->addr));
		json_object_object_add(o, "base", crash_json_addr(m->base));
		json_object_object_add(o, "size_bytes", json_object_new_uint64(m->size));
		json_object_object_add(o, "object_file", crash_json_str(kernel_module_debuginfo_file(k, m->name)));
	}
	taint_letters(k, m->taints, letters);
	json_object_object_add(o, "taint_mask", json_object_new_uint64(m->taints));
	json_object_object_add(o, "taints", crash_json_str(letters));
	return o;
}

/* mod -t: the modules whose taints are not 0, with the letters of their
 * TAINT_* bits, in load order as crash lists them. */
static int mod_taints(struct crash_session *s, struct kernel *k, FILE *out)
{
	struct kmodules ms;
	if (modules_read(k, &ms) != 0)
		return crash_error(s, "%s", err_get());
	int nw = 4;
	size_t shown = 0;
	for (size_t i = 0; i < ms.n; i++) {
		int l = (int)strlen(ms.v[i].name);
		if (ms.v[i].taints && l > nw)
			nw = l;
	}
	struct json_object *ja = crash_json(s) ? json_object_new_array() : NULL;
	for (size_t i = 0; i < ms.n; i++) {
		const struct kmodule *m = &ms.v[i];
		char letters[65];
		if (!m->taints)
			continue;
		if (ja) {
			json_object_array_add(ja, module_json(k, m, false));
			continue;
		}
		taint_letters(k, m->taints, letters);
		if (!shown++)
			fprintf(out, "%-*s  TAINTS\n", nw, "NAME");
		fprintf(out, "%-*s  %s\n", nw, m->name, letters);
	}
	if (ja) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "tainted", ja);
		crash_json_emit(s, d);
	} else if (!shown) {
		fprintf(out, "no tainted modules\n");
	}
	free(ms.v);
	return 0;
}

/* The table of modules: all of them, the one whose struct module or code
 * starts at only, (name) the one of that name, or (loaded) those with
 * debuginfo, as crash's mod -S shows them: nothing at all when none has. */
static int mod_list(struct crash_session *s, struct kernel *k, uint64_t only, const char *arg,
		    const char *name, bool loaded)
{
	struct kmodules ms;
	FILE *out = crash_out(s);

	if (modules_read(k, &ms) != 0)
		return crash_error(s, "%s", err_get());
	/* in address order */
	if (ms.n) /* no modules: no array (qsort of NULL is undefined) */
		qsort(ms.v, ms.n, sizeof(*ms.v), by_base);

	int nw = 4, sw = 4;
	for (size_t i = 0; i < ms.n; i++) {
		char b[24];
		int l = (int)strlen(ms.v[i].name);
		nw = l > nw ? l : nw;
		l = snprintf(b, sizeof(b), "%" PRIu64, ms.v[i].size);
		sw = l > sw ? l : sw;
	}
	if (only) {
		size_t i = 0;
		while (i < ms.n && only != ms.v[i].addr && only != ms.v[i].base)
			i++;
		if (i == ms.n) {
			free(ms.v);
			return crash_error(s, "%s: not a module address", arg);
		}
	}
	/* the 6.4+ layout names the column after the code it points at */
	const char *basehdr = ms.mem ? "   TEXT_BASE    " : "      BASE      ";
	size_t nloaded = 0;
	for (size_t i = 0; loaded && i < ms.n; i++)
		nloaded += kernel_module_debuginfo_file(k, ms.v[i].name) != NULL;
	struct json_object *ja = crash_json(s) ? json_object_new_array() : NULL;
	if (loaded && !nloaded && !ja) {
		free(ms.v);
		return 0;
	}
	if (!ja)
		fprintf(out, "     MODULE       %-*s  %s  %*s  OBJECT FILE\n", nw, "NAME", basehdr, sw, "SIZE");
	for (size_t i = 0; i < ms.n; i++) {
		const struct kmodule *m = &ms.v[i];
		if ((only && only != m->addr && only != m->base) || (name && !kernel_module_names_match(name, m->name)))
			continue;
		const char *file = kernel_module_debuginfo_file(k, m->name);
		if (loaded && !file)
			continue;
		if (ja) {
			json_object_array_add(ja, module_json(k, m, true));
			continue;
		}
		fprintf(out, "%16" PRIx64 "  %-*s  %16" PRIx64 "  %*" PRIu64 "  ", m->addr, nw, m->name,
			m->base, sw, m->size);
		if (file) /* with crash's space after it: scripts compare whole lines */
			fprintf(out, "%s \n", file);
		else
			fprintf(out, "(not loaded)  [CONFIG_KALLSYMS]\n");
	}
	if (ja) {
		struct json_object *d = json_object_new_object();
		json_object_object_add(d, "modules", ja);
		crash_json_emit(s, d);
	}
	free(ms.v);
	return 0;
}

/* mod -S: a file found for a module but not its (another build) says so;
 * a module with no file, or only a stripped one (/lib/modules), stays
 * "(not loaded)" in the table without a line of its own. */
static void report_one(void *arg, const char *name, const char *error)
{
	struct crash_session *s = arg;
	(void)name;
	if (error && strstr(error, " does not match module "))
		crash_error(s, "%s", error);
}

static int mod_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	uint64_t only = 0;
	const char *load = NULL, *del = NULL;
	bool all = false, del_all = false, reinit = false;
	int opt;

	optind = 0;
	while ((opt = getopt(argc, argv, "s:d:SDtro::gR")) != -1) {
		switch (opt) {
		case 's': load = optarg; break;
		case 'd': del = optarg; break;
		case 'S': all = true; break;
		case 'D': del_all = true; break;
		case 'r': case 'g':
			break; /* gdb's reading and symbol mechanisms: nothing to change here */
		case 'o':
			/* the pre-2.6 module list: a kernel with struct module's
			 * list has none, and crash then prints nothing */
			return 0;
		case 'R':
			reinit = true;
			break;
		case 't':
			if (optind < argc)
				return crash_error(s, "-t takes no argument: %s", argv[optind]);
			return mod_taints(s, k, out);
		default:
			return -1;
		}
	}
	if (!!load + !!del + all + del_all > 1)
		return crash_error(s, "only one of -s, -d, -S and -D");
	if (reinit) {
		/* a dump's module list never changes: reinitializing forgets
		 * the loaded debuginfo and shows the list again */
		if (load || del || all || del_all || optind < argc)
			return crash_usage_error(s, "-R goes with no other option or argument");
		if (kernel_module_debuginfo_unload(k, NULL) != 0)
			return crash_error(s, "%s", err_get());
		return mod_list(s, k, 0, NULL, NULL, false);
	}
	if (del_all || del) {
		if (optind < argc)
			return crash_error(s, "too many arguments: %s", argv[optind]);
		if (kernel_module_debuginfo_unload(k, del) != 0)
			return crash_error(s, "%s", err_get());
		return 0;
	}
	if (load) {
		if (optind + 1 < argc)
			return crash_error(s, "too many arguments: %s", argv[optind + 1]);
		if (kernel_module_debuginfo_load(k, load, optind < argc ? argv[optind] : NULL) != 0)
			return crash_error(s, "%s", err_get());
		return mod_list(s, k, 0, NULL, load, false);
	}
	if (all) {
		if (optind + 1 < argc)
			return crash_error(s, "too many arguments: %s", argv[optind + 1]);
		if (kernel_module_debuginfo_load_all(k, optind < argc ? argv[optind] : NULL, report_one,
						     s) < 0)
			return crash_error(s, "%s", err_get());
		return mod_list(s, k, 0, NULL, NULL, true);
	}
	if (optind + 1 < argc)
		return crash_error(s, "too many arguments: %s", argv[optind + 1]);
	if (optind < argc && addrarg_resolve(k, argv[optind], &only) != 0)
		return crash_error(s, "%s", err_get());
	return mod_list(s, k, only, optind < argc ? argv[optind] : NULL, NULL, false);
}

static const struct crash_cmd mod_cmd = {
	.name = "mod",
	.run = mod_run,
	.summary = "module information",
	.synopsis = "[-s module [objfile] | -d module | -S [directory] | -D | -t | -R] [-r] [-g] [-o] [module-address]",
	.description =
		"Lists the loaded kernel modules, in address order: the struct module,\n"
		"the name, where its code starts, the memory it takes (the size\n"
		"/proc/modules shows) and the object file its debuginfo was loaded from\n"
		"(\"(not loaded)\" when none: the modules' symbols come from their kallsyms\n"
		"in the dump, so bt, sym and dis name module code anyway).  With an\n"
		"address, only the module whose struct module or code starts there.\n"
		"\n"
		"  -s module [objfile]  load the module's debuginfo from objfile or, without\n"
		"       it, from module.ko (module.ko.debug, .ko.xz; '-' or '_') found under\n"
		"       the --mod directory (or $CRASH_MODULE_PATH) if given, else under\n"
		"       /usr/lib/debug/lib/modules/RELEASE/, by build ID in\n"
		"       /usr/lib/debug/.build-id/, then under /lib/modules/RELEASE/\n"
		"       ($CRASH_DEBUGINFO_DIRS replaces /usr/lib/debug).  The file's build ID\n"
		"       must be the module's in the dump; its sections are placed where the\n"
		"       kernel loaded them.  Then bt -l, dis -l and sym show the module's\n"
		"       source lines, and p, struct, whatis and list reach its types and\n"
		"       static variables.\n"
		"  -d module  forget the module's debuginfo.\n"
		"  -S [directory]  -s for every module, searched only under directory if\n"
		"       given, then lists the modules with debuginfo (none: nothing); a\n"
		"       file of another build is refused in a line, the modules without a\n"
		"       file stay \"(not loaded)\".  Only the files are checked here; a\n"
		"       module's DWARF is read when a lookup first needs it.\n"
		"  -D  forget the debuginfo of every module.\n"
		"  -r, -g  accepted, with nothing to change: gdb's reading of symbol tables\n"
		"      at once (-r) and its section symbols (-g) have no counterpart here,\n"
		"      where libdwfl places a module's sections at the dump's addresses\n"
		"  -o  the old (before 2.6) module list: a kernel with today's struct\n"
		"      module has none, and nothing is printed, as crash does\n"
		"  -R  reinitialize: the module list of a dump does not change, so this\n"
		"      forgets every module's loaded debuginfo (as -D) and lists them\n"
		"  -t  the modules that tainted the kernel, with their taint letters\n"
		"      (struct module.taints: O out of tree, E unsigned, P proprietary...)\n"
		"\n"
		"EXAMPLES\n"
		"  crash> mod\n"
		"       MODULE       NAME                         BASE         SIZE  OBJECT FILE\n"
		"  ffffffffc02f32c0  qemu_fw_cfg            ffffffffc02f0000  20480  (not loaded)  [CONFIG_KALLSYMS]\n"
		"  ffffffffc02f8100  dummy                  ffffffffc02f6000  16384  (not loaded)  [CONFIG_KALLSYMS]\n"
		"  ...\n"
		"  crash> mod -s crashmod /tmp/crashmod.ko\n"
		"       MODULE       NAME          BASE         SIZE  OBJECT FILE\n"
		"  ffffffffc0570040  crashmod  ffffffffc056e000  16384  /tmp/crashmod.ko\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(mod_cmd)
