/* Redis over hiredis 0.14: PING, and the BullMQ queue depth of SPEC section 9
 * in one pipelined round trip on a kept connection. hiredis 0.14 has no TLS: rediss:// is refused
 * with a clear message, never downgraded to plain text. */
#ifndef INGESTGATE_REDIS_CLIENT_H
#define INGESTGATE_REDIS_CLIENT_H

#include "core/snapshot.h"

/* 0 when the server at url answers PING; -1 with *cause (caller frees). */
int redis_ping(const char *url, long timeout_ms, char **cause);
/* A kept connection, for the console's refreshes; NULL with *cause. */
struct redis_conn;
struct redis_conn *redis_conn_open(const char *url, long timeout_ms,
    char **cause);
void redis_conn_close(struct redis_conn *rc);
/* The queue's counts as BullMQ's Queue.getJobCounts() reports them, in one
 * pipelined round trip; -1 with *cause (caller frees, the server not named)
 * when the connection failed (it is unusable then: close it and open a new
 * one) or a key has the wrong type (the connection stays usable). */
int redis_conn_queue_depth(struct redis_conn *rc, const char *prefix,
    const char *queue, struct queue_depth *out, char **cause);
/* Round trips made so far by this process (connects count too). */
long redis_round_trips(void);

#endif
