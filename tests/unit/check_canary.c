/* Canary replay rules (SPEC section 12): step sizes from the dry-run count,
 * the --steps/--settle/--min-replay-success parsers, and the stop rule. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "replay/canary.h"
#include "unit.h"

static size_t
plan(const char *steps, long long count, long long *sizes)
{
	struct canary_opts o;
	char *cause = NULL;

	canary_opts_default(&o);
	if (steps != NULL)
		ck_assert_int_eq(canary_steps_parse(steps, &o, &cause), 0);
	return canary_plan(&o, count, sizes);
}

START_TEST(test_plan_default)
{
	long long s[CANARY_MAX_STEPS];

	/* 1% of 30 is one entry (at least one), 10% is 3 in all, then the rest. */
	ck_assert_uint_eq(plan(NULL, 30, s), 3);
	ck_assert_int_eq(s[0], 1);
	ck_assert_int_eq(s[1], 2);
	ck_assert_int_eq(s[2], 27);
	ck_assert_uint_eq(plan(NULL, 100000, s), 3);
	ck_assert_int_eq(s[0], 1000);
	ck_assert_int_eq(s[1], 9000);
	ck_assert_int_eq(s[2], 90000);
	/* Too few for three steps: every step moves at least one, none is
	 * empty, and the total never passes the count. */
	ck_assert_uint_eq(plan(NULL, 2, s), 2);
	ck_assert_int_eq(s[0], 1);
	ck_assert_int_eq(s[1], 1);
	ck_assert_uint_eq(plan(NULL, 1, s), 1);
	ck_assert_int_eq(s[0], 1);
	ck_assert_uint_eq(plan(NULL, 0, s), 0);
}
END_TEST

START_TEST(test_plan_custom)
{
	long long s[CANARY_MAX_STEPS];

	ck_assert_uint_eq(plan("5,50", 200, s), 2);
	ck_assert_int_eq(s[0], 10);
	ck_assert_int_eq(s[1], 90);	/* up to 50%: the rest stays put */
	ck_assert_uint_eq(plan("100", 7, s), 1);
	ck_assert_int_eq(s[0], 7);
}
END_TEST

START_TEST(test_parse)
{
	static const char *const bad[] = { "", "0,10", "10,5", "1,1", "1,101",
	    "1,,100", "1,10,", "a", "-1", "1.5", "1,2,3,4,5,6,7,8,9,10,11",
	    " 1" };
	struct canary_opts o;
	char *cause = NULL;

	canary_opts_default(&o);
	ck_assert_int_eq(o.settle_s, 30);
	ck_assert(o.min_success > 0.89 && o.min_success < 0.91);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(canary_steps_parse(bad[i], &o, &cause) == -1,
		    "steps '%s' accepted", bad[i]);
		ck_assert_ptr_nonnull(strstr(cause, "1,10,100"));
		free(cause);
		cause = NULL;
	}
	ck_assert_uint_eq(o.npct, 3);	/* a refusal leaves the steps alone */
	ck_assert_int_eq(canary_settle_parse("2", &o, &cause), 0);
	ck_assert_int_eq(o.settle_s, 2);
	ck_assert_int_eq(canary_settle_parse("-1", &o, &cause), -1);
	free(cause);
	ck_assert_int_eq(canary_min_success_parse("0.5", &o, &cause), 0);
	ck_assert(o.min_success > 0.49 && o.min_success < 0.51);
	ck_assert_int_eq(canary_min_success_parse("1.5", &o, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_judge)
{
	struct canary_check c = { 10, 9, 0.9, VERDICT_PASS, VERDICT_PASS, 0, 0 };

	ck_assert_int_eq(canary_judge(&c), CANARY_GO_ON);	/* 0.9 >= 0.9 */
	c.resolved = 8;
	ck_assert_int_eq(canary_judge(&c), CANARY_LOW_SUCCESS);
	c.resolved = 10;
	c.settled = 0;
	ck_assert_int_eq(canary_judge(&c), CANARY_NONE_SETTLED);
	c.settled = 10;
	c.f03_after = VERDICT_FAIL;
	ck_assert_int_eq(canary_judge(&c), CANARY_F03_FAILED);
	/* Already FAIL before the step: it did not turn FAIL. */
	c.f03_before = VERDICT_FAIL;
	ck_assert_int_eq(canary_judge(&c), CANARY_GO_ON);
	c.growth_after = 1;
	ck_assert_int_eq(canary_judge(&c), CANARY_GROWTH_ROSE);
	c.growth_before = 5;
	ck_assert_int_eq(canary_judge(&c), CANARY_GO_ON);	/* fell */
	/* WARN before the step, FAIL after: it turned FAIL (only FAIL before
	 * excuses a FAIL after). */
	c.growth_after = c.growth_before = 0;
	c.f03_before = VERDICT_WARN;
	c.f03_after = VERDICT_FAIL;
	ck_assert_int_eq(canary_judge(&c), CANARY_F03_FAILED);
	c.f03_before = VERDICT_INCONCLUSIVE;
	ck_assert_int_eq(canary_judge(&c), CANARY_F03_FAILED);
	/* PASS to WARN is not a stop. */
	c.f03_before = VERDICT_PASS;
	c.f03_after = VERDICT_WARN;
	ck_assert_int_eq(canary_judge(&c), CANARY_GO_ON);
	/* Growth equal is not growth rising; one more is. */
	c.growth_before = c.growth_after = 3;
	ck_assert_int_eq(canary_judge(&c), CANARY_GO_ON);
	c.growth_after = 4;
	ck_assert_int_eq(canary_judge(&c), CANARY_GROWTH_ROSE);
}
END_TEST

/* Counts where the percents are not whole entries: rounded up, never down
 * (every tested count above happened to divide evenly or hit the floor of
 * one entry). */
START_TEST(test_plan_rounds_up)
{
	long long s[CANARY_MAX_STEPS];

	/* 1% of 150 is 1.5: 2 entries; 10% is 15 in all: 13 more; the rest. */
	ck_assert_uint_eq(plan(NULL, 150, s), 3);
	ck_assert_int_eq(s[0], 2);
	ck_assert_int_eq(s[1], 13);
	ck_assert_int_eq(s[2], 135);
	/* 1% of 201 is 2.01: 3; 10% is 20.1: 21 in all, 18 more. */
	ck_assert_uint_eq(plan(NULL, 201, s), 3);
	ck_assert_int_eq(s[0], 3);
	ck_assert_int_eq(s[1], 18);
	ck_assert_int_eq(s[2], 180);
	/* Custom steps: 33% of 10 is 3.3: 4; 66% is 6.6: 7 in all. */
	ck_assert_uint_eq(plan("33,66,100", 10, s), 3);
	ck_assert_int_eq(s[0], 4);
	ck_assert_int_eq(s[1], 3);
	ck_assert_int_eq(s[2], 3);
}
END_TEST

static Suite *
canary_suite(void)
{
	Suite *s = suite_create("canary");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_plan_default);
	tcase_add_test(tc, test_plan_custom);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_judge);
	tcase_add_test(tc, test_plan_rounds_up);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(canary_suite)
