/* Drawing primitives on stdscr: clipped text, bars, sparklines, verdicts. */
#ifndef INGESTGATE_DRAW_H
#define INGESTGATE_DRAW_H

#include <time.h>

#include "core/codes.h"
#include "ui/tty.h"

/* The rectangle a pane or dialog draws into. */
struct box {
	int y, x, h, w;
};

/* Glyphs as ASCII stand-ins when ascii_only or when the locale is not
 * UTF-8 (utf8 = 0); see ui/glyph.h. */
void draw_set_charset(int ascii_only, int utf8);
/* Text at (y, x) cut to w columns (UTF-8 aware); a line cut short ends in
 * the cut mark (draw_cut_mark) unless only spaces were cut. Returns the
 * columns used. */
int draw_text(int y, int x, int w, enum role r, const char *s);
/* The cut mark as the terminal shows it ("…", or "~" in ASCII). */
const char *draw_cut_mark(void);
/* The columns s takes on screen. */
int draw_width(const char *s);
/* s wrapped on spaces and '/' into lines of w columns, from its line skip
 * on, at most maxlines drawn from y down; returns the lines drawn. */
int draw_wrap(int y, int x, int w, int maxlines, int skip, enum role r,
    const char *s);
/* The lines draw_wrap() needs for s at width w. */
int draw_wrap_lines(int w, const char *s);
int draw_textf(int y, int x, int w, enum role r, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void draw_frame(const struct box *b, const char *title, int focused);
void draw_fill(const struct box *b);
/* Centres an h x w box on the screen (clipped to it) and clears it. */
void dialog_box(struct box *b, int h, int w);
/* A bar of value/max over w columns. */
void draw_bar(int y, int x, int w, long long value, long long max, enum role r);
/* A sparkline of n values scaled between lo and hi, the newest right. */
void draw_spark(int y, int x, int w, const double *v, int n, double lo,
    double hi, enum role r);
/* "PASS", "FAIL CODE" etc. in the verdict's role; returns columns used. */
int draw_verdict(int y, int x, int w, enum verdict v, const char *code);
/* An age: "never" (then is 0), "45s" under two minutes, "3m" under two
 * hours, else "5h"; a clock gone backwards shows "0s". */
void draw_age(char *out, size_t len, time_t then, time_t now);
const char *draw_spinner(time_t since, time_t now);

#endif
