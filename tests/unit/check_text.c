/* text.c: the strict UTF-8 decoder (valid, invalid, overlong, surrogate,
 * cut short), the encoder round trip and lowercase hex. */
#include "config.h"

#include <string.h>

#include "core/text.h"
#include "unit.h"

/* Length text_utf8_decode gives for the bytes of s (NUL excluded). */
static size_t
dec(const char *s, unsigned *cp)
{
	return text_utf8_decode((const unsigned char *)s, strlen(s), cp);
}

START_TEST(decode_valid)
{
	unsigned cp = 0;

	ck_assert_uint_eq(dec("A", &cp), 1);
	ck_assert_uint_eq(cp, 'A');
	ck_assert_uint_eq(dec("\xc3\xa9", &cp), 2);		/* é */
	ck_assert_uint_eq(cp, 0xe9);
	ck_assert_uint_eq(dec("\xe2\x80\x87x", &cp), 3);	/* FIGURE SPACE */
	ck_assert_uint_eq(cp, 0x2007);
	ck_assert_uint_eq(dec("\xf0\x9f\x98\x80", &cp), 4);	/* U+1F600 */
	ck_assert_uint_eq(cp, 0x1f600);
	ck_assert_uint_eq(dec("\xf4\x8f\xbf\xbf", &cp), 4);	/* U+10FFFF */
	ck_assert_uint_eq(cp, 0x10ffff);
}
END_TEST

START_TEST(decode_invalid)
{
	unsigned cp = 0;

	ck_assert_uint_eq(dec("\x80", &cp), 0);		/* stray continuation */
	ck_assert_uint_eq(dec("\xff", &cp), 0);
	ck_assert_uint_eq(dec("\xc3" "A", &cp), 0);	/* no continuation */
	ck_assert_uint_eq(dec("\xe2\x80", &cp), 0);	/* cut short */
	ck_assert_uint_eq(text_utf8_decode((const unsigned char *)"\xc3\xa9",
	    1, &cp), 0);
	ck_assert_uint_eq(text_utf8_decode((const unsigned char *)"", 0, &cp), 0);
	ck_assert_uint_eq(dec("\xf4\x90\x80\x80", &cp), 0);	/* past U+10FFFF */
}
END_TEST

START_TEST(decode_overlong)
{
	unsigned cp = 0;

	ck_assert_uint_eq(dec("\xc0\xaf", &cp), 0);		/* '/' in two */
	ck_assert_uint_eq(dec("\xc1\xbf", &cp), 0);
	ck_assert_uint_eq(dec("\xe0\x80\xaf", &cp), 0);	/* '/' in three */
	ck_assert_uint_eq(dec("\xe0\x9f\xbf", &cp), 0);	/* U+07FF in three */
	ck_assert_uint_eq(dec("\xf0\x8f\xbf\xbf", &cp), 0);	/* U+FFFF in four */
}
END_TEST

START_TEST(decode_surrogate)
{
	unsigned cp = 0;

	ck_assert_uint_eq(dec("\xed\xa0\x80", &cp), 0);	/* U+D800 */
	ck_assert_uint_eq(dec("\xed\xbf\xbf", &cp), 0);	/* U+DFFF */
	ck_assert_uint_eq(dec("\xed\x9f\xbf", &cp), 3);	/* U+D7FF is fine */
	ck_assert_uint_eq(cp, 0xd7ff);
}
END_TEST

START_TEST(encode_round_trip)
{
	static const unsigned cps[] = { 0, 0x41, 0x7f, 0x80, 0x7ff, 0x800,
	    0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff };
	char u[4];
	unsigned cp;

	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t n = text_utf8_encode(cps[i], u);

		ck_assert_uint_eq(text_utf8_decode((unsigned char *)u, n, &cp), n);
		ck_assert_uint_eq(cp, cps[i]);
	}
	ck_assert_uint_eq(text_utf8_encode(0xfffd, u), 3);
	ck_assert(memcmp(u, "\xef\xbf\xbd", 3) == 0);
}
END_TEST

START_TEST(hex_lowercase)
{
	static const unsigned char in[] = { 0x00, 0x0f, 0xa5, 0xff, 0x10 };
	char out[2 * sizeof in + 1];

	memset(out, 'x', sizeof out);
	text_hex(in, sizeof in, out);
	ck_assert_str_eq(out, "000fa5ff10");
	text_hex(in, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(has_bytes_within_len_only)
{
	const char line[] = "{\"type\":\"end\"}tail";

	ck_assert_int_eq(text_has_bytes(line, strlen(line), "\"type\":\"end\""), 1);
	ck_assert_int_eq(text_has_bytes(line, 10, "\"type\":\"end\""), 0);
	ck_assert_int_eq(text_has_bytes(line, strlen(line), "tail"), 1);
	ck_assert_int_eq(text_has_bytes(line, strlen(line) - 1, "tail"), 0);
	ck_assert_int_eq(text_has_bytes("", 0, "x"), 0);
}
END_TEST

static Suite *
text_suite(void)
{
	Suite *s = suite_create("text");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, decode_valid);
	tcase_add_test(tc, decode_invalid);
	tcase_add_test(tc, decode_overlong);
	tcase_add_test(tc, decode_surrogate);
	tcase_add_test(tc, encode_round_trip);
	tcase_add_test(tc, hex_lowercase);
	tcase_add_test(tc, has_bytes_within_len_only);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(text_suite)
