/* The context chooser (SPEC section 10, key C): the contexts of the config
 * file, the one in use marked; Enter asks the console to switch. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "config/context.h"
#include "ui/ui.h"

/* It opens on the context after the one in use; not without contexts. */
static int
open_next(struct ui *u, const struct view *v)
{
	const struct context_list *l = &v->s->contexts;

	if (l->n == 0) {
		snprintf(u->message, sizeof u->message, "no contexts: add "
		    "[context NAME] sections to the config file");
		return -1;
	}
	u->cx_sel = 0;
	for (size_t i = 0; i < l->n; i++)
		if (v->s->context != NULL && strcmp(l->items[i].name,
		    v->s->context) == 0)
			u->cx_sel = (int)(i + 1) % (int)l->n;	/* the next one */
	return 0;
}

static void
draw(const struct ui *u, const struct view *v)
{
	const struct context_list *l = &v->s->contexts;
	struct box b;

	dialog_box(&b, (int)l->n + 5, 56);
	draw_frame(&b, "Switch context", 1);
	for (size_t i = 0; i < l->n && (int)i < b.h - 4; i++) {
		const char *name = l->items[i].name;
		int cur = v->s->context != NULL && strcmp(v->s->context, name) == 0;
		int sel = (int)i == u->cx_sel;

		draw_textf(b.y + 2 + (int)i, b.x + 2, b.w - 4, sel ? ROLE_SELECTED :
		    context_is_prod(name) ? ROLE_ALERT : ROLE_NORMAL, "%s %s%s%s",
		    sel ? ">" : " ", name, cur ? "  (in use)" : "",
		    context_is_prod(name) ? "  !" : "");
	}
	draw_text(b.y + b.h - 2, b.x + 2, b.w - 4, ROLE_DIM,
	    "Enter switch · " KEY_LIST_HINT);
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	const struct context_list *l = &v->s->contexts;

	(void)m;
	if (key_list_move(key, &u->cx_sel, (int)l->n, 5))
		return 1;
	switch (key) {
	case 'C':	/* C again: the next one, round */
		u->cx_sel = u->cx_sel + 1 < (int)l->n ? u->cx_sel + 1 : 0;
		return 1;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (u->cx_sel >= 0 && u->cx_sel < (int)l->n)
			snprintf(u->switch_to, sizeof u->switch_to, "%s",
			    l->items[u->cx_sel].name);
		dialog_set(u, DLG_NONE);
		return 1;
	default:
		return 0;
	}
}

/* Its rows for the '/' find (ui/list_find.c): the contexts' names. */
static int
rows(const struct ui *u, const struct view *v)
{
	(void)u;
	return (int)v->s->contexts.n;
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	(void)u;
	(void)buf;
	(void)len;
	return v->s->contexts.items[i].name;
}

static int
row_at(const struct ui *u, const struct view *v)
{
	(void)v;
	return u->cx_sel;
}

static void
row_go(struct ui *u, const struct view *v, int i)
{
	(void)v;
	u->cx_sel = i;
}

static const struct list_ops names = { rows, row_text, row_at, row_go,
	NULL };

const struct dialog_ops dialog_context = {
	"context", KA_CONTEXT, open_next, draw, key_in, NULL, &names
};
