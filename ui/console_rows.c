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
/* What each drawn row was (its id), the "… N more" row's too: a click
 * names the row it saw, whatever list the next snapshot brings. */
static char drawn_id[PANE_COUNT][PANE_ROWS_SHOWN + 1][128];

void
rows_view(const struct ui *u, int pane, struct view *pv)
{
	struct pane_rows blank = { 0, 0, { 0 }, -1 };

	drawn[pane] = blank;
	pv->rows = &drawn[pane];
	pv->sel = pane == u->focus ? u->row : -1;
}

/* Pane p's list as the view has it now: its filter, its result. */
static const struct gate_result *
list_of(const struct ui *u, const struct view *v, int p, struct view *pv)
{
	*pv = *v;
	pv->filter = u->filter_pane == p && u->filter[0] != '\0' ? u->filter :
	    NULL;
	return panes[p]->row != NULL ? view_result(v, panes[p]->gate, NULL) :
	    NULL;
}

/* What a row is, into buf (the size of u->row_id): its id, or for a pane
 * that gives none its text, cut to fit alike wherever it is compared. */
static const char *
id_of(const struct pane_row *pr, char *buf)
{
	snprintf(buf, sizeof ((struct ui *)0)->row_id, "%.127s",
	    pr->id[0] != '\0' ? pr->id : pr->text);
	return buf;
}

/* Where the row with id is in pane p's list now (-1: gone), and how many
 * rows the list has (n). */
static int
find_id(const struct ui *u, const struct view *v, int p, const char *id,
    int *n)
{
	struct view pv;
	const struct gate_result *r = list_of(u, v, p, &pv);
	struct pane_row pr;
	char buf[128];
	int at = -1, i = 0;

	for (; r != NULL && panes[p]->row(&pv, r, i, &pr) == 0; i++)
		if (at < 0 && strcmp(id_of(&pr, buf), id) == 0)
			at = i;
	*n = i;
	return at;
}

/* Selects row i of the focused pane (-1: none), keeping what it is. */
static void
select_row(struct ui *u, const struct view *v, int i)
{
	struct view pv;
	const struct gate_result *r = list_of(u, v, u->focus, &pv);
	struct pane_row pr;

	u->row = -1;
	u->row_id[0] = '\0';
	if (i < 0 || r == NULL || panes[u->focus]->row(&pv, r, i, &pr) != 0)
		return;
	u->row = i;
	(void)id_of(&pr, u->row_id);
}

/* The selection by what it is: gone, it ends and the hint line says so. */
static int
resolve(struct ui *u, const struct view *v)
{
	int n, at;

	if (u->row < 0)
		return 0;
	if ((at = find_id(u, v, u->focus, u->row_id, &n)) >= 0) {
		u->row = at;
		return 0;
	}
	snprintf(u->message, sizeof u->message, "selected row '%.60s' is "
	    "gone from the list: selection cleared", u->row_id);
	u->row = -1;
	u->row_id[0] = '\0';
	return -1;
}

void
rows_resolve(struct ui *u, const struct view *v)
{
	(void)resolve(u, v);
}

void
rows_drawn(const struct ui *u, const struct view *v)
{
	for (int p = 0; p < PANE_COUNT; p++) {
		struct view pv;
		const struct gate_result *r = list_of(u, v, p, &pv);
		struct pane_row pr;

		for (int i = 0; i <= drawn[p].shown && i <= PANE_ROWS_SHOWN; i++)
			if (r == NULL || panes[p]->row(&pv, r, i, &pr) != 0)
				drawn_id[p][i][0] = '\0';
			else
				(void)id_of(&pr, drawn_id[p][i]);
	}
}

void
rows_move(struct ui *u, const struct view *v, int key)
{
	int n = 0;

	resolve(u, v);
	if (panes[u->focus]->row != NULL)
		(void)find_id(u, v, u->focus, "", &n);
	if (panes[u->focus]->row == NULL || n == 0) {
		snprintf(u->message, sizeof u->message, "%s: no rows to select",
		    panes[u->focus]->title);
		select_row(u, v, -1);
		return;
	}
	if (key == KEY_UP || key == 'k')
		select_row(u, v, u->row >= 0 ? u->row - 1 : -1);
	else
		select_row(u, v, u->row + 1 < n ? u->row + 1 : n - 1);
}

/* Opens row i of pane p: its source's replay when it is a source the pane
 * shows, else the pane's whole list at that row. */
static void
open_row(struct ui *u, const struct view *v, int p, int i)
{
	struct view pv;
	const struct gate_result *r = list_of(u, v, p, &pv);
	struct pane_row pr;

	if (r != NULL && panes[p]->row(&pv, r, i, &pr) == 0 &&
	    pr.source[0] != '\0' && i < drawn[p].shown)
		dialog_replay_open_source(u, v, pr.source);
	else
		dialog_rows_open(u, p, i);
}

/* Enter on the selected row, found again by what it is (the snapshot may
 * have changed since it was drawn). No row selected, or none left under
 * the filter: 0, Enter opens the playbook. A row gone since: swallowed,
 * the hint line says so. */
int
rows_enter(struct ui *u, const struct view *v)
{
	if (u->row < 0 || panes[u->focus]->row == NULL)
		return 0;
	if (resolve(u, v) != 0)
		return 1;
	open_row(u, v, u->focus, u->row);
	return 1;
}

int
rows_click(struct ui *u, const struct view *v, int p, int y)
{
	const struct pane_rows *d = &drawn[p];
	int i = -1;

	if (panes[p]->row == NULL)
		return 0;
	if (d->more_y >= 0 && y == d->more_y)
		i = d->shown;
	for (int k = 0; i < 0 && k < d->shown && k < PANE_ROWS_SHOWN; k++)
		if (d->y[k] == y)
			i = k;
	if (i < 0 || i > PANE_ROWS_SHOWN)
		return 0;
	/* The row clicked is the one drawn there: found again by its id. */
	u->focus = p;
	u->row = 0;
	snprintf(u->row_id, sizeof u->row_id, "%s", drawn_id[p][i]);
	if (resolve(u, v) != 0)
		return 1;
	if (i == d->shown)
		dialog_rows_open(u, p, u->row);
	else
		open_row(u, v, p, u->row);
	return 1;
}

void
rows_filter_kept(struct ui *u, const struct view *v)
{
	select_row(u, v, 0);
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
