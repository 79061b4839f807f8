/* `ingestgate doctor` (SPEC section 9, "Scale"): every statement the
 * product sends, explained on a live ops_db, and the indexes missing. */
#ifndef INGESTGATE_DOCTOR_H
#define INGESTGATE_DOCTOR_H

#include <stddef.h>

#include "clients/ops_db_statements.h"
#include "monitor/doctor_plan.h"

struct doctor_stmt {
	const struct ops_db_statement *st;
	/* The planner's own choice for the representative values. */
	struct doctor_plan natural;
	/* Probe values, sequential scans priced out: whether an index path
	 * bounded by the parameters exists at all. */
	struct doctor_plan indexed;
	int bounded;
};

struct doctor_missing {
	const struct ops_db_index *ix;
	double table_rows;	/* -1: PostgreSQL has no estimate yet */
	int needed;		/* a statement it serves is not bounded */
};

struct doctor_report {
	char *where;		/* ops_db host:port, no credentials */
	struct doctor_stmt stmts[OPS_DB_STMT_COUNT];
	struct doctor_missing *missing;
	size_t nmissing;
	int unbounded;		/* statements not bounded */
};

/* What doctor asks with. */
struct doctor_params {
	const char *url;	/* OPS_DB_URL */
	long timeout_ms;
	long window;		/* minutes */
	const char *batch;	/* NULL: a probe code */
};

/* Connects as the gates do and explains: 0 with *r filled (free with
 * doctor_report_free), or -1 with *cause when it cannot check. */
int doctor_run(const struct doctor_params *p, struct doctor_report *r,
    char **cause);
void doctor_report_free(struct doctor_report *r);
/* The exit status of SPEC section 9's doctor: 0 bounded, 1 not. */
int doctor_status(const struct doctor_report *r);
/* "CREATE INDEX CONCURRENTLY name ON table USING ...;" (caller frees). */
char *doctor_create_sql(const struct ops_db_index *ix);

#endif
