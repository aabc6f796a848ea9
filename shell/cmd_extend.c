/* extend: load, list and unload extension shared objects. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/err.h"
#include "extensions/crash-internal.h"

static int extend_run(struct crash_session *s, int argc, char **argv)
{
	bool unload = false, show = false;
	int c, rc = 0;

	while ((c = getopt(argc, argv, "us")) != -1) {
		if (c == 'u')
			unload = true;
		else if (c == 's')
			show = true;
		else
			return crash_error(s, "usage: extend [object.so ...] | [-u [object.so ...]] | -s");
	}
	if (show) {
		if (unload || optind < argc)
			return crash_error(s, "-s takes no objects and no -u");
		if (!ext_available(crash_out(s)))
			fprintf(crash_out(s), "extend: no shared objects in the current directory, "
				"$CRASH_EXTENSIONS (%s) or %s\n",
				getenv("CRASH_EXTENSIONS") ? getenv("CRASH_EXTENSIONS") : "unset",
				CRASH_EXTDIR);
		return 0;
	}
	if (optind == argc) {
		if (unload)
			ext_unload_all(s);
		else
			ext_list(s, crash_out(s));
		return 0;
	}
	for (int i = optind; i < argc; i++) {
		if (unload ? ext_unload(s, argv[i]) : ext_load(s, argv[i]))
			rc = crash_error(s, "%s", err_get());
		else
			fprintf(crash_out(s), "%s: shared object %s\n", argv[i],
				unload ? "unloaded" : "loaded");
	}
	return rc;
}

static const struct crash_cmd extend_cmd = {
	.name = "extend",
	.run = extend_run,
	.summary = "load or unload extensions that add commands",
	.synopsis = "[object.so ...] | [-u [object.so ...]] | -s",
	.description =
		"Loads each shared object and runs its crash_extension_init(), which\n"
		"registers its commands.  A name without a '/' that is not in the\n"
		"current directory is looked for in $CRASH_EXTENSIONS and then in the\n"
		"installed extensions directory.  An extension built for another\n"
		"major version of the API, or one whose commands clash with existing\n"
		"ones, is refused.  Without arguments, lists the loaded objects and\n"
		"their commands.\n"
		"\n"
		"  -u  unload the named objects (all of them when none is named):\n"
		"      crash_extension_fini() is called and their commands go away.\n"
		"  -s  list the shared objects that can be loaded by name: every *.so in\n"
		"      the current directory, $CRASH_EXTENSIONS and the installed directory.\n"
		"\n"
		"EXAMPLES\n"
		"    crash> extend echo.so\n"
		"    echo.so: shared object loaded\n"
		"    crash> extend -u echo.so\n"
		"    echo.so: shared object unloaded\n",
};
CRASH_BUILTIN_COMMAND(extend_cmd)
