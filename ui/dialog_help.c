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
		lines += !key_binding_active(&key_bindings[n]) ? 0 :
		    draw_wrap_lines(w - 17,
		    key_binding_help(&key_bindings[n], help, sizeof help));
	dialog_box(&b, lines + 4, w);
	draw_frame(&b, "Keys", 1);
	/* Where the session is recorded (issue 26), or what is replayed: on
	 * the frame's bottom edge, taking no line from the keys. */
	draw_textf(b.y + b.h - 1, b.x + 2, b.w - 4, ROLE_DIM, " %s %s ",
	    v->snap->play.on ? "replaying" : v->snap->rec_path[0] != '\0' ?
	    "recording to" : "not recording", v->snap->play.on ?
	    v->snap->play.file : v->snap->rec_path);
	y = b.y + 2;
	for (int i = 0; i < n && y < b.y + b.h - 1; i++) {
		char keys[32];

		if (!key_binding_active(&key_bindings[i]))
			continue;
		draw_text(y, b.x + 2, 12, ROLE_TITLE,
		    key_binding_label(&key_bindings[i], keys, sizeof keys));
		y += draw_wrap(y, b.x + 15, b.w - 17, b.y + b.h - 1 - y, 0,
		    ROLE_NORMAL, key_binding_help(&key_bindings[i], help,
		    sizeof help));
	}
}

const struct dialog_ops dialog_help = {
	"help", KA_HELP, NULL, draw, NULL, NULL
};
