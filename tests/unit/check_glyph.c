/* ui/glyph.c: every glyph has an ASCII stand-in, and without a UTF-8 locale
 * no text after a glyph or another non-ASCII character is lost. */
#include "config.h"

#include <string.h>

#include "ui/glyph.h"
#include "unit.h"

static char out[256];

START_TEST(utf8_locale_keeps_glyphs)
{
	glyph_set_mode(0, 1);
	glyph_text("batch B \xc2\xb7 host \xc2\xb7 3s ago", out, sizeof out);
	ck_assert_str_eq(out, "batch B \xc2\xb7 host \xc2\xb7 3s ago");
	ck_assert_str_eq(glyph("\xe2\x97\x80"), "\xe2\x97\x80");
}
END_TEST

START_TEST(c_locale_loses_no_text)
{
	glyph_set_mode(0, 0);
	glyph_text(" ingestgate \xc2\xb7 batch F-1 \xc2\xb7 core-api h:1 \xc2\xb7 "
	    "refreshed 3s ago", out, sizeof out);
	ck_assert_str_eq(out, " ingestgate - batch F-1 - core-api h:1 - "
	    "refreshed 3s ago");
	glyph_text("   30\xc3\x97 timed out", out, sizeof out);
	ck_assert_str_eq(out, "   30x timed out");
	glyph_text("running F-03\xe2\x80\xa6", out, sizeof out);
	ck_assert_str_eq(out, "running F-03...");
	glyph_text("FAILED 30 \xe2\x97\x80", out, sizeof out);
	ck_assert_str_eq(out, "FAILED 30 <");
	/* Not in the table (a source name from the database): one '?'. */
	glyph_text("caf\xc3\xa9 source \xe6\x97\xa5 end", out, sizeof out);
	ck_assert_str_eq(out, "caf? source ? end");
	ck_assert_str_eq(glyph("\xe2\x9c\x93"), "ok");
}
END_TEST

START_TEST(ascii_flag_in_utf8_locale)
{
	glyph_set_mode(1, 1);
	glyph_text("a \xc2\xb7 b caf\xc3\xa9", out, sizeof out);
	ck_assert_str_eq(out, "a - b caf\xc3\xa9");
}
END_TEST

START_TEST(bounded_and_broken_input)
{
	char small[8];

	glyph_set_mode(0, 0);
	glyph_text("abc\xe2\x80\xa6xyz", small, sizeof small);
	ck_assert_str_eq(small, "abc...x");
	glyph_text("x\xe2\x80", out, sizeof out);	/* cut sequence */
	ck_assert_str_eq(out, "x?");
}
END_TEST

/* Control characters move the cursor or take columns nobody counted: '?'
 * in every mode; the rest of the text stays. */
START_TEST(control_characters_shown_as_marks)
{
	for (int utf8 = 0; utf8 < 2; utf8++) {
		glyph_set_mode(0, utf8);
		glyph_text("a\tb\nc\x1b[31md\x7f\xc2\x9b" "e\xc2\xa0", out,
		    sizeof out);
		ck_assert_str_eq(out, utf8 ? "a?b?c?[31md??e\xc2\xa0" :
		    "a?b?c?[31md??e?");
	}
}
END_TEST

static Suite *
glyph_suite(void)
{
	Suite *s = suite_create("glyph");
	TCase *tc = tcase_create("glyph");

	tcase_add_test(tc, utf8_locale_keeps_glyphs);
	tcase_add_test(tc, c_locale_loses_no_text);
	tcase_add_test(tc, ascii_flag_in_utf8_locale);
	tcase_add_test(tc, bounded_and_broken_input);
	tcase_add_test(tc, control_characters_shown_as_marks);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(glyph_suite)
