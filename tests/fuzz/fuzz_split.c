/* libFuzzer target: split kdump dumps.  The input is two files: a 4-byte
 * little-endian length of the first, the first, then the second. */
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	uint32_t n1;
	memcpy(&n1, data, 4);
	data += 4;
	size -= 4;
	if (n1 > size)
		n1 = (uint32_t)size;
	char p1[64], p2[64];
	int f1 = fuzz_file(data, n1, p1);
	int f2 = fuzz_file(data + n1, size - n1, p2);
	if (f1 >= 0 && f2 >= 0) {
		const char *p[2] = { p1, p2 };
		struct dump *d = dump_open(p, 2);
		if (d) {
			fuzz_exercise(d);
			dump_close(d);
		}
	}
	if (f1 >= 0)
		close(f1);
	if (f2 >= 0)
		close(f2);
	return 0;
}
