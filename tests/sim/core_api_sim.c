/* core-api-sim: serves the core-api contract of SPEC section 8 from a real
 * Redis and a real PostgreSQL, computing every answer at request time, with
 * the fault injection of /__sim/faults. For tests, benchmarks and the demo.
 *
 * Secrets and URLs come from the environment (never argv):
 * CORE_API_ADMIN_TOKEN INGEST_SERVICE_TOKEN INGEST_SERVICE_SECRET OPS_DB_URL
 * INGEST_REDIS_URL (else REDIS_URL) INGEST_QUEUE_PREFIX INGEST_QUEUE_NAME
 * and the receiver flags INGEST_*_ENABLED (default true).
 *
 * usage: core-api-sim [--bind ADDR] [--port N] [--port-file F]  (port 0: any)
 *
 * Beyond the faults of SPEC section 8, tests can shift the clock the
 * signature check uses (clockOffsetSec), accept any admin token
 * (anyAdminToken) or let any role write (anyAdminRole), to reach each
 * failure branch of F-01 and F-02 on its own, and serve a body of their own
 * for a GET endpoint (rawBody: {"/v1/ingest/metrics/queue": "{...}"}): the
 * numbers, windows and times a real core-api should never send. GET /__sim/requests counts the
 * contract requests served, per path (DELETE resets): the backend's side of
 * the console's load, for the benchmark.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>
#include <json-c/json.h>
#include <libpq-fe.h>
#include <microhttpd.h>
#include <openssl/crypto.h>

#include "clients/core_api.h"
#include "clients/redis_client.h"
#include "config/url.h"
#include "core/util.h"

#define MAX_BODY (1024 * 1024)
#define SKEW_SECONDS 300

struct faults {
	long latency_ms;
	int status;		/* 0: none */
	int garbage;
	int truncated;		/* declare a body longer than the one sent */
	int redis_down;
	long body_bytes;	/* pad answers to this size: oversized bodies */
	long window_minutes;	/* 0: echo the window asked; else claim this one */
	int flag_queue, flag_webhook, flag_replay;	/* -1: from env */
	char started_at[64];	/* "" : real start */
	long clock_offset;	/* seconds added to the signature check's clock */
	int any_admin_token, any_admin_role;
	long replay_latency_ms;	/* -1: no worker (entries stay REPLAYING) */
	double replay_fail_rate;	/* fraction of replays that fail again */
	char raw_body[3][4096];	/* per raw_paths entry; "": computed */
};

/* The GET endpoints whose answer a test may replace (rawBody). */
static const char *const raw_paths[3] = { "/v1/ingest/runtime",
	"/v1/ingest/metrics/queue", "/v1/ingest/metrics/processing" };

/* Entries a replay moved, waiting for the simulated worker. */
struct pending {
	long long id;
	struct timespec due;
};

/* The request log: contract requests served, per path. */
#define LOG_PATHS 8
static struct {
	char path[LOG_PATHS][64];
	long count[LOG_PATHS];
	long total;
} reqlog;

static struct {
	pthread_mutex_t lock;	/* guards pg and faults */
	PGconn *pg;
	char *pg_url;
	char *redis_url;
	char *admin_token;
	char *service_token;
	char *service_secret;
	char *prefix;
	char *queue;
	int env_flags[3];
	char started_at[64];
	struct faults faults;
	struct pending *pending;	/* guarded by lock */
	size_t npending, cap_pending;
	unsigned long long processed;	/* replays the worker finished; the
					 * fail choice counts on it */
} sim = { .lock = PTHREAD_MUTEX_INITIALIZER };

struct request {
	struct buf body;
	int too_large;
};

static const char *
env_or(const char *k, const char *def)
{
	const char *v = getenv(k);

	return v != NULL && *v != '\0' ? v : def;
}

static int
env_flag(const char *k)
{
	int b = 1;

	if (parse_bool(env_or(k, "true"), &b) != 0)
		b = 0;
	return b;
}

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned status, const char *body,
    const char *type)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body),
	    (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", type);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

/* Sends o (consumed), padded when the bodyBytes fault asks for it. */
static enum MHD_Result
send_json(struct MHD_Connection *c, unsigned status, json_object *o,
    long pad)
{
	enum MHD_Result ret;
	const char *s;

	if (pad > 0) {
		char *p = xmalloc((size_t)pad + 1);

		memset(p, 'x', (size_t)pad);
		p[pad] = '\0';
		json_object_object_add(o, "pad", json_object_new_string(p));
		free(p);
	}
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	ret = send_text(c, status, s, "application/json");
	json_object_put(o);
	return ret;
}

static enum MHD_Result
send_error(struct MHD_Connection *c, unsigned status, const char *code,
    const char *message)
{
	json_object *o = json_object_new_object(), *e = json_object_new_object();

	json_object_object_add(e, "code", json_object_new_string(code));
	json_object_object_add(e, "message", json_object_new_string(message));
	json_object_object_add(o, "error", e);
	return send_json(c, status, o, 0);
}

static void
iso_now(time_t t, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Runs a parameterised query on the shared connection, reconnecting once. */
static PGresult *
pg_query(const char *sql, int n, const char *const *params)
{
	PGresult *res;

	for (int attempt = 0; attempt < 2; attempt++) {
		if (sim.pg == NULL || PQstatus(sim.pg) != CONNECTION_OK) {
			if (sim.pg != NULL)
				PQfinish(sim.pg);
			sim.pg = PQconnectdb(sim.pg_url);
			/* No parallel workers: their number follows a table's
			 * size, that is its history, and each is a process
			 * forked per statement; on the shared 2-core machines
			 * the tests and the benchmark run on, the stand-in's
			 * processing counts took 192 ms on the bare ops_db (one
			 * worker) and 542 ms beside 10M rows of history (two),
			 * reading the same 100000 rows. A real core-api's pool
			 * sets its own. */
			if (PQstatus(sim.pg) == CONNECTION_OK)
				PQclear(PQexecParams(sim.pg, "SET "
				    "max_parallel_workers_per_gather = 0", 0,
				    NULL, NULL, NULL, NULL, 0));
		}
		if (PQstatus(sim.pg) != CONNECTION_OK)
			continue;
		res = PQexecParams(sim.pg, sql, n, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) == PGRES_TUPLES_OK ||
		    PQresultStatus(res) == PGRES_COMMAND_OK)
			return res;
		fprintf(stderr, "core-api-sim: query failed: %s",
		    PQresultErrorMessage(res));
		PQclear(res);
		if (PQstatus(sim.pg) == CONNECTION_OK)
			return NULL;
	}
	return NULL;
}

static long long
cell_ll(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? 0 :
	    strtoll(PQgetvalue(res, row, col), NULL, 10);
}

static json_object *
cell_str(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? NULL :
	    json_object_new_string(PQgetvalue(res, row, col));
}

static redisContext *
redis_open(void)
{
	struct url u;
	char *cause = NULL;
	struct timeval tv = { 0, 500000 };
	redisContext *rc;

	if (url_parse(sim.redis_url, NULL, &u, &cause) != 0) {
		free(cause);
		return NULL;
	}
	rc = redisConnectWithTimeout(u.host, u.port ? u.port : 6379, tv);
	if (rc != NULL && !rc->err && u.password != NULL && *u.password) {
		redisReply *r = redisCommand(rc, "AUTH %s", u.password);

		if (r == NULL || r->type == REDIS_REPLY_ERROR) {
			redisFree(rc);
			rc = NULL;
		}
		if (r != NULL)
			freeReplyObject(r);
	}
	url_free(&u);
	if (rc != NULL && rc->err) {
		redisFree(rc);
		return NULL;
	}
	if (rc != NULL)
		redisSetTimeout(rc, tv);
	return rc;
}

static int
redis_up(void)
{
	redisContext *rc = redis_open();
	redisReply *r;
	int up = 0;

	if (rc == NULL)
		return 0;
	r = redisCommand(rc, "PING");
	up = r != NULL && r->type == REDIS_REPLY_STATUS;
	if (r != NULL)
		freeReplyObject(r);
	redisFree(rc);
	return up;
}

static int
admin_auth(struct MHD_Connection *c, int write, const struct faults *f,
    enum MHD_Result *ret)
{
	const char *tok = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "x-admin-token");
	const char *role = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "x-admin-role");
	int ok_role;

	if (!f->any_admin_token && (tok == NULL ||
	    strlen(tok) != strlen(sim.admin_token) ||
	    CRYPTO_memcmp(tok, sim.admin_token, strlen(tok)) != 0)) {
		*ret = send_error(c, 401, "INVALID_ADMIN_TOKEN",
		    "admin token missing or invalid");
		return -1;
	}
	if (role == NULL)
		role = "";
	if (write)
		ok_role = strcmp(role, "MANAGER") == 0 || strcmp(role, "ADMIN") == 0;
	else
		ok_role = strcmp(role, "VIEWER") == 0 ||
		    strcmp(role, "OPERATOR") == 0 ||
		    strcmp(role, "MANAGER") == 0 || strcmp(role, "ADMIN") == 0;
	if (!ok_role && !f->any_admin_role) {
		*ret = send_error(c, 403, "ADMIN_ROLE_FORBIDDEN", write ?
		    "this endpoint needs role MANAGER or ADMIN" :
		    "unknown admin role");
		return -1;
	}
	return 0;
}

static int
window_arg(struct MHD_Connection *c, long *w)
{
	const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "windowMinutes");

	*w = 60;
	return v == NULL ? 0 : parse_long(v, 1, 10080, w);
}

static enum MHD_Result
do_runtime(struct MHD_Connection *c, const struct faults *f)
{
	json_object *o = json_object_new_object(), *fl = json_object_new_object(),
	    *rd = json_object_new_object();
	int up = !f->redis_down && redis_up();

	json_object_object_add(o, "version", json_object_new_string(
	    "sim-" PACKAGE_VERSION));
	json_object_object_add(o, "startedAt", json_object_new_string(
	    f->started_at[0] ? f->started_at : sim.started_at));
	json_object_object_add(fl, "INGEST_QUEUE_ENABLED", json_object_new_boolean(
	    f->flag_queue >= 0 ? f->flag_queue : sim.env_flags[0]));
	json_object_object_add(fl, "INGEST_WEBHOOK_ENABLED", json_object_new_boolean(
	    f->flag_webhook >= 0 ? f->flag_webhook : sim.env_flags[1]));
	json_object_object_add(fl, "INGEST_REPLAY_ENABLED", json_object_new_boolean(
	    f->flag_replay >= 0 ? f->flag_replay : sim.env_flags[2]));
	json_object_object_add(o, "flags", fl);
	json_object_object_add(rd, "status", json_object_new_string(up ? "up" :
	    "down"));
	json_object_object_add(o, "redis", rd);
	return send_json(c, 200, o, f->body_bytes);
}

/* The queue's counts as BullMQ's getJobCounts() gives them, read by the
 * same client code the console uses (SPEC section 9). */
static int
queue_depth(struct queue_depth *out)
{
	char *cause = NULL;
	struct redis_conn *rc = redis_conn_open(sim.redis_url, 500, &cause);
	int ret;

	if (rc == NULL) {
		free(cause);
		return -1;
	}
	ret = redis_conn_queue_depth(rc, sim.prefix, sim.queue, out, &cause);
	free(cause);
	redis_conn_close(rc);
	return ret;
}

/* The answer's "queue": the BullMQ counts. */
static json_object *
queue_json(const struct queue_depth *depth)
{
	json_object *q = json_object_new_object();

	json_object_object_add(q, "name", json_object_new_string(sim.queue));
	json_object_object_add(q, "waiting", json_object_new_int64(depth->waiting));
	json_object_object_add(q, "active", json_object_new_int64(depth->active));
	json_object_object_add(q, "delayed", json_object_new_int64(depth->delayed));
	json_object_object_add(q, "failed", json_object_new_int64(depth->failed));
	/* Beyond the contract, for tests and the curious: the breakdown. */
	json_object_object_add(q, "prioritized",
	    json_object_new_int64(depth->prioritized));
	json_object_object_add(q, "waitingChildren",
	    json_object_new_int64(depth->waiting_children));
	json_object_object_add(q, "paused", json_object_new_boolean(depth->paused));
	return q;
}

/* The answer's "dlq": totals (one row of res) and the top sources (src). */
static json_object *
dlq_json(PGresult *res, PGresult *src)
{
	json_object *d = json_object_new_object(), *bs, *a;

	bs = json_object_new_object();
	json_object_object_add(bs, "OPEN", json_object_new_int64(cell_ll(res, 0, 0)));
	json_object_object_add(bs, "FAILED", json_object_new_int64(cell_ll(res, 0, 1)));
	json_object_object_add(bs, "REPLAYING", json_object_new_int64(cell_ll(res, 0, 2)));
	json_object_object_add(bs, "RESOLVED", json_object_new_int64(cell_ll(res, 0, 3)));
	json_object_object_add(d, "byStatus", bs);
	json_object_object_add(d, "createdInWindow",
	    json_object_new_int64(cell_ll(res, 0, 4)));
	json_object_object_add(d, "resolvedInWindow",
	    json_object_new_int64(cell_ll(res, 0, 5)));
	json_object_object_add(d, "oldestOpenAt", cell_str(res, 0, 6));
	a = json_object_new_array();
	for (int i = 0; i < PQntuples(src); i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "source", cell_str(src, i, 0));
		json_object_object_add(e, "channel", cell_str(src, i, 1));
		json_object_object_add(e, "open", json_object_new_int64(cell_ll(src, i, 2)));
		json_object_object_add(e, "failed", json_object_new_int64(cell_ll(src, i, 3)));
		json_object_object_add(e, "replaying",
		    json_object_new_int64(cell_ll(src, i, 4)));
		json_object_array_add(a, e);
	}
	json_object_object_add(d, "bySource", a);
	return d;
}

/* Every count is bounded (SPEC section 9, "Scale"): the live statuses
 * through (status, ...) index ranges, the window's through created_at and
 * resolved_at, and RESOLVED, the DLQ's whole history, from the count the
 * schema's triggers keep (tests/stack/schema.sql names the index each
 * statement uses). */
static enum MHD_Result
do_queue(struct MHD_Connection *c, const struct faults *f)
{
	static const char totals_sql[] =
	    "SELECT "
	    "(SELECT count(*) FROM ingest_dead_letter WHERE status = 'OPEN'), "
	    "(SELECT count(*) FROM ingest_dead_letter WHERE status = 'FAILED'), "
	    "(SELECT count(*) FROM ingest_dead_letter WHERE status = 'REPLAYING'), "
	    "(SELECT n FROM ingest_dead_letter_count WHERE status = 'RESOLVED'), "
	    "(SELECT count(*) FROM ingest_dead_letter WHERE created_at >= "
	    "now() - make_interval(mins => $1::int)), "
	    "(SELECT count(*) FROM ingest_dead_letter WHERE resolved_at >= "
	    "now() - make_interval(mins => $1::int)), "
	    "(SELECT to_char(min(created_at) AT TIME ZONE 'UTC', "
	    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM ingest_dead_letter "
	    "WHERE status = 'OPEN')";
	static const char sources_sql[] =
	    "SELECT source, channel, "
	    "count(*) FILTER (WHERE status = 'OPEN'), "
	    "count(*) FILTER (WHERE status = 'FAILED'), "
	    "count(*) FILTER (WHERE status = 'REPLAYING') "
	    "FROM ingest_dead_letter WHERE status IN ('OPEN','FAILED','REPLAYING') "
	    "GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 10";
	struct queue_depth depth;
	json_object *o;
	PGresult *res, *src;
	char w[32];
	const char *params[1] = { w };
	long window;
	char now[32];

	if (window_arg(c, &window) != 0)
		return send_error(c, 400, "BAD_REQUEST", "windowMinutes must be "
		    "a whole number from 1 to 10080");
	if (f->redis_down || queue_depth(&depth) != 0)
		return send_error(c, 503, "QUEUE_REDIS_UNREACHABLE",
		    "queue Redis is unreachable");
	snprintf(w, sizeof w, "%ld", window);
	pthread_mutex_lock(&sim.lock);
	res = pg_query(totals_sql, 1, params);
	src = res != NULL ? pg_query(sources_sql, 0, NULL) : NULL;
	pthread_mutex_unlock(&sim.lock);
	if (res == NULL || src == NULL) {
		PQclear(res);
		return send_error(c, 500, "OPS_DB_UNREACHABLE", "ops_db query failed");
	}
	o = json_object_new_object();
	iso_now(time(NULL), now, sizeof now);
	json_object_object_add(o, "generatedAt", json_object_new_string(now));
	json_object_object_add(o, "windowMinutes", json_object_new_int64(
	    f->window_minutes > 0 ? f->window_minutes : window));
	json_object_object_add(o, "queue", queue_json(&depth));
	json_object_object_add(o, "dlq", dlq_json(res, src));
	PQclear(res);
	PQclear(src);
	return send_json(c, 200, o, f->body_bytes);
}

/* A row is in the window by processed_at, or received_at while it has none
 * (SPEC section 9); the gate's correlation (ops_db.c) uses the same rule. */
static enum MHD_Result
do_processing(struct MHD_Connection *c, const struct faults *f)
{
	/* The batch is counted in the aggregates, not filtered in WHERE: the
	 * planner takes the window and the batch as independent and, with
	 * history, expected 2237 of the window's 100000 rows (all of them the
	 * batch's), so it sorted them all to group (an external merge, 150
	 * ms); on the window alone its estimate is right and it hashes. The
	 * rows read are the same: the window's. */
	static const char sources_sql[] =
	    "SELECT source, channel, "
	    "count(*) FILTER (WHERE status = 'SUCCEEDED' "
	    "AND ($2::text IS NULL OR batch_code = $2::text)), "
	    "count(*) FILTER (WHERE status = 'FAILED' "
	    "AND ($2::text IS NULL OR batch_code = $2::text)) "
	    "FROM ingest_event_log WHERE status IN ('SUCCEEDED','FAILED') "
	    "AND COALESCE(processed_at, received_at) >= "
	    "now() - make_interval(mins => $1::int) "
	    "GROUP BY 1, 2 "
	    "HAVING count(*) FILTER (WHERE $2::text IS NULL "
	    "OR batch_code = $2::text) > 0 ORDER BY 4 DESC, 1, 2";
	static const char errors_sql[] =
	    "SELECT error_code, error_message, count(*) FROM ingest_event_log "
	    "WHERE status = 'FAILED' "
	    "AND COALESCE(processed_at, received_at) >= "
	    "now() - make_interval(mins => $1::int) "
	    "AND ($2::text IS NULL OR batch_code = $2::text) "
	    "GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 5";
	const char *batch = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND,
	    "batchCode");
	long long succ = 0, fail = 0;
	json_object *o, *a;
	PGresult *src, *err;
	char w[32], now[32];
	const char *params[2] = { w, batch != NULL && *batch ? batch : NULL };
	long window;

	if (window_arg(c, &window) != 0)
		return send_error(c, 400, "BAD_REQUEST", "windowMinutes must be "
		    "a whole number from 1 to 10080");
	snprintf(w, sizeof w, "%ld", window);
	pthread_mutex_lock(&sim.lock);
	src = pg_query(sources_sql, 2, params);
	err = src != NULL ? pg_query(errors_sql, 2, params) : NULL;
	pthread_mutex_unlock(&sim.lock);
	if (src == NULL || err == NULL) {
		PQclear(src);
		return send_error(c, 500, "OPS_DB_UNREACHABLE", "ops_db query failed");
	}
	o = json_object_new_object();
	iso_now(time(NULL), now, sizeof now);
	json_object_object_add(o, "generatedAt", json_object_new_string(now));
	json_object_object_add(o, "windowMinutes", json_object_new_int64(
	    f->window_minutes > 0 ? f->window_minutes : window));
	a = json_object_new_array();
	for (int i = 0; i < PQntuples(src) && i < 50; i++) {
		json_object *e = json_object_new_object();
		long long s = cell_ll(src, i, 2), fl = cell_ll(src, i, 3);

		json_object_object_add(e, "source", cell_str(src, i, 0));
		json_object_object_add(e, "channel", cell_str(src, i, 1));
		json_object_object_add(e, "total", json_object_new_int64(s + fl));
		json_object_object_add(e, "failed", json_object_new_int64(fl));
		json_object_array_add(a, e);
	}
	for (int i = 0; i < PQntuples(src); i++) {
		succ += cell_ll(src, i, 2);
		fail += cell_ll(src, i, 3);
	}
	json_object_object_add(o, "total", json_object_new_int64(succ + fail));
	json_object_object_add(o, "succeeded", json_object_new_int64(succ));
	json_object_object_add(o, "failed", json_object_new_int64(fail));
	json_object_object_add(o, "successRate", succ + fail == 0 ? NULL :
	    json_object_new_double((double)succ / (double)(succ + fail)));
	json_object_object_add(o, "bySource", a);
	a = json_object_new_array();
	for (int i = 0; i < PQntuples(err); i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "errorCode", cell_str(err, i, 0));
		json_object_object_add(e, "errorMessage", cell_str(err, i, 1));
		json_object_object_add(e, "count", json_object_new_int64(cell_ll(err, i, 2)));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "topErrors", a);
	PQclear(src);
	PQclear(err);
	return send_json(c, 200, o, f->body_bytes);
}

static enum MHD_Result
do_signature(struct MHD_Connection *c, const struct request *rq,
    const struct faults *f)
{
	const char *tok = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "x-ingest-service-token");
	const char *ts = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "x-ingest-timestamp");
	const char *sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "x-ingest-signature");
	char want[65];
	long long t;
	char *body;
	json_object *o;

	if (tok == NULL || strlen(tok) != strlen(sim.service_token) ||
	    CRYPTO_memcmp(tok, sim.service_token, strlen(tok)) != 0)
		return send_error(c, 401, "INVALID_INGEST_SIGNATURE",
		    "service token missing or invalid");
	{
		long v;

		if (ts == NULL || parse_long(ts, 0, 99999999999L, &v) != 0)
			return send_error(c, 401, "INGEST_TIMESTAMP_SKEW",
			    "x-ingest-timestamp missing or not unix seconds");
		t = v;
	}
	if (llabs((long long)time(NULL) + f->clock_offset - t) > SKEW_SECONDS)
		return send_error(c, 401, "INGEST_TIMESTAMP_SKEW",
		    "timestamp more than 300 s away from the server clock");
	body = xstrndup(rq->body.data != NULL ? rq->body.data : "", rq->body.len);
	ingest_signature(sim.service_secret, t, body, want);
	free(body);
	if (sig == NULL || strlen(sig) != 64 || CRYPTO_memcmp(sig, want, 64) != 0)
		return send_error(c, 401, "INVALID_INGEST_SIGNATURE",
		    "signature does not match");
	o = json_object_new_object();
	json_object_object_add(o, "valid", json_object_new_boolean(1));
	return send_json(c, 200, o, 0);
}

static const char *
body_str(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The simulated worker (SPEC section 12): each replayed entry, after
 * replayLatencyMs, becomes RESOLVED or, for a fraction replayFailRate,
 * FAILED again; either way its event lands in ingest_event_log, so F-03
 * sees the replay. Only entries a replay moved are processed: seeded
 * REPLAYING rows stay as the scenarios wrote them. */
static void
worker_enqueue(PGresult *res, long latency_ms)
{
	struct timespec now;
	int n = PQntuples(res);

	if (latency_ms < 0 || n == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now.tv_sec += latency_ms / 1000;
	now.tv_nsec += (latency_ms % 1000) * 1000000L;
	if (now.tv_nsec >= 1000000000L) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000L;
	}
	/* Called with sim.lock held. */
	if (sim.npending + (size_t)n > sim.cap_pending) {
		sim.cap_pending = (sim.npending + (size_t)n) * 2;
		sim.pending = xrealloc(sim.pending,
		    sim.cap_pending * sizeof *sim.pending);
	}
	for (int i = 0; i < n; i++) {
		sim.pending[sim.npending].id = cell_ll(res, i, 0);
		sim.pending[sim.npending++].due = now;
	}
}

static int
due(const struct timespec *d, const struct timespec *now)
{
	return d->tv_sec < now->tv_sec ||
	    (d->tv_sec == now->tv_sec && d->tv_nsec <= now->tv_nsec);
}

static void
worker_settle(const char *ids, int failed)
{
	static const char fail_sql[] =
	    "WITH f AS (UPDATE ingest_dead_letter SET status = 'FAILED', "
	    "error_code = 'REPLAY_FAILED', error_message = 'replayed event "
	    "failed again (simulated worker)' WHERE id = ANY($1::bigint[]) "
	    "AND status = 'REPLAYING' RETURNING event_id, source, channel) "
	    "INSERT INTO ingest_event_log (event_id, batch_code, source, "
	    "channel, event_type, status, error_code, error_message, "
	    "received_at, processed_at) "
	    "SELECT f.event_id, coalesce(e.batch_code, 'replay'), f.source, "
	    "f.channel, coalesce(e.event_type, 'replay'), 'FAILED', "
	    "'REPLAY_FAILED', 'replayed event failed again (simulated "
	    "worker)', now(), now() FROM f LEFT JOIN (SELECT DISTINCT ON "
	    "(event_id) event_id, batch_code, event_type FROM ingest_event_log "
	    "WHERE event_id IN (SELECT event_id FROM f) ORDER BY event_id, "
	    "id DESC) e USING (event_id)";
	static const char ok_sql[] =
	    "WITH r AS (UPDATE ingest_dead_letter SET status = 'RESOLVED', "
	    "resolved_at = now() WHERE id = ANY($1::bigint[]) "
	    "AND status = 'REPLAYING' RETURNING event_id, source, channel) "
	    "INSERT INTO ingest_event_log (event_id, batch_code, source, "
	    "channel, event_type, status, received_at, processed_at) "
	    "SELECT r.event_id, coalesce(e.batch_code, 'replay'), r.source, "
	    "r.channel, coalesce(e.event_type, 'replay'), 'SUCCEEDED', now(), "
	    "now() FROM r LEFT JOIN (SELECT DISTINCT ON (event_id) event_id, "
	    "batch_code, event_type FROM ingest_event_log WHERE event_id IN "
	    "(SELECT event_id FROM r) ORDER BY event_id, id DESC) e "
	    "USING (event_id)";
	const char *params[1] = { ids };
	PGresult *res = pg_query(failed ? fail_sql : ok_sql, 1, params);

	if (res != NULL)
		PQclear(res);
}

static void *
worker_main(void *arg)
{
	struct timespec tick = { 0, 20 * 1000000L }, now;
	struct buf ok, bad;
	double rate;

	(void)arg;
	for (;;) {
		nanosleep(&tick, NULL);
		memset(&ok, 0, sizeof ok);
		memset(&bad, 0, sizeof bad);
		pthread_mutex_lock(&sim.lock);
		clock_gettime(CLOCK_MONOTONIC, &now);
		rate = sim.faults.replay_fail_rate;
		for (size_t i = 0; i < sim.npending; ) {
			unsigned long long k = sim.processed;
			struct buf *b;

			if (!due(&sim.pending[i].due, &now)) {
				i++;
				continue;
			}
			/* Exactly ceil(k * rate) of the first k fail, the first
			 * one included: small steps see the fault too. */
			b = ceil((double)(k + 1) * rate) > ceil((double)k * rate) ?
			    &bad : &ok;
			buf_addf(b, "%s%lld", b->len == 0 ? "{" : ",",
			    sim.pending[i].id);
			sim.processed++;
			sim.pending[i] = sim.pending[--sim.npending];
		}
		if (ok.len > 0) {
			buf_adds(&ok, "}");
			worker_settle(ok.data, 0);
		}
		if (bad.len > 0) {
			buf_adds(&bad, "}");
			worker_settle(bad.data, 1);
		}
		pthread_mutex_unlock(&sim.lock);
		buf_free(&ok);
		buf_free(&bad);
	}
	return NULL;
}

static enum MHD_Result
do_replay(struct MHD_Connection *c, const struct request *rq,
    const struct faults *f)
{
	static const char count_sql[] =
	    "SELECT count(*) FROM (SELECT 1 FROM ingest_dead_letter "
	    "WHERE status = $1 AND ($2::text IS NULL OR source = $2::text) "
	    "AND ($3::text IS NULL OR channel = $3::text) LIMIT $4::int) s";
	static const char move_sql[] =
	    "WITH picked AS (SELECT id FROM ingest_dead_letter "
	    "WHERE status = $1 AND ($2::text IS NULL OR source = $2::text) "
	    "AND ($3::text IS NULL OR channel = $3::text) "
	    "ORDER BY id LIMIT $4::int FOR UPDATE SKIP LOCKED) "
	    "UPDATE ingest_dead_letter d SET status = 'REPLAYING', "
	    "replay_count = d.replay_count + 1 FROM picked WHERE d.id = picked.id "
	    "RETURNING d.id";
	json_object *in = NULL, *v, *o, *ids;
	const char *status, *params[4];
	char lim[32];
	long limit = 100;
	int dry = 0, flag;
	long long n;
	PGresult *res;

	if (rq->body.len > 0)
		in = json_tokener_parse(rq->body.data);
	if (in == NULL || !json_object_is_type(in, json_type_object)) {
		json_object_put(in);
		return send_error(c, 400, "BAD_REQUEST", "body must be a JSON object");
	}
	status = body_str(in, "status");
	if (status == NULL || (strcmp(status, "OPEN") != 0 &&
	    strcmp(status, "FAILED") != 0)) {
		json_object_put(in);
		return send_error(c, 400, "BAD_REQUEST", "status must be OPEN or FAILED");
	}
	if (json_object_object_get_ex(in, "limit", &v) && v != NULL) {
		limit = (long)json_object_get_int64(v);
		if (limit < 1 || limit > 100000) {
			json_object_put(in);
			return send_error(c, 400, "BAD_REQUEST",
			    "limit must be from 1 to 100000");
		}
	}
	if (json_object_object_get_ex(in, "dryRun", &v) && v != NULL)
		dry = json_object_get_boolean(v);
	flag = f->flag_replay >= 0 ? f->flag_replay : sim.env_flags[2];
	if (!flag && !dry) {
		json_object_put(in);
		return send_error(c, 409, "INGEST_REPLAY_DISABLED",
		    "INGEST_REPLAY_ENABLED is false");
	}
	snprintf(lim, sizeof lim, "%ld", limit);
	params[0] = status;
	params[1] = body_str(in, "source");
	params[2] = body_str(in, "channel");
	params[3] = lim;
	pthread_mutex_lock(&sim.lock);
	res = pg_query(dry ? count_sql : move_sql, 4, params);
	pthread_mutex_unlock(&sim.lock);
	json_object_put(in);
	if (res == NULL)
		return send_error(c, 500, "OPS_DB_UNREACHABLE", "ops_db query failed");
	n = dry ? cell_ll(res, 0, 0) : PQntuples(res);
	ids = json_object_new_array();
	for (long long i = 0; !dry && i < n; i++)
		json_object_array_add(ids, json_object_new_int64(
		    cell_ll(res, (int)i, 0)));
	if (!dry) {
		pthread_mutex_lock(&sim.lock);
		worker_enqueue(res, f->replay_latency_ms);
		pthread_mutex_unlock(&sim.lock);
	}
	PQclear(res);
	o = json_object_new_object();
	json_object_object_add(o, "selected", json_object_new_int64(n));
	json_object_object_add(o, "replaying", json_object_new_int64(dry ? 0 : n));
	json_object_object_add(o, "ids", ids);
	return send_json(c, 202, o, 0);
}

static json_object *
faults_json(const struct faults *f)
{
	json_object *o = json_object_new_object(), *fl = json_object_new_object();

	json_object_object_add(o, "latencyMs", json_object_new_int64(f->latency_ms));
	json_object_object_add(o, "status", f->status ?
	    json_object_new_int(f->status) : NULL);
	json_object_object_add(o, "garbage", json_object_new_boolean(f->garbage));
	json_object_object_add(o, "truncated", json_object_new_boolean(f->truncated));
	json_object_object_add(o, "redisDown", json_object_new_boolean(f->redis_down));
	json_object_object_add(o, "bodyBytes", json_object_new_int64(f->body_bytes));
	json_object_object_add(o, "windowMinutes", f->window_minutes > 0 ?
	    json_object_new_int64(f->window_minutes) : NULL);
	if (f->flag_queue >= 0)
		json_object_object_add(fl, "INGEST_QUEUE_ENABLED",
		    json_object_new_boolean(f->flag_queue));
	if (f->flag_webhook >= 0)
		json_object_object_add(fl, "INGEST_WEBHOOK_ENABLED",
		    json_object_new_boolean(f->flag_webhook));
	if (f->flag_replay >= 0)
		json_object_object_add(fl, "INGEST_REPLAY_ENABLED",
		    json_object_new_boolean(f->flag_replay));
	json_object_object_add(o, "flags", fl);
	json_object_object_add(o, "startedAt", f->started_at[0] ?
	    json_object_new_string(f->started_at) : NULL);
	json_object_object_add(o, "clockOffsetSec",
	    json_object_new_int64(f->clock_offset));
	json_object_object_add(o, "anyAdminToken",
	    json_object_new_boolean(f->any_admin_token));
	json_object_object_add(o, "anyAdminRole",
	    json_object_new_boolean(f->any_admin_role));
	json_object_object_add(o, "replayLatencyMs", f->replay_latency_ms >= 0 ?
	    json_object_new_int64(f->replay_latency_ms) : NULL);
	json_object_object_add(o, "replayFailRate",
	    json_object_new_double(f->replay_fail_rate));
	fl = json_object_new_object();
	for (size_t i = 0; i < 3; i++)
		if (f->raw_body[i][0] != '\0')
			json_object_object_add(fl, raw_paths[i],
			    json_object_new_string(f->raw_body[i]));
	json_object_object_add(o, "rawBody", fl);
	return o;
}

static void
faults_clear(struct faults *f)
{
	memset(f, 0, sizeof *f);
	f->flag_queue = f->flag_webhook = f->flag_replay = -1;
	f->replay_latency_ms = -1;
}

/* "rawBody": each GET path named gets the text given (null or "" clears
 * it); -1 when the fault is not that. */
static int
raw_body_fault(json_object *in, struct faults *nf)
{
	json_object *rb;

	if (!json_object_object_get_ex(in, "rawBody", &rb))
		return 0;
	if (rb == NULL) {
		memset(nf->raw_body, 0, sizeof nf->raw_body);
		return 0;
	}
	if (!json_object_is_type(rb, json_type_object))
		return -1;
	json_object_object_foreach(rb, key, val) {
		size_t i;

		for (i = 0; i < 3 && strcmp(key, raw_paths[i]) != 0; i++)
			;
		if (i == 3 || (val != NULL && (!json_object_is_type(val,
		    json_type_string) || json_object_get_string_len(val) >=
		    (int)sizeof nf->raw_body[i])))
			return -1;
		snprintf(nf->raw_body[i], sizeof nf->raw_body[i], "%s",
		    val != NULL ? json_object_get_string(val) : "");
	}
	return 0;
}

static enum MHD_Result
do_faults(struct MHD_Connection *c, const char *method, const struct request *rq)
{
	json_object *in, *v, *fl;
	struct faults nf;

	if (strcmp(method, "DELETE") == 0) {
		pthread_mutex_lock(&sim.lock);
		faults_clear(&sim.faults);
		pthread_mutex_unlock(&sim.lock);
	} else if (strcmp(method, "POST") == 0) {
		in = rq->body.len > 0 ? json_tokener_parse(rq->body.data) : NULL;
		if (in == NULL || !json_object_is_type(in, json_type_object)) {
			json_object_put(in);
			return send_error(c, 400, "BAD_REQUEST", "faults must be a "
			    "JSON object");
		}
		pthread_mutex_lock(&sim.lock);
		nf = sim.faults;
		if (json_object_object_get_ex(in, "latencyMs", &v))
			nf.latency_ms = (long)json_object_get_int64(v);
		if (json_object_object_get_ex(in, "status", &v))
			nf.status = v == NULL ? 0 : json_object_get_int(v);
		if (json_object_object_get_ex(in, "garbage", &v))
			nf.garbage = json_object_get_boolean(v);
		if (json_object_object_get_ex(in, "truncated", &v))
			nf.truncated = json_object_get_boolean(v);
		if (json_object_object_get_ex(in, "redisDown", &v))
			nf.redis_down = json_object_get_boolean(v);
		if (json_object_object_get_ex(in, "bodyBytes", &v))
			nf.body_bytes = (long)json_object_get_int64(v);
		if (json_object_object_get_ex(in, "windowMinutes", &v))
			nf.window_minutes = v == NULL ? 0 :
			    (long)json_object_get_int64(v);
		if (json_object_object_get_ex(in, "clockOffsetSec", &v))
			nf.clock_offset = (long)json_object_get_int64(v);
		if (json_object_object_get_ex(in, "anyAdminToken", &v))
			nf.any_admin_token = json_object_get_boolean(v);
		if (json_object_object_get_ex(in, "anyAdminRole", &v))
			nf.any_admin_role = json_object_get_boolean(v);
		if (json_object_object_get_ex(in, "flags", &fl) &&
		    json_object_is_type(fl, json_type_object)) {
			if (json_object_object_get_ex(fl, "INGEST_QUEUE_ENABLED", &v))
				nf.flag_queue = json_object_get_boolean(v);
			if (json_object_object_get_ex(fl, "INGEST_WEBHOOK_ENABLED", &v))
				nf.flag_webhook = json_object_get_boolean(v);
			if (json_object_object_get_ex(fl, "INGEST_REPLAY_ENABLED", &v))
				nf.flag_replay = json_object_get_boolean(v);
		}
		if (json_object_object_get_ex(in, "replayLatencyMs", &v))
			nf.replay_latency_ms = v == NULL ? -1 :
			    (long)json_object_get_int64(v);
		if (json_object_object_get_ex(in, "replayFailRate", &v)) {
			nf.replay_fail_rate = v == NULL ? 0 :
			    json_object_get_double(v);
			sim.processed = 0;	/* a new rate starts its count */
		}
		if (raw_body_fault(in, &nf) != 0) {
			pthread_mutex_unlock(&sim.lock);
			json_object_put(in);
			return send_error(c, 400, "BAD_REQUEST", "rawBody: an "
			    "object of GET paths to strings under 4 KiB");
		}
		if (json_object_object_get_ex(in, "startedAt", &v)) {
			const char *s = v != NULL ? json_object_get_string(v) : "";

			snprintf(nf.started_at, sizeof nf.started_at, "%s", s);
		}
		if (nf.latency_ms < 0 || nf.latency_ms > 600000 ||
		    nf.body_bytes < 0 || nf.body_bytes > 64L * 1024 * 1024 ||
		    nf.window_minutes < 0 || nf.window_minutes > 10080 ||
		    nf.replay_latency_ms < -1 || nf.replay_latency_ms > 600000 ||
		    !(nf.replay_fail_rate >= 0 && nf.replay_fail_rate <= 1) ||
		    (nf.status != 0 && (nf.status < 100 || nf.status > 599))) {
			pthread_mutex_unlock(&sim.lock);
			json_object_put(in);
			return send_error(c, 400, "BAD_REQUEST", "fault out of range");
		}
		sim.faults = nf;
		pthread_mutex_unlock(&sim.lock);
		json_object_put(in);
	} else if (strcmp(method, "GET") != 0)
		return send_error(c, 405, "METHOD_NOT_ALLOWED", "GET, POST or DELETE");
	pthread_mutex_lock(&sim.lock);
	nf = sim.faults;
	pthread_mutex_unlock(&sim.lock);
	return send_json(c, 200, faults_json(&nf), 0);
}

static const char *
status_code_name(int status)
{
	switch (status) {
	case 401: return "INVALID_ADMIN_TOKEN";
	case 403: return "ADMIN_ROLE_FORBIDDEN";
	case 503: return "QUEUE_REDIS_UNREACHABLE";
	default: return "INTERNAL_ERROR";
	}
}

/* Half a JSON body, then the connection drops: Content-Length promised more. */
static ssize_t
truncated_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	static const char half[] = "{\"version\":\"sim\",\"startedAt\":\"2026-";

	(void)cls;
	if (pos >= sizeof half - 1)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	if (max > sizeof half - 1 - pos)
		max = sizeof half - 1 - (size_t)pos;
	memcpy(buf, half + pos, max);
	return (ssize_t)max;
}

static enum MHD_Result
send_truncated(struct MHD_Connection *c)
{
	struct MHD_Response *r = MHD_create_response_from_callback(4096, 1024,
	    truncated_reader, NULL, NULL);
	enum MHD_Result ret;

	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static void
log_request(const char *path)
{
	int i;

	pthread_mutex_lock(&sim.lock);
	reqlog.total++;
	for (i = 0; i < LOG_PATHS && reqlog.path[i][0] != '\0'; i++)
		if (strcmp(reqlog.path[i], path) == 0)
			break;
	if (i < LOG_PATHS) {
		if (reqlog.path[i][0] == '\0')
			snprintf(reqlog.path[i], sizeof reqlog.path[i], "%.63s", path);
		reqlog.count[i]++;
	}
	pthread_mutex_unlock(&sim.lock);
}

static enum MHD_Result
do_requests(struct MHD_Connection *c, const char *method)
{
	json_object *o = json_object_new_object(), *by = json_object_new_object();

	pthread_mutex_lock(&sim.lock);
	if (strcmp(method, "DELETE") == 0)
		memset(&reqlog, 0, sizeof reqlog);
	json_object_object_add(o, "total", json_object_new_int64(reqlog.total));
	for (int i = 0; i < LOG_PATHS && reqlog.path[i][0] != '\0'; i++)
		json_object_object_add(by, reqlog.path[i],
		    json_object_new_int64(reqlog.count[i]));
	pthread_mutex_unlock(&sim.lock);
	json_object_object_add(o, "byPath", by);
	return send_json(c, 200, o, 0);
}

static enum MHD_Result
route(struct MHD_Connection *c, const char *url, const char *method,
    const struct request *rq)
{
	struct faults f;
	enum MHD_Result ret;
	char path[256];
	const char *q;

	if (rq->too_large)
		return send_error(c, 413, "PAYLOAD_TOO_LARGE", "body over 1 MiB");
	q = strchr(url, '?');
	snprintf(path, sizeof path, "%.*s", q ? (int)(q - url) : 255, url);
	if (strcmp(path, "/__sim/faults") == 0)
		return do_faults(c, method, rq);
	if (strcmp(path, "/__sim/requests") == 0)
		return do_requests(c, method);
	log_request(path);

	pthread_mutex_lock(&sim.lock);
	f = sim.faults;
	pthread_mutex_unlock(&sim.lock);
	if (f.latency_ms > 0) {
		struct timespec ts = { f.latency_ms / 1000,
		    (f.latency_ms % 1000) * 1000000L };

		while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	if (f.status != 0)
		return send_error(c, (unsigned)f.status, status_code_name(f.status),
		    "injected by the simulator");
	if (f.truncated)
		return send_truncated(c);
	if (f.garbage)
		return send_text(c, 200, "<html>\x1b[31mproxy error</html>{{{\"",
		    "application/json");

	if (strcmp(path, "/v1/ingest/signature-check") == 0) {
		if (strcmp(method, "POST") != 0)
			return send_error(c, 405, "METHOD_NOT_ALLOWED", "POST only");
		return do_signature(c, rq, &f);
	}
	if (strcmp(path, "/v1/ingest/runtime") == 0 ||
	    strcmp(path, "/v1/ingest/metrics/queue") == 0 ||
	    strcmp(path, "/v1/ingest/metrics/processing") == 0) {
		if (strcmp(method, "GET") != 0)
			return send_error(c, 405, "METHOD_NOT_ALLOWED", "GET only");
		if (admin_auth(c, 0, &f, &ret) != 0)
			return ret;
		for (size_t i = 0; i < 3; i++)
			if (strcmp(path, raw_paths[i]) == 0 &&
			    f.raw_body[i][0] != '\0')
				return send_text(c, 200, f.raw_body[i],
				    "application/json");
		if (strcmp(path, "/v1/ingest/runtime") == 0)
			return do_runtime(c, &f);
		if (strcmp(path, "/v1/ingest/metrics/queue") == 0)
			return do_queue(c, &f);
		return do_processing(c, &f);
	}
	if (strcmp(path, "/v1/ingest/dlq/replay") == 0) {
		if (strcmp(method, "POST") != 0)
			return send_error(c, 405, "METHOD_NOT_ALLOWED", "POST only");
		if (admin_auth(c, 1, &f, &ret) != 0)
			return ret;
		return do_replay(c, rq, &f);
	}
	return send_error(c, 404, "NOT_FOUND", "no such endpoint");
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)version;
	if (rq == NULL) {
		*con_cls = xcalloc(1, sizeof *rq);
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (rq->body.len + *upload_data_size > MAX_BODY)
			rq->too_large = 1;
		else
			buf_add(&rq->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	return route(c, url, method, rq);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (rq != NULL) {
		buf_free(&rq->body);
		free(rq);
		*con_cls = NULL;
	}
}

static char *
need_env(const char *k)
{
	const char *v = getenv(k);

	if (v == NULL || *v == '\0') {
		fprintf(stderr, "core-api-sim: %s is not set\n", k);
		exit(64);
	}
	return xstrdup(v);
}

/* The command line; 0, or the exit status of a bad one. */
static int
parse_args(int argc, char **argv, const char **bind_addr, long *port,
    const char **port_file)
{
	static const struct option opts[] = {
		{ "bind", required_argument, NULL, 'b' },
		{ "port", required_argument, NULL, 'p' },
		{ "port-file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'b': *bind_addr = optarg; break;
		case 'p':
			if (parse_long(optarg, 0, 65535, port) != 0) {
				fprintf(stderr, "core-api-sim: bad --port\n");
				return 64;
			}
			break;
		case 'f': *port_file = optarg; break;
		default:
			fprintf(stderr, "usage: core-api-sim [--bind ADDR] "
			    "[--port N] [--port-file F]\n");
			return 64;
		}
	}
	return 0;
}

/* Secrets, URLs, queue names and flags from the environment. */
static void
sim_from_env(void)
{
	sim.admin_token = need_env("CORE_API_ADMIN_TOKEN");
	sim.service_token = need_env("INGEST_SERVICE_TOKEN");
	sim.service_secret = need_env("INGEST_SERVICE_SECRET");
	sim.pg_url = need_env("OPS_DB_URL");
	sim.redis_url = xstrdup(env_or("INGEST_REDIS_URL",
	    env_or("REDIS_URL", "redis://127.0.0.1:6379")));
	sim.prefix = xstrdup(env_or("INGEST_QUEUE_PREFIX", "bull"));
	sim.queue = xstrdup(env_or("INGEST_QUEUE_NAME", "ingest-events"));
	sim.env_flags[0] = env_flag("INGEST_QUEUE_ENABLED");
	sim.env_flags[1] = env_flag("INGEST_WEBHOOK_ENABLED");
	sim.env_flags[2] = env_flag("INGEST_REPLAY_ENABLED");
	faults_clear(&sim.faults);
	iso_now(time(NULL), sim.started_at, sizeof sim.started_at);
}

/* The port, written to a temporary file renamed into place, so a reader
 * never sees half of it; -1 when it cannot. */
static int
write_port_file(const char *port_file, unsigned port)
{
	char *tmp = xasprintf("%s.tmp", port_file);
	FILE *f = fopen(tmp, "w");

	if (f == NULL || fprintf(f, "%u\n", port) < 0 ||
	    fclose(f) != 0 || rename(tmp, port_file) != 0) {
		fprintf(stderr, "core-api-sim: cannot write %s\n", port_file);
		return -1;
	}
	free(tmp);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *bind_addr = "127.0.0.1", *port_file = NULL;
	long port = 0;
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t set;
	pthread_t worker;
	int sig, rc;

	if ((rc = parse_args(argc, argv, &bind_addr, &port, &port_file)) != 0)
		return rc;
	sim_from_env();

	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, bind_addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "core-api-sim: bad --bind address\n");
		return 64;
	}
	/* Threads inherit the blocked signals; main waits for them below. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    on_request, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
	    MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "core-api-sim: cannot listen on %s:%ld\n",
		    bind_addr, port);
		return 1;
	}
	if (pthread_create(&worker, NULL, worker_main, NULL) != 0 ||
	    pthread_detach(worker) != 0) {
		fprintf(stderr, "core-api-sim: cannot start the replay worker\n");
		MHD_stop_daemon(d);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (port_file != NULL && write_port_file(port_file, info->port) != 0) {
		MHD_stop_daemon(d);
		return 1;
	}
	fprintf(stderr, "core-api-sim: listening on %s:%u\n", bind_addr,
	    info->port);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	if (sim.pg != NULL)
		PQfinish(sim.pg);
	return 0;
}
