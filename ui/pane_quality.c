/* Pane 4: F-05 quality: findings per check and the report to read. */
#include "config.h"

#include <stdio.h>

#include "ui/view.h"

static void
draw(const struct box *b, const struct view *v, const struct gate_result *r)
{
	int y = b->y, end = b->y + b->h;
	size_t shown = 0;

	for (size_t i = 0; i < r->nchecks && y < end; i++) {
		const struct check *c = &r->checks[i];
		const struct kv *n = kv_get(&r->metrics, c->name);

		if (!view_match(v, c->name) && !view_match(v, c->detail))
			continue;
		shown++;
		if (n != NULL && n->type == VAL_INT)
			draw_textf(y++, b->x, b->w, tty_verdict_role(c->verdict),
			    "%-22s %6lld finding%s", c->name, n->i,
			    n->i == 1 ? "" : "s");
		else
			draw_textf(y++, b->x, b->w, tty_verdict_role(c->verdict),
			    "%-22s %s", c->name, c->detail);
	}
	y += view_filter_line(v, b, y, shown, r->nchecks);
	/* Paths and the hint wrap on '/' and spaces: never cut mid-word. */
	if (r->report_md != NULL && y + 1 < end) {
		char text[600];
		int lines;

		/* Short of lines, the end of the path (the file name) is what
		 * stays: the whole of it is in the history ('h'). */
		snprintf(text, sizeof text, "report: %s", r->report_md);
		lines = draw_wrap_lines(b->w, text);
		y++;
		draw_wrap(y, b->x, b->w, end - y, lines > end - y ?
		    lines - (end - y) : 0, ROLE_NORMAL, text);
	} else if (y + 1 < end)
		draw_wrap(y + 1, b->x, b->w, end - y - 1, 0, ROLE_DIM,
		    "c runs F-05 and writes its report");
}

/* Its title, gate, focus key, draw and resize (see struct pane_ops). */
const struct pane_ops pane_quality = {
	"Quality (F-05)", GATE_QUALITY, '4', draw, NULL
};
