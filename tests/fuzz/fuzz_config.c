/* libFuzzer harness: the config file parser. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/settings.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings s;
	char *text = xstrndup((const char *)data, size), *cause = NULL;

	memset(&s, 0, sizeof s);
	if (settings_parse_config(&s, "fuzz", text, &cause) != 0)
		free(cause);
	settings_free(&s);	/* everything parsing kept, contexts too */
	free(text);
	return 0;
}
