/* The history dialog ('h'): every gate run of the session, newest first,
 * with its verdict, decision and full report paths wrapped on '/', never
 * cut. Arrows, PgUp/PgDn, Home/End scroll. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "release/batch_status.h"
#include "ui/ui.h"

/* One run's lines; drawn from line skip on into at most max lines at y, or
 * only counted when draw is 0. Returns the lines it takes (from skip). */
static int
run_lines(const struct mon_run *e, int draw, int y, int x, int w, int skip,
    int max)
{
	const struct gate_def *g = gate_def_get(e->gate);
	char head[256], md[600], js[600], at[16];
	const char *texts[4];
	enum role roles[4];
	int n = 0, total = 0;
	struct tm tm;

	localtime_r(&e->at, &tm);
	strftime(at, sizeof at, "%H:%M:%S", &tm);
	snprintf(head, sizeof head, "%s%s %s%s%s %s%s%s%s%s%s", e->stage ?
	    "  stage " : "", at, g->fid ? g->fid : "", g->fid ? " " : "",
	    g->name, verdict_name(e->verdict), e->code ? " " : "",
	    code_name(e->code), e->decision[0] ? " · " : "", e->decision,
	    batch_status_is_hold(e->batch_status) ? ", batch HOLD" : "");
	texts[n] = head;
	roles[n++] = tty_verdict_role(e->verdict);
	if (e->report_md[0] != '\0') {
		snprintf(md, sizeof md, "%s    md   %s", e->stage ? "  " : "",
		    e->report_md);
		texts[n] = md;
		roles[n++] = ROLE_NORMAL;
	}
	if (e->report_json[0] != '\0') {
		snprintf(js, sizeof js, "%s    json %s", e->stage ? "  " : "",
		    e->report_json);
		texts[n] = js;
		roles[n++] = ROLE_DIM;
	}
	if (e->error[0] != '\0') {
		texts[n] = e->error;
		roles[n++] = ROLE_ERROR;
	}
	for (int i = 0; i < n; i++) {
		int l = draw_wrap_lines(w, texts[i]);

		if (draw && total + l > skip && max > 0) {
			int from = skip > total ? skip - total : 0;
			int d = draw_wrap(y, x, w, max, from, roles[i], texts[i]);

			y += d;
			max -= d;
		}
		total += l;
	}
	return total;
}

static int
all_lines(const struct mon_snapshot *s, int w)
{
	int n = 0;

	for (int i = 0; i < s->nruns; i++)
		n += run_lines(&s->runs[i], 0, 0, 0, w, 0, 0);
	return n;
}

static void
geometry(struct box *b)
{
	dialog_box(b, LINES - 2, COLS - 4);
}

static void
draw_runs(const struct ui *u, const struct view *v)
{
	const struct mon_snapshot *s = v->snap;
	struct box b;
	int w, h, y, skip;

	geometry(&b);
	draw_frame(&b, "History of gate runs", 1);
	w = b.w - 4;
	h = b.h - 3;
	if (s->nruns == 0) {
		draw_wrap(b.y + 2, b.x + 2, w, h, 0, ROLE_DIM, "No gate run yet "
		    "in this session: e s a p d c r E run one.");
		draw_text(b.y + b.h - 1, b.x + 2, w, ROLE_DIM, " Esc close ");
		return;
	}
	/* Newest first: walk the runs from the end, skipping hist_top lines.
	 * A composite run's stages come after it in the list. */
	skip = u->hist_top;
	y = b.y + 1;
	for (int i = s->nruns - 1; i >= 0 && y < b.y + 1 + h; i--) {
		int first = i, n = 0;

		while (first > 0 && s->runs[first].stage)
			first--;
		for (int k = first; k <= i && y < b.y + 1 + h; k++) {
			int l = run_lines(&s->runs[k], 0, 0, 0, w, 0, 0);

			if (skip >= l) {
				skip -= l;
				continue;
			}
			n = run_lines(&s->runs[k], 1, y, b.x + 2, w, skip,
			    b.y + 1 + h - y);
			y += n;
			skip = 0;
		}
		i = first;
	}
	draw_textf(b.y + b.h - 1, b.x + 2, w, ROLE_DIM, " %d run%s · "
	    "Enter open the top run's report · y copy · " KEY_LIST_HINT " ",
	    s->nruns, s->nruns == 1 ?
	    "" : "s");
}

/* The run whose lines are at the top of the view (newest first, as
 * drawn), or -1. */
static int
run_at_top(const struct ui *u, const struct mon_snapshot *s, int w)
{
	int skip = u->hist_top;

	for (int i = s->nruns - 1; i >= 0; i--) {
		int first = i;

		while (first > 0 && s->runs[first].stage)
			first--;
		for (int k = first; k <= i; k++) {
			int l = run_lines(&s->runs[k], 0, 0, 0, w, 0, 0);

			if (skip < l)
				return k;
			skip -= l;
		}
		i = first;
	}
	return -1;
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	struct box b;
	int page, max;

	(void)m;
	geometry(&b);
	page = b.h - 3 > 1 ? b.h - 3 : 1;
	max = all_lines(v->snap, b.w - 4) - page;
	if (max < 0)
		max = 0;
	if (key == '\r' || key == '\n' || key == KEY_ENTER || key == 'y') {
		int k = run_at_top(u, v->snap, b.w - 4);
		const char *path = k < 0 ? "" : v->snap->runs[k].report_md;

		if (key == 'y')
			ui_copy(u, path);
		else
			pager_open_file(u, path);
		return 1;
	}
	return key_list_move(key, &u->hist_top, max + 1, page);
}

/* It opens at the newest run's top. */
static int
open_at_top(struct ui *u, const struct view *v)
{
	(void)v;
	u->hist_top = 0;
	return 0;
}

/* The runs in the order drawn (newest first, a composite before its
 * stages) into order[]; returns how many. */
static int
drawn_order(const struct mon_snapshot *s, int *order)
{
	int n = 0;

	for (int i = s->nruns - 1; i >= 0; i--) {
		int first = i;

		while (first > 0 && s->runs[first].stage)
			first--;
		for (int k = first; k <= i; k++)
			order[n++] = k;
		i = first;
	}
	return n;
}

/* Its rows for the '/' find (ui/list_find.c): the runs as drawn, each with
 * its verdict, code, decision, error and report paths. */
static int
rows(const struct ui *u, const struct view *v)
{
	(void)u;
	return v->snap->nruns;
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	int order[MON_RUNS];
	const struct mon_run *e;
	const struct gate_def *g;

	(void)u;
	drawn_order(v->snap, order);
	e = &v->snap->runs[order[i]];
	g = gate_def_get(e->gate);
	snprintf(buf, len, "%s %s %s %s %s %s %s %s", g->fid ? g->fid : "",
	    g->name, verdict_name(e->verdict), code_name(e->code), e->decision,
	    e->error, e->report_md, e->report_json);
	return buf;
}

static int
row_at(const struct ui *u, const struct view *v)
{
	int order[MON_RUNS], n = drawn_order(v->snap, order), k;
	struct box b;

	geometry(&b);
	k = run_at_top(u, v->snap, b.w - 4);
	for (int i = 0; i < n; i++)
		if (order[i] == k)
			return i;
	return 0;
}

/* Row i at the top: the lines of the runs drawn above it skipped. */
static void
row_go(struct ui *u, const struct view *v, int i)
{
	int order[MON_RUNS], skip = 0, max;
	struct box b;

	geometry(&b);
	drawn_order(v->snap, order);
	for (int k = 0; k < i; k++)
		skip += run_lines(&v->snap->runs[order[k]], 0, 0, 0, b.w - 4,
		    0, 0);
	max = all_lines(v->snap, b.w - 4) - (b.h - 3 > 1 ? b.h - 3 : 1);
	u->hist_top = skip < max ? skip : max > 0 ? max : 0;
}

static const struct list_ops runs = { rows, row_text, row_at, row_go,
	NULL };

const struct dialog_ops dialog_history = {
	"history", KA_HISTORY, open_at_top, draw_runs, key_in, NULL, &runs
};
