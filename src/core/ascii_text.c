/* The glyphs and their ASCII stand-ins (one table: the console and the
 * command line read it) and the transliteration of a UTF-8 stream to
 * ASCII. */
#include "config.h"

#include <string.h>

#include "core/ascii_text.h"
#include "core/util.h"

static const struct {
	const char *utf8;
	const char *ascii;
} glyphs[] = {
	{ "\xc2\xb7", "-" },		/* · separator, empty bar cell */
	{ "\xc3\x97", "x" },		/* × times */
	{ "\xe2\x80\xa6", "..." },	/* … ellipsis */
	{ "\xe2\x80\x94", "--" },	/* — dash */
	{ "\xe2\x80\x93", "-" },	/* – dash */
	{ "\xe2\x97\x80", "<" },	/* ◀ dominant status */
	{ "\xe2\x96\xb6", ">" },	/* ▶ */
	{ "\xe2\x9c\x93", "ok" },	/* ✓ live check passed */
	{ "\xe2\x9c\x97", "X" },	/* ✗ live check failed */
	{ "\xe2\x86\x91", "^" },	/* ↑ */
	{ "\xe2\x86\x93", "v" },	/* ↓ */
	{ "\xe2\x86\x90", "<-" },	/* ← */
	{ "\xe2\x86\x92", "->" },	/* → */
	{ "\xe2\x89\xa5", ">=" },	/* ≥ */
	{ "\xe2\x89\xa4", "<=" },	/* ≤ */
	{ "\xe2\x96\x88", "#" },	/* █ bar, full */
	{ "\xe2\x96\x81", "_" },	/* ▁ ▂ ▃ ▄ ▅ ▆ ▇: sparkline levels */
	{ "\xe2\x96\x82", "." },
	{ "\xe2\x96\x83", "-" },
	{ "\xe2\x96\x84", "=" },
	{ "\xe2\x96\x85", "+" },
	{ "\xe2\x96\x86", "*" },
	{ "\xe2\x96\x87", "%" },
};

const char *
ascii_stand_in(const char *s, size_t *n)
{
	for (size_t i = 0; i < nitems(glyphs); i++) {
		size_t l = strlen(glyphs[i].utf8);

		if (strncmp(s, glyphs[i].utf8, l) == 0) {
			*n = l;
			return glyphs[i].ascii;
		}
	}
	return NULL;
}

/* Bytes in the UTF-8 sequence that starts with c; 0 for a byte that
 * cannot start one. */
static size_t
seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c < 0xe0)
		return 2;
	if (c >= 0xe0 && c < 0xf0)
		return 3;
	if (c >= 0xf0 && c < 0xf5)
		return 4;
	return 0;
}

/* One whole sequence of len bytes (or a stray byte when len is 0). */
static void
put_seq(const unsigned char *s, size_t len, struct buf *out)
{
	char one[5];
	const char *a;
	size_t n;

	if (len == 0) {
		buf_adds(out, "?");
		return;
	}
	memcpy(one, s, len);
	one[len] = '\0';
	a = ascii_stand_in(one, &n);
	buf_adds(out, a != NULL && n == len ? a : "?");
}

/*
 * A "·" between two spaces separates fields ("batch - · decision -"): in
 * a stream it becomes "|", because its table stand-in "-" is also what a
 * line prints for "no value" ("batch - - decision -" reads as nothing).
 * A "·" after a space waits in st for the byte after it.
 */
static const unsigned char middle_dot[] = { 0xc2, 0xb7 };

/* The byte c after a "·" that waits: the dot's form, then c goes on. */
static void
put_dot(struct ascii_text *st, unsigned char c, struct buf *out)
{
	buf_adds(out, c == ' ' ? "|" : "-");
	st->dot = 0;
}

void
ascii_text_feed(struct ascii_text *st, const char *in, size_t n,
    struct buf *out)
{
	const unsigned char *p = (const unsigned char *)in;

	buf_adds(out, "");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];

		if (st->dot)
			put_dot(st, c, out);
		if (st->npend > 0) {
			if ((c & 0xc0) == 0x80) {
				st->pend[st->npend++] = c;
				if (st->npend < seq_len(st->pend[0]))
					continue;
				if (st->npend == 2 && st->prev == ' ' &&
				    memcmp(st->pend, middle_dot, 2) == 0)
					st->dot = 1;
				else
					put_seq(st->pend, st->npend, out);
				st->npend = 0;
				st->prev = 0;
				continue;
			}
			/* Cut short by a byte that does not continue it. */
			buf_adds(out, "?");
			st->npend = 0;
			st->prev = 0;
		}
		if (c < 0x80) {
			buf_addc(out, (char)c);
			st->prev = c;
		} else if (seq_len(c) == 0 || (c & 0xc0) == 0x80) {
			put_seq(NULL, 0, out);
			st->prev = 0;
		} else {	/* prev stays the byte before the sequence */
			st->pend[0] = c;
			st->npend = 1;
		}
	}
}

void
ascii_text_end(struct ascii_text *st, struct buf *out)
{
	buf_adds(out, "");
	if (st->dot)
		put_dot(st, 0, out);
	if (st->npend > 0)
		buf_adds(out, "?");
	st->npend = 0;
	st->prev = 0;
}
