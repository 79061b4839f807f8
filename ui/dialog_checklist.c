/* The go/no-go checklist of runbook section 6: each evidence stage with what
 * a go requires of it and what it is, and the decision. The decision and its
 * words come from the core (decision.c); this file only gathers and draws. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "release/batch_status.h"
#include "release/decision.h"
#include "release/signoff.h"
#include "ui/ui.h"

size_t
checklist_stages(const struct view *v, struct decision_stage *st)
{
	/* The evidence's stages, from the registry. */
	const struct gate_def *ev = gate_def_get(GATE_EVIDENCE);

	for (int i = 0; i < ev->nstages; i++) {
		const struct gate_result *r = view_result(v, ev->stages[i],
		    NULL);

		st[i].gate = ev->stages[i];
		st[i].have = r != NULL;
		st[i].verdict = r != NULL ? r->verdict : VERDICT_SKIPPED;
		st[i].code = r != NULL ? r->code : CODE_NONE;
	}
	return (size_t)ev->nstages;
}

/* Text wrapped on spaces over up to max lines; returns the lines used. */
static int
draw_wrapped(int y, int x, int w, int max, enum role role, const char *p)
{
	int n = 0;

	while (*p != '\0' && n < max) {
		int len = (int)strlen(p), cut = len;
		char line[256];

		if (len > w) {
			cut = w;
			while (cut > 0 && p[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = w;
		}
		if (cut >= (int)sizeof line)
			cut = (int)sizeof line - 1;
		memcpy(line, p, (size_t)cut);
		line[cut] = '\0';
		draw_text(y + n++, x, w, role, line);
		p += cut;
		while (*p == ' ')
			p++;
	}
	return n;
}

static void
draw(const struct ui *u, const struct view *v)
{
	struct decision_stage st[GATE_STAGES_MAX];
	size_t n = checklist_stages(v, st);
	int qs = !v->s->run_quality, y, hold = 0;
	const struct shared_result *ev = v->snap->res[GATE_EVIDENCE];
	enum decision d = decision_decide(st, n, qs);
	char *why, *cause = NULL;
	struct box b;
	struct signoff_view so;
	int have_so = v->s->batch != NULL &&
	    signoff_view_load(v->s->reports_dir, v->s->batch, &so, &cause) == 0;

	(void)u;
	free(cause);
	if (ev != NULL)
		hold = batch_status_is_hold(ev->r->batch_status);
	why = decision_explain(d, st, n, qs, hold);
	dialog_box(&b, 19 + (have_so ? 3 + (int)(so.n < 4 ? so.n : 4) : 0), 90);
	draw_frame(&b, "Go / no-go (runbook 6)", 1);
	y = b.y + 2;
	draw_text(y, b.x + 2, 22, ROLE_DIM, "stage");
	draw_text(y, b.x + 24, 17, ROLE_DIM, "required");
	draw_text(y++, b.x + 41, b.w - 43, ROLE_DIM, "actual");
	for (size_t i = 0; i < n; i++, y++) {
		const struct gate_def *g = gate_def_get(st[i].gate);

		draw_textf(y, b.x + 2, 22, ROLE_NORMAL, "%s %s", g->fid, g->name);
		draw_text(y, b.x + 24, 17, ROLE_NORMAL,
		    decision_required(st[i].gate, qs));
		if (st[i].have)
			draw_verdict(y, b.x + 41, b.w - 43, st[i].verdict,
			    code_name(st[i].code));
		else
			draw_text(y, b.x + 41, b.w - 43, ROLE_DIM, "not run");
	}
	y++;
	draw_text(y, b.x + 2, 10, ROLE_NORMAL, "Decision:");
	draw_text(y++, b.x + 12, b.w - 14, d == DECISION_GO ? ROLE_PASS :
	    d == DECISION_NO_GO ? ROLE_FAIL : ROLE_WARN, decision_name(d));
	y += draw_wrapped(y, b.x + 2, b.w - 4, 4, ROLE_NORMAL, why);
	if (ev != NULL && ev->r->batch_status != NULL)
		draw_textf(y, b.x + 2, b.w - 4, hold ? ROLE_ALERT : ROLE_DIM,
		    "Batch status %s: %s", ev->r->batch_status,
		    ev->r->batch_status_path != NULL ?
		    ev->r->batch_status_path : "");
	else if (ev == NULL)
		draw_text(y, b.x + 2, b.w - 4, ROLE_DIM,
		    "Press E for the release evidence before sign-off.");
	/* The sign-offs of the latest evidence and what is still missing
	 * (SPEC section 11): the core's answer, drawn. */
	if (have_so) {
		size_t first = so.n > 4 ? so.n - 4 : 0;

		y += 2;
		draw_textf(y++, b.x + 2, b.w - 4, ROLE_TITLE, "Sign-off: %zu "
		    "on the latest evidence", so.n);
		for (size_t i = first; i < so.n; i++)
			draw_text(y++, b.x + 4, b.w - 6, ROLE_NORMAL, so.lines[i]);
		if (so.problem != NULL)
			draw_text(y, b.x + 2, b.w - 4, ROLE_FAIL, so.problem);
		else if (*so.missing != '\0')
			draw_textf(y, b.x + 2, b.w - 4, ROLE_WARN, "Missing: %s",
			    so.missing);
		else
			draw_text(y, b.x + 2, b.w - 4, ROLE_PASS,
			    "Nothing missing.");
		signoff_view_free(&so);
	}
	free(why);
}

const struct dialog_ops dialog_checklist = {
	"go/no-go checklist", KA_CHECKLIST, NULL, draw, NULL, NULL
};
