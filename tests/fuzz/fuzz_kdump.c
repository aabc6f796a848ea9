/* libFuzzer target: plain kdump-compressed files. */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size, "KDUMP   ", 8);
	return 0;
}
