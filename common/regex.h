/* Regular expressions that users (and scripts, and fuzzers) type: POSIX
 * regcomp with the patterns refused on which glibc's compiler grows
 * without bound.  glibc copies a repeated atom once per repetition and
 * again for each operator stacked on it, so "a+++++++++" or
 * "(a{200}){200}" take gigabytes and minutes to compile: a shell must
 * say no in one line instead. */
#ifndef CRASH_COMMON_REGEX_H
#define CRASH_COMMON_REGEX_H

#include <regex.h>
#include <stddef.h>

/* regcomp(re, pat, flags) after the check; 0 on success, else -1 with
 * why (a message without the pattern) filled in; on -1 re is not to be
 * freed. */
int re_compile(regex_t *re, const char *pat, int flags, char *why, size_t whylen);

#endif
