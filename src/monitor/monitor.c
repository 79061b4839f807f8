/* The console's collector: the worker thread's loop (the refresh on an
 * interval, the jobs the UI queues), its start and stop, and the requests.
 * Only the worker touches the backends for the console; what it publishes
 * is built in monitor_snap.c, and the jobs it runs on request live in
 * monitor_gate.c, monitor_live.c and monitor_replay.c. */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/cancel.h"
#include "clients/core_api.h"
#include "clients/ops_db.h"
#include "clients/redis_client.h"
#include "gates/gate.h"
#include "release/gate_run.h"
#include "monitor/monitor.h"
#include "monitor/monitor_int.h"
#include "core/fileio.h"
#include "config/url.h"
#include "core/util.h"

/* Before the first refresh: the batch as the disk has it (its latest
 * evidence and status), so the header never says PENDING for a batch
 * the reports call READY while the backends are slow to answer. */
static void
mon_first_disk(struct monitor *m)
{
	struct mon_snapshot *n = mon_snap_clone(m);

	gonogo_read_disk(m->s, &n->disk);
	n->busy = 1;
	snprintf(n->busy_what, sizeof n->busy_what, "first refresh");
	n->busy_since = time(NULL);
	mon_publish(m, n);
}

static void *
worker(void *arg)
{
	struct monitor *m = arg;
	struct timespec next;
	int first = 1;

	mon_rec_start(m);	/* issue 26: off this thread would block the UI */
	clock_gettime(CLOCK_REALTIME, &next);
	pthread_mutex_lock(&m->lock);
	while (!m->stopping) {
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		if (m->njobs > 0) {
			struct job j = m->jobs[0];

			memmove(&m->jobs[0], &m->jobs[1],
			    sizeof m->jobs[0] * (size_t)(m->njobs - 1));
			m->njobs--;
			pthread_mutex_unlock(&m->lock);
			if (j.kind == JOB_GATE)
				mon_do_gate(m, j.gate);
			else if (j.kind == JOB_LIVE)
				mon_do_live(m, &j);
			else if (j.kind == JOB_REPLAY)
				mon_do_replay_count(m, &j);
			else if (j.kind == JOB_NOTE)
				mon_rec_note(m, &j);
			else
				mon_do_replay_answer(m, &j);
			pthread_mutex_lock(&m->lock);
			continue;
		}
		if (m->refresh_now || (!m->paused && (now.tv_sec > next.tv_sec ||
		    (now.tv_sec == next.tv_sec && now.tv_nsec >= next.tv_nsec)))) {
			m->refresh_now = 0;
			pthread_mutex_unlock(&m->lock);
			if (first)
				mon_first_disk(m);
			mon_do_refresh(m, first);
			first = 0;
			clock_gettime(CLOCK_REALTIME, &next);
			pthread_mutex_lock(&m->lock);
			next.tv_sec += m->interval;
			continue;
		}
		if (m->paused)
			pthread_cond_wait(&m->cond, &m->lock);
		else
			pthread_cond_timedwait(&m->cond, &m->lock, &next);
	}
	pthread_mutex_unlock(&m->lock);
	mon_rec_stop(m, m->stop_reason);
	pthread_mutex_lock(&m->lock);
	m->done = 1;
	pthread_cond_broadcast(&m->cond);
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

struct monitor *
monitor_start(const struct settings *s, int wake_fd)
{
	char *cause = NULL;
	struct monitor *m = monitor_start_checked(s, wake_fd, &cause);

	if (m == NULL)
		fatal("%s", cause);
	return m;
}

struct monitor *
monitor_start_checked(const struct settings *s, int wake_fd, char **cause)
{
	struct monitor *m;
	struct mon_player *player = NULL;
	char *host;

	/* Issue 26: a recording played back instead of the collector. */
	if (s->session_replay != NULL &&
	    (player = mon_player_open(s->session_replay, cause)) == NULL)
		return NULL;
	m = xcalloc(1, sizeof *m);
	m->player = player;

	m->s = s;
	m->wake_fd = wake_fd;
	m->corr_failed = -1;
	m->interval = s->interval;
	if (getenv("INGESTGATE_STATS_FILE") != NULL &&
	    *getenv("INGESTGATE_STATS_FILE") == '/')
		m->stats_file = xstrdup(getenv("INGESTGATE_STATS_FILE"));
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	m->cur = xcalloc(1, sizeof *m->cur);
	atomic_init(&m->cur->refs, 1);
	m->cur->live.step = -1;
	host = url_host(s->env[ENV_CORE_API_BASE_URL] != NULL ?
	    s->env[ENV_CORE_API_BASE_URL] : "");
	snprintf(m->cur->host, sizeof m->cur->host, "%s", host);
	snprintf(m->host, sizeof m->host, "%s", host);
	free(host);
	m->cur->busy = 1;
	snprintf(m->cur->busy_what, sizeof m->cur->busy_what, "first refresh");
	m->cur->busy_since = time(NULL);
	m->cur->started_at = m->cur->busy_since;
	snprintf(m->cur->disk.root, sizeof m->cur->disk.root, "%s",
	    s->reports_dir);
	if (player != NULL) {
		if (pthread_create(&m->thread, NULL, mon_player_worker, m) != 0)
			fatal("cannot start the player thread");
		return m;
	}
	gate_ctx_init(&m->ctx, s);
	gate_ctx_init(&m->ctx_dlq, s);
	gate_ctx_init(&m->ctx_env, s);
	/* Creates the curl handles here, before the thread, for libcurl's init. */
	{
		struct api_error err;

		gate_ctx_api(&m->ctx, &err);
		gate_ctx_api(&m->ctx_dlq, &err);
		gate_ctx_api(&m->ctx_env, &err);
	}
	if (pthread_create(&m->thread, NULL, worker, m) != 0)
		fatal("cannot start the collector thread");
	return m;
}

/*
 * The clients give up at once when cancelled (HTTP and SQL look at the flag
 * every 100 ms), so the worker normally ends within a step. A wait that
 * cannot be cut short (a Redis read, a connect in progress) must not hold
 * the quit either: after MON_STOP_WAIT_MS the worker is left to end on its
 * own and the process exits without it.
 */
#define MON_STOP_WAIT_MS 250

static int stop_worker(struct monitor *m, int cancel);

int
monitor_stop(struct monitor *m)
{
	return stop_worker(m, 1);
}

/* A context switch retires a collector while a new one runs: the process-wide
 * cancel would end the new one's requests too, so this one waits for the
 * worker's current call to end on its own (at most its timeout). */
void
monitor_retire(struct monitor *m)
{
	stop_worker(m, 0);
}

static int
stop_worker(struct monitor *m, int cancel)
{
	struct timespec until;
	int done;

	if (cancel)
		cancel_request();
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += MON_STOP_WAIT_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&m->lock);
	m->stop_reason = cancel ? "quit" : "context switch";
	m->stopping = 1;
	pthread_cond_broadcast(&m->cond);
	while (!m->done && (!cancel || pthread_cond_timedwait(&m->cond,
	    &m->lock, &until) == 0))
		if (!cancel)
			pthread_cond_wait(&m->cond, &m->lock);
	done = m->done;
	pthread_mutex_unlock(&m->lock);
	if (!done) {
		pthread_detach(m->thread);
		return -1;	/* the worker still uses m: leave it */
	}
	pthread_join(m->thread, NULL);
	if (m->player == NULL) {
		gate_ctx_free(&m->ctx);
		gate_ctx_free(&m->ctx_dlq);
		gate_ctx_free(&m->ctx_env);
	}
	mon_player_free(m->player);
	redis_conn_close(m->redis);
	free(m->stats_file);
	snapshot_release(m->cur);
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->cond);
	free(m);
	return 0;
}

static void
enqueue(struct monitor *m, const struct job *j)
{
	if (m->player != NULL)
		return;		/* a replayed session is read-only */
	pthread_mutex_lock(&m->lock);
	if (m->njobs < MAX_JOBS)
		m->jobs[m->njobs++] = *j;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

void
monitor_refresh(struct monitor *m)
{
	pthread_mutex_lock(&m->lock);
	m->refresh_now = 1;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

void
monitor_set_interval(struct monitor *m, int seconds)
{
	pthread_mutex_lock(&m->lock);
	m->interval = seconds;
	m->refresh_now = 1;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

void
monitor_set_paused(struct monitor *m, int paused)
{
	pthread_mutex_lock(&m->lock);
	m->paused = paused;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
}

void
monitor_run_gate(struct monitor *m, enum gate_id id)
{
	struct job j;

	memset(&j, 0, sizeof j);
	j.kind = JOB_GATE;
	j.gate = id;
	enqueue(m, &j);
}

void
monitor_live_check(struct monitor *m, enum live_check c, const char *code,
    int step)
{
	struct job j;

	memset(&j, 0, sizeof j);
	j.kind = JOB_LIVE;
	j.check = c;
	snprintf(j.code, sizeof j.code, "%s", code);
	j.step = step;
	enqueue(m, &j);
}

static unsigned
replay_count(struct monitor *m, const struct replay_fields *f, int canary,
    char **cause)
{
	struct replay_fields with_host = *f;
	struct job j;

	memset(&j, 0, sizeof j);
	with_host.host = m->host;
	/* The console's operator, named when it started (never "unknown"). */
	if (with_host.operator_flag == NULL)
		with_host.operator_flag = m->s->operator_name;
	if (replay_req_set(&j.req, &with_host, cause) != 0)
		return 0;
	j.kind = JOB_REPLAY;
	j.canary = canary;
	pthread_mutex_lock(&m->lock);
	j.gen = ++m->replay_gen;
	pthread_mutex_unlock(&m->lock);
	enqueue(m, &j);
	return j.gen;
}

unsigned
monitor_replay_count(struct monitor *m, const struct replay_fields *f,
    char **cause)
{
	return replay_count(m, f, 0, cause);
}

unsigned
monitor_replay_count_canary(struct monitor *m, const struct replay_fields *f,
    char **cause)
{
	return replay_count(m, f, 1, cause);
}

void
monitor_replay_stop(struct monitor *m, unsigned gen)
{
	/* Straight to the running canary: the worker is busy with it, so a
	 * queued job would come too late. */
	if (gen == 0)
		return;
	atomic_store(&m->canary_stop_gen, gen);
	if (atomic_load(&m->canary_gen) == gen)
		atomic_store(&m->canary_stop, 1);
}

void
monitor_replay_answer(struct monitor *m, unsigned gen, const char *answer)
{
	struct job j;

	memset(&j, 0, sizeof j);
	j.kind = JOB_REPLAY_ANSWER;
	j.gen = gen;
	j.answered = answer != NULL;
	snprintf(j.answer, sizeof j.answer, "%s", answer != NULL ? answer : "");
	enqueue(m, &j);
}

void
monitor_note(struct monitor *m, const char *what, const char *code, int step)
{
	struct job j;

	memset(&j, 0, sizeof j);
	j.kind = JOB_NOTE;
	j.at = time(NULL);
	snprintf(j.answer, sizeof j.answer, "%s", what);
	snprintf(j.code, sizeof j.code, "%s", code != NULL ? code : "");
	j.step = step;
	enqueue(m, &j);
}
