/* The command interface of crash: the one way commands are added.
 *
 * Built-in commands (commands/NAME.c) and extensions loaded with `extend`
 * use exactly this header.  It is versioned: an extension records the
 * CRASH_API_VERSION it was built against in crash_extension_api_version,
 * and the loader refuses a different major version.
 *
 * A command is a struct crash_cmd: its name, a handler, and the text of its
 * help page.  The handler gets the session and its arguments (argv[0] is the
 * command name) and prints to crash_out(); getopt() may be used directly,
 * the shell resets it before each command.  On failure it calls
 * crash_error() and returns non-zero; the session always goes on. */
#ifndef CRASH_API_H
#define CRASH_API_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>	/* API 1.7: JSON output is built with json-c */

/* The public headers: the layers below commands, as commands and
 * extensions use them.  Nothing else is installed. */
#include "arch/arch.h"		/* machine facts, translation, registers */
#include "common/err.h"		/* err_get(): the message of a failure */
#include "common/regex.h"	/* API 1.5: regcomp of typed patterns, bounded */
#include "common/xalloc.h"	/* allocation that never returns NULL */
#include "kernel-types/addrarg.h" /* address arguments */
#include "kernel-types/demangle.h" /* Rust symbol names demangled */
#include "kernel-types/expr.h"	/* C expressions (API 1.4: as gdb evaluates them) */
#include "kernel-types/gdbinfo.h" /* API 1.4: what gdb's info commands know */
#include "kernel-types/kernel.h" /* the kernel: memory, symbols, CPUs */
#include "kernel-types/linux/linux.h" /* subsystem walkers (tasks: API 1.1) */
#include "kernel-types/stack.h"	/* backtraces */
#include "kernel-types/typeprint.h" /* types and values printed as gdb does */
#include "kernel-types/value.h" /* API 1.2: typed objects (struct kval, kv_*) */
#include "kernel-types/walk.h"	/* API 1.2: container walkers (kwalk_*) */
#include "readers/dump.h"	/* the dump file's headers */

#define CRASH_API_VERSION_MAJOR 1
#define CRASH_API_VERSION_MINOR 7
#define CRASH_API_VERSION ((CRASH_API_VERSION_MAJOR << 16) | CRASH_API_VERSION_MINOR)

struct crash_session;

/* Flags of a command. */
enum {
	CMD_NEEDS_KERNEL = 1u << 0, /* refused when no dump is open */
	CMD_TASK_ARG = 1u << 1,	    /* runs per task under `foreach`: the
				       shell sets the current task first */
	CMD_HIDDEN = 1u << 2,	    /* not listed by `help` */
};

struct crash_cmd {
	const char *name;
	int (*run)(struct crash_session *s, int argc, char **argv);
	const char *summary;	 /* one line, for NAME in the help page */
	const char *synopsis;	 /* arguments, for SYNOPSIS */
	const char *description; /* DESCRIPTION, options and EXAMPLES */
	unsigned flags;
};

/* Add a command.  Returns 0, or -1 when the name is taken (err_get()). */
int crash_register_command(const struct crash_cmd *cmd);

/* Built-in commands register themselves at program start with this. */
#define CRASH_BUILTIN_COMMAND(cmdvar)                                        \
	__attribute__((constructor)) static void register_##cmdvar(void)    \
	{                                                                    \
		crash_register_command(&(cmdvar));                           \
	}

/* Where command output goes: stdout, a pipe or a file, as the command
 * line asked. */
FILE *crash_out(struct crash_session *s);
/* Print "CMD: message" for the running command; returns -1 so that a
 * handler can `return crash_error(s, ...)`. */
int crash_error(struct crash_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* crash_error() for a mistake in how the command was called (a bad
 * option or argument), which no task or retry would change: foreach
 * reports it once and stops (API 1.3).  Option errors getopt finds are
 * marked so by the shell. */
int crash_usage_error(struct crash_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Whether the last command run (crash_run_line) failed on how it was
 * called: a loop running it per task stops there (API 1.3). */
bool crash_last_was_usage_error(struct crash_session *s);
/* A warning, same form as an error, but the command goes on. */
void crash_warn(struct crash_session *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The open kernel and dump, or NULL when crash runs without one. */
struct kernel *crash_kernel(struct crash_session *s);

/* The current context (task_struct address) that bt, vm, files, task ...
 * use when given no task; 0 if none. */
uint64_t crash_current_task(struct crash_session *s);
void crash_set_current_task(struct crash_session *s, uint64_t task);

/* Session variables of `set`: output radix (10 or 16). */
int crash_radix(struct crash_session *s);

/* Run one command line as if typed (for foreach, repeat). */
int crash_run_line(struct crash_session *s, const char *line);

/* An extension defines these two symbols (and may define the third). */
extern const int crash_extension_api_version;	 /* = CRASH_API_VERSION */
int crash_extension_init(struct crash_session *s); /* registers commands */
void crash_extension_fini(struct crash_session *s);

/* ---- Additions (API 1.0, shell helper) ---- */

/* True once the user pressed Ctrl-C during the running command; long
 * loops poll it and stop early (returning crash_error(s, "interrupted")
 * or just what they have).  Reset before each command. */
bool crash_interrupted(void);

/* Look up a command by name (aliases not expanded); NULL if none. */
const struct crash_cmd *crash_find_command(const char *name);

/* Tab completion of words after the command name (symbols, struct names).
 * The kernel-types layer installs one with crash_set_completer(); it
 * calls add(ctx, name) for every candidate that starts with prefix. */
typedef void (*crash_completer_fn)(struct crash_session *s, const char *prefix,
				   void (*add)(void *ctx, const char *name), void *ctx);
void crash_set_completer(crash_completer_fn fn);

/* Task context for `set PID|TASK`, `set -c CPU`, `set -p` and the startup
 * context line.  The task layer installs these with crash_set_task_hooks()
 * (e.g. from a constructor); without them those forms of `set` fail with
 * "task context not available".  Each returns 0 and sets *task, or -1 with
 * err_set(). */
struct crash_task_hooks {
	/* arg: a decimal PID or a hex task_struct address */
	int (*lookup)(struct crash_session *s, const char *arg, uint64_t *task);
	/* the task running on cpu at the time of the crash */
	int (*on_cpu)(struct crash_session *s, int cpu, uint64_t *task);
	/* the task that panicked (crash's default context) */
	int (*panic_task)(struct crash_session *s, uint64_t *task);
	/* print crash's context block (PID, COMMAND, TASK, CPU, STATE) */
	void (*show)(struct crash_session *s, FILE *out, uint64_t task);
};
void crash_set_task_hooks(const struct crash_task_hooks *hooks);

/* ---- Additions (API 1.1) ---- */

/* The task table comes with kernel-types/linux/tasks.h, included above:
 * ktask_count(k), ktask_at(k, i), ktask_by_pid(k, pid), ... with
 * k = crash_kernel(s).  Symbols: kernel_symbol(), kernel_symbol_at(). */

/* The wait channel of a task that is not running: the first return
 * address on its kernel stack outside the scheduler and the locking
 * primitives (__sched_text and __lock_text), which is what the kernel's
 * /proc/PID/wchan shows.  Returns 0 and sets *pc, or -1 with err_get()
 * (a running task, a task whose stack cannot be unwound). */
int crash_task_wchan(struct crash_session *s, uint64_t task, uint64_t *pc);

/* ---- Additions (API 1.3): session, arguments and columns ---- */

/* The vmlinux and dump file names as given on the command line (for
 * sys's KERNEL and DUMPFILE lines); NULL when none. */
const char *crash_vmlinux_name(struct crash_session *s);
const char *crash_dump_name(struct crash_session *s);

/* A decimal pid or a hex task_struct address, as `set`, `bt`, `vm` and
 * `files` take them; NULL with err_get() ("invalid task or pid value"). */
const struct ktask *crash_task_arg(struct crash_session *s, const char *arg);
/* crash's task line, `PID: 1  TASK: ffff...  CPU: 0  COMMAND: "init"`,
 * after an empty line when blank_line is set. */
void crash_print_task_header(struct crash_session *s, uint64_t task, bool blank_line);
/* crash's context block of a task, as `set` and `kmem` of a task_struct
 * show it, to out:
 *     PID: 1
 * COMMAND: "init"
 *    TASK: ffff888003ac0000  [THREAD_INFO: ffff888003ac0000]
 *     CPU: 0
 *   STATE: TASK_RUNNING (PANIC) */
void crash_print_task_context(struct crash_session *s, FILE *out, uint64_t task);
/* Says once, on the error stream, how many tasks the task table knows of
 * but could not read, and why ("ps: 7 tasks unreadable: their pages are
 * excluded from the dump", and which makedumpfile behaviour excluded
 * them when task_structs, slab objects, went with free or user pages);
 * nothing when every task was read.  Returns how many. */
long crash_report_unreadable_tasks(struct crash_session *s);

/* CPU lists ("a" or "all", "0,2-3") into sel[0..ncpus-1] (set, others left
 * as they are).  0, or -1 with err_get() naming what is wrong. */
int crash_parse_cpus(const char *arg, bool *sel, int ncpus);
/* A hexadecimal number, all of arg, with or without 0x. */
bool crash_parse_hex(const char *arg, uint64_t *v);

/* crash's columns: s padded to width, longer strings kept whole.  The
 * centred forms give the odd space to the right (CENTER_L) or to the left
 * (CENTER_R), as crash does.  Both return out. */
enum crash_just { CRASH_LEFT, CRASH_RIGHT, CRASH_CENTER_L, CRASH_CENTER_R };
#define CRASH_ADDR_WIDTH 16	/* a kernel address column */
char *crash_field(char *out, size_t outlen, int width, enum crash_just j, const char *s);
char *crash_hexfield(char *out, size_t outlen, int width, enum crash_just j, uint64_t v);
/* A byte count as sys and mach print MEMORY: "1.5 GB", "512 MB" (API 1.5). */
char *crash_memory_size(char *out, size_t outlen, uint64_t bytes);

/* ---- Additions (API 1.3): entries of lists and trees ---- */

/* "task_struct.tasks" (the member's offset; struct, else union) or a
 * number of bytes.  0, or -1 with err_get(). */
int crash_struct_offset(struct crash_session *s, const char *arg, long *off);

/* What list, tree and their kind print for each entry found: its
 * address, an info text (may be NULL), then each structure asked for
 * with -s ("task_struct" whole, or "task_struct.pid,comm" members) of the
 * object struct_off bytes before the entry. */
struct crash_entry_printer {
	struct crash_session *s;
	const char *structs[8];
	int nstructs;
	unsigned flags;		/* TP_HEX for -x */
	long struct_off;	/* -l: the entry is this far into the struct */
	uint64_t count;		/* entries printed */
	bool interrupted;	/* stopped by Ctrl-C */
};
/* Every structure and member named exists: 0, or -1 with err_get(). */
int crash_entry_check(struct crash_entry_printer *p);
/* One entry; returns 1 after Ctrl-C (stop the walk). */
int crash_entry_print(struct crash_entry_printer *p, uint64_t addr, const char *info);

/* ---- Additions (API 1.4): gdb's commands ---- */

/* The command line from argument i on as it was typed: quotes and
 * backslashes kept, the pipe or redirection left out; NULL when i is past
 * the last argument.  gdb-style commands take their expression from here
 * (p 'A', p "abc", p 'panic.c'::panic_on_oops), since the shell takes
 * quotes out of argv. */
const char *crash_arg_text(struct crash_session *s, int i);
/* The kernel source tree given with --src (for gdb's list), or NULL. */
const char *crash_source_dir(struct crash_session *s);
/* API 1.5: whether the output of cpu is to be left out: `set offline
 * hide` (crash --offline hide) is on and cpu is not in cpu_online_mask
 * (which, in a panic dump, the CPUs panic() stopped are often not).
 * Commands that print per CPU say "CPU N is OFFLINE" instead, where
 * crash does. */
bool crash_cpu_hidden(struct crash_session *s, int cpu);

/* ---- Additions (API 1.7): JSON output ---- */

/* Whether the running command is to print JSON (crash --json, set output
 * json).  A command with a JSON form then builds one document with json-c
 * and passes it to crash_json_emit() instead of printing text; the shell
 * prints it as one line, with "command" set to the command's name, and
 * adds the command's errors ("error": the first, "errors": all when there
 * are several) and warnings ("warnings").  Numbers are JSON numbers,
 * addresses crash_json_addr() strings, kernel strings crash_json_str().
 * What a command prints as text in JSON mode goes into the document's
 * "text" (all of it, for a command with no JSON form).  The keys of each
 * command's document are documented by its schema, commands/json/. */
bool crash_json(struct crash_session *s);
/* Takes doc (a json-c object, usually an object) over; several calls in
 * one command line (foreach, a command running others) are printed as
 * {"command": ..., "results": [doc, ...]}.  Without crash_json() the
 * document is dropped. */
void crash_json_emit(struct crash_session *s, struct json_object *doc);
/* An address as JSON: a string "0x" followed by lowercase hex digits. */
struct json_object *crash_json_addr(uint64_t addr);
/* A string read from the kernel (any bytes) as a JSON string: valid UTF-8
 * is kept, any other byte becomes U+FFFD; NULL gives JSON null. */
struct json_object *crash_json_str(const char *str);
struct json_object *crash_json_strn(const char *str, size_t n);
/* A task as the commands' documents name it: a new object {"pid", "task",
 * "cpu", "comm"} from the task table (null members for a task it does
 * not hold), for the caller to add its own members to. */
struct json_object *crash_json_task(struct crash_session *s, uint64_t task);

#endif
