/* Making text from a backend safe to show: no escape or control sequences,
 * valid UTF-8, bounded length. */
#ifndef INGESTGATE_SANITIZE_H
#define INGESTGATE_SANITIZE_H

#include <stddef.h>

/* A cleaned copy of s (caller frees): ESC sequences (CSI, OSC, others) and
 * C0/C1 controls removed, tabs and newlines turned into spaces, bidi
 * overrides removed, invalid UTF-8 replaced by U+FFFD, cut to at most maxlen
 * bytes (0: no limit) on a character boundary with "…" appended. */
char *sanitize_text(const char *s, size_t maxlen);

#endif
