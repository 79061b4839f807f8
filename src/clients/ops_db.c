/* libpq client. Every query goes through PQexecParams with the batch code
 * and window as parameters, never spliced into SQL text. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "core/cancel.h"
#include "clients/ops_db.h"
#include "clients/ops_db_session.h"
#include "clients/ops_db_statements.h"
#include "clients/sql_text.h"
#include "core/sanitize.h"
#include "config/url.h"
#include "core/util.h"
#include "core/waitnote.h"

/* The last correlation answer, for a caller that refreshes (the console):
 * reused while the caller's key (the failed count) and the parameters stay
 * the same, so an idle console does not scan ingest_event_log every second. */
struct memo {
	int valid;
	long long key;
	long window;
	char *batch;		/* NULL: no batch */
	int limit;
	struct error_count *errs;
	struct source_count *where;
	size_t n;
};

struct ops_db {
	PGconn *conn;
	int prepared;		/* the failure-message statement exists */
	int memo_on;
	long long memo_key;
	struct memo memo;
	long memo_hits;
	char *where;		/* host:port for messages, no credentials */
};

/* Round trips to the server, for the benchmark's cost figures. */
static atomic_long round_trips;

long
ops_db_round_trips(void)
{
	return atomic_load(&round_trips);
}

void
ops_db_count_trip(void)
{
	atomic_fetch_add(&round_trips, 1);
}

PGconn *
ops_db_pgconn(struct ops_db *db)
{
	return db->conn;
}

const char *
ops_db_where(const struct ops_db *db)
{
	return db->where;
}

/*
 * Waits for the answer to what PQsend*() sent, in 100 ms steps: when the
 * console quits, the statement is cancelled on the server (PQcancel) and we
 * stop waiting at once instead of at statement_timeout. Returns the last
 * result, as a blocking exec would; NULL when nothing was sent or it was cancelled.
 */
static PGresult *
wait_result(PGconn *c, int sent)
{
	PGresult *res, *last = NULL;

	if (!sent)
		return NULL;
	while (PQisBusy(c)) {
		struct pollfd p = { PQsocket(c), POLLIN, 0 };

		if (cancel_requested()) {
			PGcancel *pc = PQgetCancel(c);
			char why[256];

			/* Best effort: we are leaving whatever it answers. */
			if (pc != NULL)
				(void)PQcancel(pc, why, sizeof why);
			PQfreeCancel(pc);
			return NULL;
		}
		if (poll(&p, 1, 100) == -1 && errno != EINTR)
			break;
		if (!PQconsumeInput(c))
			break;
	}
	while ((res = PQgetResult(c)) != NULL) {
		PQclear(last);
		last = res;
	}
	return last;
}

/*
 * After a failed attempt: when the connection itself dropped (server
 * restarted) and this was the first attempt, resets it, frees *res and
 * returns 1 so that the caller tries again; otherwise 0 and *res is the
 * caller's error.
 */
static int
reset_for_retry(struct ops_db *db, PGresult **res, int attempt)
{
	if (PQstatus(db->conn) == CONNECTION_OK || attempt == 1)
		return 0;
	PQclear(*res);
	*res = NULL;
	atomic_fetch_add(&round_trips, 1);
	PQreset(db->conn);
	db->prepared = 0;	/* a new session has no prepared statement */
	return 1;
}

/* A connection that dropped (server restarted) is reset once and the
 * statement tried again; anything else is the caller's error. */
static PGresult *
exec_params(struct ops_db *db, const char *name, const char *sql, int n,
    const Oid *types, const char *const *params)
{
	PGresult *res = NULL;

	waitnote_begin("ops_db %s (query)", db->where);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (name != NULL && !db->prepared) {
			atomic_fetch_add(&round_trips, 1);
			res = wait_result(db->conn, PQsendPrepare(db->conn, name,
			    sql, n, types));
			if (PQresultStatus(res) == PGRES_COMMAND_OK)
				db->prepared = 1;
			PQclear(res);
			res = NULL;
		}
		atomic_fetch_add(&round_trips, 1);
		if (name != NULL && db->prepared)
			res = wait_result(db->conn, PQsendQueryPrepared(db->conn,
			    name, n, params, NULL, NULL, 0));
		else
			res = wait_result(db->conn, PQsendQueryParams(db->conn, sql,
			    n, types, params, NULL, NULL, 0));
		if (PQresultStatus(res) == PGRES_TUPLES_OK ||
		    !reset_for_retry(db, &res, attempt))
			break;
	}
	waitnote_end();
	return res;
}

/* libpq's message, through the URL redaction first: its connection
 * errors quote the URI, password and all (url: the one it was handed, or
 * NULL). */
static char *
pg_message(PGconn *c, const PGresult *res, const char *url)
{
	const char *m = res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(c);
	char *r = url_redact_text(m != NULL ? m : "", url), *clean;
	size_t n = strlen(r);

	/* libpq ends its messages with a newline, which would print as a
	 * trailing space. */
	while (n > 0 && isspace((unsigned char)r[n - 1]))
		r[--n] = '\0';
	clean = sanitize_text(n > 0 ? r : "unknown error", 300);
	free(r);
	return clean;
}

/* What every connection sends: the URL (expanded: what it says is kept)
 * and then ours, which win over it. */
struct conn_params {
	const char *keys[5];
	const char *vals[5];
	char timeout[32], options[64];
	long connect_ms;	/* the connect_timeout we ask for, in ms */
};

static void
conn_params_fill(struct conn_params *p, const char *url, long timeout_ms)
{
	long secs = (timeout_ms + 999) / 1000;

	/* libpq treats connect_timeout below 2 s as 2 s. */
	if (secs < 2)
		secs = 2;
	p->connect_ms = secs * 1000;
	snprintf(p->timeout, sizeof p->timeout, "%ld", secs);
	snprintf(p->options, sizeof p->options, "-c statement_timeout=%ld",
	    timeout_ms);
	p->keys[0] = "dbname";
	p->vals[0] = url;
	p->keys[1] = "connect_timeout";
	p->vals[1] = p->timeout;
	p->keys[2] = "options";
	p->vals[2] = p->options;
	p->keys[3] = "application_name";
	p->vals[3] = "ingestgate";
	p->keys[4] = NULL;
	p->vals[4] = NULL;
}

/* A connect that did not reach CONNECTION_OK: *cause, db closed, NULL. */
static struct ops_db *
open_checked(struct ops_db *db, const char *url, char **cause)
{
	char *m;

	if (db->conn != NULL && PQstatus(db->conn) == CONNECTION_OK)
		return db;
	m = db->conn != NULL ? pg_message(db->conn, NULL, url) :
	    xstrdup("out of memory");
	*cause = xasprintf("ops_db %s: cannot connect: %s", db->where, m);
	free(m);
	ops_db_close(db);
	return NULL;
}

struct ops_db *
ops_db_open(const char *url, long timeout_ms, char **cause)
{
	struct conn_params p;
	struct ops_db *db;

	if (url == NULL || *url == '\0') {
		*cause = xstrdup("OPS_DB_URL is not set");
		return NULL;
	}
	conn_params_fill(&p, url, timeout_ms);
	db = xcalloc(1, sizeof *db);
	db->where = url_host(url);
	atomic_fetch_add(&round_trips, 1);
	waitnote_begin("ops_db %s (connect)", db->where);
	db->conn = PQconnectdbParams(p.keys, p.vals, 1);
	waitnote_end();
	return open_checked(db, url, cause);
}

/*
 * The connect begun early (ops_db_open_start): a thread drives libpq's
 * non-blocking connect (PQconnectStartParams, PQconnectPoll) so that the
 * TCP connect, the backend's start and the SCRAM login (PBKDF2 on our side,
 * ~10 ms of CPU) overlap the caller's HTTP stages. The thread polls the
 * socket and a pipe, so that an abandoned connect stops at once; it
 * enforces connect_timeout itself (libpq does so only in its blocking
 * connect), over the whole attempt.
 */
struct ops_db_pending {
	pthread_t thread;
	int wake[2];		/* abandon writes a byte: the thread stops */
	struct conn_params p;
	struct ops_db *db;
	int timed_out;
};

static long
mono_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000;
}

static void *
pending_run(void *arg)
{
	struct ops_db_pending *pd = arg;
	PGconn *c;
	PostgresPollingStatusType st = PGRES_POLLING_WRITING;
	long until = mono_ms() + pd->p.connect_ms;

	c = pd->db->conn = PQconnectStartParams(pd->p.keys, pd->p.vals, 1);
	if (c == NULL || PQstatus(c) == CONNECTION_BAD)
		return NULL;
	/* After PQconnectStart, act as if PQconnectPoll said WRITING. */
	while (st != PGRES_POLLING_OK && st != PGRES_POLLING_FAILED) {
		struct pollfd pf[2] = {
			{ PQsocket(c), st == PGRES_POLLING_READING ?
			    POLLIN : POLLOUT, 0 },
			{ pd->wake[0], POLLIN, 0 },
		};
		long left = until - mono_ms();
		int n;

		if (left <= 0) {
			pd->timed_out = 1;
			break;
		}
		n = poll(pf, 2, left > 60000 ? 60000 : (int)left);
		if (n == -1 && errno != EINTR)
			break;
		if (pf[1].revents != 0)
			break;		/* abandoned */
		if (n > 0 && pf[0].revents != 0)
			st = PQconnectPoll(c);
	}
	return NULL;
}

static void
pending_free(struct ops_db_pending *pd, int close_db)
{
	close(pd->wake[0]);
	close(pd->wake[1]);
	if (close_db)
		ops_db_close(pd->db);
	free(pd);
}

struct ops_db_pending *
ops_db_open_start(const char *url, long timeout_ms)
{
	struct ops_db_pending *pd;

	if (url == NULL || *url == '\0')
		return NULL;
	pd = xcalloc(1, sizeof *pd);
	conn_params_fill(&pd->p, url, timeout_ms);
	pd->db = xcalloc(1, sizeof *pd->db);
	pd->db->where = url_host(url);
	if (pipe(pd->wake) != 0) {
		ops_db_close(pd->db);
		free(pd);
		return NULL;
	}
	fcntl(pd->wake[0], F_SETFD, FD_CLOEXEC);
	fcntl(pd->wake[1], F_SETFD, FD_CLOEXEC);
	if (pthread_create(&pd->thread, NULL, pending_run, pd) != 0) {
		/* No thread: the caller connects in the ordinary way. */
		pending_free(pd, 1);
		return NULL;
	}
	atomic_fetch_add(&round_trips, 1);
	return pd;
}

struct ops_db *
ops_db_open_finish(struct ops_db_pending *pd, char **cause)
{
	struct ops_db *db;

	waitnote_begin("ops_db %s (connect)", pd->db->where);
	pthread_join(pd->thread, NULL);
	waitnote_end();
	db = pd->db;
	if (pd->timed_out && db->conn != NULL &&
	    PQstatus(db->conn) != CONNECTION_OK) {
		*cause = xasprintf("ops_db %s: cannot connect: timeout expired",
		    db->where);
		ops_db_close(db);
		db = NULL;
	} else
		db = open_checked(db, pd->p.vals[0], cause);
	pending_free(pd, 0);
	return db;
}

void
ops_db_open_abandon(struct ops_db_pending *pd)
{
	if (pd == NULL)
		return;
	/* A full pipe cannot be: one byte, once. */
	(void)!write(pd->wake[1], "x", 1);
	pthread_join(pd->thread, NULL);
	pending_free(pd, 1);
}

static void
rows_free(struct error_count *errs, struct source_count *where, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(errs[i].error_code);
		free(errs[i].error_message);
		free(where[i].source);
		free(where[i].channel);
	}
	free(errs);
	free(where);
}

static void
rows_copy(const struct error_count *errs, const struct source_count *where,
    size_t n, struct error_count **eout, struct source_count **wout)
{
	*eout = xcalloc(n, sizeof **eout);
	*wout = xcalloc(n, sizeof **wout);
	for (size_t i = 0; i < n; i++) {
		(*eout)[i] = errs[i];
		(*eout)[i].error_code = errs[i].error_code != NULL ?
		    xstrdup(errs[i].error_code) : NULL;
		(*eout)[i].error_message = errs[i].error_message != NULL ?
		    xstrdup(errs[i].error_message) : NULL;
		(*wout)[i] = where[i];
		(*wout)[i].source = where[i].source != NULL ?
		    xstrdup(where[i].source) : NULL;
		(*wout)[i].channel = where[i].channel != NULL ?
		    xstrdup(where[i].channel) : NULL;
	}
}

static void
memo_clear(struct memo *m)
{
	if (m->valid)
		rows_free(m->errs, m->where, m->n);
	free(m->batch);
	memset(m, 0, sizeof *m);
}

void
ops_db_memo(struct ops_db *db, int on, long long key)
{
	if (db == NULL)
		return;
	db->memo_on = on;
	if (on && key != db->memo_key)
		memo_clear(&db->memo);
	if (on)
		db->memo_key = key;
}

void
ops_db_memo_forget(struct ops_db *db)
{
	if (db != NULL)
		memo_clear(&db->memo);
}

long
ops_db_memo_hits(const struct ops_db *db)
{
	return db != NULL ? db->memo_hits : 0;
}

static int
memo_match(const struct ops_db *db, long window, const char *batch, int limit)
{
	const struct memo *m = &db->memo;

	return db->memo_on && m->valid && m->key == db->memo_key &&
	    m->window == window && m->limit == limit &&
	    ((batch == NULL && m->batch == NULL) || (batch != NULL &&
	    m->batch != NULL && strcmp(batch, m->batch) == 0));
}

void
ops_db_close(struct ops_db *db)
{
	if (db == NULL)
		return;
	memo_clear(&db->memo);
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->where);
	free(db);
}

int
ops_db_query_failed(struct ops_db *db, PGresult *res, const char *what, char **cause)
{
	char *m = pg_message(db->conn, res, NULL);

	/* A statement cut off by its timeout is, at scale, a statement that
	 * reads more than its window or batch: say where to look. */
	*cause = xasprintf("ops_db %s: %s%s%s", db->where, what, m,
	    strstr(m, "statement timeout") != NULL ? " (a statement that "
	    "outgrew its index? 'ingestgate doctor' names it)" : "");
	free(m);
	PQclear(res);
	return -1;
}

static char *
cell(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return sanitize_text(PQgetvalue(res, row, col), 300);
}

int
ops_db_failure_messages(struct ops_db *db, long window, const char *batch,
    int limit, struct error_count **out, struct source_count **where,
    size_t *n, char **cause)
{
	char w[32], l[32];
	const char *params[3] = { w, batch, l };
	PGresult *res;
	int rows;

	if (memo_match(db, window, batch, limit)) {
		rows_copy(db->memo.errs, db->memo.where, db->memo.n, out, where);
		*n = db->memo.n;
		db->memo_hits++;
		return 0;
	}
	snprintf(w, sizeof w, "%ld", window);
	snprintf(l, sizeof l, "%d", limit);
	res = exec_params(db, "failure_messages",
	    ops_db_statements[OPS_DB_FAILURE_MESSAGES].sql, 3,
	    (const Oid[]){ 23, 25, 23 }, params);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return ops_db_query_failed(db, res, "error-message query failed: ", cause);
	rows = PQntuples(res);
	*out = xcalloc((size_t)rows, sizeof **out);
	*where = xcalloc((size_t)rows, sizeof **where);
	for (int i = 0; i < rows; i++) {
		char *c;

		(*where)[i].source = cell(res, i, 0);
		(*where)[i].channel = cell(res, i, 1);
		(*out)[i].error_code = cell(res, i, 2);
		(*out)[i].error_message = cell(res, i, 3);
		c = cell(res, i, 4);
		(*out)[i].count = c != NULL ? strtoll(c, NULL, 10) : 0;
		(*where)[i].failed = (*out)[i].count;
		free(c);
	}
	*n = (size_t)rows;
	PQclear(res);
	if (db->memo_on) {
		memo_clear(&db->memo);
		rows_copy(*out, *where, *n, &db->memo.errs, &db->memo.where);
		db->memo.n = *n;
		db->memo.key = db->memo_key;
		db->memo.window = window;
		db->memo.batch = batch != NULL ? xstrdup(batch) : NULL;
		db->memo.limit = limit;
		db->memo.valid = 1;
	}
	return 0;
}

int
ops_db_dlq_status_by_ids(struct ops_db *db, const long long *ids, size_t n,
    struct dlq_id_counts *out, char **cause)
{
	/* Not named: exec_params keeps a single prepared statement per
	 * connection, the F-03 one. */
	const char *sql = ops_db_statements[OPS_DB_DLQ_STATUS_BY_IDS].sql;
	long long *dst[5] = { &out->replaying, &out->resolved, &out->failed,
	    &out->open, &out->found };
	struct buf arr = { 0 };
	const char *params[1];
	PGresult *res;
	char *c;

	memset(out, 0, sizeof *out);
	buf_adds(&arr, "{");
	for (size_t i = 0; i < n; i++)
		buf_addf(&arr, "%s%lld", i > 0 ? "," : "", ids[i]);
	buf_adds(&arr, "}");
	params[0] = arr.data;
	res = exec_params(db, NULL, sql, 1, (const Oid[]){ 1016 }, params);
	buf_free(&arr);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		return ops_db_query_failed(db, res, "DLQ status by id failed: ", cause);
	for (int i = 0; i < 5; i++) {
		c = cell(res, 0, i);
		*dst[i] = c != NULL ? strtoll(c, NULL, 10) : 0;
		free(c);
	}
	PQclear(res);
	return 0;
}

int
ops_db_batch_rows(struct ops_db *db, const char *batch, long long *bookings,
    long long *payments, char **cause)
{
	const char *sql = ops_db_statements[OPS_DB_BATCH_ROWS].sql;
	const char *params[1] = { batch };
	PGresult *res;
	char *c;

	res = exec_params(db, NULL, sql, 1, (const Oid[]){ 25 }, params);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		return ops_db_query_failed(db, res, "batch row count failed: ", cause);
	c = cell(res, 0, 0);
	*bookings = c != NULL ? strtoll(c, NULL, 10) : 0;
	free(c);
	c = cell(res, 0, 1);
	*payments = c != NULL ? strtoll(c, NULL, 10) : 0;
	free(c);
	PQclear(res);
	return 0;
}

/* One parameterised statement that must answer COMMAND_OK or TUPLES_OK. */
static PGresult *
exec_simple(struct ops_db *db, const char *sql, const char *param)
{
	atomic_fetch_add(&round_trips, 1);
	return PQexecParams(db->conn, sql, param != NULL ? 1 : 0, NULL,
	    param != NULL ? &param : NULL, NULL, NULL, 0);
}

static int
exec_ok(PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);

	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* A dropped connection is reset once. */
int
ops_db_begin_read_only(struct ops_db *db, long timeout_ms, char **cause)
{
	char ms[32];
	PGresult *res = NULL;

	snprintf(ms, sizeof ms, "%ld", timeout_ms);
	for (int attempt = 0; attempt < 2; attempt++) {
		res = exec_simple(db, "BEGIN TRANSACTION READ ONLY", NULL);
		if (exec_ok(res)) {
			PQclear(res);
			res = exec_simple(db, "SELECT set_config("
			    "'statement_timeout', $1, true)", ms);
			if (exec_ok(res)) {
				PQclear(res);
				return 0;
			}
			break;
		}
		if (!reset_for_retry(db, &res, attempt))
			break;
	}
	return ops_db_query_failed(db, res, "cannot start a read-only transaction: ",
	    cause);
}

void
ops_db_rollback(struct ops_db *db)
{
	if (PQstatus(db->conn) != CONNECTION_OK)
		return;
	PQclear(exec_simple(db, "ROLLBACK", NULL));
}

/* The check is a query of its own; wrapped to count and sample at once:
 * the count stays in SQL, at most $2 rows come back. Trailing semicolons
 * and comments ("; -- why") are cut as the server's lexer would see them,
 * not as a second statement. The check is a MATERIALIZED CTE so that it is
 * planned for all its rows, as the count reads them all: as a subquery under
 * the LIMIT it was planned for the first $2 only, and a batch with no
 * orphan among 10000 payments got 10000 index probes (a nested loop
 * expecting to stop early) instead of one hash anti join (10M rows of
 * history: 27-49 ms against 5-8 ms). */
char *
ops_db_quality_sql(const char *sql)
{
	char *body = xstrndup(sql, sql_text_end(sql, strlen(sql))), *q;

	q = xasprintf("WITH q AS MATERIALIZED (\n%s\n) SELECT count(*) OVER () "
	    "AS \"__count\", q.* FROM q LIMIT $2::int", body);
	free(body);
	return q;
}

int
ops_db_quality_check(struct ops_db *db, const char *sql, const char *batch,
    int max_samples, long timeout_ms, long long *count,
    struct kvlist **samples, size_t *nsamples, char **cause)
{
	char *q, lim[32];
	const char *params[2] = { batch, lim };
	PGresult *res;
	int rows, cols;

	if (ops_db_begin_read_only(db, timeout_ms, cause) != 0)
		return -1;
	waitnote_begin("ops_db %s (quality check)", db->where);
	snprintf(lim, sizeof lim, "%d", max_samples);
	q = ops_db_quality_sql(sql);
	/* A check that does not use $1 still receives it: declare its type.
	 * Inside the transaction: never retried on another connection. */
	atomic_fetch_add(&round_trips, 1);
	res = PQexecParams(db->conn, q, 2, (const Oid[]){ 25, 23 }, params,
	    NULL, NULL, 0);
	waitnote_end();
	free(q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		/* The server refused the check (syntax, a write, the timeout)
		 * unless the connection itself is gone. */
		int gone = PQstatus(db->conn) != CONNECTION_OK;

		ops_db_query_failed(db, res, "", cause);
		ops_db_rollback(db);
		return gone ? -1 : -2;
	}
	rows = PQntuples(res);
	cols = PQnfields(res);
	*count = 0;
	if (rows > 0) {
		char *c = cell(res, 0, 0);

		*count = c != NULL ? strtoll(c, NULL, 10) : 0;
		free(c);
	}
	*samples = xcalloc((size_t)rows, sizeof **samples);
	for (int i = 0; i < rows; i++) {
		for (int j = 1; j < cols; j++) {
			char *v = cell(res, i, j), *name = sanitize_text(
			    PQfname(res, j), 64);

			kv_str(&(*samples)[i], name, v);
			free(name);
			free(v);
		}
	}
	*nsamples = (size_t)rows;
	PQclear(res);
	ops_db_rollback(db);
	return 0;
}
