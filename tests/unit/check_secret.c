/* Secrets: the hidden-character classes of F-00, fingerprints, URLs and
 * the text sanitiser. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "envfile.h"
#include "sanitize.h"
#include "secret.h"
#include "unit.h"
#include "url.h"

/* The value as it reaches the program from an env-file line. */
static const char *
hidden(const char *line, size_t *pos)
{
	static char what_buf[128];
	struct envfile ef;
	const char *what = NULL;
	int r;

	envfile_parse(line, strlen(line), &ef);
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_uint_eq(ef.n, 1);
	r = secret_hidden_chars(ef.entries[0].value, &what, pos);
	snprintf(what_buf, sizeof what_buf, "%s", r == 0 ? "" : what);
	envfile_free(&ef);
	return what_buf;
}

START_TEST(test_clean)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=sec_0123456789abcdef\n", &pos), "");
	ck_assert_str_eq(hidden("S=\"quoted but clean\"\n", &pos), "");
}
END_TEST

START_TEST(test_trailing_space_in_quotes)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"secret \"\n", &pos), "trailing space");
	ck_assert_uint_eq(pos, 6);
}
END_TEST

START_TEST(test_leading_space_in_quotes)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=' secret'\n", &pos), "leading space");
	ck_assert_uint_eq(pos, 0);
}
END_TEST

START_TEST(test_cr)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"secret\\r\"\n", &pos), "carriage return (CR)");
	ck_assert_uint_eq(pos, 6);
}
END_TEST

START_TEST(test_lf)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"sec\\nret\"\n", &pos), "line feed (LF)");
	ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(test_tab)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"sec\tret\"\n", &pos), "tab");
}
END_TEST

START_TEST(test_zero_width_space)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=sec\xe2\x80\x8bret\n", &pos),
	    "zero-width space (U+200B)");
	ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(test_nbsp)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=secret\xc2\xa0\n", &pos),
	    "non-breaking space (U+00A0)");
}
END_TEST

START_TEST(test_bom_in_value)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"\xef\xbb\xbfsecret\"\n", &pos),
	    "byte order mark (U+FEFF)");
	ck_assert_uint_eq(pos, 0);
}
END_TEST

START_TEST(test_leftover_quotes)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=secret\"\n", &pos), "quote left inside the value");
	ck_assert_str_eq(hidden("S=\"'secret'\"\n", &pos),
	    "quote left inside the value");
	ck_assert_uint_eq(pos, 0);
}
END_TEST

START_TEST(test_controls_and_invalid_utf8)
{
	const char *what;
	size_t pos;

	ck_assert_int_eq(secret_hidden_chars("a\x01" "b", &what, &pos), -1);
	ck_assert_str_eq(what, "control character");
	ck_assert_int_eq(secret_hidden_chars("a\xc2\x85" "b", &what, &pos), -1);
	ck_assert_str_eq(what, "C1 control character");
	ck_assert_int_eq(secret_hidden_chars("a\xff" "b", &what, &pos), -1);
	ck_assert_str_eq(what, "invalid UTF-8");
	ck_assert_int_eq(secret_hidden_chars("a\xe2\x80\xae" "b", &what, &pos), -1);
	ck_assert_str_eq(what, "bidirectional control character");
}
END_TEST

START_TEST(test_fingerprint)
{
	char fp[FINGERPRINT_LEN + 1];

	/* SHA-256("abc") = ba7816bf... */
	secret_fingerprint("abc", fp);
	ck_assert_str_eq(fp, "ba7816bf");
	secret_fingerprint("", fp);
	ck_assert_str_eq(fp, "e3b0c442");
}
END_TEST

START_TEST(test_secret_equal)
{
	ck_assert(secret_equal("abc", "abc"));
	ck_assert(!secret_equal("abc", "abd"));
	ck_assert(!secret_equal("abc", "abc "));
}
END_TEST

START_TEST(test_url_parse)
{
	static const char *const http[] = { "http", "https", NULL };
	static const char *const redis[] = { "redis", "rediss", NULL };
	struct url u;
	char *cause = NULL;

	ck_assert_int_eq(url_parse("https://core-api.internal:8443/base", http,
	    &u, &cause), 0);
	ck_assert_str_eq(u.scheme, "https");
	ck_assert_str_eq(u.host, "core-api.internal");
	ck_assert_int_eq(u.port, 8443);
	url_free(&u);
	ck_assert_int_eq(url_parse("redis://:pw@127.0.0.1:6379/2", redis, &u,
	    &cause), 0);
	ck_assert_str_eq(u.password, "pw");
	url_free(&u);
	ck_assert_int_eq(url_parse("ftp://x", http, &u, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "ftp"));
	free(cause);
	ck_assert_int_eq(url_parse("core-api.internal", http, &u, &cause), -1);
	free(cause);
	ck_assert_int_eq(url_parse("http://exa mple.com", http, &u, &cause), -1);
	free(cause);
	ck_assert_int_eq(url_parse("http://", http, &u, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_url_redact)
{
	char *r;

	r = url_redact("postgresql://ingest:s3cr3t@db:5432/ops_db");
	ck_assert_str_eq(r, "postgresql://ingest:***@db:5432/ops_db");
	ck_assert_ptr_null(strstr(r, "s3cr3t"));
	free(r);
	r = url_redact("redis://:pw@127.0.0.1:6379/0");
	ck_assert_str_eq(r, "redis://:***@127.0.0.1:6379/0");
	free(r);
	r = url_redact("http://host/path?q=1");
	ck_assert_str_eq(r, "http://host/path?q=1");
	free(r);
	r = url_host("postgresql://ingest:s3cr3t@db:5432/ops_db");
	ck_assert_str_eq(r, "db:5432");
	free(r);
}
END_TEST

START_TEST(test_sanitize)
{
	char *s;

	s = sanitize_text("a\x1b[31mred\x1b[0m b", 0);
	ck_assert_str_eq(s, "ared b");
	free(s);
	s = sanitize_text("title\x1b]0;pwned\x07 end", 0);
	ck_assert_str_eq(s, "title end");
	free(s);
	s = sanitize_text("bell\x07 c1\xc2\x9b" "31m x\xe2\x80\xaey\n", 0);
	ck_assert_str_eq(s, "bell c131m xy ");
	free(s);
	s = sanitize_text("bad\xff utf8", 0);
	ck_assert_str_eq(s, "bad\xef\xbf\xbd utf8");
	free(s);
	s = sanitize_text("0123456789abcdef", 10);
	ck_assert_uint_le(strlen(s), 10);
	ck_assert_ptr_nonnull(strstr(s, "\xe2\x80\xa6"));
	free(s);
}
END_TEST

static Suite *
secret_suite(void)
{
	Suite *s = suite_create("secret");
	TCase *tc = tcase_create("hidden");
	TCase *tu = tcase_create("url");

	tcase_add_test(tc, test_clean);
	tcase_add_test(tc, test_trailing_space_in_quotes);
	tcase_add_test(tc, test_leading_space_in_quotes);
	tcase_add_test(tc, test_cr);
	tcase_add_test(tc, test_lf);
	tcase_add_test(tc, test_tab);
	tcase_add_test(tc, test_zero_width_space);
	tcase_add_test(tc, test_nbsp);
	tcase_add_test(tc, test_bom_in_value);
	tcase_add_test(tc, test_leftover_quotes);
	tcase_add_test(tc, test_controls_and_invalid_utf8);
	tcase_add_test(tc, test_fingerprint);
	tcase_add_test(tc, test_secret_equal);
	tcase_add_test(tu, test_url_parse);
	tcase_add_test(tu, test_url_redact);
	tcase_add_test(tu, test_sanitize);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tu);
	return s;
}

UNIT_MAIN(secret_suite)
