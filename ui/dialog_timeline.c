/* The timeline view (key T, SPEC section 11): the core's time-ordered list
 * of what changed, newest last, scrollable; the selected entry's report path
 * is shown at the bottom. Built when the view opens, from the reports on
 * disk (the core's per-folder index keeps that quick). */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "release/timeline.h"
#include "ui/ui.h"
#include "core/util.h"

static int
open_built(struct ui *u, const struct view *v)
{
	char *cause = NULL;

	dialog_timeline_close(u);
	u->tl = xcalloc(1, sizeof *u->tl);
	if (timeline_build(v->s->reports_dir, v->s->batch, 0, u->tl, &cause) != 0) {
		snprintf(u->message, sizeof u->message, "timeline: %s", cause);
		free(cause);
		free(u->tl);
		u->tl = NULL;
		return -1;
	}
	u->tl_sel = u->tl->n > 0 ? (int)u->tl->n - 1 : 0;
	return 0;
}

void
dialog_timeline_close(struct ui *u)
{
	if (u->tl != NULL) {
		timeline_free(u->tl);
		free(u->tl);
		u->tl = NULL;
	}
}

static void
draw(const struct ui *u, const struct view *v)
{
	const struct timeline *t = u->tl;
	struct box b;
	int rows, top;

	(void)v;
	dialog_box(&b, LINES - 4, COLS - 6);
	draw_frame(&b, "Timeline (newest last)", 1);
	if (t == NULL || t->n == 0) {
		draw_text(b.y + 2, b.x + 2, b.w - 4, ROLE_DIM,
		    "Nothing yet: no reports under the report root.");
		return;
	}
	rows = b.h - 5;
	top = u->tl_sel - rows + 1;
	if (top < 0)
		top = 0;
	for (int i = 0; i < rows && top + i < (int)t->n; i++) {
		const struct tl_event *e = &t->ev[top + i];
		struct tm tm;
		char at[24];
		enum role r = top + i == u->tl_sel ? ROLE_SELECTED :
		    e->kind == TL_STATUS || e->kind == TL_SIGNOFF ? ROLE_TITLE :
		    ROLE_NORMAL;

		localtime_r(&e->at, &tm);
		strftime(at, sizeof at, "%m-%d %H:%M:%S", &tm);
		draw_textf(b.y + 1 + i, b.x + 2, b.w - 4, r, "%s %-9s %s", at,
		    timeline_kind_name(e->kind), e->text);
	}
	draw_textf(b.y + b.h - 3, b.x + 2, b.w - 4, ROLE_DIM, "%d/%zu  %s",
	    u->tl_sel + 1, t->n, t->ev[u->tl_sel].report);
	draw_textf(b.y + b.h - 2, b.x + 2, b.w - 4, ROLE_DIM,
	    "Enter open · y copy path · " KEY_LIST_HINT "%s",
	    t->nwarnings > 0 ? " · some files were unreadable (see "
	    "'ingestgate timeline')" : "");
}

/* An entry's report: its path without a ":line" suffix. */
static void
entry_path(const struct ui *u, char *out, size_t len)
{
	const char *rep = u->tl != NULL && u->tl->n > 0 ?
	    u->tl->ev[u->tl_sel].report : NULL;
	char *colon;

	snprintf(out, len, "%s", rep != NULL ? rep : "");
	if ((colon = strrchr(out, ':')) != NULL && colon[1] != '\0' &&
	    strspn(colon + 1, "0123456789") == strlen(colon + 1))
		*colon = '\0';
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	char path[600];

	(void)v;
	(void)m;
	if (key == '\r' || key == '\n' || key == KEY_ENTER || key == 'y') {
		entry_path(u, path, sizeof path);
		if (key == 'y')
			ui_copy(u, path);
		else
			pager_open_file(u, path);
		return 1;
	}
	return key_list_move(key, &u->tl_sel, u->tl != NULL ? (int)u->tl->n : 0,
	    LINES - 9);
}

/* Its rows for the '/' find (ui/list_find.c): the entries as drawn, with
 * their report. */
static int
rows(const struct ui *u, const struct view *v)
{
	(void)v;
	return u->tl != NULL ? (int)u->tl->n : 0;
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	const struct tl_event *e = &u->tl->ev[i];

	(void)v;
	snprintf(buf, len, "%s %s %s", timeline_kind_name(e->kind), e->text,
	    e->report);
	return buf;
}

static int
row_at(const struct ui *u, const struct view *v)
{
	(void)v;
	return u->tl_sel;
}

static void
row_go(struct ui *u, const struct view *v, int i)
{
	(void)v;
	u->tl_sel = i;
}

static const struct list_ops entries = { rows, row_text, row_at, row_go,
	NULL };

const struct dialog_ops dialog_timeline = {
	"timeline", KA_TIMELINE, open_built, draw, key_in, NULL, &entries
};
