/* doctor's reading of EXPLAIN (FORMAT JSON) plans (src/monitor/doctor_plan.c):
 * which reads of a history table are bounded by a parameter, fed plans as
 * PostgreSQL 15 writes them. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "monitor/doctor.h"
#include "monitor/doctor_plan.h"
#include "unit.h"
#include "core/util.h"

static const char *const history[] = { "booking", "payment",
    "ingest_event_log", "ingest_dead_letter", NULL };
static const char *const marks[] = { "'probe'", "now()", NULL };

static struct doctor_plan
parse(const char *json)
{
	struct doctor_plan p;
	char *cause = NULL;

	ck_assert_msg(doctor_plan_parse(json, history, marks, &p, &cause) == 0,
	    "%s", cause != NULL ? cause : "");
	return p;
}

START_TEST(test_seq_scan_is_unbounded)
{
	struct doctor_plan p = parse("[{\"Plan\": {\"Node Type\": \"Aggregate\","
	    "\"Plan Rows\": 1, \"Plans\": [{\"Node Type\": \"Seq Scan\","
	    "\"Relation Name\": \"booking\", \"Filter\": "
	    "\"(batch_code = 'probe'::text)\"}]}}]");
	char *path = doctor_plan_path(&p);

	ck_assert_uint_eq(p.nscans, 1);
	ck_assert_int_eq(p.scans[0].bounded, 0);
	ck_assert_int_eq(doctor_plan_bounded(&p), 0);
	ck_assert_ptr_null(doctor_plan_indexes(&p));
	ck_assert_str_eq(path, "Seq Scan on booking");
	ck_assert_int_eq((int)p.rows, 1);
	free(path);
	doctor_plan_free(&p);
}
END_TEST

START_TEST(test_index_range_on_a_parameter)
{
	struct doctor_plan p = parse("[{\"Plan\": {\"Node Type\": "
	    "\"Index Only Scan\", \"Relation Name\": \"ingest_event_log\","
	    "\"Index Name\": \"failed_window\", \"Plan Rows\": 20, \"Index Cond\":"
	    " \"(COALESCE(processed_at, received_at) >= (now() - "
	    "'01:00:00'::interval))\"}}]");
	char *idx = doctor_plan_indexes(&p);

	ck_assert_int_eq(doctor_plan_bounded(&p), 1);
	ck_assert_str_eq(idx, "failed_window");
	free(idx);
	doctor_plan_free(&p);
	/* $n of a generic plan counts too. */
	p = parse("[{\"Plan\": {\"Node Type\": \"Index Scan\", \"Relation Name\":"
	    " \"ingest_dead_letter\", \"Index Name\": \"pk\", \"Index Cond\": "
	    "\"(id = ANY ($1))\"}}]");
	ck_assert_int_eq(doctor_plan_bounded(&p), 1);
	doctor_plan_free(&p);
}
END_TEST

/* A range on a constant alone (every FAILED row ever) and a walk of the
 * whole index (no condition, a Filter) grow with history. */
START_TEST(test_constant_range_and_full_index)
{
	struct doctor_plan p = parse("[{\"Plan\": {\"Node Type\": \"Index Scan\","
	    "\"Relation Name\": \"ingest_event_log\", \"Index Name\": "
	    "\"status_received_at\", \"Index Cond\": \"(status = "
	    "'FAILED'::text)\", \"Filter\": \"(now() < received_at)\"}}]");

	ck_assert_int_eq(doctor_plan_bounded(&p), 0);
	doctor_plan_free(&p);
	p = parse("[{\"Plan\": {\"Node Type\": \"Index Scan\", \"Relation "
	    "Name\": \"payment\", \"Index Name\": \"payment_pkey\", \"Filter\": "
	    "\"(batch_code = 'probe'::text)\"}}]");
	ck_assert_int_eq(doctor_plan_bounded(&p), 0);
	doctor_plan_free(&p);
}
END_TEST

/* A bitmap heap scan is bounded when every bitmap index scan under it is;
 * nested plans (subplans, joins) are all read; other tables are ignored. */
START_TEST(test_bitmap_and_nesting)
{
	struct doctor_plan p = parse("[{\"Plan\": {\"Node Type\": \"Hash Anti "
	    "Join\", \"Plans\": [{\"Node Type\": \"Bitmap Heap Scan\", "
	    "\"Relation Name\": \"payment\", \"Plans\": [{\"Node Type\": "
	    "\"BitmapAnd\", \"Plans\": [{\"Node Type\": \"Bitmap Index Scan\","
	    "\"Index Name\": \"payment_batch\", \"Index Cond\": \"(batch_code ="
	    " 'probe'::text)\"}, {\"Node Type\": \"Bitmap Index Scan\", "
	    "\"Index Name\": \"payment_any\", \"Index Cond\": \"(amount > "
	    "'1'::numeric)\"}]}]}, {\"Node Type\": \"Hash\", \"Plans\": "
	    "[{\"Node Type\": \"Bitmap Heap Scan\", \"Relation Name\": "
	    "\"booking\", \"Plans\": [{\"Node Type\": \"Bitmap Index Scan\", "
	    "\"Index Name\": \"booking_batch\", \"Index Cond\": \"(batch_code = "
	    "'probe'::text)\"}]}]}, {\"Node Type\": \"Seq Scan\", "
	    "\"Relation Name\": \"pg_class\"}]}}]");
	char *idx = doctor_plan_indexes(&p), *path = doctor_plan_path(&p);

	ck_assert_uint_eq(p.nscans, 2);
	ck_assert_int_eq(p.scans[0].bounded, 0);
	ck_assert_int_eq(p.scans[1].bounded, 1);
	ck_assert_str_eq(idx, "payment_batch, payment_any, booking_batch");
	ck_assert_str_eq(path, "Bitmap Heap Scan on payment; Bitmap Heap Scan "
	    "on booking");
	free(idx);
	free(path);
	doctor_plan_free(&p);
}
END_TEST

START_TEST(test_refuses_garbage)
{
	struct doctor_plan p;
	char *cause = NULL;

	ck_assert_int_eq(doctor_plan_parse("[{\"Plan\": 3}]", history, marks,
	    &p, &cause), -1);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(doctor_plan_parse("not json", history, marks, &p,
	    &cause), -1);
	free(cause);
	p = parse("[{\"Plan\": {\"Node Type\": \"Result\"}}]");
	ck_assert_int_eq(doctor_plan_bounded(&p), 1);
	free(doctor_plan_path(&p));
	doctor_plan_free(&p);
}
END_TEST

/* doctor's exit: an unbounded statement is a certain answer (1) even
 * beside an operator's check that does not plan; such a check alone
 * leaves the answer open (2). */
START_TEST(test_status_precedence)
{
	struct doctor_report r;

	memset(&r, 0, sizeof r);
	ck_assert_int_eq(doctor_status(&r), 0);
	r.invalid = 1;
	ck_assert_int_eq(doctor_status(&r), 2);
	r.unbounded = 1;
	ck_assert_int_eq(doctor_status(&r), 1);
	r.invalid = 0;
	ck_assert_int_eq(doctor_status(&r), 1);
}
END_TEST

static Suite *
doctor_plan_suite(void)
{
	Suite *s = suite_create("doctor_plan");
	TCase *tc = tcase_create("doctor_plan");

	tcase_add_test(tc, test_seq_scan_is_unbounded);
	tcase_add_test(tc, test_index_range_on_a_parameter);
	tcase_add_test(tc, test_constant_range_and_full_index);
	tcase_add_test(tc, test_bitmap_and_nesting);
	tcase_add_test(tc, test_refuses_garbage);
	tcase_add_test(tc, test_status_precedence);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(doctor_plan_suite)
