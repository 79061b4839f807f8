/* What panes and dialogs read from the view: the newest result of a gate,
 * its metrics, the '/' filter. Apart from pane.c so that pane.c (which calls
 * the panes) and the panes (which call these) are no import circle. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui/view.h"

const struct gate_result *
view_result(const struct view *v, enum gate_id id, time_t *at)
{
	return snapshot_result(v->snap, id, at);
}

int
view_match(const struct view *v, const char *text)
{
	size_t n;

	if (v->filter == NULL || *v->filter == '\0')
		return 1;
	if (text == NULL)
		return 0;
	n = strlen(v->filter);
	for (const char *p = text; *p != '\0'; p++)
		if (strncasecmp(p, v->filter, n) == 0)
			return 1;
	return 0;
}

int
view_filter_line(const struct view *v, const struct box *b, int y,
    size_t shown, size_t total)
{
	if (v->filter == NULL || y >= b->y + b->h)
		return 0;
	draw_textf(y, b->x, b->w, ROLE_WARN, "filter '%s': %zu of %zu "
	    "(Esc clears)", v->filter, shown, total);
	return 1;
}

const struct kv *
view_metric(const struct gate_result *r, const char *key)
{
	return r != NULL ? kv_get(&r->metrics, key) : NULL;
}

long long
view_int(const struct gate_result *r, const char *key)
{
	return r != NULL ? kv_int_or(&r->metrics, key, 0) : 0;
}
