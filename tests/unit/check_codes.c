/* Verdict ordering, names and exit statuses; the failure-code list. */
#include "config.h"

#include <string.h>

#include "core/codes.h"
#include "core/result.h"
#include "unit.h"

START_TEST(test_verdict_order)
{
	/* SPEC: worst first ERROR, FAIL, INCONCLUSIVE, WARN, PASS, SKIPPED. */
	static const enum verdict order[] = { VERDICT_ERROR, VERDICT_FAIL,
	    VERDICT_INCONCLUSIVE, VERDICT_WARN, VERDICT_PASS, VERDICT_SKIPPED };

	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 6; j++)
			ck_assert_int_eq(verdict_worst(order[i], order[j]),
			    order[i < j ? i : j]);
}
END_TEST

START_TEST(test_verdict_names)
{
	static const char *const names[] = { "ERROR", "FAIL", "INCONCLUSIVE",
	    "WARN", "PASS", "SKIPPED" };
	enum verdict v;

	for (int i = 0; i < VERDICT_COUNT; i++) {
		ck_assert_str_eq(verdict_name((enum verdict)i), names[i]);
		ck_assert_int_eq(verdict_parse(names[i], &v), 0);
		ck_assert_int_eq(v, i);
	}
	ck_assert_int_eq(verdict_parse("pass", &v), -1);
	ck_assert_int_eq(verdict_parse("", &v), -1);
}
END_TEST

START_TEST(test_exit_status)
{
	ck_assert_int_eq(verdict_exit_status(VERDICT_PASS), 0);
	ck_assert_int_eq(verdict_exit_status(VERDICT_WARN), 0);
	ck_assert_int_eq(verdict_exit_status(VERDICT_SKIPPED), 0);
	ck_assert_int_eq(verdict_exit_status(VERDICT_FAIL), 1);
	ck_assert_int_eq(verdict_exit_status(VERDICT_INCONCLUSIVE), 2);
	ck_assert_int_eq(verdict_exit_status(VERDICT_ERROR), 2);
}
END_TEST

START_TEST(test_codes_of_spec)
{
	/* The list of SPEC section 6, exactly. */
	static const char *const spec[] = { "INVALID_ADMIN_TOKEN",
	    "ADMIN_ROLE_FORBIDDEN", "DLQ_GROWTH_HIGH",
	    "PROCESSING_SUCCESS_RATE_LOW", "PROCESSING_INSUFFICIENT_SAMPLE",
	    "PHASE2_QUALITY_FAILED", "INVALID_INGEST_SIGNATURE",
	    "INGEST_TIMESTAMP_SKEW", "QUEUE_REDIS_UNREACHABLE",
	    "CORE_API_UNREACHABLE", "CORE_API_BAD_RESPONSE", "OPS_DB_UNREACHABLE",
	    "ENV_MISSING_KEY", "ENV_FLAG_DISABLED", "ENV_EMIT_ENABLED_EARLY",
	    "ENV_INVALID_URL", "ENV_SECRET_HIDDEN_CHARS", "ENV_SECRET_MISMATCH",
	    "ENV_RELOAD_PENDING", "ADMIN_RBAC_BROKEN", "ENV_FLAG_INVALID",
	    "ENV_PARSE_ERROR", "PHASE2_BATCH_EMPTY", "QUALITY_CHECK_INVALID",
	    "QUALITY_DUPLICATE_IDENTITY", "QUALITY_PAYMENT_ORPHAN",
	    "REPLAY_CANARY_ABORTED", "EVIDENCE_SIGNATURE_INVALID",
	    "BATCH_ON_HOLD", "REPORT_WRITE_FAILED", "BATCH_FOLDER_CONFLICT" };

	ck_assert_int_eq(CODE_COUNT - 1, (int)(sizeof spec / sizeof spec[0]));
	for (size_t i = 0; i < sizeof spec / sizeof spec[0]; i++) {
		enum code c = code_parse(spec[i]);

		ck_assert_int_ne(c, CODE_NONE);
		ck_assert_str_eq(code_name(c), spec[i]);
	}
}
END_TEST

START_TEST(test_code_unknown)
{
	ck_assert_int_eq(code_parse("NOT_A_CODE"), CODE_NONE);
	ck_assert_int_eq(code_parse(""), CODE_NONE);
	ck_assert_str_eq(code_name(CODE_NONE), "");
	ck_assert_str_eq(code_name((enum code)999), "");
}
END_TEST

START_TEST(test_verdict_helpers)
{
	ck_assert(verdict_bad(VERDICT_ERROR) && verdict_bad(VERDICT_FAIL) &&
	    verdict_bad(VERDICT_INCONCLUSIVE) && verdict_bad(VERDICT_WARN));
	ck_assert(!verdict_bad(VERDICT_PASS) && !verdict_bad(VERDICT_SKIPPED));
	ck_assert_int_eq(verdict_worst(VERDICT_WARN, VERDICT_FAIL), VERDICT_FAIL);
	ck_assert_int_eq(verdict_worst(VERDICT_SKIPPED, VERDICT_PASS),
	    VERDICT_PASS);
}
END_TEST

/* The typed contract: keys by symbol (the report's spelling), accessors
 * that give the default on a missing key or a wrong type. */
START_TEST(test_typed_accessors)
{
	struct kvlist l = { 0 };

	ck_assert_str_eq(TH_WINDOW_MINUTES, "windowMinutes");
	ck_assert_str_eq(M_SUCCESS_RATE, "successRate");
	kv_int(&l, TH_MAX_OPEN, 7);
	kv_num(&l, TH_MIN_SUCCESS_RATE, 0.99);
	kv_str(&l, M_DOMINANT_STATUS, "OPEN");
	kv_bool(&l, M_QUALITY_SKIPPED, 1);
	ck_assert_int_eq(kv_int_or(&l, TH_MAX_OPEN, -1), 7);
	ck_assert_int_eq(kv_int_or(&l, TH_MAX_GROWTH, -1), -1);
	ck_assert_int_eq(kv_int_or(&l, M_DOMINANT_STATUS, -1), -1);
	ck_assert_int_eq(kv_int_or(&l, M_QUALITY_SKIPPED, -1), -1);
	ck_assert_int_eq(kv_int_or(NULL, TH_MAX_OPEN, -2), -2);
	ck_assert(kv_num_or(&l, TH_MIN_SUCCESS_RATE, 0) == 0.99);
	ck_assert(kv_num_or(&l, TH_MAX_OPEN, 0) == 7.0);
	ck_assert(kv_num_or(&l, TH_WARN_SUCCESS_RATE, 0.5) == 0.5);
	kvlist_free(&l);
}
END_TEST

static Suite *
codes_suite(void)
{
	Suite *s = suite_create("codes");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_verdict_order);
	tcase_add_test(tc, test_verdict_names);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_codes_of_spec);
	tcase_add_test(tc, test_code_unknown);
	tcase_add_test(tc, test_verdict_helpers);
	tcase_add_test(tc, test_typed_accessors);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(codes_suite)
