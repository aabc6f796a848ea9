/* Aliases: a few built in (crash's own set), plus those of `alias`. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"
#include "extensions/crash-internal.h"

struct alias {
	char *name, *value;
	bool builtin;
};

bool alias_quiet;
static struct alias *aliases;
static size_t naliases;

static const char *const builtin_aliases[][2] = {
	{"man", "help"},  {"?", "help"},    {"quit", "q"},     {"exit", "q"},
	{"sf", "set scroll off"}, {"sn", "set scroll on"}, {"hex", "set radix 16"},
	{"dec", "set radix 10"},  {"dmesg", "log"},  {"lsmod", "mod"},
	{"last", "ps -l"}, {"ls", "files"}, {"px", "p -x"}, {"pd", "p -d"},
};

static void add(const char *name, const char *value, bool builtin)
{
	for (size_t i = 0; i < naliases; i++)
		if (!strcmp(aliases[i].name, name)) {
			free(aliases[i].value);
			aliases[i].value = xstrdup(value);
			aliases[i].builtin = builtin;
			return;
		}
	aliases = xreallocarray(aliases, naliases + 1, sizeof(*aliases));
	aliases[naliases++] = (struct alias){xstrdup(name), xstrdup(value), builtin};
}

static void init_builtins(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	for (size_t i = 0; i < sizeof(builtin_aliases) / sizeof(builtin_aliases[0]); i++)
		add(builtin_aliases[i][0], builtin_aliases[i][1], true);
}

int alias_set(const char *name, const char *value)
{
	init_builtins();
	if (!*name) {
		err_set("empty alias name");
		return -1;
	}
	for (const char *p = name; *p; p++)
		if (isspace((unsigned char)*p) || strchr("|>!#'\"", *p)) {
			err_set("invalid alias name: %s", name);
			return -1;
		}
	add(name, value, false);
	return 0;
}

int alias_delete(const char *name)
{
	init_builtins();
	for (size_t i = 0; i < naliases; i++)
		if (!strcmp(aliases[i].name, name)) {
			free(aliases[i].name);
			free(aliases[i].value);
			aliases[i] = aliases[--naliases];
			return 0;
		}
	err_set("no alias named %s", name);
	return -1;
}

const char *alias_get(const char *name)
{
	init_builtins();
	for (size_t i = 0; i < naliases; i++)
		if (!strcmp(aliases[i].name, name))
			return aliases[i].value;
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct alias *)a)->name, ((const struct alias *)b)->name);
}

void alias_foreach(void (*fn)(void *, const char *, const char *, bool), void *arg)
{
	init_builtins();
	qsort(aliases, naliases, sizeof(*aliases), by_name);
	for (size_t i = 0; i < naliases; i++)
		fn(arg, aliases[i].name, aliases[i].value, aliases[i].builtin);
}

__attribute__((destructor)) static void alias_free(void)
{
	for (size_t i = 0; i < naliases; i++) {
		free(aliases[i].name);
		free(aliases[i].value);
	}
	free(aliases);
	aliases = NULL;
	naliases = 0;
}
