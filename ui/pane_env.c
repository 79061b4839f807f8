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

/* Row i of the checks under the filter: problems first, they are what
 * the operator came for. */
static int
row(const struct view *v, const struct gate_result *r, int i,
    struct pane_row *out)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < r->nchecks; k++) {
			const struct check *c = &r->checks[k];
			int bad = verdict_bad(c->verdict);

			if (bad != (pass == 0) || (!view_match(v, c->name) &&
			    !view_match(v, c->detail)) || i-- > 0)
				continue;
			memset(out, 0, sizeof *out);
			snprintf(out->mark, sizeof out->mark, "%s",
			    mark(c->verdict));
			out->mark_role = tty_verdict_role(c->verdict);
			snprintf(out->text, sizeof out->text, "%-18s %s", c->name,
			    bad ? c->detail : "");
			out->role = ROLE_NORMAL;
			snprintf(out->id, sizeof out->id, "%s", c->name);
			return 0;
		}
	return -1;
}

static void
draw(const struct box *b, const struct view *v, const struct gate_result *r)
{
	int y = b->y, match = 0;

	for (size_t i = 0; i < r->nchecks; i++)
		match += view_match(v, r->checks[i].name) ||
		    view_match(v, r->checks[i].detail);
	y += view_filter_line(v, b, y, (size_t)match, r->nchecks);
	view_rows_draw(b, v, &pane_env, r, y, b->y + b->h);
}

/* Its title, gate, focus key, draw and resize (see struct pane_ops). */
const struct pane_ops pane_env = {
	"Env baseline (F-00)", GATE_ENV_BASELINE, '1', draw, NULL, row,
	"checks"
};
