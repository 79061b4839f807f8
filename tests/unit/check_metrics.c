/* metrics.c and operator.c: the Prometheus exposition of a result (a
 * family's HELP and TYPE once, state gauges one series per value, label
 * values escaped, numbers in C notation whatever the locale) and the
 * operator's sources in order. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "config/operator.h"
#include "core/result.h"
#include "core/result_keys.h"
#include "release/metrics.h"
#include "unit.h"

static struct gate_result *
processing(enum verdict v, enum code c, double rate)
{
	struct gate_result *r = result_new(gate_def_get(GATE_PROCESSING), "B\"1");

	result_set(r, v, c);
	kv_num(&r->metrics, M_SUCCESS_RATE, rate);
	r->finished.tv_sec = 1767225600;
	return r;
}

START_TEST(one_gate)
{
	struct gate_result *r = processing(VERDICT_FAIL,
	    CODE_PROCESSING_SUCCESS_RATE_LOW, 0.979);
	struct metrics_scope sc;
	char *t;

	metrics_scope_init(&sc, NULL, r->batch);
	metrics_scope_add_result(&sc, r);
	t = metrics_render(&sc, 1);
	ck_assert_ptr_nonnull(strstr(t, "# TYPE ingestgate_gate_verdict gauge\n"));
	ck_assert_ptr_nonnull(strstr(t, "ingestgate_gate_verdict{context="
	    "\"default\",batch=\"B\\\"1\",gate=\"processing\",id=\"F-03\","
	    "verdict=\"FAIL\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(t, "verdict=\"PASS\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(t, "code=\"PROCESSING_SUCCESS_RATE_LOW\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(t, "ingestgate_processing_success_rate{"
	    "context=\"default\",batch=\"B\\\"1\"} 0.979000\n"));
	ck_assert_ptr_nonnull(strstr(t, "id=\"F-03\"} 1767225600\n"));
	/* No decision or batch status without evidence: no sample at all. */
	ck_assert_ptr_null(strstr(t, "ingestgate_decision{"));
	/* Each family's header once. */
	ck_assert_ptr_null(strstr(strstr(t, "# TYPE ingestgate_gate_verdict") + 1,
	    "# TYPE ingestgate_gate_verdict"));
	free(t);
	result_free(r);
}
END_TEST

START_TEST(composite_and_states)
{
	struct gate_result *ev = result_new(gate_def_get(GATE_EVIDENCE), "B");
	struct metrics_scope sc;
	char *t;

	ev->decision = "NO-GO";
	ev->batch_status = "HOLD";
	result_add_stage(ev, processing(VERDICT_PASS, CODE_NONE, 1.0));
	metrics_scope_init(&sc, "prod-eu", "B");
	metrics_scope_add_result(&sc, ev);
	t = metrics_render(&sc, 1);
	ck_assert_ptr_nonnull(strstr(t, "ingestgate_decision{context=\"prod-eu\","
	    "batch=\"B\",decision=\"NO-GO\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(t, "decision=\"GO\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(t, "status=\"HOLD\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(t, "status=\"READY\"} 0\n"));
	ck_assert_ptr_nonnull(strstr(t, "gate=\"processing\",id=\"F-03\","
	    "verdict=\"PASS\"} 1\n"));
	/* A PASS carries no failure sample. */
	ck_assert_ptr_null(strstr(t, "ingestgate_gate_failure{"));
	free(t);
	result_free(ev);
}
END_TEST

START_TEST(numbers_ignore_the_locale)
{
	struct gate_result *r = processing(VERDICT_WARN,
	    CODE_PROCESSING_SUCCESS_RATE_LOW, 0.5);
	struct metrics_scope sc;
	char *t;

	/* id_ID writes 0,5; the format needs 0.5 (skipped where absent). */
	if (setlocale(LC_NUMERIC, "id_ID.UTF-8") == NULL)
		setlocale(LC_NUMERIC, "de_DE.UTF-8");
	metrics_scope_init(&sc, NULL, NULL);
	metrics_scope_add_result(&sc, r);
	t = metrics_render(&sc, 1);
	setlocale(LC_NUMERIC, "C");
	ck_assert_ptr_nonnull(strstr(t, "batch=\"\"} 0.500000\n"));
	free(t);
	result_free(r);
}
END_TEST

START_TEST(operator_order)
{
	char out[OPERATOR_MAX];

	ck_assert_int_eq(operator_pick("dina", "cfg", "carol", "lee", out,
	    sizeof out), 0);
	ck_assert_str_eq(out, "dina");
	ck_assert_int_eq(operator_pick(" ", "cfg", "carol", "lee", out,
	    sizeof out), 0);
	ck_assert_str_eq(out, "cfg");
	ck_assert_int_eq(operator_pick(NULL, NULL, "carol", "lee", out,
	    sizeof out), 0);
	ck_assert_str_eq(out, "carol");
	ck_assert_int_eq(operator_pick(NULL, "", "", "lee", out, sizeof out), 0);
	ck_assert_str_eq(out, "lee");
	ck_assert_int_eq(operator_pick(NULL, NULL, "\t", "", out, sizeof out),
	    -1);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(operator_pick("x\033]0;t\007", NULL, NULL, NULL, out,
	    sizeof out), 0);
	ck_assert_ptr_null(strchr(out, '\033'));
}
END_TEST

static Suite *
metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, one_gate);
	tcase_add_test(tc, composite_and_states);
	tcase_add_test(tc, numbers_ignore_the_locale);
	tcase_add_test(tc, operator_order);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(metrics_suite)
