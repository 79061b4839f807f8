/* libFuzzer harness: the dotenv parser and the hidden-character rules. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "config/envfile.h"
#include "config/secret.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct envfile ef;

	envfile_parse((const char *)data, size, &ef);
	for (size_t i = 0; i < ef.n; i++) {
		struct hidden_hit hit;
		char fp[FINGERPRINT_LEN + 1];

		(void)secret_hidden_chars(ef.entries[i].value, &hit);
		secret_fingerprint(ef.entries[i].value, fp);
		(void)envfile_get(&ef, ef.entries[i].key);
	}
	envfile_free(&ef);
	return 0;
}
