/* EXPLAIN and catalog reads for `ingestgate doctor`: inside the READ ONLY
 * transaction doctor opens, never ANALYZE (nothing is executed), never a
 * write: a missing index is printed by the caller, never created here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "clients/ops_db.h"
#include "clients/ops_db_explain.h"
#include "clients/ops_db_session.h"
#include "core/sanitize.h"
#include "core/util.h"

int
ops_db_doctor_begin(struct ops_db *db, long timeout_ms, char **cause)
{
	return ops_db_begin_read_only(db, timeout_ms, cause);
}

void
ops_db_doctor_end(struct ops_db *db)
{
	ops_db_rollback(db);
}

int
ops_db_set_local(struct ops_db *db, const char *name, const char *value,
    char **cause)
{
	const char *params[2] = { name, value };
	PGresult *res;

	ops_db_count_trip();
	res = PQexecParams(ops_db_pgconn(db), "SELECT set_config($1, $2, true)",
	    2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return ops_db_query_failed(db, res, "SET LOCAL failed: ", cause);
	PQclear(res);
	return 0;
}

int
ops_db_explain(struct ops_db *db, const char *sql, int n,
    const unsigned int *oids, const char *const *params, char **plan,
    char **cause)
{
	PGresult *res;
	char *q = xasprintf("EXPLAIN (FORMAT JSON) %s", sql);

	*plan = NULL;
	ops_db_count_trip();
	res = PQexecParams(ops_db_pgconn(db), q, n, oids, params, NULL, NULL, 0);
	free(q);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1)
		return ops_db_query_failed(db, res, "EXPLAIN failed: ", cause);
	*plan = xstrdup(PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* One statement of ours without parameters (savepoints), through the
 * extended protocol as every other statement: one statement, never a
 * string the simple protocol would split. */
static int
exec_command(struct ops_db *db, const char *sql, char **cause)
{
	PGresult *res;

	ops_db_count_trip();
	res = PQexecParams(ops_db_pgconn(db), sql, 0, NULL, NULL, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return ops_db_query_failed(db, res, "", cause);
	PQclear(res);
	return 0;
}

int
ops_db_explain_guarded(struct ops_db *db, const char *sql, int n,
    const unsigned int *oids, const char *const *params, char **plan,
    char **cause)
{
	char *why = NULL;

	*plan = NULL;
	if (exec_command(db, "SAVEPOINT ingestgate_doctor", cause) != 0)
		return -1;
	if (ops_db_explain(db, sql, n, oids, params, plan, cause) == 0)
		return exec_command(db, "RELEASE SAVEPOINT ingestgate_doctor",
		    cause);
	if (PQstatus(ops_db_pgconn(db)) != CONNECTION_OK)
		return -1;
	/* Refused: the transaction lives on without what the statement did. */
	if (exec_command(db, "ROLLBACK TO SAVEPOINT ingestgate_doctor",
	    &why) != 0) {
		free(*cause);
		*cause = why;
		return -1;
	}
	return -2;
}

/* The tables as one text[] literal ({a,b}): the names are ours. */
static char *
table_array(const char *const *tables)
{
	struct buf b = { 0 };

	buf_adds(&b, "{");
	for (size_t i = 0; tables[i] != NULL; i++)
		buf_addf(&b, "%s%s", i > 0 ? "," : "", tables[i]);
	buf_adds(&b, "}");
	return buf_take(&b);
}

int
ops_db_index_list(struct ops_db *db, const char *const *tables,
    struct ops_db_index_row **out, size_t *n, char **cause)
{
	static const char sql[] =
	    "SELECT indexname, tablename, "
	    "substring(indexdef from ' (USING .*)$') FROM pg_indexes "
	    "WHERE schemaname = ANY (current_schemas(false)) "
	    "AND tablename = ANY ($1::text[]) ORDER BY 2, 1";
	char *arr = table_array(tables);
	const char *params[1] = { arr };
	PGresult *res;

	ops_db_count_trip();
	res = PQexecParams(ops_db_pgconn(db), sql, 1, NULL, params, NULL, NULL,
	    0);
	free(arr);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return ops_db_query_failed(db, res, "index list failed: ", cause);
	*n = (size_t)PQntuples(res);
	*out = xcalloc(*n + 1, sizeof **out);
	for (size_t i = 0; i < *n; i++) {
		(*out)[i].name = xstrdup(PQgetvalue(res, (int)i, 0));
		(*out)[i].table = xstrdup(PQgetvalue(res, (int)i, 1));
		(*out)[i].def = xstrdup(PQgetvalue(res, (int)i, 2));
	}
	PQclear(res);
	return 0;
}

void
ops_db_index_list_free(struct ops_db_index_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free_all(rows[i].name, rows[i].table, rows[i].def);
	free(rows);
}

int
ops_db_table_estimate(struct ops_db *db, const char *table, double *rows,
    char **cause)
{
	static const char sql[] =
	    "SELECT c.reltuples FROM pg_class c WHERE c.oid = to_regclass($1)";
	const char *params[1] = { table };
	PGresult *res;

	ops_db_count_trip();
	res = PQexecParams(ops_db_pgconn(db), sql, 1, NULL, params, NULL, NULL,
	    0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return ops_db_query_failed(db, res, "row estimate failed: ",
		    cause);
	/* -1: never vacuumed nor analysed, PostgreSQL does not know yet. */
	*rows = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0) ?
	    strtod(PQgetvalue(res, 0, 0), NULL) : -1;
	PQclear(res);
	return 0;
}
