/* The console's header line: the batch, the host, the age of the data,
 * the report root, the flags and the go/no-go beside the batch status
 * (the core's, src/monitor/gonogo.c), keeping its facts as the terminal
 * narrows. Apart from console.c, which owns the loop. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "config/context.h"
#include "monitor/gonogo.h"
#include "ui/tty.h"
#include "ui/ui.h"

/*
 * The age of what the panes show: "refreshed 3s ago", or, when a backend
 * failed at the last refresh, how old the last good figures are, or
 * "waiting for first data (4s)" before the first refresh. Short forms for
 * a narrow terminal.
 */
static void
header_age(const struct view *v, int compact, char *out, size_t len)
{
	const struct mon_snapshot *s = v->snap;
	time_t oldest = 0;
	int stale = 0;
	char age[16];

	if (s->refreshed_at == 0) {
		draw_age(age, sizeof age, s->started_at, v->now);
		snprintf(out, len, compact ? "waiting (%s)" :
		    "waiting for first data (%s)", age);
		return;
	}
	for (int i = 0; i < PANE_COUNT; i++) {
		const struct gate_result *r = view_result(v, panes[i]->gate, NULL);
		const struct shared_result *g = s->good[panes[i]->gate];

		if (r == NULL || r->verdict != VERDICT_ERROR)
			continue;
		stale++;
		if (g != NULL && (oldest == 0 || g->at < oldest))
			oldest = g->at;
	}
	draw_age(age, sizeof age, s->refreshed_at, v->now);
	if (stale == 0) {
		snprintf(out, len, compact ? "%s ago" : "refreshed %s ago", age);
		return;
	}
	if (oldest == 0) {
		if (compact)
			snprintf(out, len, "%d failing", stale);
		else
			snprintf(out, len, "tried %s ago, %d pane%s failing", age,
			    stale, stale == 1 ? "" : "s");
		return;
	}
	draw_age(age, sizeof age, oldest, v->now);
	if (compact)
		snprintf(out, len, "STALE %s", age);
	else
		snprintf(out, len, "STALE: last good %s ago (%d pane%s failing)",
		    age, stale, stale == 1 ? "" : "s");
}

/* The report root cut from the left to at most w columns (its end, the
 * folder, is what tells roots apart), with the cut marked. */
static void
short_root(const char *root, int w, char *out, size_t len)
{
	const char *p = root;

	while (*p != '\0' && draw_width(p) > w - 1 && w > 1)
		p++;
	snprintf(out, len, "%s%s", p != root ? draw_cut_mark() : "", p);
}

/*
 * The header keeps its facts as the terminal narrows: first the product
 * name goes, then the labels, then the report root is cut from the left;
 * the batch, host and age stay; the flags and the go/no-go keep their place
 * at the right.
 */
void
header_draw(const struct ui *u, const struct view *v)
{
	const struct mon_snapshot *s = v->snap;
	struct gonogo g;
	const char *batch = v->s->batch != NULL ? v->s->batch : "(none)";
	const char *sep = " ";
	int x, form, right, dec_w, ctx_role = ROLE_HEADER;
	char age[96], line[640], ctx[80] = "", root[300], st[48];

	gonogo_of(s, !v->s->run_quality, &g);
	/* No batch status on disk: the decision alone; the replay of a
	 * recording older than the batch status says it has none. */
	snprintf(st, sizeof st, "%s%s", g.status_name != NULL ||
	    s->play.no_disk ? " · " : "", s->play.no_disk ? "status not "
	    "recorded" : g.status_name != NULL ? g.status_name : "");
	dec_w = draw_width(g.decision_name) + draw_width(st) + 1;
	right = dec_w + 1;
	if (v->s->readonly)
		right += 10;
	if (v->s->insecure)
		right += 8;
	attrset(tty_attr(ROLE_HEADER));
	mvhline(0, 0, ' ', COLS);
	attrset(A_NORMAL);
	if (v->s->context != NULL) {
		/* Production stands out: the alarm colour, and a '!' where
		 * there is no colour to tell it. */
		int prod = context_is_prod(v->s->context);

		snprintf(ctx, sizeof ctx, "%s%s", prod && (v->s->no_color ||
		    v->s->ascii || !tty_utf8()) ? "!" : "", v->s->context);
		ctx_role = prod ? ROLE_ALERT : ROLE_HEADER;
		sep = " · ";
	}
	/* -1: all and who is at the keys (the operator of any replay, the
	 * first fact to go); 0: all; 1: without the product name; 2: without
	 * labels; 3: the age in its short form too. The report root comes
	 * last, cut from the left to what is left (at least 8 columns). */
	for (form = -1; form < 4; form++) {
		int avail = COLS - right - 1 - draw_width(ctx) -
		    draw_width(form <= 0 ? " ingestgate · " : " ");
		int op = form < 0 && v->s->operator_name != NULL;

		if (form < 0 && !op)
			continue;
		header_age(v, form >= 3, age, sizeof age);
		if (form < 2)
			snprintf(line, sizeof line, "%sbatch %s · core-api %s · "
			    "%s%s%s%s · reports ", sep, batch, s->host, age,
			    u->paused ? " · PAUSED" : "", op ? " · operator " : "",
			    op ? v->s->operator_name : "");
		else
			snprintf(line, sizeof line, "%s%s · %s · %s%s · ", sep,
			    batch, s->host, age, u->paused ? " · PAUSED" : "");
		short_root(s->disk.root, avail - draw_width(line), root,
		    sizeof root);
		/* The operator goes before the root is cut at all. */
		if (draw_width(line) + draw_width(root) <= avail &&
		    (strcmp(root, s->disk.root) == 0 ||
		    (form >= 0 && draw_width(root) >= 8)))
			break;
	}
	if (form == 4)
		form = 3;
	snprintf(line + strlen(line), sizeof line - strlen(line), "%s", root);
	x = draw_text(0, 0, COLS - right - 1, ROLE_HEADER,
	    form <= 0 ? " ingestgate · " : " ");
	x += draw_text(0, x, COLS - right - 1 - x, ctx_role, ctx);
	x += draw_text(0, x, COLS - right - 1 - x, ROLE_HEADER,
	    ctx[0] != '\0' ? line : line + 1) + 1;
	if (v->s->readonly)
		x += 1 + draw_text(0, x, COLS - x, ROLE_ALERT, "READ-ONLY");
	if (v->s->insecure)
		x += 1 + draw_text(0, x, COLS - x, ROLE_ALERT, "TLS OFF");
	x = COLS - dec_w;
	x += draw_text(0, x, COLS - x, g.decision == DECISION_GO ? ROLE_PASS :
	    g.decision == DECISION_NO_GO ? ROLE_ALERT : ROLE_WARN,
	    g.decision_name);
	draw_text(0, x, COLS - x, g.alarm ? ROLE_ALERT : ROLE_HEADER, st);
}

