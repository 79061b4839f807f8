/* URL parsing: each step url_parse takes (text, parts, normalizing, scheme)
 * and the redaction of credentials. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "config/url.h"
#include "unit.h"

static const char *const http_schemes[] = { "http", "https", NULL };
static const char *const redis_schemes[] = { "redis", "rediss", NULL };

/* url_parse's cause for s, or "" when it parses; caller frees. */
static char *
refusal(const char *s, const char *const *schemes)
{
	struct url u;
	char *cause = NULL;

	if (url_parse(s, schemes, &u, &cause) == 0) {
		ck_assert_ptr_null(cause);
		url_free(&u);
		return strdup("");
	}
	ck_assert_ptr_nonnull(cause);
	return cause;
}

#define ck_refused(s, schemes, want)                                    \
	do {                                                            \
		char *why_ = refusal(s, schemes);                       \
		ck_assert_str_eq(why_, want);                           \
		free(why_);                                             \
	} while (0)

START_TEST(test_parts)
{
	struct url u;
	char *cause = NULL;

	ck_assert_int_eq(url_parse("REDIS://ops:p%40ss@cache.internal:6380/0",
	    redis_schemes, &u, &cause), 0);
	ck_assert_str_eq(u.scheme, "redis");
	ck_assert_str_eq(u.user, "ops");
	ck_assert_str_eq(u.password, "p@ss");
	ck_assert_str_eq(u.host, "cache.internal");
	ck_assert_int_eq(u.port, 6380);
	ck_assert_str_eq(u.path, "/0");
	url_free(&u);

	ck_assert_int_eq(url_parse("http://[::1]:8080", NULL, &u, &cause), 0);
	ck_assert_str_eq(u.host, "::1");
	ck_assert_int_eq(u.port, 8080);
	ck_assert_str_eq(u.path, "/");
	ck_assert_ptr_null(u.user);
	ck_assert_ptr_null(u.password);
	url_free(&u);
}
END_TEST

START_TEST(test_refusals)
{
	ck_refused("http://h/a b", NULL,
	    "contains white space or control characters");
	ck_refused("http://h/\x01", NULL,
	    "contains white space or control characters");
	ck_refused("cache.internal:6379", NULL,
	    "not an absolute URL (scheme://host...)");
	ck_refused("redis://ops:p%zz@h:6379", redis_schemes,
	    "bad percent-encoding in the password");
	ck_refused("redis://ops:p%00@h:6379", redis_schemes,
	    "bad percent-encoding in the password");
	ck_refused("redis://o%4@h:6379", redis_schemes,
	    "bad percent-encoding in the user name");
	ck_refused("ftp://h/x", http_schemes,
	    "scheme ftp:// is not one of http://, https://");
	ck_refused("https://h/x", http_schemes, "");
}
END_TEST

/* SPEC section 3: ports 1-65535 only, port 0 included, offline too. */
START_TEST(test_port_range)
{
	ck_refused("redis://h:0/0", redis_schemes,
	    "port 0 is not from 1 to 65535");
	ck_refused("redis://h:65536/0", redis_schemes,
	    "the port is not a number from 1 to 65535");
	ck_refused("http://h:99999", http_schemes,
	    "the port is not a number from 1 to 65535");
	ck_refused("redis://h:1/0", redis_schemes, "");
	ck_refused("redis://h:65535/0", redis_schemes, "");
}
END_TEST

/* url_redis_check's cause for s, or "" when it passes; caller frees. */
static char *
redis_refusal(const char *s, long *db)
{
	struct url u;
	char *cause = NULL;

	ck_assert_int_eq(url_parse(s, redis_schemes, &u, &cause), 0);
	if (url_redis_check(&u, db, &cause) == 0) {
		url_free(&u);
		return strdup("");
	}
	url_free(&u);
	return cause;
}

START_TEST(test_redis_rules)
{
	long db = -1;
	char *why;

	why = redis_refusal("rediss://:pw@h:6380/0", &db);
	ck_assert_ptr_nonnull(strstr(why, "rediss:// (TLS) is not supported"));
	free(why);
	why = redis_refusal("redis://h:6379/abc", &db);
	ck_assert_str_eq(why, "the database in the URL path is not a whole "
	    "number (redis://host:port/0)");
	free(why);
	why = redis_refusal("redis://h:6379/-1", &db);
	ck_assert_str_ne(why, "");
	free(why);
	why = redis_refusal("redis://h:6379/1/", &db);
	ck_assert_str_ne(why, "");
	free(why);
	why = redis_refusal("redis://h:6379/7", &db);
	ck_assert_str_eq(why, "");
	ck_assert_int_eq(db, 7);
	free(why);
	why = redis_refusal("redis://h:6379", &db);
	ck_assert_str_eq(why, "");
	ck_assert_int_eq(db, 0);
	free(why);
}
END_TEST

/* 1 when s is plain http:// off loopback (with the cause checked). */
static int
cleartext(const char *s)
{
	struct url u;
	char *cause = NULL;
	int r;

	ck_assert_int_eq(url_parse(s, http_schemes, &u, &cause), 0);
	r = url_cleartext_remote(&u, &cause);
	if (r) {
		ck_assert_ptr_nonnull(strstr(cause, "cleartext"));
		free(cause);
	} else
		ck_assert_ptr_null(cause);
	url_free(&u);
	return r;
}

/* Issue 25 item 5: the admin token never crosses a network in cleartext. */
START_TEST(test_cleartext_remote)
{
	ck_assert_int_eq(cleartext("http://core-api.internal:8080"), 1);
	ck_assert_int_eq(cleartext("http://10.0.0.5:8080/base"), 1);
	ck_assert_int_eq(cleartext("http://[2001:db8::1]:8080"), 1);
	ck_assert_int_eq(cleartext("http://128.0.0.1"), 1);
	ck_assert_int_eq(cleartext("http://localhost.example.com"), 1);
	ck_assert_int_eq(cleartext("http://127.0.0.1:8080"), 0);
	ck_assert_int_eq(cleartext("http://127.9.9.9"), 0);
	ck_assert_int_eq(cleartext("http://LOCALHOST:1"), 0);
	ck_assert_int_eq(cleartext("http://[::1]:8080"), 0);
	ck_assert_int_eq(cleartext("http://[::ffff:127.0.0.1]:8080"), 0);
	ck_assert_int_eq(cleartext("https://core-api.internal:8443"), 0);
	ck_assert_int_eq(cleartext("HTTP://core-api.internal"), 1);
}
END_TEST

/* A refusal never carries the password. */
START_TEST(test_cause_without_password)
{
	char *why = refusal("postgres://ops:hunter2%zz@db/x", NULL);

	ck_assert_ptr_null(strstr(why, "hunter2"));
	ck_assert_str_ne(why, "");
	free(why);
}
END_TEST

START_TEST(test_redact_and_host)
{
	char *s;

	s = url_redact("redis://ops:secret@h:6379/0");
	ck_assert_str_eq(s, "redis://ops:***@h:6379/0");
	free(s);
	s = url_redact("http://h:80/x");
	ck_assert_str_eq(s, "http://h:80/x");
	free(s);
	/* A raw '@' in the password (not percent-encoded): the last '@' before
	 * the path ends the credentials, so no part of the password shows. */
	s = url_redact("redis://:p@ss@h:6379/0");
	ck_assert_str_eq(s, "redis://:***@h:6379/0");
	free(s);
	s = url_redact("postgresql://ingest:a@b@c@db:5432/ops_db?x=@y");
	ck_assert_str_eq(s, "postgresql://ingest:***@db:5432/ops_db?x=@y");
	free(s);
	/* A user with no password is not a secret; nor is an '@' in the path. */
	s = url_redact("redis://ops@h:6379/0");
	ck_assert_str_eq(s, "redis://ops@h:6379/0");
	free(s);
	s = url_redact("http://h/a:b@c");
	ck_assert_str_eq(s, "http://h/a:b@c");
	free(s);
	s = url_host("http://[::1]:8080/x");
	ck_assert_str_eq(s, "[::1]:8080");
	free(s);
	s = url_host("redis://ops:secret@cache:6380");
	ck_assert_str_eq(s, "cache:6380");
	free(s);
	s = url_host("not a url");
	ck_assert_str_eq(s, "(invalid URL)");
	free(s);
}
END_TEST

START_TEST(test_redact_library_text)
{
	/* What libpq 15 says of URIs it cannot parse: the whole URI, or the
	 * password alone (issue 25 item 4). */
	static const struct { const char *msg, *url; } cases[] = {
		{ "end of string reached when looking for matching \"]\" in "
		  "IPv6 host address in URI: \"postgresql://u:S3cretPw@[::1/db\"",
		  "postgresql://u:S3cretPw@[::1/db" },
		{ "invalid percent-encoded token: \"S3cret%zzPw\"",
		  "postgresql://u:S3cret%zzPw@h/db" },
		{ "could not translate host name \"x\" to address; "
		  "password=S3cretPw given", "host=x password=S3cretPw" },
		{ "see redis://:S3cretPw@h:6379/0 and postgres://a:S3cretPw@b/c",
		  NULL },
		{ "invalid URI query parameter: \"password=S3cretPw\"",
		  "postgresql://h/db?password=S3cretPw" },
		{ "decoded too: S3cret@Pw", "postgresql://u:S3cret%40Pw@h/db" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = url_redact_text(cases[i].msg, cases[i].url);

		ck_assert_msg(strstr(s, "S3cret") == NULL, "leaked: %s", s);
		ck_assert_msg(strstr(s, "***") != NULL, "%s", s);
		free(s);
	}
	{
		char *s = url_redact_text("connection refused at h:5432", NULL);

		ck_assert_str_eq(s, "connection refused at h:5432");
		free(s);
	}
}
END_TEST

static Suite *
url_suite(void)
{
	Suite *s = suite_create("url");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parts);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_cause_without_password);
	tcase_add_test(tc, test_redact_and_host);
	tcase_add_test(tc, test_port_range);
	tcase_add_test(tc, test_redis_rules);
	tcase_add_test(tc, test_cleartext_remote);
	tcase_add_test(tc, test_redact_library_text);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(url_suite)
