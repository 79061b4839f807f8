/* The playbook: an entry for every code in both languages. */
#include "config.h"

#include <string.h>

#include "config/context.h"
#include "playbook/playbook.h"
#include "unit.h"

START_TEST(test_every_code_both_languages)
{
	char *cause = NULL;
	struct playbook *pb = playbook_load(NULL, &cause);

	ck_assert_msg(pb != NULL, "embedded playbook: %s", cause);
	for (int c = 1; c < CODE_COUNT; c++) {
		const struct playbook_entry *e = playbook_find(pb,
		    code_name((enum code)c));

		ck_assert_msg(e != NULL, "no playbook entry for %s",
		    code_name((enum code)c));
		for (int l = 0; l < LANG_COUNT; l++) {
			ck_assert(strlen(e->lang[l].title) > 0);
			ck_assert(strlen(e->lang[l].why) > 0);
			ck_assert_uint_gt(e->lang[l].nsteps, 0);
		}
		/* The two languages are not the same text. */
		ck_assert_str_ne(e->lang[LANG_EN].title, e->lang[LANG_ID].title);
	}
	playbook_free(pb);
}
END_TEST

START_TEST(test_live_checks_present)
{
	char *cause = NULL;
	struct playbook *pb = playbook_load(NULL, &cause);
	const struct playbook_entry *e = playbook_find(pb, "QUEUE_REDIS_UNREACHABLE");

	ck_assert_int_eq(e->lang[LANG_EN].steps[0].check, LIVE_REDIS_PING);
	ck_assert_int_eq(e->lang[LANG_ID].steps[0].check, LIVE_REDIS_PING);
	e = playbook_find(pb, "DLQ_GROWTH_HIGH");
	ck_assert_int_eq(e->lang[LANG_EN].steps[0].check, LIVE_QUEUE_METRICS);
	playbook_free(pb);
}
END_TEST

START_TEST(test_unknown_check_refused)
{
	const char text[] = "{\"entries\":[{\"code\":\"X\","
	    "\"en\":{\"title\":\"t\",\"why\":\"w\",\"steps\":[{\"text\":\"s\","
	    "\"check\":\"rm-rf\"}]},"
	    "\"id\":{\"title\":\"t\",\"why\":\"w\",\"steps\":[{\"text\":\"s\"}]}}]}";
	char *cause = NULL;

	ck_assert_ptr_null(playbook_parse(text, strlen(text), &cause));
	ck_assert_ptr_nonnull(strstr(cause, "rm-rf"));
	free(cause);
}
END_TEST

START_TEST(test_missing_language_refused)
{
	const char text[] = "{\"entries\":[{\"code\":\"X\","
	    "\"en\":{\"title\":\"t\",\"why\":\"w\",\"steps\":[{\"text\":\"s\"}]}}]}";
	char *cause = NULL;

	ck_assert_ptr_null(playbook_parse(text, strlen(text), &cause));
	ck_assert_ptr_nonnull(strstr(cause, "(id)"));
	free(cause);
}
END_TEST

START_TEST(test_malformed_refused)
{
	char *cause = NULL;

	ck_assert_ptr_null(playbook_parse("{", 1, &cause));
	free(cause);
	cause = NULL;
	ck_assert_ptr_null(playbook_load("/nonexistent/pb.json", &cause));
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/pb.json"));
	free(cause);
}
END_TEST

START_TEST(test_lang_parse)
{
	ck_assert_int_eq(playbook_lang_parse("id"), LANG_ID);
	ck_assert_int_eq(playbook_lang_parse("en"), LANG_EN);
	ck_assert_int_eq(playbook_lang_parse(NULL), LANG_EN);
}
END_TEST

/* A step's placeholders filled with what is known, shell-quoted when they
 * need it; unknown ones stay as written (issue 23, item 7). */
START_TEST(test_fill)
{
	struct playbook_vars v = { "F-2026-02-20", "partner api", NULL, NULL };
	char *s = playbook_fill("`ingestgate replay --source {source} --batch "
	    "{batch} --emitter-env {emitter_env}`", &v);

	ck_assert_str_eq(s, "`ingestgate replay --source 'partner api' --batch "
	    "F-2026-02-20 --emitter-env {emitter_env}`");
	free(s);
	v.source = "it's";
	s = playbook_fill("{source}{batch}", &v);
	ck_assert_str_eq(s, "'it'\\''s'F-2026-02-20");
	free(s);
	s = playbook_fill("{batch}", NULL);
	ck_assert_str_eq(s, "{batch}");
	free(s);
	s = playbook_fill("", &v);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

/* Deploy commands name the context in use (issue 23): the runbook's "prod"
 * for a production context or none, else the context's name, in both
 * languages of the shipped playbook. */
START_TEST(test_fill_context)
{
	struct playbook_vars v = { NULL, NULL, NULL, NULL };
	struct playbook *pb = playbook_load(NULL, NULL);
	const struct playbook_entry *e;
	char *s;

	ck_assert_str_eq(playbook_context_word(NULL), "prod");
	ck_assert_str_eq(playbook_context_word("production"), "prod");
	ck_assert_str_eq(playbook_context_word("staging"), "staging");
	/* One rule for production: the console's header (context_is_prod)
	 * and the playbook's deploy word agree on every name. */
	{
		static const char *const names[] = { "prod", "prod-eu",
		    "production", "Prod", "preprod", "staging", "pro", "dev" };

		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			ck_assert_int_eq(strcmp(playbook_context_word(names[i]),
			    "prod") == 0, context_is_prod(names[i]));
	}
	v.context = playbook_context_word("staging");
	ck_assert_ptr_nonnull(pb);
	e = playbook_find(pb, "QUEUE_REDIS_UNREACHABLE");
	ck_assert_ptr_nonnull(e);
	for (int l = 0; l < 2; l++) {
		int seen = 0;

		for (size_t i = 0; i < e->lang[l].nsteps; i++) {
			s = playbook_fill(e->lang[l].steps[i].text, &v);
			ck_assert_ptr_null(strstr(s, "core-api-prod"));
			seen += strstr(s, "deploy:core-api-staging:redis:") != NULL;
			free(s);
		}
		ck_assert_int_eq(seen, 2);
	}
	playbook_free(pb);
	s = playbook_fill("deploy:core-api-{context}:x", &v);
	ck_assert_str_eq(s, "deploy:core-api-staging:x");
	free(s);
}
END_TEST

static Suite *
playbook_suite(void)
{
	Suite *s = suite_create("playbook");
	TCase *tc = tcase_create("entries");

	tcase_add_test(tc, test_every_code_both_languages);
	tcase_add_test(tc, test_live_checks_present);
	tcase_add_test(tc, test_unknown_check_refused);
	tcase_add_test(tc, test_missing_language_refused);
	tcase_add_test(tc, test_malformed_refused);
	tcase_add_test(tc, test_lang_parse);
	tcase_add_test(tc, test_fill);
	tcase_add_test(tc, test_fill_context);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(playbook_suite)
