/* Drawing primitives. Strings here were sanitised by the core; this file
 * only has to fit them into columns. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/draw.h"

static int ascii;

void
draw_set_ascii(int on)
{
	ascii = on;
}

int
draw_text(int y, int x, int w, enum role r, const char *s)
{
	mbstate_t st;
	size_t off = 0, len = strlen(s);
	int cols = 0;

	if (w <= 0 || y < 0 || y >= LINES)
		return 0;
	memset(&st, 0, sizeof st);
	while (off < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + off, len - off, &st);
		int cw;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (cols + cw > w)
			break;
		cols += cw;
		off += n;
	}
	attrset(tty_attr(r));
	mvaddnstr(y, x, s, (int)off);
	attrset(A_NORMAL);
	return cols;
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
	if (ascii) {
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
		if (ascii)
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
		if (ascii)
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
