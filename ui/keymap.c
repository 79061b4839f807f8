/* The key map of the main screen: one table, from which the help dialog,
 * the hint bar (console.c) and the key handling are all generated. Pure (no
 * drawing), so tests/unit/check_registry.c reads it: the KA_GATE rows carry
 * exactly the registry's console keys (src/gates/registry.c), and no key is
 * bound twice. The gates' keys, help and hint are the registry's, read at
 * run time; the focus keys are the panes' own (struct pane_ops.key). */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/gate_def.h"
#include "monitor/monitor.h"
#include "ui/ui.h"

const struct key_binding key_bindings[] = {
	/* The gates' keys, help and hint come from the registry
	 * (src/gates/registry.c): "*" every gate that runs on its own, else
	 * the gate of that name. */
	{ "", "", "", 5, KA_GATE, { 0 }, "*", KM_LIVE },
	{ "", "", "", 3, KA_GATE, { 0 }, "release", KM_LIVE },
	{ "", "", "", 3, KA_GATE, { 0 }, "evidence", KM_LIVE },
	{ "t Enter", "playbook for the focused pane's code (Enter on a "
	    "selected row: that row)", "t playbook", 4,
	    KA_PLAYBOOK, { 't', '\r', '\n', KEY_ENTER } },
	{ "g", "go/no-go checklist (runbook 6)", "g go/no-go", 4, KA_CHECKLIST,
	    { 'g' } },
	{ "x", "replay the DLQ (MANAGER/ADMIN, confirmation)", "x replay", 2,
	    KA_REPLAY, { 'x' }, NULL, KM_LIVE },
	{ "h", "history of gate runs with full report paths (Enter opens the "
	    "report)", "h history", 3,
	    KA_HISTORY, { 'h' } },
	{ "/", "filter the focused pane's lists (Enter keeps it and selects "
	    "the first match; Esc clears)", "/ filter", 2,
	    KA_FILTER, { '/' }, NULL, KM_LIVE },
	/* A replayed session (ingestgate session replay FILE). */
	{ "[ ]", "replay: step back / forward by refresh", "[ ] step", 6,
	    KA_PLAY_STEP, { '[', ']' }, NULL, KM_REPLAY },
	{ "{ }", "replay: previous / next event", "{ } event", 6,
	    KA_PLAY_EVENT, { '{', '}' }, NULL, KM_REPLAY },
	{ "space", "replay: play / pause", "space play", 5, KA_PLAY_TOGGLE,
	    { ' ' }, NULL, KM_REPLAY },
	{ "+ -", "replay: faster / slower (x1 to x64)", "+- speed", 3,
	    KA_PLAY_SPEED, { '+', '-' }, NULL, KM_REPLAY },
	{ "/", "replay: find an event (a verdict, a code, a gate)", "/ find", 4,
	    KA_PLAY_FIND, { '/' }, NULL, KM_REPLAY },
	{ "Up/Down j/k", "select a row of the focused pane; Enter opens it "
	    "(a source: its replay; else the pane's whole list)", NULL, 0,
	    KA_ROW, { KEY_UP, KEY_DOWN, 'k', 'j' } },
	{ "Tab", "focus the next pane", "Tab focus", 1, KA_FOCUS_NEXT,
	    { '\t' } },
	{ "S-Tab", "focus the previous pane", NULL, 0, KA_FOCUS_PREV,
	    { KEY_BTAB } },
	/* Its keys are the panes' (ui/pane.c), in the panes' order. */
	{ "", "focus a pane (its key is on its frame)", NULL, 0, KA_FOCUS_N,
	    { 0 } },
	{ "z", "zoom the focused pane to the whole screen (z again: all "
	    "panes)", "z zoom", 1, KA_ZOOM, { 'z' } },
	{ "R F5", "refresh now", "R refresh", 1, KA_REFRESH, { 'R', KEY_F(5) },
	    NULL, KM_LIVE },
	{ "space", "pause / resume refreshing", NULL, 0, KA_PAUSE, { ' ' },
	    NULL, KM_LIVE },
	{ "T", "timeline: what changed, in time order (Enter opens a "
	    "report)", "T timeline", 2, KA_TIMELINE, { 'T' } },
	{ ":", "a command: gate, playbook, context, interval... (Tab completes "
	    "from the CLI's commands)", ": command", 2, KA_PROMPT, { ':' },
	    NULL, KM_LIVE },
	{ "l", "the whole log of this session, scrollable; / finds", "l log", 1,
	    KA_LOG, { 'l' } },
	{ "y", "copy the focused pane's report path (or its code) to the "
	    "clipboard (OSC 52); in a dialog, its path", NULL, 0, KA_COPY,
	    { 'y' } },
	{ "L", "playbook language en / id", NULL, 0, KA_LANG, { 'L' } },
	{ "C", "switch context (environment)", "C context", 2, KA_CONTEXT,
	    { 'C' }, NULL, KM_LIVE },
	{ "? F1", "this help", "? help", 9, KA_HELP, { '?', KEY_F(1) } },
	{ "Esc", "close a dialog, clear a filter or a row selection, dismiss "
	    "the HOLD banner", NULL, 0, KA_NONE, { 0 } },
	{ "q", "quit (at once, even while a backend hangs)", "q quit", 10,
	    KA_QUIT, { 'q' } },
	{ NULL, NULL, NULL, 0, KA_NONE, { 0 }, NULL }
};

static enum key_mode key_mode = KM_LIVE;

void
keymap_set_mode(enum key_mode mode)
{
	key_mode = mode;
}

int
key_binding_active(const struct key_binding *k)
{
	return k->mode == KM_ANY || k->mode == key_mode;
}

/* The i-th gate of the registry a KA_GATE row picks, or NULL past the last. */
static const struct gate_def *
picked_gate(const struct key_binding *k, int i)
{
	for (int g = 0; g < GATE_COUNT; g++) {
		const struct gate_def *d = gate_def_get((enum gate_id)g);

		if ((strcmp(k->gates, "*") == 0 ? d->run != NULL :
		    strcmp(k->gates, d->name) == 0) && i-- == 0)
			return d;
	}
	return NULL;
}

int
key_binding_code(const struct key_binding *k, int i)
{
	const struct gate_def *g;

	if (k->gates != NULL)
		return (g = picked_gate(k, i)) != NULL ? g->console_key : 0;
	if (k->action == KA_FOCUS_N)
		return i >= 0 && i < PANE_COUNT ? panes[i]->key : 0;
	return i >= 0 && i < (int)(sizeof k->codes / sizeof k->codes[0]) ?
	    k->codes[i] : 0;
}

const char *
key_binding_label(const struct key_binding *k, char *buf, size_t len)
{
	size_t used = 0;

	if (k->keys[0] != '\0' || len == 0)
		return k->keys;
	buf[0] = '\0';
	for (int i = 0, c; (c = key_binding_code(k, i)) != 0 &&
	    used + 3 <= len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%c",
		    i > 0 ? " " : "", c);
	return buf;
}

/* The one set of keys every list and scrolled text of a dialog moves with
 * (issue 23): j/k and the arrows a line, PgUp/PgDn a page, Home/End the
 * ends. */
int
key_list_move(int key, int *sel, int n, int page)
{
	int to = *sel;

	switch (key) {
	case KEY_UP: case 'k': to--; break;
	case KEY_DOWN: case 'j': to++; break;
	case KEY_PPAGE: to -= page > 0 ? page : 1; break;
	case KEY_NPAGE: to += page > 0 ? page : 1; break;
	case KEY_HOME: to = 0; break;
	case KEY_END: to = n - 1; break;
	default: return 0;
	}
	if (to > n - 1)
		to = n - 1;
	if (to < 0)
		to = 0;
	*sel = to;
	return 1;
}

const char *
key_binding_help(const struct key_binding *k, const struct settings *s,
    char *buf, size_t len)
{
	const struct gate_def *g;
	size_t used;

	if (k->help[0] != '\0' || k->gates == NULL || len == 0)
		return k->help;
	if (strcmp(k->gates, "*") != 0) {
		g = picked_gate(k, 0);
		used = (size_t)snprintf(buf, len, "run %s", g != NULL ? g->title :
		    k->gates);
	} else {
		used = (size_t)snprintf(buf, len, "run");
		for (int i = 0; (g = picked_gate(k, i)) != NULL && used < len;
		    i++)
			used += (size_t)snprintf(buf + used, len - used, " %s",
			    g->fid != NULL ? g->fid : g->name);
	}
	/* Whether a gate key writes: the collector's answer (monitor.c). */
	if (s != NULL && used < len)
		snprintf(buf + used, len - used, "; %s",
		    monitor_record_note(s, 0));
	return buf;
}

const char *
key_binding_hint(const struct key_binding *k, const struct settings *s,
    char *buf, size_t len)
{
	char keys[64];

	if (k->hint == NULL || k->hint[0] != '\0' || len == 0)
		return k->hint;
	snprintf(buf, len, "%s %s%s%s%s", key_binding_label(k, keys,
	    sizeof keys), k->gates == NULL ? "" : strcmp(k->gates, "*") == 0 ?
	    "gates" : k->gates, s != NULL && k->gates != NULL &&
	    strcmp(k->gates, "*") == 0 ? " (" : "", s != NULL && k->gates !=
	    NULL && strcmp(k->gates, "*") == 0 ? monitor_record_note(s, 1) :
	    "", s != NULL && k->gates != NULL && strcmp(k->gates, "*") == 0 ?
	    ")" : "");
	return buf;
}

const struct key_binding *
key_binding_find(int key, int *index)
{
	for (const struct key_binding *k = key_bindings; k->keys != NULL; k++)
		for (int i = 0, c; key_binding_active(k) &&
		    (c = key_binding_code(k, i)) != 0; i++)
			if (c == key) {
				if (index != NULL)
					*index = i;
				return k;
			}
	return NULL;
}
