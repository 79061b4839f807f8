/* The replay rules both faces share: field validation, the limit, the
 * operator, the confirmation question and its answer, and the audit lines
 * around a request (intent before, outcome after, none lost silently). */
#include "config.h"

#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "replay/replay.h"
#include "unit.h"
#include "core/util.h"

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/ig-replay-%ld", (long)getpid());
	mkdir(dir, 0755);
	setenv("USER", "carol", 1);
	unsetenv("LOGNAME");
}

static void
teardown(void)
{
	unit_rm_tree(dir);
}

/* A valid request with the given limit text; 0 when accepted. */
static int
with_limit(const char *limit, struct replay_req *rq, char **cause)
{
	struct replay_fields f = { "MANAGER", "FAILED", NULL, NULL, limit,
	    NULL, "core.example:8443" };

	return replay_req_set(rq, &f, cause);
}

START_TEST(test_limit)
{
	static const char *const bad[] = { "", "0", "-1", "+5", " 5", "5 ", "5x",
	    "1e3", "0x10", "100001", "99999999999999999999", "2.5" };
	struct replay_req rq;
	char *cause = NULL;
	long v;

	ck_assert_int_eq(with_limit("1", &rq, &cause), 0);
	ck_assert_int_eq(rq.limit, 1);
	ck_assert_int_eq(with_limit("100000", &rq, &cause), 0);
	ck_assert_int_eq(rq.limit, REPLAY_LIMIT_MAX);
	ck_assert_int_eq(with_limit(NULL, &rq, &cause), 0);
	ck_assert_int_eq(rq.limit, REPLAY_LIMIT_DEFAULT);
	for (size_t i = 0; i < nitems(bad); i++) {
		ck_assert_msg(with_limit(bad[i], &rq, &cause) == -1,
		    "limit '%s' accepted", bad[i]);
		ck_assert_ptr_nonnull(strstr(cause, "limit must be a whole "
		    "number from 1 to 100000"));
		free(cause);
		cause = NULL;
	}
	ck_assert_int_eq(replay_limit_parse("", &v, &cause), -1);
	ck_assert_str_eq(cause, "limit must be a whole number from 1 to 100000 "
	    "(got nothing)");
	free(cause);
	cause = NULL;
	ck_assert_int_eq(replay_limit_parse("0", &v, &cause), -1);
	ck_assert_str_eq(cause, "limit must be a whole number from 1 to 100000 "
	    "(got '0')");
	free(cause);
}
END_TEST

START_TEST(test_fields)
{
	struct replay_fields f = { "admin", "open", "partner-api", "api", "7",
	    NULL, "core.example:8443" };
	struct replay_req rq;
	char *cause = NULL;

	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), 0);
	ck_assert_str_eq(rq.role, "ADMIN");
	ck_assert_str_eq(rq.status, "OPEN");
	ck_assert_str_eq(rq.source, "partner-api");
	ck_assert_str_eq(rq.channel, "api");
	ck_assert_str_eq(rq.host, "core.example:8443");
	ck_assert_int_ne(rq.id[0], '\0');

	f.status = "CLOSED";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), -1);
	ck_assert_str_eq(cause, "status must be OPEN or FAILED (got 'CLOSED')");
	free(cause);
	f.status = "OPEN";
	f.role = "VIEWER";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "role must be MANAGER or ADMIN"));
	free(cause);
	f.role = "MANAGER";
	f.source = "evil\033[2J";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "source must be printable text"));
	ck_assert_ptr_null(strchr(cause, '\033'));
	free(cause);
	f.source = "";
	f.channel = "";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), 0);
	ck_assert_str_eq(rq.source, "");
}
END_TEST

/* The edges of a filter: DEL (0x7f) is a control character too, and a
 * source fills at most 127 bytes of its 128 (no silent cut). */
START_TEST(test_filter_edges)
{
	struct replay_fields f = { "ADMIN", "OPEN", NULL, NULL, NULL, NULL,
	    "core.example:8443" };
	struct replay_req rq;
	char *cause = NULL, src[129];

	f.source = "partner\x7f";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "source must be printable text"));
	free(cause);
	cause = NULL;
	f.source = NULL;
	f.channel = "\x7f" "api";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "channel must be printable text"));
	free(cause);
	cause = NULL;
	f.channel = NULL;
	f.source = "partner\x1f";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), -1);
	free(cause);
	cause = NULL;
	/* Non-ASCII text is printable: not refused as a control byte. */
	f.source = "sumber-\xc3\xa9";
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), 0);

	memset(src, 's', sizeof src);
	src[127] = '\0';
	f.source = src;
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), 0);
	ck_assert_uint_eq(strlen(rq.source), 127);
	src[127] = 's';
	src[128] = '\0';
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), -1);
	ck_assert_str_eq(cause, "source is longer than 127 bytes");
	free(cause);
}
END_TEST

START_TEST(test_operator)
{
	char out[64];

	replay_operator_pick("dina", "carol", "lee", out, sizeof out);
	ck_assert_str_eq(out, "dina");
	replay_operator_pick(NULL, "carol", "lee", out, sizeof out);
	ck_assert_str_eq(out, "carol");
	replay_operator_pick("", "", "lee", out, sizeof out);
	ck_assert_str_eq(out, "lee");
	replay_operator_pick("  ", NULL, "lee", out, sizeof out);
	ck_assert_str_eq(out, "lee");
	replay_operator_pick(NULL, NULL, NULL, out, sizeof out);
	ck_assert_str_eq(out, "unknown");
	replay_operator_pick("", "", "", out, sizeof out);
	ck_assert_str_eq(out, "unknown");
	replay_operator_pick("x\033]0;t\007y", NULL, NULL, out, sizeof out);
	ck_assert_ptr_null(strchr(out, '\033'));

	unsetenv("USER");
	setenv("LOGNAME", "lee", 1);
	replay_operator_resolve(NULL, out, sizeof out);
	ck_assert_str_eq(out, "lee");
	unsetenv("LOGNAME");
	replay_operator_resolve(NULL, out, sizeof out);
	ck_assert_str_eq(out, "unknown");
	replay_operator_resolve("dina", out, sizeof out);
	ck_assert_str_eq(out, "dina");
}
END_TEST

START_TEST(test_confirm_match)
{
	static const char *const refused[] = { "y", "Y", "YES", "Yes", "yes!",
	    "no", "", "  ", "030", "+30", "29", "31", "30.0", "3 0", "yess",
	    "yes 30" };

	ck_assert_int_eq(replay_confirm_match("yes", 30), 1);
	ck_assert_int_eq(replay_confirm_match("yes\n", 30), 1);
	ck_assert_int_eq(replay_confirm_match("  yes  \r\n", 30), 1);
	ck_assert_int_eq(replay_confirm_match("30", 30), 1);
	ck_assert_int_eq(replay_confirm_match("30\n", 30), 1);
	for (size_t i = 0; i < nitems(refused); i++)
		ck_assert_msg(replay_confirm_match(refused[i], 30) == 0,
		    "'%s' accepted", refused[i]);
	ck_assert_int_eq(replay_confirm_match(NULL, 30), 0);
	/* Nothing to replay is never confirmed, not even by "yes" or "0". */
	ck_assert_int_eq(replay_confirm_match("yes", 0), 0);
	ck_assert_int_eq(replay_confirm_match("0", 0), 0);
}
END_TEST

START_TEST(test_confirm_text)
{
	struct replay_fields f = { "MANAGER", "FAILED", "partner-api", NULL,
	    "50", "dina", "core.example:8443" };
	struct replay_req rq;
	char *cause = NULL, *q;

	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), 0);
	q = replay_confirm_text(&rq, 24);
	ck_assert_str_eq(q, "Replay 24 FAILED DLQ entries (source "
	    "\"partner-api\", channel any, limit 50) on core.example:8443 as "
	    "MANAGER? They move to REPLAYING (operator dina). Type yes or 24 "
	    "to confirm");
	free(q);
}
END_TEST

static json_object *
audit_line(int n)
{
	char path[128], line[2048];
	json_object *o = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/audit/replay.log", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	for (int i = 0; i <= n && fgets(line, sizeof line, f) != NULL; i++)
		if (i == n)
			o = json_tokener_parse(line);
	fclose(f);
	return o;
}

static const char *
field(json_object *o, const char *k)
{
	json_object *v;

	if (!json_object_object_get_ex(o, k, &v))
		return "(missing)";
	return v == NULL ? "null" : json_object_get_string(v);
}

/* No client (as when core-api's URL is unusable): still an intent line,
 * then an outcome line that carries the error. */
START_TEST(test_run_audits_intent_and_outcome)
{
	struct replay_fields f = { "ADMIN", "OPEN", NULL, "api", "5", "dina",
	    "core.example:8443" };
	struct replay_counts rc;
	struct replay_req rq;
	struct api_error err;
	char *cause = NULL;
	json_object *in, *out;

	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), 0);
	api_error_set(&err, CODE_CORE_API_UNREACHABLE, 0, "no answer from %s",
	    "core.example:8443");
	ck_assert_int_eq(replay_run(NULL, dir, &rq, 0, 5, &rc, &err, &cause),
	    -1);
	ck_assert_ptr_null(cause);
	in = audit_line(0);
	out = audit_line(1);
	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	ck_assert_str_eq(field(in, "phase"), "intent");
	ck_assert_str_eq(field(in, "outcome"), "null");
	ck_assert_str_eq(field(in, "confirmed"), "5");
	ck_assert_str_eq(field(in, "operator"), "dina");
	ck_assert_str_eq(field(in, "channel"), "api");
	ck_assert_str_eq(field(in, "source"), "null");
	ck_assert_str_eq(field(out, "phase"), "outcome");
	ck_assert_str_eq(field(out, "outcome"), "CORE_API_UNREACHABLE");
	ck_assert_str_eq(field(out, "error"), "no answer from core.example:8443");
	ck_assert_str_eq(field(out, "id"), field(in, "id"));
	json_object_put(in);
	json_object_put(out);

	ck_assert_int_eq(replay_audit_decision(dir, &rq, 0, "nothing to replay",
	    &cause), 0);
	in = audit_line(2);
	ck_assert_str_eq(field(in, "phase"), "decision");
	ck_assert_str_eq(field(in, "outcome"), "nothing to replay");
	json_object_put(in);
}
END_TEST

/* An intent that cannot be recorded stops the request before it is made. */
START_TEST(test_run_refuses_without_audit)
{
	struct replay_fields f = { "ADMIN", "OPEN", NULL, NULL, NULL, NULL,
	    "core.example:8443" };
	struct replay_counts rc;
	struct replay_req rq;
	struct api_error err;
	char *cause = NULL, blocked[128];
	FILE *fp;

	snprintf(blocked, sizeof blocked, "%s/file", dir);
	fp = fopen(blocked, "w");
	ck_assert_ptr_nonnull(fp);
	fclose(fp);
	ck_assert_int_eq(replay_req_set(&rq, &f, &cause), 0);
	memset(&err, 0, sizeof err);
	ck_assert_int_eq(replay_run(NULL, blocked, &rq, 1, 0, &rc, &err,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "nothing was asked of "
	    "core-api: the audit log cannot be written"));
	ck_assert_ptr_null(cause);
}
END_TEST

static Suite *
replay_suite(void)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_limit);
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_filter_edges);
	tcase_add_test(tc, test_operator);
	tcase_add_test(tc, test_confirm_match);
	tcase_add_test(tc, test_confirm_text);
	tcase_add_test(tc, test_run_audits_intent_and_outcome);
	tcase_add_test(tc, test_run_refuses_without_audit);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(replay_suite)
