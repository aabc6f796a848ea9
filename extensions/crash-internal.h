/* What the shell, the extension loader and the shell's own commands (help,
 * alias, set, repeat, extend, q) share.  Not part of the extension API:
 * extensions use crash-api.h only. */
#ifndef CRASH_INTERNAL_H
#define CRASH_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "extensions/crash-api.h"

#define CRASH_VERSION "0.1.0"

struct crash_session {
	struct kernel *kernel;
	const char *vmlinux;
	const char *dumpfile;
	FILE *out;		/* where the running command writes */
	const char *cmdname;	/* the running command, for crash_error() */
	uint64_t task;
	/* session variables of `set` */
	int radix;
	bool scroll;
	bool silent;
	bool hash;
	char *console;
	char edit[8];		/* "vi" or "emacs" */
	bool interactive;	/* reading a terminal */
	bool quit;		/* `q` was run */
	int depth;		/* nesting of crash_run_line() */
	char **argtext;		/* the running command's words as typed */
	int argcount;
	const char *srcdir;	/* --src: the kernel source tree, for list */
	bool usage_error;	/* the last command failed on how it was called
				   (getopt, crash_usage_error): foreach stops */
	/* crash's other options and `set` variables (shell/options.c,
	 * shell/cmd_set.c) */
	const char *moddir;	/* --mod: where mod -S looks for modules */
	const char *pager;	/* "less", "more" or "CRASHPAGER" (the variable) */
	int debug;		/* -d, set debug */
	bool minimal;		/* --minimal: only log, dis, rd, sym, eval, set... */
	bool offline_hide;	/* --offline hide, set offline */
	bool core;		/* set core: abort() at the next error */
	bool gdb_mode;		/* set gdb on: lines go to gdb unless "crash ..." */
	bool refresh;		/* set refresh (the task table is read once) */
	bool print_array;	/* set print_array */
	bool redzone;		/* set redzone */
	char *scope;		/* set scope: text address as given, NULL: not set */
	char *error_file;	/* set error FILENAME; NULL: default or redirect */
	bool error_redirect;	/* set error redirect */
	/* JSON output (crash --json, set output json; shell/json_output.c):
	 * while a command runs in JSON mode, its documents, errors and
	 * warnings (json-c arrays); NULL otherwise */
	bool json;
	struct json_object *json_docs, *json_errors, *json_warnings;
};


/* ---- command registry (shell/registry.c) ---- */
/* Commands registered while owner is set are tagged with it (the loader
 * sets it around crash_extension_init). */
void registry_set_owner(const void *owner);
/* Remove every command of owner; returns how many. */
int registry_remove_owner(const void *owner);
/* Every command, sorted by name; *n gets the count.  Valid until the next
 * registration. */
const struct crash_cmd *const *registry_list(size_t *n);
const void *registry_owner(const struct crash_cmd *cmd);

/* ---- aliases (shell/alias_table.c) ---- */
int alias_set(const char *name, const char *value);	/* -1: bad name */
const char *alias_get(const char *name);
int alias_delete(const char *name);	/* -1: no such alias */
/* While true, `alias NAME CMD` does not show what it made (.crashrc). */
extern bool alias_quiet;
/* Calls fn for every alias in name order; builtin tells the predefined. */
void alias_foreach(void (*fn)(void *arg, const char *name, const char *value, bool builtin), void *arg);

/* ---- extensions (extensions/loader.c) ---- */
int ext_load(struct crash_session *s, const char *path);
int ext_unload(struct crash_session *s, const char *path);
void ext_list(struct crash_session *s, FILE *out);
/* extend -s: every *.so in the current directory, $CRASH_EXTENSIONS and
 * the installed directory, as paths; returns how many. */
int ext_available(FILE *out);
/* Load every *.so in a directory (crash -x); returns how many failed. */
int ext_load_dir(struct crash_session *s, const char *dir);
void ext_unload_all(struct crash_session *s);

/* ---- session (shell/session.c) ---- */
extern const struct crash_task_hooks *crash_task_hooks;
void session_init(struct crash_session *s);
/* Run a command line: aliases, pipes, redirects, !shell.  Returns 0 or
 * non-zero when the command failed. */
int session_run_line(struct crash_session *s, const char *line);
/* Interrupt flag handling for the shell loop. */
void session_clear_interrupt(void);
/* SIGSEGV & co. in a command abandon the command, not the session. */
void session_install_fault_handlers(void);
void session_set_interrupt(void);

#endif
