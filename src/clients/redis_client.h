/* Redis over hiredis 0.14: PING and the BullMQ queue depth of SPEC section 9
 * in one pipelined round trip. hiredis 0.14 has no TLS: rediss:// is refused
 * with a clear message, never downgraded to plain text. */
#ifndef INGESTGATE_REDIS_CLIENT_H
#define INGESTGATE_REDIS_CLIENT_H

#include "snapshot.h"

/* 0 when the server at url answers PING; -1 with *cause (caller frees). */
int redis_ping(const char *url, long timeout_ms, char **cause);
/* Reads wait/active lengths and delayed/failed sizes in one round trip. */
int redis_queue_depth(const char *url, const char *prefix, const char *queue,
    long timeout_ms, struct queue_depth *out, char **cause);

#endif
