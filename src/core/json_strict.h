/* A strict RFC 8259 check of a whole JSON text, before json-c reads it:
 * for the files a verifier must read exactly as they were written. */
#ifndef INGESTGATE_JSON_STRICT_H
#define INGESTGATE_JSON_STRICT_H

#include <stddef.h>

/* 0 when text (len bytes) is one RFC 8259 JSON text: UTF-8 without a byte
 * order mark, no comments, no duplicate keys in an object (compared after
 * escapes are decoded), no NUL (\u0000) in a key, no lone surrogate
 * escape, nesting at most 64 deep. Else -1 with *cause "line N: why"
 * (caller frees). */
int json_strict_check(const char *text, size_t len, char **cause);

#endif
