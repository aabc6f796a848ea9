/* CPU lists; see cpulist.h. */
#include "commands/cpulist.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cpulist_parse(const char *arg, bool *sel, int ncpus)
{
	if (!strcmp(arg, "a") || !strcmp(arg, "all")) {
		for (int i = 0; i < ncpus; i++)
			sel[i] = true;
		return 0;
	}
	const char *p = arg;
	if (!*p)
		return -1;
	while (*p) {
		char *end;
		errno = 0;
		long a = strtol(p, &end, 10), b;
		if (end == p || errno || a < 0)
			return -1;
		b = a;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (end == p + 1 || b < a)
				return -1;
			p = end;
		}
		if (b >= ncpus)
			return -1;
		for (long i = a; i <= b; i++)
			sel[i] = true;
		if (*p == ',')
			p++;
		else if (*p)
			return -1;
	}
	return 0;
}
