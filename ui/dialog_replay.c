/* The replay dialog: role, status, source, channel and limit; a dry-run
 * count first, then a confirmation that shows the count and the host. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor.h"
#include "ui/ui.h"
#include "util.h"

static const char *const roles[] = { "MANAGER", "ADMIN" };
static const char *const statuses[] = { "OPEN", "FAILED" };

void
dialog_replay_draw(const struct ui *u, const struct view *v)
{
	static const char *const labels[RF_COUNT] = { "role", "status", "source",
	    "channel", "limit" };
	const struct mon_replay *rp = &v->snap->replay;
	const char *vals[RF_COUNT];
	struct box b;
	int mine = rp->gen == u->rp_gen;

	vals[RF_ROLE] = roles[u->rp_role];
	vals[RF_STATUS] = statuses[u->rp_status];
	vals[RF_SOURCE] = u->rp_source[0] ? u->rp_source : "(any)";
	vals[RF_CHANNEL] = u->rp_channel[0] ? u->rp_channel : "(any)";
	vals[RF_LIMIT] = u->rp_limit;
	dialog_box(&b, 14, 70);
	draw_frame(&b, "DLQ replay", 1);
	draw_textf(b.y + 1, b.x + 2, b.w - 4, ROLE_DIM, "core-api %s",
	    v->snap->host);
	for (int i = 0; i < RF_COUNT; i++) {
		draw_textf(b.y + 3 + i, b.x + 2, 10, ROLE_NORMAL, "%s", labels[i]);
		draw_textf(b.y + 3 + i, b.x + 12, b.w - 14, i == u->rp_field ?
		    ROLE_SELECTED : ROLE_NORMAL, "%s%s", vals[i],
		    i <= RF_STATUS ? "  (←/→)" : "");
	}
	if (mine && rp->phase == REPLAY_COUNTED && u->rp_confirm)
		draw_textf(b.y + 9, b.x + 2, b.w - 4, ROLE_ALERT,
		    "Replay %lld %s entries on %s? y: yes · Esc: no",
		    rp->selected, statuses[u->rp_status], v->snap->host);
	else if (mine && rp->phase != REPLAY_IDLE)
		draw_text(b.y + 9, b.x + 2, b.w - 4, rp->phase == REPLAY_FAILED ?
		    ROLE_FAIL : ROLE_NORMAL, rp->phase == REPLAY_COUNTING ?
		    "counting (dry run)…" : rp->phase == REPLAY_RUNNING ?
		    "replaying…" : rp->message);
	draw_text(b.y + b.h - 2, b.x + 2, b.w - 4, ROLE_DIM,
	    "↑/↓ field · type to edit · Enter dry-run count · Esc close");
}

static void
edit(char *field, size_t size, int key, int digits)
{
	size_t len = strlen(field);

	if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len > 0)
			field[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < size &&
	    (!digits || (key >= '0' && key <= '9'))) {
		field[len] = (char)key;
		field[len + 1] = '\0';
	}
}

int
dialog_replay_key(struct ui *u, const struct view *v, struct monitor *m,
    int key)
{
	const struct mon_replay *rp = &v->snap->replay;
	long limit;

	if (u->rp_confirm && rp->gen == u->rp_gen &&
	    rp->phase == REPLAY_COUNTED) {
		if (key == 'y' || key == 'Y') {
			u->rp_confirm = 0;
			u->rp_gen = rp->gen + 1;
			monitor_replay(m, roles[u->rp_role], statuses[u->rp_status],
			    u->rp_source, u->rp_channel, atol(u->rp_limit), 0);
		} else
			u->rp_confirm = 0;
		return 1;
	}
	switch (key) {
	case KEY_UP:
		u->rp_field = (u->rp_field + RF_COUNT - 1) % RF_COUNT;
		return 1;
	case KEY_DOWN:
	case '\t':
		u->rp_field = (u->rp_field + 1) % RF_COUNT;
		return 1;
	case KEY_LEFT:
	case KEY_RIGHT:
		if (u->rp_field == RF_ROLE)
			u->rp_role ^= 1;
		else if (u->rp_field == RF_STATUS)
			u->rp_status ^= 1;
		return 1;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (parse_long(u->rp_limit, 1, 100000, &limit) != 0) {
			snprintf(u->message, sizeof u->message,
			    "limit must be a whole number from 1 to 100000");
			return 1;
		}
		u->rp_gen = rp->gen + 1;
		u->rp_confirm = 1;
		monitor_replay(m, roles[u->rp_role], statuses[u->rp_status],
		    u->rp_source, u->rp_channel, limit, 1);
		return 1;
	}
	if (u->rp_field == RF_SOURCE)
		edit(u->rp_source, sizeof u->rp_source, key, 0);
	else if (u->rp_field == RF_CHANNEL)
		edit(u->rp_channel, sizeof u->rp_channel, key, 0);
	else if (u->rp_field == RF_LIMIT)
		edit(u->rp_limit, sizeof u->rp_limit, key, 1);
	else
		return 0;
	return 1;
}
