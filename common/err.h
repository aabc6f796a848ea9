/* Error reporting shared by every layer.
 *
 * A function that fails records one line of text with err_set() and returns
 * an error value (-1, NULL, or a negative code documented at the function).
 * The caller either adds context with err_prefix() and fails in turn, or
 * shows err_get() to the user.  One message per thread is enough because a
 * failure is always reported before the next operation starts. */
#ifndef CRASH_COMMON_ERR_H
#define CRASH_COMMON_ERR_H

#include <stdarg.h>

void err_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void err_vset(const char *fmt, va_list ap);
/* Put "PREFIX: " in front of the current message. */
void err_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *err_get(void);
void err_clear(void);

#endif
