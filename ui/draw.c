/* Drawing primitives. Strings here were sanitised by the core; this file
 * only has to fit them into columns, with the glyphs the locale can show
 * (ui/glyph.c). */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/draw.h"
#include "ui/glyph.h"

void
draw_set_charset(int ascii_only, int utf8)
{
	glyph_set_mode(ascii_only, utf8);
}

/*
 * How many bytes of s fit in w columns: *cols gets the columns they take.
 * With stop_at_break, the cut moves back to just after the last space or
 * '/' that fits (words and path parts stay whole) unless that leaves the
 * line empty.
 */
static size_t
fit(const char *s, int w, int stop_at_break, int *cols)
{
	mbstate_t st;
	size_t off = 0, len = strlen(s), brk = 0;
	int c = 0, brk_cols = 0;

	memset(&st, 0, sizeof st);
	while (off < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + off, len - off, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			/* Not a character here: one byte, one column. */
			memset(&st, 0, sizeof st);
			n = 1;
			cw = 1;
		} else if ((cw = wcwidth(wc)) < 0)
			cw = 1;
		if (c + cw > w)
			break;
		c += cw;
		off += n;
		/* A '/' right after a space begins a path: no break there. */
		if (s[off - 1] == ' ' || (s[off - 1] == '/' && off >= 2 &&
		    s[off - 2] != ' ')) {
			brk = off;
			brk_cols = c;
		}
	}
	if (stop_at_break && off < len && s[off] != ' ' && brk > 0) {
		off = brk;
		c = brk_cols;
	}
	*cols = c;
	return off;
}

int
draw_text(int y, int x, int w, enum role r, const char *s)
{
	char buf[1024];
	size_t off;
	int cols, cut;

	if (w <= 0 || y < 0 || y >= LINES)
		return 0;
	glyph_text(s, buf, sizeof buf);
	off = fit(buf, w, 0, &cols);
	cut = buf[off + strspn(buf + off, " ")] != '\0';
	if (cut)
		off = fit(buf, w - 1, 0, &cols);	/* room for the mark */
	attrset(tty_attr(r));
	mvaddnstr(y, x, buf, (int)off);
	if (cut) {
		addstr(glyph_cut_mark());
		cols++;
	}
	attrset(A_NORMAL);
	return cols;
}

const char *
draw_cut_mark(void)
{
	return glyph_cut_mark();
}

int
draw_width(const char *s)
{
	char buf[1024];
	int cols;

	glyph_text(s, buf, sizeof buf);
	fit(buf, 1 << 20, 0, &cols);
	return cols;
}

int
draw_wrap(int y, int x, int w, int maxlines, int skip, enum role r,
    const char *s)
{
	char buf[2048];
	const char *p = buf;
	int n = 0, drawn = 0;

	if (w <= 0)
		return 0;
	glyph_text(s, buf, sizeof buf);
	while (*p != '\0' && drawn < maxlines) {
		int cols;
		size_t cut = fit(p, w, 1, &cols);

		if (cut == 0)
			cut = 1;
		if (n++ >= skip) {
			if (y + drawn >= 0 && y + drawn < LINES) {
				attrset(tty_attr(r));
				mvaddnstr(y + drawn, x, p, (int)cut);
				attrset(A_NORMAL);
			}
			drawn++;
		}
		p += cut;
		while (*p == ' ')
			p++;
	}
	return drawn;
}

int
draw_wrap_lines(int w, const char *s)
{
	char buf[2048];
	const char *p = buf;
	int n = 0;

	if (w <= 0)
		return 0;
	glyph_text(s, buf, sizeof buf);
	while (*p != '\0') {
		int cols;
		size_t cut = fit(p, w, 1, &cols);

		n++;
		p += cut > 0 ? cut : 1;
		while (*p == ' ')
			p++;
	}
	return n > 0 ? n : 1;
}

int
draw_textf(int y, int x, int w, enum role r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return draw_text(y, x, w, r, buf);
}

void
draw_fill(const struct box *b)
{
	attrset(A_NORMAL);
	for (int i = 0; i < b->h; i++)
		mvhline(b->y + i, b->x, ' ', b->w);
}

void
draw_frame(const struct box *b, const char *title, int focused)
{
	int a = focused ? tty_attr(ROLE_TITLE) : tty_attr(ROLE_DIM);

	attrset(a);
	if (glyph_ascii_mode()) {
		mvhline(b->y, b->x + 1, '-', b->w - 2);
		mvhline(b->y + b->h - 1, b->x + 1, '-', b->w - 2);
		mvvline(b->y + 1, b->x, '|', b->h - 2);
		mvvline(b->y + 1, b->x + b->w - 1, '|', b->h - 2);
		mvaddch(b->y, b->x, '+');
		mvaddch(b->y, b->x + b->w - 1, '+');
		mvaddch(b->y + b->h - 1, b->x, '+');
		mvaddch(b->y + b->h - 1, b->x + b->w - 1, '+');
	} else {
		mvhline(b->y, b->x + 1, ACS_HLINE, b->w - 2);
		mvhline(b->y + b->h - 1, b->x + 1, ACS_HLINE, b->w - 2);
		mvvline(b->y + 1, b->x, ACS_VLINE, b->h - 2);
		mvvline(b->y + 1, b->x + b->w - 1, ACS_VLINE, b->h - 2);
		mvaddch(b->y, b->x, ACS_ULCORNER);
		mvaddch(b->y, b->x + b->w - 1, ACS_URCORNER);
		mvaddch(b->y + b->h - 1, b->x, ACS_LLCORNER);
		mvaddch(b->y + b->h - 1, b->x + b->w - 1, ACS_LRCORNER);
	}
	attrset(A_NORMAL);
	if (title != NULL) {
		char t[160];

		snprintf(t, sizeof t, "%s%s%s", focused ? "[" : " ", title,
		    focused ? "]" : " ");
		draw_text(b->y, b->x + 2, b->w - 4, focused ? ROLE_TITLE :
		    ROLE_NORMAL, t);
	}
}

void
draw_bar(int y, int x, int w, long long value, long long max, enum role r)
{
	int filled;

	if (w <= 0)
		return;
	if (max <= 0)
		max = 1;
	filled = (int)((value * w + max - 1) / max);
	if (filled > w)
		filled = w;
	if (value > 0 && filled == 0)
		filled = 1;
	attrset(tty_attr(r));
	for (int i = 0; i < w; i++) {
		if (glyph_ascii_mode())
			mvaddch(y, x + i, i < filled ? '#' : '.');
		else
			mvaddstr(y, x + i, i < filled ? "\xe2\x96\x88" :
			    "\xc2\xb7");
	}
	attrset(A_NORMAL);
}

void
draw_spark(int y, int x, int w, const double *v, int n, double lo, double hi,
    enum role r)
{
	static const char *const blocks[] = { "\xe2\x96\x81", "\xe2\x96\x82",
	    "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85", "\xe2\x96\x86",
	    "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char levels[] = "_.-=+*#@";
	int start = n > w ? n - w : 0;

	if (hi <= lo)
		hi = lo + 1;
	attrset(tty_attr(r));
	for (int i = start; i < n; i++) {
		double f = (v[i] - lo) / (hi - lo);
		int k = (int)(f * 7.999);

		if (k < 0)
			k = 0;
		if (k > 7)
			k = 7;
		if (glyph_ascii_mode())
			mvaddch(y, x + (i - start), (chtype)levels[k]);
		else
			mvaddstr(y, x + (i - start), blocks[k]);
	}
	attrset(A_NORMAL);
}

int
draw_verdict(int y, int x, int w, enum verdict v, const char *code)
{
	char buf[96];

	snprintf(buf, sizeof buf, "%s%s%s", verdict_name(v),
	    code != NULL && *code ? " " : "", code != NULL ? code : "");
	return draw_text(y, x, w, tty_verdict_role(v), buf);
}

void
draw_age(char *out, size_t len, time_t then, time_t now)
{
	long d = (long)(now - then);

	if (then == 0)
		snprintf(out, len, "never");
	else if (d < 0)
		snprintf(out, len, "0s");
	else if (d < 120)
		snprintf(out, len, "%lds", d);
	else if (d < 7200)
		snprintf(out, len, "%ldm", d / 60);
	else
		snprintf(out, len, "%ldh", d / 3600);
}

const char *
draw_spinner(time_t since, time_t now)
{
	static const char *const frames[] = { "|", "/", "-", "\\" };

	return frames[(unsigned long)(now - since) % 4];
}

/* A dialog's box, centred and clipped to the screen, cleared. */
void
dialog_box(struct box *b, int h, int w)
{
	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	b->h = h;
	b->w = w;
	b->y = (LINES - h) / 2;
	b->x = (COLS - w) / 2;
	draw_fill(b);
}
