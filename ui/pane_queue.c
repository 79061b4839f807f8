/* Pane 2: F-04 queue and DLQ: counts with bars, growth against its
 * threshold, queue depth straight from Redis, OPEN+FAILED over the session. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/view.h"

/* The queue's depth as Redis gives it, or why not and the last figures;
 * returns the next line. */
static int
draw_depth(const struct box *b, const struct view *v, int y)
{
	const struct mon_snapshot *s = v->snap;

	if (y >= b->y + b->h)
		return y;
	if (s->have_depth) {
		draw_textf(y++, b->x, b->w, ROLE_NORMAL, "queue (Redis) "
		    "waiting %lld active %lld delayed %lld failed %lld",
		    s->depth.waiting, s->depth.active, s->depth.delayed,
		    s->depth.failed);
		/* What BullMQ counts beyond the four. */
		if (y < b->y + b->h && (s->depth.prioritized > 0 ||
		    s->depth.waiting_children > 0 || s->depth.paused))
			draw_textf(y++, b->x, b->w, s->depth.paused ?
			    ROLE_WARN : ROLE_DIM, "  prioritized %lld "
			    "(in waiting) · waiting-children %lld%s",
			    s->depth.prioritized,
			    s->depth.waiting_children,
			    s->depth.paused ? " · PAUSED" : "");
	} else if (s->depth_at != 0)
		draw_textf(y++, b->x, b->w, ROLE_FAIL, "queue (Redis) "
		    "QUEUE_REDIS_UNREACHABLE: %s", s->depth_error);
	/* The last figures Redis gave stay, marked with their age. */
	if (!s->have_depth && s->depth_good_at != 0 && y < b->y + b->h) {
		char age[16];

		draw_age(age, sizeof age, s->depth_good_at, v->now);
		draw_textf(y++, b->x, b->w, ROLE_WARN, "STALE %s: waiting "
		    "%lld active %lld delayed %lld failed %lld", age,
		    s->depth.waiting, s->depth.active, s->depth.delayed,
		    s->depth.failed);
	}
	return y;
}

/* Row i of the sources and channels behind the DLQ, under the '/'
 * filter; Enter on one opens its replay. */
static int
row(const struct view *v, const struct gate_result *r, int i,
    struct pane_row *out)
{
	for (size_t k = 0; k < r->nfindings; k++) {
		const struct kvlist *f = &r->findings[k].fields;
		const struct kv *src = kv_get(f, "source"), *ch = kv_get(f, "channel");

		if (src == NULL || src->type != VAL_STR)
			continue;
		if ((!view_match(v, src->s) && (ch == NULL || ch->type != VAL_STR ||
		    !view_match(v, ch->s))) || i-- > 0)
			continue;
		memset(out, 0, sizeof *out);
		snprintf(out->text, sizeof out->text, "%s/%s  open %lld failed "
		    "%lld replaying %lld", src->s, ch && ch->type == VAL_STR ?
		    ch->s : "", kv_int_or(f, "open", 0), kv_int_or(f, "failed", 0),
		    kv_int_or(f, "replaying", 0));
		out->role = ROLE_DIM;
		snprintf(out->id, sizeof out->id, "%s/%s", src->s,
		    ch && ch->type == VAL_STR ? ch->s : "");
		if (strlen(src->s) < sizeof out->source)
			memcpy(out->source, src->s, strlen(src->s) + 1);
		return 0;
	}
	return -1;
}

/* The sources behind the DLQ, under the '/' filter. */
static void
draw_findings(const struct box *b, const struct view *v,
    const struct gate_result *r, int y)
{
	size_t total = 0, shown = 0;
	struct pane_row pr;

	for (size_t i = 0; i < r->nfindings; i++) {
		const struct kv *src = kv_get(&r->findings[i].fields, "source");

		total += src != NULL && src->type == VAL_STR;
	}
	while (row(v, r, (int)shown, &pr) == 0)
		shown++;
	y += view_filter_line(v, b, y, shown, total);
	view_rows_draw(b, v, &pane_queue, r, y, b->y + b->h);
}

static void
draw(const struct box *b, const struct view *v, const struct gate_result *r)
{
	static const char *const names[] = { "OPEN", "FAILED", "REPLAYING" };
	static const char *const keys[] = { "open", "failed", "replaying" };
	const struct mon_snapshot *s = v->snap;
	const struct kv *dom = view_metric(r, M_DOMINANT_STATUS);
	long long max = 1, growth = view_int(r, M_GROWTH);
	int y = b->y, barw = b->w - 22;
	double hist[MON_HISTORY];

	if (view_metric(r, M_OPEN) == NULL) {
		for (size_t i = 0; i < r->nchecks && y < b->y + b->h; i++)
			draw_text(y++, b->x, b->w, ROLE_NORMAL, r->checks[i].detail);
	} else {
		for (int i = 0; i < 3; i++)
			if (view_int(r, keys[i]) > max)
				max = view_int(r, keys[i]);
		for (int i = 0; i < 3 && y < b->y + b->h; i++, y++) {
			int is_dom = dom != NULL && dom->type == VAL_STR &&
			    strcmp(dom->s, names[i]) == 0;

			draw_textf(y, b->x, 20, is_dom ? ROLE_WARN : ROLE_NORMAL,
			    "%-9s %6lld%s", names[i], view_int(r, keys[i]),
			    is_dom ? " ◀" : "");
			draw_bar(y, b->x + 20, barw > 0 ? barw : 0,
			    view_int(r, keys[i]), max, i == 1 ? ROLE_FAIL :
			    ROLE_NORMAL);
		}
		if (y < b->y + b->h)
			draw_textf(y++, b->x, b->w, growth > 0 ? ROLE_WARN :
			    ROLE_NORMAL, "growth %+lld in %lldm (max %lld) · "
			    "OPEN+FAILED %lld (max %lld)", growth,
			    kv_int_or(&r->thresholds, TH_WINDOW_MINUTES, 0),
			    kv_int_or(&r->thresholds, TH_MAX_GROWTH, 0),
			    view_int(r, M_OPEN) + view_int(r, M_FAILED),
			    kv_int_or(&r->thresholds, TH_MAX_OPEN, 0));
	}
	y = draw_depth(b, v, y);
	if (y < b->y + b->h && s->nof > 0) {
		long long hi = 1;

		for (int i = 0; i < s->nof; i++) {
			hist[i] = (double)s->of_hist[i];
			if (s->of_hist[i] > hi)
				hi = s->of_hist[i];
		}
		draw_text(y, b->x, 14, ROLE_DIM, "OPEN+FAILED");
		draw_spark(y++, b->x + 14, b->w - 14, hist, s->nof, 0, (double)hi,
		    ROLE_NORMAL);
	}
	draw_findings(b, v, r, y);
}

/* Its title, gate, focus key, draw and resize (see struct pane_ops). */
const struct pane_ops pane_queue = {
	"Queue & DLQ (F-04)", GATE_DLQ_GROWTH, '2', draw, NULL, row,
	"sources"
};
