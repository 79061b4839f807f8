/* The console: layout, focus, keys and the main loop. It waits in poll() on
 * the keyboard, the collector's wake pipe and the signal pipe, swaps in the
 * newest snapshot, redraws when something changed and calls doupdate() once
 * per pass. It never talks to a backend: the monitor does. */
#include "config.h"

#include <curses.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/context.h"
#include "monitor/context_switch.h"
#include "release/decision.h"
#include "core/gate_def.h"
#include "monitor/gonogo.h"
#include "monitor/monitor.h"
#include "config/settings.h"
#include "ui/console.h"
#include "ui/layout.h"
#include "ui/tty.h"
#include "ui/ui.h"
#include "core/util.h"

/* The log strip: the newest runs, each line as wide as the screen (the
 * busy spinner takes the right of the first line only, when busy). */
static void
draw_log(const struct view *v, int y, int h)
{
	const struct mon_snapshot *s = v->snap;
	int first = s->nlog > h ? s->nlog - h : 0;

	for (int i = 0; i < h; i++)
		mvhline(y + i, 0, ' ', COLS);
	if (s->busy && h > 0)
		draw_textf(y, COLS - 30, 30, ROLE_WARN, "%s %s",
		    draw_spinner(s->busy_since, v->now), s->busy_what);
	for (int i = first; i < s->nlog; i++) {
		struct tm tm;
		char at[16];
		int row = i - first;

		localtime_r(&s->log[i].at, &tm);
		strftime(at, sizeof at, "%H:%M:%S", &tm);
		draw_textf(y + row, 1, COLS - (row == 0 && s->busy ? 32 : 2),
		    tty_verdict_role(s->log[i].verdict), "%s %s", at,
		    s->log[i].text);
	}
}

/* The HOLD banner (a run just put the batch on HOLD), until Esc: up to two
 * lines under the header; returns the lines it takes. */
static int
banner_lines(const struct ui *u, const struct view *v)
{
	const struct mon_snapshot *s = v->snap;

	if (s->banner[0] == '\0' || u->banner_seen == s->banner_seq)
		return 0;
	return draw_wrap_lines(COLS - 2, s->banner) > 1 && LINES >= 24 ? 2 : 1;
}

static void
draw_banner(const struct view *v, int h)
{
	for (int i = 0; i < h; i++) {
		attrset(tty_attr(ROLE_ALERT));
		mvhline(1 + i, 0, ' ', COLS);
	}
	if (h == 1)
		draw_text(1, 1, COLS - 2, ROLE_ALERT, v->snap->banner);
	else if (h > 1)
		draw_wrap(1, 1, COLS - 2, h, 0, ROLE_ALERT, v->snap->banner);
	attrset(A_NORMAL);
}

/*
 * The hint bar from the key map: when it does not fit, the hints with the
 * lowest keep go first, so "? help" and "q quit" are the last to go. A
 * notice takes the left and leaves the most kept hints at the right.
 */
static void
draw_hints(const struct ui *u, const struct settings *s)
{
	int n = 0, on[32], total = 0, sep = draw_width(" · "), avail = COLS - 2;
	char line[512], buf[32][64], notice[160] = "";
	const char *hint[32];
	size_t len = 0;

	mvhline(LINES - 1, 0, ' ', COLS);
	if (list_find_draw(u, LINES - 1))
		return;
	if (u->filter_edit) {
		draw_textf(LINES - 1, 1, COLS - 2, ROLE_WARN, "filter pane %d: "
		    "%s_   Enter keep · Esc clear", u->filter_pane + 1, u->filter);
		return;
	}
	if (u->cmd_edit) {
		draw_textf(LINES - 1, 1, COLS - 2, ROLE_WARN, ":%s_   Tab "
		    "complete · Enter run · Esc cancel", u->cmd);
		return;
	}
	if (u->message[0] != '\0' || (u->dialog == DLG_NONE &&
	    rows_notice(u, notice, sizeof notice)))
		avail -= draw_text(LINES - 1, 1, COLS - 2, ROLE_WARN,
		    u->message[0] != '\0' ? u->message : notice) + 3;
	for (; key_bindings[n].keys != NULL && n < 32; n++) {
		hint[n] = !key_binding_active(&key_bindings[n]) ? NULL :
		    key_binding_hint(&key_bindings[n], s, buf[n],
		    sizeof buf[n]);
		on[n] = hint[n] != NULL && ((u->message[0] == '\0' &&
		    notice[0] == '\0') || key_bindings[n].keep >= 9);
		if (on[n])
			total += draw_width(hint[n]) + sep;
	}
	total -= sep;
	while (total > avail) {
		int drop = -1;

		for (int i = 0; i < n; i++)
			if (on[i] && (drop < 0 ||
			    key_bindings[i].keep <= key_bindings[drop].keep))
				drop = i;
		if (drop < 0)
			break;
		on[drop] = 0;
		total -= draw_width(hint[drop]) + sep;
	}
	line[0] = '\0';
	for (int i = 0; i < n; i++)
		if (on[i] && len < sizeof line)
			len += (size_t)snprintf(line + len, sizeof line - len,
			    "%s%s", len ? " · " : "", hint[i]);
	if (total > 0)
		draw_text(LINES - 1, u->message[0] == '\0' && notice[0] == '\0' ? 1 :
		    COLS - 1 - (total < avail ? total : avail), avail, ROLE_DIM,
		    line);
}

/* Where pane i is on the screen now (the banner, the log's lines and the
 * zoom taken into account): 1, or 0 when it is not shown. */
static int
pane_box(const struct ui *u, const struct view *v, int i, struct box *b)
{
	int bl = banner_lines(u, v), lines = LINES - bl, ll;
	struct box log;

	ll = layout_log_lines(lines, v->snap->nlog + (v->snap->busy &&
	    v->snap->nlog == 0) + timebar_lines(v));
	if ((u->zoom && i != u->focus) ||
	    layout_pane_in(i, PANE_COUNT, COLS, lines, ll, b) != 0)
		return 0;
	if (u->zoom) {
		layout_log(COLS, lines, ll, &log);
		b->y = 1;
		b->x = 0;
		b->w = COLS;
		b->h = log.y - 1;
	}
	b->y += bl;
	return 1;
}

/*
 * The panes fill what the header, the banner, the log strip (only the lines
 * it has) and the hint bar leave (ui/layout.c: two columns from 80 on, one
 * below, down to 40x12); z zooms the focused pane to all of it.
 */
static void
draw_screen(const struct ui *u, const struct view *v)
{
	int bl = banner_lines(u, v), ll;
	int lines = LINES - bl;
	struct box b, log;

	erase();
	if (layout_pane(0, PANE_COUNT, COLS, LINES, &b) != 0) {
		draw_textf(LINES / 2, 0, COLS, ROLE_WARN,
		    "terminal too small: %dx%d, need %dx%d", COLS, LINES,
		    LAYOUT_MIN_COLS, LAYOUT_MIN_LINES);
		return;
	}
	ll = layout_log_lines(lines, v->snap->nlog + (v->snap->busy &&
	    v->snap->nlog == 0) + timebar_lines(v));
	header_draw(u, v);
	draw_banner(v, bl);
	for (int i = 0; i < PANE_COUNT; i++) {
		struct view pv = *v;

		if (!pane_box(u, v, i, &b))
			continue;
		pv.filter = i == u->filter_pane && u->filter[0] != '\0' ?
		    u->filter : NULL;
		rows_view(u, i, &pv);
		pane_draw(panes[i], &b, &pv, i == u->focus);
	}
	layout_log(COLS, lines, ll, &log);
	/* A replay's time bar takes the log's first lines (issue 26). */
	draw_log(v, log.y + bl + timebar_lines(v), log.h - timebar_lines(v));
	timebar_draw(v, log.y + bl);
	draw_hints(u, v->s);
	if (dialogs[u->dialog] != NULL)
		dialogs[u->dialog]->draw(u, v);
}

/* The screen as the view has it. The selection is a row, not a place in a
 * list that changes under it: found again first; what each row drawn was
 * is kept after, for a click. */
static void
redraw(struct ui *u, const struct view *v)
{
	rows_resolve(u, v);
	draw_screen(u, v);
	rows_drawn(u, v);
	wnoutrefresh(stdscr);
	doupdate();
}

/* Keys while the '/' filter is typed: they edit it, nothing else. */
static void
filter_key(struct ui *u, const struct view *v, int key)
{
	size_t len = strlen(u->filter);

	if (key == 27) {
		u->filter[0] = '\0';
		u->filter_edit = 0;
	} else if (key == '\r' || key == '\n' || key == KEY_ENTER) {
		u->filter_edit = 0;
		rows_filter_kept(u, v);	/* the first match, or says it is hidden */
	}
	else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (len > 0)
			u->filter[len - 1] = '\0';
	} else if (key >= 0x20 && key < 0x7f && len + 1 < sizeof u->filter) {
		u->filter[len] = (char)key;
		u->filter[len + 1] = '\0';
	}
}

/* Switches to u->switch_to: the new context's settings, a fresh collector
 * (empty snapshot and history, so nothing of the old context shows under
 * the new name) and the old collector stopped off this thread. */
static void
switch_context(struct ui *u, struct settings **owned,
    const struct settings **cur, struct monitor **m,
    struct mon_snapshot **snap, int wake_fd)
{
	struct settings *next = xcalloc(1, sizeof *next);
	char *cause = NULL;

	if (strcmp(u->switch_to, (*cur)->context != NULL ? (*cur)->context :
	    "") == 0) {
		free(next);
		u->switch_to[0] = '\0';
		return;
	}
	if (context_settings_load(next, *cur, u->switch_to, &cause) != 0) {
		snprintf(u->message, sizeof u->message, "%s", cause);
		free(cause);
		free(next);
		u->switch_to[0] = '\0';
		return;
	}
	snapshot_release(*snap);
	context_retire(*m, *owned);
	*owned = next;
	*cur = next;
	*m = monitor_start(next, wake_fd);
	*snap = monitor_snapshot(*m);
	u->paused = 0;
	dialog_set(u, DLG_NONE);
	snprintf(u->message, sizeof u->message, "context %s: connecting…",
	    next->context);
	u->switch_to[0] = '\0';
}

/*
 * A key while a dialog is open: the dialog owns every key (none falls
 * through to the main screen). Its own keys first (the replay dialog takes
 * Esc to decline a pending replay, and q while a field is typed in); then
 * Esc backs out, L switches the playbook language, q quits, Enter closes.
 */
static void
dialog_key(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	const struct dialog_ops *d = dialogs[u->dialog];

	if (list_find_key(u, v, d != NULL ? d->list : NULL, key))
		return;
	if (d != NULL && d->key != NULL && d->key(u, v, m, key))
		return;
	if (key == 27 || key == '\r' || key == '\n' || key == KEY_ENTER)
		dialog_set(u, DLG_NONE);
	else if (key == 'L')
		u->lang = u->lang == LANG_EN ? LANG_ID : LANG_EN;
	else if (key == 'q')
		u->quit = 1;
}

/* y on the main screen: the newest report path of the focused pane's gate
 * this session, else its verdict and code. */
static void
copy_focused(struct ui *u, const struct view *v)
{
	const struct mon_snapshot *s = v->snap;
	const struct gate_result *r = view_result(v, panes[u->focus]->gate,
	    NULL);
	char text[96];

	for (int i = s->nruns - 1; i >= 0; i--)
		if (s->runs[i].gate == panes[u->focus]->gate &&
		    s->runs[i].report_md[0] != '\0') {
			ui_copy(u, s->runs[i].report_md);
			return;
		}
	if (r == NULL) {
		ui_copy(u, "");
		return;
	}
	snprintf(text, sizeof text, "%s%s%s", verdict_name(r->verdict),
	    r->code ? " " : "", code_name(r->code));
	ui_copy(u, text);
}

/* The action of a key binding of the main screen; idx is the key's place in
 * the binding's codes. */
static void
run_action(struct ui *u, const struct view *v, struct monitor *m,
    const struct key_binding *k, int key, int idx)
{
	const struct gate_def *g;

	if (k->action == KA_PLAYBOOK && key != 't' && rows_enter(u, v))
		return;	/* Enter on a selected row opens the row */
	if (dialog_open_for(u, v, k->action)) {
		if (u->dialog == DLG_PLAYBOOK)	/* recorded (issue 26) */
			monitor_note(m, "playbook", u->pb_code, -1);
		return;
	}
	switch (k->action) {
	case KA_GATE:
		if ((g = gate_def_by_key(key)) == NULL)
			break;
		monitor_run_gate(m, g->id);
		snprintf(u->message, sizeof u->message, "running %s…", g->name);
		break;
	case KA_QUIT:
		u->quit = 1;
		break;
	case KA_FOCUS_NEXT:
		u->focus = (u->focus + 1) % PANE_COUNT;
		u->row = -1;
		break;
	case KA_FOCUS_PREV:
		u->focus = (u->focus + PANE_COUNT - 1) % PANE_COUNT;
		u->row = -1;
		break;
	case KA_FOCUS_N:
		u->row = u->focus == idx ? u->row : -1;
		u->focus = idx;
		break;
	case KA_ROW:
		rows_move(u, v, key);
		break;
	case KA_ZOOM:
		u->zoom = !u->zoom;
		break;
	case KA_COPY:
		copy_focused(u, v);
		break;
	case KA_PROMPT:
		u->cmd_edit = 1;
		u->cmd[0] = '\0';
		break;
	case KA_REFRESH:
		monitor_refresh(m);
		snprintf(u->message, sizeof u->message, "refreshing…");
		break;
	case KA_PAUSE:
		u->paused = !u->paused;
		monitor_set_paused(m, u->paused);
		snprintf(u->message, sizeof u->message, u->paused ?
		    "paused: space resumes" : "resumed");
		break;
	case KA_FILTER:
		if (u->filter_pane != u->focus)
			u->filter[0] = '\0';
		u->filter_pane = u->focus;
		u->filter_edit = 1;
		break;
	case KA_LANG:
		u->lang = u->lang == LANG_EN ? LANG_ID : LANG_EN;
		snprintf(u->message, sizeof u->message, "playbook language: %s",
		    u->lang == LANG_EN ? "English" : "Bahasa Indonesia");
		break;
	case KA_PLAY_STEP:	/* a replayed session (ui/timebar.c) */
	case KA_PLAY_EVENT:
	case KA_PLAY_TOGGLE:
	case KA_PLAY_SPEED:
	case KA_PLAY_FIND:
		timebar_action(u, m, k, idx);
		break;
	default:	/* KA_NONE, or a dialog's (opened above) */
		break;
	}
}

/*
 * The mouse (issue 23, item 10; off with --no-mouse): the wheel scrolls the
 * open dialog (as the arrows do); a click on a pane focuses it, a second
 * click on the focused pane opens its playbook (its failure code's row).
 */
static void
mouse_key(struct ui *u, const struct view *v, struct monitor *m)
{
	MEVENT ev;
	struct box b;

	if (getmouse(&ev) != OK)
		return;
	if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		if (u->dialog != DLG_NONE)
			dialog_key(u, v, m, ev.bstate & BUTTON4_PRESSED ? KEY_UP :
			    KEY_DOWN);
		return;
	}
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) ||
	    u->dialog != DLG_NONE)
		return;
	for (int i = 0; i < PANE_COUNT; i++)
		if (pane_box(u, v, i, &b) && ev.y >= b.y && ev.y < b.y + b.h &&
		    ev.x >= b.x && ev.x < b.x + b.w) {
			if (rows_click(u, v, i, ev.y))
				return;	/* a row: it opens */
			u->row = i == u->focus ? u->row : -1;
			if (i == u->focus)
				dialog_open_for(u, v, KA_PLAYBOOK);
			u->focus = i;
			return;
		}
}

static void
handle_key(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	const struct key_binding *k;
	int idx = 0;

	u->message[0] = '\0';
	if (key == KEY_RESIZE) {
		panes_resize(COLS, LINES);
		if (dialogs[u->dialog] != NULL &&
		    dialogs[u->dialog]->resize != NULL)
			dialogs[u->dialog]->resize(u);
		return;
	}
	if (key == KEY_MOUSE) {
		mouse_key(u, v, m);
		return;
	}
	if (u->filter_edit) {
		filter_key(u, v, key);
		return;
	}
	if (u->cmd_edit) {
		prompt_key(u, v, m, key);
		return;
	}
	if (timebar_edit_key(u, m, key))
		return;
	if (u->dialog != DLG_NONE) {
		dialog_key(u, v, m, key);
		return;
	}
	if (key == 27 && (u->filter[0] != '\0' || u->row >= 0)) {
		u->filter[0] = '\0';
		u->row = -1;
		return;
	}
	if (key == 27 && v->snap->banner[0] != '\0' &&
	    u->banner_seen != v->snap->banner_seq) {
		u->banner_seen = v->snap->banner_seq;
		return;
	}
	if ((k = key_binding_find(key, &idx)) != NULL)
		run_action(u, v, m, k, key, idx);
}

static void
frame_line(const char *stats, const char *tag, const struct timespec *ts)
{
	char *path = xasprintf("%s.frames", stats);
	FILE *f = fopen(path, "a");

	if (f != NULL) {
		fprintf(f, "%s %lld\n", tag, (long long)ts->tv_sec * 1000000000LL +
		    ts->tv_nsec);
		fclose(f);
	}
	free(path);
}

/* For the benchmark (INGESTGATE_STATS_FILE): wall-clock time of the first
 * frame and of the first frame with all four panes filled. */
static void
note_frame(const char *stats, const struct view *v, int *state)
{
	struct timespec ts;
	int full = 1;

	if (stats == NULL || *state == 2)
		return;
	for (int i = 0; i < PANE_COUNT; i++)
		full &= view_result(v, panes[i]->gate, NULL) != NULL;
	if (*state == 1 && !full)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (*state == 0)
		frame_line(stats, "first", &ts);
	if (full)
		frame_line(stats, "full", &ts);
	*state = full ? 2 : 1;
}

static void
drain(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof buf) > 0)
		;
}

/* Checks the terminal and loads the playbook before anything touches the
 * terminal (a refusal leaves it as it is), then starts it; the wake pipe is
 * the collector's doorbell. 0, or -1 after saying why on stderr. */
static int
console_start(const struct settings *s, struct playbook **pb, int wake[2])
{
	char why[160], *cause = NULL;

	if (!tty_usable(why, sizeof why)) {
		fprintf(stderr, "ingestgate: the console needs a full-screen "
		    "terminal (%s); run the gates with 'ingestgate gate NAME' "
		    "instead\n", why);
		return -1;
	}
	if ((*pb = playbook_load(s->playbook_file, &cause)) == NULL) {
		fprintf(stderr, "ingestgate: playbook: %s\n", cause);
		free(cause);
		return -1;
	}
	if (pipe(wake) == -1)
		fatal("pipe failed");
	fcntl(wake[0], F_SETFL, O_NONBLOCK);
	fcntl(wake[1], F_SETFL, O_NONBLOCK);
	if (tty_start(s->no_color) != 0) {
		fprintf(stderr, "ingestgate: cannot start the terminal\n");
		playbook_free(*pb);
		return -1;
	}
	return 0;
}

/* Gives the terminal back and frees what the console held. */
static void
console_stop(struct ui *u, struct monitor *m, struct mon_snapshot *snap,
    struct settings *owned, struct playbook *pb, int wake[2])
{
	tty_restore();
	dialog_timeline_close(u);
	pager_close(u);
	snapshot_release(snap);
	if (monitor_stop(m) != 0) {
		/* The collector is still inside a call that cannot be cut short
		 * and reads the settings and the pipe: leave now, freeing
		 * nothing it might touch, rather than make the operator wait. */
		fflush(NULL);
		_exit(0);
	}
	context_retire_wait();
	if (owned != NULL) {
		settings_free(owned);
		free(owned);
	}
	close(wake[0]);
	close(wake[1]);
	playbook_free(pb);
}

int
console_run(const struct settings *s0)
{
	const struct settings *s = s0;
	struct settings *owned = NULL;	/* the settings after a switch */
	struct ui u;
	struct monitor *m;
	struct mon_snapshot *snap;
	struct playbook *pb;
	int wake[2];
	unsigned long drawn_seq = 0;
	time_t drawn_at = 0;
	int dirty = 1, frames = 0;
	const char *stats = getenv("INGESTGATE_STATS_FILE");

	if (console_start(s, &pb, wake) != 0)
		return 2;
	util_set_fatal_hook(tty_restore);
	/* Clicks and the wheel, unless the terminal should keep them. */
	if (!s->no_mouse) {
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
		    BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	/* Without a UTF-8 locale, frames, bars and sparklines fall back to ASCII. */
	draw_set_charset(s->ascii, tty_utf8());
	memset(&u, 0, sizeof u);
	u.pb = pb;
	u.row = -1;
	u.lang = playbook_lang_parse(s->lang);
	snprintf(u.rp_limit, sizeof u.rp_limit, "100");
	keymap_set_mode(s->session_replay != NULL ? KM_REPLAY : KM_LIVE);
	m = monitor_start(s, wake[1]);
	snap = monitor_snapshot(m);
	panes_resize(COLS, LINES);

	while (!u.quit && !tty_signalled()) {
		struct pollfd fds[3] = {
			{ STDIN_FILENO, POLLIN, 0 },
			{ wake[0], POLLIN, 0 },
			{ tty_signal_fd(), POLLIN, 0 },
		};
		struct view v;
		time_t now = time(NULL);
		int key;

		v.snap = snap;
		v.s = s;
		/* A replay's ages are as they were at the frame's time. */
		v.now = snap->play.on ? snap->play.at : now;
		v.focus = u.focus;
		/* Ages and the spinner change once a second: redraw then too. */
		if (dirty || snap->seq != drawn_seq || now != drawn_at) {
			redraw(&u, &v);
			note_frame(stats, &v, &frames);
			drawn_seq = snap->seq;
			drawn_at = now;
			dirty = 0;
		}
		if (poll(fds, 3, 1000) > 0 && (fds[1].revents & POLLIN)) {
			drain(wake[0]);
			snapshot_release(snap);
			snap = monitor_snapshot(m);
			/* "running…" notices end when the work does. */
			if (!snap->busy && strstr(u.message, "…") != NULL)
				u.message[0] = '\0';
		}
		while ((key = getch()) != ERR) {
			v.snap = snap;
			handle_key(&u, &v, m, key);
			dirty = 1;
			if (u.switch_to[0] != '\0') {
				switch_context(&u, &owned, &s, &m, &snap, wake[1]);
				break;
			}
		}
	}
	console_stop(&u, m, snap, owned, pb, wake);
	return 0;
}
