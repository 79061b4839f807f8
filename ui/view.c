/* What panes and dialogs read from the view: the newest result of a gate,
 * its metrics, the '/' filter. Apart from pane.c so that pane.c (which calls
 * the panes) and the panes (which call these) are no import circle. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui/view.h"

const struct gate_result *
view_result(const struct view *v, enum gate_id id, time_t *at)
{
	return snapshot_result(v->snap, id, at);
}

int
view_match(const struct view *v, const char *text)
{
	size_t n;

	if (v->filter == NULL || *v->filter == '\0')
		return 1;
	if (text == NULL)
		return 0;
	n = strlen(v->filter);
	for (const char *p = text; *p != '\0'; p++)
		if (strncasecmp(p, v->filter, n) == 0)
			return 1;
	return 0;
}

int
view_filter_line(const struct view *v, const struct box *b, int y,
    size_t shown, size_t total)
{
	if (v->filter == NULL || y >= b->y + b->h)
		return 0;
	draw_textf(y, b->x, b->w, ROLE_WARN, "filter '%s': %zu of %zu "
	    "(Esc clears)", v->filter, shown, total);
	return 1;
}

const struct kv *
view_metric(const struct gate_result *r, const char *key)
{
	return r != NULL ? kv_get(&r->metrics, key) : NULL;
}

long long
view_int(const struct gate_result *r, const char *key)
{
	return r != NULL ? kv_int_or(&r->metrics, key, 0) : 0;
}

/* Row i's line at y: its mark, then its text. */
static void
row_line(const struct pane_row *pr, const struct box *b, int y, int sel)
{
	int used = 0;

	if (pr->mark[0] != '\0')
		used = draw_text(y, b->x, 5, sel ? ROLE_SELECTED : pr->mark_role,
		    pr->mark) + 1;
	draw_text(y, b->x + used, b->w - used, sel ? ROLE_SELECTED : pr->role,
	    pr->text);
}

int
view_rows_draw(const struct box *b, const struct view *v,
    const struct pane_ops *p, const struct gate_result *r, int y, int end)
{
	struct pane_rows seen = { 0, 0, { 0 }, -1 };
	struct pane_row pr;

	while (p->row(v, r, seen.n, &pr) == 0)
		seen.n++;
	for (int i = 0; i < seen.n && y < end; i++) {
		/* The last line left says what does not fit. */
		if (y == end - 1 && i < seen.n - 1) {
			seen.more_y = y;
			draw_textf(y++, b->x, b->w, v->sel >= i ? ROLE_SELECTED :
			    ROLE_DIM, "… %d more %s (↓ Enter, z: all)",
			    seen.n - i, p->rows_name);
			break;
		}
		p->row(v, r, i, &pr);
		row_line(&pr, b, y, v->sel == i);
		if (i < PANE_ROWS_SHOWN)
			seen.y[i] = y;
		seen.shown = i + 1;
		y++;
	}
	if (v->rows != NULL)
		*v->rows = seen;
	return y;
}
