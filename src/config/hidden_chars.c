/* Look-ups in the generated table of hidden characters (binary searches:
 * the table is sorted by construction). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "config/hidden_chars.h"

/* bsearch comparators: a code point against a range, against a name. */
static int
range_cmp(const void *key, const void *elem)
{
	unsigned cp = *(const unsigned *)key;
	const struct hidden_range *r = elem;

	return cp < r->lo ? -1 : cp > r->hi;
}

static int
name_cmp(const void *key, const void *elem)
{
	unsigned cp = *(const unsigned *)key;
	const struct hidden_name *n = elem;

	return cp < n->cp ? -1 : cp > n->cp;
}

int
hidden_char(unsigned cp)
{
	return bsearch(&cp, hidden_char_ranges, hidden_char_nranges,
	    sizeof *hidden_char_ranges, range_cmp) != NULL;
}

const char *
hidden_char_name(unsigned cp, char *buf, size_t len)
{
	const struct hidden_name *n = bsearch(&cp, hidden_char_names,
	    hidden_char_nnames, sizeof *hidden_char_names, name_cmp);

	if (n != NULL)
		snprintf(buf, len, "%s", n->name);
	else if (cp >= 0xe0100 && cp <= 0xe01ef)
		snprintf(buf, len, "VARIATION SELECTOR-%u", cp - 0xe0100 + 17);
	else if (cp == 0xe0020)
		snprintf(buf, len, "TAG SPACE");
	else if (cp > 0xe0020 && cp < 0xe007f)
		snprintf(buf, len, "TAG for '%c'", (char)(cp - 0xe0000));
	else if (hidden_char(cp))
		snprintf(buf, len, "unassigned, default ignorable");
	else
		snprintf(buf, len, "not a hidden character");
	return buf;
}
