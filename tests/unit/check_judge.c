/* The verdict boundaries of F-03 and F-04, judged on snapshots. */
#include "config.h"

#include <string.h>

#include "gates/gate.h"
#include "unit.h"
#include "core/util.h"

static struct thresholds th = { 60, 0.99, 0.995, 50, 10, 100 };

static struct gate_result *
processing(long long succeeded, long long failed)
{
	struct processing_metrics m;
	struct gate_result *r = result_new(gate_def_get(GATE_PROCESSING), "B");

	memset(&m, 0, sizeof m);
	m.succeeded = succeeded;
	m.failed = failed;
	m.total = succeeded + failed;
	judge_processing(&m, &th, r);
	return r;
}

static struct gate_result *
dlq(long long created, long long resolved, long long open, long long failed,
    long long replaying)
{
	struct queue_metrics m;
	struct gate_result *r = result_new(gate_def_get(GATE_DLQ_GROWTH), "B");

	memset(&m, 0, sizeof m);
	m.created_in_window = created;
	m.resolved_in_window = resolved;
	m.open = open;
	m.dlq_failed = failed;
	m.replaying = replaying;
	judge_dlq(&m, &th, r);
	return r;
}

#define EXPECT(expr, v, c) do {                                 \
	struct gate_result *r_ = (expr);                        \
	ck_assert_str_eq(verdict_name(r_->verdict), (v));       \
	ck_assert_str_eq(code_name(r_->code), (c));             \
	result_free(r_);                                        \
} while (0)

START_TEST(test_sample_exactly_min)
{
	EXPECT(processing(50, 0), "PASS", "");
}
END_TEST

START_TEST(test_sample_one_below_min)
{
	EXPECT(processing(49, 0), "INCONCLUSIVE", "PROCESSING_INSUFFICIENT_SAMPLE");
}
END_TEST

START_TEST(test_empty_is_never_pass)
{
	struct gate_result *r = processing(0, 0);
	const struct kv *rate = kv_get(&r->metrics, "successRate");

	ck_assert_int_eq(rate->type, VAL_NULL);
	EXPECT(r, "INCONCLUSIVE", "PROCESSING_INSUFFICIENT_SAMPLE");
}
END_TEST

START_TEST(test_rate_exactly_min_is_warn)
{
	EXPECT(processing(990, 10), "WARN", "PROCESSING_SUCCESS_RATE_LOW");
}
END_TEST

START_TEST(test_rate_below_min_is_fail)
{
	EXPECT(processing(989, 11), "FAIL", "PROCESSING_SUCCESS_RATE_LOW");
}
END_TEST

START_TEST(test_rate_exactly_warn_is_pass)
{
	EXPECT(processing(995, 5), "PASS", "");
	EXPECT(processing(1990, 10), "PASS", "");
}
END_TEST

START_TEST(test_rate_below_warn_is_warn)
{
	EXPECT(processing(994, 6), "WARN", "PROCESSING_SUCCESS_RATE_LOW");
}
END_TEST

START_TEST(test_degraded_figures)
{
	struct gate_result *r = processing(1958, 42);
	const struct kv *rate = kv_get(&r->metrics, "successRate");
	const struct kv *k = kv_get(&r->flip, "consecutiveSuccessesToMin");
	const struct kv *p = kv_get(&r->flip, "consecutiveSuccessesToPass");

	ck_assert(rate->d > 0.97899 && rate->d < 0.97901);
	/* (1958 + k) / (2000 + k) >= 0.99 first at k = 2200; 0.995 at 6400. */
	ck_assert_int_eq(k->i, 2200);
	ck_assert_int_eq(p->i, 6400);
	EXPECT(r, "FAIL", "PROCESSING_SUCCESS_RATE_LOW");
}
END_TEST

START_TEST(test_flip_is_least)
{
	/* Whatever the counts, k reaches the line and k - 1 does not. */
	for (long long f = 11; f < 200; f += 7) {
		struct gate_result *r = processing(1000, f);
		long long k = kv_get(&r->flip, "consecutiveSuccessesToMin")->i;

		ck_assert((double)(1000 + k) / (double)(1000 + f + k) >= 0.99 - 1e-12);
		ck_assert((double)(1000 + k - 1) / (double)(1000 + f + k - 1) <
		    0.99 - 1e-12);
		result_free(r);
	}
}
END_TEST

/* SPEC section 3: "to flip" is closed form: it answers at once for any count
 * core-api may send (the old search took ~10^16 steps for failed = 10^15),
 * is the least k the judge accepts, and is never negative. */
START_TEST(test_flip_closed_form_at_any_count)
{
	static const long long cases[][2] = {
		{ 8007199254740991LL, 1000000000000000LL },	/* null: > 2^53-1 */
		{ 1000000000000LL, 20000000000LL },
		{ 9007199254740991LL - 90071992547410LL, 90071992547410LL },
		{ 0, 100000000000000000LL },
		{ 4503599627370495LL, 4503599627370496LL },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		long long s = cases[i][0], f = cases[i][1];
		struct gate_result *r = processing(s, f);
		const struct kv *k = kv_get(&r->flip, "consecutiveSuccessesToMin");
		double line = 0.99;

		if (k == NULL) {	/* WARN: the way to PASS */
			k = kv_get(&r->flip, "consecutiveSuccessesToPass");
			line = 0.995;
		}
		ck_assert_ptr_nonnull(k);
		if (k->type == VAL_INT) {
			ck_assert_int_ge(k->i, 1);
			ck_assert((double)(s + k->i) / (double)(s + f + k->i) +
			    1e-12 >= line);
			ck_assert((double)(s + k->i - 1) /
			    (double)(s + f + k->i - 1) + 1e-12 < line);
		} else
			ck_assert_int_eq(k->type, VAL_NULL);
		result_free(r);
	}
	/* More successes than any count can hold: null, never a number. */
	{
		struct gate_result *r = processing(8007199254740991LL,
		    1000000000000000LL);

		ck_assert_int_eq(kv_get(&r->flip,
		    "consecutiveSuccessesToMin")->type, VAL_NULL);
		result_free(r);
	}
}
END_TEST

/* A warning line of 100%: no run of successes lifts a rate with failures in
 * it, so "to flip" is null, not -1. */
START_TEST(test_flip_unreachable_is_null)
{
	struct thresholds all = { 60, 0.99, 1.0, 50, 10, 100 };
	struct processing_metrics m;
	struct gate_result *r = result_new(gate_def_get(GATE_PROCESSING), "B");
	const struct kv *k;

	memset(&m, 0, sizeof m);
	m.succeeded = 999;
	m.failed = 1;
	m.total = 1000;
	judge_processing(&m, &all, r);
	ck_assert_str_eq(verdict_name(r->verdict), "WARN");
	k = kv_get(&r->flip, "consecutiveSuccessesToPass");
	ck_assert_ptr_nonnull(k);
	ck_assert_int_eq(k->type, VAL_NULL);
	result_free(r);
}
END_TEST

START_TEST(test_thresholds_stated)
{
	struct gate_result *r = processing(1000, 0);

	ck_assert_ptr_nonnull(kv_get(&r->thresholds, "minSuccessRate"));
	ck_assert_ptr_nonnull(kv_get(&r->thresholds, "warnSuccessRate"));
	ck_assert_ptr_nonnull(kv_get(&r->thresholds, "minSample"));
	ck_assert_ptr_nonnull(kv_get(&r->thresholds, "windowMinutes"));
	result_free(r);
}
END_TEST

START_TEST(test_growth_exactly_max_is_warn)
{
	EXPECT(dlq(13, 3, 1, 1, 0), "WARN", "DLQ_GROWTH_HIGH");
}
END_TEST

START_TEST(test_growth_above_max_is_fail)
{
	struct gate_result *r = dlq(25, 3, 8, 30, 2);

	ck_assert_str_eq(kv_get(&r->metrics, "dominantStatus")->s, "FAILED");
	ck_assert_int_eq(kv_get(&r->metrics, "growth")->i, 22);
	ck_assert_int_eq(kv_get(&r->flip, "growthReductionToWarn")->i, 12);
	EXPECT(r, "FAIL", "DLQ_GROWTH_HIGH");
}
END_TEST

/* The least growth there is: one entry more than resolved is WARN. */
START_TEST(test_growth_one_is_warn)
{
	struct gate_result *r = dlq(1, 0, 0, 0, 0);

	ck_assert_int_eq(kv_get(&r->metrics, "growth")->i, 1);
	EXPECT(r, "WARN", "DLQ_GROWTH_HIGH");
	EXPECT(dlq(11, 10, 0, 0, 0), "WARN", "DLQ_GROWTH_HIGH");
	EXPECT(dlq(10, 10, 0, 0, 0), "PASS", "");
	EXPECT(dlq(14, 3, 0, 0, 0), "FAIL", "DLQ_GROWTH_HIGH");	/* 11 > 10 */
}
END_TEST

START_TEST(test_no_growth_is_pass)
{
	EXPECT(dlq(2, 10, 3, 0, 0), "PASS", "");
	EXPECT(dlq(0, 0, 0, 0, 0), "PASS", "");
}
END_TEST

START_TEST(test_open_failed_limit)
{
	EXPECT(dlq(0, 0, 50, 50, 0), "PASS", "");
	EXPECT(dlq(0, 0, 50, 51, 0), "FAIL", "DLQ_GROWTH_HIGH");
}
END_TEST

START_TEST(test_dominant_status)
{
	struct gate_result *r = dlq(0, 0, 5, 5, 9);

	ck_assert_str_eq(kv_get(&r->metrics, "dominantStatus")->s, "REPLAYING");
	result_free(r);
	r = dlq(0, 0, 5, 5, 1);
	ck_assert_str_eq(kv_get(&r->metrics, "dominantStatus")->s, "OPEN");
	result_free(r);
	r = dlq(0, 0, 0, 0, 0);
	ck_assert_int_eq(kv_get(&r->metrics, "dominantStatus")->type, VAL_NULL);
	result_free(r);
}
END_TEST

static Suite *
judge_suite(void)
{
	Suite *s = suite_create("judge");
	TCase *tp = tcase_create("processing");
	TCase *td = tcase_create("dlq");

	tcase_add_test(tp, test_sample_exactly_min);
	tcase_add_test(tp, test_sample_one_below_min);
	tcase_add_test(tp, test_empty_is_never_pass);
	tcase_add_test(tp, test_rate_exactly_min_is_warn);
	tcase_add_test(tp, test_rate_below_min_is_fail);
	tcase_add_test(tp, test_rate_exactly_warn_is_pass);
	tcase_add_test(tp, test_rate_below_warn_is_warn);
	tcase_add_test(tp, test_degraded_figures);
	tcase_add_test(tp, test_flip_is_least);
	tcase_add_test(tp, test_thresholds_stated);
	tcase_add_test(tp, test_flip_closed_form_at_any_count);
	tcase_add_test(tp, test_flip_unreachable_is_null);
	tcase_add_test(td, test_growth_exactly_max_is_warn);
	tcase_add_test(td, test_growth_above_max_is_fail);
	tcase_add_test(td, test_growth_one_is_warn);
	tcase_add_test(td, test_no_growth_is_pass);
	tcase_add_test(td, test_open_failed_limit);
	tcase_add_test(td, test_dominant_status);
	suite_add_tcase(s, tp);
	suite_add_tcase(s, td);
	return s;
}

UNIT_MAIN(judge_suite)
