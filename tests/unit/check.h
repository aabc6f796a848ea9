/* Minimal checks for unit tests: each CHECK prints one "ok"/"not ok" line
 * that tests/run counts. */
#ifndef CRASH_TESTS_CHECK_H
#define CRASH_TESTS_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond, ...)                                                     \
	do {                                                                 \
		if (cond) {                                                  \
			printf("ok - ");                                     \
		} else {                                                     \
			printf("not ok - %s:%d: ", __FILE__, __LINE__);      \
			check_failures++;                                    \
		}                                                            \
		printf(__VA_ARGS__);                                         \
		printf("\n");                                                \
	} while (0)

#define CHECK_DONE() return check_failures ? 1 : 0

#endif
