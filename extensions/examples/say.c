/* The smallest useful extension: `say WORDS...` prints its arguments.
 * Build: cc -shared -fPIC -I/usr/local/include/crash -o say.so say.c
 * (or `make extensions` in the source tree), then in crash: extend say.so */
#include "extensions/crash-api.h"

const int crash_extension_api_version = CRASH_API_VERSION;

static int say_run(struct crash_session *s, int argc, char **argv)
{
	FILE *out = crash_out(s);

	for (int i = 1; i < argc; i++)
		fprintf(out, "%s%s", i > 1 ? " " : "", argv[i]);
	fputc('\n', out);
	return 0;
}

static const struct crash_cmd say_cmd = {
	.name = "say",
	.run = say_run,
	.summary = "print the arguments (example extension)",
	.synopsis = "[word ...]",
	.description = "Prints its arguments separated by single spaces.",
};

int crash_extension_init(struct crash_session *s)
{
	(void)s;
	return crash_register_command(&say_cmd);
}
