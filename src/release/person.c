/* Names of people and roles as the sign-off compares them: NFKC, case
 * folding (libunistring) and collapsed spaces, and the refusal of names
 * with hidden characters (config/hidden_chars, F-00's set). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <uninorm.h>

#include "config/hidden_chars.h"
#include "core/text.h"
#include "core/util.h"
#include "release/person.h"

int
person_check(const char *name, char **cause)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len = strlen(name), off = 0;
	int words = 0;

	while (off < len) {
		unsigned cp;
		size_t n = text_utf8_decode(p + off, len - off, &cp);
		char what[64];

		if (n == 0) {
			*cause = xasprintf("the name is not valid UTF-8 (byte "
			    "offset %zu)", off);
			return -1;
		}
		/* Spaces between words are collapsed; every other hidden
		 * character would make one person look like two. */
		if (cp != ' ' && hidden_char(cp)) {
			*cause = xasprintf("the name holds a hidden character, "
			    "%s (U+%04X) at byte offset %zu: type the name "
			    "again", hidden_char_name(cp, what, sizeof what),
			    cp, off);
			return -1;
		}
		if (cp != ' ')
			words = 1;
		off += n;
	}
	if (!words) {
		*cause = xstrdup("the name is empty");
		return -1;
	}
	return 0;
}

/* s with runs of spaces made one and outer spaces removed, in place. */
static void
collapse_spaces(char *s)
{
	char *w = s;
	int space = 1;

	for (const char *r = s; *r != '\0'; r++) {
		if (*r == ' ') {
			if (!space)
				*w++ = ' ';
			space = 1;
			continue;
		}
		*w++ = *r;
		space = 0;
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

char *
person_key(const char *name)
{
	size_t nlen = 0, flen = 0;
	uint8_t *norm, *fold;
	char *key;

	/* NFKC first (fullwidth and compatibility forms), then the fold,
	 * normalised again: the NFKC_Casefold of Unicode's identifiers. */
	norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)name, strlen(name),
	    NULL, &nlen);
	if (norm == NULL)
		return xstrdup(name);
	fold = u8_casefold(norm, nlen, NULL, UNINORM_NFKC, NULL, &flen);
	free(norm);
	if (fold == NULL)
		return xstrdup(name);
	key = xmalloc(flen + 1);
	memcpy(key, fold, flen);
	key[flen] = '\0';
	free(fold);
	collapse_spaces(key);
	return key;
}

int
person_same(const char *a, const char *b)
{
	char *ka = person_key(a), *kb = person_key(b);
	int same = strcmp(ka, kb) == 0;

	free(ka);
	free(kb);
	return same;
}
