/* libFuzzer target: the expression parser of p and eval on numbers alone
 * (kexpr_eval with no kernel): any text gives a value or an error. */
#include "kernel-types/expr.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[4096];
	struct kexpr e;
	uint64_t v;

	if (size >= sizeof(text))
		size = sizeof(text) - 1;
	memcpy(text, data, size);
	text[size] = '\0';
	if (kexpr_eval(NULL, text, &e) == 0)
		kexpr_int(NULL, &e, &v);
	return 0;
}
