/* "Did you mean": the nearest of a list of names to a mistyped word, for
 * commands, gates, options and failure codes (SPEC section 4). Pure. */
#ifndef INGESTGATE_SUGGEST_H
#define INGESTGATE_SUGGEST_H

#include <stddef.h>

/* Optimal string alignment distance (Levenshtein plus swapped neighbours),
 * ignoring ASCII case and treating '-' and '_' alike; (size_t)-1 when a
 * word is longer than 64 bytes. */
size_t suggest_distance(const char *a, const char *b);

/* The candidate nearest to word, or NULL when none is near enough to be a
 * plausible typo (or a unique prefix of it). names is NULL-terminated. */
const char *suggest_nearest(const char *word, const char *const *names);

#endif
