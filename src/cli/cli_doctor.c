/* `ingestgate doctor` (SPEC section 9, "Scale"): loads the context's settings, runs the core's
 * doctor (src/monitor/doctor.c) and prints what it found, as text or one
 * JSON document. Nothing here touches the database. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cli/cli.h"
#include "cli/cli_int.h"
#include "config/settings.h"
#include "core/codes.h"
#include "core/util.h"
#include "monitor/doctor.h"

#define EXIT_CANNOT 2

static void
print_rows(double rows)
{
	if (rows < 0)
		fputs("no estimate yet (never analysed)", stdout);
	else
		printf("~%.0f rows", rows);
}

static void
print_stmt(const struct doctor_stmt *s)
{
	char *path, *idx, *ipath, *iidx;

	printf("%s: %s\n", s->st->name, s->st->serves);
	if (s->error != NULL) {
		printf("  does not plan:    %s (%s); the gate would stop on it "
		    "too, so it cannot be judged\n", s->error,
		    code_name(CODE_QUALITY_CHECK_INVALID));
		return;
	}
	path = doctor_plan_path(&s->natural);
	idx = doctor_plan_indexes(&s->natural);
	ipath = doctor_plan_path(&s->indexed);
	iidx = doctor_plan_indexes(&s->indexed);
	printf("  planner's choice: %s, index %s, estimated %.0f rows\n", path,
	    idx != NULL ? idx : "none", s->natural.rows);
	if (s->bounded)
		printf("  bounded:          yes, %s (%s)\n", ipath,
		    iidx != NULL ? iidx : "no history table");
	else
		printf("  bounded:          NO: %s reads beyond the window, "
		    "batch or ids%s\n", ipath, s->file != NULL ? " (filter on "
		    "batch_code = $1, which booking_batch_ref and "
		    "payment_batch_id serve)" : "");
	free_all(path, idx, ipath, iidx);
}

/* The last lines: the verdict, the statements that decide it named. */
static void
print_verdict(const struct doctor_report *r)
{
	if (r->unbounded > 0) {
		printf("\ndoctor: %d of %zu statements read beyond their "
		    "window, batch or ids: a gate's time grows with the "
		    "history:", r->unbounded, r->nstmts);
		for (size_t i = 0; i < r->nstmts; i++)
			if (r->stmts[i].error == NULL && !r->stmts[i].bounded)
				printf(" %s%s", r->stmts[i].file != NULL ?
				    "check " : "", r->stmts[i].st->name);
		putchar('\n');
	} else if (r->invalid == 0)
		printf("\ndoctor: every statement is bounded by its window, "
		    "batch or ids\n");
	if (r->invalid > 0) {
		printf("%sdoctor: %d of the operator's quality checks do not "
		    "plan, so they cannot be judged (%s):", r->unbounded > 0 ?
		    "" : "\n", r->invalid,
		    code_name(CODE_QUALITY_CHECK_INVALID));
		for (size_t i = 0; i < r->nstmts; i++)
			if (r->stmts[i].error != NULL)
				printf(" %s", r->stmts[i].file);
		putchar('\n');
	}
}

static void
print_text(const struct doctor_report *r)
{
	printf("ops_db %s: %zu statements explained, %zu of them the "
	    "operator's quality checks (READ ONLY, EXPLAIN without ANALYZE)"
	    "\n\n", r->where, r->nstmts, r->nchecks);
	for (size_t i = 0; i < r->nstmts; i++)
		print_stmt(&r->stmts[i]);
	if (r->nmissing > 0)
		printf("\nindexes missing (printed, never run; CONCURRENTLY "
		    "does not block writes):\n");
	for (size_t i = 0; i < r->nmissing; i++) {
		const struct doctor_missing *m = &r->missing[i];
		char *sql = doctor_create_sql(m->ix);

		printf("  %s on %s (", m->ix->name, m->ix->table);
		print_rows(m->table_rows);
		printf("), for %s%s\n    %s\n", m->ix->serves, m->needed ?
		    "" : " (advised: another index bounds it now)", sql);
		free(sql);
	}
	print_verdict(r);
}

/* bounded: say per scan whether it is bounded (the probe plan's verdict;
 * the planner's own choice is reported, not judged). */
static json_object *
plan_json(const struct doctor_plan *p, int bounded)
{
	json_object *o = json_object_new_object(), *scans;
	char *path = doctor_plan_path(p), *idx = doctor_plan_indexes(p);

	json_object_object_add(o, "accessPath", json_object_new_string(path));
	json_object_object_add(o, "index", idx != NULL ?
	    json_object_new_string(idx) : NULL);
	json_object_object_add(o, "estimatedRows",
	    json_object_new_int64((int64_t)p->rows));
	scans = json_object_new_array();
	for (size_t i = 0; i < p->nscans; i++) {
		json_object *s = json_object_new_object();

		json_object_object_add(s, "node",
		    json_object_new_string(p->scans[i].node));
		json_object_object_add(s, "table",
		    json_object_new_string(p->scans[i].table));
		json_object_object_add(s, "index", p->scans[i].index != NULL ?
		    json_object_new_string(p->scans[i].index) : NULL);
		if (bounded)
			json_object_object_add(s, "bounded",
			    json_object_new_boolean(p->scans[i].bounded));
		json_object_array_add(scans, s);
	}
	json_object_object_add(o, "scans", scans);
	free_all(path, idx);
	return o;
}

static json_object *
stmt_json(const struct doctor_stmt *s)
{
	json_object *e = json_object_new_object();
	int ok = s->error == NULL;

	json_object_object_add(e, "name", json_object_new_string(s->st->name));
	json_object_object_add(e, "kind", json_object_new_string(
	    s->file != NULL ? "quality-check" : "product"));
	json_object_object_add(e, "file", s->file != NULL ?
	    json_object_new_string(s->file) : NULL);
	json_object_object_add(e, "serves",
	    json_object_new_string(s->st->serves));
	json_object_object_add(e, "bounded", ok ?
	    json_object_new_boolean(s->bounded) : NULL);
	json_object_object_add(e, "plan", ok ? plan_json(&s->natural, 0) : NULL);
	json_object_object_add(e, "indexPath", ok ?
	    plan_json(&s->indexed, 1) : NULL);
	json_object_object_add(e, "code", ok ? NULL : json_object_new_string(
	    code_name(CODE_QUALITY_CHECK_INVALID)));
	json_object_object_add(e, "error", ok ? NULL :
	    json_object_new_string(s->error));
	return e;
}

static json_object *
report_json(const struct doctor_report *r)
{
	json_object *o = json_object_new_object(), *a, *m;

	json_object_object_add(o, "tool", json_object_new_string("ingestgate"));
	json_object_object_add(o, "version",
	    json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(o, "opsDb", json_object_new_string(r->where));
	/* null: nothing unbounded, but a check could not be judged. */
	json_object_object_add(o, "bounded", r->unbounded > 0 ?
	    json_object_new_boolean(0) : r->invalid > 0 ? NULL :
	    json_object_new_boolean(1));
	a = json_object_new_array();
	for (size_t i = 0; i < r->nstmts; i++)
		json_object_array_add(a, stmt_json(&r->stmts[i]));
	json_object_object_add(o, "statements", a);
	m = json_object_new_array();
	for (size_t i = 0; i < r->nmissing; i++) {
		json_object *e = json_object_new_object();
		char *sql = doctor_create_sql(r->missing[i].ix);

		json_object_object_add(e, "name",
		    json_object_new_string(r->missing[i].ix->name));
		json_object_object_add(e, "table",
		    json_object_new_string(r->missing[i].ix->table));
		json_object_object_add(e, "tableRows", r->missing[i].table_rows < 0 ?
		    NULL : json_object_new_int64((int64_t)r->missing[i].table_rows));
		json_object_object_add(e, "serves",
		    json_object_new_string(r->missing[i].ix->serves));
		json_object_object_add(e, "needed",
		    json_object_new_boolean(r->missing[i].needed));
		json_object_object_add(e, "create", json_object_new_string(sql));
		json_object_array_add(m, e);
		free(sql);
	}
	json_object_object_add(o, "missingIndexes", m);
	return o;
}

static void
print_json(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* Cannot check: say why (no secret: the client's causes name host:port). */
static int
cannot_check(int json, const char *cause)
{
	if (json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "tool",
		    json_object_new_string("ingestgate"));
		json_object_object_add(o, "bounded", NULL);
		json_object_object_add(o, "error", json_object_new_string(cause));
		print_json(o);
	}
	fprintf(stderr, "ingestgate: doctor cannot check: %s\n", cause);
	return EXIT_CANNOT;
}

int
cmd_doctor(const struct cli_args *a, int argc, char **argv)
{
	struct settings s;
	struct doctor_report r;
	struct doctor_params p;
	char *cause = NULL;
	int status;

	if (argc > 0)
		return cli_cmd_usage("doctor", "unexpected argument '%s'",
		    argv[0]);
	if ((status = cli_load_settings(a, &s)) != 0)
		return status;
	p.url = s.env[ENV_OPS_DB_URL];
	p.timeout_ms = s.http_timeout_ms;
	p.window = s.th.window_minutes;
	p.batch = s.batch;
	p.quality_checks = s.quality_checks;
	if (doctor_run(&p, &r, &cause) != 0) {
		status = cannot_check(a->json, cause);
		free(cause);
		settings_free(&s);
		return status;
	}
	if (a->json)
		print_json(report_json(&r));
	else
		print_text(&r);
	status = doctor_status(&r);
	doctor_report_free(&r);
	settings_free(&s);
	return status;
}
