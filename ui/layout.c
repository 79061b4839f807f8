/* The main screen's layout: pure arithmetic over the pane count and the
 * screen's size, so a fifth pane takes a row of its own instead of drawing
 * over the log, a narrow terminal gets one column, and
 * tests/unit/check_panes.c checks that without a terminal. */
#include "config.h"

#include "ui/layout.h"

int
layout_log_lines(int lines, int nlog)
{
	int max = lines >= 24 ? LAYOUT_LOG_LINES : lines >= 16 ? 1 : 0;

	return nlog < max ? nlog : max;
}

void
layout_log(int cols, int lines, int log_lines, struct box *b)
{
	b->y = lines - 1 - log_lines;
	b->x = 0;
	b->h = log_lines;
	b->w = cols;
}

int
layout_pane_in(int i, int n, int cols, int lines, int log_lines,
    struct box *b)
{
	/* Line 0 is the header; the panes end where the log begins. */
	int ncol = cols >= LAYOUT_TWO_COLS ? 2 : 1;
	int top = 1, rows = (n + ncol - 1) / ncol, avail, row, pw = cols / ncol;
	struct box log;

	if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES || i < 0 ||
	    i >= n)
		return -1;
	layout_log(cols, lines, log_lines, &log);
	avail = log.y - top;
	row = i / ncol;
	/* Rows share the height; the remainder goes to the lower rows. */
	b->y = top + avail * row / rows;
	b->h = top + avail * (row + 1) / rows - b->y;
	b->x = (i % ncol) * pw;
	if (ncol == 1 || (i == n - 1 && i % 2 == 0))
		b->w = cols;		/* alone on its row */
	else
		b->w = i % 2 ? cols - pw : pw;
	return 0;
}

int
layout_pane(int i, int n, int cols, int lines, struct box *b)
{
	return layout_pane_in(i, n, cols, lines,
	    layout_log_lines(lines, LAYOUT_LOG_LINES), b);
}
