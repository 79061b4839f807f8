/* The go/no-go checklist of runbook section 6. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "signoff.h"
#include "ui/ui.h"

static const char *const items[4] = {
	"gate:ingest-processing = PASS (F-03)",
	"gate:ingest-dlq-growth = PASS (F-04)",
	"quality:phase2 = PASS (F-05)",
	"no failed stage in release:evidence",
};

const char *
checklist_decision(const struct view *v, enum verdict out[4], int have[4])
{
	static const enum gate_id gates[3] = { GATE_PROCESSING, GATE_DLQ_GROWTH,
	    GATE_QUALITY };
	const struct shared_result *ev = v->snap->res[GATE_EVIDENCE];
	int bad = 0, missing = 0;

	for (int i = 0; i < 3; i++) {
		const struct gate_result *r = view_result(v, gates[i], NULL);

		have[i] = r != NULL;
		out[i] = r != NULL ? r->verdict : VERDICT_SKIPPED;
		if (!have[i])
			missing++;
		else if (out[i] != VERDICT_PASS)
			bad += out[i] == VERDICT_FAIL || out[i] == VERDICT_ERROR;
	}
	have[3] = ev != NULL;
	out[3] = VERDICT_SKIPPED;
	if (ev != NULL) {
		out[3] = strcmp(ev->r->decision, "GO") == 0 ? VERDICT_PASS :
		    VERDICT_FAIL;
		bad += out[3] == VERDICT_FAIL;
	} else
		missing++;
	if (bad > 0)
		return "NO-GO";
	if (missing > 0)
		return "PENDING";
	for (int i = 0; i < 4; i++)
		if (out[i] != VERDICT_PASS)
			return "PENDING";
	return "GO";
}

void
dialog_checklist_draw(const struct ui *u, const struct view *v)
{
	enum verdict vs[4];
	int have[4];
	const char *d = checklist_decision(v, vs, have);
	struct signoff_view so;
	char *cause = NULL;
	int have_so = v->s->batch != NULL &&
	    signoff_view_load(v->s->reports_dir, v->s->batch, &so, &cause) == 0;
	struct box b;

	(void)u;
	free(cause);
	dialog_box(&b, 11 + (have_so ? 3 + (int)(so.n < 4 ? so.n : 4) : 0), 66);
	draw_frame(&b, "Go / no-go (runbook 6)", 1);
	for (int i = 0; i < 4; i++) {
		draw_textf(b.y + 2 + i, b.x + 2, 4, ROLE_NORMAL, "%d.", i + 1);
		draw_text(b.y + 2 + i, b.x + 5, 40, ROLE_NORMAL, items[i]);
		if (have[i])
			draw_verdict(b.y + 2 + i, b.x + 46, b.w - 48, vs[i], NULL);
		else
			draw_text(b.y + 2 + i, b.x + 46, b.w - 48, ROLE_DIM,
			    i == 3 ? "not run (E)" : "no data");
	}
	draw_text(b.y + 7, b.x + 2, 10, ROLE_NORMAL, "Decision:");
	draw_text(b.y + 7, b.x + 12, b.w - 14, strcmp(d, "GO") == 0 ? ROLE_PASS :
	    strcmp(d, "NO-GO") == 0 ? ROLE_FAIL : ROLE_WARN, d);
	if (strcmp(d, "NO-GO") == 0)
		draw_text(b.y + 8, b.x + 2, b.w - 4, ROLE_NORMAL,
		    "Batch HOLD; escalate to Tech Lead + Backend Lead (runbook 8).");
	else if (!have[3])
		draw_text(b.y + 8, b.x + 2, b.w - 4, ROLE_DIM,
		    "Press E for the release evidence before sign-off.");
	if (have_so) {
		int y = b.y + 10;
		size_t first = so.n > 4 ? so.n - 4 : 0;

		draw_textf(y++, b.x + 2, b.w - 4, ROLE_TITLE, "Sign-off "
		    "(batch %s): %zu on the latest evidence", so.status != NULL ?
		    so.status : "no status", so.n);
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
}
