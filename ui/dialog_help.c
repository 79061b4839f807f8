/* The help dialog, generated from the key map (ui/keymap.c). */
#include "config.h"

#include <curses.h>

#include "ui/ui.h"

static void
draw(const struct ui *u, const struct view *v)
{
	struct box b;
	int n = 0, lines = 0, w, y;
	char help[160];

	(void)u;
	w = COLS - 4 < 72 ? COLS - 4 : 72;
	for (n = 0; key_bindings[n].keys != NULL; n++)
		lines += draw_wrap_lines(w - 17,
		    key_binding_help(&key_bindings[n], v->s, help, sizeof help));
	dialog_box(&b, lines + 4, w);
	draw_frame(&b, "Keys", 1);
	y = b.y + 2;
	for (int i = 0; i < n && y < b.y + b.h - 1; i++) {
		char keys[32];

		draw_text(y, b.x + 2, 12, ROLE_TITLE,
		    key_binding_label(&key_bindings[i], keys, sizeof keys));
		y += draw_wrap(y, b.x + 15, b.w - 17, b.y + b.h - 1 - y, 0,
		    ROLE_NORMAL, key_binding_help(&key_bindings[i], v->s, help,
		    sizeof help));
	}
}

const struct dialog_ops dialog_help = {
	"help", KA_HELP, NULL, draw, NULL, NULL
};
