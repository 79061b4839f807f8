/* libFuzzer harness: the strict RFC 8259 check (json_strict.c) and
 * json_read_strict behind it, as verify and every read-back use them. An
 * object or array the check passes and json-c cannot read (within json-c's
 * own depth of 32) is a bug of the check. (json_read refuses a bare number
 * at the top, as json-c cannot tell where it ends, and null.) */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/json_read.h"
#include "core/json_strict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_object *o = NULL;
	char *cause = NULL;
	int depth = 0, max = 0, container = 0;

	if (json_strict_check(text, size, &cause) != 0) {
		free(cause);
		return 0;
	}
	for (size_t i = 0; i < size && !container; i++)
		if (data[i] != ' ' && data[i] != '\t' && data[i] != '\n' &&
		    data[i] != '\r') {
			container = data[i] == '{' || data[i] == '[';
			break;
		}
	for (size_t i = 0; i < size; i++) {
		/* Brackets inside strings only overcount: fine for a bound. */
		if (data[i] == '[' || data[i] == '{')
			max = ++depth > max ? depth : max;
		else if (data[i] == ']' || data[i] == '}')
			depth--;
	}
	if (json_read_strict(text, size, &o, &cause) != 0) {
		if (container && max < 30)
			abort();	/* passed the check, refused by json-c */
		free(cause);
		return 0;
	}
	json_object_put(o);
	return 0;
}
