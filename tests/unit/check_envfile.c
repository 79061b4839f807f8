/* The env file parser: every rule of SPEC section 2, as dotenv 18 reads it
 * (tests/integration/dotenv_oracle.sh holds it to the package itself). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/envfile.h"
#include "unit.h"
#include "core/util.h"

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
	/* dotenv expands \n and \r only; \" keeps its backslash. */
	ck_assert_str_eq(envfile_get(&ef, "C"), "esc \\\"q\\\" \n end");
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
	/* dotenv: an unquoted value ends at any '#'. */
	ck_assert_str_eq(envfile_get(&ef, "B"), "a");
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
	/* Only line 3 is ignored by dotenv: "1BAD" is a key to it, an
	 * unterminated quote is kept as text and so is text after a quote. */
	ck_assert_uint_eq(ef.nerrors, 1);
	ck_assert_uint_eq(ef.nignored, 1);
	ck_assert_uint_eq(ef.errors[0].line, 3);
	ck_assert_ptr_nonnull(strstr(ef.errors[0].message, "dotenv ignores it"));
	ck_assert_ptr_null(strstr(ef.errors[0].message, "this line"));
	ck_assert_str_eq(envfile_get(&ef, "GOOD_ONE"), "1");
	ck_assert_str_eq(envfile_get(&ef, "GOOD_TWO"), "2");
	ck_assert_str_eq(envfile_get(&ef, "1BAD"), "key starts with a digit");
	ck_assert_str_eq(envfile_get(&ef, "UNTERMINATED"), "\"never closed");
	ck_assert_str_eq(envfile_get(&ef, "TRAILING"), "\"quoted\" junk after");
}
END_TEST

START_TEST(test_nul_byte_line)
{
	static const char text[] = "A=1\nB=x\0y\nC=3\nD\0=4\n";

	envfile_parse(text, sizeof text - 1, &ef);
	ck_assert_uint_eq(ef.nerrors, 2);
	ck_assert_uint_eq(ef.errors[0].line, 2);
	ck_assert_ptr_nonnull(strstr(ef.errors[0].message, "NUL"));
	ck_assert_uint_eq(ef.errors[1].line, 4);
	ck_assert_ptr_null(envfile_get(&ef, "B"));
	ck_assert_str_eq(envfile_get(&ef, "C"), "3");
}
END_TEST

/* The cases where the old reader disagreed with dotenv (issue 10). */
START_TEST(test_dotenv_semantics)
{
	parse("SECRET=abc#def\nCOLON: abc\nTICK=`abc`\nNL=\"a\\nb\"\n"
	    "SQ='a\\nb'\nBT=`a\\nb`\nESC=\"abc\\\"def\"\nexport EX=1\n"
	    "DUP=1\nDUP=2\n");
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "SECRET"), "abc");
	ck_assert_str_eq(envfile_get(&ef, "COLON"), "abc");
	ck_assert_str_eq(envfile_get(&ef, "TICK"), "abc");
	ck_assert_str_eq(envfile_get(&ef, "NL"), "a\nb");
	ck_assert_str_eq(envfile_get(&ef, "SQ"), "a\\nb");
	ck_assert_str_eq(envfile_get(&ef, "BT"), "a\\nb");
	ck_assert_str_eq(envfile_get(&ef, "ESC"), "abc\\\"def");
	ck_assert_str_eq(envfile_get(&ef, "EX"), "1");
	ck_assert_str_eq(envfile_get(&ef, "DUP"), "2");
}
END_TEST

START_TEST(test_multiline_values)
{
	parse("KEY=\"-----BEGIN-----\nAAA\n-----END-----\"\nS='one\ntwo'\n"
	    "B=`x\n\"y\"`\nAFTER=1\n");
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_str_eq(envfile_get(&ef, "KEY"), "-----BEGIN-----\nAAA\n-----END-----");
	ck_assert_str_eq(envfile_get(&ef, "S"), "one\ntwo");
	ck_assert_str_eq(envfile_get(&ef, "B"), "x\n\"y\"");
	ck_assert_str_eq(envfile_get(&ef, "AFTER"), "1");
	ck_assert_uint_eq(ef.entries[3].line, 8);
}
END_TEST

/* JavaScript's \s crosses line ends: odd, but what the apps read. */
START_TEST(test_dotenv_surprises)
{
	parse("A=\n'on the next line'\nK\n\n=v\nC:\nfoo\nexport = 5\n"
	    "X='abc' xyz\n__proto__=p\nk.e-y=1\n");
	ck_assert_str_eq(envfile_get(&ef, "A"), "on the next line");
	ck_assert_str_eq(envfile_get(&ef, "K"), "v");
	ck_assert_str_eq(envfile_get(&ef, "C"), "foo");
	ck_assert_str_eq(envfile_get(&ef, "export"), "5");
	ck_assert_str_eq(envfile_get(&ef, "X"), "'abc' xyz");
	ck_assert_str_eq(envfile_get(&ef, "k.e-y"), "1");
	ck_assert_ptr_null(envfile_get(&ef, "__proto__"));
	ck_assert_uint_eq(ef.nerrors, 1);
	ck_assert_uint_eq(ef.errors[0].line, 10);
}
END_TEST

START_TEST(test_ignored_lines)
{
	parse("# ok\nA=1\njust words\n  \xe2\x80\x8bZW=1\n$X=1\nONLY_KEY\nB: \n"
	    "KEY :v\n#x\n");
	ck_assert_uint_eq(ef.nerrors, 5);
	ck_assert_uint_eq(ef.errors[0].line, 3);
	ck_assert_uint_eq(ef.errors[1].line, 4);
	ck_assert_uint_eq(ef.errors[2].line, 5);
	ck_assert_uint_eq(ef.errors[3].line, 6);
	ck_assert_ptr_nonnull(strstr(ef.errors[3].message, "without '='"));
	ck_assert_uint_eq(ef.errors[4].line, 8);
	ck_assert_str_eq(envfile_get(&ef, "B"), "");
}
END_TEST

START_TEST(test_invalid_utf8_replaced)
{
	/* Node decodes a maximal bad subpart to one U+FFFD. */
	parse("A=\xff" "b\nB=\xed\xa0\x80" "c\nC=\xe2\x82\n");
	ck_assert_str_eq(envfile_get(&ef, "A"), "\xef\xbf\xbd" "b");
	ck_assert_str_eq(envfile_get(&ef, "B"),
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "c");
	ck_assert_str_eq(envfile_get(&ef, "C"), "\xef\xbf\xbd");
}
END_TEST

/* Twenty ignored lines are warnings; the twenty-first refuses the file, in
 * one line, however many there are. */
START_TEST(test_too_many_ignored_lines)
{
	char path[] = "/tmp/check_envfile.XXXXXX", *cause = NULL;
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ne(fd, -1);
	f = fdopen(fd, "w");
	fputs("A=1\n", f);
	for (int i = 0; i < 20; i++)
		fputs("junk line\n", f);
	fclose(f);
	ck_assert_int_eq(envfile_load(path, &ef, &cause), 0);
	ck_assert_uint_eq(ef.nerrors, 20);
	envfile_free(&ef);
	/* The 21st ignored line is the first one too many. */
	f = fopen(path, "a");
	fputs("junk line\n", f);
	fclose(f);
	ck_assert_int_eq(envfile_load(path, &ef, &cause), ENVFILE_NOT_ENV);
	ck_assert_ptr_nonnull(strstr(cause, "21 lines"));
	free(cause);
	cause = NULL;
	f = fopen(path, "a");
	for (int i = 0; i < 6999; i++)
		fputs("\x01\x02 binary \xff\xfe\n", f);
	fclose(f);
	ck_assert_int_eq(envfile_load(path, &ef, &cause), ENVFILE_NOT_ENV);
	ck_assert_ptr_nonnull(strstr(cause, "not an env file"));
	ck_assert_ptr_nonnull(strstr(cause, "7020 lines"));
	ck_assert_ptr_nonnull(strstr(cause, "line 2"));
	ck_assert_ptr_null(strchr(cause, '\n'));
	ck_assert_ptr_null(ef.entries);
	free(cause);
	unlink(path);
	/* Parsing keeps only the first ones, but counts them all. */
	{
		struct buf b = { 0 };

		for (int i = 0; i < 5000; i++)
			buf_adds(&b, "nope\n");
		envfile_parse(b.data, b.len, &ef);
		ck_assert_uint_eq(ef.nerrors, ENVFILE_MAX_IGNORED + 1);
		ck_assert_uint_eq(ef.nignored, 5000);
		buf_free(&b);
	}
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
	tcase_add_test(tc, test_dotenv_semantics);
	tcase_add_test(tc, test_multiline_values);
	tcase_add_test(tc, test_dotenv_surprises);
	tcase_add_test(tc, test_ignored_lines);
	tcase_add_test(tc, test_invalid_utf8_replaced);
	tcase_add_test(tc, test_too_many_ignored_lines);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(envfile_suite)
