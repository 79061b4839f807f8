/* The one JSON reader: a whole buffer through json-c's tokener, strictly
 * (a document, then only whitespace). Core-api answers, the playbook and
 * evidence files are read with it. */
#ifndef INGESTGATE_JSON_READ_H
#define INGESTGATE_JSON_READ_H

#include <stddef.h>

#include <json-c/json.h>

/* Parses text (len bytes) as one JSON document of any type but null: 0
 * with *out (caller puts); -1 with *out NULL and *cause (caller frees)
 * shaped "line N: why", why being json_tokener_error_desc's text,
 * "unexpected end of the text (truncated?)" or "text after the end of the
 * document". */
int json_read(const char *text, size_t len, json_object **out, char **cause);
/* json_read after json_strict_check: duplicate keys, NUL in a key,
 * comments and every other construct outside RFC 8259 are refused (same
 * returns and *cause shape). For evidence, batch status, sign-off lines and
 * every report read back: what one reader sees, all readers see. */
int json_read_strict(const char *text, size_t len, json_object **out,
    char **cause);

/* The string at key of object o, or NULL (o NULL, key missing or not a
 * string); borrowed from o. */
const char *json_read_str(json_object *o, const char *key);

#endif
