/* The replay dialog: role, status, source, channel and limit; a dry-run
 * count first, then the core's confirmation question, answered by typing
 * yes or the count. The form locks once the count is asked for, so what is
 * replayed is what was counted. Validation, the question and the check of
 * the answer live in the core (src/replay/replay.c); this file draws and collects
 * keys. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/monitor.h"
#include "monitor/step_vars.h"
#include "replay/replay.h"
#include "ui/ui.h"
#include "core/util.h"

#define RP_H 18
#define RP_W 72
#define RP_MSG_LINES 5

static const char *const roles[] = { "MANAGER", "ADMIN" };
static const char *const statuses[] = { "OPEN", "FAILED" };

/* This dialog's replay as the snapshot shows it, or NULL. */
static const struct mon_replay *
mine(const struct ui *u, const struct view *v)
{
	const struct mon_replay *rp = &v->snap->replay;

	return u->rp_confirm && u->rp_gen != 0 && rp->gen == u->rp_gen ? rp :
	    NULL;
}

static int
ended(enum replay_phase p)
{
	return p == REPLAY_DONE || p == REPLAY_FAILED || p == REPLAY_NOTHING ||
	    p == REPLAY_DECLINED;
}

/* Locked from the moment the count is asked for until its replay ends,
 * including while the job still waits in the worker's queue. */
static int
locked(const struct ui *u, const struct view *v)
{
	const struct mon_replay *rp = mine(u, v);

	return u->rp_confirm && (rp == NULL || !ended(rp->phase));
}

static int
asking(const struct ui *u, const struct view *v)
{
	const struct mon_replay *rp = mine(u, v);

	return rp != NULL && rp->phase == REPLAY_COUNTED;
}

/* A read-only console has no replay; else a fresh form. */
static int
open_form(struct ui *u, const struct view *v)
{
	if (v->s->readonly) {
		snprintf(u->message, sizeof u->message,
		    "read-only console: replay is not available");
		return -1;
	}
	u->rp_field = 0;	/* it opens on its first field */
	/* On what the queue pane shows: its dominant status and top source
	 * (the core's reading of the snapshot). */
	{
		struct step_vars sv;

		step_vars_of_snapshot(v->snap, v->s, &sv);
		if (sv.status[0] != '\0')
			u->rp_status = strcmp(sv.status, "FAILED") == 0;
		/* A source too long for the field is left to type: never
		 * a shortened one that would count something else. */
		if (strlen(sv.source) < sizeof u->rp_source)
			memcpy(u->rp_source, sv.source, strlen(sv.source) + 1);
		else
			u->rp_source[0] = '\0';
	}
	u->rp_confirm = 0;
	u->rp_gen = 0;
	u->rp_answer[0] = '\0';
	u->rp_error[0] = '\0';
	u->rp_stop = 0;
	return 0;
}

/* Text wrapped at spaces over at most lines rows; returns rows used. */
static int
draw_wrapped(int y, int x, int w, int lines, enum role r, const char *s)
{
	int row = 0;

	while (*s != '\0' && row < lines) {
		size_t len = strlen(s), cut = len;

		if ((int)len > w) {
			cut = (size_t)w;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = (size_t)w;
		}
		draw_textf(y + row, x, w, r, "%.*s", (int)cut, s);
		s += cut;
		while (*s == ' ')
			s++;
		row++;
	}
	return row;
}

/* A canary's steps so far, one row each; returns rows used. */
static int
draw_steps(int y, int x, int w, const struct mon_replay *rp)
{
	int row = 0;

	for (int i = 0; i < rp->canary_nsteps && row < RP_MSG_LINES - 2; i++) {
		const struct canary_step_result *s = &rp->canary_steps[i];
		char succ[16];

		if (s->success >= 0)
			snprintf(succ, sizeof succ, "%.2f", s->success);
		else
			snprintf(succ, sizeof succ, "-");
		draw_textf(y + row++, x, w, s->stop != CANARY_GO_ON ? ROLE_FAIL :
		    ROLE_NORMAL, "step %d/%d: %lld moved, %lld of %lld resolved, "
		    "success %s%s%s", s->step, s->nsteps, s->moved, s->resolved,
		    s->settled, succ, s->f03 != VERDICT_SKIPPED ? ", F-03 " : "",
		    s->f03 != VERDICT_SKIPPED ? verdict_name(s->f03) : "");
	}
	return row;
}

static void
draw_state(const struct ui *u, const struct view *v, const struct box *b)
{
	const struct mon_replay *rp = mine(u, v);
	int y = b->y + 10, w = b->w - 4;

	if (rp != NULL && rp->canary && !asking(u, v))
		y += draw_steps(y, b->x + 2, w, rp);
	if (asking(u, v)) {
		y += draw_wrapped(y, b->x + 2, w, RP_MSG_LINES - 1, ROLE_ALERT,
		    rp->question);
		draw_textf(y, b->x + 2, w, ROLE_SELECTED, "> %s_", u->rp_answer);
	} else if (u->rp_error[0] != '\0')
		draw_wrapped(y, b->x + 2, w, RP_MSG_LINES, ROLE_FAIL, u->rp_error);
	else if (rp != NULL && ended(rp->phase))
		draw_wrapped(y, b->x + 2, w, RP_MSG_LINES, rp->phase ==
		    REPLAY_FAILED ? ROLE_FAIL : rp->phase == REPLAY_DONE ?
		    ROLE_PASS : ROLE_WARN, rp->message);
	else if (locked(u, v))
		draw_text(y, b->x + 2, w, ROLE_NORMAL, rp == NULL ||
		    rp->phase != REPLAY_RUNNING ? "counting (dry run)..." :
		    !rp->canary ? "replaying..." : rp->canary_stopping ||
		    u->rp_stop ? "stopping after this step settles..." :
		    "canary: replaying, watching each step...");
}

static void
draw(const struct ui *u, const struct view *v)
{
	static const char *const labels[RF_COUNT] = { "role", "status", "source",
	    "channel", "limit", "mode" };
	const char *vals[RF_COUNT];
	const char *hint;
	char who[64];
	int lock = locked(u, v);
	struct box b;

	vals[RF_ROLE] = roles[u->rp_role];
	vals[RF_STATUS] = statuses[u->rp_status];
	vals[RF_SOURCE] = u->rp_source[0] ? u->rp_source : "(any)";
	vals[RF_CHANNEL] = u->rp_channel[0] ? u->rp_channel : "(any)";
	vals[RF_LIMIT] = u->rp_limit;
	vals[RF_MODE] = u->rp_canary ? "canary (1%, 10%, the rest)" :
	    "all at once";
	dialog_box(&b, RP_H, RP_W);
	draw_frame(&b, lock ? "DLQ replay (fields locked)" : "DLQ replay", 1);
	replay_operator_resolve(v->s->operator_name, who, sizeof who);
	draw_textf(b.y + 1, b.x + 2, b.w - 4, ROLE_DIM, "core-api %s · operator %s",
	    v->snap->host, who);
	for (int i = 0; i < RF_COUNT; i++) {
		draw_textf(b.y + 3 + i, b.x + 2, 10, ROLE_NORMAL, "%s", labels[i]);
		draw_textf(b.y + 3 + i, b.x + 12, b.w - 14, lock ? ROLE_DIM :
		    i == u->rp_field ? ROLE_SELECTED : ROLE_NORMAL, "%s%s",
		    vals[i], !lock && (i <= RF_STATUS || i == RF_MODE) ?
		    "  (<-/->)" : "");
	}
	if (lock)
		draw_text(b.y + 9, b.x + 2, b.w - 4, ROLE_DIM,
		    "locked: this is what is counted and replayed");
	draw_state(u, v, &b);
	hint = asking(u, v) ? "type the answer, Enter: answer · Esc: no" :
	    lock && mine(u, v) != NULL && mine(u, v)->canary &&
	    mine(u, v)->phase == REPLAY_RUNNING ? "Esc: stop after this step" :
	    lock ? "Esc: cancel" :
	    "↑/↓ field · type to edit · Enter dry-run count · Esc close";
	draw_text(b.y + b.h - 2, b.x + 2, b.w - 4, ROLE_DIM, hint);
}

/* Backspace or one printable ASCII character into field. */
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

/* Enter on the form: the core validates and queues the dry-run count. */
static void
start_count(struct ui *u, struct monitor *m)
{
	struct replay_fields f = { roles[u->rp_role], statuses[u->rp_status],
	    u->rp_source, u->rp_channel, u->rp_limit, NULL, NULL };
	char *cause = NULL;
	unsigned gen = u->rp_canary ? monitor_replay_count_canary(m, &f, &cause) :
	    monitor_replay_count(m, &f, &cause);

	u->rp_error[0] = '\0';
	u->rp_answer[0] = '\0';
	if (gen == 0) {
		snprintf(u->rp_error, sizeof u->rp_error, "%s", cause);
		free(cause);
		return;
	}
	u->rp_gen = gen;
	u->rp_confirm = 1;
	u->rp_stop = 0;
}

static int
form_key(struct ui *u, struct monitor *m, int key)
{
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
		else if (u->rp_field == RF_MODE)
			u->rp_canary ^= 1;
		return 1;
	case '\r':
	case '\n':
	case KEY_ENTER:
		start_count(u, m);
		return 1;
	}
	u->rp_error[0] = '\0';
	if (u->rp_field == RF_SOURCE)
		edit(u->rp_source, sizeof u->rp_source, key, 0);
	else if (u->rp_field == RF_CHANNEL)
		edit(u->rp_channel, sizeof u->rp_channel, key, 0);
	else if (u->rp_field == RF_LIMIT)
		edit(u->rp_limit, sizeof u->rp_limit, key, 1);
	else
		return key != 'q';	/* q quits; other keys stay here */
	return 1;
}

/* Esc too comes here first: it declines a pending replay. */
static int
key_in(struct ui *u, const struct view *v, struct monitor *m, int key)
{
	if (key == 27 && locked(u, v) && mine(u, v) != NULL &&
	    mine(u, v)->canary && mine(u, v)->phase == REPLAY_RUNNING &&
	    !u->rp_stop) {
		/* A running canary: the first Esc stops it before its next
		 * step and keeps the dialog, so the operator sees the end. */
		monitor_replay_stop(m, u->rp_gen);
		u->rp_stop = 1;
		return 1;
	}
	if (key == 27) {
		/* Leaving with a count pending or a question open is a "no";
		 * the worker ignores it once the replay has ended. */
		if (locked(u, v))
			monitor_replay_answer(m, u->rp_gen, NULL);
		dialog_set(u, DLG_NONE);
		return 1;
	}
	if (asking(u, v)) {
		if (key == '\r' || key == '\n' || key == KEY_ENTER) {
			monitor_replay_answer(m, u->rp_gen, u->rp_answer);
			u->rp_answer[0] = '\0';
		} else
			edit(u->rp_answer, sizeof u->rp_answer, key, 0);
		return 1;
	}
	if (locked(u, v))
		return key != 'q';	/* the form cannot change under a count;
					 * q still quits */
	return form_key(u, m, key);
}

void
dialog_replay_open_source(struct ui *u, const struct view *v,
    const char *source)
{
	if (open_form(u, v) != 0)
		return;
	/* The row's source, not the pane's top one; the status stays the
	 * pane's dominant one. */
	if (strlen(source) < sizeof u->rp_source)
		memcpy(u->rp_source, source, strlen(source) + 1);
	dialog_set(u, DLG_REPLAY);
}

const struct dialog_ops dialog_replay = {
	"replay", KA_REPLAY, open_form, draw, key_in, NULL
};
