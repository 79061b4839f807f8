/* The pane list and what every pane shares: frame, verdict, code, age. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/view.h"

const struct pane_ops *const panes[PANE_COUNT] = {
	&pane_env, &pane_queue, &pane_processing, &pane_quality
};

const struct gate_result *
view_result(const struct view *v, enum gate_id id, time_t *at)
{
	const struct mon_snapshot *s = v->snap;
	const struct gate_result *best = NULL;
	time_t best_at = 0;

	for (int g = 0; g < GATE_COUNT; g++) {
		const struct shared_result *sr = s->res[g];

		if (sr == NULL)
			continue;
		if (g == (int)id && sr->at >= best_at) {
			best = sr->r;
			best_at = sr->at;
		}
		for (size_t i = 0; i < sr->r->nstages; i++)
			if (sr->r->stages[i]->gate->id == id && sr->at > best_at) {
				best = sr->r->stages[i];
				best_at = sr->at;
			}
	}
	if (at != NULL)
		*at = best_at;
	return best;
}

const struct kv *
view_metric(const struct gate_result *r, const char *key)
{
	return r != NULL ? kv_get(&r->metrics, key) : NULL;
}

long long
view_int(const struct gate_result *r, const char *key)
{
	const struct kv *kv = view_metric(r, key);

	return kv != NULL && kv->type == VAL_INT ? kv->i : 0;
}

void
pane_draw(const struct pane_ops *p, const struct box *b, const struct view *v,
    int focused)
{
	const struct gate_result *r;
	struct box inner = { b->y + 2, b->x + 2, b->h - 3, b->w - 4 };
	char title[96], age[16];
	time_t at;
	int used;

	snprintf(title, sizeof title, "%s", p->title);
	for (int i = 0; i < PANE_COUNT; i++)
		if (panes[i] == p)
			snprintf(title, sizeof title, "%d %s", i + 1, p->title);
	draw_fill(b);
	draw_frame(b, title, focused);
	r = view_result(v, p->gate, &at);
	if (r == NULL) {
		draw_text(b->y + 1, b->x + 2, b->w - 4, ROLE_DIM,
		    v->snap->busy ? "collecting…" : "no data yet");
		return;
	}
	used = draw_verdict(b->y + 1, b->x + 2, b->w - 4, r->verdict,
	    code_name(r->code));
	draw_age(age, sizeof age, at, v->now);
	draw_textf(b->y + 1, b->x + 3 + used, b->w - 5 - used, ROLE_DIM,
	    " · %s ago", age);
	if (inner.h > 0 && inner.w > 0)
		p->draw(&inner, v, r);
}
