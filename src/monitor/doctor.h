/* `ingestgate doctor` (SPEC section 9, "Scale"): every statement the
 * product sends, explained on a live ops_db, and the indexes missing. */
#ifndef INGESTGATE_DOCTOR_H
#define INGESTGATE_DOCTOR_H

#include <stddef.h>

#include "clients/ops_db_statements.h"
#include "gates/quality_checks.h"
#include "monitor/doctor_plan.h"

struct doctor_stmt {
	const struct ops_db_statement *st;
	/* An operator's F-05 check (--quality-checks): st points at this
	 * row, made from the check's file as F-05 sends it. */
	struct ops_db_statement check;
	char *serves;		/* check.serves, owned */
	const char *file;	/* the check's file; NULL: the product's own */
	/* The check does not plan: PostgreSQL's word (QUALITY_CHECK_INVALID);
	 * its plans are empty and it is neither bounded nor unbounded. */
	char *error;
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
	/* The product's statements (OPS_DB_STMT_COUNT), then the checks. */
	struct doctor_stmt *stmts;
	size_t nstmts;
	struct quality_check *checks;
	size_t nchecks;
	struct doctor_missing *missing;
	size_t nmissing;
	int unbounded;		/* statements not bounded */
	int invalid;		/* operator's checks that do not plan */
};

/* What doctor asks with. */
struct doctor_params {
	const char *url;	/* OPS_DB_URL */
	long timeout_ms;
	long window;		/* minutes */
	const char *batch;	/* NULL: a probe code */
	const char *quality_checks;	/* the operator's checks' folder, or NULL */
};

/* Connects as the gates do and explains: 0 with *r filled (free with
 * doctor_report_free), or -1 with *cause when it cannot check. */
int doctor_run(const struct doctor_params *p, struct doctor_report *r,
    char **cause);
void doctor_report_free(struct doctor_report *r);
/* The exit status of SPEC section 9's doctor: 1 when a statement is not
 * bounded (whatever else is found: that answer is certain), else 2 when an
 * operator's check does not plan (it cannot be judged), else 0. */
int doctor_status(const struct doctor_report *r);
/* "CREATE INDEX CONCURRENTLY name ON table USING ...;" (caller frees). */
char *doctor_create_sql(const struct ops_db_index *ix);

#endif
