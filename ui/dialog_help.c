/* The help dialog, generated from the key map (ui/keymap.c). */
#include "config.h"

#include <curses.h>
#include <stdio.h>

#include "ui/ui.h"

static void
draw(const struct ui *u, const struct view *v)
{
	struct box b;
	int n = 0, lines = 0, w, y, skip;
	char help[160];

	w = COLS - 4 < 72 ? COLS - 4 : 72;
	for (n = 0; key_bindings[n].keys != NULL; n++)
		lines += !key_binding_active(&key_bindings[n]) ? 0 :
		    draw_wrap_lines(w - 17, key_binding_help(&key_bindings[n],
		    v->s, help, sizeof help));
	dialog_box(&b, lines + 3, w);
	draw_frame(&b, "Keys", 1);
	/* Where the session is recorded (issue 26), or what is replayed: on
	 * the frame's top edge, taking no line from the keys. */
	draw_textf(b.y, b.x + 10, b.w - 12, ROLE_DIM, " %s %s ",
	    v->snap->play.on ? "replaying" : v->snap->rec_path[0] != '\0' ?
	    "recording to" : "not recording", v->snap->play.on ?
	    v->snap->play.file : v->snap->rec_path);
	/* Taller than the screen: it scrolls (the list keys), never clips. */
	skip = u->help_top;
	y = b.y + 1;
	for (int i = 0; i < n && y < b.y + b.h - 1; i++) {
		char keys[32];
		const char *h = key_binding_help(&key_bindings[i], v->s, help,
		    sizeof help);
		int l = draw_wrap_lines(b.w - 17, h);

		if (!key_binding_active(&key_bindings[i]))
			continue;
		if (skip >= l) {
			skip -= l;
			continue;
		}
		if (skip == 0)
			draw_text(y, b.x + 2, 12, ROLE_TITLE,
			    key_binding_label(&key_bindings[i], keys,
			    sizeof keys));
		y += draw_wrap(y, b.x + 15, b.w - 17, b.y + b.h - 1 - y, skip,
		    ROLE_NORMAL, h);
		skip = 0;
	}
	draw_text(b.y + b.h - 1, b.x + 2, b.w - 4, ROLE_DIM,
	    " " KEY_LIST_HINT " ");
}

static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	int lines = 0, w = COLS - 4 < 72 ? COLS - 4 : 72, rows;
	char help[160];

	(void)m;
	for (int n = 0; key_bindings[n].keys != NULL; n++)
		lines += !key_binding_active(&key_bindings[n]) ? 0 :
		    draw_wrap_lines(w - 17, key_binding_help(&key_bindings[n],
		    v->s, help, sizeof help));
	rows = (lines + 3 < LINES - 2 ? lines + 3 : LINES - 2) - 2;
	return key_list_move(key, &u->help_top, lines - rows + 1 > 1 ?
	    lines - rows + 1 : 1, rows);
}

static int
open_top(struct ui *u, const struct view *v)
{
	(void)v;
	u->help_top = 0;
	return 0;
}

/* Its rows for the '/' find (ui/list_find.c): the keys shown, each with
 * its help; the first line of row i is the help's line lines_before(i). */
static int
nth_active(int i)
{
	for (int n = 0; key_bindings[n].keys != NULL; n++)
		if (key_binding_active(&key_bindings[n]) && i-- == 0)
			return n;
	return -1;
}

static int
rows(const struct ui *u, const struct view *v)
{
	int n = 0;

	(void)u;
	(void)v;
	while (nth_active(n) >= 0)
		n++;
	return n;
}

static const char *
row_text(const struct ui *u, const struct view *v, int i, char *buf,
    size_t len)
{
	const struct key_binding *k = &key_bindings[nth_active(i)];
	char keys[32], help[160];

	(void)u;
	snprintf(buf, len, "%s %s", key_binding_label(k, keys, sizeof keys),
	    key_binding_help(k, v->s, help, sizeof help));
	return buf;
}

static int
lines_before(const struct view *v, int i)
{
	int w = COLS - 4 < 72 ? COLS - 4 : 72, lines = 0;
	char help[160];

	for (int r = 0; r < i; r++)
		lines += draw_wrap_lines(w - 17, key_binding_help(
		    &key_bindings[nth_active(r)], v->s, help, sizeof help));
	return lines;
}

static int
row_at(const struct ui *u, const struct view *v)
{
	int i = 0, n = rows(u, v);

	while (i + 1 < n && lines_before(v, i + 1) <= u->help_top)
		i++;
	return i;
}

static void
row_go(struct ui *u, const struct view *v, int i)
{
	int top = lines_before(v, i), max = lines_before(v, rows(u, v)) -
	    (LINES - 4);

	u->help_top = top < max ? top : max > 0 ? max : 0;
}

static const struct list_ops keys = { rows, row_text, row_at, row_go,
	NULL };

const struct dialog_ops dialog_help = {
	"help", KA_HELP, open_top, draw, key_in, NULL, &keys
};
