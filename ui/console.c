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

#include "gate_def.h"
#include "monitor.h"
#include "settings.h"
#include "ui/console.h"
#include "ui/tty.h"
#include "ui/ui.h"
#include "util.h"

#define MIN_COLS 80
#define MIN_LINES 24

void
dialog_box(struct box *b, int h, int w)
{
	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	b->h = h;
	b->w = w;
	b->y = (LINES - h) / 2;
	b->x = (COLS - w) / 2;
	draw_fill(b);
}

static void
draw_header(const struct ui *u, const struct view *v)
{
	const struct mon_snapshot *s = v->snap;
	enum verdict vs[4];
	int have[4], x;
	const char *d = checklist_decision(v, vs, have);
	char age[16], line[256];

	attrset(tty_attr(ROLE_HEADER));
	mvhline(0, 0, ' ', COLS);
	attrset(A_NORMAL);
	draw_age(age, sizeof age, s->refreshed_at, v->now);
	snprintf(line, sizeof line, " ingestgate · batch %s · core-api %s · "
	    "refreshed %s ago%s", v->s->batch != NULL ? v->s->batch : "(none)",
	    s->host, age, u->paused ? " · PAUSED" : "");
	x = draw_text(0, 0, COLS - 24, ROLE_HEADER, line);
	x = COLS - 24 > x ? COLS - 24 : x;
	if (v->s->readonly)
		x += 1 + draw_text(0, x, COLS - x, ROLE_ALERT, "READ-ONLY");
	if (v->s->insecure)
		x += 1 + draw_text(0, x + 1, COLS - x - 1, ROLE_ALERT, "TLS OFF");
	draw_text(0, COLS - 7, 7, strcmp(d, "GO") == 0 ? ROLE_PASS :
	    strcmp(d, "NO-GO") == 0 ? ROLE_ALERT : ROLE_WARN, d);
}

static void
draw_log(const struct view *v, int y, int h)
{
	const struct mon_snapshot *s = v->snap;
	int first = s->nlog > h ? s->nlog - h : 0;

	for (int i = 0; i < h; i++)
		mvhline(y + i, 0, ' ', COLS);
	if (s->busy)
		draw_textf(y, COLS - 30, 30, ROLE_WARN, "%s %s",
		    draw_spinner(s->busy_since, v->now), s->busy_what);
	for (int i = first; i < s->nlog; i++) {
		struct tm tm;
		char at[16];

		localtime_r(&s->log[i].at, &tm);
		strftime(at, sizeof at, "%H:%M:%S", &tm);
		draw_textf(y + (i - first), 1, COLS - 32,
		    tty_verdict_role(s->log[i].verdict), "%s %s", at,
		    s->log[i].text);
	}
}

static void
draw_hints(const struct ui *u)
{
	mvhline(LINES - 1, 0, ' ', COLS);
	if (u->message[0] != '\0')
		draw_text(LINES - 1, 1, COLS - 2, ROLE_WARN, u->message);
	else
		draw_text(LINES - 1, 1, COLS - 2, ROLE_DIM,
		    "e s a p d c gates · r release · E evidence · t playbook · "
		    "g go/no-go · x replay · Tab focus · R refresh · ? help · q quit");
}

static void
draw_screen(const struct ui *u, const struct view *v)
{
	int top = 1, logh = 3, bottom = LINES - 1 - logh;
	int ph = (bottom - top) / 2, pw = COLS / 2;

	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		draw_textf(LINES / 2, 0, COLS, ROLE_WARN,
		    "terminal too small: %dx%d, need %dx%d", COLS, LINES,
		    MIN_COLS, MIN_LINES);
		return;
	}
	draw_header(u, v);
	for (int i = 0; i < PANE_COUNT; i++) {
		struct box b = { top + (i / 2) * ph, (i % 2) * pw, ph,
		    i % 2 ? COLS - pw : pw };

		pane_draw(panes[i], &b, v, i == u->focus);
	}
	draw_log(v, bottom, logh);
	draw_hints(u);
	switch (u->dialog) {
	case DLG_HELP: dialog_help_draw(u); break;
	case DLG_PLAYBOOK: dialog_playbook_draw(u, v); break;
	case DLG_CHECKLIST: dialog_checklist_draw(u, v); break;
	case DLG_REPLAY: dialog_replay_draw(u, v); break;
	case DLG_NONE: break;
	}
}

static void
open_playbook(struct ui *u, const struct view *v)
{
	const struct gate_result *r = view_result(v, panes[u->focus]->gate, NULL);

	if (r == NULL || r->code == CODE_NONE) {
		snprintf(u->message, sizeof u->message, "%s: no failure code, "
		    "nothing to troubleshoot", panes[u->focus]->title);
		return;
	}
	snprintf(u->pb_code, sizeof u->pb_code, "%s", code_name(r->code));
	u->pb_step = 0;
	u->dialog = DLG_PLAYBOOK;
}

static void
handle_key(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	static const struct { int key; enum gate_id gate; } gate_keys[] = {
		{ 'e', GATE_ENV_BASELINE }, { 's', GATE_CONTRACT_SMOKE },
		{ 'a', GATE_ADMIN_RBAC }, { 'p', GATE_PROCESSING },
		{ 'd', GATE_DLQ_GROWTH }, { 'c', GATE_QUALITY },
		{ 'r', GATE_RELEASE }, { 'E', GATE_EVIDENCE },
	};

	u->message[0] = '\0';
	if (key == KEY_RESIZE)
		return;
	if (u->dialog != DLG_NONE) {
		/* The replay dialog sees Esc first: it declines a pending replay. */
		if (u->dialog == DLG_REPLAY && dialog_replay_key(u, v, m, key))
			return;
		if (key == 27) {
			u->dialog = DLG_NONE;
			return;
		}
		if (u->dialog == DLG_PLAYBOOK && dialog_playbook_key(u, v, m, key))
			return;
		if (key == 'L') {
			u->lang = u->lang == LANG_EN ? LANG_ID : LANG_EN;
			return;
		}
		if (key == 'q' || key == '\r' || key == '\n') {
			u->dialog = DLG_NONE;
			return;
		}
	}
	for (size_t i = 0; i < nitems(gate_keys); i++) {
		if (key == gate_keys[i].key) {
			monitor_run_gate(m, gate_keys[i].gate);
			snprintf(u->message, sizeof u->message, "running %s…",
			    gate_def_get(gate_keys[i].gate)->name);
			return;
		}
	}
	switch (key) {
	case 'q':
		u->quit = 1;
		break;
	case '\t':
		u->focus = (u->focus + 1) % PANE_COUNT;
		break;
	case KEY_BTAB:
		u->focus = (u->focus + PANE_COUNT - 1) % PANE_COUNT;
		break;
	case '1': case '2': case '3': case '4':
		u->focus = key - '1';
		break;
	case 't':
	case '\r':
	case '\n':
	case KEY_ENTER:
		open_playbook(u, v);
		break;
	case 'R':
	case KEY_F(5):
		monitor_refresh(m);
		snprintf(u->message, sizeof u->message, "refreshing…");
		break;
	case ' ':
		u->paused = !u->paused;
		monitor_set_paused(m, u->paused);
		snprintf(u->message, sizeof u->message, u->paused ?
		    "paused: space resumes" : "resumed");
		break;
	case 'g':
		u->dialog = DLG_CHECKLIST;
		break;
	case 'x':
		if (v->s->readonly)
			snprintf(u->message, sizeof u->message,
			    "read-only console: replay is not available");
		else
			dialog_replay_open(u, v);
		break;
	case 'L':
		u->lang = u->lang == LANG_EN ? LANG_ID : LANG_EN;
		snprintf(u->message, sizeof u->message, "playbook language: %s",
		    u->lang == LANG_EN ? "English" : "Bahasa Indonesia");
		break;
	case '?':
	case KEY_F(1):
		u->dialog = DLG_HELP;
		break;
	default:
		break;
	}
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

int
console_run(const struct settings *s)
{
	struct ui u;
	struct monitor *m;
	struct mon_snapshot *snap;
	struct playbook *pb;
	char *cause = NULL;
	int wake[2];
	unsigned long drawn_seq = 0;
	time_t drawn_at = 0;
	int dirty = 1, frames = 0;
	const char *stats = getenv("INGESTGATE_STATS_FILE");

	pb = playbook_load(s->playbook_file, &cause);
	if (pb == NULL) {
		fprintf(stderr, "ingestgate: playbook: %s\n", cause);
		free(cause);
		return 2;
	}
	if (pipe(wake) == -1)
		fatal("pipe failed");
	fcntl(wake[0], F_SETFL, O_NONBLOCK);
	fcntl(wake[1], F_SETFL, O_NONBLOCK);
	if (tty_start(s->no_color) != 0) {
		fprintf(stderr, "ingestgate: cannot start the terminal\n");
		playbook_free(pb);
		return 2;
	}
	util_set_fatal_hook(tty_restore);
	/* Without a UTF-8 locale, frames, bars and sparklines fall back to ASCII. */
	draw_set_ascii(s->ascii || !tty_utf8());
	memset(&u, 0, sizeof u);
	u.pb = pb;
	u.lang = playbook_lang_parse(s->lang);
	snprintf(u.rp_limit, sizeof u.rp_limit, "100");
	m = monitor_start(s, wake[1]);
	snap = monitor_snapshot(m);

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
		v.now = now;
		v.focus = u.focus;
		/* Ages and the spinner change once a second: redraw then too. */
		if (dirty || snap->seq != drawn_seq || now != drawn_at) {
			draw_screen(&u, &v);
			wnoutrefresh(stdscr);
			doupdate();
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
		}
	}
	tty_restore();
	snapshot_release(snap);
	monitor_stop(m);
	close(wake[0]);
	close(wake[1]);
	playbook_free(pb);
	return 0;
}
