/* UTF-8 text made ASCII for a locale that is not UTF-8: one table of
 * stand-ins for the glyphs the program prints or draws (the console's
 * glyph layer, ui/glyph.c, and the command line's output filter,
 * src/cli/ascii_out.c, both read it), and a streaming transliteration
 * that turns any other non-ASCII character into '?'. Pure. */
#ifndef INGESTGATE_ASCII_TEXT_H
#define INGESTGATE_ASCII_TEXT_H

#include <stddef.h>

#include "core/util.h"

/* The ASCII stand-in of the glyph s starts with (its length in *n), or
 * NULL when s starts with no glyph of the table. */
const char *ascii_stand_in(const char *s, size_t *n);

/* A transliteration in progress: a UTF-8 sequence split across two calls
 * waits here for its end. */
struct ascii_text {
	unsigned char pend[4];
	size_t npend;
	unsigned char prev;	/* the byte before, when ASCII */
	int dot;		/* a "·" after a space waits for the next byte */
};

/* Appends the ASCII form of n bytes of in to out: glyphs by their
 * stand-ins (a "·" between spaces, a separator, as "|"), any other
 * character of two or more bytes (or a stray byte) as '?'; a sequence cut
 * at the end is kept in st for the next call. */
void ascii_text_feed(struct ascii_text *st, const char *in, size_t n,
    struct buf *out);
/* Ends the text: a sequence still cut becomes '?'. */
void ascii_text_end(struct ascii_text *st, struct buf *out);

#endif
