/* CPU lists as commands take them (irq -c, timer -C, ptov offset:cpus):
 * "a" or "all", or numbers and ranges such as "0,2-3". */
#ifndef CRASH_COMMANDS_CPULIST_H
#define CRASH_COMMANDS_CPULIST_H

#include <stdbool.h>

/* Sets sel[c] for each CPU named (sel has ncpus entries; the others are
 * left as they are).  0, or -1 when the list is empty, malformed or names
 * a CPU at or past ncpus. */
int cpulist_parse(const char *arg, bool *sel, int ncpus);

#endif
