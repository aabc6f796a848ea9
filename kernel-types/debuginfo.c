/* Finding the debug vmlinux of a dump by its build ID, when none is given:
 * the .build-id tree of each debug directory (/usr/lib/debug, or
 * CRASH_DEBUGINFO_DIRS), Debian's -dbg package path for the release, and
 * a debuginfod server when DEBUGINFOD_URLS is set (elfutils'
 * libdebuginfod, with its cache and, with DEBUGINFOD_PROGRESS, its
 * progress output).  libdebuginfod is opened with dlopen when a server is
 * asked, as elfutils and drgn do: linked, it brings libcurl, GnuTLS and
 * Kerberos (29 libraries) into every start, a quarter of a warm start's
 * time, for a lookup few sessions make. */
#include "kernel-types/debuginfo.h"

#include <dlfcn.h>
#include <elfutils/debuginfod.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"

static bool is_hex_id(const char *id)
{
	size_t n = strspn(id, "0123456789abcdef");
	return n >= 8 && n <= 128 && id[n] == '\0';
}

static char *readable(char *path)
{
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

/* One debug directory: DIR/.build-id/xx/rest.debug, then Debian's
 * linux-image-RELEASE-dbg paths. */
static char *in_dir(const char *dir, const char *id, const char *release)
{
	char *p = readable(xasprintf("%s/.build-id/%.2s/%s.debug", dir, id, id + 2));
	if (!p && release && *release && !strchr(release, '/')) {
		p = readable(xasprintf("%s/boot/vmlinux-%s", dir, release));
		if (!p)
			p = readable(xasprintf("%s/lib/modules/%s/vmlinux", dir, release));
	}
	return p;
}

static char *from_debuginfod(const char *id)
{
	const char *urls = getenv("DEBUGINFOD_URLS");
	unsigned char bin[64];
	size_t n = strlen(id) / 2;
	char *path = NULL;

	if (!urls || !*urls || n > sizeof(bin))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(id + 2 * i, "%2x", &v) != 1)
			return NULL;
		bin[i] = (unsigned char)v;
	}
	void *lib = dlopen("libdebuginfod.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		fprintf(stderr, "crash: DEBUGINFOD_URLS is set but libdebuginfod cannot be loaded: %s\n",
			dlerror());
		return NULL;
	}
	debuginfod_client *(*begin)(void) = (debuginfod_client * (*)(void)) dlsym(lib, "debuginfod_begin");
	int (*find)(debuginfod_client *, const unsigned char *, int, char **) =
		(int (*)(debuginfod_client *, const unsigned char *, int, char **))dlsym(
			lib, "debuginfod_find_debuginfo");
	void (*end)(debuginfod_client *) = (void (*)(debuginfod_client *))dlsym(lib, "debuginfod_end");
	debuginfod_client *c = begin && find && end ? begin() : NULL;
	int fd = c ? find(c, bin, (int)n, &path) : -1;
	if (c)
		end(c);
	/* not dlclose()d: libdebuginfod sets libcurl up process-wide when it
	 * loads, and tears it down at exit */
	if (fd < 0)
		return NULL;
	close(fd);
	return path;	/* in debuginfod's cache, malloc'd by it */
}

char *debuginfo_find(const char *build_id, const char *release)
{
	const char *dirs = getenv("CRASH_DEBUGINFO_DIRS");
	char *found = NULL;

	if (!build_id || !is_hex_id(build_id))
		return NULL;
	if (!dirs || !*dirs)
		dirs = "/usr/lib/debug";
	char *copy = xstrdup(dirs), *save = NULL;
	for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save))
		found = in_dir(d, build_id, release);
	free(copy);
	return found ? found : from_debuginfod(build_id);
}
