/* `extend`: loading and unloading extension shared objects. */
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"

struct ext {
	char *path;	/* as found */
	void *handle;
};

static struct ext *exts;
static size_t nexts;

static bool is_file(const char *p)
{
	struct stat st;
	return !stat(p, &st) && S_ISREG(st.st_mode);
}

/* A name without '/' is also looked for in $CRASH_EXTENSIONS and the
 * installed directory. */
static char *find(const char *name)
{
	const char *dirs[] = {getenv("CRASH_EXTENSIONS"), CRASH_EXTDIR};

	if (strchr(name, '/') || is_file(name))
		{
		char *r = realpath(name, NULL);
		return r ? r : xstrdup(name);
	}
	for (size_t i = 0; i < 2; i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		char *p = xasprintf("%s/%s", dirs[i], name);
		if (is_file(p))
			return p;
		free(p);
	}
	return xstrdup(name);
}

static struct ext *lookup(const char *path)
{
	char *full = find(path);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	for (size_t i = 0; i < nexts; i++) {
		const char *eb = strrchr(exts[i].path, '/') ? strrchr(exts[i].path, '/') + 1 : exts[i].path;
		if (!strcmp(exts[i].path, full) || (!strchr(path, '/') && !strcmp(eb, base))) {
			free(full);
			return &exts[i];
		}
	}
	free(full);
	return NULL;
}

int ext_load(struct crash_session *s, const char *path)
{
	char *full;
	void *h;
	const int *ver;
	int (*init)(struct crash_session *);

	if (lookup(path)) {
		err_set("%s: already loaded", path);
		return -1;
	}
	full = find(path);
	h = dlopen(full, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		err_set("%s", dlerror());
		free(full);
		return -1;
	}
	ver = dlsym(h, "crash_extension_api_version");
	*(void **)&init = dlsym(h, "crash_extension_init");
	if (!ver || !init) {
		err_set("%s: not a crash extension (no crash_extension_api_version or crash_extension_init)",
			full);
		goto fail;
	}
	if ((*ver >> 16) != CRASH_API_VERSION_MAJOR) {
		err_set("%s: built for API version %d.%d, crash has %d.%d", full, *ver >> 16,
			*ver & 0xffff, CRASH_API_VERSION_MAJOR, CRASH_API_VERSION_MINOR);
		goto fail;
	}
	registry_set_owner(h);
	err_clear();
	int rc = init(s);
	registry_set_owner(NULL);
	if (rc) {
		err_prefix("%s: initialisation failed", full);
		registry_remove_owner(h);
		goto fail;
	}
	exts = xreallocarray(exts, nexts + 1, sizeof(*exts));
	exts[nexts++] = (struct ext){full, h};
	return 0;
fail:
	dlclose(h);
	free(full);
	return -1;
}

static void unload(struct crash_session *s, struct ext *e)
{
	void (*fini)(struct crash_session *);

	*(void **)&fini = dlsym(e->handle, "crash_extension_fini");
	if (fini)
		fini(s);
	registry_remove_owner(e->handle);
	dlclose(e->handle);
	free(e->path);
	size_t i = (size_t)(e - exts);
	memmove(&exts[i], &exts[i + 1], (nexts - i - 1) * sizeof(*exts));
	nexts--;
}

int ext_unload(struct crash_session *s, const char *path)
{
	struct ext *e = lookup(path);

	if (!e) {
		err_set("%s: not loaded", path);
		return -1;
	}
	unload(s, e);
	return 0;
}

void ext_unload_all(struct crash_session *s)
{
	while (nexts)
		unload(s, &exts[nexts - 1]);
	free(exts);
	exts = NULL;
}

void ext_list(struct crash_session *s, FILE *out)
{
	size_t n;
	const struct crash_cmd *const *cmds = registry_list(&n);

	(void)s;
	if (!nexts) {
		fprintf(out, "no extensions loaded\n");
		return;
	}
	fprintf(out, "%-45s COMMANDS\n", "SHARED OBJECT");
	for (size_t i = 0; i < nexts; i++) {
		fprintf(out, "%-45s", exts[i].path);
		for (size_t j = 0; j < n; j++)
			if (registry_owner(cmds[j]) == exts[i].handle)
				fprintf(out, " %s", cmds[j]->name);
		fputc('\n', out);
	}
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ext_load_dir(struct crash_session *s, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int failed = 0;

	if (!d)
		return 0; /* no extension directory: nothing to load */
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l > 3 && !strcmp(de->d_name + l - 3, ".so")) {
			names = xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = xasprintf("%s/%s", dir, de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_str);
	for (size_t i = 0; i < n; i++) {
		if (ext_load(s, names[i])) {
			fprintf(stderr, "extend: %s\n", err_get());
			failed++;
		}
		free(names[i]);
	}
	free(names);
	return failed;
}

/* extend -s: the shared objects find() could load by name, directory by
 * directory in its order (the current directory first). */
int ext_available(FILE *out)
{
	const char *dirs[] = {".", getenv("CRASH_EXTENSIONS"), CRASH_EXTDIR};
	int n = 0;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		DIR *d = opendir(dirs[i]);
		if (!d)
			continue;
		for (struct dirent *e; (e = readdir(d));) {
			size_t len = strlen(e->d_name);
			if (len < 4 || strcmp(e->d_name + len - 3, ".so"))
				continue;
			char *p = xasprintf("%s/%s", dirs[i], e->d_name);
			if (is_file(p)) {
				fprintf(out, "%s\n", p);
				n++;
			}
			free(p);
		}
		closedir(d);
	}
	return n;
}
