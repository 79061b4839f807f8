/* Where a quality check's SQL really ends (SPEC section 3, F-05): the end of
 * its last token as PostgreSQL's lexer sees it, past strings, quoted
 * identifiers, dollar quotes and comments. Pure; unit-tested. */
#ifndef INGESTGATE_SQL_TEXT_H
#define INGESTGATE_SQL_TEXT_H

#include <stddef.h>

/* The length of s without what trails its last token: white space,
 * semicolons, "--" and block comments. A semicolon followed by more SQL is
 * kept (a second statement is the server's to refuse). */
size_t sql_text_end(const char *s, size_t len);

#endif
