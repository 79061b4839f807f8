/* The playbook dialog: an entry's steps; Enter runs a step's live check and
 * its answer and time appear beside the step. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "monitor.h"
#include "ui/ui.h"

void
dialog_playbook_draw(const struct ui *u, const struct view *v)
{
	const struct playbook_entry *e = playbook_find(u->pb, u->pb_code);
	const struct mon_live *live = &v->snap->live;
	struct box b;
	int y;

	dialog_box(&b, LINES - 4, COLS - 8);
	draw_frame(&b, u->lang == LANG_ID ? "Playbook (id)" : "Playbook (en)", 1);
	if (e == NULL) {
		draw_textf(b.y + 2, b.x + 2, b.w - 4, ROLE_NORMAL,
		    "No playbook entry for %s.", u->pb_code);
		return;
	}
	const struct playbook_text *t = &e->lang[u->lang];

	draw_textf(b.y + 1, b.x + 2, b.w - 4, ROLE_TITLE, "%s — %s", e->code,
	    t->title);
	y = b.y + 2;
	/* The why, wrapped on words. */
	{
		const char *p = t->why;
		int w = b.w - 4;

		while (*p != '\0' && y < b.y + 6) {
			int len = (int)strlen(p), cut = len;

			if (len > w) {
				cut = w;
				while (cut > 0 && p[cut] != ' ')
					cut--;
				if (cut == 0)
					cut = w;
			}
			mvaddnstr(y++, b.x + 2, p, cut);
			p += cut;
			while (*p == ' ')
				p++;
		}
	}
	y++;
	for (size_t i = 0; i < t->nsteps && y < b.y + b.h - 2; i++) {
		const struct playbook_step *st = &t->steps[i];
		int sel = (int)i == u->pb_step;

		draw_textf(y, b.x + 2, b.w - 4, sel ? ROLE_SELECTED : ROLE_NORMAL,
		    "%s%zu. %s", sel ? "> " : "  ", i + 1, st->text);
		y++;
		if (st->check != LIVE_NONE && y < b.y + b.h - 2) {
			if (strcmp(live->code, e->code) == 0 &&
			    live->step == (int)i) {
				struct tm tm;
				char at[16];

				localtime_r(&live->at, &tm);
				strftime(at, sizeof at, "%H:%M:%S", &tm);
				draw_textf(y, b.x + 7, b.w - 9, live->ok ? ROLE_PASS :
				    ROLE_FAIL, "%s %s  %s", live->ok ? "✓" : "✗",
				    at, live->text);
			} else
				draw_textf(y, b.x + 7, b.w - 9, ROLE_DIM,
				    "live check: %s (Enter)",
				    live_check_label(st->check));
			y++;
		}
	}
	draw_text(b.y + b.h - 2, b.x + 2, b.w - 4, ROLE_DIM,
	    v->snap->busy ? "running…   ↑/↓ move · Enter run check · L language · Esc close" :
	    "↑/↓ move · Enter run check · L language · Esc close");
}

int
dialog_playbook_key(struct ui *u, const struct view *v, struct monitor *m,
    int key)
{
	const struct playbook_entry *e = playbook_find(u->pb, u->pb_code);
	int n = e != NULL ? (int)e->lang[u->lang].nsteps : 0;

	(void)v;
	switch (key) {
	case KEY_UP:
	case 'k':
		if (u->pb_step > 0)
			u->pb_step--;
		return 1;
	case KEY_DOWN:
	case 'j':
		if (u->pb_step + 1 < n)
			u->pb_step++;
		return 1;
	case '\r':
	case '\n':
	case KEY_ENTER:
		if (e != NULL && u->pb_step < n &&
		    e->lang[u->lang].steps[u->pb_step].check != LIVE_NONE)
			monitor_live_check(m, e->lang[u->lang].steps[u->pb_step].check,
			    e->code, u->pb_step);
		else
			snprintf(u->message, sizeof u->message,
			    "this step has no live check");
		return 1;
	}
	return 0;
}
