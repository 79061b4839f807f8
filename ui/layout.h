/* Where the main screen's parts go, computed from the pane count. */
#ifndef INGESTGATE_LAYOUT_H
#define INGESTGATE_LAYOUT_H

#include "ui/draw.h"

#define LAYOUT_MIN_COLS 80
#define LAYOUT_MIN_LINES 24
#define LAYOUT_LOG_LINES 3

/* The box of pane i of n on a cols x lines screen: two columns below the
 * header, as many rows as n needs, an odd last pane the full width, all
 * above the log and the hint bar. 0, or -1 when the screen is under
 * LAYOUT_MIN_COLS x LAYOUT_MIN_LINES or i is not a pane. */
int layout_pane(int i, int n, int cols, int lines, struct box *b);
/* The log's lines: between the panes and the hint bar (the last line). */
void layout_log(int cols, int lines, struct box *b);

#endif
