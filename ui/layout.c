/* The main screen's layout: pure arithmetic over the pane count and the
 * screen's size, so a fifth pane takes a row of its own instead of drawing
 * over the log, and tests/unit/check_panes.c checks that without a
 * terminal. */
#include "config.h"

#include "ui/layout.h"

void
layout_log(int cols, int lines, struct box *b)
{
	b->y = lines - 1 - LAYOUT_LOG_LINES;
	b->x = 0;
	b->h = LAYOUT_LOG_LINES;
	b->w = cols;
}

int
layout_pane(int i, int n, int cols, int lines, struct box *b)
{
	/* Line 0 is the header; the panes end where the log begins. */
	int top = 1, rows = (n + 1) / 2, bottom, ph, pw = cols / 2;
	struct box log;

	if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES || i < 0 ||
	    i >= n)
		return -1;
	layout_log(cols, lines, &log);
	bottom = log.y;
	ph = (bottom - top) / rows;
	b->y = top + (i / 2) * ph;
	b->x = (i % 2) * pw;
	b->h = ph;
	if (i == n - 1 && i % 2 == 0)
		b->w = cols;		/* alone on its row */
	else
		b->w = i % 2 ? cols - pw : pw;
	return 0;
}
