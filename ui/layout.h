/* Where the main screen's parts go, computed from the pane count. */
#ifndef INGESTGATE_LAYOUT_H
#define INGESTGATE_LAYOUT_H

#include "ui/draw.h"

/* Below this the console refuses ("terminal too small"). */
#define LAYOUT_MIN_COLS 40
#define LAYOUT_MIN_LINES 12
/* From this width on, two columns of panes; below, one. */
#define LAYOUT_TWO_COLS 80
/* The log strip at most: it takes only the lines it has to show. */
#define LAYOUT_LOG_LINES 3

/* The log strip's lines on a screen of lines rows with nlog entries to
 * show: up to LAYOUT_LOG_LINES (fewer on a short screen), none when empty. */
int layout_log_lines(int lines, int nlog);
/* The box of pane i of n on a cols x lines screen whose log strip takes
 * log_lines: two columns from LAYOUT_TWO_COLS on (an odd last pane the full
 * width), else one; the rows share what is between the header and the log
 * (no row left empty). 0, or -1 when the screen is under LAYOUT_MIN_COLS x
 * LAYOUT_MIN_LINES or i is not a pane. */
int layout_pane_in(int i, int n, int cols, int lines, int log_lines,
    struct box *b);
/* The same with the full log strip. */
int layout_pane(int i, int n, int cols, int lines, struct box *b);
/* The log's lines: between the panes and the hint bar (the last line). */
void layout_log(int cols, int lines, int log_lines, struct box *b);

#endif
