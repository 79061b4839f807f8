/* Edit distance and the nearest name, for "did you mean". */
#include "config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "core/suggest.h"

#define SUGGEST_MAX 64

/* One character as compared: case and the '-'/'_' spelling do not count, so
 * that `dlq_growth` finds dlq-growth and `dlq-growth-high` DLQ_GROWTH_HIGH. */
static int
fold(char c)
{
	return c == '_' ? '-' : tolower((unsigned char)c);
}

static size_t
min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

size_t
suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];

	if (la > SUGGEST_MAX || lb > SUGGEST_MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = fold(a[i - 1]) != fold(b[j - 1]);

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
			    d[i - 1][j - 1] + cost);
			/* Two neighbours typed the other way round. */
			if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
			    fold(a[i - 2]) == fold(b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	}
	return d[la][lb];
}

/* 1 when word starts name (ignoring case and '-'/'_'). */
static int
is_prefix(const char *word, const char *name)
{
	for (; *word != '\0'; word++, name++)
		if (*name == '\0' || fold(*word) != fold(*name))
			return 0;
	return 1;
}

const char *
suggest_nearest(const char *word, const char *const *names)
{
	const char *near = NULL, *prefixed = NULL;
	size_t best = (size_t)-1, len = strlen(word);
	int nprefixed = 0;

	if (len == 0)
		return NULL;
	for (size_t i = 0; names[i] != NULL; i++) {
		size_t d = suggest_distance(word, names[i]);

		if (d < best) {
			best = d;
			near = names[i];
		}
		if (len >= 3 && is_prefix(word, names[i])) {
			prefixed = names[i];
			nprefixed++;
		}
	}
	/* A slip, and one more per four letters: "procesing" and
	 * "DLQ_GROWHT_HIGH" are typos; "xyz" against "quality" and "nonsense"
	 * against "console" (four edits in eight letters) are other words, and
	 * a far "did you mean" only misleads. */
	if (near != NULL && best <= 1 + len / 4 && best < len)
		return near;
	return nprefixed == 1 ? prefixed : NULL;
}
