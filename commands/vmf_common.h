/* Helpers shared by the vm, files and swap commands: crash's column
 * layout (fixed widths, centred or justified) and task arguments. */
#ifndef CRASH_COMMANDS_VMF_COMMON_H
#define CRASH_COMMANDS_VMF_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "extensions/crash-api.h"

/* Width of a kernel address column (64-bit). */
#define VMF_ADDR_W 16

enum vmf_just { VMF_LEFT, VMF_RIGHT, VMF_CENTER_L, VMF_CENTER_R };

/* Put s into out padded to width; longer strings are kept whole.
 * CENTER_L/CENTER_R centre and give the odd space to the right/left,
 * as crash does. Returns out. */
char *vmf_field(char *out, size_t outlen, int width, enum vmf_just j, const char *s);
/* Same for a number printed in hex. */
char *vmf_hexfield(char *out, size_t outlen, int width, enum vmf_just j, uint64_t v);

/* Tasks named by one argument: a decimal pid (every task with that pid
 * number, e.g. the idle task of each CPU for 0) or a hex task_struct
 * address.  Returns how many were put in tasks[] (at most max), 0 when
 * the argument names no task (err_get() says why). */
int vmf_arg_tasks(struct crash_session *s, const char *arg, uint64_t *tasks, int max);

/* crash's task line: PID: n  TASK: addr  CPU: n  COMMAND: "comm",
 * preceded by an empty line when newline is true. */
void vmf_task_header(struct crash_session *s, uint64_t task, bool newline);

/* Parse a hex number (with or without 0x); false when it is not one. */
bool vmf_parse_hex(const char *s, uint64_t *v);

#endif
