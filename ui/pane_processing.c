/* Pane 3: F-03 processing: the success rate beside its thresholds, its
 * history over the session, the failing source and the error messages. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/view.h"

/* The message of finding i when it is a top error message, else NULL. */
static const struct kv *
top_error(const struct gate_result *r, size_t i)
{
	const struct kvlist *f = &r->findings[i].fields;
	const struct kv *kind = kv_get(f, "kind");
	const struct kv *msg = kv_get(f, "errorMessage");

	if (kind == NULL || kind->type != VAL_STR ||
	    strcmp(kind->s, "topError") != 0 || msg == NULL ||
	    msg->type != VAL_STR)
		return NULL;
	return msg;
}

/* Row i of the top error messages under the filter, each with the source
 * it came from. */
static int
row(const struct view *v, const struct gate_result *r, int i,
    struct pane_row *out)
{
	for (size_t k = 0; k < r->nfindings; k++) {
		const struct kv *msg = top_error(r, k);
		const struct kv *n, *from;

		if (msg == NULL || !view_match(v, msg->s) || i-- > 0)
			continue;
		n = kv_get(&r->findings[k].fields, "count");
		from = kv_get(&r->findings[k].fields, "source");
		memset(out, 0, sizeof *out);
		snprintf(out->text, sizeof out->text, "%5lld× %s%s%s%s",
		    n != NULL ? n->i : 0, msg->s, from != NULL &&
		    from->type == VAL_STR ? " (" : "", from != NULL &&
		    from->type == VAL_STR ? from->s : "", from != NULL &&
		    from->type == VAL_STR ? ")" : "");
		out->role = ROLE_NORMAL;
		snprintf(out->id, sizeof out->id, "%s (%s)", msg->s, from !=
		    NULL && from->type == VAL_STR ? from->s : "");
		return 0;
	}
	return -1;
}

static void
draw(const struct box *b, const struct view *v, const struct gate_result *r)
{
	const struct mon_snapshot *s = v->snap;
	const struct kv *rate = view_metric(r, M_SUCCESS_RATE);
	const struct kv *src = view_metric(r, M_TOP_FAILING_SOURCE);
	const struct kv *ch = view_metric(r, M_TOP_FAILING_CHANNEL);
	int y = b->y;

	if (view_metric(r, M_TOTAL) == NULL) {
		for (size_t i = 0; i < r->nchecks && y < b->y + b->h; i++)
			draw_text(y++, b->x, b->w, ROLE_NORMAL, r->checks[i].detail);
		return;
	}
	if (rate != NULL && rate->type == VAL_NUM)
		draw_textf(y++, b->x, b->w, tty_verdict_role(r->verdict),
		    "success %.2f%%   (min %.2f%%, warn %.2f%%)", rate->d * 100,
		    kv_num_or(&r->thresholds, TH_MIN_SUCCESS_RATE, 0) * 100,
		    kv_num_or(&r->thresholds, TH_WARN_SUCCESS_RATE, 0) * 100);
	else
		draw_text(y++, b->x, b->w, ROLE_WARN, "success —  (no processed "
		    "events in the window)");
	if (y < b->y + b->h)
		draw_textf(y++, b->x, b->w, ROLE_NORMAL, "events %lld  failed %lld"
		    "  (min sample %lld)", view_int(r, M_TOTAL),
		    view_int(r, M_FAILED),
		    kv_int_or(&r->thresholds, TH_MIN_SAMPLE, 0));
	if (y < b->y + b->h && s->nrate > 0) {
		draw_text(y, b->x, 10, ROLE_DIM, "rate");
		draw_spark(y++, b->x + 10, b->w - 10, s->rate_hist, s->nrate,
		    kv_num_or(&r->thresholds, TH_MIN_SUCCESS_RATE, 0.97) - 0.02,
		    1.0, ROLE_NORMAL);
	}
	if (y < b->y + b->h && src != NULL && src->type == VAL_STR)
		draw_textf(y++, b->x, b->w, ROLE_WARN, "top failing: %s/%s",
		    src->s, ch && ch->type == VAL_STR ? ch->s : "");
	{
		size_t total = 0, shown = 0;
		struct pane_row pr;

		/* The filter line goes first: count, then draw below it. */
		for (size_t i = 0; i < r->nfindings; i++)
			total += top_error(r, i) != NULL;
		while (row(v, r, (int)shown, &pr) == 0)
			shown++;
		y += view_filter_line(v, b, y, shown, total);
		y = view_rows_draw(b, v, &pane_processing, r, y, b->y + b->h -
		    (r->flip.n > 0 && y + 1 < b->y + b->h));
	}
	if (r->flip.n > 0 && y < b->y + b->h) {
		const struct kv *k = kv_get(&r->flip, "consecutiveSuccessesToMin");

		if (k == NULL)
			k = kv_get(&r->flip, "consecutiveSuccessesToPass");
		if (k != NULL)
			draw_textf(y++, b->x, b->w, ROLE_DIM, "flips after %lld "
			    "consecutive successes", k->i);
	}
}

/* Its title, gate, focus key, draw and resize (see struct pane_ops). */
const struct pane_ops pane_processing = {
	"Processing (F-03)", GATE_PROCESSING, '3', draw, NULL, row,
	"messages"
};
