/* Glyphs and their ASCII stand-ins: one table, read by every drawing
 * primitive, so that a pane or dialog never has to think about the locale.
 * Pure: no curses here. */
#include "config.h"

#include <string.h>

#include "ui/glyph.h"

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

static int ascii;
static int utf8 = 1;

void
glyph_set_mode(int a, int u)
{
	ascii = a || !u;
	utf8 = u;
}

int
glyph_ascii_mode(void)
{
	return ascii;
}

const char *
glyph_cut_mark(void)
{
	return ascii ? "~" : "\xe2\x80\xa6";
}

static const char *
stand_in(const char *s, size_t *n)
{
	for (size_t i = 0; i < sizeof glyphs / sizeof glyphs[0]; i++) {
		size_t l = strlen(glyphs[i].utf8);

		if (strncmp(s, glyphs[i].utf8, l) == 0) {
			*n = l;
			return glyphs[i].ascii;
		}
	}
	return NULL;
}

const char *
glyph(const char *g)
{
	size_t n;
	const char *a;

	if (!ascii || (a = stand_in(g, &n)) == NULL)
		return g;
	return a;
}

/* Bytes in the UTF-8 sequence that starts with c (1 for anything odd). */
static size_t
seq_len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

size_t
glyph_text(const char *in, char *out, size_t len)
{
	size_t o = 0;

	if (len == 0)
		return 0;
	while (*in != '\0') {
		const char *put = in, *a;
		size_t n = 1, pn;

		/* A control character (a tab, a newline, an escape, C1) would
		 * move the cursor or take columns the width count never saw:
		 * curses would draw past the box. It shows as '?'. */
		if ((unsigned char)*in < 0x20 || *in == 0x7f)
			put = "?";
		else if ((unsigned char)in[0] == 0xc2 &&
		    (unsigned char)in[1] >= 0x80 && (unsigned char)in[1] < 0xa0) {
			put = "?";
			n = 2;
		} else if ((unsigned char)*in >= 0x80) {
			n = seq_len((unsigned char)*in);
			for (size_t k = 1; k < n; k++)
				if ((in[k] & 0xc0) != 0x80) {
					n = k;
					break;
				}
			if (ascii && (a = stand_in(in, &pn)) != NULL) {
				put = a;
				n = pn;
			} else if (!utf8)
				put = "?";
		}
		pn = put == in ? n : strlen(put);
		if (o + pn >= len)
			break;
		memcpy(out + o, put, pn);
		o += pn;
		in += n;
	}
	out[o] = '\0';
	return o;
}
