/* The parts of a rotated recording (issue 26): a session that outgrew its
 * size cap goes on in <start>-partN.jsonl; each later part's header names
 * the session's first part ("first") and the part before it ("prev"), and
 * each part that ends so ends with a "rotated" event naming the next. From
 * any part these find the first and follow the chain in order; a link that
 * does not hold both ways (a file of another console started in the same
 * second) is not followed. */
#ifndef INGESTGATE_SESSION_PARTS_H
#define INGESTGATE_SESSION_PARTS_H

#include <json-c/json.h>

/* The header (line 1) of the recording at path, or NULL. Caller puts. */
json_object *session_part_header(const char *path);
/* The path of the first part of the session path belongs to (path itself
 * when it is the first, an older recording or its first is gone). Caller
 * frees. */
char *session_part_first(const char *path);
/* The part after path when its last event names next (a file name beside
 * path) and that file's header names path's as the one before it; NULL
 * otherwise. Caller frees. */
char *session_part_next(const char *path, const char *next);
/* Whether path is a later part of a session whose first part is there
 * (listed with its first, not on its own). */
int session_part_is_later(const char *path);

#endif
