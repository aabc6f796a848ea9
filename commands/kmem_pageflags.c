/* kmem -g [flags]: the page flag bits of enum pageflags, or those set in
 * a flags value, in crash's table. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kmem.h"

#define MAX_FLAG_NAMES 128

int kmem_page_flags(struct kmem *m, const char *arg)
{
	struct page_flag_bit b[MAX_FLAG_NAMES];
	uint64_t flags = 0;
	int n = page_flag_bits(m->k, b, MAX_FLAG_NAMES), w = 9;
	const char *ind = "";

	if (arg) {
		char *end;
		const char *p = arg;
		if (!strncmp(p, "0x", 2) || !strncmp(p, "0X", 2))
			p += 2;
		flags = strtoull(p, &end, 16);
		if (!*p || *end)
			return crash_error(m->s, "invalid page flags value: %s", arg);
	}
	if (n < 0)
		return crash_error(m->s, "%s", err_get());
	for (int i = 0; i < n; i++)
		if ((int)strlen(b[i].name) > w)
			w = (int)strlen(b[i].name);
	if (arg) {
		fprintf(m->out, "FLAGS: %" PRIx64 "\n", flags);
		ind = "  ";
	}
	fprintf(m->out, "%s%-*s %3s  VALUE\n", ind, w, "PAGE-FLAG", "BIT");
	for (int i = 0; i < n; i++) {
		if (arg && !(flags & (1ull << b[i].bit)))
			continue;
		fprintf(m->out, "%s%-*s %3d  %07llx\n", ind, w, b[i].name, b[i].bit,
			1ull << b[i].bit);
	}
	return 0;
}
