/* The text of a quality check (SPEC section 3, F-05) as PostgreSQL's lexer
 * sees it: where its last token ends, so that trailing semicolons and
 * comments are cut before the check is wrapped in a query of our own. Pure:
 * no I/O, unit-tested in check_sql_text. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "clients/sql_text.h"

/* Past a quoted literal or identifier opened at s[i] by q; backslash escapes
 * only in an E'' string. Returns the offset after its closing quote, or len
 * when it is never closed (the server will say so). */
static size_t
skip_quoted(const char *s, size_t len, size_t i, char q, int escapes)
{
	for (i++; i < len; i++) {
		if (escapes && s[i] == '\\' && i + 1 < len)
			i++;
		else if (s[i] == q) {
			if (i + 1 < len && s[i + 1] == q)
				i++;	/* a doubled quote stands for one */
			else
				return i + 1;
		}
	}
	return len;
}

/* The length of a dollar-quote tag ($tag$ or $$) at s[i], or 0 when s[i]
 * does not open one ($1 is a parameter). */
static size_t
dollar_tag(const char *s, size_t len, size_t i)
{
	size_t j = i + 1;

	if (j < len && (isdigit((unsigned char)s[j])))
		return 0;
	while (j < len && (isalnum((unsigned char)s[j]) || s[j] == '_' ||
	    (unsigned char)s[j] >= 0x80))
		j++;
	return j < len && s[j] == '$' ? j + 1 - i : 0;
}

/* Past a block comment opened at s[i]; they nest in PostgreSQL. */
static size_t
skip_block_comment(const char *s, size_t len, size_t i)
{
	int depth = 0;

	while (i < len) {
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
			depth++;
			i += 2;
		} else if (s[i] == '*' && i + 1 < len && s[i + 1] == '/') {
			i += 2;
			if (--depth == 0)
				return i;
		} else
			i++;
	}
	return len;
}

/* Past the token that starts at s[i], which is not white space. */
static size_t
skip_token(const char *s, size_t len, size_t i)
{
	size_t tag;

	/* E'...' takes backslash escapes; the E must start its token. */
	if (s[i] == '\'')
		return skip_quoted(s, len, i, '\'', i > 0 &&
		    (s[i - 1] == 'E' || s[i - 1] == 'e') && (i == 1 ||
		    !(isalnum((unsigned char)s[i - 2]) || s[i - 2] == '_')));
	if (s[i] == '"')
		return skip_quoted(s, len, i, '"', 0);
	if (s[i] == '$' && (tag = dollar_tag(s, len, i)) > 0) {
		for (size_t j = i + tag; j + tag <= len; j++)
			if (memcmp(s + j, s + i, tag) == 0)
				return j + tag;
		return len;
	}
	return i + 1;
}

size_t
sql_text_end(const char *s, size_t len)
{
	size_t i = 0, end = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c) || c == ';')
			i++;
		else if (c == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && s[i + 1] == '*')
			i = skip_block_comment(s, len, i);
		else
			end = i = skip_token(s, len, i);
	}
	return end;
}
