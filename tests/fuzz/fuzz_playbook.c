/* libFuzzer harness: the playbook loader. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "playbook/playbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cause = NULL;
	struct playbook *pb = playbook_parse((const char *)data, size, &cause);

	if (pb != NULL) {
		(void)playbook_find(pb, "DLQ_GROWTH_HIGH");
		playbook_free(pb);
	}
	free(cause);
	return 0;
}
