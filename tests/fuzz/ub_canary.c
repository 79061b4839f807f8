/* Not a harness of the product: a canary for tests/fuzz/run.sh. Every
 * input longer than nothing overflows a signed int, so that a runner that
 * lets undefined behaviour pass (UBSan recovering and printing, libFuzzer
 * going on) is caught by tests/integration/fuzz_ubsan.sh. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	volatile int x = INT_MAX;

	(void)data;
	if (size > 0)
		x += (int)size;	/* signed overflow: undefined */
	return x == 0;
}
