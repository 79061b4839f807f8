/* json_read.c: one whole document, strictly: trailing text and a cut-off
 * text are errors that name their line; whitespace around is fine. */
#include "config.h"

#include <string.h>

#include "core/json_read.h"
#include "unit.h"
#include "core/util.h"

/* json_read of s; returns its status, *cause set on failure. */
static int
rd(const char *s, json_object **o, char **cause)
{
	*cause = NULL;
	return json_read(s, strlen(s), o, cause);
}

START_TEST(reads_a_whole_document)
{
	json_object *o, *v;
	char *cause;

	ck_assert_int_eq(rd(" {\"a\": [1, 2], \"b\": \"x\"}\n\t\r\n", &o,
	    &cause), 0);
	ck_assert(json_object_is_type(o, json_type_object));
	ck_assert(json_object_object_get_ex(o, "b", &v));
	ck_assert_str_eq(json_object_get_string(v), "x");
	json_object_put(o);
	ck_assert_int_eq(rd("[true]", &o, &cause), 0);
	ck_assert(json_object_is_type(o, json_type_array));
	json_object_put(o);
}
END_TEST

START_TEST(rejects_trailing_garbage)
{
	json_object *o = (json_object *)1;
	char *cause;

	ck_assert_int_eq(rd("{\"a\": 1}\n\n x", &o, &cause), -1);
	ck_assert_ptr_null(o);
	ck_assert_str_eq(cause, "line 3: text after the end of the document");
	free(cause);
	ck_assert_int_eq(rd("{} {}", &o, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(rejects_truncated)
{
	json_object *o = (json_object *)1;
	char *cause;

	ck_assert_int_eq(rd("{\"a\": [1,\n 2", &o, &cause), -1);
	ck_assert_ptr_null(o);
	ck_assert_str_eq(cause, "line 2: unexpected end of the text "
	    "(truncated?)");
	free(cause);
	ck_assert_int_eq(rd("", &o, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(rejects_bad_and_null)
{
	json_object *o;
	char *cause;

	ck_assert_int_eq(rd("{\"a\" 1}", &o, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "line 1: "));
	/* json_tokener_error_desc's words, not ours. */
	ck_assert_str_ne(cause + strlen("line 1: "), "success");
	free(cause);
	ck_assert_int_eq(rd("null ", &o, &cause), -1);
	ck_assert_str_eq(cause, "line 1: the document is null");
	free(cause);
}
END_TEST

static Suite *
json_read_suite(void)
{
	Suite *s = suite_create("json_read");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, reads_a_whole_document);
	tcase_add_test(tc, rejects_trailing_garbage);
	tcase_add_test(tc, rejects_truncated);
	tcase_add_test(tc, rejects_bad_and_null);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(json_read_suite)
