/* What may be said about a secret without saying it: a fingerprint, and
 * whether its value carries characters that break an HMAC in silence. */
#ifndef INGESTGATE_SECRET_H
#define INGESTGATE_SECRET_H

#include <stddef.h>

#define FINGERPRINT_LEN 8

/* First 8 hex digits of SHA-256 of the value, into out (9 bytes). */
void secret_fingerprint(const char *value, char out[FINGERPRINT_LEN + 1]);

/* 0 when the value is clean. Otherwise -1 with *what naming the first problem
 * (a static string) and *pos its byte offset. */
int secret_hidden_chars(const char *value, const char **what, size_t *pos);

/* Constant-time equality of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);

#endif
