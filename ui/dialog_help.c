/* The key map of the main screen, and the help dialog generated from it.
 * The hint bar (console.c) and the key handling read the same table. */
#include "config.h"

#include <curses.h>

#include "ui/ui.h"

const struct key_binding key_bindings[] = {
	{ "e s a p d c", "run F-00 F-01 F-02 F-03 F-04 F-05", "e s a p d c gates",
	    5, KA_GATE, { 'e', 's', 'a', 'p', 'd', 'c' },
	    { GATE_ENV_BASELINE, GATE_CONTRACT_SMOKE, GATE_ADMIN_RBAC,
	    GATE_PROCESSING, GATE_DLQ_GROWTH, GATE_QUALITY } },
	{ "r", "run release (F-03 + F-04)", "r release", 3, KA_GATE, { 'r' },
	    { GATE_RELEASE } },
	{ "E", "run the release evidence: GO / NO-GO", "E evidence", 3, KA_GATE,
	    { 'E' }, { GATE_EVIDENCE } },
	{ "t Enter", "playbook for the focused pane's code", "t playbook", 4,
	    KA_PLAYBOOK, { 't', '\r', '\n', KEY_ENTER }, { 0 } },
	{ "g", "go/no-go checklist (runbook 6)", "g go/no-go", 4, KA_CHECKLIST,
	    { 'g' }, { 0 } },
	{ "x", "replay the DLQ (MANAGER/ADMIN, confirmation)", "x replay", 2,
	    KA_REPLAY, { 'x' }, { 0 } },
	{ "h", "history of gate runs with full report paths", "h history", 3,
	    KA_HISTORY, { 'h' }, { 0 } },
	{ "/", "filter the focused pane's lists (Esc clears)", "/ filter", 2,
	    KA_FILTER, { '/' }, { 0 } },
	{ "Tab 1-4", "focus a pane", "Tab focus", 1, KA_FOCUS_NEXT, { '\t' },
	    { 0 } },
	{ "S-Tab", "focus the previous pane", NULL, 0, KA_FOCUS_PREV,
	    { KEY_BTAB }, { 0 } },
	{ "1-4", "focus pane 1 to 4", NULL, 0, KA_FOCUS_N,
	    { '1', '2', '3', '4' }, { 0 } },
	{ "R F5", "refresh now", "R refresh", 1, KA_REFRESH, { 'R', KEY_F(5) },
	    { 0 } },
	{ "space", "pause / resume refreshing", NULL, 0, KA_PAUSE, { ' ' },
	    { 0 } },
	{ "T", "timeline: what changed, in time order", "T timeline", 2,
	    KA_TIMELINE, { 'T' }, { 0 } },
	{ "L", "playbook language en / id", NULL, 0, KA_LANG, { 'L' }, { 0 } },
	{ "C", "switch context (environment)", "C context", 2, KA_CONTEXT,
	    { 'C' }, { 0 } },
	{ "? F1", "this help", "? help", 9, KA_HELP, { '?', KEY_F(1) }, { 0 } },
	{ "Esc", "close a dialog, clear a filter", NULL, 0, KA_NONE, { 0 },
	    { 0 } },
	{ "q", "quit (at once, even while a backend hangs)", "q quit", 10,
	    KA_QUIT, { 'q' }, { 0 } },
	{ NULL, NULL, NULL, 0, KA_NONE, { 0 }, { 0 } }
};

const struct key_binding *
key_binding_find(int key, int *index)
{
	for (const struct key_binding *k = key_bindings; k->keys != NULL; k++)
		for (int i = 0; k->codes[i] != 0; i++)
			if (k->codes[i] == key) {
				if (index != NULL)
					*index = i;
				return k;
			}
	return NULL;
}

void
dialog_help_draw(const struct ui *u)
{
	struct box b;
	int n = 0, lines = 0, w, y;

	(void)u;
	w = COLS - 4 < 72 ? COLS - 4 : 72;
	for (n = 0; key_bindings[n].keys != NULL; n++)
		lines += draw_wrap_lines(w - 17, key_bindings[n].help);
	dialog_box(&b, lines + 4, w);
	draw_frame(&b, "Keys", 1);
	y = b.y + 2;
	for (int i = 0; i < n && y < b.y + b.h - 1; i++) {
		draw_text(y, b.x + 2, 12, ROLE_TITLE, key_bindings[i].keys);
		y += draw_wrap(y, b.x + 15, b.w - 17, b.y + b.h - 1 - y, 0,
		    ROLE_NORMAL, key_bindings[i].help);
	}
}
