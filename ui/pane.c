/* The pane list (one table: layout, focus keys, titles and the tests read
 * it) and what every pane shares: frame, verdict, code, age. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui/layout.h"
#include "ui/view.h"

const struct pane_ops *const panes[PANE_COUNT] = {
	&pane_env, &pane_queue, &pane_processing, &pane_quality
};

/* The first problem a result states: what a pane shows beside an ERROR. */
static const char *
first_problem(const struct gate_result *r)
{
	for (size_t i = 0; i < r->nchecks; i++)
		if (verdict_bad(r->checks[i].verdict))
			return r->checks[i].detail;
	return r->summary != NULL ? r->summary : "";
}

void
pane_body(const struct box *b, struct box *body)
{
	/* Inside the frame, below the verdict line. */
	body->y = b->y + 2;
	body->x = b->x + 2;
	body->h = b->h - 3;
	body->w = b->w - 4;
}

/* A pane in fewer than three lines (a narrow, short terminal): no frame,
 * its key and title, verdict, code and age on one line, the first problem
 * below when there is a second line. */
static void
pane_draw_compact(const struct pane_ops *p, const struct box *b,
    const struct view *v, int focused)
{
	const struct gate_result *r;
	char line[256], age[16];
	time_t at;
	int used;

	draw_fill(b);
	r = view_result(v, p->gate, &at);
	snprintf(line, sizeof line, "%s%c %s%s ", focused ? "[" : "", p->key,
	    p->title, focused ? "]" : "");
	used = draw_text(b->y, b->x, b->w, focused ? ROLE_TITLE : ROLE_NORMAL,
	    line);
	if (r == NULL) {
		draw_text(b->y, b->x + used, b->w - used, ROLE_DIM, "waiting");
		return;
	}
	used += draw_verdict(b->y, b->x + used, b->w - used, r->verdict,
	    code_name(r->code));
	draw_age(age, sizeof age, at, v->now);
	draw_textf(b->y, b->x + used, b->w - used, ROLE_DIM, " · %s ago", age);
	if (b->h > 1 && verdict_bad(r->verdict))
		draw_text(b->y + 1, b->x + 2, b->w - 2, ROLE_NORMAL,
		    first_problem(r));
}

/* What the pane's request in flight for more than a second waits on (the
 * collector's words, issue 23 item 5), on line y; takes it from inner. */
static void
waiting_line(const struct pane_ops *p, const struct view *v, int y,
    struct box *inner)
{
	const struct mon_wait *w = &v->snap->waiting[p->gate];
	char age[16];

	if (w->what[0] == '\0' || inner->h < 1 || y >= inner->y + inner->h)
		return;
	draw_age(age, sizeof age, w->since, v->now);
	draw_textf(y, inner->x, inner->w, ROLE_WARN, "waiting on %s %s",
	    w->what, age);
	inner->y = y + 1;
	inner->h -= 1;
}

/*
 * Frame, verdict line and body. When the newest run is an ERROR (a backend
 * did not answer) and an earlier run brought figures, the error takes the
 * first lines and the body shows those figures, marked stale with their age.
 */
void
pane_draw(const struct pane_ops *p, const struct box *b, const struct view *v,
    int focused)
{
	const struct gate_result *r, *shown;
	const struct shared_result *good = v->snap->good[p->gate];
	struct box inner;
	char title[96], age[16];
	time_t at;
	int used;

	if (b->h < 3) {
		pane_draw_compact(p, b, v, focused);
		return;
	}
	/* Its focus key first: the number the operator presses. */
	snprintf(title, sizeof title, "%c %s", p->key, p->title);
	pane_body(b, &inner);
	draw_fill(b);
	draw_frame(b, title, focused);
	r = view_result(v, p->gate, &at);
	if (r == NULL) {
		draw_age(age, sizeof age, v->snap->started_at, v->now);
		draw_textf(b->y + 1, b->x + 2, b->w - 4, ROLE_DIM,
		    "waiting for first data (%s)", age);
		waiting_line(p, v, b->y + 2, &inner);
		return;
	}
	used = draw_verdict(b->y + 1, b->x + 2, b->w - 4, r->verdict,
	    code_name(r->code));
	draw_age(age, sizeof age, at, v->now);
	snprintf(title, sizeof title, " · %s ago", age);
	/* A long code leaves no room for the age: it goes on the frame. */
	if (used + draw_width(title) <= b->w - 4)
		draw_text(b->y + 1, b->x + 2 + used, b->w - 4 - used, ROLE_DIM,
		    title);
	else {
		snprintf(title, sizeof title, " %s ago ", age);
		draw_text(b->y, b->x + b->w - 2 - draw_width(title),
		    draw_width(title), ROLE_DIM, title);
	}
	shown = r;
	waiting_line(p, v, inner.y, &inner);
	if (r->verdict == VERDICT_ERROR && good != NULL && good->r != r &&
	    inner.h > 2) {
		/* The error in full: the figures below it can wait. */
		int n = draw_wrap(inner.y, inner.x, inner.w, inner.h - 2, 0,
		    ROLE_ERROR, first_problem(r));

		inner.y += n;
		inner.h -= n;
		draw_age(age, sizeof age, good->at, v->now);
		used = draw_textf(inner.y, inner.x, inner.w, ROLE_WARN,
		    "STALE %s: last good ", age);
		draw_verdict(inner.y, inner.x + used, inner.w - used,
		    good->r->verdict, code_name(good->r->code));
		inner.y++;
		inner.h--;
		shown = good->r;
	}
	if (inner.h > 0 && inner.w > 0)
		p->draw(&inner, v, shown);
}

void
panes_resize(int cols, int lines)
{
	struct box b;

	for (int i = 0; i < PANE_COUNT; i++)
		if (panes[i]->resize != NULL &&
		    layout_pane(i, PANE_COUNT, cols, lines, &b) == 0)
			panes[i]->resize(&b);
}
