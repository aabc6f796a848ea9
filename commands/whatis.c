/* whatis: the declaration of a symbol, or the definition of a type. */
#include <string.h>

#include "common/err.h"
#include "extensions/crash-api.h"

static int whatis_run(struct crash_session *s, int argc, char **argv)
{
	struct kernel *k = crash_kernel(s);
	FILE *out = crash_out(s);
	char name[256] = "", d[1024];
	size_t len = 0;
	struct kqtype t;

	for (int i = 1; i < argc; i++)
		len += (size_t)snprintf(name + len, sizeof(name) - len, "%s%s", i > 1 ? " " : "",
					argv[i]);
	if (!*name)
		return crash_error(s, "a symbol or type name is needed");
	if (!ktype_source(k))
		return crash_error(s, "%s", err_get());

	/* a variable's declaration, a function's prototype */
	if (ktype_of_symbol(k, name, &t) == 0) {
		tp_decl(t, name, d, sizeof(d));
		fprintf(out, "%s;\n", d);
		return 0;
	}
	if (ktype_lookup(k, name, &t) == 0) {
		if (ktype_kind(t.type) == KT_TYPEDEF && !t.quals) {
			/* like gdb: the type the typedef chain ends in */
			struct kqtype e = ktype_target(t.type);
			for (int i = 0; i < 16 && e.type && !e.quals && ktype_kind(e.type) == KT_TYPEDEF; i++)
				e = ktype_target(e.type);
			tp_decl(e, name, d, sizeof(d));
			fprintf(out, "typedef %s;\n", d);
			long size = ktype_size(t.type);
			if (size >= 0)
				fprintf(out, "SIZE: %ld\n", size);
			return 0;
		}
		tp_definition(k, out, t, 0, true);
		return 0;
	}
	return crash_error(s, "invalid expression or symbol: %s", name);
}

static const struct crash_cmd whatis_cmd = {
	.name = "whatis",
	.run = whatis_run,
	.summary = "search the debug information for a symbol or type",
	.synopsis = "struct | union | typedef | symbol",
	.description =
		"Shows how a variable or function is declared, what a typedef stands for,\n"
		"or the definition of a struct, union or enum, from the vmlinux's DWARF.\n"
		"\n"
		"EXAMPLES\n"
		"  crash> whatis init_task\n"
		"  struct task_struct init_task;\n"
		"  crash> whatis pid_t\n"
		"  typedef int pid_t;\n"
		"  SIZE: 4\n"
		"  crash> whatis struct list_head\n"
		"  struct list_head {\n"
		"      struct list_head *next;\n"
		"      struct list_head *prev;\n"
		"  }\n"
		"  SIZE: 16\n",
	.flags = CMD_NEEDS_KERNEL,
};
CRASH_BUILTIN_COMMAND(whatis_cmd)
