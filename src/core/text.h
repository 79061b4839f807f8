/* UTF-8 and hex, the byte-level text helpers that the sanitiser, the secret
 * checks, the env file, integrity digests and request signatures share. */
#ifndef INGESTGATE_TEXT_H
#define INGESTGATE_TEXT_H

#include <stddef.h>

/* Decodes one UTF-8 sequence at s of at most avail bytes: its length with
 * *cp set, or 0 when it is invalid (a stray continuation byte, overlong, a
 * surrogate, past U+10FFFF, cut short). */
size_t text_utf8_decode(const unsigned char *s, size_t avail, unsigned *cp);

/* Encodes the code point cp (at most U+10FFFF) into out; returns its length,
 * 1 to 4. */
size_t text_utf8_encode(unsigned cp, char out[4]);

/* The n bytes of in as lowercase hex into out, which holds 2 * n + 1. */
void text_hex(const unsigned char *in, size_t n, char *out);

/* 1 when the len bytes at p hold seq (memmem, which glibc declares only
 * under _GNU_SOURCE). */
int text_has_bytes(const char *p, size_t len, const char *seq);

#endif
