/* The shell's side of JSON output (shell/json_output.c): a command line
 * run in JSON mode is wrapped by json_output_begin/end, which collect the
 * documents, errors, warnings and any text of the command and print one
 * JSON document for it. */
#ifndef CRASH_SHELL_JSON_OUTPUT_H
#define CRASH_SHELL_JSON_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include <json-c/json.h>

struct crash_session;

struct json_state {
	FILE *out;		/* where the document goes */
	FILE *capture;		/* what the command prints instead */
	char *text;
	size_t textlen;
	struct json_object *docs, *errors, *warnings;
};

void json_output_begin(struct crash_session *s, struct json_state *st);
/* name: the command, for the document made when it emitted none or several */
void json_output_end(struct crash_session *s, struct json_state *st, const char *name, int rc);
/* An error or warning line of the running command (without "CMD: "). */
void json_output_message(struct crash_session *s, bool warning, const char *msg);
/* One line, {"command": name, "error": msg}, for what fails before a
 * command runs (no such command, a bad command line). */
void json_output_error(struct crash_session *s, const char *name, const char *msg);
void json_output_print(struct crash_session *s, struct json_object *doc);

#endif
