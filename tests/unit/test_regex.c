/* common/regex.h: patterns users type compile as regcomp compiles them,
 * except those glibc would expand without bound (a fuzzed `ps` argument
 * "ta++++...*+++" took 12 GB): those are refused at once, in one line. */
#include "check.h"

#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "common/regex.h"

static int compiles(const char *pat, int flags, char *why, size_t len)
{
	regex_t re;
	int rc = re_compile(&re, pat, flags, why, len);
	if (rc == 0)
		regfree(&re);
	return rc;
}

int main(void)
{
	char why[200];
	static const char *const good[] = { "sh.*", "^kworker/[0-9]+:", "a{1000}", "((a{10}){10}){10}",
					     ".*?", "[]a-z+*]+", "[[:alpha:]]{3}", "x\\{3", "(ab|cd){100}",
					     "(a+)*b", "((a*)+)?", "a+b+c+d+e+f+g+" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		why[0] = '\0';
		CHECK(compiles(good[i], REG_EXTENDED | REG_NOSUB, why, sizeof(why)) == 0, "'%s' compiles %s",
		      good[i], why);
	}
	CHECK(compiles("a\\{3\\}\\(b\\)*", REG_NOSUB, why, sizeof(why)) == 0, "a BRE with \\{ \\} and \\( \\)");
	static const char *const bad[] = { "ta++++++++++++++++++++*++++++", "(a{200}){200}", "(ab|cd){5000}",
					    "((((a{20}){20}){20}){20})", "a*********************",
					    /* few nodes, but glibc's time explodes (56 s, > 20 s) */
					    "b*+++++++++++++", "((((((((((((b*)+)+)+)+)+)+)+)+)+)+)+)+",
					    "a++++++++++++b++++*+++++++" };
	clock_t t0 = clock();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why[0] = '\0';
		CHECK(compiles(bad[i], REG_EXTENDED | REG_NOSUB, why, sizeof(why)) == -1 && strstr(why, "too complex"),
		      "'%s' is refused: %s", bad[i], why);
	}
	CHECK(compiles("a\\{200\\}\\(b\\{200\\}\\)\\{200\\}", REG_NOSUB, why, sizeof(why)) == -1,
	      "a BRE whose bounds multiply is refused too: %s", why);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 5 && ru.ru_maxrss < 200 * 1024,
	      "and refusing them costs no time or memory (%ld KB)", ru.ru_maxrss);
	CHECK(compiles("x{3", REG_EXTENDED, why, sizeof(why)) == -1 && *why, "a syntax error is regcomp's: %s", why);
	char longpat[5000];
	memset(longpat, 'a', sizeof(longpat) - 1);
	longpat[sizeof(longpat) - 1] = '\0';
	CHECK(compiles(longpat, REG_EXTENDED, why, sizeof(why)) == -1, "a pattern of 5000 characters: %s", why);
	CHECK_DONE();
}
