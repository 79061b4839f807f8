/* What may be said about a secret without saying it: a fingerprint, and
 * whether its value carries characters that break an HMAC in silence. */
#ifndef INGESTGATE_SECRET_H
#define INGESTGATE_SECRET_H

#include <stddef.h>

#define FINGERPRINT_LEN 8

/* First 8 hex digits of SHA-256 of the value, into out (9 bytes). */
void secret_fingerprint(const char *value, char out[FINGERPRINT_LEN + 1]);

/* The first character that breaks an HMAC in silence. */
struct hidden_hit {
	size_t pos;		/* byte offset in the value */
	char what[160];		/* "U+2007 FIGURE SPACE at the end", ... */
};

/* 0 when the value is clean: no character of Unicode White_Space or
 * Default_Ignorable_Code_Point, no C0/C1 control, no quote left inside and
 * valid UTF-8. Otherwise -1 with *hit naming the first problem. */
int secret_hidden_chars(const char *value, struct hidden_hit *hit);

/* Constant-time equality of two NUL-terminated strings. */
int secret_equal(const char *a, const char *b);

#endif
