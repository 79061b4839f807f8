/* The rows of the main screen's panes (issue 23): where each pane's rows
 * were drawn, the selected row of the focused pane (Up/Down j/k), Enter and
 * a click on a row, and the notice of a '/' match the pane cannot show.
 * What a row opens: a DLQ source its replay (preset to that source), any
 * other row, the "… N more" row or a hidden row the pane's whole list. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

static struct pane_rows drawn[PANE_COUNT];

void
rows_view(const struct ui *u, int pane, struct view *pv)
{
	struct pane_rows blank = { 0, 0, { 0 }, -1 };

	drawn[pane] = blank;
	pv->rows = &drawn[pane];
	pv->sel = pane == u->focus ? u->row : -1;
}

void
rows_move(struct ui *u, int key)
{
	int n = drawn[u->focus].n;

	if (panes[u->focus]->row == NULL || n == 0) {
		snprintf(u->message, sizeof u->message, "%s: no rows to select",
		    panes[u->focus]->title);
		u->row = -1;
		return;
	}
	if (key == KEY_UP || key == 'k')
		u->row = u->row >= 0 ? u->row - 1 : -1;
	else
		u->row = u->row + 1 < n ? u->row + 1 : n - 1;
}

/* Opens row i of pane p: its source's replay when it is a source the pane
 * shows, else the pane's whole list at that row. */
static void
open_row(struct ui *u, const struct view *v, int p, int i)
{
	const struct gate_result *r = view_result(v, panes[p]->gate, NULL);
	struct pane_row pr;
	struct view pv = *v;

	pv.filter = u->filter_pane == p && u->filter[0] != '\0' ? u->filter :
	    NULL;
	if (i < drawn[p].shown && r != NULL && panes[p]->row(&pv, r, i,
	    &pr) == 0 && pr.source[0] != '\0')
		dialog_replay_open_source(u, v, pr.source);
	else
		dialog_rows_open(u, p, i);
}

int
rows_enter(struct ui *u, const struct view *v)
{
	if (u->row < 0 || panes[u->focus]->row == NULL)
		return 0;
	if (u->row >= drawn[u->focus].n)
		u->row = drawn[u->focus].n - 1;
	if (u->row >= 0)
		open_row(u, v, u->focus, u->row);
	return 1;
}

int
rows_click(struct ui *u, const struct view *v, int p, int y)
{
	const struct pane_rows *d = &drawn[p];

	if (panes[p]->row == NULL)
		return 0;
	if (d->more_y >= 0 && y == d->more_y) {
		u->focus = p;
		u->row = d->shown;
		dialog_rows_open(u, p, d->shown);
		return 1;
	}
	for (int i = 0; i < d->shown && i < PANE_ROWS_SHOWN; i++)
		if (d->y[i] == y) {
			u->focus = p;
			u->row = i;
			open_row(u, v, p, i);
			return 1;
		}
	return 0;
}

void
rows_filter_kept(struct ui *u)
{
	u->row = drawn[u->focus].n > 0 && panes[u->focus]->row != NULL ? 0 : -1;
}

int
rows_notice(const struct ui *u, char *buf, size_t len)
{
	const struct pane_rows *d = &drawn[u->focus];

	if (u->row < 0 || u->row < d->shown || u->row >= d->n)
		return 0;
	if (u->filter_pane == u->focus && u->filter[0] != '\0')
		snprintf(buf, len, "'%s' found in row %d of %d, hidden: z zooms "
		    "· Enter opens the list", u->filter, u->row + 1, d->n);
	else
		snprintf(buf, len, "row %d of %d, hidden: z zooms · Enter opens "
		    "the list", u->row + 1, d->n);
	return 1;
}
