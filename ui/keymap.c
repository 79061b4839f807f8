/* The key map of the main screen: one table, from which the help dialog,
 * the hint bar (console.c) and the key handling are all generated. Pure (no
 * drawing), so tests/unit/check_registry.c reads it: the KA_GATE rows carry
 * exactly the registry's console keys (src/gates/registry.c), and no key is
 * bound twice. */
#include "config.h"

#include <curses.h>

#include "ui/ui.h"

const struct key_binding key_bindings[] = {
	{ "e s a p d c", "run F-00 F-01 F-02 F-03 F-04 F-05", "e s a p d c gates",
	    5, KA_GATE, { 'e', 's', 'a', 'p', 'd', 'c' } },
	{ "r", "run release (F-03 + F-04)", "r release", 3, KA_GATE, { 'r' } },
	{ "E", "run the release evidence (the go/no-go decision)", "E evidence", 3, KA_GATE,
	    { 'E' } },
	{ "t Enter", "playbook for the focused pane's code", "t playbook", 4,
	    KA_PLAYBOOK, { 't', '\r', '\n', KEY_ENTER } },
	{ "g", "go/no-go checklist (runbook 6)", "g go/no-go", 4, KA_CHECKLIST,
	    { 'g' } },
	{ "x", "replay the DLQ (MANAGER/ADMIN, confirmation)", "x replay", 2,
	    KA_REPLAY, { 'x' } },
	{ "h", "history of gate runs with full report paths", "h history", 3,
	    KA_HISTORY, { 'h' } },
	{ "/", "filter the focused pane's lists (Esc clears)", "/ filter", 2,
	    KA_FILTER, { '/' } },
	{ "Tab 1-4", "focus a pane", "Tab focus", 1, KA_FOCUS_NEXT, { '\t' } },
	{ "S-Tab", "focus the previous pane", NULL, 0, KA_FOCUS_PREV,
	    { KEY_BTAB } },
	{ "1-4", "focus pane 1 to 4", NULL, 0, KA_FOCUS_N,
	    { '1', '2', '3', '4' } },
	{ "R F5", "refresh now", "R refresh", 1, KA_REFRESH, { 'R', KEY_F(5) } },
	{ "space", "pause / resume refreshing", NULL, 0, KA_PAUSE, { ' ' } },
	{ "T", "timeline: what changed, in time order", "T timeline", 2,
	    KA_TIMELINE, { 'T' } },
	{ "L", "playbook language en / id", NULL, 0, KA_LANG, { 'L' } },
	{ "C", "switch context (environment)", "C context", 2, KA_CONTEXT,
	    { 'C' } },
	{ "? F1", "this help", "? help", 9, KA_HELP, { '?', KEY_F(1) } },
	{ "Esc", "close a dialog, clear a filter", NULL, 0, KA_NONE, { 0 } },
	{ "q", "quit (at once, even while a backend hangs)", "q quit", 10,
	    KA_QUIT, { 'q' } },
	{ NULL, NULL, NULL, 0, KA_NONE, { 0 } }
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

