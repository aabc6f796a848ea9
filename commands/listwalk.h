/* What list and tree share: offsets given as "struct.member" or bytes, and
 * printing each entry (its address, then -s struct members through the
 * struct command). */
#ifndef CRASH_COMMANDS_LISTWALK_H
#define CRASH_COMMANDS_LISTWALK_H

#include <stdbool.h>
#include <stdint.h>

#include "extensions/crash-api.h"

/* "task_struct.tasks" (offset of the member) or a number of bytes.  0 or
 * -1 with err_get(). */
int lw_offset(struct crash_session *s, const char *arg, long *off);

struct lw_print {
	struct crash_session *s;
	const char *structs[8];	/* -s arguments: "task_struct.pid,comm" */
	int nstructs;
	unsigned flags;		/* TP_HEX for -x */
	long struct_off;	/* -l: the entry address is this far into the struct */
	uint64_t count;
	bool interrupted;
};

/* Every -s struct and member exists; 0, or -1 with err_get(). */
int lw_check(struct lw_print *p);
/* One entry: "addr", then info (lines, may be NULL), then its -s structs.
 * Returns 1 after Ctrl-C. */
int lw_entry(struct lw_print *p, uint64_t addr, const char *info);

#endif
