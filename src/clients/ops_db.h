/* ops_db over libpq: connect timeout, statement_timeout, parameterised
 * queries only. PGconn and PGresult never leave this file. */
#ifndef INGESTGATE_OPS_DB_H
#define INGESTGATE_OPS_DB_H

#include <stddef.h>

#include "core/result.h"
#include "core/snapshot.h"

struct ops_db;

/* NULL with *cause (no password in it) when the database cannot be reached. */
struct ops_db *ops_db_open(const char *url, long timeout_ms, char **cause);
void ops_db_close(struct ops_db *db);

/* A connect begun in the background, so the login overlaps other work:
 * start never blocks (NULL when no thread could be made: open the ordinary
 * way); finish waits for it and answers as ops_db_open would; abandon stops
 * it and frees it: at once while it waits on the network, but not before
 * libpq's host-name look-up returns (libpq resolves blocking). Exactly one
 * of finish or abandon. */
struct ops_db_pending;
struct ops_db_pending *ops_db_open_start(const char *url, long timeout_ms);
struct ops_db *ops_db_open_finish(struct ops_db_pending *pd, char **cause);
void ops_db_open_abandon(struct ops_db_pending *pd);
/* Statements, prepares and connects sent so far by this process. */
long ops_db_round_trips(void);

/* The correlation statement ops_db_failure_messages prepares ($1 window
 * minutes, $2 batch or NULL, $3 limit) is ops_db_failure_messages_sql of
 * clients/ops_db_statements.h: the benchmark's floor sends it too. */

/* For a caller that refreshes: with on, ops_db_failure_messages answers
 * from its last result while key (the caller's failed count) and the
 * parameters are unchanged, and queries again (keeping the new answer) when
 * any of them changes. Off (the default, for one-shot gates and keys) always
 * queries and leaves the kept answer alone; forget drops it. */
void ops_db_memo(struct ops_db *db, int on, long long key);
void ops_db_memo_forget(struct ops_db *db);
/* Answers given from the memo so far. */
long ops_db_memo_hits(const struct ops_db *db);

/* Failed events in the window (and batch, when not NULL) grouped by
 * source, channel and message, most first, at most limit rows. */
int ops_db_failure_messages(struct ops_db *db, long window, const char *batch,
    int limit, struct error_count **out, struct source_count **where,
    size_t *n, char **cause);

/* Where the entries a replay moved are now (SPEC section 12). */
struct dlq_id_counts {
	long long replaying, resolved, failed, open;
	long long found;	/* rows that still exist among the ids */
};
int ops_db_dlq_status_by_ids(struct ops_db *db, const long long *ids,
    size_t n, struct dlq_id_counts *out, char **cause);

/* Bookings and payments of a batch, to tell an empty (mistyped) batch. */
int ops_db_batch_rows(struct ops_db *db, const char *batch,
    long long *bookings, long long *payments, char **cause);

/* Runs a quality check (SQL with $1 = batch) inside a READ ONLY transaction
 * with statement timeout timeout_ms: the number of rows it returns and up to
 * max_samples of them as column = value lists (caller frees). 0 on success;
 * -1 with *cause when ops_db cannot be reached; -2 with *cause (PostgreSQL's
 * message) when the server refused the check itself: a syntax error, a
 * write, the timeout. */
/* The text ops_db_quality_check sends for sql (caller frees): the check
 * wrapped to return its row count with at most $2 rows. */
char *ops_db_quality_sql(const char *sql);
int ops_db_quality_check(struct ops_db *db, const char *sql, const char *batch,
    int max_samples, long timeout_ms, long long *count,
    struct kvlist **samples, size_t *nsamples, char **cause);

#endif
