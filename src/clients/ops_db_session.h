/* What the files of the ops_db client share about a connection; for
 * src/clients/ops_db*.c only (PGconn never leaves the client). */
#ifndef INGESTGATE_OPS_DB_SESSION_H
#define INGESTGATE_OPS_DB_SESSION_H

#include <libpq-fe.h>

struct ops_db;

PGconn *ops_db_pgconn(struct ops_db *db);
/* host:port, no credentials. */
const char *ops_db_where(const struct ops_db *db);
/* Counts one round trip, for the benchmark's cost figures. */
void ops_db_count_trip(void);
/* Opens a READ ONLY transaction with its own statement timeout; -1 with
 * *cause when the server is not there. */
int ops_db_begin_read_only(struct ops_db *db, long timeout_ms, char **cause);
void ops_db_rollback(struct ops_db *db);
/* Fills *cause ("ops_db HOST: what" and PostgreSQL's message) from a
 * failed result and frees it; returns -1. */
int ops_db_query_failed(struct ops_db *db, PGresult *res, const char *what,
    char **cause);

#endif
