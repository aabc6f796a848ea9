/* Tab completion of kernel names after a command word: struct/union/type
 * names for the type commands, symbol names for the rest. */
#ifndef CRASH_SHELL_COMPLETE_KERNEL_H
#define CRASH_SHELL_COMPLETE_KERNEL_H

#include "kernel-types/kernel.h"

/* Calls add(ctx, name) for every kernel name that starts with prefix and
 * fits the command cmd (the first word of the line). */
void complete_kernel(struct kernel *k, const char *cmd, const char *prefix,
		     void (*add)(void *ctx, const char *name), void *ctx);

#endif
