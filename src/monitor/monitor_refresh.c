/* The console's refresh (issue 23, item 5): F-03, F-04, F-00 and the Redis
 * queue depth, each on its own thread with its own connections, so one hung
 * backend delays only what needs it. While they run the worker publishes,
 * once a second, what each request in flight for more than a second waits
 * on (the clients' own words, waitnote.h), and each part's result as soon
 * as it is in. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "clients/core_api.h"
#include "clients/ops_db.h"
#include "clients/redis_client.h"
#include "core/fileio.h"
#include "core/util.h"
#include "core/waitnote.h"
#include "monitor/monitor_int.h"
#include "release/gate_run.h"

/* The failure correlation (a scan of ingest_event_log) runs again when
 * core-api's failed count changes, and at least this often. */
#define CORRELATE_SECONDS 60

static const char *
queue_redis_url(const struct settings *s)
{
	const char *u = s->env[ENV_INGEST_REDIS_URL];

	return u != NULL && *u != '\0' ? u : s->env[ENV_REDIS_URL];
}

static long
requests(const struct gate_ctx *ctx)
{
	return ctx->api != NULL ? core_api_requests(ctx->api) : 0L;
}

/* Cost counters for the benchmark: requests, round trips, refreshes. */
static void
write_stats(struct monitor *m)
{
	json_object *o = json_object_new_object();
	char *json, *dir, *slash, *cause = NULL;

	json_object_object_add(o, "refreshes",
	    json_object_new_int64((int64_t)m->refreshes));
	json_object_object_add(o, "httpRequests", json_object_new_int64(
	    requests(&m->ctx) + requests(&m->ctx_dlq) + requests(&m->ctx_env)));
	json_object_object_add(o, "redisRoundTrips",
	    json_object_new_int64(redis_round_trips()));
	json_object_object_add(o, "sqlRoundTrips",
	    json_object_new_int64(ops_db_round_trips()));
	json = xasprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	dir = xstrdup(m->stats_file);
	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		if (fileio_write_atomic(*dir ? dir : "/", slash + 1, json,
		    &cause) != 0)
			free(cause);
	}
	free(dir);
	free(json);
}

static long long
failed_count(const struct gate_result *r)
{
	return kv_int_or(r != NULL ? &r->metrics : NULL, M_FAILED, -1);
}

/*
 * F-03 for a refresh. The correlation of failures with ingest_event_log is
 * the one costly statement of an idle refresh (at 1M events it scans the
 * window's failures), and its answer cannot change while the failed count
 * stays the same: ops_db keeps the last answer, keyed by the failed count
 * this collector saw last. When core-api's count moved since then, the run
 * that answered from the kept result is done again with the new count, so
 * a new failure never shows beside an old correlation. Key presses and
 * one-shot gates never use the kept answer.
 */
static struct gate_result *
refresh_processing(struct monitor *m)
{
	struct gate_result *proc;
	long hits;

	if (m->ctx.db != NULL && (m->corr_failed < 0 ||
	    time(NULL) - m->corr_at >= CORRELATE_SECONDS))
		ops_db_memo_forget(m->ctx.db);
	ops_db_memo(m->ctx.db, 1, m->corr_failed);
	hits = ops_db_memo_hits(m->ctx.db);
	proc = gate_run(&m->ctx, GATE_PROCESSING);
	if (m->ctx.db != NULL && ops_db_memo_hits(m->ctx.db) != hits &&
	    failed_count(proc) != m->corr_failed) {
		ops_db_memo(m->ctx.db, 1, failed_count(proc));
		hits = ops_db_memo_hits(m->ctx.db);
		result_free(proc);
		proc = gate_run(&m->ctx, GATE_PROCESSING);
	}
	if (m->ctx.db == NULL || ops_db_memo_hits(m->ctx.db) == hits)
		m->corr_at = time(NULL);	/* scanned (or nothing to scan) */
	m->corr_failed = failed_count(proc);
	ops_db_memo(m->ctx.db, 0, 0);
	return proc;
}

/* One part of a refresh, run on its own thread. */
enum part_kind { PART_PROCESSING, PART_DLQ, PART_ENV, PART_DEPTH, PART_COUNT };

struct refresh;

struct part {
	struct refresh *rf;
	enum part_kind kind;
	enum gate_id gate;	/* what its pane shows; GATE_COUNT: the depth */
	pthread_t thread;
	struct waitnote_slot slot;
	int done;		/* under rf->lock */
	int taken;		/* its results are in a published snapshot */
	struct gate_result *r, *quality;
	struct queue_depth depth;
	int depth_ok;
	char *cause;
};

struct refresh {
	struct monitor *m;
	int first;
	int quality;		/* F-05 runs in this refresh too */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int remaining;
	struct part parts[PART_COUNT];
};

static void
part_depth(struct monitor *m, struct part *p)
{
	memset(&p->depth, 0, sizeof p->depth);
	if (m->redis == NULL)
		m->redis = redis_conn_open(queue_redis_url(m->s),
		    m->s->http_timeout_ms, &p->cause);
	p->depth_ok = m->redis != NULL && redis_conn_queue_depth(m->redis,
	    m->s->queue_prefix, m->s->queue_name, &p->depth, &p->cause) == 0;
	if (!p->depth_ok && m->redis != NULL) {
		redis_conn_close(m->redis);
		m->redis = NULL;
	}
}

static void *
part_run(void *arg)
{
	struct part *p = arg;
	struct monitor *m = p->rf->m;

	waitnote_bind(&p->slot);
	switch (p->kind) {
	case PART_PROCESSING:
		m->ctx.now = time(NULL);
		p->r = refresh_processing(m);
		break;
	case PART_DLQ:
		m->ctx_dlq.now = time(NULL);
		p->r = gate_run(&m->ctx_dlq, GATE_DLQ_GROWTH);
		break;
	case PART_ENV:
		/* F-00 with the others: its pane is as fresh as theirs. F-05
		 * runs at start and on its key (its pane shows its age), and
		 * again while its last run found ops_db down, so its pane (and
		 * the header's STALE) clears once the database is back. */
		m->ctx_env.now = time(NULL);
		p->r = gate_run(&m->ctx_env, GATE_ENV_BASELINE);
		if (p->rf->quality)
			p->quality = gate_run(&m->ctx_env, GATE_QUALITY);
		break;
	default:
		part_depth(m, p);
		break;
	}
	waitnote_bind(NULL);
	pthread_mutex_lock(&p->rf->lock);
	p->done = 1;
	p->rf->remaining--;
	pthread_cond_signal(&p->rf->cond);
	pthread_mutex_unlock(&p->rf->lock);
	return NULL;
}

/* Moves what the finished parts brought into n (once each) and notes what
 * the others wait on. Called with rf->lock held. */
static void
take_parts(struct refresh *rf, struct mon_snapshot *n, time_t now)
{
	for (int i = 0; i < PART_COUNT; i++) {
		struct part *p = &rf->parts[i];
		struct mon_wait *w = &n->waiting[p->gate];

		w->what[0] = '\0';
		if (!p->done) {
			time_t since;

			if (waitnote_slot_read(&p->slot, w->what, sizeof w->what,
			    &since) && now - since >= 1)
				w->since = since;
			else
				w->what[0] = '\0';
			continue;
		}
		if (p->taken)
			continue;
		p->taken = 1;
		if (p->r != NULL)
			mon_set_result(n, p->r);
		if (p->quality != NULL)
			mon_set_result(n, p->quality);
		p->r = p->quality = NULL;
		if (p->kind != PART_DEPTH)
			continue;
		n->have_depth = p->depth_ok;
		if (p->depth_ok) {
			n->depth = p->depth;
			n->depth_good_at = now;
			n->depth_error[0] = '\0';
		} else
			snprintf(n->depth_error, sizeof n->depth_error, "%s",
			    p->cause != NULL ? p->cause : "no connection");
		n->depth_at = now;
	}
}

/* Starts the parts, each on its thread. */
static void
start_parts(struct refresh *rf)
{
	static const enum gate_id gates[PART_COUNT] = { GATE_PROCESSING,
	    GATE_DLQ_GROWTH, GATE_ENV_BASELINE, GATE_COUNT };

	rf->remaining = PART_COUNT;
	for (int i = 0; i < PART_COUNT; i++) {
		struct part *p = &rf->parts[i];

		p->rf = rf;
		p->kind = (enum part_kind)i;
		p->gate = gates[i];
		waitnote_slot_init(&p->slot);
	}
	for (int i = 0; i < PART_COUNT; i++)
		if (pthread_create(&rf->parts[i].thread, NULL, part_run,
		    &rf->parts[i]) != 0)
			fatal("cannot start a refresh thread");
}

/*
 * One refresh: every part at once. The worker wakes when a part ends and
 * once a second, and publishes what is in and what is still awaited; the
 * last snapshot of the refresh carries its time, the sparklines' point and
 * the batch as the disk has it.
 */
void
mon_do_refresh(struct monitor *m, int first)
{
	struct refresh *rf = xcalloc(1, sizeof *rf);
	struct mon_snapshot *n;
	int remaining, last = PART_COUNT;
	struct timespec began, now;

	rf->m = m;
	rf->first = first;
	clock_gettime(CLOCK_MONOTONIC, &began);
	/* Read before the parts start: only this thread replaces m->cur. */
	rf->quality = first || (m->cur->res[GATE_QUALITY] != NULL &&
	    m->cur->res[GATE_QUALITY]->r->verdict == VERDICT_ERROR);
	pthread_mutex_init(&rf->lock, NULL);
	pthread_cond_init(&rf->cond, NULL);
	start_parts(rf);
	pthread_mutex_lock(&rf->lock);
	do {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (rf->remaining == last)
			pthread_cond_timedwait(&rf->cond, &rf->lock, &until);
		last = remaining = rf->remaining;
		n = mon_snap_clone(m);
		take_parts(rf, n, time(NULL));
		if (remaining > 0) {
			/* Part of a refresh: recorded only once the refresh
			 * has waited a second (monitor_rec_frame.c). */
			clock_gettime(CLOCK_MONOTONIC, &now);
			m->rec_partial = (now.tv_sec - began.tv_sec) * 1000 +
			    (now.tv_nsec - began.tv_nsec) / 1000000 < 1000;
			mon_publish(m, n);
			m->rec_partial = 0;
		}
	} while (remaining > 0);
	pthread_mutex_unlock(&rf->lock);
	for (int i = 0; i < PART_COUNT; i++) {
		pthread_join(rf->parts[i].thread, NULL);
		waitnote_slot_destroy(&rf->parts[i].slot);
		free(rf->parts[i].cause);
	}
	pthread_mutex_destroy(&rf->lock);
	pthread_cond_destroy(&rf->cond);
	free(rf);
	n->refreshed_at = time(NULL);
	n->busy = 0;
	/* The batch on disk too: another shell's run or sign-off shows. */
	gonogo_read_disk(m->s, &n->disk);
	mon_push_history(n);
	mon_publish(m, n);
	m->refreshes++;
	if (m->stats_file != NULL)
		write_stats(m);
}
