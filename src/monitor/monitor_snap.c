/* The collector's snapshots: their reference counts, the copy the worker
 * changes and publishes (swapped in whole under the lock, announced by one
 * byte on the wake pipe), and the pieces a step adds to that copy: a gate's
 * result, a log line, the busy mark, the sparklines' history. A published
 * snapshot is never edited. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "core/util.h"
#include "monitor/monitor_int.h"

static void
shared_release(struct shared_result *sr)
{
	if (sr != NULL && atomic_fetch_sub(&sr->refs, 1) == 1) {
		result_free(sr->r);
		free(sr);
	}
}

void
snapshot_release(struct mon_snapshot *snap)
{
	if (snap == NULL || atomic_fetch_sub(&snap->refs, 1) != 1)
		return;
	for (int i = 0; i < GATE_COUNT; i++) {
		shared_release(snap->res[i]);
		shared_release(snap->good[i]);
	}
	free(snap);
}

/* A copy of the current snapshot for the worker to change and publish. */
struct mon_snapshot *
mon_snap_clone(struct monitor *m)
{
	struct mon_snapshot *n = xmalloc(sizeof *n);

	memcpy(n, m->cur, sizeof *n);
	atomic_init(&n->refs, 1);
	for (int i = 0; i < GATE_COUNT; i++) {
		if (n->res[i] != NULL)
			atomic_fetch_add(&n->res[i]->refs, 1);
		if (n->good[i] != NULL)
			atomic_fetch_add(&n->good[i]->refs, 1);
	}
	return n;
}

/* Takes ownership of n. */
void
mon_publish(struct monitor *m, struct mon_snapshot *n)
{
	struct mon_snapshot *old;
	ssize_t w;

	pthread_mutex_lock(&m->lock);
	n->seq = m->cur->seq + 1;
	old = m->cur;
	m->cur = n;
	pthread_mutex_unlock(&m->lock);
	snapshot_release(old);
	mon_rec_frame(m, n);	/* issue 26: the worker records what it shows */
	do
		w = write(m->wake_fd, "s", 1);
	while (w == -1 && errno == EINTR);
}

struct mon_snapshot *
monitor_snapshot(struct monitor *m)
{
	struct mon_snapshot *s;

	pthread_mutex_lock(&m->lock);
	s = m->cur;
	atomic_fetch_add(&s->refs, 1);
	pthread_mutex_unlock(&m->lock);
	return s;
}

/* Takes ownership of r. */
void
mon_set_result(struct mon_snapshot *n, struct gate_result *r)
{
	struct shared_result *sr = xcalloc(1, sizeof *sr);
	enum gate_id id = r->gate->id;

	atomic_init(&sr->refs, 1);
	sr->r = r;
	sr->at = r->finished.tv_sec;
	shared_release(n->res[id]);
	n->res[id] = sr;
	/* ERROR means a backend did not answer: keep the last figures. */
	if (r->verdict != VERDICT_ERROR) {
		atomic_fetch_add(&sr->refs, 1);
		shared_release(n->good[id]);
		n->good[id] = sr;
	}
}

void
mon_add_log(struct mon_snapshot *n, enum verdict v, const char *fmt, ...)
{
	va_list ap;
	char raw[320], *clean;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	clean = sanitize_text(raw, sizeof n->log[0].text - 1);
	if (n->nlog == MON_LOG) {
		memmove(&n->log[0], &n->log[1], sizeof n->log[0] * (MON_LOG - 1));
		n->nlog--;
	}
	n->log[n->nlog].at = time(NULL);
	n->log[n->nlog].verdict = v;
	snprintf(n->log[n->nlog].text, sizeof n->log[0].text, "%s", clean);
	n->nlog++;
	free(clean);
}

void
mon_set_busy(struct monitor *m, const char *what)
{
	struct mon_snapshot *n = mon_snap_clone(m);

	n->busy = what != NULL;
	snprintf(n->busy_what, sizeof n->busy_what, "%s", what ? what : "");
	n->busy_since = time(NULL);
	mon_publish(m, n);
}

/* A result's metrics, or NULL (the accessors then give their default). */
static const struct kvlist *
metrics_of(const struct shared_result *sr)
{
	return sr != NULL && sr->r != NULL ? &sr->r->metrics : NULL;
}

/* The sparklines' history: a null success rate (no sample) and a missing
 * DLQ count (the gate failed) add no point; -1 is never a count. */
void
mon_push_history(struct mon_snapshot *n)
{
	const struct kvlist *p = metrics_of(n->res[GATE_PROCESSING]);
	const struct kvlist *q = metrics_of(n->res[GATE_DLQ_GROWTH]);
	double rate = kv_num_or(p, M_SUCCESS_RATE, NAN);
	long long open = kv_int_or(q, M_OPEN, -1);
	long long failed = kv_int_or(q, M_FAILED, -1);

	if (!isnan(rate)) {
		if (n->nrate == MON_HISTORY) {
			memmove(n->rate_hist, n->rate_hist + 1,
			    sizeof n->rate_hist[0] * (MON_HISTORY - 1));
			n->nrate--;
		}
		n->rate_hist[n->nrate++] = rate;
	}
	if (open >= 0 && failed >= 0) {
		if (n->nof == MON_HISTORY) {
			memmove(n->of_hist, n->of_hist + 1,
			    sizeof n->of_hist[0] * (MON_HISTORY - 1));
			n->nof--;
		}
		n->of_hist[n->nof++] = open + failed;
	}
}

const struct gate_result *
snapshot_result(const struct mon_snapshot *s, enum gate_id id, time_t *at)
{
	const struct gate_result *best = NULL;
	time_t best_at = 0;

	for (int g = 0; g < GATE_COUNT; g++) {
		const struct shared_result *sr = s->res[g];

		if (sr == NULL)
			continue;
		if (g == (int)id && sr->at >= best_at) {
			best = sr->r;
			best_at = sr->at;
		}
		for (size_t i = 0; i < sr->r->nstages; i++)
			if (sr->r->stages[i]->gate->id == id && sr->at > best_at) {
				best = sr->r->stages[i];
				best_at = sr->at;
			}
	}
	if (at != NULL)
		*at = best_at;
	return best;
}
