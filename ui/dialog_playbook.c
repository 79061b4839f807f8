/* The playbook dialog: an entry's steps; Enter runs a step's live check and
 * its answer and time appear beside the step. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor.h"
#include "monitor/step_vars.h"
#include "ui/ui.h"

/* It opens on the focused pane's code; nothing to show without one. */
static int
open_code(struct ui *u, const struct view *v)
{
	const struct pane_ops *p = panes[u->focus];
	const struct gate_result *r = view_result(v, p->gate, NULL);

	if (r == NULL || r->code == CODE_NONE) {
		snprintf(u->message, sizeof u->message, "%s: no failure code, "
		    "nothing to troubleshoot", p->title);
		return -1;
	}
	snprintf(u->pb_code, sizeof u->pb_code, "%s", code_name(r->code));
	u->pb_step = 0;
	return 0;
}

/* Issue 26: "steps done in the last session: 1, 2 (by dina, 02:14)". */
static int
draw_handover(const struct mon_snapshot *s, const char *code, int y,
    const struct box *b)
{
	for (int i = 0; i < s->nhandover; i++) {
		const struct mon_handover *h = &s->handover[i];
		char at[16], line[200];
		struct tm tm;

		if (strcmp(h->code, code) != 0)
			continue;
		localtime_r(&h->at, &tm);
		strftime(at, sizeof at, "%H:%M", &tm);
		snprintf(line, sizeof line, "steps done in the last session: %s "
		    "(by %s, %s)", h->steps, h->by, at);
		return draw_wrap(y, b->x + 2, b->w - 4, 2, 0, ROLE_WARN, line);
	}
	return 0;
}

static void
draw(const struct ui *u, const struct view *v)
{
	const struct playbook_entry *e = playbook_find(u->pb, u->pb_code);
	const struct mon_live *live = &v->snap->live;
	struct box b;
	struct step_vars sv;
	int y;

	/* The steps as they run here: batch and source filled (the core's). */
	step_vars_of_snapshot(v->snap, v->s, &sv);
	dialog_box(&b, LINES - 4, COLS - 8);
	draw_frame(&b, u->lang == LANG_ID ? "Playbook (id)" : "Playbook (en)", 1);
	if (e == NULL) {
		draw_textf(b.y + 2, b.x + 2, b.w - 4, ROLE_NORMAL,
		    "No playbook entry for %s.", u->pb_code);
		return;
	}
	const struct playbook_text *t = &e->lang[u->lang];

	{
		char title[400];

		snprintf(title, sizeof title, "%s — %s", e->code, t->title);
		draw_wrap(b.y + 1, b.x + 2, b.w - 4, 1, 0, ROLE_TITLE, title);
	}
	y = b.y + 2;
	/* The why and the steps wrap on words: nothing is cut at the edge. */
	y += draw_wrap(y, b.x + 2, b.w - 4, 4, 0, ROLE_NORMAL, t->why);
	y += draw_handover(v->snap, e->code, y, &b);
	y++;
	for (size_t i = 0; i < t->nsteps && y < b.y + b.h - 2; i++) {
		const struct playbook_step *st = &t->steps[i];
		int sel = (int)i == u->pb_step;
		char text[1024];

		char *filled = playbook_fill(st->text, &sv.v);

		snprintf(text, sizeof text, "%s%zu. %s", sel ? "> " : "  ", i + 1,
		    filled);
		free(filled);
		y += draw_wrap(y, b.x + 2, b.w - 4, b.y + b.h - 2 - y, 0,
		    sel ? ROLE_SELECTED : ROLE_NORMAL, text);
		if (st->check != LIVE_NONE && y < b.y + b.h - 2) {
			if (strcmp(live->code, e->code) == 0 &&
			    live->step == (int)i) {
				struct tm tm;
				char at[16], res[400];

				localtime_r(&live->at, &tm);
				strftime(at, sizeof at, "%H:%M:%S", &tm);
				snprintf(res, sizeof res, "%s %s  %s", live->ok ?
				    "✓" : "✗", at, live->text);
				y += draw_wrap(y, b.x + 7, b.w - 9,
				    b.y + b.h - 2 - y, 0, live->ok ? ROLE_PASS :
				    ROLE_FAIL, res);
			} else {
				char lc[200];

				snprintf(lc, sizeof lc, "live check: %s (Enter)",
				    live_check_label(st->check));
				y += draw_wrap(y, b.x + 7, b.w - 9,
				    b.y + b.h - 2 - y, 0, ROLE_DIM, lc);
			}
		}
	}
	draw_text(b.y + b.h - 2, b.x + 2, b.w - 4, ROLE_DIM,
	    v->snap->busy ? "running…   Enter run check · space done · L language · " KEY_LIST_HINT :
	    "Enter run check · space done · L language · " KEY_LIST_HINT);
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	const struct playbook_entry *e = playbook_find(u->pb, u->pb_code);
	int n = e != NULL ? (int)e->lang[u->lang].nsteps : 0;

	(void)v;
	if (key_list_move(key, &u->pb_step, n, 5))
		return 1;
	switch (key) {
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (e != NULL && u->pb_step < n &&
		    e->lang[u->lang].steps[u->pb_step].check != LIVE_NONE)
			monitor_live_check(m, e->lang[u->lang].steps[u->pb_step].check,
			    e->code, u->pb_step);
		else
			snprintf(u->message, sizeof u->message,
			    "this step has no live check");
		return 1;
	case ' ':	/* checked off by hand, kept for the next session */
		if (e == NULL || u->pb_step >= n)
			return 1;
		monitor_note(m, "step", e->code, u->pb_step);
		snprintf(u->message, sizeof u->message, "step %d checked off "
		    "(recorded for the next session)", u->pb_step + 1);
		return 1;
	}
	return 0;
}

/* Its rows for the '/' find (ui/list_find.c): the steps as shown, filled
 * with the live data. */
static int
rows(const struct ui *u, const struct view *v)
{
	const struct playbook_entry *e = playbook_find(u->pb, u->pb_code);

	(void)v;
	return e != NULL ? (int)e->lang[u->lang].nsteps : 0;
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	const struct playbook_entry *e = playbook_find(u->pb, u->pb_code);
	struct step_vars sv;
	char *filled;

	step_vars_of_snapshot(v->snap, v->s, &sv);
	filled = playbook_fill(e->lang[u->lang].steps[i].text, &sv.v);
	snprintf(buf, len, "%s", filled);
	free(filled);
	return buf;
}

static int
row_at(const struct ui *u, const struct view *v)
{
	(void)v;
	return u->pb_step;
}

static void
row_go(struct ui *u, const struct view *v, int i)
{
	(void)v;
	u->pb_step = i;
}

static const struct list_ops steps = { rows, row_text, row_at, row_go,
	NULL };

const struct dialog_ops dialog_playbook = {
	"playbook", KA_PLAYBOOK, open_code, draw, key_in, NULL, &steps
};
