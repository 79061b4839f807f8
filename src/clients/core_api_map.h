/* Mapping core-api JSON bodies (SPEC section 8) to snapshot types. Pure: no
 * I/O, fed bytes, so it is unit-tested and fuzzed on its own. Each returns 0,
 * or -1 with *cause (caller frees) describing what is wrong with the body. */
#ifndef INGESTGATE_CORE_API_MAP_H
#define INGESTGATE_CORE_API_MAP_H

#include <stddef.h>

#include "core/snapshot.h"

int map_runtime(const char *body, size_t len, struct runtime_info *out,
    char **cause);
int map_processing(const char *body, size_t len, struct processing_metrics *out,
    char **cause);
int map_queue(const char *body, size_t len, struct queue_metrics *out,
    char **cause);
int map_signature(const char *body, size_t len, int *valid, char **cause);
int map_replay(const char *body, size_t len, struct replay_counts *out,
    char **cause);
/* The error envelope {"error":{"code","message"}}: fills code (CODE_NONE
 * when the code is not one of ours) and a sanitised message. */
int map_error(const char *body, size_t len, enum code *code, char **code_text,
    char **message);

/* An RFC 3339 date-time with its zone ("2026-02-20T10:00:00Z", an optional
 * fraction, Z or an offset such as +07:00) to time_t; -1 when it is not one
 * (no zone, a date alone, out-of-range fields, words). */
int parse_iso8601(const char *s, time_t *out);

#endif
