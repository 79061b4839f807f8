/* json_strict.c: RFC 8259 and nothing else. What json-c lets through and a
 * verifier must not (issue 25 item 6): duplicate keys (also when escapes
 * spell the same key), NUL in a key (json-c cuts "decision\u0000" to
 * "decision"), comments, single quotes, trailing commas, NaN, leading
 * zeros, a BOM, invalid UTF-8, lone surrogates, text after the document,
 * and nesting deep enough to exhaust a stack. */
#include "config.h"

#include <string.h>

#include "core/json_read.h"
#include "core/json_strict.h"
#include "unit.h"
#include "core/util.h"

static const char *const good[] = {
	"{}", "[]", "0", "-0.5e+3", "1E10", "\"\"", "true", "null",
	"\"a\\u00e9\\ud83d\\ude00\\n\\/\"",
	"{\"a\":1,\"b\":[true,false,null],\"c\":{\"a\":2}}",
	" \n{\"a\":{\"a\":1}}\r\n\t",
	"\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
	"{\"v\":\"a\\u0000b\"}",	/* NUL in a value is JSON; in a key not */
	"{\"A\":1,\"a\":2}",		/* keys are case-sensitive */
	NULL
};

struct bad_case {
	const char *text;
	const char *why;
};

static const struct bad_case bad[] = {
	{ "", "unexpected end" },
	{ "{\"a\":1,\"a\":2}", "duplicate key" },
	{ "{\"a\":1,\"\\u0061\":2}", "duplicate key" },
	{ "{\"decision\":\"GO\",\"decision\\u0000\":\"NO-GO\"}", "NUL" },
	{ "{\"x\":{\"k\":1,\"k\":1}}", "duplicate key" },
	{ "{\"a\":1}// c", "comment" },
	{ "/* c */{}", "comment" },
	{ "[1,/*c*/2]", "comment" },
	{ "{'a':1}", "double quotes" },
	{ "[1,]", "not a JSON value" },
	{ "{\"a\":1,}", "double quotes" },
	{ "NaN", "not a JSON value" },
	{ "[Infinity]", "not a JSON value" },
	{ "01", "leading zero" },
	{ "1.", "point" },
	{ "1e", "exponent" },
	{ "+1", "not a JSON value" },
	{ "0x10", "text after" },
	{ "\xef\xbb\xbf{}", "byte order mark" },
	{ "\"\xc0\xaf\"", "UTF-8" },
	{ "\"\xed\xa0\x80\"", "UTF-8" },
	{ "\"\xff\"", "UTF-8" },
	{ "\"\\ud800\"", "lone high surrogate" },
	{ "\"\\udc00\"", "lone low surrogate" },
	{ "{\"a\":1}x", "text after" },
	{ "{\"a\":1}{}", "text after" },
	{ "[\"\t\"]", "control character" },
	{ "\"\\x41\"", "escape" },
	{ "{\"a\" 1}", "':'" },
	{ "tru", "not a JSON value" },
	{ "[1 2]", "','" },
	{ "\"open", "closing quote" },
	{ "\"\\u12\"", "hex digits" },
	{ NULL, NULL }
};

START_TEST(rfc8259_texts_pass)
{
	for (size_t i = 0; good[i] != NULL; i++) {
		char *cause = NULL;

		ck_assert_msg(json_strict_check(good[i], strlen(good[i]),
		    &cause) == 0, "refused %s: %s", good[i], cause);
	}
}
END_TEST

START_TEST(everything_else_is_refused)
{
	for (size_t i = 0; bad[i].text != NULL; i++) {
		char *cause = NULL;

		ck_assert_msg(json_strict_check(bad[i].text, strlen(bad[i].text),
		    &cause) == -1, "accepted %s", bad[i].text);
		ck_assert_msg(strncmp(cause, "line 1: ", 8) == 0 &&
		    strstr(cause, bad[i].why) != NULL, "%s: %s, not %s",
		    bad[i].text, cause, bad[i].why);
		free(cause);
	}
}
END_TEST

START_TEST(a_nul_byte_and_the_line_are_told)
{
	static const char text[] = "{\n\"a\":1,\n\"a\":2}";
	static const char nul[] = "{\"a\":1}\0{\"b\":2}";
	char *cause = NULL;

	ck_assert_int_eq(json_strict_check(text, strlen(text), &cause), -1);
	ck_assert_str_eq(cause, "line 1: a duplicate key in an object");
	free(cause);
	/* A raw NUL after the document is text after it, not an end. */
	ck_assert_int_eq(json_strict_check(nul, sizeof nul - 1, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "text after"));
	free(cause);
}
END_TEST

START_TEST(deep_nesting_is_refused_not_a_crash)
{
	size_t n = 200000;
	char *deep = xmalloc(n + 1), *cause = NULL;

	memset(deep, '[', n);
	deep[n] = '\0';
	ck_assert_int_eq(json_strict_check(deep, n, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "nested too deeply"));
	free(cause);
	free(deep);
}
END_TEST

START_TEST(read_strict_hands_over_what_passes)
{
	static const char dup[] = "{\"decision\":\"GO\",\"decision\\u0000\":"
	    "\"NO-GO\"}";
	json_object *o = NULL;
	char *cause = NULL;

	/* json-c alone reads this as one key, NO-GO; jq and Python as GO. */
	ck_assert_int_eq(json_read(dup, strlen(dup), &o, &cause), 0);
	json_object_put(o);
	ck_assert_int_eq(json_read_strict(dup, strlen(dup), &o, &cause), -1);
	ck_assert_ptr_null(o);
	ck_assert_ptr_nonnull(strstr(cause, "NUL"));
	free(cause);
	ck_assert_int_eq(json_read_strict("{\"a\":[1]}", 9, &o, &cause), 0);
	ck_assert(json_object_is_type(o, json_type_object));
	json_object_put(o);
}
END_TEST

static Suite *
json_strict_suite(void)
{
	Suite *s = suite_create("json_strict");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rfc8259_texts_pass);
	tcase_add_test(tc, everything_else_is_refused);
	tcase_add_test(tc, a_nul_byte_and_the_line_are_told);
	tcase_add_test(tc, deep_nesting_is_refused_not_a_crash);
	tcase_add_test(tc, read_strict_hands_over_what_passes);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(json_strict_suite)
