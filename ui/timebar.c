/* The time bar of a replayed session (issue 26): where the player is in the
 * recording, its events as ticks, play/pause and speed, and the events of
 * the frame shown, on the log's first two lines; and the player's keys
 * (rows of the one key map, ui/keymap.c, in KM_REPLAY), which only ask the
 * monitor's player (monitor_play): the UI decides nothing. ASCII only. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "monitor/monitor.h"
#include "ui/ui.h"

/* The "/" prompt of the replay: what is typed, while typing. */
static char find_text[48];
static int find_edit;

int
timebar_lines(const struct view *v)
{
	return v->snap->play.on ? 2 : 0;
}

static void
bar_text(const struct mon_play *pl, char *out, int w)
{
	time_t span = pl->end > pl->start ? pl->end - pl->start : 1;
	int pos = (int)((pl->at - pl->start) * (w - 1) / span);

	for (int i = 0; i < w; i++)
		out[i] = i < pos ? '=' : '-';
	for (int i = 0; i < pl->nmarks; i++) {
		int x = pl->marks[i] * (w - 1) / 1000;

		if (x >= 0 && x < w)
			out[x] = '*';
	}
	if (pos >= 0 && pos < w)
		out[pos] = '|';
	out[w] = '\0';
}

void
timebar_draw(const struct view *v, int y)
{
	const struct mon_play *pl = &v->snap->play;
	char at[32], head[160], bar[256];
	struct tm tm;
	int x, w;

	if (!pl->on)
		return;
	gmtime_r(&pl->at, &tm);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M:%SZ", &tm);
	snprintf(head, sizeof head, "REPLAY %s %s x%d ", at,
	    pl->playing ? "PLAY" : "PAUSE", pl->speed);
	mvhline(y, 0, ' ', COLS);
	mvhline(y + 1, 0, ' ', COLS);
	x = 1 + draw_text(y, 1, COLS - 2, ROLE_ALERT, head);
	snprintf(head, sizeof head, " %ld/%ld%s%s%s", pl->frame + 1,
	    pl->nframes, pl->op[0] != '\0' ? " by " : "", pl->op,
	    pl->truncated ? " (cut short)" : "");
	w = COLS - 2 - x - draw_width(head) - 2;
	if (w >= 8) {
		if (w > (int)sizeof bar - 1)
			w = (int)sizeof bar - 1;
		bar_text(pl, bar, w);
		x += draw_text(y, x, w + 2, ROLE_DIM, "[") ;
		x += draw_text(y, x, w, ROLE_TITLE, bar);
		x += draw_text(y, x, 1, ROLE_DIM, "]");
	}
	draw_text(y, x, COLS - 1 - x, ROLE_DIM, head);
	if (find_edit)
		draw_textf(y + 1, 1, COLS - 2, ROLE_WARN, "find: %s_   Enter "
		    "find · Esc cancel", find_text);
	else
		draw_text(y + 1, 1, COLS - 2, ROLE_WARN, pl->note);
}

void
timebar_action(struct ui *u, struct monitor *m, const struct key_binding *k,
    int idx)
{
	int dir = idx == 0 ? -1 : 1;

	switch (k->action) {
	case KA_PLAY_STEP:
		monitor_play(m, PLAY_STEP, dir, NULL);
		break;
	case KA_PLAY_EVENT:
		monitor_play(m, PLAY_EVENT, dir, NULL);
		break;
	case KA_PLAY_TOGGLE:
		monitor_play(m, PLAY_TOGGLE, 0, NULL);
		break;
	case KA_PLAY_SPEED:
		monitor_play(m, PLAY_SPEED, idx == 0 ? 1 : -1, NULL);
		break;
	case KA_PLAY_FIND:
		find_edit = 1;
		find_text[0] = '\0';
		break;
	default:
		break;
	}
	(void)u;
}

int
timebar_edit_key(struct ui *u, struct monitor *m, int key)
{
	size_t len = strlen(find_text);

	(void)u;
	if (!find_edit)
		return 0;
	if (key == 27)
		find_edit = 0;
	else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		find_edit = 0;
		if (len > 0)
			monitor_play(m, PLAY_FIND, 0, find_text);
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len > 0)
			find_text[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof find_text) {
		find_text[len] = (char)key;
		find_text[len + 1] = '\0';
	}
	return 1;
}
