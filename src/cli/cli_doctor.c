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
	char *path = doctor_plan_path(&s->natural);
	char *idx = doctor_plan_indexes(&s->natural);
	char *ipath = doctor_plan_path(&s->indexed);
	char *iidx = doctor_plan_indexes(&s->indexed);

	printf("%s: %s\n", s->st->name, s->st->serves);
	printf("  planner's choice: %s, index %s, estimated %.0f rows\n", path,
	    idx != NULL ? idx : "none", s->natural.rows);
	if (s->bounded)
		printf("  bounded:          yes, %s (%s)\n", ipath,
		    iidx != NULL ? iidx : "no history table");
	else
		printf("  bounded:          NO: %s reads beyond the window, "
		    "batch or ids\n", ipath);
	free_all(path, idx, ipath, iidx);
}

static void
print_text(const struct doctor_report *r)
{
	printf("ops_db %s: %d statements explained (READ ONLY, EXPLAIN "
	    "without ANALYZE)\n\n", r->where, OPS_DB_STMT_COUNT);
	for (size_t i = 0; i < OPS_DB_STMT_COUNT; i++)
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
	if (r->unbounded > 0)
		printf("\ndoctor: %d of %d statements read beyond their window, "
		    "batch or ids: a gate's time grows with the history\n",
		    r->unbounded, OPS_DB_STMT_COUNT);
	else
		printf("\ndoctor: every statement is bounded by its window, "
		    "batch or ids\n");
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
report_json(const struct doctor_report *r)
{
	json_object *o = json_object_new_object(), *a, *m;

	json_object_object_add(o, "tool", json_object_new_string("ingestgate"));
	json_object_object_add(o, "version",
	    json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(o, "opsDb", json_object_new_string(r->where));
	json_object_object_add(o, "bounded",
	    json_object_new_boolean(r->unbounded == 0));
	a = json_object_new_array();
	for (size_t i = 0; i < OPS_DB_STMT_COUNT; i++) {
		const struct doctor_stmt *s = &r->stmts[i];
		json_object *e = json_object_new_object();

		json_object_object_add(e, "name",
		    json_object_new_string(s->st->name));
		json_object_object_add(e, "serves",
		    json_object_new_string(s->st->serves));
		json_object_object_add(e, "bounded",
		    json_object_new_boolean(s->bounded));
		json_object_object_add(e, "plan", plan_json(&s->natural, 0));
		json_object_object_add(e, "indexPath", plan_json(&s->indexed, 1));
		json_object_array_add(a, e);
	}
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
