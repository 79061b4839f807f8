/* EXPLAIN and catalog reads for `ingestgate doctor` (SPEC section 9): all
 * inside one READ ONLY transaction; nothing is executed or written. */
#ifndef INGESTGATE_OPS_DB_EXPLAIN_H
#define INGESTGATE_OPS_DB_EXPLAIN_H

#include <stddef.h>

struct ops_db;

/* BEGIN TRANSACTION READ ONLY with statement timeout timeout_ms; end rolls
 * it back (with every SET LOCAL). */
int ops_db_doctor_begin(struct ops_db *db, long timeout_ms, char **cause);
void ops_db_doctor_end(struct ops_db *db);
/* A planner setting for the rest of the transaction. */
int ops_db_set_local(struct ops_db *db, const char *name, const char *value,
    char **cause);
/* The plan of sql (EXPLAIN (FORMAT JSON), never ANALYZE) for the values
 * params (oids: their types) as JSON text in *plan (caller frees). */
int ops_db_explain(struct ops_db *db, const char *sql, int n,
    const unsigned int *oids, const char *const *params, char **plan,
    char **cause);
/* As ops_db_explain, for SQL the operator wrote: planned inside a savepoint
 * so that a statement PostgreSQL refuses (syntax, a missing column) leaves
 * the transaction usable. -2 with *cause when the server refused it, -1
 * when the connection itself failed. */
int ops_db_explain_guarded(struct ops_db *db, const char *sql, int n,
    const unsigned int *oids, const char *const *params, char **plan,
    char **cause);

/* An index of the tables, its definition from "USING" on. */
struct ops_db_index_row {
	char *name, *table, *def;
};
/* The indexes of the NULL-ended tables (caller frees with _free). */
int ops_db_index_list(struct ops_db *db, const char *const *tables,
    struct ops_db_index_row **out, size_t *n, char **cause);
void ops_db_index_list_free(struct ops_db_index_row *rows, size_t n);
/* PostgreSQL's row estimate of table (pg_class.reltuples): -1 when it has
 * none yet (never analysed) or the table is not there. */
int ops_db_table_estimate(struct ops_db *db, const char *table, double *rows,
    char **cause);

#endif
