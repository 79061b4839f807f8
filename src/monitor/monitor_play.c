/* The recording player (issue 26): the console's second source of
 * snapshots. In place of the collector, its thread reads a recording
 * (session_read.c) and publishes the snapshot of one frame at a time
 * through the same swap and wake pipe, so the panes, the header and the
 * dialogs draw what they drew then and the UI decides nothing. It steps by
 * frame or by event, plays at a speed, finds an event by its words, and
 * contacts no backend. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "monitor/monitor_int.h"
#include "session/session_event.h"
#include "session/session_read.h"

#define SPEED_MAX 64

struct mon_player {
	struct session_file *sf;
	size_t cur;
	int playing;
	int speed;
	struct timespec due;	/* playing: when the next frame shows */
	struct play_cmd {
		enum mon_play_cmd cmd;
		int arg;
		char text[64];
	} cmds[64];		/* under the monitor's lock */
	int ncmds;
	char note[240];
};

struct mon_player *
mon_player_open(const char *path, char **cause)
{
	struct mon_player *p;
	struct session_file *sf = session_load(path, cause);

	if (sf == NULL)
		return NULL;
	if (sf->nframes == 0) {
		*cause = xasprintf("%s: the recording holds no frame", path);
		session_free(sf);
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	p->sf = sf;
	p->speed = 1;
	return p;
}

void
mon_player_free(struct mon_player *p)
{
	if (p == NULL)
		return;
	session_free(p->sf);
	free(p);
}

/* The events of frame k in words, "; " between them. */
static void
frame_note(const struct mon_player *p, size_t k, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < p->sf->nevents && used + 3 < len; i++) {
		char t[200];

		if (p->sf->events[i].frame != k)
			continue;
		session_event_text(p->sf->events[i].ev, 0, t, sizeof t);
		used += (size_t)snprintf(out + used, len - used, "%s%s",
		    used ? "; " : "", t);
	}
}

static void
fill_play(const struct mon_player *p, struct mon_play *pl)
{
	const struct session_file *sf = p->sf;
	time_t span = sf->end > sf->start ? sf->end - sf->start : 1;

	pl->on = 1;
	pl->frame = (long)p->cur;
	pl->nframes = (long)sf->nframes;
	pl->at = sf->frame_at[p->cur];
	pl->start = sf->start;
	pl->end = sf->end;
	pl->playing = p->playing;
	pl->speed = p->speed;
	pl->truncated = session_cut_short(sf);
	pl->nevents = (long)sf->nevents;
	pl->nmarks = 0;
	for (size_t i = 0; i < sf->nevents && pl->nmarks < MON_PLAY_MARKS;
	    i++)
		pl->marks[pl->nmarks++] = (short)((sf->events[i].at -
		    sf->start) * 1000 / span);
	if (p->note[0] != '\0')
		snprintf(pl->note, sizeof pl->note, "%s", p->note);
	else
		frame_note(p, p->cur, pl->note, sizeof pl->note);
	/* Parts missing or unreadable: said where nothing else is. */
	if (pl->note[0] == '\0')
		session_gap_text(sf, 0, pl->note, sizeof pl->note);
	snprintf(pl->file, sizeof pl->file, "%s", sf->path);
	snprintf(pl->op, sizeof pl->op, "%s",
	    session_str(sf->header, "operator") != NULL ?
	    session_str(sf->header, "operator") : "");
}

static void
show(struct monitor *m, struct mon_player *p)
{
	struct mon_snapshot *n;
	json_object *f;
	char *cause = NULL;

	if ((f = session_frame(p->sf, p->cur, &cause)) == NULL) {
		snprintf(p->note, sizeof p->note, "cannot read frame %zu: %s",
		    p->cur + 1, cause);
		free(cause);
		n = mon_snap_clone(m);
	} else
		n = mon_snapshot_of_frame(f, p->sf->frame_at[p->cur]);
	fill_play(p, &n->play);
	mon_publish(m, n);
	p->note[0] = '\0';
}

static void
to_event(struct mon_player *p, int dir)
{
	const struct session_file *sf = p->sf;

	if (dir > 0) {
		for (size_t i = 0; i < sf->nevents; i++)
			if (sf->events[i].frame > p->cur) {
				p->cur = sf->events[i].frame;
				return;
			}
		snprintf(p->note, sizeof p->note, "no later event");
		return;
	}
	for (size_t i = sf->nevents; i-- > 0;)
		if (sf->events[i].frame < p->cur) {
			p->cur = sf->events[i].frame;
			return;
		}
	snprintf(p->note, sizeof p->note, "no earlier event");
}

/* The next event after the current frame whose words hold text, wrapping
 * round once. */
static void
find(struct mon_player *p, const char *text)
{
	const struct session_file *sf = p->sf;
	size_t n = sf->nevents, start = 0;

	while (start < n && sf->events[start].frame <= p->cur)
		start++;
	for (size_t k = 0; k < n; k++) {
		const struct session_event *e = &sf->events[(start + k) % n];
		char t[160];

		if (!session_event_matches(e->ev, text))
			continue;
		p->cur = e->frame;
		session_event_text(e->ev, 0, t, sizeof t);
		snprintf(p->note, sizeof p->note, "found \"%s\": %s", text, t);
		return;
	}
	snprintf(p->note, sizeof p->note, "\"%s\" not found", text);
}

static void
apply(struct mon_player *p, enum mon_play_cmd c, int arg, const char *text)
{
	size_t last = p->sf->nframes - 1;

	switch (c) {
	case PLAY_STEP:
		p->playing = 0;
		if (arg < 0 && p->cur > 0)
			p->cur--;
		else if (arg > 0 && p->cur < last)
			p->cur++;
		break;
	case PLAY_EVENT:
		p->playing = 0;
		to_event(p, arg);
		break;
	case PLAY_TOGGLE:
		p->playing = !p->playing;
		if (p->playing && p->cur == last)
			p->cur = 0;
		clock_gettime(CLOCK_REALTIME, &p->due);
		break;
	case PLAY_SPEED:
		if (arg > 0 && p->speed < SPEED_MAX)
			p->speed *= 2;
		else if (arg < 0 && p->speed > 1)
			p->speed /= 2;
		break;
	case PLAY_FIND:
		p->playing = 0;
		find(p, text);
		break;
	}
}

/* When the frame after cur shows: the recorded gap over the speed, at
 * least a twentieth of a second so frames of one second all show. */
static void
next_due(struct mon_player *p)
{
	const struct session_file *sf = p->sf;
	long gap_ms = 50;

	if (p->cur + 1 < sf->nframes)
		gap_ms = (long)(sf->frame_at[p->cur + 1] - sf->frame_at[p->cur])
		    * 1000 / p->speed;
	if (gap_ms < 50)
		gap_ms = 50;
	p->due.tv_sec += gap_ms / 1000;
	p->due.tv_nsec += (gap_ms % 1000) * 1000000L;
	p->due.tv_sec += p->due.tv_nsec / 1000000000L;
	p->due.tv_nsec %= 1000000000L;
}

void *
mon_player_worker(void *arg)
{
	struct monitor *m = arg;
	struct mon_player *p = m->player;

	show(m, p);
	pthread_mutex_lock(&m->lock);
	while (!m->stopping) {
		struct timespec now;

		if (p->ncmds > 0) {
			struct play_cmd c = p->cmds[0];

			memmove(&p->cmds[0], &p->cmds[1],
			    sizeof p->cmds[0] * (size_t)(p->ncmds - 1));
			p->ncmds--;
			pthread_mutex_unlock(&m->lock);
			apply(p, c.cmd, c.arg, c.text);
			if (c.cmd == PLAY_TOGGLE && p->playing)
				next_due(p);
			show(m, p);
			pthread_mutex_lock(&m->lock);
			continue;
		}
		if (!p->playing) {
			pthread_cond_wait(&m->cond, &m->lock);
			continue;
		}
		clock_gettime(CLOCK_REALTIME, &now);
		if (now.tv_sec < p->due.tv_sec || (now.tv_sec == p->due.tv_sec &&
		    now.tv_nsec < p->due.tv_nsec)) {
			pthread_cond_timedwait(&m->cond, &m->lock, &p->due);
			continue;
		}
		pthread_mutex_unlock(&m->lock);
		if (p->cur + 1 < p->sf->nframes) {
			p->cur++;
			next_due(p);
		} else
			p->playing = 0;
		show(m, p);
		pthread_mutex_lock(&m->lock);
	}
	m->done = 1;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

void
monitor_play(struct monitor *m, enum mon_play_cmd c, int arg,
    const char *text)
{
	if (m->player == NULL)
		return;
	pthread_mutex_lock(&m->lock);
	if (m->player->ncmds < (int)nitems(m->player->cmds)) {
		struct play_cmd *pc = &m->player->cmds[m->player->ncmds++];

		pc->cmd = c;
		pc->arg = arg;
		snprintf(pc->text, sizeof pc->text, "%s",
		    text != NULL ? text : "");
	}
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}
