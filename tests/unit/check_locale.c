/* Numbers under the runbook's own locale, id_ID.UTF-8, whose decimal point
 * is a comma (SPEC section 5): the process locale is set the way the console
 * sets it, and JSON, Markdown, gate details and settings must still read
 * and write 0.99. Also from a second thread, as the console's collector. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "gates/gate.h"
#include "release/report.h"
#include "config/settings.h"
#include "unit.h"
#include "core/util.h"

static struct thresholds th = { 60, 0.99, 0.995, 50, 10, 100 };

/* The F-03 result of 1958 of 2000 events, judged under the locale. */
static struct gate_result *
judged(void)
{
	struct processing_metrics m;
	struct gate_result *r = result_new(gate_def_get(GATE_PROCESSING), "B");

	memset(&m, 0, sizeof m);
	m.succeeded = 1958;
	m.failed = 42;
	m.total = 2000;
	judge_processing(&m, &th, r);
	result_finish(r);
	return r;
}

START_TEST(test_locale_is_comma)
{
	char s[16];

	/* The premise: this locale really writes a comma. */
	snprintf(s, sizeof s, "%.2f", 0.99);
	ck_assert_str_eq(s, "0,99");
}
END_TEST

START_TEST(test_json_numbers)
{
	struct gate_result *r = judged();
	char *json = report_render_json(r);
	json_object *o = json_tokener_parse(json), *t, *v;

	ck_assert_msg(o != NULL, "report JSON does not parse: %s", json);
	ck_assert_ptr_null(strstr(json, "0,99"));
	ck_assert_ptr_nonnull(strstr(json, "0.99"));
	ck_assert(json_object_object_get_ex(o, "thresholds", &t));
	ck_assert(json_object_object_get_ex(t, "minSuccessRate", &v));
	ck_assert(json_object_get_double(v) == 0.99);
	ck_assert(json_object_object_get_ex(t, "warnSuccessRate", &v));
	ck_assert(fabs(json_object_get_double(v) - 0.995) < 1e-12);
	ck_assert(json_object_object_get_ex(o, "metrics", &t));
	ck_assert(json_object_object_get_ex(t, "successRate", &v));
	ck_assert(fabs(json_object_get_double(v) - 0.979) < 1e-12);
	json_object_put(o);
	free(json);
	result_free(r);
}
END_TEST

START_TEST(test_markdown_and_details)
{
	struct gate_result *r = judged();
	char *md = report_render_md(r);

	ck_assert_msg(strstr(md, "0.99") != NULL, "no 0.99 in:\n%s", md);
	ck_assert_msg(strstr(md, "0,99") == NULL, "0,99 in:\n%s", md);
	ck_assert_msg(strstr(md, "97,90") == NULL, "97,90 in:\n%s", md);
	ck_assert_str_eq(r->checks[1].detail, "97.90% is below the minimum 99.00%");
	ck_assert_msg(strstr(r->summary, "97.90%") != NULL, "%s", r->summary);
	free(md);
	result_free(r);
}
END_TEST

START_TEST(test_settings_parse)
{
	struct settings s;
	char *cause = NULL;
	double d = 0;

	memset(&s, 0, sizeof s);
	ck_assert_int_eq(settings_apply_tunable(&s,
	    "GATE_PROCESSING_MIN_SUCCESS_RATE", "0.99", &cause), 0);
	ck_assert(s.th.min_success_rate == 0.99);
	ck_assert_int_eq(settings_parse_config(&s, "f.conf",
	    "GATE_PROCESSING_WARN_SUCCESS_RATE = 0.995\n", &cause), 0);
	ck_assert(s.th.warn_success_rate == 0.995);
	/* The locale's own notation is no number here. */
	ck_assert_int_eq(parse_double("0,99", 0, 1, &d), -1);
	ck_assert_int_eq(parse_double("0.5", 0, 1, &d), 0);
	ck_assert(d == 0.5);
	/* The locale is left as it was. */
	{
		char t[16];

		snprintf(t, sizeof t, "%.1f", 0.5);
		ck_assert_str_eq(t, "0,5");
	}
	settings_free(&s);
}
END_TEST

static void *
render_in_thread(void *arg)
{
	struct gate_result *r = judged();
	char **out = arg;

	*out = report_render_json(r);
	result_free(r);
	return NULL;
}

START_TEST(test_other_thread)
{
	pthread_t t;
	char *json = NULL;

	ck_assert_int_eq(pthread_create(&t, NULL, render_in_thread, &json), 0);
	pthread_join(t, NULL);
	ck_assert_ptr_nonnull(json);
	ck_assert_ptr_null(strstr(json, "0,99"));
	ck_assert_ptr_null(strstr(json, "97,90"));
	free(json);
}
END_TEST

static Suite *
locale_suite(void)
{
	Suite *s = suite_create("locale");
	TCase *tc = tcase_create("id_ID");

	tcase_add_test(tc, test_locale_is_comma);
	tcase_add_test(tc, test_json_numbers);
	tcase_add_test(tc, test_markdown_and_details);
	tcase_add_test(tc, test_settings_parse);
	tcase_add_test(tc, test_other_thread);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr;
	int failed;

	/* As the console does: the whole locale from the environment... */
	if (setlocale(LC_ALL, "id_ID.UTF-8") == NULL &&
	    setlocale(LC_ALL, "id_ID.utf8") == NULL) {
		const char *ci = getenv("CI");

		/* ...and in CI a missing locale is a failure, never a skip. */
		if (ci != NULL && strcmp(ci, "true") == 0) {
			fprintf(stderr, "FAIL: locale id_ID.UTF-8 missing "
			    "(localedef -i id_ID -f UTF-8 id_ID.UTF-8)\n");
			return EXIT_FAILURE;
		}
		fprintf(stderr, "SKIP: locale id_ID.UTF-8 missing\n");
		return 77;
	}
	sr = srunner_create(locale_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
