/* People who sign (SPEC section 11): one person is one person, whatever the
 * spelling. A name is compared by its key: Unicode NFKC, case folding and
 * collapsed spaces (libunistring, never a table of ours); a name holding a
 * character of F-00's hidden set is refused. */
#ifndef INGESTGATE_PERSON_H
#define INGESTGATE_PERSON_H

/* 0 when name may sign: valid UTF-8, something besides spaces, no hidden
 * character (ASCII spaces between words aside). -1 with *cause (caller
 * frees) naming the character and its byte offset. */
int person_check(const char *name, char **cause);

/* The key two spellings of one name share; caller frees. A name that is
 * not valid UTF-8 keys as its own bytes. */
char *person_key(const char *name);

/* 1 when a and b are the same person (or role). */
int person_same(const char *a, const char *b);

#endif
