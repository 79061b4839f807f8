/* Every statement the product sends to ops_db, in one table, and the
 * indexes they need: the clients send the statements from here and
 * `ingestgate doctor` explains each one (SPEC section 9, "Scale"). */
#ifndef INGESTGATE_OPS_DB_STATEMENTS_H
#define INGESTGATE_OPS_DB_STATEMENTS_H

#include <stddef.h>

/* What a statement's parameter is; doctor fills in a representative value. */
enum ops_db_param {
	OPS_DB_P_WINDOW,	/* window minutes, int4 */
	OPS_DB_P_BATCH,		/* the batch code, text */
	OPS_DB_P_LIMIT,		/* rows or samples, int4 */
	OPS_DB_P_IDS		/* DLQ ids, bigint[] */
};

enum ops_db_stmt {
	OPS_DB_FAILURE_MESSAGES,
	OPS_DB_BATCH_ROWS,
	OPS_DB_DUPLICATE_IDENTITY,
	OPS_DB_PAYMENT_ORPHAN,
	OPS_DB_DLQ_STATUS_BY_IDS,
	OPS_DB_STMT_COUNT
};

struct ops_db_statement {
	const char *name;
	const char *serves;	/* who sends it, for doctor's report */
	const char *sql;
	/* Sent through ops_db_quality_sql()'s wrapper: its $1 the batch, its
	 * $2 the sample cap (params below are the wrapped statement's). */
	int quality;
	int nparams;
	enum ops_db_param params[3];
};

extern const struct ops_db_statement ops_db_statements[OPS_DB_STMT_COUNT];

/* F-03's correlation, also sent by the benchmark's floor. */
extern const char ops_db_failure_messages_sql[];

/* An index the statements need beyond SPEC section 9's reference schema;
 * def is written as PostgreSQL's pg_get_indexdef() renders it after the
 * table name, so that an index of another name with the same definition
 * counts as present. tests/stack/schema.sql creates each one. */
struct ops_db_index {
	const char *name;
	const char *table;
	const char *def;
	const char *serves;	/* statement names */
};

extern const struct ops_db_index ops_db_indexes[];
extern const size_t ops_db_nindexes;

/* The tables whose size grows with history (SPEC section 9), NULL-ended. */
extern const char *const ops_db_history_tables[];

/* The parameter's type as a PostgreSQL type oid. */
unsigned int ops_db_param_oid(enum ops_db_param p);

#endif
