/* The help dialog, generated from the key map. */
#include "config.h"

#include "ui/ui.h"

const struct key_binding key_bindings[] = {
	{ "e s a p d c", "run F-00 F-01 F-02 F-03 F-04 F-05" },
	{ "r", "run release (F-03 + F-04)" },
	{ "E", "run the release evidence: GO / NO-GO" },
	{ "t Enter", "playbook for the focused pane's code" },
	{ "Tab 1-4", "focus a pane" },
	{ "R F5", "refresh now" },
	{ "space", "pause / resume refreshing" },
	{ "g", "go/no-go checklist (runbook 6)" },
	{ "x", "replay the DLQ (MANAGER/ADMIN, confirmation)" },
	{ "T", "timeline: what changed, in time order" },
	{ "L", "playbook language en / id" },
	{ "C", "switch context (environment)" },
	{ "? F1", "this help" },
	{ "Esc", "close a dialog" },
	{ "q", "quit" },
	{ NULL, NULL }
};

void
dialog_help_draw(const struct ui *u)
{
	struct box b;
	int n = 0;

	(void)u;
	while (key_bindings[n].keys != NULL)
		n++;
	dialog_box(&b, n + 4, 64);
	draw_frame(&b, "Keys", 1);
	for (int i = 0; i < n && i < b.h - 3; i++) {
		draw_text(b.y + 2 + i, b.x + 2, 12, ROLE_TITLE, key_bindings[i].keys);
		draw_text(b.y + 2 + i, b.x + 15, b.w - 17, ROLE_NORMAL,
		    key_bindings[i].help);
	}
}
