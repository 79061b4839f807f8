/* The go/no-go checklist of runbook section 6: each evidence stage with what
 * a go requires of it and what it is (live, or from the evidence on disk),
 * the decision, the batch status on disk and the sign-offs. The stages, the
 * decision, its words and the next step come from the core
 * (src/monitor/gonogo.c, decision.c, signoff.c); this file only lays them
 * out. Everything wraps in full; when it is taller than the screen, arrows,
 * PgUp/PgDn and Home/End scroll. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/gonogo.h"
#include "release/decision.h"
#include "release/signoff.h"
#include "ui/ui.h"
#include "core/util.h"

#define CK_W 90
#define CK_LINES 64

/* One line of the checklist before layout: text, role and indent. */
struct ck_line {
	char text[1024];
	enum role role;
	int indent;
};

struct ck_doc {
	struct ck_line l[CK_LINES];
	int n;
};

static void
add(struct ck_doc *d, enum role r, int indent, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(struct ck_doc *d, enum role r, int indent, const char *fmt, ...)
{
	va_list ap;

	if (d->n == CK_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(d->l[d->n].text, sizeof d->l[0].text, fmt, ap);
	va_end(ap);
	d->l[d->n].role = r;
	d->l[d->n++].indent = indent;
}

/* The sign-offs of the latest evidence and what is still missing (SPEC
 * section 11): the core's answer. */
static void
add_signoffs(struct ck_doc *d, const struct view *v)
{
	struct signoff_view so;
	char *cause = NULL;

	if (v->s->batch == NULL || signoff_view_load(v->s->reports_dir,
	    v->s->batch, &so, &cause) != 0) {
		free(cause);
		return;
	}
	add(d, ROLE_NORMAL, 0, " ");
	add(d, ROLE_TITLE, 0, "Sign-off: %zu on the latest evidence", so.n);
	for (size_t i = 0; i < so.n; i++)
		add(d, ROLE_NORMAL, 2, "%s", so.lines[i]);
	if (so.problem != NULL)
		add(d, ROLE_FAIL, 0, "%s", so.problem);
	else if (*so.missing != '\0')
		add(d, ROLE_WARN, 0, "Missing: %s", so.missing);
	else
		add(d, ROLE_PASS, 0, "Nothing missing.");
	signoff_view_free(&so);
}

static void
build(struct ck_doc *d, const struct view *v)
{
	int qs = !v->s->run_quality;
	struct gonogo g;
	char *why;

	gonogo_of(v->snap, qs, &g);
	d->n = 0;
	add(d, ROLE_DIM, 0, "%-22s%-17s%s", "stage", "required", "actual");
	for (size_t i = 0; i < g.n; i++) {
		const struct gate_def *gd = gate_def_get(g.st[i].gate);
		char fid[32];

		snprintf(fid, sizeof fid, "%s %s", gd->fid, gd->name);
		if (!g.st[i].have)
			add(d, ROLE_DIM, 0, "%-22s%-17s%s", fid,
			    decision_required(g.st[i].gate, qs), "not run");
		else
			add(d, tty_verdict_role(g.st[i].verdict), 0,
			    "%-22s%-17s%s%s%s%s", fid,
			    decision_required(g.st[i].gate, qs),
			    verdict_name(g.st[i].verdict), g.st[i].code ? " " :
			    "", code_name(g.st[i].code), g.from_disk[i] ?
			    "  (evidence on disk)" : "");
	}
	add(d, ROLE_NORMAL, 0, " ");
	add(d, g.decision == DECISION_GO ? ROLE_PASS : g.decision ==
	    DECISION_NO_GO ? ROLE_FAIL : ROLE_WARN, 0, "Decision: %s",
	    g.decision_name);
	why = gonogo_explain(&g, v->snap, v->s->batch, qs);
	add(d, ROLE_NORMAL, 0, "%s", why);
	free(why);
	why = gonogo_status_text(&g, v->snap, v->s->batch);
	add(d, g.hold ? ROLE_ALERT : ROLE_DIM, 0, "%s", why);
	free(why);
	if (!v->snap->disk.have_evidence && v->snap->res[GATE_EVIDENCE] == NULL)
		add(d, ROLE_DIM, 0, "Press E for the release evidence before "
		    "sign-off.");
	add_signoffs(d, v);
}

/* The lines the document takes at width w. */
static int
doc_lines(const struct ck_doc *d, int w)
{
	int n = 0;

	for (int i = 0; i < d->n; i++)
		n += draw_wrap_lines(w - d->l[i].indent, d->l[i].text);
	return n;
}

static void
geometry(const struct ck_doc *d, struct box *b)
{
	int w = CK_W < COLS - 2 ? CK_W : COLS - 2;

	dialog_box(b, doc_lines(d, w - 4) + 4, w);
}

static void
draw(const struct ui *u, const struct view *v)
{
	struct ck_doc *d = calloc(1, sizeof *d);
	struct box b;
	int y, skip, rows, total;

	if (d == NULL)
		return;
	build(d, v);
	geometry(d, &b);
	draw_frame(&b, "Go / no-go (runbook 6)", 1);
	rows = b.h - 3;
	total = doc_lines(d, b.w - 4);
	skip = u->ck_top;
	y = b.y + 1;
	for (int i = 0; i < d->n && y < b.y + 1 + rows; i++) {
		int w = b.w - 4 - d->l[i].indent;
		int l = draw_wrap_lines(w, d->l[i].text);

		if (skip >= l) {
			skip -= l;
			continue;
		}
		y += draw_wrap(y, b.x + 2 + d->l[i].indent, w, b.y + 1 + rows - y,
		    skip, d->l[i].role, d->l[i].text);
		skip = 0;
	}
	(void)total;
	draw_text(b.y + b.h - 1, b.x + 2, b.w - 4, ROLE_DIM,
	    " " KEY_LIST_HINT " ");
	free(d);
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	struct ck_doc *d = calloc(1, sizeof *d);
	struct box b;
	int page, max;

	(void)m;
	if (d == NULL)
		return 0;
	build(d, v);
	geometry(d, &b);
	page = b.h - 3 > 1 ? b.h - 3 : 1;
	max = doc_lines(d, b.w - 4) - page;
	free(d);
	if (max < 0)
		max = 0;
	return key_list_move(key, &u->ck_top, max + 1, page);
}

static int
open_top(struct ui *u, const struct view *v)
{
	(void)v;
	u->ck_top = 0;
	return 0;
}

/* The document a find holds (ui/list_find.c calls hold around one find):
 * building it reads the sign-offs from disk and hashes them, once per find
 * rather than at each of the find's calls. */
static struct ck_doc *held;

static void
hold(const struct ui *u, const struct view *v, int on)
{
	(void)u;
	free(held);
	held = NULL;
	if (on) {
		held = xcalloc(1, sizeof *held);
		build(held, v);
	}
}

/* The held document, or one built now (free it with doc_done). */
static struct ck_doc *
doc_of(const struct view *v)
{
	struct ck_doc *d;

	if (held != NULL)
		return held;
	d = xcalloc(1, sizeof *d);
	build(d, v);
	return d;
}

static void
doc_done(struct ck_doc *d)
{
	if (d != held)
		free(d);
}

/* Its rows for the '/' find (ui/list_find.c): the checklist's lines. */
static int
rows(const struct ui *u, const struct view *v)
{
	struct ck_doc *d = doc_of(v);
	int n = d->n;

	(void)u;
	doc_done(d);
	return n;
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	struct ck_doc *d = doc_of(v);

	(void)u;
	snprintf(buf, len, "%s", i < d->n ? d->l[i].text : "");
	doc_done(d);
	return buf;
}

/* The wrapped lines of the rows before row i (or, for i -1, the most the
 * view can skip) on the dialog as drawn. */
static int
skip_of(const struct view *v, int i)
{
	struct ck_doc *d = doc_of(v);
	struct box b;
	int skip = 0;

	geometry(d, &b);
	if (i < 0)
		skip = doc_lines(d, b.w - 4) - (b.h - 3 > 1 ? b.h - 3 : 1);
	for (int k = 0; k < i && k < d->n; k++)
		skip += draw_wrap_lines(b.w - 4 - d->l[k].indent, d->l[k].text);
	doc_done(d);
	return skip > 0 ? skip : 0;
}

static int
row_at(const struct ui *u, const struct view *v)
{
	int i = 0, n = rows(u, v);

	while (i + 1 < n && skip_of(v, i + 1) <= u->ck_top)
		i++;
	return i;
}

static void
row_go(struct ui *u, const struct view *v, int i)
{
	int top = skip_of(v, i), max = skip_of(v, -1);

	u->ck_top = top < max ? top : max;
}

static const struct list_ops lines = { rows, row_text, row_at, row_go,
	hold };

const struct dialog_ops dialog_checklist = {
	"go/no-go checklist", KA_CHECKLIST, open_top, draw, key_in, NULL,
	&lines
};
