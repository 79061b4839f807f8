/* The dotenv parser: every rule of SPEC section 2. */
#include "config.h"

#include <string.h>

#include "envfile.h"
#include "unit.h"

static struct envfile ef;

static void
parse(const char *text)
{
	envfile_parse(text, strlen(text), &ef);
}

static void
teardown(void)
{
	envfile_free(&ef);
}

START_TEST(test_plain)
{
	parse("KEY=value\nOTHER=2\n");
	ck_assert_uint_eq(ef.n, 2);
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "KEY"), "value");
	ck_assert_str_eq(envfile_get(&ef, "OTHER"), "2");
	ck_assert_ptr_null(envfile_get(&ef, "MISSING"));
}
END_TEST

START_TEST(test_export_prefix)
{
	parse("export KEY=value\nexport\tTAB=x\nexported=y\n");
	ck_assert_str_eq(envfile_get(&ef, "KEY"), "value");
	ck_assert_str_eq(envfile_get(&ef, "TAB"), "x");
	ck_assert_str_eq(envfile_get(&ef, "exported"), "y");
}
END_TEST

START_TEST(test_double_quotes)
{
	parse("A=\"two words\"\nB=\"with # hash\"\nC=\"esc \\\"q\\\" \\n end\"\n");
	ck_assert_str_eq(envfile_get(&ef, "A"), "two words");
	ck_assert_str_eq(envfile_get(&ef, "B"), "with # hash");
	ck_assert_str_eq(envfile_get(&ef, "C"), "esc \"q\" \n end");
}
END_TEST

START_TEST(test_single_quotes_literal)
{
	parse("A='no \\n escapes # here'\n");
	ck_assert_str_eq(envfile_get(&ef, "A"), "no \\n escapes # here");
}
END_TEST

START_TEST(test_comments_and_blanks)
{
	parse("# comment\n\n   \n  # indented comment\nA=1 # trailing comment\n"
	    "B=a#b\n");
	ck_assert_uint_eq(ef.n, 2);
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "A"), "1");
	ck_assert_str_eq(envfile_get(&ef, "B"), "a#b");
}
END_TEST

START_TEST(test_crlf)
{
	parse("A=1\r\nB=\"two\"\r\nC='three'\r\n");
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "A"), "1");
	ck_assert_str_eq(envfile_get(&ef, "B"), "two");
	ck_assert_str_eq(envfile_get(&ef, "C"), "three");
}
END_TEST

START_TEST(test_bom_at_start)
{
	parse("\xef\xbb\xbfKEY=value\n");
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "KEY"), "value");
}
END_TEST

START_TEST(test_bom_inside_value_kept)
{
	/* Only the file's first BOM is format; one inside a value is data. */
	parse("KEY=\"\xef\xbb\xbfvalue\"\n");
	ck_assert_str_eq(envfile_get(&ef, "KEY"), "\xef\xbb\xbfvalue");
}
END_TEST

START_TEST(test_empty_values)
{
	parse("A=\nB=\"\"\nC=''\nD=   \n");
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "A"), "");
	ck_assert_str_eq(envfile_get(&ef, "B"), "");
	ck_assert_str_eq(envfile_get(&ef, "C"), "");
	ck_assert_str_eq(envfile_get(&ef, "D"), "");
}
END_TEST

START_TEST(test_duplicate_last_wins)
{
	parse("A=first\nA=second\n");
	ck_assert_str_eq(envfile_get(&ef, "A"), "second");
}
END_TEST

START_TEST(test_spaces_around_equals)
{
	parse("A = spaced\n  B=indented\n");
	ck_assert_str_eq(envfile_get(&ef, "A"), "spaced");
	ck_assert_str_eq(envfile_get(&ef, "B"), "indented");
}
END_TEST

START_TEST(test_unquoted_trailing_blanks_trimmed)
{
	parse("A=value   \nB=\"kept \"\n");
	ck_assert_str_eq(envfile_get(&ef, "A"), "value");
	ck_assert_str_eq(envfile_get(&ef, "B"), "kept ");
}
END_TEST

START_TEST(test_invalid_lines_numbered)
{
	char *cause = NULL;

	ck_assert_int_eq(envfile_load(FIXTURES "/env/bad-lines.env", &ef, &cause), 0);
	ck_assert_uint_eq(ef.nerrors, 4);
	ck_assert_uint_eq(ef.errors[0].line, 3);
	ck_assert_uint_eq(ef.errors[1].line, 4);
	ck_assert_uint_eq(ef.errors[2].line, 5);
	ck_assert_ptr_nonnull(strstr(ef.errors[2].message, "unterminated"));
	ck_assert_uint_eq(ef.errors[3].line, 7);
	/* The lines around the bad ones survive. */
	ck_assert_str_eq(envfile_get(&ef, "GOOD_ONE"), "1");
	ck_assert_str_eq(envfile_get(&ef, "GOOD_TWO"), "2");
	ck_assert_ptr_null(envfile_get(&ef, "TRAILING"));
}
END_TEST

START_TEST(test_nul_byte_line)
{
	static const char text[] = "A=1\nB=x\0y\nC=3\n";

	envfile_parse(text, sizeof text - 1, &ef);
	ck_assert_uint_eq(ef.nerrors, 1);
	ck_assert_uint_eq(ef.errors[0].line, 2);
	ck_assert_str_eq(envfile_get(&ef, "C"), "3");
}
END_TEST

START_TEST(test_load_fixture)
{
	char *cause = NULL;

	ck_assert_int_eq(envfile_load(FIXTURES "/env/good.env", &ef, &cause), 0);
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "CORE_API_BASE_URL"),
	    "https://core-api.internal:8443");
	ck_assert_str_eq(envfile_get(&ef, "INGEST_SERVICE_TOKEN"),
	    "svc_0123456789abcdef");
	ck_assert_str_eq(envfile_get(&ef, "INGEST_SERVICE_SECRET"),
	    "sec_0123456789abcdef0123456789");
	ck_assert(ef.mtime > 0);
}
END_TEST

START_TEST(test_load_missing)
{
	char *cause = NULL;

	ck_assert_int_eq(envfile_load("/nonexistent/x.env", &ef, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "/nonexistent/x.env"));
	free(cause);
}
END_TEST

START_TEST(test_no_trailing_newline)
{
	parse("A=1\nB=last");
	ck_assert_str_eq(envfile_get(&ef, "B"), "last");
}
END_TEST

static Suite *
envfile_suite(void)
{
	Suite *s = suite_create("envfile");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_export_prefix);
	tcase_add_test(tc, test_double_quotes);
	tcase_add_test(tc, test_single_quotes_literal);
	tcase_add_test(tc, test_comments_and_blanks);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_bom_at_start);
	tcase_add_test(tc, test_bom_inside_value_kept);
	tcase_add_test(tc, test_empty_values);
	tcase_add_test(tc, test_duplicate_last_wins);
	tcase_add_test(tc, test_spaces_around_equals);
	tcase_add_test(tc, test_unquoted_trailing_blanks_trimmed);
	tcase_add_test(tc, test_invalid_lines_numbered);
	tcase_add_test(tc, test_nul_byte_line);
	tcase_add_test(tc, test_load_fixture);
	tcase_add_test(tc, test_load_missing);
	tcase_add_test(tc, test_no_trailing_newline);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(envfile_suite)
