/* Allocation helpers that never return NULL: running out of memory in a
 * debugger is not something a command can recover from, so they abort with
 * a message.  Sizes that come from a dump file must be checked against the
 * file before they reach these functions (see readers/). */
#ifndef CRASH_COMMON_XALLOC_H
#define CRASH_COMMON_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for arrays: checks nmemb * size for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
