/* Look-ups in the generated table of hidden characters (binary searches:
 * the table is sorted by construction). */
#include "config.h"

#include <stdio.h>

#include "hidden_chars.h"

int
hidden_char(unsigned cp)
{
	size_t lo = 0, hi = hidden_char_nranges;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < hidden_char_ranges[mid].lo)
			hi = mid;
		else if (cp > hidden_char_ranges[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

const char *
hidden_char_name(unsigned cp, char *buf, size_t len)
{
	size_t lo = 0, hi = hidden_char_nnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < hidden_char_names[mid].cp)
			hi = mid;
		else if (cp > hidden_char_names[mid].cp)
			lo = mid + 1;
		else {
			snprintf(buf, len, "%s", hidden_char_names[mid].name);
			return buf;
		}
	}
	if (cp >= 0xe0100 && cp <= 0xe01ef)
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
