/* Where a quality check's SQL ends (sql_text.c): trailing semicolons and
 * comments are cut as PostgreSQL's lexer sees them; what looks like one
 * inside a string, an identifier or a dollar quote is not. */
#include "config.h"

#include <string.h>

#include "clients/sql_text.h"
#include "core/util.h"
#include "unit.h"

/* s as sql_text_end() leaves it; caller frees. */
static char *
cut(const char *s)
{
	return xstrndup(s, sql_text_end(s, strlen(s)));
}

#define ck_cut(s, want)                                                 \
	do {                                                            \
		char *got_ = cut(s);                                    \
		ck_assert_str_eq(got_, want);                           \
		free(got_);                                             \
	} while (0)

START_TEST(test_trailing)
{
	const char *q = "SELECT ref FROM booking WHERE batch_code = $1";

	ck_cut("SELECT 1", "SELECT 1");
	ck_cut("SELECT ref FROM booking WHERE batch_code = $1; -- comment",
	    q);
	ck_cut("SELECT ref FROM booking WHERE batch_code = $1; -- comment\n",
	    q);
	ck_cut("SELECT ref FROM booking WHERE batch_code = $1 -- why\n;\n", q);
	ck_cut("SELECT ref FROM booking WHERE batch_code = $1;;\n/* a\n"
	    "/* nested */ block */ ;\n-- and a line\n", q);
	ck_cut("-- header\nSELECT 1;\r\n\t", "-- header\nSELECT 1");
	ck_cut("", "");
	ck_cut("  ;  -- nothing at all\n", "");
}
END_TEST

START_TEST(test_not_comments)
{
	ck_cut("SELECT '--x; /*' AS a; -- c", "SELECT '--x; /*' AS a");
	ck_cut("SELECT 'it''s;' AS a;", "SELECT 'it''s;' AS a");
	ck_cut("SELECT E'a\\';b' AS a; -- c", "SELECT E'a\\';b' AS a");
	ck_cut("SELECT 1 AS \"x;--y\"; -- c", "SELECT 1 AS \"x;--y\"");
	ck_cut("SELECT $q$ ; -- $q$ AS a; -- c", "SELECT $q$ ; -- $q$ AS a");
	ck_cut("SELECT $$;--$$ AS a;", "SELECT $$;--$$ AS a");
	ck_cut("SELECT 1 WHERE $1 IS NOT NULL; -- $1 is the batch",
	    "SELECT 1 WHERE $1 IS NOT NULL");
	ck_cut("SELECT 4 - -3;", "SELECT 4 - -3");
	ck_cut("SELECT 4 / 2 AS half;", "SELECT 4 / 2 AS half");
}
END_TEST

/* A semicolon followed by more SQL stays: the server refuses the second
 * statement, and the check is ERROR QUALITY_CHECK_INVALID. */
START_TEST(test_second_statement_kept)
{
	ck_cut("SELECT 1; SELECT 2; -- c", "SELECT 1; SELECT 2");
	ck_cut("SELECT 1; DELETE FROM booking", "SELECT 1; DELETE FROM booking");
	/* Never closed: everything is kept for the server to refuse. */
	ck_cut("SELECT 'open; -- c", "SELECT 'open; -- c");
}
END_TEST

static Suite *
sql_text_suite(void)
{
	Suite *s = suite_create("sql_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_trailing);
	tcase_add_test(tc, test_not_comments);
	tcase_add_test(tc, test_second_statement_kept);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(sql_text_suite)
