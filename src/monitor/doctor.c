/* `ingestgate doctor`: connects as the gates do, opens a READ ONLY
 * transaction and EXPLAINs (never ANALYZE) every statement of the
 * statement table twice. First as the planner would run it now, for the
 * report. Then as a generic plan with enable_seqscan off: on a small or
 * fresh table the planner rightly prefers a sequential scan even when the
 * index is there, so the natural plan cannot tell "no index" from "tiny
 * table"; pricing sequential scans out asks whether a path bounded by the
 * window, batch or ids exists at all, and the generic plan keeps the
 * parameters as $n so that the judgement can see what bounds each range.
 * Index-only scans are priced out too: on a small table a whole-index
 * read of a covering index (all of it, with a Filter) undercuts the
 * bounded range of another index only because it skips the heap.
 * Missing indexes are printed with their CREATE INDEX CONCURRENTLY, never
 * created. The operator's own F-05 checks (--quality-checks) are explained
 * and judged the same way, as F-05 sends them, each inside a savepoint: a
 * check PostgreSQL refuses is reported and the others still explained. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clients/ops_db.h"
#include "clients/ops_db_explain.h"
#include "config/url.h"
#include "core/util.h"
#include "monitor/doctor.h"

#define PROBE_BATCH "ingestgate-doctor-probe"
#define PROBE_LIMIT "20"
#define PROBE_IDS "{1,2,3}"

/* How the probe values show in an index condition. */
static const char *const probe_marks[] = {
	"'" PROBE_BATCH "'", "'" PROBE_IDS "'", "now()", NULL
};

/* The SQL exactly as sent: F-05's checks go through the quality wrapper. */
static char *
statement_sql(const struct ops_db_statement *st)
{
	return st->quality ? ops_db_quality_sql(st->sql) : xstrdup(st->sql);
}

/* 0, -1 (cannot check) or -2 (an operator's check PostgreSQL refused). */
static int
explain_one(struct ops_db *db, const struct doctor_params *p,
    const struct doctor_stmt *s, int probe, struct doctor_plan *out,
    char **cause)
{
	const struct ops_db_statement *st = s->st;
	char window[32], *sql = statement_sql(st), *plan = NULL, *why = NULL;
	const char *vals[3];
	unsigned int oids[3];
	int rc;

	snprintf(window, sizeof window, "%ld", p->window);
	for (int i = 0; i < st->nparams; i++) {
		enum ops_db_param k = st->params[i];

		oids[i] = ops_db_param_oid(k);
		vals[i] = k == OPS_DB_P_WINDOW ? window : k == OPS_DB_P_BATCH ?
		    (p->batch != NULL && !probe ? p->batch : PROBE_BATCH) :
		    k == OPS_DB_P_LIMIT ? PROBE_LIMIT : PROBE_IDS;
	}
	rc = s->file != NULL ?
	    ops_db_explain_guarded(db, sql, st->nparams, oids, vals, &plan,
	    cause) : ops_db_explain(db, sql, st->nparams, oids, vals, &plan,
	    cause);
	free(sql);
	if (rc != 0)
		return rc;
	rc = doctor_plan_parse(plan, ops_db_history_tables, probe ?
	    probe_marks : NULL, out, &why);
	if (rc != 0) {
		*cause = xasprintf("%s: %s", st->name, why);
		free(why);
	}
	free(plan);
	return rc;
}

/* 1 when word is one of the space-separated words of list. */
static int
word_in(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

static int
index_present(const struct ops_db_index *ix,
    const struct ops_db_index_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].table, ix->table) == 0 &&
		    (strcmp(rows[i].name, ix->name) == 0 ||
		    strcmp(rows[i].def, ix->def) == 0))
			return 1;
	return 0;
}

/* The recommended indexes that are not there, by name or by definition. */
static int
find_missing(struct ops_db *db, struct doctor_report *r, char **cause)
{
	struct ops_db_index_row *rows = NULL;
	size_t n = 0;

	if (ops_db_index_list(db, ops_db_history_tables, &rows, &n, cause) != 0)
		return -1;
	r->missing = xcalloc(ops_db_nindexes, sizeof *r->missing);
	for (size_t i = 0; i < ops_db_nindexes; i++) {
		const struct ops_db_index *ix = &ops_db_indexes[i];
		struct doctor_missing *m;

		if (index_present(ix, rows, n))
			continue;
		m = &r->missing[r->nmissing++];
		m->ix = ix;
		/* The product's statements: an operator's check names no
		 * index of ours. */
		for (size_t k = 0; k < OPS_DB_STMT_COUNT; k++)
			if (!r->stmts[k].bounded &&
			    word_in(ix->serves, r->stmts[k].st->name))
				m->needed = 1;
		if (ops_db_table_estimate(db, ix->table, &m->table_rows,
		    cause) != 0) {
			ops_db_index_list_free(rows, n);
			return -1;
		}
	}
	ops_db_index_list_free(rows, n);
	return 0;
}

/* The product's rows, then one row per operator's check, as F-05 sends
 * it: wrapped, $1 the batch, $2 the sample cap. */
static void
stmts_fill(struct doctor_report *r)
{
	r->nstmts = OPS_DB_STMT_COUNT + r->nchecks;
	r->stmts = xcalloc(r->nstmts, sizeof *r->stmts);
	for (size_t i = 0; i < OPS_DB_STMT_COUNT; i++)
		r->stmts[i].st = &ops_db_statements[i];
	for (size_t i = 0; i < r->nchecks; i++) {
		struct doctor_stmt *s = &r->stmts[OPS_DB_STMT_COUNT + i];
		const struct quality_check *q = &r->checks[i];

		s->file = q->file;
		s->serves = xasprintf("F-05 quality: the operator's check %s",
		    q->file);
		s->check = (struct ops_db_statement){ q->name, s->serves,
		    q->sql, 1, 2, { OPS_DB_P_BATCH, OPS_DB_P_LIMIT } };
		s->st = &s->check;
	}
}

/* A pass over every statement: the natural plans, or the probe plans. */
static int
explain_pass(struct ops_db *db, const struct doctor_params *p,
    struct doctor_report *r, int probe, char **cause)
{
	for (size_t i = 0; i < r->nstmts; i++) {
		struct doctor_stmt *s = &r->stmts[i];
		int rc;

		if (s->error != NULL)
			continue;
		rc = explain_one(db, p, s, probe, probe ? &s->indexed :
		    &s->natural, cause);
		if (rc == -2) {
			s->error = *cause;
			*cause = NULL;
			r->invalid++;
			continue;
		}
		if (rc != 0)
			return -1;
		if (probe) {
			s->bounded = doctor_plan_bounded(&s->indexed);
			r->unbounded += !s->bounded;
		}
	}
	return 0;
}

static int
explain_all(struct ops_db *db, const struct doctor_params *p,
    struct doctor_report *r, char **cause)
{
	stmts_fill(r);
	if (explain_pass(db, p, r, 0, cause) != 0)
		return -1;
	if (ops_db_set_local(db, "enable_seqscan", "off", cause) != 0 ||
	    ops_db_set_local(db, "enable_indexonlyscan", "off", cause) != 0)
		return -1;
	return explain_pass(db, p, r, 1, cause);
}

int
doctor_run(const struct doctor_params *p, struct doctor_report *r,
    char **cause)
{
	struct ops_db *db;
	int rc = -1;

	memset(r, 0, sizeof *r);
	r->where = url_host(p->url);
	/* The checks first: a folder that cannot be read is said before
	 * anything connects. */
	if (p->quality_checks != NULL && quality_checks_load(p->quality_checks,
	    &r->checks, &r->nchecks, cause) != 0) {
		doctor_report_free(r);
		return -1;
	}
	db = ops_db_open(p->url, p->timeout_ms, cause);
	if (db == NULL) {
		doctor_report_free(r);
		return -1;
	}
	if (ops_db_doctor_begin(db, p->timeout_ms, cause) != 0)
		goto out;
	if (explain_all(db, p, r, cause) == 0 && find_missing(db, r, cause) == 0)
		rc = 0;
	ops_db_doctor_end(db);
out:
	ops_db_close(db);
	if (rc != 0)
		doctor_report_free(r);
	return rc;
}

void
doctor_report_free(struct doctor_report *r)
{
	for (size_t i = 0; i < r->nstmts; i++) {
		doctor_plan_free(&r->stmts[i].natural);
		doctor_plan_free(&r->stmts[i].indexed);
		free_all(r->stmts[i].serves, r->stmts[i].error);
	}
	free(r->stmts);
	quality_checks_free(r->checks, r->nchecks);
	free(r->missing);
	free(r->where);
	memset(r, 0, sizeof *r);
}

int
doctor_status(const struct doctor_report *r)
{
	if (r->unbounded > 0)
		return 1;
	return r->invalid > 0 ? 2 : 0;
}

char *
doctor_create_sql(const struct ops_db_index *ix)
{
	return xasprintf("CREATE INDEX CONCURRENTLY %s ON %s %s;", ix->name,
	    ix->table, ix->def);
}
