/* Pane 4: F-05 quality: findings per check and the report to read. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/view.h"

static void
draw(const struct box *b, const struct view *v, const struct gate_result *r)
{
	int y = b->y;

	(void)v;
	for (size_t i = 0; i < r->nchecks && y < b->y + b->h; i++) {
		const struct check *c = &r->checks[i];
		const struct kv *n = kv_get(&r->metrics, c->name);

		if (n != NULL && n->type == VAL_INT)
			draw_textf(y++, b->x, b->w, tty_verdict_role(c->verdict),
			    "%-22s %6lld finding%s", c->name, n->i,
			    n->i == 1 ? "" : "s");
		else
			draw_textf(y++, b->x, b->w, tty_verdict_role(c->verdict),
			    "%-22s %s", c->name, c->detail);
	}
	if (r->report_md != NULL && y + 1 < b->y + b->h) {
		draw_text(++y, b->x, b->w, ROLE_DIM, "report:");
		draw_text(++y, b->x, b->w, ROLE_NORMAL, r->report_md);
	} else if (y + 1 < b->y + b->h)
		draw_text(++y, b->x, b->w, ROLE_DIM,
		    "c runs F-05 and writes its report");
}

const struct pane_ops pane_quality = { "Quality (F-05)", GATE_QUALITY, draw };
