/* A pane's whole list (issue 23): every row of the focused pane's checks,
 * sources or messages, under its '/' filter, in a list dialog with the list
 * keys and the '/' find. It opens on Enter or a click on the pane's "… N
 * more" row (or on any row not a source, or on a match the pane cannot
 * show); Enter on a source opens its replay. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui/ui.h"

/* The pane's view: its filter, if it has one. */
static void
pane_view(const struct ui *u, const struct view *v, struct view *pv)
{
	*pv = *v;
	pv->filter = u->filter_pane == u->rows_pane && u->filter[0] != '\0' ?
	    u->filter : NULL;
	pv->sel = -1;
	pv->rows = NULL;
}

static int
rows(const struct ui *u, const struct view *v)
{
	const struct pane_ops *p = panes[u->rows_pane];
	const struct gate_result *r = view_result(v, p->gate, NULL);
	struct pane_row pr;
	struct view pv;
	int n = 0;

	pane_view(u, v, &pv);
	while (r != NULL && p->row != NULL && p->row(&pv, r, n, &pr) == 0)
		n++;
	return n;
}

/* Row i into pr: 0, or -1 when there is no such row. */
static int
row_of(const struct ui *u, const struct view *v, int i, struct pane_row *pr)
{
	const struct pane_ops *p = panes[u->rows_pane];
	const struct gate_result *r = view_result(v, p->gate, NULL);
	struct view pv;

	pane_view(u, v, &pv);
	return r != NULL && p->row != NULL ? p->row(&pv, r, i, pr) : -1;
}

static void
geometry(struct box *b)
{
	dialog_box(b, LINES - 2, COLS - 4);
}

static void
draw(const struct ui *u, const struct view *v)
{
	const struct pane_ops *p = panes[u->rows_pane];
	int n = rows(u, v), page, top;
	struct pane_row pr;
	char title[160];
	struct box b;

	geometry(&b);
	snprintf(title, sizeof title, "%s: all %d %s%s%s%s", p->title, n,
	    p->rows_name, u->filter_pane == u->rows_pane && u->filter[0] ?
	    " matching '" : "", u->filter_pane == u->rows_pane &&
	    u->filter[0] ? u->filter : "", u->filter_pane == u->rows_pane &&
	    u->filter[0] ? "'" : "");
	draw_frame(&b, title, 1);
	page = b.h - 3;
	top = u->rows_sel - page + 1 > 0 ? u->rows_sel - page + 1 : 0;
	for (int i = 0; i < page && row_of(u, v, top + i, &pr) == 0; i++) {
		int sel = top + i == u->rows_sel, used = 0;

		if (pr.mark[0] != '\0')
			used = draw_text(b.y + 1 + i, b.x + 2, 5, sel ?
			    ROLE_SELECTED : pr.mark_role, pr.mark) + 1;
		draw_text(b.y + 1 + i, b.x + 2 + used, b.w - 4 - used, sel ?
		    ROLE_SELECTED : pr.role, pr.text);
	}
	draw_textf(b.y + b.h - 1, b.x + 2, b.w - 4, ROLE_DIM, " %d/%d · %s"
	    KEY_LIST_HINT " ", n > 0 ? u->rows_sel + 1 : 0, n,
	    row_of(u, v, u->rows_sel, &pr) == 0 && pr.source[0] != '\0' ?
	    "Enter replay this source · " : "");
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	struct pane_row pr;
	struct box b;

	(void)m;
	geometry(&b);
	if ((key == '\r' || key == '\n' || key == KEY_ENTER) &&
	    row_of(u, v, u->rows_sel, &pr) == 0 && pr.source[0] != '\0') {
		dialog_replay_open_source(u, v, pr.source);
		return 1;
	}
	return key_list_move(key, &u->rows_sel, rows(u, v), b.h - 3);
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	struct pane_row pr;

	if (row_of(u, v, i, &pr) != 0)
		pr.text[0] = pr.mark[0] = '\0';
	snprintf(buf, len, "%s %s", pr.mark, pr.text);
	return buf;
}

static int
row_at(const struct ui *u, const struct view *v)
{
	(void)v;
	return u->rows_sel;
}

static void
row_go(struct ui *u, const struct view *v, int i)
{
	(void)v;
	u->rows_sel = i;
}

static const struct list_ops list = { rows, row_text, row_at, row_go,
	NULL };

void
dialog_rows_open(struct ui *u, int pane, int sel)
{
	u->rows_pane = pane;
	u->rows_sel = sel > 0 ? sel : 0;
	dialog_set(u, DLG_ROWS);
}

const struct dialog_ops dialog_rows = {
	"pane rows", KA_NONE, NULL, draw, key_in, NULL, &list
};
