/* Glyphs and their ASCII stand-ins (the table is core/ascii_text.c's),
 * read by every drawing primitive, so that a pane or dialog never has to
 * think about the locale. Pure: no curses here. */
#include "config.h"

#include <string.h>

#include "core/ascii_text.h"
#include "ui/glyph.h"

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

/* The table is the core's: the command line prints the same stand-ins. */
static const char *
stand_in(const char *s, size_t *n)
{
	return ascii_stand_in(s, n);
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
