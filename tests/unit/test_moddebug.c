/* Module debuginfo (kernel-types/moddebug.c) on the real code: the
 * "moddebug" test kernel's modules (section addresses in sect_attrs) and
 * an ET_REL object with DWARF as module tmod's .ko (kernels/moddebug_mod.c,
 * compiled to moddebug_mod.tk.o beside the test kernels): the file's
 * sections placed at the dump's addresses (a source line at tmod's .text
 * address), the module's type and static variable through the one type
 * lookup, a file refused for a module whose build ID it lacks, a missing
 * file, an unknown module, the search of a directory, and -d taking it
 * all out of the lookups again. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "common/err.h"
#include "kernel-types/gdbinfo.h"
#include "kernel-types/kernel.h"
#include "kernel-types/types.h"
#include "testkernel.h"

#define TMOD_TEXT 0xffffffffc0001000ull

/* The line of the marker in the module's source, or -1. */
static int marker_line(const char *src, const char *marker)
{
	FILE *f = fopen(src, "r");
	char buf[512];
	int n = 0, found = -1;
	while (f && fgets(buf, sizeof(buf), f)) {
		n++;
		if (strstr(buf, marker) && found < 0)
			found = n;
	}
	if (f)
		fclose(f);
	return found;
}

static int copy(const char *from, const char *to)
{
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	char buf[65536];
	size_t n;
	int rc = a && b ? 0 : -1;
	while (!rc && (n = fread(buf, 1, sizeof(buf), a)) > 0)
		rc = fwrite(buf, 1, n, b) == n ? 0 : -1;
	if (a)
		fclose(a);
	if (b && fclose(b) != 0)
		rc = -1;
	return rc;
}

static void seen(void *arg, const char *name, const char *error)
{
	char *log = arg;
	size_t l = strlen(log);
	snprintf(log + l, 1024 - l, "%s:%s;", name, error ? (strstr(error, "no debuginfo of") ? "none"
								  : "refused")
					       : "ok");
}

int main(void)
{
	char exe[PATH_MAX], ko[PATH_MAX + 64], file[512];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	if (strrchr(exe, '/'))
		*strrchr(exe, '/') = '\0';
	snprintf(ko, sizeof(ko), "%s/kernels/moddebug_mod.tk.o", exe);
	int want_line = marker_line("tests/unit/kernels/moddebug_mod.c", "TMOD_ADD_RETURN");
	CHECK(want_line > 0, "the module source has its marker line");

	struct tk_opts o = { .ncpus = 1, .kaslr = 0x800000 };
	struct testkernel *tk = tk_new("moddebug", &o);
	CHECK(tk, "tk_new: %s", tk ? "ok" : err_get());
	if (!tk)
		CHECK_DONE();
	struct kernel *k = tk_open(tk);
	CHECK(k, "tk_open: %s", k ? "ok" : err_get());
	if (!k)
		CHECK_DONE();

	struct kqtype t;
	int line = 0;
	CHECK(ktype_lookup(k, "struct tmod_state", &t) != 0, "before loading: no module type");
	CHECK(kernel_srcline(k, TMOD_TEXT + 4, file, sizeof(file), &line) != 0,
	      "before loading: no line in module code: %s", err_get());

	int r = kernel_module_debuginfo_load(k, "tmod", ko);
	CHECK(r == 0, "mod -s tmod FILE: %s", r ? err_get() : "ok");
	const char *f = kernel_module_debuginfo_file(k, "tmod");
	CHECK(f && !strcmp(f, ko), "its file is the one given: %s", f ? f : "(none)");

	/* the return of tmod_add, a few bytes past the start of tmod's .text:
	 * a line of the module's source only if the DWARF was relocated to
	 * the dump's section address */
	int found = 0;
	for (uint64_t a = TMOD_TEXT; a < TMOD_TEXT + 64 && !found; a++)
		found = kernel_srcline(k, a, file, sizeof(file), &line) == 0 && line == want_line;
	CHECK(found && strstr(file, "moddebug_mod.c"), "a line in tmod's code is moddebug_mod.c:%d (%s:%d)",
	      want_line, file, line);
	found = 0;
	for (uint64_t a = TMOD_TEXT, lo, hi; a < TMOD_TEXT + 64 && !found; a++)
		found = kgdb_line_at(k, a, file, sizeof(file), &line, &lo, &hi) == 0 &&
			line == want_line && lo <= a && a < hi && hi <= TMOD_TEXT + 4096;
	CHECK(found, "info line *ADDR in tmod's code: moddebug_mod.c:%d (%s:%d)", want_line, file, line);
	CHECK(kernel_srcline(k, 0xffffffffc0020000ull, file, sizeof(file), &line) != 0,
	      "no module covers an address past them: %s", err_get());

	r = ktype_lookup(k, "struct tmod_state", &t);
	CHECK(r == 0 && ktype_size(t.type) == 24, "struct tmod_state, the module's type: size %ld (%s)",
	      r ? -1 : ktype_size(t.type), r ? err_get() : "ok");
	CHECK(kernel_offsetof(k, "struct tmod_state", "label") == 16, "its member label at 16");
	r = ktype_of_symbol(k, "tmod_state", &t);
	CHECK(r == 0 && t.type && !strcmp(ktype_name(ktype_strip(t.type)) ? ktype_name(ktype_strip(t.type)) : "",
					   "tmod_state"),
	      "the static tmod_state has the module's type (%s)", r ? err_get() : "ok");
	r = ktype_of_symbol(k, "tmod_add", &t);
	CHECK(r == 0 && ktype_kind(ktype_strip(t.type)) == KT_FUNCTION, "tmod_add is a function (%s)",
	      r ? err_get() : "ok");
	/* gdb's 'file.c'::var, at the address the relocated DWARF gives it:
	 * tmod_state is the first object of tmod's .data */
	uint64_t va = 0;
	r = kgdb_scoped_symbol(k, "moddebug_mod.c", "tmod_state", &t, &va);
	CHECK(r == 0 && va == 0xffffffffc0003000ull && ktype_size(t.type) == 24,
	      "'moddebug_mod.c'::tmod_state at tmod's .data: %llx (%s)", (unsigned long long)va,
	      r ? err_get() : "ok");
	r = kgdb_scoped_symbol(k, "moddebug_mod.c", "tmod_counter", &t, &va);
	CHECK(r == 0 && va >= 0xffffffffc0004000ull && va < 0xffffffffc0004100ull,
	      "'moddebug_mod.c'::tmod_counter in tmod's .bss: %llx (%s)", (unsigned long long)va,
	      r ? err_get() : "ok");
	/* the kernel's types first: the kernel's struct module is the one */
	CHECK(kernel_offsetof(k, "struct module", "sect_attrs") > 0, "the kernel's types still answer");

	/* a file without the build ID of tother in the dump */
	r = kernel_module_debuginfo_load(k, "tother", ko);
	char want[PATH_MAX + 128];
	snprintf(want, sizeof(want), "%s does not match module tother in the dump", ko);
	CHECK(r != 0 && !strcmp(err_get(), want), "mismatched file refused: %s", err_get());
	CHECK(!kernel_module_debuginfo_file(k, "tother"), "and nothing loaded for tother");
	r = kernel_module_debuginfo_load(k, "tmod", "/nonexistent/tmod.ko");
	CHECK(r != 0 && strstr(err_get(), "/nonexistent/tmod.ko"), "a missing file: %s", err_get());
	CHECK(kernel_module_debuginfo_file(k, "tmod"), "tmod keeps what it had");
	r = kernel_module_debuginfo_load(k, "nosuch", ko);
	CHECK(r != 0 && !strcmp(err_get(), "nosuch: no such module in the dump"), "unknown module: %s",
	      err_get());
	r = kernel_module_debuginfo_load(k, "tmod", exe); /* a directory */
	CHECK(r != 0 && strstr(err_get(), "not a kernel module object file"), "a directory: %s",
	      err_get());

	/* mod -d: out of every lookup */
	CHECK(kernel_module_debuginfo_unload(k, "tmod") == 0, "mod -d tmod");
	CHECK(!kernel_module_debuginfo_file(k, "tmod"), "no file after -d");
	CHECK(ktype_lookup(k, "struct tmod_state", &t) != 0, "no module type after -d");
	CHECK(kernel_srcline(k, TMOD_TEXT + 4, file, sizeof(file), &line) != 0, "no line after -d");
	CHECK(kernel_module_debuginfo_unload(k, "tmod") != 0, "-d of a module without: %s", err_get());

	/* a directory searched (mod -S DIR, --mod DIR): tmod.ko found, tother
	 * has none */
	char dir[] = "/tmp/crash-moddebug-XXXXXX", path[sizeof(dir) + 32];
	CHECK(mkdtemp(dir), "mkdtemp");
	snprintf(path, sizeof(path), "%s/tmod.ko", dir);
	CHECK(copy(ko, path) == 0, "copy the module file");
	char log[1024] = "";
	r = kernel_module_debuginfo_load_all(k, dir, seen, log);
	CHECK(r == 1 && !strcmp(log, "tmod:ok;tother:none;"), "mod -S DIR: %d loaded (%s)", r, log);
	f = kernel_module_debuginfo_file(k, "tmod");
	CHECK(f && !strcmp(f, path), "from DIR/tmod.ko: %s", f ? f : "(none)");
	CHECK(ktype_lookup(k, "struct tmod_state", &t) == 0, "its type is back");
	CHECK(kernel_module_debuginfo_unload(k, NULL) == 0 && !kernel_module_debuginfo_file(k, "tmod"),
	      "mod -D");
	kernel_set_module_dir(k, dir);
	r = kernel_module_debuginfo_load(k, "tmod", NULL);
	CHECK(r == 0, "mod -s tmod with --mod DIR: %s", r ? err_get() : "ok");
	r = kernel_module_debuginfo_load(k, "tother", NULL);
	CHECK(r != 0 && strstr(err_get(), "no debuginfo of module tother found (looked in ") &&
		      strstr(err_get(), dir),
	      "a module with no file says where it looked: %s", err_get());
	r = kernel_module_debuginfo_load_all(k, "/nonexistent-dir", NULL, NULL);
	CHECK(r < 0 && strstr(err_get(), "/nonexistent-dir: "), "mod -S of a missing directory: %s",
	      err_get());
	r = kernel_module_debuginfo_load_all(k, path, NULL, NULL);
	CHECK(r < 0 && strstr(err_get(), "not a directory"), "mod -S of a file: %s", err_get());
	unlink(path);
	rmdir(dir);
	kernel_close(k);
	tk_free(tk);
	CHECK_DONE();
}
