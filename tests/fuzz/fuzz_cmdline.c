/* libFuzzer target: the command line.  A small generated dump of the
 * "tasks" test kernel (tests/unit/testkernel.h) is opened once; each input
 * is up to 8 lines run through the real shell and commands (aliases,
 * quoting, options, addresses, expressions, foreach...), their output
 * thrown away.  Any input must give output or one error line: a crash, a
 * sanitizer report, a hang or a leak is a finding.  Built with
 * FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, under which the shell refuses
 * what would leave the process (shell escapes, pipes, redirections,
 * extend, repeat, rd -r).  FUZZ_CMDLINE_KERNEL names the test kernel ELF. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "extensions/crash-internal.h"
#include "tests/unit/testkernel.h"

static struct crash_session session, fresh;
static struct testkernel *tk;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *elf = getenv("FUZZ_CMDLINE_KERNEL");
	struct tk_opts o = { .ncpus = 2 };

	tk = tk_new(elf ? elf : "tasks", &o);
	struct kernel *k = tk ? tk_open(tk) : NULL;
	if (!k) {
		fprintf(stderr, "fuzz_cmdline: cannot open the test kernel: %s\n", err_get());
		exit(1);
	}
	session_init(&session);
	session.kernel = k;
	session.vmlinux = tk_vmlinux_path(tk);
	session.dumpfile = tk_dump_path(tk);
	session.silent = true;
	session.scroll = false;
	session.out = fopen("/dev/null", "w");
	if (!session.out)
		exit(1);
	fresh = session;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[4096];
	int lines = 0;

	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	for (char *line = text, *next; line && lines < 8; line = next, lines++) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		session_run_line(&session, line);
		session.quit = false;
	}
	/* the session's settings back as opened (set may change them) */
	char *console = session.console;
	session = fresh;
	session.console = console;
	fflush(session.out);
	return 0;
}
