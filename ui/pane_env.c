/* Pane 1: F-00 env baseline, a line per check. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ui/view.h"

static const char *
mark(enum verdict v)
{
	switch (v) {
	case VERDICT_PASS: return "ok  ";
	case VERDICT_SKIPPED: return "skip";
	case VERDICT_WARN: return "WARN";
	case VERDICT_INCONCLUSIVE: return "??  ";
	case VERDICT_ERROR: return "ERR ";
	default: return "FAIL";
	}
}

static void
draw(const struct box *b, const struct view *v, const struct gate_result *r)
{
	int y = b->y, shown = 0, match = 0;

	for (size_t i = 0; i < r->nchecks; i++)
		match += view_match(v, r->checks[i].name) ||
		    view_match(v, r->checks[i].detail);
	y += view_filter_line(v, b, y, (size_t)match, r->nchecks);
	/* Problems first: they are what the operator came for. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < r->nchecks && y < b->y + b->h; i++) {
			const struct check *c = &r->checks[i];
			int bad = verdict_bad(c->verdict);
			int used;

			if (bad != (pass == 0) || (!view_match(v, c->name) &&
			    !view_match(v, c->detail)))
				continue;
			used = draw_text(y, b->x, 5, tty_verdict_role(c->verdict),
			    mark(c->verdict));
			used += 1 + draw_textf(y, b->x + used + 1, b->w - used - 1,
			    ROLE_NORMAL, "%-18s", c->name);
			if (bad)
				draw_textf(y, b->x + used + 1, b->w - used - 1,
				    ROLE_NORMAL, "%s", c->detail);
			y++;
			shown++;
		}
	}
	if (shown < match && b->h > 0)
		draw_textf(b->y + b->h - 1, b->x, b->w, ROLE_DIM,
		    "… %d more checks (z shows all, e runs F-00)",
		    match - shown);
}

/* Its title, gate, focus key, draw and resize (see struct pane_ops). */
const struct pane_ops pane_env = {
	"Env baseline (F-00)", GATE_ENV_BASELINE, '1', draw, NULL
};
