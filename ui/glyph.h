/* The one table of the glyphs the console draws and their ASCII stand-ins,
 * used when the locale cannot show UTF-8 (LANG=C over ssh) or --ascii. */
#ifndef INGESTGATE_GLYPH_H
#define INGESTGATE_GLYPH_H

#include <stddef.h>

/* Sets how text is turned into what the terminal can show: glyphs as their
 * stand-ins when ascii, and any other non-ASCII character as '?' when the
 * locale is not UTF-8. */
void glyph_set_mode(int ascii, int utf8);
int glyph_ascii_mode(void);
/* The mark at the end of a line cut short: an ellipsis, '~' in ASCII. */
const char *glyph_cut_mark(void);
/* A glyph (given as its UTF-8 text) as the terminal should show it. */
const char *glyph(const char *utf8);
/* Copies in to out (at most len bytes with the NUL) with the mode applied:
 * every glyph of the table replaced by its stand-in, and without a UTF-8
 * locale every other non-ASCII character by '?', so that no text after it
 * is lost; a control character (C0, DEL, C1) is always '?'. Returns the
 * length written. */
size_t glyph_text(const char *in, char *out, size_t len);

#endif
