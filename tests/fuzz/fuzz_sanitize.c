/* libFuzzer harness: the text sanitiser, checked for what it promises. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = xstrndup((const char *)data, size);
	size_t max = size > 0 ? data[0] : 0;
	char *out = sanitize_text(in, max);
	const unsigned char *p = (const unsigned char *)out;

	/* No ESC, no C0 control, no DEL, and no C1 (U+0080-U+009F) survives. */
	for (size_t i = 0; p[i] != '\0'; i++) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			abort();
		if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			abort();
	}
	if (max != 0 && strlen(out) > max)
		abort();
	free(out);
	free(in);
	return 0;
}
