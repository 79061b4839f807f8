/* Secrets: the hidden characters of F-00 (every code point of the table,
 * and the table against Unicode's own files), fingerprints, URLs (percent-
 * decoding, IPv6) and the text sanitiser. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/envfile.h"
#include "config/hidden_chars.h"
#include "core/sanitize.h"
#include "config/secret.h"
#include "core/text.h"
#include "unit.h"
#include "config/url.h"

/* The value as it reaches the program from an env-file line; "" when clean,
 * else what F-00 says about its first hidden character. */
static const char *
hidden(const char *line, size_t *pos)
{
	static char what_buf[sizeof ((struct hidden_hit *)0)->what];
	struct envfile ef;
	struct hidden_hit hit;
	int r;

	envfile_parse(line, strlen(line), &ef);
	ck_assert_uint_eq(ef.nerrors, 0);
	ck_assert_uint_eq(ef.n, 1);
	r = secret_hidden_chars(ef.entries[0].value, &hit);
	snprintf(what_buf, sizeof what_buf, "%s", r == 0 ? "" : hit.what);
	*pos = r == 0 ? 0 : hit.pos;
	envfile_free(&ef);
	return what_buf;
}

/* What secret_hidden_chars says about a value; "" when clean. */
static const char *
hit_of(const char *value, size_t *pos)
{
	static struct hidden_hit hit;

	if (secret_hidden_chars(value, &hit) == 0)
		return "";
	*pos = hit.pos;
	return hit.what;
}

START_TEST(test_clean)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=sec_0123456789abcdef\n", &pos), "");
	ck_assert_str_eq(hidden("S=\"quoted but clean\"\n", &pos),
	    "U+0020 SPACE inside");
	ck_assert_str_eq(hit_of("caf\xc3\xa9-\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x99\x82"
	    "-\xc2\xa9-\xe2\x80\x90", &pos), "");
}
END_TEST

START_TEST(test_trailing_space_in_quotes)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"secret \"\n", &pos), "U+0020 SPACE at the end");
	ck_assert_uint_eq(pos, 6);
}
END_TEST

START_TEST(test_leading_space_in_quotes)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=' secret'\n", &pos), "U+0020 SPACE at the start");
	ck_assert_uint_eq(pos, 0);
}
END_TEST

START_TEST(test_cr)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"secret\\r\"\n", &pos),
	    "U+000D CARRIAGE RETURN at the end");
	ck_assert_uint_eq(pos, 6);
}
END_TEST

START_TEST(test_lf)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"sec\\nret\"\n", &pos),
	    "U+000A LINE FEED inside");
	ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(test_tab)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"sec\tret\"\n", &pos),
	    "U+0009 CHARACTER TABULATION inside");
}
END_TEST

START_TEST(test_zero_width_space)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=sec\xe2\x80\x8bret\n", &pos),
	    "U+200B ZERO WIDTH SPACE inside");
	ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(test_nbsp)
{
	size_t pos;

	/* dotenv trims an unquoted NBSP at the end (it is \s to JavaScript);
	 * inside the value it stays. */
	ck_assert_str_eq(hidden("S=secret\xc2\xa0\n", &pos), "");
	ck_assert_str_eq(hidden("S=sec\xc2\xa0ret\n", &pos),
	    "U+00A0 NO-BREAK SPACE inside");
	ck_assert_uint_eq(pos, 3);
}
END_TEST

START_TEST(test_bom_in_value)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=\"\xef\xbb\xbfsecret\"\n", &pos),
	    "U+FEFF ZERO WIDTH NO-BREAK SPACE at the start");
	ck_assert_uint_eq(pos, 0);
}
END_TEST

START_TEST(test_leftover_quotes)
{
	size_t pos;

	ck_assert_str_eq(hidden("S=secret\"\n", &pos),
	    "quote \" (U+0022) left in the value, at the end");
	ck_assert_str_eq(hidden("S=\"'secret'\"\n", &pos),
	    "quote ' (U+0027) left in the value, at the start");
	ck_assert_uint_eq(pos, 0);
	ck_assert_str_eq(hidden("S=se`cret\n", &pos),
	    "quote ` (U+0060) left in the value, inside");
	ck_assert_uint_eq(pos, 2);
}
END_TEST

/* The characters issue 10 found passing, at every place in the value. */
START_TEST(test_issue_characters)
{
	static const struct {
		const char *utf8;
		const char *name;
	} cases[] = {
		{ "\xe2\x80\x87", "U+2007 FIGURE SPACE" },
		{ "\xc2\xad", "U+00AD SOFT HYPHEN" },
		{ "\xe3\x80\x80", "U+3000 IDEOGRAPHIC SPACE" },
		{ "\xe2\x81\xa1", "U+2061 FUNCTION APPLICATION" },
		{ "\xe2\x81\xa2", "U+2062 INVISIBLE TIMES" },
		{ "\xe2\x81\xa3", "U+2063 INVISIBLE SEPARATOR" },
		{ "\xe2\x81\xa4", "U+2064 INVISIBLE PLUS" },
		{ "\xef\xb8\x8f", "U+FE0F VARIATION SELECTOR-16" },
		{ "\xf3\xa0\x84\x80", "U+E0100 VARIATION SELECTOR-17" },
		{ "\xf3\xa0\x81\x81", "U+E0041 TAG for 'A'" },
		{ "\xe1\xa0\x8e", "U+180E MONGOLIAN VOWEL SEPARATOR" },
		{ "\xe2\x80\xae", "U+202E RIGHT-TO-LEFT OVERRIDE" },
		{ "\x7f", "U+007F DELETE" },
		{ "\xc2\x85", "U+0085 NEXT LINE" },
		{ "\x01", "U+0001 START OF HEADING" },
	};
	char v[64], want[160];
	size_t pos, n;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = strlen(cases[i].utf8);
		snprintf(v, sizeof v, "%sabc", cases[i].utf8);
		snprintf(want, sizeof want, "%s at the start", cases[i].name);
		ck_assert_str_eq(hit_of(v, &pos), want);
		ck_assert_uint_eq(pos, 0);
		snprintf(v, sizeof v, "abc%sdef", cases[i].utf8);
		snprintf(want, sizeof want, "%s inside", cases[i].name);
		ck_assert_str_eq(hit_of(v, &pos), want);
		ck_assert_uint_eq(pos, 3);
		snprintf(v, sizeof v, "abcd%s", cases[i].utf8);
		snprintf(want, sizeof want, "%s at the end", cases[i].name);
		ck_assert_str_eq(hit_of(v, &pos), want);
		ck_assert_uint_eq(pos, 4);
		(void)n;
	}
}
END_TEST

/* Every code point of the table, at the start, inside and at the end. */
START_TEST(test_every_listed_code_point)
{
	size_t count = 0;

	for (size_t r = 0; r < hidden_char_nranges; r++) {
		for (unsigned cp = hidden_char_ranges[r].lo;
		    cp <= hidden_char_ranges[r].hi; cp++) {
			char v[16], c[4], want[16];
			size_t n, pos = 99;
			struct hidden_hit hit;

			if (cp == 0)	/* a C string cannot hold it */
				continue;
			n = text_utf8_encode(cp, c);
			snprintf(want, sizeof want, "U+%04X ", cp);
			memcpy(v, "ab", 2);
			memcpy(v + 2, c, n);
			memcpy(v + 2 + n, "cd", 3);
			ck_assert_msg(secret_hidden_chars(v, &hit) == -1 &&
			    hit.pos == 2 && strncmp(hit.what, want, strlen(want)) == 0,
			    "U+%04X inside not caught", cp);
			memcpy(v, c, n);
			v[n] = '\0';
			ck_assert_msg(strncmp(hit_of(v, &pos), want, strlen(want)) == 0 &&
			    pos == 0, "U+%04X alone not caught", cp);
			memcpy(v, "xyz", 3);
			memcpy(v + 3, c, n);
			v[3 + n] = '\0';
			ck_assert_msg(strncmp(hit_of(v, &pos), want, strlen(want)) == 0 &&
			    pos == 3, "U+%04X at the end not caught", cp);
			count++;
		}
	}
	/* Unicode 15.0: 4,258 code points less U+0000. */
	ck_assert_uint_eq(count, 4257);
}
END_TEST

/* One Unicode property file: every code point with the property set in set. */
static int
read_property(const char *dir, const char *file, const char *prop,
    unsigned char *set)
{
	char path[512], line[512];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned lo, hi;
		char name[64];

		if (sscanf(line, "%x..%x ; %63[A-Za-z_]", &lo, &hi, name) == 3 ||
		    (sscanf(line, "%x ; %63[A-Za-z_]", &lo, name) == 2 &&
		    (hi = lo, 1))) {
			if (strcmp(name, prop) != 0)
				continue;
			for (unsigned cp = lo; cp <= hi && cp <= 0x10ffff; cp++)
				set[cp] = 1;
			n++;
		}
	}
	fclose(f);
	return n;
}

/* The generated table against the Unicode data on this machine (Debian
 * unicode-data, installed by ./bootstrap): a newer Unicode fails here until
 * build-aux/gen-hidden-chars.py is run again. */
START_TEST(test_table_matches_unicode_data)
{
	const char *dir = getenv("UNICODE_DATA_DIR");
	unsigned char *set = calloc(0x110000, 1);
	unsigned bad = 0, first = 0;
	int a, b;

	if (dir == NULL)
		dir = "/usr/share/unicode";
	ck_assert_ptr_nonnull(set);
	a = read_property(dir, "PropList.txt", "White_Space", set);
	b = read_property(dir, "DerivedCoreProperties.txt",
	    "Default_Ignorable_Code_Point", set);
	if (a < 0 || b < 0) {
		const char *ci = getenv("CI");

		free(set);
		ck_assert_msg(ci == NULL || strcmp(ci, "true") != 0,
		    "%s/PropList.txt or DerivedCoreProperties.txt missing "
		    "(Debian package unicode-data)", dir);
		fprintf(stderr, "check_secret: no Unicode data in %s; the "
		    "cross-check is skipped outside CI\n", dir);
		return;
	}
	ck_assert_int_gt(a, 5);
	ck_assert_int_gt(b, 5);
	for (unsigned cp = 0; cp < 0x20; cp++)
		set[cp] = 1;
	for (unsigned cp = 0x7f; cp < 0xa0; cp++)
		set[cp] = 1;
	for (unsigned cp = 0; cp <= 0x10ffff; cp++) {
		if (hidden_char(cp) == set[cp])
			continue;
		if (bad++ == 0)
			first = cp;
	}
	free(set);
	ck_assert_msg(bad == 0, "%u code points differ from the Unicode data "
	    "in %s, the first U+%04X: run build-aux/gen-hidden-chars.py", bad,
	    dir, first);
}
END_TEST

START_TEST(test_controls_and_invalid_utf8)
{
	size_t pos;

	ck_assert_str_eq(hit_of("a\x01" "b", &pos), "U+0001 START OF HEADING inside");
	ck_assert_str_eq(hit_of("a\xc2\x85" "b", &pos), "U+0085 NEXT LINE inside");
	ck_assert_str_eq(hit_of("a\xff" "b", &pos), "invalid UTF-8 (byte 0xFF)");
	ck_assert_uint_eq(pos, 1);
	ck_assert_str_eq(hit_of("a\xe2\x80", &pos), "invalid UTF-8 (byte 0xE2)");
	ck_assert_str_eq(hit_of("a\xed\xa0\x80", &pos), "invalid UTF-8 (byte 0xED)");
	ck_assert_str_eq(hit_of("a\xc0\xa0", &pos), "invalid UTF-8 (byte 0xC0)");
	ck_assert_str_eq(hit_of("a\xe2\x80\xae" "b", &pos),
	    "U+202E RIGHT-TO-LEFT OVERRIDE inside");
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

/* Users and passwords reach the server percent-decoded; IPv6 in brackets. */
START_TEST(test_url_decoding)
{
	static const char *const redis[] = { "redis", "rediss", NULL };
	static const char *const pg[] = { "postgres", "postgresql", NULL };
	struct url u;
	char *cause = NULL, *h;

	ck_assert_int_eq(url_parse("redis://:p%40ss@[::1]:6379", redis, &u,
	    &cause), 0);
	ck_assert_str_eq(u.password, "p@ss");
	ck_assert_str_eq(u.user, "");
	ck_assert_str_eq(u.host, "::1");
	ck_assert_int_eq(u.port, 6379);
	url_free(&u);
	ck_assert_int_eq(url_parse("redis://default:p%40ss%3Aw%2Frd%25@10.0.0.1/3",
	    redis, &u, &cause), 0);
	ck_assert_str_eq(u.user, "default");
	ck_assert_str_eq(u.password, "p@ss:w/rd%");
	ck_assert_str_eq(u.path, "/3");
	url_free(&u);
	ck_assert_int_eq(url_parse("postgresql://in%67est:%C3%A9t%C3%A9@[2001:db8::5]:5432/ops_db",
	    pg, &u, &cause), 0);
	ck_assert_str_eq(u.user, "ingest");
	ck_assert_str_eq(u.password, "\xc3\xa9t\xc3\xa9");
	ck_assert_str_eq(u.host, "2001:db8::5");
	url_free(&u);
	/* Bad escapes and a NUL are refused, never sent half-decoded; the
	 * cause names no password. */
	ck_assert_int_eq(url_parse("redis://:p%zzss@h:1", redis, &u, &cause), -1);
	ck_assert_ptr_null(strstr(cause, "zz"));
	free(cause);
	ck_assert_int_eq(url_parse("redis://:p%4@h:1", redis, &u, &cause), -1);
	free(cause);
	ck_assert_int_eq(url_parse("redis://:p%00ss@h:1", redis, &u, &cause), -1);
	free(cause);
	ck_assert_int_eq(url_parse("redis://us%zz:pw@h:1", redis, &u, &cause), -1);
	free(cause);
	h = url_host("redis://:p%40ss@[::1]:6379/0");
	ck_assert_str_eq(h, "[::1]:6379");
	free(h);
	h = url_host("redis://[::1]");
	ck_assert_str_eq(h, "[::1]");
	free(h);
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
	/* DEL is a control character too. */
	s = sanitize_text("a\x7f" "b", 0);
	ck_assert_str_eq(s, "ab");
	free(s);
	/* An OSC ended by ST (ESC \\), not BEL: the text after it survives. */
	s = sanitize_text("t\x1b]0;pwned\x1b\\ end", 0);
	ck_assert_str_eq(s, "t end");
	free(s);
	/* A cut never splits a UTF-8 character: 7 bytes of room, "ab" then a
	 * 3-byte character then more; the cut (4 bytes before the ellipsis)
	 * falls inside the character and steps back before it. */
	s = sanitize_text("ab\xe2\x82\xac" "defgh", 7);
	ck_assert_str_eq(s, "ab\xe2\x80\xa6");
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
	tcase_add_test(tc, test_issue_characters);
	tcase_add_test(tc, test_every_listed_code_point);
	tcase_add_test(tc, test_table_matches_unicode_data);
	tcase_add_test(tc, test_fingerprint);
	tcase_add_test(tc, test_secret_equal);
	tcase_add_test(tu, test_url_parse);
	tcase_add_test(tu, test_url_decoding);
	tcase_add_test(tu, test_url_redact);
	tcase_add_test(tu, test_sanitize);
	suite_add_tcase(s, tc);
	suite_add_tcase(s, tu);
	return s;
}

UNIT_MAIN(secret_suite)
