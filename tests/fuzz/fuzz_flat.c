/* libFuzzer target: makedumpfile flattened files. */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size, "makedumpfile", 12);
	return 0;
}
