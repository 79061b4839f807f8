/* The '/' find of every list dialog (issue 23): one implementation over the
 * dialog's list_ops (ui/ui.h), so the timeline, the history, the pager (a
 * report, the log), the playbook, the checklist, the help, the contexts
 * and a pane's whole list all find the same way: '/' opens the field in
 * the hint line, Enter jumps to the next row that holds the term (any
 * case, after the row shown, round to the top), n to the next one, and
 * the hint line says where it landed or that nothing matches. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui/ui.h"

/* 1 when text holds term, in any case. */
static int
holds(const char *text, const char *term)
{
	size_t n = strlen(term);

	for (const char *p = text; *p != '\0'; p++)
		if (strncasecmp(p, term, n) == 0)
			return 1;
	return 0;
}

/* The next row after the one shown that holds the term, round to the top;
 * says where it landed, or that nothing matches. */
static void
find_at(struct ui *u, const struct view *v, const struct list_ops *l)
{
	int n = l->count(u, v), at = l->at(u, v), matches = 0, to = -1, k = 0;
	char buf[1024];

	for (int i = 0; i < n; i++)
		matches += holds(l->text(u, v, i, buf, sizeof buf), u->find);
	for (int step = 1; step <= n && to < 0; step++) {
		int i = (at + step) % n;

		if (holds(l->text(u, v, i, buf, sizeof buf), u->find))
			to = i;
	}
	if (to < 0) {
		snprintf(u->message, sizeof u->message, "no match for '%s' "
		    "(%d row%s searched)", u->find, n, n == 1 ? "" : "s");
		return;
	}
	for (int i = 0; i <= to; i++)
		k += holds(l->text(u, v, i, buf, sizeof buf), u->find);
	l->go(u, v, to);
	snprintf(u->message, sizeof u->message, "'%s': row %d of %d, match %d "
	    "of %d%s · n next", u->find, to + 1, n, k, matches, to <= at ?
	    " (from the top)" : "");
}

/* One find, the list held for it (built once, not at each row). */
static void
find_next(struct ui *u, const struct view *v, const struct list_ops *l)
{
	if (l->hold != NULL)
		l->hold(u, v, 1);
	find_at(u, v, l);
	if (l->hold != NULL)
		l->hold(u, v, 0);
}

/* A key while the term is typed: it edits it, Enter finds, Esc cancels. */
static void
edit_key(struct ui *u, const struct view *v, const struct list_ops *l,
    int key)
{
	size_t len = strlen(u->find);

	if (key == 27) {
		u->find[0] = '\0';
		u->find_edit = 0;
	} else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		u->find_edit = 0;
		if (u->find[0] != '\0')
			find_next(u, v, l);
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len > 0)
			u->find[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof u->find) {
		u->find[len] = (char)key;
		u->find[len + 1] = '\0';
	}
}

int
list_find_key(struct ui *u, const struct view *v, const struct list_ops *l,
    int key)
{
	if (l == NULL)
		return 0;
	/* A term belongs to the dialog it was typed in. */
	if (u->find_dialog != u->dialog) {
		u->find[0] = '\0';
		u->find_edit = 0;
		u->find_dialog = u->dialog;
	}
	if (u->find_edit) {
		edit_key(u, v, l, key);
		return 1;
	}
	if (key == '/') {
		u->find_edit = 1;
		u->find[0] = '\0';
		return 1;
	}
	if (key == 'n') {
		if (u->find[0] != '\0')
			find_next(u, v, l);
		else
			snprintf(u->message, sizeof u->message,
			    "/ first: n finds the next match");
		return 1;
	}
	return 0;
}

int
list_find_hit(const struct ui *u, const char *text)
{
	return u->find[0] != '\0' && u->find_dialog == u->dialog &&
	    holds(text, u->find);
}

int
list_find_draw(const struct ui *u, int y)
{
	if (!u->find_edit || u->find_dialog != u->dialog)
		return 0;
	mvhline(y, 0, ' ', COLS);
	draw_textf(y, 1, COLS - 2, ROLE_WARN, "find: %s_   Enter next match · "
	    "Esc cancel", u->find);
	return 1;
}

/* Here, with the find, not in ui/dialogs.c: the dialogs open themselves
 * through it, and the table there names them. */
void
dialog_set(struct ui *u, enum dialog d)
{
	/* A find belongs to one opening of one dialog: however the last one
	 * closed (Esc, Enter, a context switch), its term and field end. */
	u->find[0] = '\0';
	u->find_edit = 0;
	u->find_dialog = d;
	u->dialog = d;
}
