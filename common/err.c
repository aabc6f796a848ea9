#include "common/err.h"

#include <stdio.h>
#include <string.h>

static _Thread_local char err_msg[1024];

void err_vset(const char *fmt, va_list ap)
{
	vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
}

void err_set(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_vset(fmt, ap);
	va_end(ap);
}

void err_prefix(const char *fmt, ...)
{
	char prefix[256], old[sizeof(err_msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err_msg, sizeof(old));
	/* A long message is cut; using the result tells GCC that is meant. */
	if (snprintf(err_msg, sizeof(err_msg), "%s: %s", prefix, old) >= (int)sizeof(err_msg))
		err_msg[sizeof(err_msg) - 1] = '\0';
}

const char *err_get(void)
{
	return err_msg[0] ? err_msg : "unknown error";
}

void err_clear(void)
{
	err_msg[0] = '\0';
}
