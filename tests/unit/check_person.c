/* One person is one person (issue 21 item 4, SPEC 11): names compared
 * after NFKC, case folding and collapsed spaces; hidden characters
 * refused. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "release/person.h"
#include "unit.h"

START_TEST(same_person)
{
	/* Fullwidth, case, outer and inner spaces, ligature and sharp s. */
	ck_assert(person_same("Dewi", "dewi"));
	ck_assert(person_same("Dewi", "\xef\xbc\xa4\xef\xbd\x85\xef\xbd\x97"
	    "\xef\xbd\x89"));
	ck_assert(person_same("  Dewi   Lestari ", "dewi lestari"));
	ck_assert(person_same("Stra\xc3\x9f" "e", "STRASSE"));
	ck_assert(person_same("\xef\xac\x81ona", "FIONA"));
	ck_assert(person_same("Tech Lead", "TECH  LEAD"));
	ck_assert(!person_same("Dewi", "Dewa"));
	ck_assert(!person_same("Ana", "Ana B"));
}
END_TEST

START_TEST(hidden_characters_refused)
{
	static const char *const bad[] = {
		"Dewi\xe2\x80\x8b",	/* ZERO WIDTH SPACE */
		"De\xc2\xadwi",		/* SOFT HYPHEN */
		"Dewi\xc2\xa0Lestari",	/* NO-BREAK SPACE */
		"\xef\xbb\xbf" "Dewi",	/* BOM */
		"Dewi\t",
		"Dewi\xe2\x81\xa0",	/* WORD JOINER */
		"Dewi\xff",		/* not UTF-8 */
		"   ",
	};
	char *cause = NULL;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(person_check(bad[i], &cause) == -1,
		    "name %zu accepted", i);
		free(cause);
		cause = NULL;
	}
	ck_assert_int_eq(person_check("Dewi Lestari", &cause), 0);
	ck_assert_int_eq(person_check("\xef\xbc\xa4\xef\xbd\x85wi", &cause), 0);
	ck_assert_int_eq(person_check("Dewi\xe2\x80\x8b", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "U+200B"));
	ck_assert_ptr_nonnull(strstr(cause, "byte offset 4"));
	free(cause);
}
END_TEST

static Suite *
person_suite(void)
{
	Suite *s = suite_create("person");
	TCase *tc = tcase_create("person");

	tcase_add_test(tc, same_person);
	tcase_add_test(tc, hidden_characters_refused);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(person_suite)
