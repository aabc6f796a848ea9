/* libFuzzer target: ELF cores through dump_open and reads. */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_one(data, size, "\177ELF\2\1", 6);
	return 0;
}
