/* One context at a glance: the last reports on disk and a bounded live read
 * of F-03 and F-04, several contexts in parallel. */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clients/core_api.h"
#include "gates/gate.h"
#include "core/fileio.h"
#include "core/json_read.h"
#include "release/report.h"
#include "config/settings.h"
#include "monitor/status.h"
#include "config/url.h"
#include "core/util.h"

/* Margin over the timeout for the threads to hand back their answers. */
#define LIVE_MARGIN_MS 600

static time_t
parse_iso(const char *s)
{
	struct tm tm;
	const char *e;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || (e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return 0;
	return timegm(&tm);
}

/* A JSON file under the report root, or NULL when absent or unreadable. */
static json_object *
read_json(const char *path)
{
	struct buf b;
	char *cause = NULL;
	json_object *o;

	if (fileio_read_own(path, 8 << 20, &b, &cause) != 0) {
		free(cause);
		return NULL;
	}
	if (json_read_strict(b.data, b.len, &o, &cause) != 0)
		free(cause);
	buf_free(&b);
	if (o != NULL && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

/* The folder of a gate's reports; NULL when it needs a batch and has none. */
static char *
gate_dir(const struct settings *s, const struct gate_def *g)
{
	const char *mark = strstr(g->folder, "{batch}");
	char *b, *dir;

	if (mark == NULL)
		return xasprintf("%s/%s", s->reports_dir, g->folder);
	if ((b = report_batch_dir(s->batch)) == NULL)
		return NULL;
	dir = xasprintf("%s/%.*s%s%s", s->reports_dir, (int)(mark - g->folder),
	    g->folder, b, mark + strlen("{batch}"));
	free(b);
	return dir;
}

void
status_read_disk(struct status *st, const struct settings *s)
{
	char *dir;
	json_object *o;

	st->s = s;
	for (int i = 0; i < GATE_COUNT; i++) {
		struct status_disk *d = &st->disk[i];
		const char *v, *c;

		if ((dir = gate_dir(s, gate_def_get(i))) == NULL)
			continue;
		d->report = xasprintf("%s/latest.json", dir);
		free(dir);
		if ((o = read_json(d->report)) == NULL)
			continue;
		v = json_read_str(o, "verdict");
		if (v != NULL && verdict_parse(v, &d->verdict) == 0) {
			d->have = 1;
			c = json_read_str(o, "code");
			snprintf(d->code, sizeof d->code, "%s", c != NULL ? c : "");
			d->finished_at = parse_iso(json_read_str(o, "finishedAt"));
			if (i == GATE_EVIDENCE && json_read_str(o, "decision") != NULL)
				st->decision = xstrdup(json_read_str(o, "decision"));
		}
		json_object_put(o);
	}
	if ((dir = gate_dir(s, gate_def_get(GATE_EVIDENCE))) != NULL) {
		char *path = xasprintf("%s/batch-status.json", dir);

		if ((o = read_json(path)) != NULL) {
			if (json_read_str(o, "status") != NULL)
				st->batch_status = xstrdup(json_read_str(o, "status"));
			json_object_put(o);
		}
		free(path);
		free(dir);
	}
}

struct live_shared {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t remaining;
	int abandoned;		/* the caller gave up waiting */
};

struct live_job {
	struct status *st;
	struct live_shared *sh;
};

static void
live_error(struct gate_result *r, const struct api_error *err, const char *what)
{
	result_check(r, "metrics", VERDICT_ERROR, err->code, "%s", err->message);
	result_summary(r, "could not read %s (%s)", what, code_name(err->code));
}

/* One context: F-03 then F-04 over its own client. When core-api gave no
 * answer at all to F-03, F-04 is not asked: it would wait a second timeout
 * on the same dead host. */
static void *
live_worker(void *arg)
{
	struct live_job *j = arg;
	struct status *st = j->st;
	const struct settings *s = st->s;
	struct gate_result *p, *d;
	struct processing_metrics pm;
	struct queue_metrics qm;
	struct api_error err;
	struct timespec t0, t1;
	int dead = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	p = result_new(gate_def_get(GATE_PROCESSING), s->batch);
	d = result_new(gate_def_get(GATE_DLQ_GROWTH), s->batch);
	memset(&err, 0, sizeof err);
	if (st->api == NULL) {
		api_error_set(&err, CODE_ENV_MISSING_KEY, 0, "CORE_API_BASE_URL is "
		    "not usable");
		live_error(p, &err, "processing metrics");
		live_error(d, &err, "queue metrics");
		goto out;
	}
	if (core_api_processing(st->api, s->th.window_minutes, s->batch, &pm,
	    &err) != 0) {
		live_error(p, &err, "processing metrics");
		dead = err.http_status == 0;
	} else {
		judge_processing(&pm, &s->th, p);
		processing_metrics_free(&pm);
	}
	if (dead)
		live_error(d, &err, "queue metrics");
	else if (core_api_queue(st->api, s->th.window_minutes, &qm, &err) != 0)
		live_error(d, &err, "queue metrics");
	else {
		judge_dlq(&qm, &s->th, d);
		queue_metrics_free(&qm);
	}
out:
	result_finish(p);
	result_finish(d);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	pthread_mutex_lock(&j->sh->lock);
	if (j->sh->abandoned) {
		/* Too late: the caller has shown a made-up answer already. */
		pthread_mutex_unlock(&j->sh->lock);
		result_free(p);
		result_free(d);
		return NULL;
	}
	st->live_processing = p;
	st->live_dlq = d;
	st->live_ms = (t1.tv_sec - t0.tv_sec) * 1000 +
	    (t1.tv_nsec - t0.tv_nsec) / 1000000;
	st->live_done = 1;
	j->sh->remaining--;
	pthread_cond_signal(&j->sh->cond);
	pthread_mutex_unlock(&j->sh->lock);
	return NULL;
}

static char *
url_host_or_none(const struct settings *s)
{
	return url_host(s->env[ENV_CORE_API_BASE_URL] != NULL ?
	    s->env[ENV_CORE_API_BASE_URL] : "");
}

static struct gate_result *
timed_out(enum gate_id id, const struct settings *s, long ms)
{
	struct gate_result *r = result_new(gate_def_get(id), s->batch);
	char *host = url_host_or_none(s);

	result_check(r, "metrics", VERDICT_ERROR, CODE_CORE_API_UNREACHABLE,
	    "core-api %s gave no answer within %ld ms", host, ms);
	result_summary(r, "no answer within %ld ms", ms);
	result_finish(r);
	free(host);
	return r;
}

int
status_read_live(struct status **sts, size_t n)
{
	struct live_shared *sh = xcalloc(1, sizeof *sh);
	struct live_job *jobs = xcalloc(n, sizeof *jobs);
	struct timespec deadline;
	long max_ms = 0;
	int abandoned = 0;

	pthread_mutex_init(&sh->lock, NULL);
	pthread_cond_init(&sh->cond, NULL);
	/* Clients are made here, before any thread, for libcurl's global init. */
	for (size_t i = 0; i < n; i++) {
		const struct settings *s = sts[i]->s;
		char *cause = NULL;

		if (s->http_timeout_ms > max_ms)
			max_ms = s->http_timeout_ms;
		if (s->env[ENV_CORE_API_BASE_URL] != NULL)
			sts[i]->api = core_api_new(s->env[ENV_CORE_API_BASE_URL],
			    s->env[ENV_CORE_API_ADMIN_TOKEN], s->http_timeout_ms,
			    s->insecure, &cause);
		free(cause);
	}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += (max_ms + LIVE_MARGIN_MS) / 1000;
	deadline.tv_nsec += ((max_ms + LIVE_MARGIN_MS) % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&sh->lock);
	for (size_t i = 0; i < n; i++) {
		pthread_t th;

		jobs[i].st = sts[i];
		jobs[i].sh = sh;
		if (pthread_create(&th, NULL, live_worker, &jobs[i]) != 0)
			fatal("cannot start a status thread");
		pthread_detach(th);
		sh->remaining++;
	}
	while (sh->remaining > 0) {
		if (pthread_cond_timedwait(&sh->cond, &sh->lock, &deadline) ==
		    ETIMEDOUT)
			break;
	}
	for (size_t i = 0; i < n; i++) {
		struct status *st = sts[i];

		if (st->live_done)
			continue;
		/* Its thread still holds st, its client and the shared lock: the
		 * answer shown is a made-up one, and nothing of it is freed. */
		st->live_processing = timed_out(GATE_PROCESSING, st->s, max_ms);
		st->live_dlq = timed_out(GATE_DLQ_GROWTH, st->s, max_ms);
		st->live_ms = max_ms + LIVE_MARGIN_MS;
		abandoned = 1;
	}
	sh->abandoned = abandoned;
	pthread_mutex_unlock(&sh->lock);
	if (abandoned)
		return 1;
	for (size_t i = 0; i < n; i++) {
		core_api_free(sts[i]->api);
		sts[i]->api = NULL;
	}
	pthread_mutex_destroy(&sh->lock);
	pthread_cond_destroy(&sh->cond);
	free(sh);
	free(jobs);
	return 0;
}

enum verdict
status_verdict(const struct status *st, int *have)
{
	enum verdict w = VERDICT_SKIPPED;

	*have = 0;
	for (int i = GATE_ENV_BASELINE; i <= GATE_QUALITY; i++) {
		enum verdict v;

		if (i == GATE_PROCESSING && st->live_processing != NULL)
			v = st->live_processing->verdict;
		else if (i == GATE_DLQ_GROWTH && st->live_dlq != NULL)
			v = st->live_dlq->verdict;
		else if (st->disk[i].have)
			v = st->disk[i].verdict;
		else
			continue;
		w = *have ? verdict_worst(w, v) : v;
		*have = 1;
	}
	return w;
}

void
status_free(struct status *st)
{
	for (int i = 0; i < GATE_COUNT; i++)
		free(st->disk[i].report);
	free(st->decision);
	free(st->batch_status);
	if (st->live_processing != NULL)
		result_free(st->live_processing);
	if (st->live_dlq != NULL)
		result_free(st->live_dlq);
	core_api_free(st->api);
	memset(st, 0, sizeof *st);
}
