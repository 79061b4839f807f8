/* core-api JSON mapping, fed from fixture files and hostile bodies. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clients/core_api_map.h"
#include "core/fileio.h"
#include "unit.h"
#include "core/util.h"

static char *
fixture(const char *name, size_t *len)
{
	char path[512], *cause = NULL;
	struct buf b;

	snprintf(path, sizeof path, "%s/json/%s", FIXTURES, name);
	ck_assert_msg(fileio_read(path, 1 << 20, &b, &cause) == 0, "%s", cause);
	*len = b.len;
	return buf_take(&b);
}

START_TEST(test_runtime)
{
	size_t len;
	char *body = fixture("runtime.json", &len), *cause = NULL;
	struct runtime_info rt;

	ck_assert_int_eq(map_runtime(body, len, &rt, &cause), 0);
	ck_assert_str_eq(rt.version, "1.4.2");
	ck_assert(rt.have_started_at);
	ck_assert_int_eq((long long)rt.started_at, 1771581600LL);
	ck_assert_int_eq(rt.flag_queue, 1);
	ck_assert_int_eq(rt.flag_replay, 0);
	ck_assert_int_eq(rt.redis_up, 1);
	runtime_info_free(&rt);
	free(body);
}
END_TEST

START_TEST(test_runtime_without_flags)
{
	struct runtime_info rt;
	char *cause = NULL;
	const char body[] = "{\"version\":\"1\"}";

	ck_assert_int_eq(map_runtime(body, strlen(body), &rt, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "flags"));
	free(cause);
}
END_TEST

START_TEST(test_processing)
{
	size_t len;
	char *body = fixture("processing.json", &len), *cause = NULL;
	struct processing_metrics m;

	ck_assert_int_eq(map_processing(body, len, &m, &cause), 0);
	ck_assert_int_eq(m.window_minutes, 60);
	ck_assert_int_eq(m.total, 2000);
	ck_assert_int_eq(m.failed, 42);
	ck_assert_uint_eq(m.nsources, 2);
	ck_assert_str_eq(m.by_source[0].source, "partner-api");
	ck_assert_uint_eq(m.nerrors, 1);
	/* Escape sequences from the backend are gone before anyone draws them. */
	ck_assert_str_eq(m.top_errors[0].error_message,
	    "partner-api timed out after 30s");
	processing_metrics_free(&m);
	free(body);
}
END_TEST

START_TEST(test_processing_inconsistent)
{
	struct processing_metrics m;
	char *cause = NULL;
	const char body[] = "{\"total\":10,\"succeeded\":5,\"failed\":4}";
	const char neg[] = "{\"total\":-1,\"succeeded\":0,\"failed\":0}";
	const char str[] = "{\"total\":\"10\",\"succeeded\":5,\"failed\":5}";

	ck_assert_int_eq(map_processing(body, strlen(body), &m, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(map_processing(neg, strlen(neg), &m, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(map_processing(str, strlen(str), &m, &cause), -1);
	free(cause);
}
END_TEST

/* The window an answer covers, for F-03 to compare with the one asked. */
START_TEST(test_processing_window)
{
	struct processing_metrics m;
	char *cause = NULL;
	const char absent[] = "{\"total\":0,\"succeeded\":0,\"failed\":0}";
	const char thirty[] = "{\"windowMinutes\":30,\"total\":0,"
	    "\"succeeded\":0,\"failed\":0}";
	const char bad[] = "{\"windowMinutes\":\"60\",\"total\":0,"
	    "\"succeeded\":0,\"failed\":0}";

	ck_assert_int_eq(map_processing(absent, strlen(absent), &m, &cause), 0);
	ck_assert_int_eq(m.window_minutes, -1);
	processing_metrics_free(&m);
	ck_assert_int_eq(map_processing(thirty, strlen(thirty), &m, &cause), 0);
	ck_assert_int_eq(m.window_minutes, 30);
	processing_metrics_free(&m);
	ck_assert_int_eq(map_processing(bad, strlen(bad), &m, &cause), -1);
	ck_assert_str_eq(cause, "field 'windowMinutes' is a string, not a "
	    "number");
	free(cause);
}
END_TEST

/* processing with "failed" as the text given (total and succeeded to
 * match when it is a count); the map's answer, *cause on failure. */
static int
processing_failed(const char *failed, char **cause)
{
	struct processing_metrics m;
	char *body = xasprintf("{\"windowMinutes\":60,\"total\":%s,"
	    "\"succeeded\":0,\"failed\":%s}", failed, failed);
	int r = map_processing(body, strlen(body), &m, cause);

	if (r == 0)
		processing_metrics_free(&m);
	free(body);
	return r;
}

/* SPEC section 3: counts are 0 to 2^53 - 1; anything else is refused with
 * the field named, json-c's silent INT64_MAX clamp included. */
START_TEST(test_count_bounds)
{
	static const struct { const char *text, *why; } bad[] = {
		{ "99999999999999999999", "larger than 2^53-1" },
		{ "18446744073709551616", "larger than 2^53-1" },
		{ "9223372036854775807", "larger than 2^53-1" },
		{ "9223372036854775808", "larger than 2^53-1" },
		{ "9007199254740992", "larger than 2^53-1" },
		{ "100000000000000000", "larger than 2^53-1" },
		{ "1e17", "larger than 2^53-1" },
		{ "9007199254740992.0", "larger than 2^53-1" },
		{ "-1", "negative" },
		{ "-99999999999999999999", "negative" },
		{ "-1.0", "negative" },
		{ "1.5", "not a whole number" },
		{ "\"5\"", "a string, not a number" },
		{ "true", "not a number" },
		{ "[1]", "not a number" },
	};
	char *cause = NULL;

	for (size_t i = 0; i < nitems(bad); i++) {
		ck_assert_msg(processing_failed(bad[i].text, &cause) == -1,
		    "%s accepted", bad[i].text);
		ck_assert_msg(strstr(cause, "'total'") != NULL &&
		    strstr(cause, bad[i].why) != NULL, "%s: %s", bad[i].text,
		    cause);
		free(cause);
		cause = NULL;
	}
	ck_assert_int_eq(processing_failed("9007199254740991", &cause), 0);
	ck_assert_int_eq(processing_failed("9007199254740991.0", &cause), 0);
	ck_assert_int_eq(processing_failed("0", &cause), 0);
	ck_assert_int_eq(processing_failed("1e3", &cause), 0);
}
END_TEST

/* The field is named where it sits: nested objects and array entries. */
START_TEST(test_count_named_where_it_sits)
{
	struct queue_metrics q;
	struct processing_metrics m;
	struct replay_counts rc;
	char *cause = NULL;
	const char open_max[] = "{\"windowMinutes\":60,\"queue\":{\"waiting\":0,"
	    "\"active\":0,\"delayed\":0,\"failed\":0},\"dlq\":{\"byStatus\":"
	    "{\"OPEN\":9223372036854775807,\"FAILED\":1,\"REPLAYING\":0,"
	    "\"RESOLVED\":0},\"createdInWindow\":0,\"resolvedInWindow\":0}}";
	const char src[] = "{\"windowMinutes\":60,\"queue\":{\"waiting\":0,"
	    "\"active\":0,\"delayed\":0,\"failed\":0},\"dlq\":{\"byStatus\":"
	    "{\"OPEN\":1,\"FAILED\":1,\"REPLAYING\":0,\"RESOLVED\":0},"
	    "\"createdInWindow\":0,\"resolvedInWindow\":0,\"bySource\":["
	    "{\"source\":\"a\",\"open\":1,\"failed\":0,\"replaying\":0},"
	    "{\"source\":\"b\",\"open\":0,\"failed\":-4,\"replaying\":0}]}}";
	const char top[] = "{\"total\":1,\"succeeded\":0,\"failed\":1,"
	    "\"topErrors\":[{\"errorMessage\":\"x\",\"count\":1e300}]}";
	const char ids[] = "{\"selected\":1,\"replaying\":1,"
	    "\"ids\":[99999999999999999999]}";

	ck_assert_int_eq(map_queue(open_max, strlen(open_max), &q, &cause), -1);
	ck_assert_str_eq(cause, "field 'dlq.byStatus.OPEN' is larger than "
	    "2^53-1 (9007199254740991)");
	free(cause);
	ck_assert_int_eq(map_queue(src, strlen(src), &q, &cause), -1);
	ck_assert_str_eq(cause, "field 'dlq.bySource[1].failed' is negative");
	free(cause);
	ck_assert_int_eq(map_processing(top, strlen(top), &m, &cause), -1);
	ck_assert_str_eq(cause, "field 'topErrors[0].count' is larger than "
	    "2^53-1 (9007199254740991)");
	free(cause);
	ck_assert_int_eq(map_replay(ids, strlen(ids), &rc, &cause), -1);
	ck_assert_ptr_null(rc.ids);
	free(cause);
}
END_TEST

/* F-04 compares the window answered with the one asked, as F-03 does. */
START_TEST(test_queue_window)
{
	struct queue_metrics q;
	char *cause = NULL;
	const char *tail = "\"queue\":{\"waiting\":0,\"active\":0,"
	    "\"delayed\":0,\"failed\":0},\"dlq\":{\"byStatus\":{\"OPEN\":0,"
	    "\"FAILED\":0,\"REPLAYING\":0,\"RESOLVED\":0},"
	    "\"createdInWindow\":0,\"resolvedInWindow\":0}}";
	char *thirty = xasprintf("{\"windowMinutes\":30,%s", tail);
	char *absent = xasprintf("{%s", tail);
	char *bad = xasprintf("{\"windowMinutes\":-30,%s", tail);

	ck_assert_int_eq(map_queue(thirty, strlen(thirty), &q, &cause), 0);
	ck_assert_int_eq(q.window_minutes, 30);
	queue_metrics_free(&q);
	ck_assert_int_eq(map_queue(absent, strlen(absent), &q, &cause), 0);
	ck_assert_int_eq(q.window_minutes, -1);
	queue_metrics_free(&q);
	ck_assert_int_eq(map_queue(bad, strlen(bad), &q, &cause), -1);
	ck_assert_str_eq(cause, "field 'windowMinutes' is negative");
	free(cause);
	free(thirty);
	free(absent);
	free(bad);
}
END_TEST

START_TEST(test_queue)
{
	size_t len;
	char *body = fixture("queue.json", &len), *cause = NULL;
	struct queue_metrics m;

	ck_assert_int_eq(map_queue(body, len, &m, &cause), 0);
	ck_assert_int_eq(m.waiting, 120);
	ck_assert_int_eq(m.dlq_failed, 30);
	ck_assert_int_eq(m.created_in_window, 25);
	ck_assert_int_eq(m.resolved_in_window, 3);
	ck_assert_uint_eq(m.nsources, 1);
	ck_assert_int_eq(m.by_source[0].failed, 24);
	queue_metrics_free(&m);
	free(body);
}
END_TEST

START_TEST(test_queue_missing_parts)
{
	struct queue_metrics m;
	char *cause = NULL;
	const char body[] = "{\"queue\":{\"waiting\":1,\"active\":1,\"delayed\":1,"
	    "\"failed\":1},\"dlq\":{}}";

	ck_assert_int_eq(map_queue(body, strlen(body), &m, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(test_garbage)
{
	static const char *const bodies[] = { "", "<html>proxy error</html>",
	    "{\"total\":", "[1,2,3]", "null", "{\"a\":1} trailing", "\x1b[2J" };
	struct processing_metrics m;

	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		char *cause = NULL;

		ck_assert_int_eq(map_processing(bodies[i], strlen(bodies[i]), &m,
		    &cause), -1);
		ck_assert_ptr_nonnull(cause);
		free(cause);
	}
}
END_TEST

START_TEST(test_error_envelope)
{
	enum code c;
	char *text, *msg;
	const char known[] = "{\"error\":{\"code\":\"INVALID_ADMIN_TOKEN\","
	    "\"message\":\"bad \\u001b]0;x\\u0007token\"}}";
	const char unknown[] = "{\"error\":{\"code\":\"SOMETHING_ELSE\"}}";

	ck_assert_int_eq(map_error(known, strlen(known), &c, &text, &msg), 0);
	ck_assert_int_eq(c, CODE_INVALID_ADMIN_TOKEN);
	ck_assert_str_eq(msg, "bad token");
	free(text);
	free(msg);
	ck_assert_int_eq(map_error(unknown, strlen(unknown), &c, &text, &msg), 0);
	ck_assert_int_eq(c, CODE_NONE);
	ck_assert_str_eq(text, "SOMETHING_ELSE");
	free(text);
	free(msg);
	ck_assert_int_eq(map_error("nope", 4, &c, &text, &msg), -1);
}
END_TEST

START_TEST(test_iso8601)
{
	time_t t;

	ck_assert_int_eq(parse_iso8601("2026-02-20T10:00:00Z", &t), 0);
	ck_assert_int_eq((long long)t, 1771581600LL);
	ck_assert_int_eq(parse_iso8601("2026-02-20T10:00:00.123Z", &t), 0);
	ck_assert_int_eq((long long)t, 1771581600LL);
	ck_assert_int_eq(parse_iso8601("2026-02-20T17:00:00+07:00", &t), 0);
	ck_assert_int_eq((long long)t, 1771581600LL);
	ck_assert_int_eq(parse_iso8601("2026-02-20t10:00:00z", &t), 0);
	ck_assert_int_eq((long long)t, 1771581600LL);
	ck_assert_int_eq(parse_iso8601("2026-02-20T10:00:00-00:00", &t), 0);
	ck_assert_int_eq((long long)t, 1771581600LL);
	ck_assert_int_eq(parse_iso8601("2024-02-29T00:00:00Z", &t), 0);
	ck_assert_int_eq(parse_iso8601("2026-02-20 10:00", &t), -1);
	ck_assert_int_eq(parse_iso8601("2026-02-20T10:00:00", &t), -1);
}
END_TEST

/* SPEC section 3: no zone, a date alone, words, or fields out of range are
 * not an RFC 3339 time. */
START_TEST(test_iso8601_strict)
{
	static const char *const bad[] = {
		"2026-02-20", "yesterday", "", "2026-02-20T10:00:00.Z",
		"2026-02-20T10:00:00+0700", "2026-02-20T10:00:00+07",
		"2026-2-20T10:00:00Z", " 2026-02-20T10:00:00Z",
		"2026-02-20T10:00:00Z ", "2026-13-01T00:00:00Z",
		"2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
		"2026-02-20T24:00:00Z", "2026-02-20T10:60:00Z",
		"2026-02-20T10:00:61Z", "2026-02-20T10:00:00+24:00",
		"2026-02-20T10:00:00+07:60", "+2026-02-20T10:00:00Z",
		"2026-02-20T1:00:00Z", "2026-02-20T10:00:00ZZ",
	};
	time_t t;

	for (size_t i = 0; i < nitems(bad); i++)
		ck_assert_msg(parse_iso8601(bad[i], &t) == -1, "'%s' accepted",
		    bad[i]);
}
END_TEST

/* A startedAt that is not one is told apart from an absent one. */
START_TEST(test_runtime_started_at)
{
	struct runtime_info rt;
	char *cause = NULL;
	const char nozone[] = "{\"startedAt\":\"2026-02-20T10:00:00\","
	    "\"flags\":{}}";
	const char absent[] = "{\"flags\":{}}";
	const char number[] = "{\"startedAt\":1771581600,\"flags\":{}}";

	ck_assert_int_eq(map_runtime(nozone, strlen(nozone), &rt, &cause), 0);
	ck_assert_int_eq(rt.have_started_at, -1);
	ck_assert_str_eq(rt.started_at_text, "2026-02-20T10:00:00");
	runtime_info_free(&rt);
	ck_assert_int_eq(map_runtime(absent, strlen(absent), &rt, &cause), 0);
	ck_assert_int_eq(rt.have_started_at, 0);
	runtime_info_free(&rt);
	ck_assert_int_eq(map_runtime(number, strlen(number), &rt, &cause), 0);
	ck_assert_int_eq(rt.have_started_at, -1);
	runtime_info_free(&rt);
}
END_TEST

START_TEST(test_signature_and_replay)
{
	int valid;
	struct replay_counts rc;
	char *cause = NULL;

	ck_assert_int_eq(map_signature("{\"valid\":true}", 14, &valid, &cause), 0);
	ck_assert_int_eq(valid, 1);
	ck_assert_int_eq(map_signature("{}", 2, &valid, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(map_replay("{\"selected\":3,\"replaying\":3}", 28, &rc,
	    &cause), 0);
	ck_assert_int_eq(rc.selected, 3);
	ck_assert_uint_eq(rc.nids, 0);
	ck_assert_int_eq(map_replay("{\"selected\":2,\"replaying\":2,"
	    "\"ids\":[7,9]}", 40, &rc, &cause), 0);
	ck_assert_uint_eq(rc.nids, 2);
	ck_assert_int_eq(rc.ids[0], 7);
	ck_assert_int_eq(rc.ids[1], 9);
	replay_counts_free(&rc);
	ck_assert_int_eq(map_replay("{\"selected\":1,\"replaying\":1,"
	    "\"ids\":[\"7\"]}", 40, &rc, &cause), -1);
	ck_assert_ptr_null(rc.ids);
	free(cause);
}
END_TEST

static Suite *
map_suite(void)
{
	Suite *s = suite_create("core_api_map");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, test_runtime);
	tcase_add_test(tc, test_runtime_without_flags);
	tcase_add_test(tc, test_processing);
	tcase_add_test(tc, test_processing_window);
	tcase_add_test(tc, test_processing_inconsistent);
	tcase_add_test(tc, test_queue);
	tcase_add_test(tc, test_queue_missing_parts);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_error_envelope);
	tcase_add_test(tc, test_iso8601);
	tcase_add_test(tc, test_signature_and_replay);
	tcase_add_test(tc, test_count_bounds);
	tcase_add_test(tc, test_count_named_where_it_sits);
	tcase_add_test(tc, test_queue_window);
	tcase_add_test(tc, test_iso8601_strict);
	tcase_add_test(tc, test_runtime_started_at);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(map_suite)
