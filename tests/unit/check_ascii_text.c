/* ascii_text.c: the glyph table's stand-ins, the transliteration of a
 * UTF-8 stream to ASCII (every output byte below 0x80), a sequence cut
 * between two writes, stray and truncated bytes. */
#include "config.h"

#include <string.h>

#include "core/ascii_text.h"
#include "core/util.h"
#include "unit.h"

/* The ASCII form of s fed in pieces of at most step bytes. */
static char *
feed(const char *s, size_t step)
{
	struct ascii_text st = { 0 };
	struct buf b = { 0 };
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i += step)
		ascii_text_feed(&st, s + i, n - i < step ? n - i : step, &b);
	ascii_text_end(&st, &b);
	return buf_take(&b);
}

static void
all_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ck_assert_uint_lt(*p, 0x80);
}

START_TEST(glyphs_stand_in)
{
	const char *in = "batch B \xc2\xb7 decision NO-GO \xe2\x80\x94 F-00\xe2\x80\xa6"
	    "F-05 \xe2\x86\x92 \xe2\x89\xa5 1 \xc3\x97 2";
	char *out = feed(in, 1000);

	ck_assert_str_eq(out, "batch B | decision NO-GO -- F-00...F-05 -> >= 1 x 2");
	free(out);
}
END_TEST

START_TEST(cut_between_writes)
{
	const char *in = "a\xe2\x80\xa6z \xc2\xb7 \xf0\x9f\x98\x80!";

	/* Every way of cutting the text gives the same answer. */
	for (size_t step = 1; step < 8; step++) {
		char *out = feed(in, step);

		ck_assert_str_eq(out, "a...z | ?!");
		free(out);
	}
}
END_TEST

/* "·" between spaces separates fields: "|", so that "batch - · status -"
 * does not read "batch - - status -"; anywhere else it is its table's "-",
 * however the text is cut between writes. */
START_TEST(separator_dot)
{
	const char *in = "x - \xc2\xb7 y \xc2\xb7z a\xc2\xb7 b\xc2\xb7" "c "
	    "\xc2\xb7\xc2\xb7 \xc2\xb7";

	for (size_t step = 1; step < 9; step++) {
		char *out = feed(in, step);

		ck_assert_str_eq(out, "x - | y -z a- b-c -- -");
		free(out);
	}
}
END_TEST

START_TEST(other_characters)
{
	char *out = feed("Ren\xc3\xa9 \xe4\xb8\xad \xff \x80 end\xe2\x80", 3);

	/* Unknown letters, a stray byte, a lone continuation byte, and a
	 * sequence the text ends inside: one '?' each. */
	ck_assert_str_eq(out, "Ren? ? ? ? end?");
	all_ascii(out);
	free(out);
	out = feed("\xe2\x80x", 10);
	ck_assert_str_eq(out, "?x");
	free(out);
}
END_TEST

START_TEST(ascii_untouched)
{
	char all[128];
	char *out;

	for (int i = 1; i < 128; i++)
		all[i - 1] = (char)i;
	all[127] = '\0';
	out = feed(all, 7);
	ck_assert_str_eq(out, all);
	free(out);
}
END_TEST

START_TEST(stand_in_lookup)
{
	size_t n = 0;

	ck_assert_str_eq(ascii_stand_in("\xe2\x80\x94rest", &n), "--");
	ck_assert_uint_eq(n, 3);
	ck_assert_ptr_null(ascii_stand_in("plain", &n));
}
END_TEST

static Suite *
ascii_text_suite(void)
{
	Suite *s = suite_create("ascii_text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, glyphs_stand_in);
	tcase_add_test(tc, cut_between_writes);
	tcase_add_test(tc, separator_dot);
	tcase_add_test(tc, other_characters);
	tcase_add_test(tc, ascii_untouched);
	tcase_add_test(tc, stand_in_lookup);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ascii_text_suite)
