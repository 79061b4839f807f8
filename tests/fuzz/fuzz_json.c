/* libFuzzer harness: every core-api JSON mapping; the first byte picks one. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "clients/core_api_map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	char *cause = NULL;

	if (size < 1)
		return 0;
	switch (data[0] % 6) {
	case 0: {
		struct runtime_info rt;

		if (map_runtime(body, len, &rt, &cause) == 0)
			runtime_info_free(&rt);
		break;
	}
	case 1: {
		struct processing_metrics m;

		if (map_processing(body, len, &m, &cause) == 0)
			processing_metrics_free(&m);
		break;
	}
	case 2: {
		struct queue_metrics m;

		if (map_queue(body, len, &m, &cause) == 0)
			queue_metrics_free(&m);
		break;
	}
	case 3: {
		int valid;

		map_signature(body, len, &valid, &cause);
		break;
	}
	case 4: {
		struct replay_counts rc;

		map_replay(body, len, &rc, &cause);
		break;
	}
	default: {
		enum code c;
		char *text = NULL, *msg = NULL;

		map_error(body, len, &c, &text, &msg);
		free(text);
		free(msg);
		break;
	}
	}
	free(cause);
	return 0;
}
