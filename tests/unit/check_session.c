/* Sessions (issue 26): the delta encoding of frames (encode, then apply,
 * gives the frame back; a quiet frame costs nothing; a sliding history is
 * written as what it gained), a recording written and read back (rotation,
 * secrets redacted, a cut last line), and the write-up, line by line. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/json_read.h"
#include "core/util.h"
#include "session/session_delta.h"
#include "session/session_handover.h"
#include "session/session_read.h"
#include "session/session_record.h"
#include "session/session_report.h"
#include "unit.h"

static json_object *
J(const char *text)
{
	json_object *o = NULL;
	char *cause = NULL;

	if (json_read(text, strlen(text), &o, &cause) != 0)
		ck_abort_msg("bad fixture %s: %s", text, cause);
	return o;
}

/* A fixture the recorder borrows: freed by E_free once the recording is
 * closed. */
static json_object *kept[16];
static int nkept;

static json_object *
E(const char *text)
{
	ck_assert_int_lt(nkept, 16);
	return kept[nkept++] = J(text);
}

static void
E_free(void)
{
	while (nkept > 0)
		json_object_put(kept[--nkept]);
}

static const char *
S(json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
}

/* encode(prev, cur) then apply gives cur; the delta is as expected. */
static void
roundtrip(const char *prev, const char *cur, const char *want_delta)
{
	json_object *p = prev ? J(prev) : NULL, *c = J(cur), *d, *back;
	char *cause = NULL;

	d = session_delta_encode(p, c);
	if (want_delta != NULL)
		ck_assert_str_eq(S(d), want_delta);
	back = session_delta_apply(p, d, &cause);
	ck_assert_msg(back != NULL, "apply: %s", cause);
	ck_assert_msg(json_object_equal(back, c), "%s != %s", S(back), S(c));
	/* In place too, as the player steps. */
	if (p != NULL) {
		ck_assert_int_eq(session_delta_apply_into(p, d, &cause), 0);
		ck_assert_msg(json_object_equal(p, c), "into: %s", S(p));
	}
	json_object_put(p);
	json_object_put(c);
	json_object_put(d);
	json_object_put(back);
}

START_TEST(delta_quiet_frame_is_empty)
{
	roundtrip("{\"a\":1,\"b\":{\"c\":[1,2],\"d\":null}}",
	    "{\"a\":1,\"b\":{\"c\":[1,2],\"d\":null}}", "{}");
}
END_TEST

START_TEST(delta_nested_change_only)
{
	roundtrip("{\"res\":{\"processing\":{\"verdict\":\"PASS\",\"age\":0,"
	    "\"metrics\":{\"total\":10}}},\"host\":\"h\"}",
	    "{\"res\":{\"processing\":{\"verdict\":\"FAIL\",\"age\":0,"
	    "\"metrics\":{\"total\":10}}},\"host\":\"h\"}",
	    "{\"res\":{\"processing\":{\"verdict\":\"FAIL\"}}}");
}
END_TEST

START_TEST(delta_removed_and_added_keys)
{
	roundtrip("{\"a\":1,\"b\":2,\"n\":{\"x\":1}}",
	    "{\"a\":1,\"c\":3,\"n\":{}}",
	    "{\"c\":3,\"n\":{\"~del\":[\"x\"]},\"~del\":[\"b\"]}");
}
END_TEST

START_TEST(delta_sliding_history)
{
	roundtrip("{\"rate\":[1,2,3,4]}", "{\"rate\":[2,3,4,5,6]}",
	    "{\"rate\":{\"~a\":[1,[5,6]]}}");
	roundtrip("{\"rate\":[]}", "{\"rate\":[7]}", "{\"rate\":[7]}");
	/* Not a slide: replaced whole. */
	roundtrip("{\"rate\":[1,2,3]}", "{\"rate\":[4,5]}",
	    "{\"rate\":[4,5]}");
}
END_TEST

START_TEST(delta_nulls_and_types)
{
	roundtrip("{\"a\":null,\"b\":1,\"c\":{\"d\":1}}",
	    "{\"a\":{\"x\":1},\"b\":null,\"c\":[1]}", NULL);
	roundtrip("{\"a\":{\"x\":1}}", "{\"a\":null}", "{\"a\":null}");
	roundtrip(NULL, "{\"a\":[1,{\"b\":2}]}", "{\"a\":[1,{\"b\":2}]}");
}
END_TEST

START_TEST(delta_refuses_a_misfit)
{
	json_object *p = J("{\"rate\":[1]}"), *d = J("{\"rate\":{\"~a\":[5,[1]]}}");
	char *cause = NULL;

	ck_assert_ptr_null(session_delta_apply(p, d, &cause));
	ck_assert_ptr_nonnull(cause);
	free(cause);
	json_object_put(p);
	json_object_put(d);
}
END_TEST

static char dir[sizeof "/tmp/check_session.XXXXXX"];

/* A fresh scratch folder per test: without a fork (CK_FORK=no, as under
 * valgrind) the template must be new each time. */
static char *
scratch(void)
{
	memcpy(dir, "/tmp/check_session.XXXXXX", sizeof dir);
	return mkdtemp(dir);
}

static char *
only_file(const char *sub)
{
	char *cmd = xasprintf("ls %s/sessions/%s/*.jsonl | head -1", dir, sub);
	FILE *p = popen(cmd, "r");
	char line[512] = "";

	ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
	pclose(p);
	free(cmd);
	line[strcspn(line, "\n")] = '\0';
	return xstrdup(line);
}

/* A session at fixed times: a failure appears at +10 s, the playbook and a
 * live check at +20 s, a gate run at +30 s, the failure clears at +40 s. */
#define T0 1796350380	/* 2026-12-04T02:13:00Z */

static json_object *
frame(const char *verdict)
{
	char *t = xasprintf("{\"res\":{\"processing\":{\"gate\":\"processing\","
	    "\"verdict\":\"%s\",\"age\":0}},\"rate\":[0.5],\"host\":\"h:1\"}",
	    verdict);
	json_object *o = J(t);

	free(t);
	return o;
}

static void
write_session(const char *secret)
{
	struct session_rec *r;
	char *cause = NULL;
	json_object *f, *h = J("{\"batch\":\"F-1\",\"host\":\"h:1\"}");
	const char *secrets[] = { secret };

	r = session_rec_open(dir, "prod/eu", "dina", T0, h, &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	session_rec_secrets(r, secrets, 1);
	f = frame("PASS");
	ck_assert_int_eq(session_rec_frame(r, T0, f, E("[{\"type\":\"verdict\","
	    "\"gate\":\"processing\",\"to\":\"PASS\"}]"), &cause), 0);
	json_object_put(f);
	f = frame("FAIL");
	session_rec_frame(r, T0 + 10, f, E("[{\"type\":\"verdict\",\"gate\":"
	    "\"processing\",\"from\":\"PASS\",\"to\":\"FAIL\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\"}]"), &cause);
	session_rec_event(r, T0 + 20, E("{\"type\":\"playbook\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\",\"by\":\"dina\"}"), &cause);
	session_rec_frame(r, T0 + 21, f, E("[{\"type\":\"live\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\",\"step\":2,\"ok\":false,\"text\":"
	    "\"FAIL with token sekret-123\",\"by\":\"dina\"}]"), &cause);
	session_rec_frame(r, T0 + 30, f, E("[{\"type\":\"gate\",\"gate\":"
	    "\"processing\",\"verdict\":\"FAIL\",\"code\":"
	    "\"PROCESSING_SUCCESS_RATE_LOW\",\"reportMd\":\"reports/gates/"
	    "ingest-processing/p.md\",\"by\":\"dina\"}]"), &cause);
	json_object_put(f);
	f = frame("PASS");
	session_rec_frame(r, T0 + 40, f, E("[{\"type\":\"verdict\",\"gate\":"
	    "\"processing\",\"from\":\"FAIL\",\"to\":\"PASS\"}]"), &cause);
	json_object_put(f);
	session_rec_close(r, T0 + 50, "quit");
	E_free();
}

START_TEST(record_and_read_back)
{
	char *path, *cause = NULL;
	struct session_file *sf;
	struct buf b = { NULL, 0, 0 };
	json_object *st;

	ck_assert_ptr_nonnull(scratch());
	write_session("sekret-123");
	path = only_file("prod_eu");
	ck_assert(strstr(path, "/sessions/prod_eu/20261204T021300Z.jsonl"));
	{
		FILE *fp = fopen(path, "r");
		char chunk[4096];
		size_t n;

		while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
			buf_add(&b, chunk, n);
		fclose(fp);
	}
	ck_assert_msg(strstr(b.data, "sekret-123") == NULL, "a secret in it");
	ck_assert(strstr(b.data, "[redacted]") != NULL);
	sf = session_load(path, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->nframes, 5);
	ck_assert_int_eq(sf->nevents, 7);
	ck_assert_int_eq(sf->ended, 1);
	ck_assert_int_eq(sf->truncated, 0);
	ck_assert_str_eq(session_str(sf->header, "operator"), "dina");
	st = session_frame(sf, 1, &cause);
	ck_assert_str_eq(S(st), "{\"res\":{\"processing\":{\"gate\":"
	    "\"processing\",\"verdict\":\"FAIL\",\"age\":0}},\"rate\":[0.5],"
	    "\"host\":\"h:1\"}");
	/* Back and forth: the same states. */
	st = session_frame(sf, 4, &cause);
	ck_assert(strstr(S(st), "\"PASS\"") != NULL);
	st = session_frame(sf, 0, &cause);
	ck_assert(strstr(S(st), "\"PASS\"") != NULL);
	ck_assert_ptr_null(session_frame(sf, 5, &cause));
	free(cause);
	session_free(sf);
	buf_free(&b);
	free(path);
	unit_rm_tree(dir);
}
END_TEST

START_TEST(cut_last_line_reads_up_to_it)
{
	char *path, *cause = NULL, *cmd;
	struct session_file *sf;

	ck_assert_ptr_nonnull(scratch());
	write_session("sekret-123");
	path = only_file("prod_eu");
	/* What kill -9 in the middle of a write leaves: half a line. */
	cmd = xasprintf("head -n 6 %s > %s.t && printf '{\"at\":\"2026-12-04T0"
	    "2:14' >> %s.t && mv %s.t %s", path, path, path, path, path);
	ck_assert_int_eq(system(cmd), 0);
	sf = session_load(path, &cause);
	ck_assert_msg(sf != NULL, "%s", cause);
	ck_assert_int_eq(sf->truncated, 1);
	ck_assert_int_eq(sf->ended, 0);
	ck_assert_int_eq(sf->nframes, 4);
	ck_assert_ptr_nonnull(session_frame(sf, 3, &cause));
	session_free(sf);
	free(cmd);
	free(path);
	unit_rm_tree(dir);
}
END_TEST

START_TEST(rotates_at_the_cap)
{
	struct session_rec *r;
	char *cause = NULL, *cmd;
	json_object *f;
	FILE *p;
	char line[64] = "";

	ck_assert_ptr_nonnull(scratch());
	setenv("INGESTGATE_SESSION_MAX_BYTES", "2048", 1);
	r = session_rec_open(dir, NULL, "eko", T0, NULL, &cause);
	for (int i = 0; i < 60; i++) {
		char *t = xasprintf("{\"n\":%d,\"pad\":\"%040d\"}", i, i);

		f = J(t);
		ck_assert_int_eq(session_rec_frame(r, T0 + i, f, NULL, &cause), 0);
		json_object_put(f);
		free(t);
	}
	session_rec_close(r, T0 + 61, "quit");
	unsetenv("INGESTGATE_SESSION_MAX_BYTES");
	cmd = xasprintf("ls %s/sessions/default | wc -l", dir);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
	pclose(p);
	ck_assert_int_ge(atoi(line), 2);
	free(cmd);
	{
		/* Each part reads on its own, from a whole first frame. */
		char *path = xasprintf("%s/sessions/default/"
		    "20261204T021300Z-part2.jsonl", dir);
		struct session_file *sf = session_load(path, &cause);

		ck_assert_msg(sf != NULL, "%s", cause);
		ck_assert_ptr_nonnull(session_frame(sf, 0, &cause));
		ck_assert_int_eq(session_str(sf->header, "part") == NULL, 1);
		session_free(sf);
		free(path);
	}
	unit_rm_tree(dir);
}
END_TEST

/* The write-up, line by line. */
static void
check_lines(const char *got, const char *const *want)
{
	char *copy = xstrdup(got), *save = NULL, *line;
	int i = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), i++) {
		ck_assert_msg(want[i] != NULL, "extra line %d: %s", i + 1, line);
		ck_assert_msg(strcmp(line, want[i]) == 0,
		    "line %d:\n got  %s\n want %s", i + 1, line, want[i]);
	}
	ck_assert_msg(want[i] == NULL, "missing line %d: %s", i + 1, want[i]);
	free(copy);
}

START_TEST(report_line_by_line)
{
	char *path, *cause = NULL, *out, *file_line;
	struct session_file *sf;

	ck_assert_ptr_nonnull(scratch());
	write_session("sekret-123");
	path = only_file("prod_eu");
	sf = session_load(path, &cause);
	out = session_report(sf, SREP_MD, 0);
	file_line = xasprintf("Recorded by dina on core-api h:1, batch F-1, "
	    "2026-12-04T02:13:00Z to 2026-12-04T02:13:50Z (0 min); file %s",
	    path);
	{
		const char *const want[] = {
			"# Incident notes: prod/eu 2026-12-04T02:13:00Z",
			file_line,
			"## When it started",
			"- 02:13:10Z processing FAIL PROCESSING_SUCCESS_RATE_LOW",
			"## What failed and when it flipped",
			"- processing: FAIL PROCESSING_SUCCESS_RATE_LOW at "
			    "02:13:10Z, cleared at 02:13:40Z",
			"## Playbook steps run",
			"- 02:13:21Z live check PROCESSING_SUCCESS_RATE_LOW step 2: "
			    "failed - FAIL with token [redacted] (dina)",
			"## Gates run",
			"- 02:13:30Z ran processing: FAIL PROCESSING_SUCCESS_RATE_LOW"
			    " (report reports/gates/ingest-processing/p.md) (dina)",
			"## Replays",
			"- none",
			"## Who did what",
			"- dina: 1 gate run(s), 1 step check(s), 0 replay action(s),"
			    " 1 playbook(s) opened",
			"## Timeline",
			"- 02:13:00Z processing (start) -> PASS",
			"- 02:13:10Z processing PASS -> FAIL "
			    "PROCESSING_SUCCESS_RATE_LOW",
			"- 02:13:20Z playbook opened for PROCESSING_SUCCESS_RATE_LOW",
			"- 02:13:21Z live check PROCESSING_SUCCESS_RATE_LOW step 2: "
			    "failed - FAIL with token [redacted]",
			"- 02:13:30Z ran processing: FAIL PROCESSING_SUCCESS_RATE_LOW"
			    " (report reports/gates/ingest-processing/p.md)",
			"- 02:13:40Z processing FAIL -> PASS",
			"- 02:13:50Z session ended (quit)",
			NULL
		};

		check_lines(out, want);
	}
	free(out);
	out = session_report(sf, SREP_TEXT, 1);
	ck_assert(strstr(out, "Catatan insiden: prod/eu 2026-12-04T02:13:00Z\n"));
	ck_assert(strstr(out, "\nApa yang gagal dan kapan berubah\n- processing: "
	    "FAIL PROCESSING_SUCCESS_RATE_LOW at 02:13:10Z, pulih pada "
	    "02:13:40Z\n"));
	ck_assert(strstr(out, "- dina: 1 gate dijalankan, 1 cek langkah, 0 aksi "
	    "replay, 1 playbook dibuka\n"));
	free(out);
	out = session_report(sf, SREP_JSON, 0);
	{
		json_object *o = J(out), *a, *x;

		ck_assert(json_object_object_get_ex(o, "failures", &a));
		ck_assert_int_eq(json_object_array_length(a), 1);
		x = json_object_array_get_idx(a, 0);
		ck_assert_str_eq(session_str(x, "failedAt"),
		    "2026-12-04T02:13:10Z");
		ck_assert_str_eq(session_str(x, "clearedAt"),
		    "2026-12-04T02:13:40Z");
		json_object_put(o);
	}
	free(out);
	free(file_line);
	session_free(sf);
	free(path);
	unit_rm_tree(dir);
}
END_TEST

/* Hand-over: steps checked off by an ok live check or by a key, per code,
 * from the newest recording of the same batch but this console's own. */
static void
steps_session(const char *batch, time_t t, const char *by, int ok2)
{
	struct session_rec *r;
	char *cause = NULL, *h = xasprintf("{\"batch\":\"%s\"}", batch);
	json_object *ev;

	r = session_rec_open(dir, NULL, by, t, J(h), &cause);
	ck_assert_msg(r != NULL, "%s", cause);
	ev = J("{\"type\":\"live\",\"code\":\"DLQ_GROWTH_HIGH\",\"step\":3,"
	    "\"ok\":true}");
	session_rec_event(r, t + 1, ev, &cause);
	json_object_put(ev);
	ev = J(ok2 ? "{\"type\":\"live\",\"code\":\"DLQ_GROWTH_HIGH\","
	    "\"step\":2,\"ok\":true}" : "{\"type\":\"live\",\"code\":"
	    "\"DLQ_GROWTH_HIGH\",\"step\":2,\"ok\":false}");
	session_rec_event(r, t + 2, ev, &cause);
	json_object_put(ev);
	ev = J("{\"type\":\"step\",\"code\":\"DLQ_GROWTH_HIGH\",\"step\":1,"
	    "\"by\":\"dina\"}");
	session_rec_event(r, t + 3, ev, &cause);
	json_object_put(ev);
	session_rec_close(r, t + 4, "quit");
	free(h);
}

START_TEST(handover_steps_of_the_last_session)
{
	struct session_steps st[4];
	char file[512], *self, *folder;
	int n;

	ck_assert_ptr_nonnull(scratch());
	steps_session("B-1", T0, "ana", 1);		/* older, all three */
	steps_session("B-2", T0 + 100, "eko", 1);	/* another batch */
	steps_session("B-1", T0 + 200, "dina", 0);	/* the last of B-1 */
	steps_session("B-1", T0 + 300, "me", 1);	/* this console's own */
	self = xasprintf("%s/sessions/default/20261204T021800Z.jsonl", dir);
	folder = xasprintf("%s/sessions/default", dir);
	n = session_handover_find(folder, self, "B-1", st, 4, file,
	    sizeof file);
	ck_assert_int_eq(n, 1);
	ck_assert(strstr(file, "20261204T021620Z.jsonl") != NULL);
	ck_assert_str_eq(st[0].code, "DLQ_GROWTH_HIGH");
	/* Step 2's check failed: not done. */
	ck_assert_int_eq(st[0].nsteps, 2);
	ck_assert_int_eq(st[0].steps[0], 1);
	ck_assert_int_eq(st[0].steps[1], 3);
	ck_assert_str_eq(st[0].by, "dina");
	ck_assert_int_eq(st[0].at, T0 + 203);
	n = session_handover_find(folder, self, "B-9", st, 4, file,
	    sizeof file);
	ck_assert_int_eq(n, 0);
	free(folder);
	free(self);
	unit_rm_tree(dir);
}
END_TEST

static Suite *
session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, delta_quiet_frame_is_empty);
	tcase_add_test(tc, delta_nested_change_only);
	tcase_add_test(tc, delta_removed_and_added_keys);
	tcase_add_test(tc, delta_sliding_history);
	tcase_add_test(tc, delta_nulls_and_types);
	tcase_add_test(tc, delta_refuses_a_misfit);
	tcase_add_test(tc, record_and_read_back);
	tcase_add_test(tc, cut_last_line_reads_up_to_it);
	tcase_add_test(tc, rotates_at_the_cap);
	tcase_add_test(tc, report_line_by_line);
	tcase_add_test(tc, handover_steps_of_the_last_session);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(session_suite)
